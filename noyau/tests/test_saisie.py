"""Input no keyboard produces, and values longer than anything expected, are refused with a
French message and change nothing; each case below was once an HTTP 500 (issue 15).

« Bad input gets a clear French error and changes nothing — never a server error. »
"""

import pytest
from axes.models import AccessAttempt
from django.test import Client

from comptes.models import Invitation
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, UtilisateurFactory, habilitation
from noyau import saisie

NUL = "a%00b"


def _page_400(reponse):
    assert reponse.status_code == 400
    texte = reponse.content.decode()
    assert "Requête incorrecte" in texte and "retapez votre saisie" in texte
    assert 'class="fr-btn"' in texte  # the DSFR page, with a way out


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["", "&format=csv"])
def test_un_octet_nul_dans_une_recherche_donne_la_page_400(client, export):
    _page_400(client.get(f"/territoires/communes/?q={NUL}{export}"))
    client.force_login(habilitation(Role.ANCT).utilisateur)
    _page_400(client.get(f"/espace/anct/journal/?action={NUL}{export}"))
    client.force_login(habilitation(Role.CONSEILLER).utilisateur)
    _page_400(client.get(f"/activite/beneficiaires/?recherche={NUL}{export}"))


@pytest.mark.django_db
@pytest.mark.parametrize("requete", ["q=%ff%fe", "q=%c3", "q%01=x", "q=a%1bb", "q=%c2%9b"], ids=str)
def test_encodage_invalide_ou_caractere_de_controle_dans_l_adresse(client, requete):
    _page_400(client.get(f"/territoires/communes/?{requete}"))


@pytest.mark.django_db
def test_octet_nul_dans_un_formulaire_rien_n_est_enregistre(client):
    client.force_login(habilitation(Role.STRUCTURE).utilisateur)
    reponse = client.post(
        "/espace/structure/gestionnaires/",
        "email=a%00b%40exemple.fr",
        content_type="application/x-www-form-urlencoded",
    )
    _page_400(reponse)
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_octet_nul_dans_un_formulaire_multipart(client):
    client.force_login(habilitation(Role.STRUCTURE).utilisateur)
    _page_400(client.post("/espace/structure/gestionnaires/", {"email": "a\x00b@exemple.fr"}))
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_courriel_de_310_caracteres_est_une_erreur_du_formulaire(client):
    client.force_login(habilitation(Role.STRUCTURE).utilisateur)
    email = "a" * 64 + "@" + ".".join(["b" * 60] * 4) + ".fr"
    assert len(email) > 300
    reponse = client.post("/espace/structure/gestionnaires/", {"email": email})
    assert reponse.status_code == 200
    assert "Assurez-vous que cette valeur comporte au plus 254 caractères" in reponse.text
    assert not Invitation.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valeur", "message"),
    [
        ("Dupont\u202eel", saisie.MESSAGE_BIDI),
        ("\u200fDupont", saisie.MESSAGE_BIDI),
        ("Dup\ufffdnt", saisie.MESSAGE_ENCODAGE),
        ("x" * 10_000, "au plus"),
    ],
    ids=["RLO", "RLM", "U+FFFD", "10000"],
)
def test_marques_bidi_et_texte_trop_long_sont_des_erreurs_du_champ(client, valeur, message):
    client.force_login(habilitation(Role.STRUCTURE).utilisateur)
    reponse = client.post("/espace/structure/gestionnaires/", {"email": valeur + "@exemple.fr"})
    assert reponse.status_code == 200
    assert message.replace("’", "&#x27;")[:40] in reponse.text or message[:40] in reponse.text
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_un_identifiant_de_connexion_tres_long_est_compte_puis_bloque(client, settings):
    """Before: axes could not store a 300-character identifier, so the attempt was not
    counted and a script could try passwords for ever."""
    settings.AXES_FAILURE_LIMIT = 3
    UtilisateurFactory()
    identifiant = "a" * 250 + "@" + "b" * 50 + ".fr"
    for _ in range(3):
        reponse = client.post(
            "/comptes/connexion/", {"username": identifiant, "password": MOT_DE_PASSE}
        )
        assert reponse.status_code in (200, 429)
    assert AccessAttempt.objects.get().failures_since_start == 3
    reponse = client.post("/comptes/connexion/", {"username": identifiant, "password": "x"})
    assert reponse.status_code == 429
    assert "bloqué" in reponse.text


@pytest.mark.django_db
def test_un_identifiant_long_echoue_avec_le_message_habituel(client):
    identifiant = "a" * 250 + "@" + "b" * 50 + ".fr"
    reponse = client.post("/comptes/connexion/", {"username": identifiant, "password": "x"})
    assert reponse.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in reponse.text
    assert AccessAttempt.objects.get().username == identifiant[:255]


def test_regle_de_saisie():
    assert saisie.probleme("Émilie O’Brien\tligne\r\nsuivante") is None
    assert saisie.probleme("a\x00b") == saisie.MESSAGE_CONTROLE
    assert saisie.probleme("a\x85b") == saisie.MESSAGE_CONTROLE  # C1 (NEL)
    assert saisie.probleme("\u2067x") == saisie.MESSAGE_BIDI
    assert saisie.octets_illisibles(b"q=caf%C3%A9&r=+a+") is False
    assert saisie.octets_illisibles(b"q=caf%E9") is True
    assert saisie.octets_illisibles(b"q=a%0Bb") is True


@pytest.mark.django_db
def test_api_octet_nul_dans_l_adresse_donne_un_probleme_400():
    reponse = Client().get("/api/v1/lieux?departement=a%00b")
    assert reponse.status_code == 400
    assert reponse["Content-Type"] == "application/problem+json"
    assert "retapez" in reponse.json()["detail"]
