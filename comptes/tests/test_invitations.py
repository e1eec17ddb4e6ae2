import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comptes import services
from comptes.models import Evenement, Habilitation, Invitation
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, UtilisateurFactory, habilitation
from noyau.tests.outils import chemin_du_lien
from territoires.tests.factories import DepartementFactory


@pytest.mark.django_db
def test_anct_invite_une_prefecture_qui_cree_son_compte(client, courriels):
    anct = habilitation(Role.ANCT)
    departement = DepartementFactory(code="33", nom="Gironde")
    client.force_login(anct.utilisateur)
    with courriels.envoi():
        reponse = client.post(
            reverse("comptes:invitations"),
            {"email": "pref@gironde.gouv.fr", "role": Role.PREFECTURE, "departement": "33"},
            follow=True,
        )
    assert "Invitation envoyée à pref@gironde.gouv.fr" in reponse.text
    [message] = courriels.outbox
    assert "Préfecture" in message.body
    client.logout()

    lien = chemin_du_lien(message)
    reponse = client.get(lien)
    assert "Créez votre compte pour" in reponse.text
    reponse = client.post(
        lien,
        {
            "prenom": "Léa",
            "nom": "Morel",
            "mot_de_passe1": MOT_DE_PASSE,
            "mot_de_passe2": MOT_DE_PASSE,
        },
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == "/pilotage/"
    h = Habilitation.objects.get(utilisateur__email="pref@gironde.gouv.fr")
    assert h.role == Role.PREFECTURE and h.departement == departement
    assert Evenement.objects.filter(action="invitation.acceptee").count() == 1
    # The link cannot be used twice.
    client.logout()
    assert client.get(lien).status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize(
    "donnees,message",
    [
        ({"role": Role.PREFECTURE}, "Une préfecture a soit un département, soit une région."),
        ({"role": Role.STRUCTURE}, "Ce rôle demande de choisir ce périmètre."),
        ({"role": Role.HUB}, "Un hub couvre au moins un département."),
        ({"role": Role.CANDIDAT, "departement": "33"}, "Seule une préfecture a un département."),
        ({"role": "pirate"}, "Sélectionnez un choix valide."),
    ],
)
def test_invitation_incoherente_refusee(client, courriels, donnees, message):
    DepartementFactory(code="33")
    client.force_login(habilitation(Role.ANCT).utilisateur)
    with courriels.envoi():
        reponse = client.post(reverse("comptes:invitations"), {"email": "x@exemple.fr", **donnees})
    assert message in reponse.text
    assert not Invitation.objects.exists()
    assert courriels.outbox == []


@pytest.mark.django_db
def test_gestionnaire_invite_un_collegue_de_sa_structure(client, courriels):
    contact = habilitation(Role.STRUCTURE)
    client.force_login(contact.utilisateur)
    with courriels.envoi():
        client.post(reverse("comptes:gestionnaires"), {"email": "collegue@mairie.fr"})
    [message] = courriels.outbox
    collegue = UtilisateurFactory(email="collegue@mairie.fr")
    client.force_login(collegue)
    client.post(chemin_du_lien(message))
    h = Habilitation.objects.get(utilisateur=collegue)
    assert h.structure == contact.structure
    reponse = client.get(reverse("comptes:gestionnaires"))
    assert contact.utilisateur.email in reponse.text and "collegue@mairie.fr" in reponse.text


@pytest.mark.django_db
def test_invitation_pour_une_autre_adresse_refusee(client, courriels):
    anct = habilitation(Role.ANCT)
    with courriels.envoi():
        services.inviter(par=anct.utilisateur, email="a@exemple.fr", role=Role.OPERATEUR, portee={})
    intrus = UtilisateurFactory(email="b@exemple.fr")
    client.force_login(intrus)
    reponse = client.post(chemin_du_lien(courriels.outbox[0]), follow=True)
    assert "envoyée à une autre adresse" in reponse.text
    assert not Habilitation.objects.filter(utilisateur=intrus).exists()


@pytest.mark.django_db
def test_invitation_expiree(client, courriels):
    anct = habilitation(Role.ANCT)
    with courriels.envoi():
        invitation = services.inviter(
            par=anct.utilisateur, email="a@exemple.fr", role=Role.OPERATEUR, portee={}
        )
    Invitation.objects.filter(pk=invitation.pk).update(
        expire_le=timezone.now() - timedelta(minutes=1)
    )
    reponse = client.get(chemin_du_lien(courriels.outbox[0]))
    assert reponse.status_code == 400


@pytest.mark.django_db(transaction=True)
def test_double_acceptation_simultanee_une_seule_habilitation():
    """Two requests accept the same invitation at once: the row lock lets one through."""
    anct = habilitation(Role.ANCT)
    invitation = services.inviter(
        par=anct.utilisateur, email="a@exemple.fr", role=Role.OPERATEUR, portee={}
    )
    invite = UtilisateurFactory(email="a@exemple.fr")
    barriere = threading.Barrier(2)
    resultats = []

    def accepter():
        try:
            barriere.wait()
            services.accepter_invitation(invitation.pk, invite)
            resultats.append("ok")
        except services.ActionImpossible as erreur:
            resultats.append(str(erreur))
        finally:
            connection.close()

    fils = [threading.Thread(target=accepter) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(resultats) == ["Cette invitation a déjà été acceptée.", "ok"]
    assert Habilitation.objects.filter(utilisateur=invite).count() == 1


@pytest.mark.django_db
def test_invitation_d_un_compte_sans_mot_de_passe_et_role_actif(client, courriels):
    """Issue 14: a candidate whose account never had a usable password is invited as an
    advisor; the invitation lets them choose a password, and the role just accepted is the
    active one — at once and at the next login (not the candidate space)."""
    from candidats.tests.factories import CandidatFactory
    from structures.tests.factories import StructureFactory

    structure = StructureFactory()
    candidat = CandidatFactory(utilisateur__email="louis@exemple.fr")
    candidat.utilisateur.set_unusable_password()
    candidat.utilisateur.save()
    with courriels.envoi():
        services.inviter(
            par=None,
            email="louis@exemple.fr",
            role=Role.CONSEILLER,
            portee={"structure": structure},
        )
    lien = chemin_du_lien(courriels.outbox[-1])
    reponse = client.get(lien)
    assert "Choisissez votre mot de passe" in reponse.text
    reponse = client.post(
        lien, {"mot_de_passe1": "Un-mot-de-passe-solide-26", "mot_de_passe2": "Autre"}
    )
    assert "Les deux mots de passe ne correspondent pas." in reponse.text
    assert not Habilitation.objects.filter(role=Role.CONSEILLER).exists()
    reponse = client.post(
        lien,
        {
            "mot_de_passe1": "Un-mot-de-passe-solide-26",
            "mot_de_passe2": "Un-mot-de-passe-solide-26",
        },
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == reverse("activite:accueil")
    assert "Nouveau compte rendu" in reponse.text
    client.logout()
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": "louis@exemple.fr", "password": "Un-mot-de-passe-solide-26"},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == reverse("activite:accueil")
