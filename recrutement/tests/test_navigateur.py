"""A structure recruits in a real browser, on a phone-sized screen, checked by axe-core."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from recrutement import rules
from recrutement.models import MiseEnRelation
from tests.navigateur.fixtures import violations_graves

from .factories import candidat_a, structure_avec_postes

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_recruter_sur_telephone(page_mobile, lieux):
    page = page_mobile
    bordeaux = structure_avec_postes(lieux["bordeaux"], postes=1)
    gestionnaire = habilitation(Role.STRUCTURE, structure=bordeaux)
    lea = candidat_a(
        lieux["merignac"],
        cv=True,
        utilisateur__prenom="Léa",
        utilisateur__nom="Moreau",
        utilisateur__email="lea.moreau@exemple.fr",
    )
    candidat_a(lieux["libourne"], distance_max=40, utilisateur__prenom="Hugo")

    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(gestionnaire.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/recrutement/")
    assert "Nouvelles candidatures (2)" in page.content()
    assert violations_graves(page) == []

    page.get_by_role("link", name="Léa M.", exact=True).click()
    assert "lea.moreau@exemple.fr" not in page.content()
    assert violations_graves(page) == []
    page.get_by_role("button", name="Présélectionner").click()
    assert page.get_by_text("lea.moreau@exemple.fr").first.is_visible()

    page.get_by_role("link", name="Valider cette candidature").click()
    page.get_by_role("button", name="Valider cette candidature").click()
    assert "Le formulaire contient" in page.get_by_role("alert").inner_text()
    assert violations_graves(page) == []
    aujourd_hui = timezone.localdate()
    page.get_by_label("Type de contrat").select_option("cdi")
    page.get_by_label("Date de début du contrat").fill(
        (aujourd_hui + timedelta(days=20)).isoformat()
    )
    page.get_by_label("Salaire brut mensuel").fill("1950,00")
    page.get_by_label("Taille de la tenue").select_option("M")
    page.get_by_label("Date de publication de la fiche de poste").fill(
        (aujourd_hui - timedelta(days=15)).isoformat()
    )
    page.get_by_role("button", name="Valider cette candidature").click()
    assert "Candidature validée" in page.content()
    assert violations_graves(page) == []
    assert MiseEnRelation.objects.get(candidat=lea).statut == rules.RECRUTEE

    page.goto("/recrutement/?statut=recrutee")
    assert "1 recruté / 1 poste" in page.content()
    assert violations_graves(page) == []
    page.goto("/recrutement/vivier/")
    assert violations_graves(page) == []


@pytest.mark.parametrize("largeur", [1280, 375])
def test_la_candidate_voit_qui_a_telecharge_son_cv(page, lieux, largeur):
    from candidats.models import TelechargementCV

    page.set_viewport_size({"width": largeur, "height": 900})
    lea = candidat_a(lieux["merignac"], cv=True, utilisateur__prenom="Léa")
    mairie = structure_avec_postes(lieux["bordeaux"], nom="Mairie de Bordeaux")
    TelechargementCV.objects.create(candidat=lea, role=Role.STRUCTURE, structure=mairie)
    TelechargementCV.objects.create(candidat=lea, role=Role.ANCT)

    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(lea.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/candidats/espace/")
    tableau = page.get_by_role("table", name="Téléchargements de votre CV")
    assert tableau.get_by_role("cell", name="Mairie de Bordeaux").is_visible()
    assert tableau.get_by_role("cell", name="L’équipe nationale du programme (ANCT)").is_visible()
    tableau.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/donnees-telechargements-{largeur}.png")
    assert violations_graves(page) == []
