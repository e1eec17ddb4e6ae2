"""Fuzzing of the API against its own OpenAPI schema (schemathesis, in-process WSGI).

Every operation receives generated requests with a token holding every scope, on a
small data set; a response must never be a server error nor break the schema (status
codes, content types, bodies, headers). Bounded: FUZZ_EXEMPLES examples per operation.
Run alone with ``scripts/fuzz_api.sh``.
"""

import os
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from activite import services as activite_services
from activite.tests.factories import LieuFactory, donnees_collectif
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.models import Convention, Poste
from structures.tests.factories import StructureFactory

from .. import services
from ..choix import Scope
from ..v1 import api

EXEMPLES = int(os.environ.get("FUZZ_EXEMPLES", "25"))

# A schema-valid request may still be refused by a business rule (422: a place that is
# not yours, a date in the future) or carry a stale cursor (400): documented answers.
CONFIGURATION = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "404", "422"]},
        }
    }
)
schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1"), config=CONFIGURATION
)
schema.app = get_wsgi_application()


@pytest.fixture
def connexion_conservee():
    """The WSGI handler closes the database connection after each request, which would
    end the test's transaction: keep it open, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def jeton(db, settings, connexion_conservee):
    """A small data set and a token with every scope (owner: advisor and operator)."""
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_DEBIT = "100000/min"
    structure = StructureFactory()
    conseiller = habilitation(Role.CONSEILLER, structure=structure).utilisateur
    habilitation(Role.OPERATEUR, utilisateur=conseiller)
    lieu = LieuFactory(conseiller=conseiller, structure=structure, visible_cartographie=True)
    LieuFactory(visible_cartographie=True)
    activite_services.creer_activite(conseiller, donnees_collectif(participants=5, lieu=lieu))
    convention = Convention.objects.create(
        structure=structure, date_decision=timezone.localdate() - timedelta(days=30)
    )
    Poste.objects.create(
        convention=convention,
        structure=structure,
        date_attribution=timezone.localdate() - timedelta(days=30),
        recruter_avant=timezone.localdate() + timedelta(days=60),
    )
    client, secret = services.creer_client(
        nom="Fuzz",
        proprietaire=conseiller,
        scopes=list(Scope.values),
        expire_le=timezone.now() + timedelta(days=1),
    )
    return f"{client.identifiant}:{secret}"


@schema.parametrize()
@settings(
    max_examples=EXEMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforme_a_son_schema(case, jeton):
    case.call_and_validate(headers={"Authorization": f"Bearer {jeton}"})
