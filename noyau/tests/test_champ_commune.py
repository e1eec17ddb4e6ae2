import pytest
from django.core.exceptions import ValidationError

from noyau.champ_commune import ChampCommune, libelle_commune, trouver_commune
from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture
def communes(db):
    for code in ("33", "93", "974", "2A"):
        DepartementFactory(code=code)
    return {
        "bordeaux": CommuneFactory(
            code_insee="33063", nom="Bordeaux", codes_postaux=["33000", "33100"],
            departement__code="33", population=260000,
        ),
        "st_denis_93": CommuneFactory(
            code_insee="93066", nom="Saint-Denis", codes_postaux=["93200"],
            departement__code="93", population=110000,
        ),
        "st_denis_974": CommuneFactory(
            code_insee="97411", nom="Saint-Denis", codes_postaux=["97400"],
            departement__code="974", population=150000,
        ),
        "ajaccio": CommuneFactory(
            code_insee="2A004", nom="Ajaccio", codes_postaux=["20000"], departement__code="2A"
        ),
        "lacanau": CommuneFactory(
            code_insee="33214", nom="Lacanau", codes_postaux=["33680"], departement__code="33"
        ),
        "carcans": CommuneFactory(
            code_insee="33097", nom="Carcans", codes_postaux=["33121"], departement__code="33"
        ),
    }  # fmt: skip


@pytest.mark.parametrize(
    "saisie,attendue",
    [
        ("33000 Bordeaux", "bordeaux"),
        ("33100 bordeaux", "bordeaux"),
        ("Bordeaux", "bordeaux"),
        ("  bordeaux  ", "bordeaux"),
        ("33000", "bordeaux"),
        ("Bordeaux (33000)", "bordeaux"),
        ("97400 Saint-Denis", "st_denis_974"),
        ("93200 saint denis", "st_denis_93"),
        ("2A004", "ajaccio"),
        ("33063", "bordeaux"),  # an INSEE code that is no postal code
        ("33680", "lacanau"),
    ],
)
def test_trouver_la_commune(communes, saisie, attendue):
    assert trouver_commune(saisie) == communes[attendue]


@pytest.mark.parametrize(
    "saisie,message",
    [
        ("", "Ce champ est obligatoire."),
        (
            "Saint-Denis",
            "Plusieurs communes portent ce nom : Saint-Denis (97400), Saint-Denis (93200)",
        ),
        ("99999", "Aucune commune n’a ce code postal."),
        ("99999 Bordeaux", "Aucune commune n’a le code postal 99999"),
        ("Bordaux", "Vouliez-vous dire : Bordeaux (33000)"),
        ("Zzzzzz", "Aucune commune ne correspond"),
    ],
)
def test_saisie_ambigue_ou_inconnue_explique_quoi_faire(communes, saisie, message):
    with pytest.raises(ValidationError) as erreur:
        trouver_commune(saisie)
    assert message in erreur.value.messages[0]


def test_le_champ_affiche_une_commune_en_clair(communes):
    champ = ChampCommune()
    assert champ.prepare_value(communes["bordeaux"]) == "33000 Bordeaux"
    assert libelle_commune(communes["ajaccio"]) == "20000 Ajaccio"
    assert champ.clean("33000 Bordeaux") == communes["bordeaux"]
    assert "/territoires/communes/" in str(champ.widget.attrs["data-communes"])
