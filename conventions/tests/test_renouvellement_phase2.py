"""B, second reading (issue 16): a renewed convention (phase 2) opens its subsidy files and
schedule like a first convention; a renewed contract follows the same path.

Seed 002, « B. Renouveler sa convention »: « les structures qui souhaitent renouveler leur
convention pour une durée de 3 ans doivent en faire la demande. »

Reading: each contract going on into phase 2 gets a new subsidy file for the renewed
convention, computed by the structure's AMI like a first one (the sources give no other
amount), its tranches running from the renewed convention's signature (or the contract's,
if later); the renewed convention lasts 36 months. A renewed contract opens a file only
where its convention has no subsidy for the post yet: one subsidy per post and convention.
"""

import pytest
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions import dossiers, paiements
from conventions.choix import PhaseConvention
from conventions.models import Subvention
from conventions.renouvellements import traiter_renouvellement
from conventions.rules import ajouter_mois
from instruction import services as instruction
from instruction.choix import TypeDemande
from recrutement import services as recrutement
from recrutement.models import DossierSubvention
from recrutement.tests.factories import contrat

from .factories import fichier_pdf, il_y_a, recrutement_finalise, subvention_acceptee
from .test_seconde_lecture import _texte

pytestmark = pytest.mark.usefixtures("sans_conditions")


def _completer(dossier):
    for type_piece in dossiers.pieces_requises(dossier.structure):
        piece = dossiers.deposer_piece(
            dossier.pk,
            type_piece=type_piece,
            fichier=fichier_pdf(f"{type_piece}.pdf"),
            structure_id=dossier.structure_id,
        )
        dossiers.verifier_piece(piece.pk, accepter=True)


@pytest.mark.django_db
def test_la_convention_renouvelee_ouvre_dossier_et_echeancier(client, bordeaux, courriels):
    mer = recrutement_finalise(commune=bordeaux)
    premiere = subvention_acceptee(mer, signer_le=il_y_a(700))
    demande = instruction.deposer_demande(structure=mer.structure, type=TypeDemande.B)
    with courriels.envoi():
        nouvelle = traiter_renouvellement(demande.pk, accepter=True)
    assert any("complétez vos dossiers" in m.subject for m in courriels.outbox)
    dossier = DossierSubvention.objects.get(mise_en_relation=mer, convention=nouvelle)
    assert dossier.statut == DossierSubvention.Statut.A_INSTRUIRE
    # What the operator reads before signing: three years.
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    page = _texte(client.get(f"/conventions/{nouvelle.pk}/"))
    assert "Durée de la convention : <strong>36 mois</strong>" in page and "3 ans" in page
    _completer(dossier)
    subvention = dossiers.accepter_dossier(dossier.pk)
    assert subvention.convention == nouvelle and subvention.montant == premiere.montant
    assert not subvention.tranches.exists()  # planned once the renewed convention is signed
    le = timezone.localdate()
    signee = paiements.signer_convention(nouvelle.pk, date_signature=le)
    assert (signee.phase, signee.duree_mois) == (PhaseConvention.RENOUVELLEMENT, 36)
    assert [t.due_le for t in subvention.tranches.order_by("rang")] == [
        ajouter_mois(le, 1),
        ajouter_mois(le, 6),
        ajouter_mois(le, 12),
    ]
    # The first convention's subsidy keeps its own schedule.
    assert premiere.tranches.count() == 3 and premiere.convention_id != nouvelle.pk


@pytest.mark.django_db
@pytest.mark.parametrize("subvention_deja_accordee,nouveau_dossier", [(True, False), (False, True)])
def test_un_contrat_renouvele_suit_le_meme_chemin(
    bordeaux, subvention_deja_accordee, nouveau_dossier
):
    mer = recrutement_finalise(commune=bordeaux)
    if subvention_deja_accordee:
        subvention_acceptee(mer)
    valeurs = contrat()
    valeurs.pop("taille_tenue")
    valeurs.pop("fiche_publiee_le")
    nouveau = recrutement.initier_renouvellement(mer.pk, **valeurs)
    recrutement.valider_renouvellement(nouveau.pk)
    ouvert = DossierSubvention.objects.filter(mise_en_relation=nouveau).first()
    assert (ouvert is not None) is nouveau_dossier
    if nouveau_dossier:
        # The previous contract's open file on the same convention gives way to the new one.
        assert mer.dossiers_subvention.get().statut == DossierSubvention.Statut.ANNULE
        _completer(ouvert)
        assert dossiers.accepter_dossier(ouvert.pk).mise_en_relation == nouveau
    assert Subvention.objects.filter(poste=mer.poste).count() == 1
