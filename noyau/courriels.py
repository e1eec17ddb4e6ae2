"""E-mails are rendered from templates here and always sent through the task queue."""

from django.conf import settings
from django.template.loader import render_to_string

from conum.taches import differer

from .tasks import envoyer_courriel


def envoyer(destinataires: list[str] | str, sujet: str, gabarit: str, contexte: dict) -> None:
    """Render ``<gabarit>.txt`` and send it after the current transaction commits."""
    if isinstance(destinataires, str):
        destinataires = [destinataires]
    contexte = {"site_url": settings.SITE_URL, **contexte}
    texte = render_to_string(f"{gabarit}.txt", contexte)
    differer(
        envoyer_courriel,
        destinataires=list(destinataires),
        sujet=f"[Conseiller numérique] {sujet}",
        texte=texte,
    )
