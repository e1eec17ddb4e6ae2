"""The candidate's journey in a real browser, on a phone-sized screen, checked by axe-core."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from candidats.models import Candidat
from candidats.tests.factories import CandidatFactory
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from territoires.tests.factories import CommuneFactory, DepartementFactory
from tests.navigateur.fixtures import violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bordeaux(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return CommuneFactory(
        code_insee="33063",
        nom="Bordeaux",
        codes_postaux=["33000"],
        departement=DepartementFactory(code="33", nom="Gironde"),
    )


def test_inscription_sur_telephone(page_mobile, bordeaux, mailoutbox):
    page = page_mobile
    page.goto("/candidats/inscription/")
    assert violations_graves(page) == []
    # The honeypot is off-screen: a person never sees it.
    boite = page.locator(".conum-pot-de-miel").bounding_box()
    assert boite["x"] + boite["width"] <= 0
    # A first submission with mistakes: errors are announced and linked to their fields.
    page.get_by_role("button", name="M’inscrire").click()
    assert "Le formulaire contient" in page.get_by_role("alert").inner_text()
    assert violations_graves(page) == []
    assert "trop vite" not in page.content()  # a person is told what to fix, not "robot"

    page.get_by_label("Prénom").fill("Alix")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Adresse électronique").fill("alix@exemple.fr")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.locator("#id_mot_de_passe1").fill("Un-tres-bon-mot-de-passe")
    page.locator("#id_mot_de_passe2").fill("Un-tres-bon-mot-de-passe")
    # DSFR radios and checkboxes are drawn by their label, which is what a person clicks.
    page.locator("label[for=id_sexe_0]").click()
    page.get_by_label("Date de naissance").fill("1990-05-17")
    page.get_by_label("Commune de résidence").fill("33000 Bordeaux")
    page.get_by_label("Jusqu’à quelle distance").select_option("40")
    demain = timezone.localdate() + timedelta(days=1)
    page.get_by_label("Date à partir de laquelle").fill(demain.isoformat())
    page.locator("label", has_text="En formation").click()
    page.get_by_label("Votre motivation").fill("J’aime aider les autres avec le numérique.")
    page.locator("label[for=id_consentement]").click()
    time.sleep(3)  # a person takes more than 3 seconds; the form refuses faster robots
    page.get_by_role("button", name="M’inscrire").click()
    page.wait_for_url("**/comptes/inscription/envoyee/")
    candidat = Candidat.objects.get()
    assert candidat.est_en_formation and candidat.distance_max == 40
    assert len(mailoutbox) == 1


def test_espace_du_candidat_sur_telephone(page_mobile, bordeaux):
    candidat = CandidatFactory(commune=bordeaux, cv=True)
    page = page_mobile
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(candidat.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/candidats/espace/")
    assert violations_graves(page) == []
    page.get_by_role("button", name="Je ne suis plus disponible").click()
    assert page.get_by_text("Votre candidature est en pause", exact=False).first.is_visible()
    for chemin in ("modifier/", "cv/", "pix/", "supprimer/"):
        page.goto(f"/candidats/espace/{chemin}")
        assert violations_graves(page) == [], chemin


def test_liste_des_agents_accessible(page, bordeaux):
    for _ in range(3):
        CandidatFactory(commune=bordeaux)
    anct = habilitation(Role.ANCT)
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(anct.utilisateur.email)
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    page.goto("/candidats/")
    assert "3 candidats" in page.content()
    assert violations_graves(page) == []
    page.get_by_role("link", name=re.compile("Camille M")).first.click()
    assert violations_graves(page) == []
