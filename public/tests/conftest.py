"""Fixtures of the public pages: a few public places around Bordeaux, with real positions
(distances are checked against the haversine formula, not against the test data)."""

import pytest

from activite.tests.factories import LieuFactory, conseiller_numerique
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture(autouse=True)
def _mots_de_passe_rapides(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def gironde(db):
    departement = DepartementFactory(code="33", nom="Gironde")
    communes = {
        "bordeaux": CommuneFactory(
            departement=departement,
            code_insee="33063",
            nom="Bordeaux",
            codes_postaux=["33000", "33100"],
            population=260000,
            latitude=44.8378,
            longitude=-0.5792,
        ),
        "merignac": CommuneFactory(
            departement=departement,
            code_insee="33281",
            nom="Mérignac",
            codes_postaux=["33700"],
            latitude=44.8386,
            longitude=-0.6436,
        ),
        "libourne": CommuneFactory(
            departement=departement,
            code_insee="33243",
            nom="Libourne",
            codes_postaux=["33500"],
            latitude=44.9153,
            longitude=-0.2439,
        ),
        "arcachon": CommuneFactory(
            departement=departement,
            code_insee="33009",
            nom="Arcachon",
            codes_postaux=["33120"],
            latitude=44.6586,
            longitude=-1.1689,
        ),
    }
    return {"departement": departement, **communes}


def lieu_public(commune, **kwargs):
    """A place its advisor made visible on the map, at the commune's point."""
    if "conseiller" not in kwargs:
        structure = StructureFactory(departement=commune.departement, commune=commune)
        kwargs["conseiller"] = conseiller_numerique(structure=structure)
        kwargs.setdefault("structure", structure)
    kwargs.setdefault("visible_cartographie", True)
    return LieuFactory(commune=commune, **kwargs)


@pytest.fixture
def lieux(gironde):
    return {
        "bordeaux": lieu_public(
            gironde["bordeaux"],
            nom="Médiathèque Mériadeck",
            services=["Aide aux démarches administratives"],
            frais_a_charge=["Gratuit"],
            horaires="Mo-Fr 09:00-12:00,14:00-17:00",
        ),
        "merignac": lieu_public(
            gironde["merignac"],
            nom="France Services Mérignac",
            services=["Maîtrise des outils numériques du quotidien"],
            frais_a_charge=["Payant"],
            horaires="Sa 09:00-12:00",
        ),
        "libourne": lieu_public(gironde["libourne"], nom="Mairie de Libourne", horaires=""),
        "arcachon": lieu_public(
            gironde["arcachon"],
            nom="Espace numérique Arcachon",
            services=["Aide aux démarches administratives"],
            frais_a_charge=["Gratuit"],
        ),
    }


@pytest.fixture(autouse=True)
def _cache_vide():
    """Map counts are cached: each test starts from an empty cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
