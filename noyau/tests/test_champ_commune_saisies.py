"""One commune field everywhere (issue 16): a name, a postal code or both.

Reading: « Nom (code) » is read as an INSEE code first, then as a postal code; a name shared
by several communes is settled by the form's département (the advisor's), else the field
lists them with their codes.
"""

import pytest
from django.core.exceptions import ValidationError

from noyau.champ_commune import ChampCommune
from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture
def communes(db):
    gironde = DepartementFactory(code="33", nom="Gironde")
    charente = DepartementFactory(code="16", nom="Charente")
    CommuneFactory(
        code_insee="33063",
        nom="Bordeaux",
        departement=gironde,
        codes_postaux=["33000", "33100"],
        population=260000,
    )
    CommuneFactory(
        code_insee="33281",
        nom="Mérignac",
        departement=gironde,
        codes_postaux=["33700"],
        population=70000,
    )
    CommuneFactory(
        code_insee="16217",
        nom="Mérignac",
        departement=charente,
        codes_postaux=["16200"],
        population=500,
    )


@pytest.mark.parametrize(
    "saisie,departement,attendu",
    [
        ("Bordeaux (33063)", None, "33063"),
        ("33000 Bordeaux", None, "33063"),
        ("Bordeaux", None, "33063"),
        ("Mérignac (33281)", None, "33281"),
        ("33700 Mérignac", None, "33281"),
        ("Mérignac", "33", "33281"),  # the activity form: the advisor's département decides
        ("Mérignac", None, "Plusieurs communes portent ce nom"),
    ],
)
def test_saisies_d_une_commune(communes, saisie, departement, attendu):
    champ = ChampCommune(label="Commune", departement=departement)
    if attendu.isdigit():
        assert champ.clean(saisie).code_insee == attendu
    else:
        with pytest.raises(ValidationError, match=attendu):
            champ.clean(saisie)
