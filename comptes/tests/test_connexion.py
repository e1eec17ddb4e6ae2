import pytest
from django.urls import reverse

from comptes.models import Evenement
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, UtilisateurFactory, habilitation

URL = reverse("comptes:connexion")


@pytest.mark.django_db
def test_connexion_mene_a_l_espace_du_role(client):
    h = habilitation(Role.PREFECTURE)
    reponse = client.post(
        URL, {"username": h.utilisateur.email, "password": MOT_DE_PASSE}, follow=True
    )
    # A prefecture's home is its dashboard (pilotage).
    assert reponse.redirect_chain[-1][0] == "/pilotage/"
    assert "Tableau de bord" in reponse.text
    assert Evenement.objects.filter(action="securite.connexion", acteur=h.utilisateur).exists()


@pytest.mark.django_db
def test_connexion_insensible_a_la_casse_de_l_adresse(client):
    utilisateur = UtilisateurFactory(email="dominique@exemple.fr")
    client.post(URL, {"username": "Dominique@Exemple.FR", "password": MOT_DE_PASSE})
    assert client.get(reverse("comptes:espace")).wsgi_request.user == utilisateur


@pytest.mark.django_db
@pytest.mark.parametrize(
    "donnees,champ,message",
    [
        ({"username": "", "password": ""}, "username", "Ce champ est obligatoire."),
        (
            {"username": "pas-une-adresse", "password": "x"},
            "username",
            "Saisissez une adresse de courriel valide.",
        ),
        (
            {"username": "inconnu@exemple.fr", "password": "x"},
            None,
            "Adresse électronique ou mot de passe incorrect.",
        ),
    ],
)
def test_erreurs_de_connexion_claires(client, donnees, champ, message):
    reponse = client.post(URL, donnees)
    assert reponse.status_code == 200
    assert message in reponse.text
    assert "Le formulaire contient" in reponse.text
    if champ:
        assert 'aria-invalid="true"' in reponse.text or "fr-input-group--error" in reponse.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_compte_non_confirme_explique_pourquoi(client):
    utilisateur = UtilisateurFactory(non_confirme=True)
    reponse = client.post(URL, {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert "pas encore confirmée" in reponse.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_verrouillage_apres_echecs_repetes(client, settings):
    utilisateur = UtilisateurFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        reponse = client.post(URL, {"username": utilisateur.email, "password": "mauvais"})
        assert "incorrect" in reponse.text
    reponse = client.post(URL, {"username": utilisateur.email, "password": "mauvais"})
    assert reponse.status_code == 429
    assert "bloquée pendant 30 minutes" in reponse.text
    # Even the right password is refused while locked out.
    reponse = client.post(URL, {"username": utilisateur.email, "password": MOT_DE_PASSE})
    assert reponse.status_code == 429
    assert "_auth_user_id" not in client.session
    assert Evenement.objects.filter(action="securite.verrouillage").count() >= 1
    assert (
        Evenement.objects.filter(action="securite.echec_connexion").count()
        >= settings.AXES_FAILURE_LIMIT
    )


@pytest.mark.django_db
def test_verrouillage_d_un_compte_n_empeche_pas_les_autres(client, settings):
    victime, autre = UtilisateurFactory(), UtilisateurFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, {"username": victime.email, "password": "mauvais"})
    client.post(URL, {"username": autre.email, "password": MOT_DE_PASSE})
    assert client.session["_auth_user_id"] == str(autre.pk)


@pytest.mark.django_db
def test_deconnexion_par_post(client):
    h = habilitation(Role.CANDIDAT)
    client.force_login(h.utilisateur)
    reponse = client.post(reverse("comptes:deconnexion"))
    assert reponse.status_code == 302
    assert client.get(reverse("comptes:espace")).status_code == 302  # back to the login page


@pytest.mark.django_db
def test_session_expire_avec_l_inactivite(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_mots_de_passe_hashes_en_argon2(settings):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
