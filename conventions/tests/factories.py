"""Factories of contracts and subsidies, built through the real services:

recrutement_finalise(commune)              # a structure, a post, an advisor in post (a contract)
dossier_complet(mer)                       # every required piece deposited and accepted
subvention_acceptee(mer, signer_le=...)    # the file accepted, the convention signed
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conventions import dossiers, paiements
from conventions.models import Contrat, Convention
from recrutement import services as recrutement
from recrutement.tests.factories import (
    candidat_a,
    contrat,
    gestionnaire,
    structure_avec_postes,
)

PDF = b"%PDF-1.4\n% piece de test\n%%EOF\n"


def fichier_pdf(nom="piece.pdf", contenu=PDF):
    return SimpleUploadedFile(nom, contenu, content_type="application/pdf")


def recrutement_valide(structure=None, *, commune=None, postes=1, **contrat_kwargs):
    """A validated candidature (subsidy file opened), not yet finalised."""
    if structure is None:
        structure = structure_avec_postes(commune, postes=postes)
        gestionnaire(structure)
    candidat = candidat_a(commune or structure.commune)
    recrutement.preselectionner(structure=structure, candidat_id=candidat.pk, notifier=False)
    return recrutement.valider_candidature(
        structure=structure, candidat_id=candidat.pk, notifier=False, **contrat(**contrat_kwargs)
    )


def recrutement_finalise(structure=None, *, commune=None, postes=1, **contrat_kwargs):
    """An advisor in post: the national team validated, the contract is open."""
    mer = recrutement_valide(structure, commune=commune, postes=postes, **contrat_kwargs)
    recrutement.finaliser_recrutement(mer.pk, notifier=False)
    mer.refresh_from_db()
    return mer


def contrat_de(mer) -> Contrat:
    return Contrat.objects.get(mise_en_relation=mer)


def dossier_complet(mer):
    dossier = mer.dossiers_subvention.get()
    for type_piece in dossiers.pieces_requises(mer.structure):
        piece = dossiers.deposer_piece(
            dossier.pk,
            type_piece=type_piece,
            fichier=fichier_pdf(f"{type_piece}.pdf"),
            structure_id=mer.structure_id,
        )
        dossiers.verifier_piece(piece.pk, accepter=True)
    return dossier


def subvention_acceptee(mer, *, signer_le: date | None = None, autres_aides=Decimal("0")):
    dossier = dossier_complet(mer)
    subvention = dossiers.accepter_dossier(dossier.pk, autres_aides=autres_aides)
    if signer_le is not None:
        # Test data dated in the past: the committee decided before the signature.
        Convention.objects.filter(pk=subvention.convention_id, date_decision__gt=signer_le).update(
            date_decision=signer_le
        )
        paiements.signer_convention(subvention.convention_id, date_signature=signer_le)
    subvention.refresh_from_db()
    return subvention


def il_y_a(jours: int) -> date:
    return timezone.localdate() - timedelta(days=jours)
