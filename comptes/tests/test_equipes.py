"""Coordinators' teams: invite by signed link, accept or decline once, leave with dates."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from comptes.acces import perimetre
from comptes.models import Evenement, InvitationEquipe, MembreEquipe, Notification
from comptes.roles import Role
from comptes.tests.factories import habilitation
from structures.tests.factories import StructureFactory


@pytest.fixture
def coordination(db):
    return habilitation(Role.COORDINATEUR)


@pytest.fixture
def conseiller(db):
    return habilitation(Role.CONSEILLER, structure=StructureFactory()).utilisateur


def lien_du_courriel(message) -> str:
    return re.search(r"http://\S+/comptes/equipe/\S+/", message.body).group(0)


@pytest.mark.django_db
def test_inviter_accepter_puis_quitter(client, coordination, conseiller, courriels):
    client.force_login(coordination.utilisateur)
    with courriels.envoi():
        reponse = client.post(reverse("comptes:equipe"), {"email": conseiller.email.upper()})
    assert reponse.status_code == 302
    [message] = courriels.outbox
    assert message.to == [conseiller.email]
    assert Notification.objects.filter(destinataire=conseiller).count() == 1
    # A second click while the first is pending changes nothing.
    doublon = client.post(reverse("comptes:equipe"), {"email": conseiller.email})
    assert "déjà en attente" in doublon.text
    assert InvitationEquipe.objects.count() == 1

    lien = lien_du_courriel(message).split("http://127.0.0.1:8000")[-1]
    client.force_login(coordination.utilisateur)
    assert client.get(lien).status_code == 400  # not the invited person
    client.force_login(conseiller)
    assert "vous invite" in client.get(lien).text
    client.post(lien, {"reponse": "accepter"})
    membre = MembreEquipe.objects.get()
    assert membre.debut == timezone.localdate() and membre.fin is None
    assert conseiller.pk in perimetre(coordination).equipe_ids
    assert client.get(lien).status_code == 400  # answered once

    client.post(reverse("comptes:equipe_terminer", args=[membre.pk]))
    membre.refresh_from_db()
    assert membre.fin == timezone.localdate()
    assert conseiller.pk not in perimetre(coordination).equipe_ids
    assert set(
        Evenement.objects.filter(action__startswith="equipe.").values_list("action", flat=True)
    ) == {
        "equipe.invitation",
        "equipe.acceptation",
        "equipe.fin",
    }


@pytest.mark.django_db
def test_decliner(client, coordination, conseiller, courriels):
    from comptes import equipes

    invitation = equipes.inviter(coordination, conseiller.email)
    client.force_login(conseiller)
    client.post(
        reverse("comptes:equipe_invitation", args=[equipes.jeton(invitation)]),
        {"reponse": "refuser"},
    )
    invitation.refresh_from_db()
    assert invitation.refusee_le and not MembreEquipe.objects.exists()


@pytest.mark.django_db
def test_adresse_inconnue_et_tiers(client, coordination, conseiller):
    client.force_login(coordination.utilisateur)
    reponse = client.post(reverse("comptes:equipe"), {"email": "inconnu@exemple.fr"})
    assert "Aucun conseiller numérique en poste" in reponse.text
    membre = MembreEquipe.objects.create(coordination=coordination, conseiller=conseiller)
    client.force_login(habilitation(Role.COORDINATEUR).utilisateur)
    assert client.post(reverse("comptes:equipe_terminer", args=[membre.pk])).status_code == 404
    membre.refresh_from_db()
    assert membre.fin is None


@pytest.mark.django_db
def test_lien_falsifie(client, conseiller):
    client.force_login(conseiller)
    assert client.get(reverse("comptes:equipe_invitation", args=["faux"])).status_code == 400
