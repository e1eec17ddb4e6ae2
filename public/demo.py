"""Demo open-data files, generated from the demo places and reports (idempotent)."""

from django.conf import settings

from .donnees_ouvertes import generer


def creer(contexte: dict) -> None:
    manifeste = generer()
    resume = contexte.setdefault("resume", [])
    resume.append(
        f"Carte publique : {settings.SITE_URL}/trouver-un-conseiller/ ; données ouvertes : "
        f"{manifeste['lieux']} lieu(x) publié(s) sur {settings.SITE_URL}/donnees-ouvertes/"
    )
