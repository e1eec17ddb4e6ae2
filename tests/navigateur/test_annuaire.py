"""Structure sign-up prefilled from the directory of companies, in Chromium at 1280/375 px.
The directory is a local pytest-httpserver replaying a recorded answer."""

import json
from pathlib import Path

import pytest

from territoires.tests.factories import CommuneFactory, DepartementFactory
from tests.navigateur.fixtures import violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

TROUVE = Path(__file__).parents[2] / "structures/tests/annuaire/trouve.json"


@pytest.mark.parametrize("ecran", ["page", "page_mobile"])
def test_recherche_dans_l_annuaire_preremplit(request, ecran, httpserver, settings, live_server):
    settings.ANNUAIRE_ENTREPRISES_URL = httpserver.url_for("/")
    httpserver.expect_request("/search").respond_with_json(json.loads(TROUVE.read_text()))
    CommuneFactory(
        code_insee="33063",
        nom="Bordeaux",
        departement=DepartementFactory(code="33", nom="Gironde"),
        codes_postaux=["33000"],
    )
    page = request.getfixturevalue(ecran)
    erreurs = []
    page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    page.goto("/structures/inscription/")
    page.get_by_label("SIRET à rechercher").fill("21330063500017")
    page.get_by_role("button", name="Rechercher dans l’annuaire").click()
    page.wait_for_url("**siret=21330063500017")
    assert page.locator("#id_nom").input_value() == "COMMUNE DE BORDEAUX"
    assert page.locator("#id_commune").input_value() == "33000 Bordeaux"
    assert "trouvée dans le répertoire SIRENE" in page.get_by_role("status").inner_text()
    assert violations_graves(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.screenshot(path=f"/tmp/annuaire_{ecran}.png")
    assert erreurs == []
