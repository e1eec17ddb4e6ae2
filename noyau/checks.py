"""Deployment checks (`manage.py check --deploy`) for what the settings cannot refuse alone."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def cle_secrete_de_l_environnement(app_configs, **kwargs):
    if getattr(settings, "SECRET_KEY_FROM_ENV", True):
        return []
    return [
        Warning(
            "SECRET_KEY n’est pas fournie par l’environnement : une clé locale de "
            "développement (.data/secret_key) est utilisée.",
            hint="Définissez SECRET_KEY, identique sur tous les serveurs.",
            id="conum.W001",
        )
    ]
