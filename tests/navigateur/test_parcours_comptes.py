import pytest

from candidats.tests.factories import CandidatFactory
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from comptes.tests.test_acces import accueil
from tests.navigateur.fixtures import violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_accueil_public_accessible(page):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Conseiller numérique France Services"
    assert violations_graves(page) == []


@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_se_connecte_et_arrive_sur_sa_page(page, role):
    utilisateur = habilitation(role).utilisateur
    if role == Role.CANDIDAT:
        CandidatFactory(utilisateur=utilisateur)  # a candidate with a profile lands on their space
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{accueil(role)}")
    assert page.locator("h1").is_visible()
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert violations_graves(page) == []


def test_erreurs_d_inscription_accessibles(page):
    page.goto("/comptes/inscription/")
    assert violations_graves(page) == []
    page.get_by_label("Adresse électronique").fill("pas-une-adresse")
    page.get_by_role("button", name="Créer mon compte").click()
    alerte = page.get_by_role("alert")
    assert "Le formulaire contient" in alerte.inner_text()
    assert page.locator("#id_email-desc-error").inner_text().strip() != ""
    assert violations_graves(page) == []


def test_navigation_sur_telephone(page_mobile):
    page_mobile.goto("/")
    menu = page_mobile.get_by_role("button", name="Menu")
    assert menu.is_visible()
    assert violations_graves(page_mobile) == []
