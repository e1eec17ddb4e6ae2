"""The report form on a 375-px-wide phone, filled with the keyboard only (Tab, Space,
Enter), in Debian's Chromium; no serious or critical accessibility violation."""

import pytest

from comptes.tests.factories import MOT_DE_PASSE
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory
from tests.navigateur.fixtures import violations_graves

from ..models import Activite, AgregatTerritoireMois
from .factories import LieuFactory, conseiller_numerique

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _se_connecter(page, utilisateur):
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/activite/")  # the advisor lands on their activity home


def _tabuler_jusqu_a(page, selecteur: str, maximum: int = 200) -> None:
    """Press Tab until the element is focused: proves it is reachable by keyboard."""
    for _ in range(maximum):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement === document.querySelector(s)", selecteur):
            return
    raise AssertionError(f"{selecteur} n’est pas atteignable au clavier")


def _largeur(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def conseiller(db):
    gironde = DepartementFactory(code="33")
    bordeaux = CommuneFactory(departement=gironde, code_insee="33063", nom="Bordeaux")
    structure = StructureFactory(departement=gironde, commune=bordeaux)
    utilisateur = conseiller_numerique(structure=structure)
    LieuFactory(conseiller=utilisateur, commune=bordeaux, nom="Médiathèque Mériadeck")
    return utilisateur


def test_compte_rendu_au_clavier_sur_un_telephone(page_mobile, conseiller):
    page = page_mobile
    _se_connecter(page, conseiller)
    page.goto("/activite/comptes-rendus/nouveau/")
    assert violations_graves(page) == []
    _tabuler_jusqu_a(page, "a[href$='/nouveau/individuel/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/nouveau/individuel/")
    assert _largeur(page) <= 375
    assert violations_graves(page) == []
    # With one place, « Lieu d’activité » and the place are already chosen; date is today
    # and the duration 1h. Tick two themes, a device and the person's gender.
    _tabuler_jusqu_a(page, "input[name='thematiques_mediation'][value='email']")
    page.keyboard.press("Space")
    _tabuler_jusqu_a(page, "input[name='thematiques_mediation'][value='sante']")
    page.keyboard.press("Space")
    _tabuler_jusqu_a(page, "input[name='materiel'][value='telephone']")
    page.keyboard.press("Space")
    _tabuler_jusqu_a(page, "input[name='genre'][value='masculin']")
    page.keyboard.press("Space")
    _tabuler_jusqu_a(page, "#formulaire-cra button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/comptes-rendus/")
    assert "Compte rendu enregistré : accompagnement individuel" in page.content()
    activite = Activite.objects.get()
    assert sorted(activite.thematiques) == ["email", "sante"]
    assert (activite.materiel, activite.genre_masculin, activite.duree) == (["telephone"], 1, 60)
    assert activite.lieu.nom == "Médiathèque Mériadeck"
    assert AgregatTerritoireMois.objects.get().t_sante == 1
    assert _largeur(page) <= 375
    assert violations_graves(page) == []


def test_erreurs_du_formulaire_accessibles_au_clavier(page_mobile, conseiller):
    page = page_mobile
    _se_connecter(page, conseiller)
    page.goto("/activite/comptes-rendus/nouveau/collectif/")
    # No theme ticked and 12 participants split as 9 women + 5 men: two clear errors.
    _tabuler_jusqu_a(page, "input[name='participants']")
    page.keyboard.type("12")
    _tabuler_jusqu_a(page, "input[name='genre_feminin']")
    page.keyboard.type("9")
    _tabuler_jusqu_a(page, "input[name='genre_masculin']")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    alerte = page.get_by_role("alert").inner_text()
    assert "Le formulaire contient 2 erreurs" in alerte
    assert "Choisissez au moins une thématique." in alerte
    assert "La répartition par genre (14) dépasse le nombre de participants (12)." in alerte
    assert page.locator("#id_genre_non_communique-desc-error").is_visible()
    assert not Activite.objects.exists()
    assert _largeur(page) <= 375
    assert violations_graves(page) == []
