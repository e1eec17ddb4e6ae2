"""E-mails are rendered from templates here and always sent through the task queue.

Every e-mail of the platform goes through ``envoyer`` (or ``envoyer_lot`` for many at
once). It writes one row per e-mail in the outbox (``noyau.CourrielSortant``: recipients,
subject, template, and the context with each model instance replaced by its identifier) and
defers one job that carries only the rows' ids. The worker (``expedier``) reloads the
objects, renders ``<gabarit>.txt`` (and ``<gabarit>.html`` when the app ships one, else an
HTML version of the text), adds the programme's mandatory mention to both, sends, and
deletes the row. So the task queue never holds an address, a name or a body; the outbox
holds them only until the e-mail leaves, and ``oublier`` drops the pending e-mails of an
address whose owner deleted her account. procrastinate retries with back-off
(``conum.taches.REESSAIS``); an e-mail that failed every attempt stays in the outbox
``RETENTION_JOURS`` days (for a retry), then the nightly purge deletes it.

Why an outbox rather than arguments: the e-mail is rendered when the job runs (the worker
does the rendering, the transaction only inserts small rows), a batch of e-mails is one
job with a list of ids (the committee's notifications), and the personal data lives in a
row that is deleted with its e-mail, not in the queue's history.

``catalogue()`` lists every template of every app, for the page that shows them all.
"""

from __future__ import annotations

import dataclasses
import importlib
import logging
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import escape, linebreaks

from conum.taches import differer

from .models import CourrielSortant
from .tasks import envoyer_courriels

journal = logging.getLogger(__name__)

# An e-mail that failed all its attempts stays this long in the outbox (and its job in the
# queue), long enough to notice and retry it; then the nightly purge deletes both.
RETENTION_JOURS = 14

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
    """Queue ``<gabarit>`` for the worker, which renders and sends it after the current
    transaction commits (nothing is queued if it rolls back)."""
    envoyer_lot([(destinataires, sujet, gabarit, contexte)])


def envoyer_lot(messages) -> None:
    """Queue many e-mails ``(destinataires, sujet, gabarit, contexte)`` as one job."""
    lignes = []
    for destinataires, sujet, gabarit, contexte in messages:
        if isinstance(destinataires, str):
            destinataires = [destinataires]
        if not destinataires:
            continue
        lignes.append(
            CourrielSortant(
                destinataires=list(destinataires),
                sujet=f"{PREFIXE_SUJET} {sujet}",
                gabarit=gabarit,
                contexte=coder(contexte),
            )
        )
    if not lignes:
        return
    CourrielSortant.objects.bulk_create(lignes)
    differer(envoyer_courriels, ids=[ligne.pk for ligne in lignes])


def oublier(adresse: str) -> int:
    """Drop the pending e-mails to ``adresse`` (its owner deleted her account)."""
    supprimes, _ = CourrielSortant.objects.filter(destinataires__contains=[adresse]).delete()
    return supprimes


def expedier(ids: list[int]) -> int:
    """The worker's side: render and send each pending e-mail of ``ids``, then delete it.

    Each e-mail is locked, sent and deleted in its own transaction: when the mail server
    fails half-way, the retry sends only what is left. An e-mail whose subject was deleted
    meanwhile (an object of its context is gone) is dropped. Returns the number sent."""
    envoyes = 0
    for pk in ids:
        with transaction.atomic():
            ligne = CourrielSortant.objects.select_for_update(skip_locked=True).filter(pk=pk)
            ligne = ligne.first()
            if ligne is None:  # sent already, forgotten, or being sent by another worker
                continue
            try:
                contexte = decoder(ligne.contexte)
            except Disparu as disparu:
                journal.info("Courriel %s abandonné : %s n’existe plus", pk, disparu)
                ligne.delete()
                continue
            texte, html = rendre(ligne.gabarit, contexte)
            message = EmailMultiAlternatives(
                subject=ligne.sujet, body=texte, to=list(ligne.destinataires)
            )
            message.attach_alternative(html, "text/html")
            message.send()
            ligne.delete()
            envoyes += 1
    return envoyes


# --- The context, by identifier -------------------------------------------------------------
class Disparu(Exception):
    """An object of a queued e-mail's context no longer exists."""


def coder(valeur):
    """A context as JSON, each saved model instance replaced by its identifier."""
    if valeur is None or isinstance(valeur, bool | int | float | str):
        return valeur
    if isinstance(valeur, models.Model):
        if valeur.pk is None:
            raise TypeError(f"Objet non enregistré dans un courriel : {valeur!r}")
        return {"$objet": valeur._meta.label, "pk": valeur.pk}
    if isinstance(valeur, datetime):
        return {"$datetime": valeur.isoformat()}
    if isinstance(valeur, date):
        return {"$date": valeur.isoformat()}
    if isinstance(valeur, Decimal):
        return {"$decimal": str(valeur)}
    if dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        classe = type(valeur)
        return {
            "$dataclass": f"{classe.__module__}:{classe.__qualname__}",
            "champs": {f.name: coder(getattr(valeur, f.name)) for f in dataclasses.fields(valeur)},
        }
    if isinstance(valeur, dict):
        return {str(cle): coder(v) for cle, v in valeur.items()}
    if isinstance(valeur, list | tuple | set | frozenset):
        return [coder(v) for v in valeur]
    if hasattr(valeur, "__html__") or type(valeur).__name__ == "__proxy__":
        return str(valeur)  # safe strings, lazy translations
    raise TypeError(f"Valeur impossible à mettre en file dans un courriel : {type(valeur)!r}")


def decoder(valeur, _cache=None):
    _cache = {} if _cache is None else _cache
    if isinstance(valeur, list):
        return [decoder(v, _cache) for v in valeur]
    if not isinstance(valeur, dict):
        return valeur
    if "$objet" in valeur:
        cle = (valeur["$objet"], valeur["pk"])
        if cle not in _cache:
            modele = apps.get_model(valeur["$objet"])
            try:
                _cache[cle] = modele._base_manager.get(pk=valeur["pk"])
            except modele.DoesNotExist:
                raise Disparu(f"{valeur['$objet']} n° {valeur['pk']}") from None
        return _cache[cle]
    if "$datetime" in valeur:
        return datetime.fromisoformat(valeur["$datetime"])
    if "$date" in valeur:
        return date.fromisoformat(valeur["$date"])
    if "$decimal" in valeur:
        return Decimal(valeur["$decimal"])
    if "$dataclass" in valeur:
        module, nom = valeur["$dataclass"].split(":")
        classe = importlib.import_module(module)
        for partie in nom.split("."):
            classe = getattr(classe, partie)
        if not dataclasses.is_dataclass(classe):
            raise TypeError(f"{nom} n’est pas une dataclass")
        return classe(**{k: decoder(v, _cache) for k, v in valeur["champs"].items()})
    return {cle: decoder(v, _cache) for cle, v in valeur.items()}


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


def purger_sortants(*, maintenant=None, executer: bool = False) -> int:
    """Delete the outbox rows older than ``RETENTION_JOURS`` (e-mails that failed every
    attempt); returns how many are (or would be) deleted."""
    from datetime import timedelta

    from django.utils import timezone

    limite = (maintenant or timezone.now()) - timedelta(days=RETENTION_JOURS)
    vieux = CourrielSortant.objects.filter(cree_le__lt=limite)
    if not executer:
        return vieux.count()
    return vieux.delete()[0]
