"""Every API error as an RFC 9457 problem document (``application/problem+json``).

Clients get the same shape for every failure: ``type``, ``title``, ``status``,
``detail``, ``instance``, and for invalid input the list of ``erreurs`` per field.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.schema import Schema

from activite.services import ActionImpossible
from noyau.problemes import TITRES, TYPE_PROBLEME, probleme  # noqa: F401 (re-exported)

from .rules import CurseurInvalide

journal = logging.getLogger(__name__)


class ErreurChamp(Schema):
    champ: str
    message: str


class Probleme(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    erreurs: list[ErreurChamp] | None = None


class ParametreInconnu(Exception):
    """A query parameter the route does not know (message: their names)."""


class PorteeRefusee(Exception):
    """The token is valid but does not carry the scope (or its owner the role)."""


def _champ(erreur: dict) -> str:
    loc = [str(p) for p in erreur.get("loc", ()) if p not in ("body", "query", "path", "payload")]
    return ".".join(loc) or "requête"


def installer(api) -> None:
    def validation(request, exc: ValidationError):
        erreurs = [{"champ": _champ(e), "message": str(e.get("msg", ""))} for e in exc.errors]
        return probleme(request, 422, "Certaines valeurs sont invalides.", erreurs)

    def authentification(request, exc):
        return probleme(
            request,
            401,
            "Jeton absent, inconnu, expiré ou révoqué. En-tête attendu : "
            "« Authorization: Bearer <identifiant>:<secret> ».",
            entetes={"WWW-Authenticate": 'Bearer realm="api"'},
        )

    def debit(request, exc: Throttled):
        attente = max(1, int(exc.wait or 1))
        return probleme(
            request,
            429,
            f"Limite de débit atteinte : réessayez dans {attente} seconde(s).",
            entetes={"Retry-After": str(attente)},
        )

    def http(request, exc: HttpError):
        statut = exc.status_code if exc.status_code in TITRES else 400
        return probleme(request, statut, str(exc))

    def interne(request, exc: Exception):
        if isinstance(exc, OperationalError | InterfaceError):
            # The database is unreachable: a 503 a client may retry (with the same
            # Idempotency-Key for a write), not a bug.
            journal.warning("API : base de données injoignable (%s)", exc)
            return probleme(
                request,
                503,
                "La base de données est momentanément injoignable : réessayez dans 30 secondes "
                "(avec le même en-tête Idempotency-Key pour une écriture).",
                entetes={"Retry-After": "30"},
            )
        journal.exception("Erreur de l’API", exc_info=exc)
        return probleme(request, 500, "Une erreur inattendue s’est produite.")

    api.add_exception_handler(Exception, interne)
    api.add_exception_handler(HttpError, http)
    api.add_exception_handler(AuthenticationError, authentification)
    api.add_exception_handler(Throttled, debit)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(Http404, lambda r, e: probleme(r, 404, "Ressource introuvable."))
    api.add_exception_handler(PorteeRefusee, lambda r, e: probleme(r, 403, str(e)))
    api.add_exception_handler(CurseurInvalide, lambda r, e: probleme(r, 400, str(e)))
    api.add_exception_handler(
        ParametreInconnu,
        lambda r, e: probleme(
            r,
            422,
            f"Paramètre inconnu : {e}.",
            [{"champ": nom, "message": "paramètre inconnu"} for nom in str(e).split(", ")],
        ),
    )
    api.add_exception_handler(
        ActionImpossible,
        lambda r, e: probleme(r, 422, str(e), [{"champ": "requête", "message": str(e)}]),
    )
