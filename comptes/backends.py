from django.contrib.auth.backends import ModelBackend


class AuthentificationBackend(ModelBackend):
    """Lets the login form tell "address not confirmed yet" from "wrong password".

    A correct password on an inactive account authenticates, so the form can explain why the
    login is refused; the form then refuses it. Sessions still require an active account.
    """

    def user_can_authenticate(self, user):
        return True

    def get_user(self, user_id):
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None


# django-axes keeps the typed identifier in a 255-character column: a longer one would
# fail to be recorded, and so escape the count of failures. Cut, it is counted.
LONGUEUR_IDENTIFIANT_AXES = 255


def identifiant_axes(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the identifier of the attempt, as axes can store it."""
    if credentials:
        identifiant = credentials.get("username")
    else:
        identifiant = getattr(request, "POST", {}).get("username")
    return None if identifiant is None else str(identifiant)[:LONGUEUR_IDENTIFIANT_AXES]
