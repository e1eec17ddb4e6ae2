"""Business actions on requests and committee decisions: one transaction, one audit event."""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.services import ActionImpossible
from structures.choix import StatutStructure
from structures.models import Structure
from structures.services import appliquer_statut

from .choix import AvisComite, PosteCoordinateur, StatutDemande, TypeDemande, TypePoste
from .models import DecisionComite, Demande, HistoriqueDemande
from .rules import STATUTS_OUVERTS, effets_decision, verifier_transition

# A structure applies again after a refusal: its status goes back to "non traitée".
_REPRISE_APRES_REFUS = (StatutStructure.REFUS_COSELEC, StatutStructure.REFUS_COORDINATEUR)


def _historiser(demande, de, vers, *, par, motif, le) -> None:
    HistoriqueDemande.objects.create(demande=demande, de=de, vers=vers, le=le, par=par, motif=motif)


def _transition(demande: Demande, vers: str, *, par, motif: str, le: datetime) -> None:
    """Move a locked request to ``vers`` along the transition table, with its history row."""
    try:
        verifier_transition(demande.type, demande.statut, vers)
    except ValueError as erreur:
        raise ActionImpossible(str(erreur)) from None
    de = demande.statut
    demande.statut = vers
    demande.cloturee_le = None if vers in STATUTS_OUVERTS else le
    demande.save(update_fields=["statut", "cloturee_le", "modifiee_le"])
    _historiser(demande, de, vers, par=par, motif=motif, le=le)


@transaction.atomic
def deposer_demande(
    *,
    structure: Structure,
    type: str,
    par=None,
    nombre_postes: int = 0,
    poste_coordinateur: str = PosteCoordinateur.AUCUN,
    transfert: bool = False,
    structure_origine: Structure | None = None,
    date_debut_souhaitee: date | None = None,
    lieux_missions: str = "",
    politiques_prioritaires=(),
    motivation: str = "",
    candidat_identifie: bool = False,
    engagement: bool = False,
    le: datetime | None = None,
    request=None,
) -> Demande:
    """File a request for a structure. A structure has at most one open request A: the
    structure row is locked so that two simultaneous filings cannot both pass."""
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    le = le or timezone.now()
    if type == TypeDemande.A:
        if Demande.objects.filter(
            structure=structure, type=TypeDemande.A, statut__in=STATUTS_OUVERTS
        ).exists():
            raise ActionImpossible("Cette structure a déjà une candidature en cours d’instruction.")
        if structure.statut in _REPRISE_APRES_REFUS:
            appliquer_statut(structure, StatutStructure.CREEE)
        elif structure.statut != StatutStructure.CREEE:
            raise ActionImpossible(
                f"Une structure « {structure.get_statut_display()} » ne peut pas déposer de "
                "candidature au dispositif."
            )
        if not engagement:
            raise ActionImpossible(
                "La candidature suppose d’accepter les engagements du dispositif."
            )
    if transfert and structure_origine is not None and structure_origine.pk == structure.pk:
        raise ActionImpossible("Un transfert vient d’une autre structure.")
    demande = Demande.objects.create(
        structure=structure,
        type=type,
        nombre_postes=nombre_postes,
        poste_coordinateur=poste_coordinateur,
        transfert=transfert,
        structure_origine=structure_origine,
        date_debut_souhaitee=date_debut_souhaitee,
        lieux_missions=lieux_missions,
        politiques_prioritaires=list(politiques_prioritaires),
        motivation=motivation,
        candidat_identifie=candidat_identifie,
        engagement_le=le if engagement else None,
        deposee_le=le,
        deposee_par=par,
    )
    _historiser(demande, "", StatutDemande.DEPOSEE, par=par, motif="Demande déposée", le=le)
    journaliser(
        "demande.deposee",
        f"{structure.nom} dépose une demande « {demande.get_type_display()} »"
        + (f" ({nombre_postes} poste{'s' if nombre_postes > 1 else ''})" if nombre_postes else ""),
        acteur=par,
        cible=structure,
        details={
            "demande": demande.pk,
            "type": type,
            "nombre_postes": nombre_postes,
            "poste_coordinateur": poste_coordinateur,
            "transfert": transfert,
        },
        request=request,
    )
    return demande


@transaction.atomic
def changer_statut_demande(
    demande: Demande,
    vers: str,
    *,
    par=None,
    motif: str = "",
    le: datetime | None = None,
    request=None,
) -> Demande:
    demande = Demande.objects.select_for_update().select_related("structure").get(pk=demande.pk)
    ancien = demande.get_statut_display()
    _transition(demande, vers, par=par, motif=motif, le=le or timezone.now())
    journaliser(
        "demande.statut",
        f"Demande « {demande.get_type_display()} » de {demande.structure.nom} : "
        f"« {ancien} » → « {demande.get_statut_display()} »",
        acteur=par,
        cible=demande.structure,
        details={"demande": demande.pk, "vers": vers, "motif": motif},
        request=request,
    )
    return demande


def cloturer_demandes_ouvertes(structure: Structure, vers: str, *, par, motif: str) -> int:
    """Close every open request of a structure (inside the caller's transaction)."""
    le = timezone.now()
    demandes = Demande.objects.select_for_update().filter(
        structure=structure, statut__in=STATUTS_OUVERTS
    )
    n = 0
    for demande in demandes:
        _transition(demande, vers, par=par, motif=motif, le=le)
        n += 1
    return n


@transaction.atomic
def enregistrer_decision_comite(
    *,
    structure: Structure,
    avis: str,
    nombre_postes: int,
    numero_comite: int,
    date_comite: date,
    phase: str,
    demande: Demande | None = None,
    type_poste: str = TypePoste.CONSEILLER,
    prioritaire: bool = False,
    observations: str = "",
    par=None,
    le: datetime | None = None,
    request=None,
) -> DecisionComite:
    """Record a selection committee decision on a structure (and on the request it answers):
    a new history row, then the statuses it implies (``rules.effets_decision``)."""
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    if demande is not None:
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        if demande.structure_id != structure.pk:
            raise ActionImpossible("Cette demande n’est pas celle de cette structure.")
        if not demande.est_ouverte:
            raise ActionImpossible("Cette demande est déjà close.")
    if avis != AvisComite.POSITIF and nombre_postes:
        raise ActionImpossible("Seul un avis favorable attribue des postes.")
    if DecisionComite.objects.filter(
        structure=structure, numero_comite=numero_comite, type_poste=type_poste
    ).exists():
        raise ActionImpossible(f"Le comité n° {numero_comite} a déjà statué sur cette structure.")
    le = le or timezone.now()
    effets = effets_decision(
        avis, type_poste, structure.statut, nombre_postes, avec_demande=demande is not None
    )
    decision = DecisionComite.objects.create(
        structure=structure,
        demande=demande,
        avis=avis,
        type_poste=type_poste,
        nombre_postes=nombre_postes,
        numero_comite=numero_comite,
        date_comite=date_comite,
        phase=phase,
        prioritaire=prioritaire,
        observations=observations,
        saisie_par=par,
    )
    motif = f"Comité de sélection n° {numero_comite} du {date_comite:%d/%m/%Y} : avis {AvisComite(avis).label.lower()}"
    if effets.statut_structure:
        try:
            appliquer_statut(structure, effets.statut_structure)
        except ValueError as erreur:
            raise ActionImpossible(str(erreur)) from None
    if effets.statut_demande and effets.statut_demande != demande.statut:
        _transition(demande, effets.statut_demande, par=par, motif=motif, le=le)
    journaliser(
        "comite.decision",
        f"{motif} pour {structure.nom} – {nombre_postes} poste{'s' if nombre_postes > 1 else ''} "
        f"({TypePoste(type_poste).label.lower()})",
        acteur=par,
        cible=structure,
        details={
            "decision": decision.pk,
            "demande": demande.pk if demande else None,
            "avis": avis,
            "nombre_postes": nombre_postes,
            "numero_comite": numero_comite,
            "phase": phase,
            "statut_structure": structure.statut,
        },
        request=request,
    )
    return decision
