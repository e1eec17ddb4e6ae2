"""Request B: the operator renews a signed convention; its posts and running contracts move
to the new convention, the subsidies stay where they were granted."""

import pytest
from django.urls import reverse

from comptes.roles import Role
from comptes.services import ActionImpossible
from comptes.tests.factories import habilitation
from conventions.choix import PhaseConvention, StatutConvention
from conventions.models import Convention
from conventions.renouvellements import traiter_renouvellement
from conventions.selectors import postes_de_structure
from instruction import services as instruction
from instruction.choix import StatutDemande, TypeDemande

from .factories import contrat_de, il_y_a, recrutement_finalise, subvention_acceptee

pytestmark = pytest.mark.usefixtures("sans_conditions")


@pytest.mark.django_db
def test_accepter_un_renouvellement(bordeaux):
    mer = recrutement_finalise(commune=bordeaux, postes=2)
    subvention = subvention_acceptee(mer, signer_le=il_y_a(300))
    avant = postes_de_structure(mer.structure)
    demande = instruction.deposer_demande(structure=mer.structure, type=TypeDemande.B)
    nouvelle = traiter_renouvellement(demande.pk, accepter=True)
    ancienne = Convention.objects.get(pk=subvention.convention_id)
    assert ancienne.statut == StatutConvention.TERMINEE
    assert (nouvelle.phase, nouvelle.statut) == (
        PhaseConvention.RENOUVELLEMENT,
        StatutConvention.A_SIGNER,
    )
    assert contrat_de(mer).poste.convention == nouvelle
    assert postes_de_structure(mer.structure) == avant  # 1 filled / 2 allocated, still
    subvention.refresh_from_db()
    assert subvention.convention == ancienne and subvention.tranches.count() == 3
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.ACCEPTEE
    with pytest.raises(ActionImpossible, match="déjà été traitée"):
        traiter_renouvellement(demande.pk, accepter=True)


@pytest.mark.django_db
def test_une_convention_non_signee_ne_se_renouvelle_pas(bordeaux):
    mer = recrutement_finalise(commune=bordeaux)
    demande = instruction.deposer_demande(structure=mer.structure, type=TypeDemande.B)
    with pytest.raises(ActionImpossible, match="signée"):
        traiter_renouvellement(demande.pk, accepter=True)
    with pytest.raises(ActionImpossible, match="motif"):
        traiter_renouvellement(demande.pk, accepter=False)
    traiter_renouvellement(demande.pk, accepter=False, motif="Convention à signer d’abord.")
    demande.refresh_from_db()
    assert demande.statut == StatutDemande.REFUSEE


@pytest.mark.django_db
def test_page_des_renouvellements(client, bordeaux):
    mer = recrutement_finalise(commune=bordeaux)
    subvention_acceptee(mer, signer_le=il_y_a(30))
    demande = instruction.deposer_demande(structure=mer.structure, type=TypeDemande.B)
    client.force_login(habilitation(Role.PREFECTURE, departement=bordeaux.departement).utilisateur)
    assert client.get(reverse("conventions:renouvellements")).status_code == 404
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    assert mer.structure.nom in client.get(reverse("conventions:renouvellements")).content.decode()
    reponse = client.post(
        reverse("conventions:traiter_renouvellement", args=[demande.pk]), {"decision": "accepter"}
    )
    nouvelle = Convention.objects.get(structure=mer.structure, statut=StatutConvention.A_SIGNER)
    assert reponse.url == reverse("conventions:convention", args=[nouvelle.pk])
