"""Every error page is French, in the DSFR layout, and says what to do next (issue 15:
Django's bare English « Bad Request (400) » and CSRF pages used to appear)."""

from unittest import mock

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.test import Client

from comptes.roles import Role
from comptes.tests.factories import habilitation

ANGLAIS = ("Bad Request", "Forbidden", "Not Found", "Server Error", "CSRF verification")


def _page_francaise(reponse, statut, titre, conseil):
    assert reponse.status_code == statut
    texte = reponse.content.decode()
    assert '<html lang="fr"' in texte
    assert f"<h1>{titre}</h1>" in texte
    assert conseil in texte
    assert "fr-btn" in texte  # a DSFR button to go on
    assert not any(mot in texte for mot in ANGLAIS)
    return texte


@pytest.mark.django_db
def test_404():
    _page_francaise(Client().get("/nulle-part/"), 404, "Page introuvable", "Vérifiez l’adresse")


@pytest.mark.django_db
def test_400_session_qui_ne_peut_pas_etre_enregistree(client):
    """SessionInterrupted: the session was ended elsewhere (logout in another tab) while
    this request ran, so it cannot be saved."""
    client.force_login(habilitation(Role.STRUCTURE).utilisateur)
    with mock.patch(
        "django.contrib.sessions.backends.db.SessionStore.save", side_effect=UpdateError
    ):
        reponse = client.get("/espace/structure/gestionnaires/")
    texte = _page_francaise(reponse, 400, "Requête incorrecte", "Reconnectez-vous")
    assert "rien n’a été enregistré" in texte


@pytest.mark.django_db
def test_400_hote_inconnu():
    reponse = Client().get("/", HTTP_HOST="pirate.example")
    _page_francaise(reponse, 400, "Requête incorrecte", "Revenez à la page précédente")


@pytest.mark.django_db
def test_403_csrf_formulaire_expire():
    client = Client(enforce_csrf_checks=True)
    reponse = client.post("/comptes/connexion/", {"username": "a@b.fr", "password": "x"})
    texte = _page_francaise(reponse, 403, "Formulaire expiré", "rechargez-la")
    assert "Rien n’a été enregistré" in texte


@pytest.mark.django_db
def test_403_action_interdite(rf):
    from django.core.exceptions import PermissionDenied
    from django.urls import get_resolver

    from comptes.tests.factories import UtilisateurFactory

    requete = rf.get("/")
    requete.user = UtilisateurFactory()
    requete.habilitation = None
    reponse = get_resolver().resolve_error_handler(403)(requete, PermissionDenied())
    _page_francaise(reponse, 403, "Accès refusé", "reconnectez-vous puis réessayez")


@pytest.mark.django_db
def test_405_adresse_de_formulaire_ouverte_directement(client):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get("/comptes/deconnexion/")
    _page_francaise(reponse, 405, "Adresse à ne pas ouvrir directement", "Revenez à la page")
    assert reponse["Allow"] == "POST, OPTIONS"


@pytest.mark.django_db
def test_500_erreur_inattendue():
    client = Client(raise_request_exception=False)
    with mock.patch("public.views.render", side_effect=RuntimeError("panne")):
        reponse = client.get("/")
    assert reponse.status_code == 500
    texte = reponse.content.decode()
    assert "<h1>Erreur inattendue</h1>" in texte and "réessayez dans quelques minutes" in texte
    assert "dsfr.min.css" in texte


@pytest.mark.django_db
def test_sous_api_les_erreurs_sont_des_problemes_json():
    for url, statut in (("/api/v2/rien", 404), ("/api/v1/lieux?departement=%00", 400)):
        reponse = Client().get(url)
        assert reponse.status_code == statut
        assert reponse["Content-Type"] == "application/problem+json"
