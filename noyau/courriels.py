"""E-mails are rendered from templates here and always sent through the task queue.

Every e-mail of the platform goes through ``envoyer``: it renders ``<gabarit>.txt`` (and
``<gabarit>.html`` when the app ships one, else an HTML version of the text), adds the
programme's mandatory mention to both, and defers the sending job, which procrastinate
retries with back-off (``conum.taches.REESSAIS``). ``catalogue()`` lists every template of
every app, for the page that shows them all in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import escape, linebreaks

from conum.taches import differer

from .tasks import envoyer_courriel

PREFIXE_SUJET = "[Conseiller numérique]"
# Communication rule of the programme [001 §III.3]: every message carries this mention.
MENTION_OBLIGATOIRE = (
    "Opération soutenue par l’État dans le cadre du dispositif "
    "Conseiller numérique France Services."
)
_URL = re.compile(r"(https?://[^\s<]+)")


def _html_depuis_texte(texte: str) -> str:
    """The plain text as simple HTML: paragraphs, and links that can be clicked."""
    corps = linebreaks(escape(texte))
    return _URL.sub(r'<a href="\1">\1</a>', corps)


def rendre(gabarit: str, contexte: dict) -> tuple[str, str]:
    """(plain text, HTML) of a template, both ending with the mandatory mention."""
    contexte = {"site_url": settings.SITE_URL, **contexte}
    texte = render_to_string(f"{gabarit}.txt", contexte).strip()
    try:
        corps_html = render_to_string(f"{gabarit}.html", contexte)
    except TemplateDoesNotExist:
        corps_html = _html_depuis_texte(texte)
    texte = f"{texte}\n\n--\n{MENTION_OBLIGATOIRE}\n{settings.SITE_URL}\n"
    html = render_to_string(
        "noyau/courriels/base.html",
        {"corps": corps_html, "mention": MENTION_OBLIGATOIRE, "site_url": settings.SITE_URL},
    )
    return texte, html


def envoyer(destinataires: list[str] | str, sujet: str, gabarit: str, contexte: dict) -> None:
    """Render ``<gabarit>`` and send it after the current transaction commits."""
    if isinstance(destinataires, str):
        destinataires = [destinataires]
    texte, html = rendre(gabarit, contexte)
    differer(
        envoyer_courriel,
        destinataires=list(destinataires),
        sujet=f"{PREFIXE_SUJET} {sujet}",
        texte=texte,
        html=html,
    )


@dataclass(frozen=True)
class Modele:
    gabarit: str  # "app/courriels/nom", as passed to envoyer()
    application: str
    description: str
    html: bool  # the app ships its own HTML version

    @property
    def nom(self) -> str:
        return self.gabarit.rsplit("/", 1)[-1].replace("_", " ")


_DESCRIPTION = re.compile(r"\{#\s*(.*?)\s*#\}")


def catalogue() -> list[Modele]:
    """Every e-mail template of every installed app (``templates/<app>/courriels/*.txt``)."""
    modeles = []
    for config in apps.get_app_configs():
        dossier = Path(config.path) / "templates"
        for fichier in sorted(dossier.glob("*/courriels/*.txt")):
            gabarit = str(fichier.relative_to(dossier).with_suffix(""))
            debut = fichier.read_text(encoding="utf-8")[:500]
            trouve = _DESCRIPTION.search(debut)
            modeles.append(
                Modele(
                    gabarit=gabarit,
                    application=config.verbose_name,
                    description=trouve.group(1) if trouve else "",
                    html=fichier.with_suffix(".html").exists(),
                )
            )
    return modeles
