import pytest

from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture(autouse=True)
def stockage_temporaire(settings, tmp_path):
    """CVs are written to a temporary folder, one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    """These tests create many accounts and do not test password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def lieux(db):
    """Real places: Bordeaux, Mérignac (about 6 km away), Libourne (about 30 km), Lyon
    (about 435 km) and two overseas communes, Saint-Denis (La Réunion) and Pointe-à-Pitre
    (Guadeloupe)."""
    gironde = DepartementFactory(code="33", nom="Gironde")
    reunion = DepartementFactory(code="974", nom="La Réunion", outre_mer=True)
    guadeloupe = DepartementFactory(code="971", nom="Guadeloupe", outre_mer=True)
    return {
        "bordeaux": CommuneFactory(
            code_insee="33063",
            nom="Bordeaux",
            departement=gironde,
            codes_postaux=["33000", "33100"],
            latitude=44.8378,
            longitude=-0.5792,
        ),
        "merignac": CommuneFactory(
            code_insee="33281",
            nom="Mérignac",
            departement=gironde,
            codes_postaux=["33700"],
            latitude=44.8386,
            longitude=-0.6436,
        ),
        "libourne": CommuneFactory(
            code_insee="33243",
            nom="Libourne",
            departement=gironde,
            codes_postaux=["33500"],
            latitude=44.9153,
            longitude=-0.2433,
        ),
        "lyon": CommuneFactory(
            code_insee="69123",
            nom="Lyon",
            departement=DepartementFactory(code="69", nom="Rhône"),
            codes_postaux=["69001"],
            latitude=45.7640,
            longitude=4.8357,
        ),
        "saint_denis": CommuneFactory(
            code_insee="97411",
            nom="Saint-Denis",
            departement=reunion,
            codes_postaux=["97400"],
            latitude=-20.8821,
            longitude=55.4507,
        ),
        "pointe_a_pitre": CommuneFactory(
            code_insee="97120",
            nom="Pointe-à-Pitre",
            departement=guadeloupe,
            codes_postaux=["97110"],
            latitude=16.2411,
            longitude=-61.5331,
        ),
    }
