import pytest

from conventions import conditions
from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture(autouse=True)
def stockage_temporaire(settings, tmp_path):
    """Pieces are written to a temporary folder, one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sans_conditions(monkeypatch):
    """Payment conditions of other apps (training enrolment…) left out, so that a test sees
    only the rule it checks; ``test_conditions`` registers its own."""
    monkeypatch.setattr(conditions, "_CONDITIONS", [])
    return conditions


@pytest.fixture
def gironde(db):
    return DepartementFactory(code="33", nom="Gironde")


@pytest.fixture
def bordeaux(gironde):
    return CommuneFactory(
        code_insee="33063", nom="Bordeaux", departement=gironde, latitude=44.84, longitude=-0.58
    )


@pytest.fixture
def merignac(gironde):
    return CommuneFactory(
        code_insee="33281", nom="Mérignac", departement=gironde, latitude=44.84, longitude=-0.64
    )
