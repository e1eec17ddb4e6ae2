"""The demo gives the demo advisors places, beneficiaries and reports; twice is once."""

import pytest
from django.core.management import call_command

from territoires.tests.factories import CommuneFactory, DepartementFactory

from .. import agregats
from ..models import Activite, Beneficiaire, Lieu

COMMUNES = {
    "33063": "33",
    "33281": "33",
    "69123": "69",
    "93066": "93",
    "97411": "974",
    "59350": "59",
}


@pytest.fixture
def territoires_minimaux(db):
    for code in ("24", "40", "47", "64"):
        DepartementFactory(code=code)
    for insee, dep in COMMUNES.items():
        CommuneFactory(code_insee=insee, departement=DepartementFactory(code=dep))


@pytest.mark.django_db
def test_demo_de_l_activite_idempotente_et_coherente(territoires_minimaux, capsys):
    call_command("seed_demo")
    assert "Activité : 360 comptes rendus" in capsys.readouterr().out
    comptes = (Activite.objects.count(), Lieu.objects.count(), Beneficiaire.objects.count())
    assert comptes[0] == 360 and comptes[1] == 6
    assert all(lieu.horaires for lieu in Lieu.objects.all())
    assert Activite.objects.filter(type="collectif").exists()
    assert Activite.objects.filter(beneficiaire__isnull=False).exists()
    call_command("seed_demo")
    assert "existent déjà" in capsys.readouterr().out
    assert (Activite.objects.count(), Lieu.objects.count(), Beneficiaire.objects.count()) == comptes
    maintenus = {t: agregats.lignes_non_nulles(t) for t in agregats.TABLES}
    agregats.recalculer()
    assert maintenus == {t: agregats.lignes_non_nulles(t) for t in agregats.TABLES}
