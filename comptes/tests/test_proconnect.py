"""ProConnect for agents, run end to end against a real OIDC provider process on loopback.

The provider (``tests/integrations/fournisseur_oidc.py``, oidc-provider-mock made strict:
PKCE required, codes that expire) is started by the ``fournisseur_oidc`` fixture; the
platform's side goes through the test client, the provider's side through HTTP. Issue 19:
« An agent is matched to their invitation by verified e-mail; an unknown identity gets no
role and a clear page; an agent whose role is removed loses access at the next request. »
"""

import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comptes import services
from comptes.models import ConnexionRole, Evenement, Habilitation, Invitation, Utilisateur
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, habilitation
from territoires.tests.factories import DepartementFactory
from tests.integrations.oidc import arreter_fournisseur, configurer, demarrer_fournisseur

ESPACE_PREFECTURE = reverse("comptes:accueil_role", args=[Role.PREFECTURE])


def _remplacer(url: str, **valeurs) -> str:
    morceaux = urlsplit(url)
    parametres = {k: v[0] for k, v in parse_qs(morceaux.query).items()}
    parametres.update(valeurs)
    return urlunsplit(morceaux._replace(query=urlencode(parametres)))


def demande(client) -> str:
    """« S’identifier avec ProConnect »: the platform sends the browser to the provider."""
    reponse = client.get(reverse("comptes:proconnect"))
    assert reponse.status_code == 302
    return reponse["Location"]


def autoriser(url_autorisation: str, sub: str) -> str:
    """The person picks their identity at the provider, which sends them back with a code."""
    reponse = requests.post(url_autorisation, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert reponse.status_code == 302, reponse.text
    retour = urlsplit(reponse.headers["Location"])
    return f"{retour.path}?{retour.query}"


def connecter(client, fournisseur, sub, **claims):
    fournisseur.definir(sub, **claims)
    return client.get(autoriser(demande(client), sub), follow=True)


def inviter_prefecture(email):
    anct = habilitation(Role.ANCT).utilisateur
    return services.inviter(
        par=anct,
        email=email,
        role=Role.PREFECTURE,
        portee={"departement": DepartementFactory()},
    )


@pytest.mark.django_db
def test_la_demande_porte_state_nonce_et_pkce(client, proconnect):
    url = demande(client)
    assert url.startswith(proconnect.url + "/oauth2/authorize?")
    parametres = parse_qs(urlsplit(url).query)
    assert parametres["code_challenge_method"] == ["S256"]
    assert len(parametres["code_challenge"][0]) == 43
    assert len(parametres["state"][0]) >= 32 and len(parametres["nonce"][0]) >= 32
    assert parametres["response_type"] == ["code"]


@pytest.mark.django_db
def test_un_agent_invite_se_connecte_et_recoit_son_role(client, proconnect):
    invitation = inviter_prefecture("claire.agent@prefecture.gouv.fr")
    reponse = connecter(
        client,
        proconnect,
        "agent-1",
        email="Claire.Agent@prefecture.gouv.fr",
        email_verified=True,
        given_name="Claire",
        family_name="Durand",
    )
    assert reponse.status_code == 200
    utilisateur = reponse.wsgi_request.user
    assert utilisateur.is_authenticated and utilisateur.email == "claire.agent@prefecture.gouv.fr"
    assert utilisateur.nom_complet == "Claire Durand"
    assert not utilisateur.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.acceptee_le is not None
    assert client.get(ESPACE_PREFECTURE).status_code == 200
    assert Evenement.objects.filter(action="compte.connexion_proconnect", acteur=utilisateur)


@pytest.mark.django_db
def test_un_compte_existant_est_retrouve_par_son_adresse(client, proconnect):
    h = habilitation(Role.OPERATEUR)
    reponse = connecter(
        client, proconnect, "agent-2", email=h.utilisateur.email, email_verified=True
    )
    assert reponse.wsgi_request.user == h.utilisateur
    assert Utilisateur.objects.filter(email__iexact=h.utilisateur.email).count() == 1


@pytest.mark.django_db
def test_identite_inconnue_pas_de_role_et_une_page_claire(client, proconnect):
    reponse = connecter(
        client, proconnect, "agent-3", email="personne@ailleurs.gouv.fr", email_verified=True
    )
    assert reponse.status_code == 403
    assert "Aucun rôle ne vous est attribué" in reponse.text
    assert not reponse.wsgi_request.user.is_authenticated
    assert not Utilisateur.objects.filter(email="personne@ailleurs.gouv.fr").exists()


@pytest.mark.django_db
def test_adresse_non_verifiee_refusee_meme_invitee(client, proconnect):
    invitation = inviter_prefecture("non.verifiee@prefecture.gouv.fr")
    reponse = connecter(client, proconnect, "agent-4", email=invitation.email, email_verified=False)
    assert reponse.status_code == 403
    assert "Votre adresse électronique n’est pas vérifiée" in reponse.text
    assert not reponse.wsgi_request.user.is_authenticated
    invitation.refresh_from_db()
    assert invitation.acceptee_le is None


@pytest.mark.django_db
def test_adresse_sans_claim_de_verification_refusee_par_defaut(client, proconnect, settings):
    h = habilitation(Role.HUB)
    reponse = connecter(client, proconnect, "agent-5", email=h.utilisateur.email)
    assert reponse.status_code == 403
    settings.PROCONNECT_EMAIL_VERIFIE_SI_ABSENT = True
    reponse = connecter(client, proconnect, "agent-5", email=h.utilisateur.email)
    assert reponse.wsgi_request.user == h.utilisateur


@pytest.mark.django_db
def test_state_altere_refuse(client, proconnect):
    h = habilitation(Role.ANCT)
    proconnect.definir("agent-6", email=h.utilisateur.email, email_verified=True)
    retour = autoriser(demande(client), "agent-6")
    reponse = client.get(_remplacer(retour, state="etat-fabrique-par-un-attaquant"))
    assert reponse.status_code == 400
    assert "La connexion n’a pas pu être vérifiée" in reponse.text
    assert not reponse.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_nonce_different_refuse(client, proconnect):
    h = habilitation(Role.ANCT)
    proconnect.definir("agent-7", email=h.utilisateur.email, email_verified=True)
    # The provider signs the nonce it received: not the one the platform keeps in session.
    url = _remplacer(demande(client), nonce="nonce-substitue-0000000000000000")
    reponse = client.get(autoriser(url, "agent-7"))
    assert reponse.status_code == 400
    assert "La connexion n’a pas pu être vérifiée" in reponse.text
    assert not reponse.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_verificateur_pkce_faux_refuse_par_le_fournisseur(client, proconnect):
    h = habilitation(Role.ANCT)
    proconnect.definir("agent-8", email=h.utilisateur.email, email_verified=True)
    retour = autoriser(demande(client), "agent-8")
    session = client.session
    for etat in session["oidc_states"].values():
        etat["code_verifier"] = "x" * 64
    session.save()
    reponse = client.get(retour)
    assert reponse.status_code == 400
    assert "ProConnect n’a pas confirmé votre connexion" in reponse.text
    assert not reponse.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_code_expire_refuse(client, settings):
    fournisseur = demarrer_fournisseur(duree_code=0.5)
    try:
        configurer(settings, fournisseur)
        h = habilitation(Role.ANCT)
        fournisseur.definir("agent-9", email=h.utilisateur.email, email_verified=True)
        retour = autoriser(demande(client), "agent-9")
        time.sleep(1)
        reponse = client.get(retour)
    finally:
        arreter_fournisseur(fournisseur)
    assert reponse.status_code == 400
    assert "Le code de connexion a expiré" in reponse.text
    assert not reponse.wsgi_request.user.is_authenticated


@pytest.mark.django_db
def test_refus_chez_le_fournisseur(client, proconnect):
    url = demande(client)
    reponse = requests.post(url, data={"action": "deny"}, allow_redirects=False, timeout=5)
    retour = urlsplit(reponse.headers["Location"])
    reponse = client.get(f"{retour.path}?{retour.query}")
    assert reponse.status_code == 400
    assert "Connexion interrompue" in reponse.text


@pytest.mark.django_db
def test_role_retire_perd_l_acces_a_la_requete_suivante(client, proconnect):
    h = habilitation(Role.PREFECTURE)
    connecter(client, proconnect, "agent-10", email=h.utilisateur.email, email_verified=True)
    assert client.get(ESPACE_PREFECTURE).status_code == 200
    Habilitation.objects.filter(pk=h.pk).update(active=False)
    assert client.get(ESPACE_PREFECTURE).status_code == 404


@pytest.mark.django_db
def test_deconnexion_chez_le_fournisseur(client, proconnect):
    h = habilitation(Role.PREFECTURE)
    connecter(client, proconnect, "agent-11", email=h.utilisateur.email, email_verified=True)
    id_token = client.session["oidc_id_token"]
    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse.status_code == 302
    url = reponse["Location"]
    assert url.startswith(proconnect.url + "/oauth2/end_session?")
    parametres = parse_qs(urlsplit(url).query)
    assert parametres["id_token_hint"] == [id_token]
    assert parametres["post_logout_redirect_uri"] == ["http://testserver/"]
    assert not client.get(reverse("comptes:espace")).wsgi_request.user.is_authenticated
    # The provider ends its session too and sends the person back to the home page.
    page = requests.get(url, timeout=5)
    assert page.status_code == 200
    fin = requests.post(
        proconnect.url + "/oauth2/end_session/confirm",
        data={"redirect_uri": parametres["post_logout_redirect_uri"][0]},
        allow_redirects=False,
        timeout=5,
    )
    assert fin.headers["Location"].startswith("http://testserver/")


@pytest.mark.django_db
def test_sans_reglages_pas_de_bouton_et_le_mot_de_passe_comme_avant(client):
    page = client.get(reverse("comptes:connexion"))
    assert "ProConnect" not in page.text
    assert client.get(reverse("comptes:proconnect")).status_code == 404
    assert client.get(reverse("comptes:proconnect_retour") + "?code=a&state=b").status_code == 404
    h = habilitation(Role.PREFECTURE)
    client.post(
        reverse("comptes:connexion"), {"username": h.utilisateur.email, "password": MOT_DE_PASSE}
    )
    assert client.get(ESPACE_PREFECTURE).status_code == 200


@pytest.mark.django_db
def test_bouton_affiche_quand_configure(client, proconnect):
    page = client.get(reverse("comptes:connexion"))
    assert "S’identifier avec ProConnect" in page.text
    assert "Vos identifiants" in page.text  # password login stays


# --- The ANCT switches password login off, role by role ------------------------------------


def _desactiver(role):
    """The ANCT, in its own browser, switches password login off for a role."""
    anct = Client()
    anct.force_login(habilitation(Role.ANCT).utilisateur)
    return anct.post(
        reverse("comptes:modes_connexion"), {"role": role, "mot_de_passe": "desactiver"}
    )


@pytest.mark.django_db
def test_mot_de_passe_desactive_pour_un_role(client, proconnect):
    assert _desactiver(Role.PREFECTURE).status_code == 302
    agent = habilitation(Role.PREFECTURE).utilisateur
    reponse = client.post(
        reverse("comptes:connexion"), {"username": agent.email, "password": MOT_DE_PASSE}
    )
    assert reponse.status_code == 200
    assert "La connexion par mot de passe est désactivée pour votre rôle (Préfecture)" in (
        reponse.text
    )
    assert not reponse.wsgi_request.user.is_authenticated
    # ProConnect still lets the agent in, with the role.
    connecter(client, proconnect, "agent-12", email=agent.email, email_verified=True)
    assert client.get(ESPACE_PREFECTURE).status_code == 200
    assert Evenement.objects.filter(action="connexion.reglage", details__role="prefecture")


@pytest.mark.django_db
def test_une_session_par_mot_de_passe_perd_le_role_reserve(client, proconnect):
    h = habilitation(Role.PREFECTURE)
    habilitation(Role.STRUCTURE, utilisateur=h.utilisateur)
    client.post(
        reverse("comptes:connexion"), {"username": h.utilisateur.email, "password": MOT_DE_PASSE}
    )
    assert client.get(ESPACE_PREFECTURE).status_code == 200
    _desactiver(Role.PREFECTURE)
    # Structure role kept; the prefecture role is gone at the next request.
    assert client.get(ESPACE_PREFECTURE).status_code == 404
    assert client.get(reverse("comptes:accueil_role", args=[Role.STRUCTURE])).status_code == 200


@pytest.mark.django_db
def test_le_reglage_ne_s_applique_pas_sans_proconnect(client):
    _desactiver(Role.PREFECTURE)
    agent = habilitation(Role.PREFECTURE).utilisateur
    client.post(reverse("comptes:connexion"), {"username": agent.email, "password": MOT_DE_PASSE})
    assert client.get(ESPACE_PREFECTURE).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.ANCT])
def test_page_des_modes_de_connexion_reservee_a_l_anct(client, role):
    client.force_login(habilitation(role).utilisateur)
    assert client.get(reverse("comptes:modes_connexion")).status_code == 404


@pytest.mark.django_db
def test_role_inconnu_refuse_sans_rien_changer(client):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.post(
        reverse("comptes:modes_connexion"),
        {"role": "candidat", "mot_de_passe": "desactiver"},
        follow=True,
    )
    assert "ne se connecte pas par ProConnect" in reponse.text
    assert not ConnexionRole.objects.exists()


@pytest.mark.django_db
def test_invitation_expiree_non_acceptee_par_proconnect(client, proconnect):
    invitation = inviter_prefecture("tardif@prefecture.gouv.fr")
    Invitation.objects.filter(pk=invitation.pk).update(expire_le=timezone.now() - timedelta(days=1))
    reponse = connecter(client, proconnect, "agent-13", email=invitation.email, email_verified=True)
    assert reponse.status_code == 403
    assert "Aucun rôle" in reponse.text
