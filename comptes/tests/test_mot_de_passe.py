import pytest
from django.urls import reverse

from comptes.tests.factories import UtilisateurFactory
from noyau.tests.outils import chemin_du_lien

URL = reverse("comptes:mot_de_passe_oublie")


@pytest.mark.django_db
def test_reinitialisation_complete(client, courriels):
    utilisateur = UtilisateurFactory(email="sam@exemple.fr")
    with courriels.envoi():
        reponse = client.post(URL, {"email": "sam@exemple.fr"}, follow=True)
    assert "Vérifiez votre messagerie" in reponse.text
    [message] = courriels.outbox
    assert "Réinitialisation" in message.subject
    reponse = client.get(chemin_du_lien(message), follow=True)
    formulaire = reponse.redirect_chain[-1][0]
    reponse = client.post(
        formulaire, {"new_password1": "Nouveau-mot-de-passe-2026", "new_password2": "Autre"}
    )
    assert "Les deux mots de passe ne correspondent pas." in reponse.text
    reponse = client.post(
        formulaire,
        {
            "new_password1": "Nouveau-mot-de-passe-2026",
            "new_password2": "Nouveau-mot-de-passe-2026",
        },
        follow=True,
    )
    assert "Votre mot de passe est modifié" in reponse.text
    utilisateur.refresh_from_db()
    assert utilisateur.check_password("Nouveau-mot-de-passe-2026")
    # The link is single-use.
    reponse = client.get(chemin_du_lien(message), follow=True)
    assert "n’est plus valable" in reponse.text


@pytest.mark.django_db
def test_adresse_inconnue_meme_reponse_sans_courriel(client, courriels):
    with courriels.envoi():
        reponse = client.post(URL, {"email": "personne@exemple.fr"}, follow=True)
    assert "Vérifiez votre messagerie" in reponse.text
    assert courriels.outbox == []


@pytest.mark.django_db
def test_adresse_mal_formee(client, courriels):
    with courriels.envoi():
        reponse = client.post(URL, {"email": "pas une adresse"})
    assert "Saisissez une adresse de courriel valide." in reponse.text
    assert courriels.outbox == []


@pytest.mark.django_db
def test_un_compte_sans_mot_de_passe_utilisable_recoit_le_lien_vers_l_adresse_du_site(
    client, courriels, settings
):
    """Issue 14: « Mot de passe oublié » said « sent » and sent nothing to an account that
    never had a usable password; the link points at the configured site address."""
    settings.SITE_URL = "https://conseiller-numerique.example.gouv.fr"
    utilisateur = UtilisateurFactory(email="louis@exemple.fr")
    utilisateur.set_unusable_password()
    utilisateur.save()
    with courriels.envoi():
        client.post(URL, {"email": "louis@exemple.fr"}, follow=True)
    [message] = courriels.outbox
    assert "https://conseiller-numerique.example.gouv.fr/comptes/" in message.body
    reponse = client.get(chemin_du_lien(message), follow=True)
    formulaire = reponse.redirect_chain[-1][0]
    client.post(
        formulaire,
        {
            "new_password1": "Nouveau-mot-de-passe-2026",
            "new_password2": "Nouveau-mot-de-passe-2026",
        },
    )
    utilisateur.refresh_from_db()
    assert utilisateur.check_password("Nouveau-mot-de-passe-2026")
