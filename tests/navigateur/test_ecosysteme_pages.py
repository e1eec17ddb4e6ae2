"""New pages of issue 19 at 1280 and 375 px: axe, no horizontal overflow, no console error."""

import pytest

from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from structures.tests.factories import StructureFactory
from tests.navigateur.fixtures import violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def connecter(page, utilisateur):
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def verifier(page, url, nom):
    erreurs = []
    page.on("console", lambda m: erreurs.append(m.text) if m.type == "error" else None)
    page.goto(url)
    assert page.locator("h1").is_visible()
    assert violations_graves(page) == []
    larges = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('.fr-table__container')).map(e => e.tagName +"
        " '.' + e.className).slice(0, 5)"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], (
        larges
    )
    page.screenshot(path=f"/tmp/{nom}-{page.viewport_size['width']}.png", full_page=True)
    assert erreurs == []


@pytest.mark.parametrize("ecran", ["page", "page_mobile"])
def test_modes_de_connexion(request, ecran):
    page = request.getfixturevalue(ecran)
    connecter(page, habilitation(Role.ANCT).utilisateur)
    verifier(page, "/espace/anct/connexion/", "modes-connexion")


@pytest.mark.parametrize("ecran", ["page", "page_mobile"])
def test_document_du_kit_et_ses_formats(request, ecran):
    page = request.getfixturevalue(ecran)
    structure = StructureFactory(nom="Mairie de Mérignac")
    connecter(page, habilitation(Role.STRUCTURE, structure=structure).utilisateur)
    verifier(page, "/structures/espace/documents/guide-entretien/", "document-kit")
    assert page.get_by_role(
        "link", name="Word (.docx) – Guide d’entretien et grille d’évaluation"
    ).is_visible()
