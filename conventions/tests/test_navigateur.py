"""The operator instructs a file and pays a tranche in a real browser, on a phone-sized
screen, checked by axe-core."""

import pytest

from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from conventions.choix import StatutTranche
from tests.navigateur.fixtures import violations_graves

from .factories import dossier_complet, il_y_a, recrutement_finalise, subvention_acceptee

pytestmark = [
    pytest.mark.navigateur,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("sans_conditions"),
]


def test_instruire_et_payer_sur_telephone(page_mobile, bordeaux):
    page = page_mobile
    payee = recrutement_finalise(commune=bordeaux, postes=2)
    subvention = subvention_acceptee(payee, signer_le=il_y_a(100))
    a_instruire = recrutement_finalise(payee.structure)
    dossier = dossier_complet(a_instruire).__class__.objects.get(mise_en_relation=a_instruire)
    operateur = habilitation(Role.OPERATEUR)

    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(operateur.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/conventions/dossiers/")
    assert violations_graves(page) == []
    page.get_by_role("link", name=f"Dossier n° {dossier.pk}").click()
    assert violations_graves(page) == []
    page.get_by_role("button", name="Accepter et calculer la subvention").click()
    assert "Dossier accepté : subvention de 50" in page.content()

    page.goto(f"/conventions/{subvention.convention_id}/")
    assert violations_graves(page) == []
    page.get_by_role(
        "button", name=f"Marquer payée la tranche 1 n° {subvention.tranches.get(rang=1).pk}"
    ).click()
    assert "La tranche 1 est payée." in page.content()
    assert subvention.tranches.get(rang=1).statut == StatutTranche.PAYEE
    page.goto("/conventions/calendrier/")
    assert violations_graves(page) == []


def test_la_structure_suit_sa_convention_sur_telephone(page_mobile, bordeaux):
    page = page_mobile
    mer = recrutement_finalise(commune=bordeaux, postes=2)
    subvention_acceptee(mer, signer_le=il_y_a(100))
    en_cours = recrutement_finalise(mer.structure)
    h = Habilitation.objects.get(role=Role.STRUCTURE, structure_id=mer.structure_id)
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(h.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/conventions/ma-convention/")
    assert "Subventions et échéancier" in page.content()
    assert violations_graves(page) == []
    dossier = en_cours.dossiers_subvention.get()
    page.get_by_role("link", name=f"Dossier n° {dossier.pk}").click()
    assert violations_graves(page) == []
    page.get_by_role("button", name="Déposer la pièce").click()
    assert "Choisissez le fichier à déposer." in page.content()
    assert violations_graves(page) == []
    page.goto("/conventions/ma-convention/")
    page.get_by_role("link", name=en_cours.candidat.utilisateur.nom_complet, exact=True).click()
    page.get_by_role("button", name="Demander la prolongation").click()
    assert "Le formulaire contient 1 erreur" in page.content()
    assert violations_graves(page) == []


def _connecter(page, utilisateur):
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()


@pytest.mark.parametrize("ecran", ["page", "page_mobile"])
def test_l_operateur_lit_le_transfert_puis_le_confirme(request, ecran, bordeaux, merignac):
    """Issue 16: the whole reading of a transfer, then the transfer, at 1280 and 375 px."""
    from django.utils import timezone

    from conventions.rules import ajouter_mois
    from recrutement.tests.factories import structure_avec_postes

    from .test_seconde_lecture import _ceder_le_seul_poste, _payer

    page = request.getfixturevalue(ecran)
    mer = recrutement_finalise(commune=bordeaux)
    debut = ajouter_mois(timezone.localdate(), -30)
    origine = subvention_acceptee(mer, signer_le=debut)
    _payer(origine, [1])
    receveuse = structure_avec_postes(merignac, postes=1)
    poste = _ceder_le_seul_poste(mer, receveuse, ajouter_mois(debut, 24))
    _connecter(page, habilitation(Role.OPERATEUR).utilisateur)
    page.goto(f"/conventions/{poste.convention_id}/")
    assert "telle qu’elle a été signée" in page.content()
    page.get_by_role("heading", name="Subventions à transférer").scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/regles-transfert-{ecran}.png", full_page=True)
    assert violations_graves(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name=f"Transférer la subvention vers le poste n° {poste.pk}").click()
    assert "Subvention transférée" in page.content()
    assert origine.transferee_vers.montant > 0
