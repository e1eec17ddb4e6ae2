"""Search and proximity on small data built with the factories (no real file loaded here)."""

import pytest

from territoires.models import Commune
from territoires.selectors import communes_proches, rechercher_communes
from territoires.tests.factories import CommuneFactory, DepartementFactory, RegionFactory

pytestmark = pytest.mark.django_db


def codes(communes):
    return [c.code_insee for c in communes]


def test_recherche_avec_les_factories():
    loire = DepartementFactory(code="42", nom="Loire", region=RegionFactory(code="84"))
    CommuneFactory(code_insee="42218", nom="Saint-Étienne", departement=loire, population=170000)
    CommuneFactory(code_insee="42100", nom="Saint-Étienne-le-Molard", departement=loire)
    CommuneFactory(code_insee="42001", nom="Roanne", departement=loire, population=34000)

    assert codes(rechercher_communes("saint etienne")) == ["42218", "42100"]
    assert codes(rechercher_communes("roane")) == ["42001"]
    assert Commune.objects.get(code_insee="42218").nom_recherche == "saint etienne"


def test_factories_par_defaut():
    commune = CommuneFactory()
    autre = CommuneFactory(departement=commune.departement)
    assert commune.code_insee != autre.code_insee
    assert len(commune.code_insee) == 5
    assert commune.code_insee.startswith(commune.departement.code)
    assert len(commune.codes_postaux[0]) == 5
    assert commune.departement.region is not None
    outre_mer = CommuneFactory(departement__code="971", departement__outre_mer=True)
    assert len(outre_mer.code_insee) == 5 and outre_mer.code_insee.startswith("971")
    corse = CommuneFactory(departement__code="2A")
    assert corse.codes_postaux[0].startswith("20")


def test_communes_proches_de_part_et_d_autre_de_l_antimeridien():
    departement = DepartementFactory(code="986")
    est = CommuneFactory(departement=departement, latitude=-14.0, longitude=179.95)
    ouest = CommuneFactory(departement=departement, latitude=-14.0, longitude=-179.95)
    CommuneFactory(departement=departement, latitude=-14.0, longitude=-179.0)  # ~108 km

    proches = communes_proches(-14.0, 179.99, 20)

    assert codes(proches) == [est.code_insee, ouest.code_insee]
    assert proches[0].distance_km == pytest.approx(4.3, abs=0.1)
    assert communes_proches(-14.0, 179.99, -1) == []


def test_admin_recherche_par_nom_code_postal_et_code_insee(rf):
    from django.contrib import admin

    from territoires.admin import CommuneAdmin

    departement = DepartementFactory(code="42")
    etienne = CommuneFactory(
        code_insee="42218", nom="Saint-Étienne", departement=departement, codes_postaux=["42000"]
    )
    CommuneFactory(code_insee="42001", nom="Roanne", departement=departement)
    modele_admin = CommuneAdmin(Commune, admin.site)
    requete = rf.get("/")

    def chercher(terme):
        resultats, _doublons = modele_admin.get_search_results(
            requete, Commune.objects.all(), terme
        )
        return list(resultats)

    assert chercher("saint-étienne") == [etienne]
    assert chercher("42000") == [etienne]
    assert chercher("42218") == [etienne]
    assert not modele_admin.has_add_permission(requete)
    assert not modele_admin.has_delete_permission(requete, etienne)
