import pytest

from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture
def communes(db):
    """A few real communes: Bordeaux and Mérignac (33), and two Saint-Denis (93, 974)."""
    gironde = DepartementFactory(code="33", nom="Gironde")
    return {
        "bordeaux": CommuneFactory(
            code_insee="33063",
            nom="Bordeaux",
            departement=gironde,
            codes_postaux=["33000", "33100", "33200", "33300", "33800"],
            population=261804,
        ),
        "merignac": CommuneFactory(
            code_insee="33281", nom="Mérignac", departement=gironde, codes_postaux=["33700"]
        ),
        "saint_denis_93": CommuneFactory(
            code_insee="93066",
            nom="Saint-Denis",
            departement=DepartementFactory(code="93", nom="Seine-Saint-Denis"),
            codes_postaux=["93200", "93210"],
            population=113116,
        ),
        "saint_denis_974": CommuneFactory(
            code_insee="97411",
            nom="Saint-Denis",
            departement=DepartementFactory(code="974", nom="La Réunion"),
            codes_postaux=["97400", "97490"],
            population=153001,
        ),
    }
