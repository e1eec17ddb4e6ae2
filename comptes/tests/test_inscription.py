import pytest
from django.urls import reverse

from comptes.models import Utilisateur
from comptes.tests.factories import MOT_DE_PASSE, UtilisateurFactory
from noyau.tests.outils import chemin_du_lien, sans_nonce

URL = reverse("comptes:inscription")
VALIDE = {
    "prenom": "Alix",
    "nom": "Durand",
    "email": "alix.durand@exemple.fr",
    "mot_de_passe1": "Un-tres-bon-mot-de-passe",
    "mot_de_passe2": "Un-tres-bon-mot-de-passe",
}


@pytest.mark.django_db
def test_inscription_confirmation_puis_connexion(client, courriels):
    with courriels.envoi():
        reponse = client.post(URL, VALIDE, follow=True)
    assert "Confirmez votre adresse" in reponse.text
    utilisateur = Utilisateur.objects.get(email="alix.durand@exemple.fr")
    assert not utilisateur.is_active
    assert utilisateur.password.startswith("argon2")
    [message] = courriels.outbox
    assert message.to == ["alix.durand@exemple.fr"]
    # Not confirmed yet: the login explains it.
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": VALIDE["email"], "password": VALIDE["mot_de_passe1"]},
    )
    assert "pas encore confirmée" in reponse.text
    reponse = client.get(chemin_du_lien(message), follow=True)
    assert "Votre adresse électronique est confirmée" in reponse.text
    utilisateur.refresh_from_db()
    assert utilisateur.is_active and utilisateur.email_verifie_le
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": VALIDE["email"], "password": VALIDE["mot_de_passe1"]},
        follow=True,
    )
    assert "aucun rôle" in reponse.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "modification,champ,message",
    [
        ({"prenom": ""}, "prenom", "Ce champ est obligatoire."),
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse de courriel valide."),
        (
            {"mot_de_passe2": "Autre-mot-de-passe-123"},
            "mot_de_passe2",
            "Les deux mots de passe ne correspondent pas.",
        ),
        ({"mot_de_passe1": "court", "mot_de_passe2": "court"}, "mot_de_passe1", "trop court"),
        (
            {"mot_de_passe1": "123456789012345", "mot_de_passe2": "123456789012345"},
            "mot_de_passe1",
            "entièrement numérique",
        ),
    ],
)
def test_mauvaise_saisie_erreur_claire_et_rien_d_enregistre(
    client, courriels, modification, champ, message
):
    with courriels.envoi():
        reponse = client.post(URL, {**VALIDE, **modification})
    assert reponse.status_code == 200
    assert message in reponse.text
    # The error is next to its field and linked to it.
    assert f'id="id_{champ}-desc-error"' in reponse.text
    assert f'href="#id_{champ}"' in reponse.text
    assert not Utilisateur.objects.exists()
    assert courriels.outbox == []


@pytest.mark.django_db
def test_adresse_deja_utilisee_repond_comme_une_nouvelle_et_previent_le_titulaire(
    client, courriels
):
    """Issue « Hardening »: « answer the same way for known and unknown addresses, and tell
    the existing owner by e-mail instead »."""
    UtilisateurFactory(email="alix.durand@exemple.fr", prenom="Alix")
    with courriels.envoi():
        connue = client.post(URL, {**VALIDE, "email": "Alix.Durand@exemple.fr"}, follow=True)
    with courriels.envoi():
        nouvelle = client.post(URL, {**VALIDE, "email": "nouvelle@exemple.fr"}, follow=True)
    assert connue.redirect_chain == nouvelle.redirect_chain
    assert sans_nonce(connue.text) == sans_nonce(nouvelle.text)
    assert "existe déjà" not in connue.text
    assert Utilisateur.objects.count() == 2  # the known address created nothing
    titulaire, nouveau = courriels.outbox
    assert titulaire.to == ["alix.durand@exemple.fr"]
    assert "Un compte existe déjà à cette adresse" in titulaire.body
    assert "/comptes/mot-de-passe/oublie/" in titulaire.body
    assert nouveau.to == ["nouvelle@exemple.fr"] and "/comptes/verifier/" in nouveau.body


@pytest.mark.django_db
def test_adresse_jamais_confirmee_recoit_de_nouveau_son_lien(client, courriels):
    UtilisateurFactory(email="alix@exemple.fr", is_active=False, email_verifie_le=None)
    with courriels.envoi():
        client.post(URL, {**VALIDE, "email": "alix@exemple.fr"})
    [message] = courriels.outbox
    assert message.to == ["alix@exemple.fr"] and "/comptes/verifier/" in message.body


@pytest.mark.django_db
def test_lien_de_confirmation_falsifie(client):
    reponse = client.get(reverse("comptes:verifier_email", args=["faux-jeton"]))
    assert reponse.status_code == 400
    assert "n’est pas ou plus valable" in reponse.text


@pytest.mark.django_db
def test_connecte_ne_se_reinscrit_pas(client):
    client.force_login(UtilisateurFactory())
    assert client.get(URL)["Location"] == reverse("comptes:espace")


def test_mot_de_passe_de_test_respecte_les_regles():
    assert len(MOT_DE_PASSE) >= 12
