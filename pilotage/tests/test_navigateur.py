"""The national dashboard in Debian's Chromium: no serious accessibility violation, the
sub-menus open, and on a phone nothing overflows the page width."""

import pytest

from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from tests.navigateur.fixtures import violations_graves

from .factories import generer

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _se_connecter(page, utilisateur):
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/pilotage/")


def test_tableau_national_accessible_et_sous_menus(page):
    generer(graine=3)
    _se_connecter(page, habilitation(Role.ANCT).utilisateur)
    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    assert violations_graves(page) == []
    page.get_by_role("button", name="Administration").click()
    page.get_by_role("link", name="Journal des décisions").click()
    page.wait_for_url("**/journal/")


def test_tableau_de_prefecture_sur_un_telephone(page_mobile):
    jeu = generer(graine=3)
    _se_connecter(
        page_mobile, habilitation(Role.PREFECTURE, departement=jeu["departements"][0]).utilisateur
    )
    assert page_mobile.evaluate("document.documentElement.scrollWidth") <= 375
    assert violations_graves(page_mobile) == []
