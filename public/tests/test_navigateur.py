"""The public search in Debian's Chromium: a search by commune on a 375-px phone, results
in distance order, no horizontal scroll, no serious accessibility violation (axe)."""

import pytest

from territoires.tests.factories import CommuneFactory, DepartementFactory
from tests.navigateur.fixtures import violations_graves

from .conftest import lieu_public

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def lieux(db):
    gironde = DepartementFactory(code="33", nom="Gironde")
    bordeaux = CommuneFactory(
        departement=gironde,
        code_insee="33063",
        nom="Bordeaux",
        codes_postaux=["33000"],
        latitude=44.8378,
        longitude=-0.5792,
    )
    libourne = CommuneFactory(
        departement=gironde,
        code_insee="33243",
        nom="Libourne",
        codes_postaux=["33500"],
        latitude=44.9153,
        longitude=-0.2439,
    )
    lieu_public(libourne, nom="Mairie de Libourne")
    lieu_public(bordeaux, nom="Médiathèque Mériadeck", frais_a_charge=["Gratuit"])


def test_recherche_sur_un_telephone(page_mobile, lieux):
    page = page_mobile
    page.goto("/trouver-un-conseiller/")
    assert violations_graves(page) == []
    page.get_by_label("Commune ou code postal").fill("33000")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**q=33000**")
    noms = page.locator("ol.conum-resultats h3 a").all_inner_texts()
    assert noms == [
        "Médiathèque Mériadeck",
        "Mairie de Libourne",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert violations_graves(page) == []
    page.get_by_role("link", name="Médiathèque Mériadeck").click()
    page.wait_for_url("**/lieux/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Médiathèque Mériadeck"
    assert violations_graves(page) == []
