"""Request B: renewing a convention (reconventionnement, phase 2, three years).

B goes to neither the prefecture nor the committee: it is instructed with the convention,
by the paying operator. Accepting ends the running convention and opens a new one
("renouvellement", to sign, three years) that takes over the posts not returned, their
contracts running on; the subsidies already granted keep their schedule on the convention
that granted them, and each contract going on gets a subsidy file for the new convention,
instructed and scheduled like a first one [002 B: « renouveler leur convention pour une
durée de 3 ans »].
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.services import ActionImpossible
from instruction.choix import StatutDemande, TypeDemande
from instruction.models import Demande
from instruction.rules import STATUTS_OUVERTS
from instruction.services import changer_statut_demande

from .choix import STATUTS_EN_COURS, EtatPoste, PhaseConvention, StatutConvention
from .dossiers import ouvrir_dossier
from .models import Contrat, Convention, Poste
from .notifications import ecrire_a_la_structure


def demandes_ouvertes():
    return Demande.objects.filter(type=TypeDemande.B, statut__in=STATUTS_OUVERTS)


@transaction.atomic
def traiter_renouvellement(
    demande_id: int, *, accepter: bool, motif: str = "", par=None, request=None
) -> Convention | None:
    """Accept (returns the new convention) or refuse (with a reason) a request B."""
    try:
        demande = (
            Demande.objects.select_for_update(of=("self",))
            .select_related("structure")
            .get(pk=demande_id, type=TypeDemande.B)
        )
    except Demande.DoesNotExist:
        raise ActionImpossible("Cette demande de renouvellement n’existe pas.") from None
    if demande.statut not in STATUTS_OUVERTS:
        raise ActionImpossible("Cette demande a déjà été traitée.")
    if not accepter:
        if not motif.strip():
            raise ActionImpossible("Indiquez le motif du refus.")
        changer_statut_demande(
            demande, StatutDemande.REFUSEE, par=par, motif=motif.strip(), request=request
        )
        return None
    ancienne = (
        Convention.objects.select_for_update(of=("self",))
        .filter(structure_id=demande.structure_id, statut__in=STATUTS_EN_COURS)
        .first()
    )
    if ancienne is None or ancienne.statut != StatutConvention.SIGNEE:
        raise ActionImpossible("Seule une convention signée et en cours peut être renouvelée.")
    aujourd_hui = timezone.localdate()
    ancienne.statut = StatutConvention.TERMINEE
    ancienne.date_fin = max(aujourd_hui, ancienne.date_debut or aujourd_hui)
    ancienne.save(update_fields=["statut", "date_fin"])
    nouvelle = Convention.objects.create(
        structure_id=demande.structure_id,
        phase=PhaseConvention.RENOUVELLEMENT,
        statut=StatutConvention.A_SIGNER,
        date_decision=aujourd_hui,
    )
    postes = (
        Poste.objects.select_for_update()
        .filter(convention=ancienne)
        .exclude(etat=EtatPoste.RENDU)
        .values_list("pk", flat=True)
    )
    deplaces = Poste.objects.filter(pk__in=list(postes)).update(convention=nouvelle)
    # Phase 2 funds the contracts that go on like a first convention: one subsidy file each,
    # instructed by the operator; their schedule runs once the new convention is signed.
    ouverts = [
        ouvrir_dossier(
            contrat.mise_en_relation, nouvelle, motif="renouvellement de la convention", par=par
        )
        for contrat in Contrat.objects.en_cours()
        .filter(poste__convention=nouvelle)
        .select_related("mise_en_relation")
        .order_by("pk")
    ]
    if ouverts:
        ecrire_a_la_structure(
            nouvelle.structure,
            "Votre convention est renouvelée : complétez vos dossiers de subvention",
            "renouvellement_dossiers",
            convention=nouvelle,
            dossiers=ouverts,
        )
    changer_statut_demande(
        demande,
        StatutDemande.ACCEPTEE,
        par=par,
        motif="Convention de renouvellement ouverte.",
        request=request,
    )
    journaliser(
        "conventions.renouvellement",
        f"Convention de {demande.structure.nom} renouvelée : nouvelle convention à signer "
        f"({deplaces} poste{'s' if deplaces > 1 else ''})",
        acteur=par,
        cible=nouvelle,
        details={
            "ancienne": ancienne.pk,
            "demande": demande.pk,
            "postes": deplaces,
            "dossiers": [d.pk for d in ouverts],
        },
        request=request,
    )
    return nouvelle
