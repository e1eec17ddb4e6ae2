"""Issuing, renewing and revoking API clients: one transaction and one audit event each."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from comptes.journal import journaliser

from . import rules
from .choix import ROLES_REQUIS, Scope
from .models import ClientApi


class ClientRefuse(Exception):
    """The owner lacks a role a scope requires; the message is shown as is."""


def roles_manquants(proprietaire, scopes) -> list[str]:
    """The scopes whose required role the owner does not hold (active habilitation)."""
    roles = set(proprietaire.habilitations.filter(active=True).values_list("role", flat=True))
    return [s for s in scopes if s in ROLES_REQUIS and not roles & ROLES_REQUIS[s]]


def _verifier(proprietaire, scopes) -> None:
    manquants = roles_manquants(proprietaire, scopes)
    if manquants:
        libelles = ", ".join(Scope(s).label for s in manquants)
        raise ClientRefuse(f"Le propriétaire n’a pas le rôle requis pour : {libelles}.")


@transaction.atomic
def creer_client(
    *,
    nom: str,
    proprietaire,
    scopes: list[str],
    expire_le: datetime,
    valide_du: datetime | None = None,
    acteur=None,
    request=None,
) -> tuple[ClientApi, str]:
    """A new client and its secret (returned once, never stored in clear)."""
    scopes = list(dict.fromkeys(scopes))
    _verifier(proprietaire, scopes)
    secret = rules.nouveau_secret()
    client = ClientApi.objects.create(
        nom=nom,
        proprietaire=proprietaire,
        identifiant=rules.nouvel_identifiant(),
        empreinte_secret=rules.empreinte(secret),
        scopes=scopes,
        expire_le=expire_le,
        valide_du=valide_du or timezone.now(),
        secret_renouvele_le=timezone.now(),
    )
    journaliser(
        "api.client_cree",
        f"Client de l’API créé : {nom} ({', '.join(scopes)})",
        acteur=acteur,
        cible=client,
        details={"scopes": scopes, "expire_le": expire_le.isoformat()},
        request=request,
    )
    return client, secret


@transaction.atomic
def renouveler_secret(client: ClientApi, *, acteur=None, request=None) -> str:
    """A new secret; the old one stops working at once."""
    client = ClientApi.objects.select_for_update().get(pk=client.pk)
    secret = rules.nouveau_secret()
    client.empreinte_secret = rules.empreinte(secret)
    client.secret_renouvele_le = timezone.now()
    client.save(update_fields=["empreinte_secret", "secret_renouvele_le"])
    journaliser(
        "api.secret_renouvele",
        f"Secret du client de l’API renouvelé : {client.nom}",
        acteur=acteur,
        cible=client,
        request=request,
    )
    return secret


@transaction.atomic
def revoquer(client: ClientApi, *, acteur=None, request=None) -> None:
    client = ClientApi.objects.select_for_update().get(pk=client.pk)
    if client.revoque_le is not None:
        return
    client.revoque_le = timezone.now()
    client.save(update_fields=["revoque_le"])
    journaliser(
        "api.client_revoque",
        f"Client de l’API révoqué : {client.nom}",
        acteur=acteur,
        cible=client,
        request=request,
    )


@transaction.atomic
def modifier_client(client: ClientApi, *, acteur=None, request=None) -> ClientApi:
    """Save an edit made in the admin (name, scopes, dates), checking the owner's roles."""
    _verifier(client.proprietaire, client.scopes)
    client.save()
    journaliser(
        "api.client_modifie",
        f"Client de l’API modifié : {client.nom} ({', '.join(client.scopes)})",
        acteur=acteur,
        cible=client,
        details={"scopes": client.scopes, "expire_le": client.expire_le.isoformat()},
        request=request,
    )
    return client
