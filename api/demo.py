"""Demo API clients with known secrets, printed in the summary so a tester can call the
API at once. Demo only: real clients get a random secret shown once in the admin.
Idempotent: the clients are found by name and their secret reset to the same value."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from comptes.models import Habilitation
from comptes.roles import Role

from . import rules
from .choix import Scope
from .models import ClientApi

CLIENTS = [
    (
        "Démo – partenaire (lecture)",
        Role.OPERATEUR,
        [Scope.LIEUX, Scope.CONSEILLERS, Scope.STRUCTURES, Scope.CONVENTIONS, Scope.STATISTIQUES],
        "cnfs_demo0lecture",
        "demo-secret-lecture-ne-pas-utiliser-en-production",
    ),
    (
        "Démo – conseiller (écriture de comptes rendus)",
        Role.CONSEILLER,
        [Scope.ACTIVITES, Scope.LIEUX],
        "cnfs_demo0conseiller",
        "demo-secret-conseiller-ne-pas-utiliser-en-production",
    ),
]


def creer(contexte: dict) -> None:
    resume = contexte.setdefault("resume", [])
    base = f"{settings.SITE_URL}/api/v1"
    resume.append(f"API partenaires : documentation {base}/documentation/")
    for nom, role, scopes, identifiant, secret in CLIENTS:
        habilitation = Habilitation.objects.filter(role=role, active=True).order_by("pk").first()
        if habilitation is None:
            continue
        ClientApi.objects.update_or_create(
            identifiant=identifiant,
            defaults={
                "nom": nom,
                "proprietaire": habilitation.utilisateur,
                "empreinte_secret": rules.empreinte(secret),
                "scopes": list(scopes),
                "valide_du": timezone.now() - timedelta(days=1),
                "expire_le": timezone.now() + timedelta(days=365),
                "revoque_le": None,
            },
        )
        resume.append(
            f"  {nom} ({habilitation.utilisateur.email}) : curl -H "
            f"'Authorization: Bearer {identifiant}:{secret}' {base}/lieux"
        )
