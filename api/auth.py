"""Bearer tokens ``<identifiant>:<secret>`` checked against the stored fingerprint.

Each route names the scope it needs; a valid token without that scope (or whose owner
lost the role the scope requires) gets 403, an unknown/expired/revoked one 401.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from . import rules
from .choix import ROLES_REQUIS, Scope
from .models import ClientApi, CompteurDebit
from .problemes import PorteeRefusee

_EMPREINTE_LEURRE = rules.empreinte("leurre")


class Jeton(HttpBearer):
    def __init__(self, scope: Scope):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        morceaux = rules.decouper_jeton(token)
        if morceaux is None:
            return None
        identifiant, secret = morceaux
        client = (
            ClientApi.objects.select_related("proprietaire")
            .filter(identifiant=identifiant[:40])
            .first()
        )
        # Compare even when the client is unknown, so timing does not reveal identifiers.
        valide = rules.secret_correspond(
            secret, client.empreinte_secret if client else _EMPREINTE_LEURRE
        )
        if client is None or not valide or not client.utilisable(timezone.now()):
            return None
        if self.scope not in client.scopes:
            raise PorteeRefusee(
                f"Ce jeton n’a pas l’autorisation « {self.scope.value} » requise par cette route."
            )
        roles = ROLES_REQUIS.get(self.scope)
        if (
            roles
            and not client.proprietaire.habilitations.filter(role__in=roles, active=True).exists()
        ):
            raise PorteeRefusee(
                "Le propriétaire de ce jeton n’a plus le rôle requis par cette autorisation."
            )
        request.client_api = client
        return client


class DebitParClient(BaseThrottle):
    """Requests per client (per IP address before authentication), at the ``API_DEBIT``
    rate ("600/min" by default), read at each call so that it can change without a restart.

    The counter is a table (``CompteurDebit``, created by ``migrate``) updated by one atomic
    upsert: every gunicorn worker and every server counts against the same figure, which
    a per-process cache could not do, nor a shared cache table (ninja's throttle reads the
    history, then writes it back: concurrent requests overwrite each other). Nothing is
    kept on the instance, which all requests and threads share."""

    def __init__(self):
        self._local = threading.local()

    def _cle(self, request) -> str:
        client = getattr(request, "auth", None)
        if isinstance(client, ClientApi):
            return f"client:{client.pk}"
        return f"ip:{self.get_ident(request)}"[:120]

    def allow_request(self, request) -> bool:
        nombre_max, duree = rules.lire_debit(getattr(settings, "API_DEBIT", "600/min"))
        nombre, reste = CompteurDebit.objects.compter(self._cle(request), duree)
        self._local.attente = reste
        return nombre <= nombre_max

    def wait(self) -> float | None:
        return getattr(self._local, "attente", None)


def acces(scope: Scope) -> dict:
    """Route options: the token check for ``scope``, and the scope named in OpenAPI."""
    return {"auth": Jeton(scope), "openapi_extra": {"x-autorisation": scope.value}}
