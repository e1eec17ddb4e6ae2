"""A training body positions a learner and opens a session on a phone-sized screen,
checked by axe-core."""

import pytest
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from formation import rules as R
from formation.models import Apprenant
from tests.navigateur.fixtures import violations_graves

from .factories import ApprenantFactory, OrganismeFormationFactory, centre, inscrits, session

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def test_positionner_puis_ouvrir_une_session_sur_telephone(page_mobile):
    page = page_mobile
    organisme = OrganismeFormationFactory(nom="Campus Rhône")
    agent = habilitation(Role.ORGANISME_FORMATION, organisme=organisme)
    lea = ApprenantFactory(organisme=organisme)
    s = session(organisme, centre=centre(organisme))
    inscrits(organisme, s, 2)

    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(agent.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/formation/apprenants/")
    assert "3 apprenants" in page.content()
    assert violations_graves(page) == []

    page.get_by_role("link", name=lea.nom, exact=True).click()
    page.get_by_label("Score au test de positionnement").fill("120")
    page.get_by_role("button", name="Enregistrer le positionnement").click()
    assert "Le formulaire contient" in page.get_by_role("alert").first.inner_text()
    assert violations_graves(page) == []
    page.get_by_label("Score au test de positionnement").fill("72")
    page.get_by_label("Date du test").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Enregistrer le positionnement").click()
    assert "Le positionnement est enregistré" in page.content()
    assert Apprenant.objects.get(pk=lea.pk).parcours == "2024_70"
    assert violations_graves(page) == []

    page.get_by_label("Session").select_option(str(s.pk))
    page.get_by_role("button", name="Inscrire").click()
    page.goto(f"/formation/sessions/{s.pk}/")
    page.get_by_role("button", name="Ouvrir la session").click()
    assert "Seulement 3 conseillers" in page.content()
    assert violations_graves(page) == []
    assert set(Apprenant.objects.values_list("etat", flat=True)) == {R.EN_FORMATION}
