"""Scoped reads of requests, opinions and committees, and the committee's input data."""

from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q, Sum

from comptes.acces import Perimetre, filtrer_par_departement
from comptes.roles import Role
from conventions.choix import STATUTS_EN_COURS, EtatPoste
from conventions.choix import TypePoste as TypePosteConvention
from conventions.models import Poste
from conventions.selectors import postes_par_departement
from structures.rules import eligibilite
from territoires.models import CalculCibles, Cible

from .choix import Avis, Resultat, StatutComite, TypeDemande, TypePoste
from .models import AvisPrefecture, Comite, DecisionComite, Demande, HistoriqueDemande
from .rules import (
    AVIS_PREFECTURE,
    COMITE,
    STATUTS_OUVERTS,
    DemandeComite,
    Derogation,
    disponibles_au_niveau_national,
    postes_attribues_depuis,
)

T = TypeDemande
OUVERTS = sorted(STATUTS_OUVERTS)
# The national objective when the admin has not computed targets yet [domain.md].
TOTAL_NATIONAL_DEFAUT = 4000


def demandes_de_structure(structure):
    """A structure's requests, newest first, with their history (two queries in all)."""
    return (
        Demande.objects.filter(structure=structure)
        .select_related("structure_origine", "structure_destination")
        .prefetch_related(
            Prefetch("historique", queryset=HistoriqueDemande.objects.select_related("par"))
        )
    )


def decisions_de_structure(structure):
    """The committee decisions on a structure, oldest first (history order)."""
    return DecisionComite.objects.filter(structure=structure).select_related("demande", "comite")


def postes_attribues_structure(structure, decisions) -> int:
    """The quota read from the decision history, as the real platform's getCoselec()."""
    from structures.rules import STATUTS_ACTIFS

    return postes_attribues_depuis(
        structure.statut in STATUTS_ACTIFS,
        [(d.avis, d.phase, d.nombre_postes) for d in decisions],
    )


def derniere_decision_favorable(structure):
    """The last committee decision that granted posts to the structure (for its space)."""
    return (
        DecisionComite.objects.filter(structure=structure, postes_accordes__gt=0)
        .exclude(demande__type__in=[T.E, T.F, T.G, T.H])
        .select_related("demande", "comite")
        .order_by("-date_comite", "-pk")
        .first()
    )


# --- Scoped lists -----------------------------------------------------------------------------


def demandes_for_user(p: Perimetre):
    """Requests in scope: national roles all, prefecture and hub their départements, a
    structure its own, anyone else none."""
    qs = Demande.objects.select_related(
        "structure", "structure__departement", "structure_origine", "structure_destination"
    ).select_related("avis")
    if p.national:
        return qs
    if p.role in (Role.PREFECTURE, Role.HUB):
        return filtrer_par_departement(qs, p, champ="structure__departement")
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(structure_id=p.structure_id)
    return qs.none()


def a_instruire_for_user(p: Perimetre):
    """Open requests that need the prefecture's opinion (A, C, H) in its départements."""
    return (
        demandes_for_user(p)
        .filter(type__in=sorted(AVIS_PREFECTURE), statut__in=OUVERTS)
        .order_by("deposee_le", "pk")
    )


def sans_avis_for_user(p: Perimetre):
    return a_instruire_for_user(p).filter(avis__isnull=True)


def classement_for_user(p: Perimetre):
    """The prefecture's favourable open requests, in its ranking order."""
    return (
        AvisPrefecture.objects.filter(
            avis=Avis.FAVORABLE, demande__statut__in=OUVERTS, rang__isnull=False
        )
        .filter(departement_id__in=p.departements if not p.national else [])
        .select_related("demande", "demande__structure")
        .order_by("departement_id", "rang")
    )


def filtrer_demandes(qs, *, type="", statut="", departement="", q=""):
    if type:
        qs = qs.filter(type=type)
    if statut:
        qs = qs.filter(statut=statut)
    if departement:
        qs = qs.filter(structure__departement_id=departement)
    q = (q or "").strip()
    if q:
        condition = Q(structure__nom__unaccent__icontains=q)
        if q.replace(" ", "").isdigit():
            condition |= Q(structure__siret__startswith=q.replace(" ", ""))
        qs = qs.filter(condition)
    return qs


# --- The committee's input ----------------------------------------------------------------


@dataclass
class EtatNational:
    total_national: int
    non_rendus: int
    cibles: dict[str, int]
    dotations: dict[str, int]

    @property
    def disponibles(self) -> int:
        return disponibles_au_niveau_national(self.total_national, self.non_rendus)


def etat_national() -> EtatNational:
    """National total (the latest target computation), posts allocated and not returned,
    each département's current target and allocation."""
    calcul = CalculCibles.objects.order_by("-cree_le", "-pk").first()
    cibles = (
        dict(Cible.objects.filter(calcul=calcul).values_list("departement_id", "valeur"))
        if calcul
        else {}
    )
    dotations = {code: v["attribues"] for code, v in postes_par_departement().items()}
    return EtatNational(
        total_national=calcul.total_national if calcul else TOTAL_NATIONAL_DEFAUT,
        non_rendus=Poste.objects.non_rendus().count(),
        cibles=cibles,
        dotations=dotations,
    )


def demandes_pretes_qs():
    """Open requests the committee decides, with an opinion where one is needed."""
    return (
        Demande.objects.filter(type__in=sorted(COMITE), statut__in=OUVERTS)
        .filter(~Q(type__in=sorted(AVIS_PREFECTURE)) | Q(avis__isnull=False))
        .select_related("structure", "avis")
        .order_by("pk")
    )


def _comptes_postes(structure_ids) -> dict[int, dict[str, int]]:
    """Per structure: vacant conseiller / coordinator posts and occupied posts, in running
    conventions."""
    lignes = (
        Poste.objects.filter(
            structure_id__in=structure_ids, convention__statut__in=STATUTS_EN_COURS
        )
        .order_by()
        .values("structure_id")
        .annotate(
            vacants=Count(
                "pk", filter=Q(etat=EtatPoste.VACANT, type=TypePosteConvention.CONSEILLER)
            ),
            vacants_coordinateur=Count(
                "pk", filter=Q(etat=EtatPoste.VACANT, type=TypePosteConvention.COORDINATEUR)
            ),
            occupes=Count("pk", filter=Q(etat=EtatPoste.OCCUPE)),
            attribues=Count("pk", filter=~Q(etat=EtatPoste.RENDU)),
        )
    )
    return {ligne["structure_id"]: ligne for ligne in lignes}


def _motif_ineligibilite(demande: Demande, comptes: dict) -> str:
    from structures.choix import StatutStructure as S

    structure = demande.structure
    if structure.type and not eligibilite(structure.type).eligible:
        return eligibilite(structure.type).motif
    # A validated structure with an open A: one kind of post was granted, the other waits.
    candidates = (S.CREEE, S.EXAMEN_COMPLEMENTAIRE_COSELEC, S.VALIDATION_COSELEC)
    if demande.type == T.A and structure.statut not in candidates:
        return f"la structure n’est plus candidate (statut « {structure.get_statut_display()} »)."
    if demande.type == T.C and structure.statut != S.VALIDATION_COSELEC:
        return f"la structure n’est pas dans le dispositif (« {structure.get_statut_display()} »)."
    if (
        demande.type in (T.E, T.F, T.G, T.H)
        and not comptes.get("attribues")
        and demande.type != T.G
    ):
        return "la structure n’a plus de poste attribué."
    return ""


def donnees_comite(demandes: list[Demande] | None = None) -> list[DemandeComite]:
    """The ready requests as plain data for ``rules.proposer_decisions``.

    Posts already granted to a request at an earlier committee (the request stays open
    while its other kind of post waits, or after a partial grant by override) are not asked
    again: the request asks what is left.
    """
    demandes = list(demandes_pretes_qs()) if demandes is None else demandes
    ids = [d.pk for d in demandes]
    comptes = _comptes_postes({d.structure_id for d in demandes})
    deja: dict[tuple[int, str], int] = {
        (demande_id, type_poste): accordes or 0
        for demande_id, type_poste, accordes in DecisionComite.objects.filter(
            demande_id__in=ids, resultat=Resultat.ACCEPTEE
        )
        .values("demande_id", "type_poste")
        .annotate(accordes=Sum("postes_accordes"))
        .values_list("demande_id", "type_poste", "accordes")
    }
    # Receiving side of a transfer: the giver's open request H towards this structure.
    cedantes = {
        (h.structure_id, h.structure_destination_id): h.pk
        for h in Demande.objects.filter(type=T.H, statut__in=OUVERTS).order_by("deposee_le", "pk")
    }
    sortie = []
    for d in demandes:
        c = comptes.get(d.structure_id, {})
        conseillers = d.nombre_postes
        if (d.pk, TypePoste.CONSEILLER) in deja:
            conseillers = max(d.nombre_postes - deja[(d.pk, TypePoste.CONSEILLER)], 0)
        coordinateur = d.avec_coordinateur and (d.pk, TypePoste.COORDINATEUR) not in deja
        if d.type in (T.A, T.C, T.H, T.E) and not conseillers and not coordinateur:
            continue
        avis = getattr(d, "avis", None)
        sortie.append(
            DemandeComite(
                id=d.pk,
                type=d.type,
                departement=d.structure.departement_id,
                deposee_le=d.deposee_le,
                postes_conseiller=conseillers,
                poste_coordinateur=coordinateur,
                avis=avis.avis if avis else None,
                rang=avis.rang if avis else None,
                transfert=d.transfert,
                demande_liee=cedantes.get((d.structure_origine_id, d.structure_id))
                if d.transfert
                else None,
                postes_vacants=c.get("vacants", 0),
                postes_vacants_coordinateur=c.get("vacants_coordinateur", 0),
                postes_occupes=c.get("occupes", 0),
                motif_ineligibilite=_motif_ineligibilite(d, c),
            )
        )
    return sortie


def derogations_du_comite(comite: Comite) -> dict[tuple[int, str], Derogation]:
    return {
        (d.demande_id, d.type_poste): Derogation(d.resultat, d.postes, d.motif)
        for d in comite.derogations.all()
    }


def comite_en_preparation() -> Comite | None:
    return Comite.objects.filter(statut=StatutComite.EN_PREPARATION).first()


def dernier_numero_comite() -> int:
    """The highest committee number used so far (sessions and recorded decisions)."""
    a = Comite.objects.aggregate(n=Max("numero"))["n"] or 0
    b = DecisionComite.objects.aggregate(n=Max("numero_comite"))["n"] or 0
    return max(a, b)


def date_dernier_comite():
    a = Comite.objects.aggregate(d=Max("date"))["d"]
    b = DecisionComite.objects.aggregate(d=Max("date_comite"))["d"]
    return max((x for x in (a, b) if x), default=None)
