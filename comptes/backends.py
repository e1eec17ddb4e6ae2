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
