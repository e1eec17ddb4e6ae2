"""API clients for tests: ``client, jeton = client_api([Scope.LIEUX])`` then
``api_get(client_http, "/api/v1/lieux", jeton)``."""

from datetime import timedelta

from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation

from .. import services
from ..choix import Scope

ROLE_DU_PROPRIETAIRE = {Scope.CONVENTIONS: Role.OPERATEUR, Scope.ACTIVITES: Role.CONSEILLER}


def client_api(scopes, proprietaire=None, **kwargs):
    """A client and its bearer token; the owner gets the roles the scopes require."""
    if proprietaire is None:
        proprietaire = UtilisateurFactory()
        roles = {ROLE_DU_PROPRIETAIRE[s] for s in scopes if s in ROLE_DU_PROPRIETAIRE}
        for role in sorted(roles):
            if role == Role.CONSEILLER:
                from structures.tests.factories import StructureFactory

                habilitation(role, utilisateur=proprietaire, structure=StructureFactory())
            else:
                habilitation(role, utilisateur=proprietaire)
    client, secret = services.creer_client(
        nom=kwargs.pop("nom", "Partenaire"),
        proprietaire=proprietaire,
        scopes=list(scopes),
        expire_le=kwargs.pop("expire_le", timezone.now() + timedelta(days=365)),
        **kwargs,
    )
    return client, f"{client.identifiant}:{secret}"


def entetes(jeton: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {jeton}"}
