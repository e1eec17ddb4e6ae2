"""Security events written to the audit log: logins, failures, lock-outs, logouts.

Descriptions never embed an e-mail address: the author is the ``acteur`` foreign key, which
follows the account (anonymised when it is deleted). Failed attempts keep the identifier
typed, in ``details``, for the investigation of attacks.
"""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .journal import journaliser


@receiver(user_logged_in)
def connexion(sender, request, user, **kwargs):
    journaliser("securite.connexion", "Connexion", acteur=user, request=request)


@receiver(user_logged_out)
def deconnexion(sender, request, user, **kwargs):
    if user is not None:
        journaliser("securite.deconnexion", "Déconnexion", acteur=user, request=request)


@receiver(user_login_failed)
def echec(sender, credentials, request=None, **kwargs):
    identifiant = str(credentials.get("username", ""))[:254]
    journaliser(
        "securite.echec_connexion",
        f"Échec de connexion pour {identifiant}",
        details={"identifiant": identifiant},
        request=request,
    )


@receiver(user_locked_out)
def verrouillage(sender, request, username, ip_address, **kwargs):
    journaliser(
        "securite.verrouillage",
        f"Connexion bloquée après des échecs répétés pour {username}",
        details={"identifiant": username, "ip": ip_address},
        request=request,
    )
