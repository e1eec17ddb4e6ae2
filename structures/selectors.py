"""Scoped reads of host structures, shared by the agents' lists, detail pages and exports."""

import re

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Q, Subquery

from comptes.acces import Perimetre, filtrer_par_departement
from comptes.models import Evenement
from comptes.roles import Role
from conventions.selectors import avec_postes
from instruction.choix import AvisComite, Phase, TypeDemande
from instruction.models import DecisionComite, Demande
from instruction.rules import postes_attribues
from territoires.models import Departement
from territoires.rules import normaliser

from .models import Structure
from .rules import STATUTS_ACTIFS

# The agents who see lists of structures, each within their own scope.
ROLES_AGENTS = (Role.PREFECTURE, Role.HUB, Role.GRAND_RESEAU, Role.OPERATEUR, Role.ANCT)


def structures_for_user(p: Perimetre):
    """Structures in the scope: national roles all, prefecture and hub their départements,
    a national network its member structures, anyone else none."""
    qs = Structure.objects.all()
    if p.national:
        return qs
    if p.role in (Role.PREFECTURE, Role.HUB):
        return filtrer_par_departement(qs, p)
    if p.role == Role.GRAND_RESEAU and p.reseau_id:
        return qs.filter(reseau_id=p.reseau_id)
    return qs.none()


def departements_for_user(p: Perimetre):
    qs = Departement.objects.order_by("code")
    if p.national:
        return qs
    if p.role in (Role.PREFECTURE, Role.HUB):
        return qs.filter(code__in=p.departements)
    if p.role == Role.GRAND_RESEAU and p.reseau_id:
        return qs.filter(structures__reseau_id=p.reseau_id).distinct()
    return qs.none()


def avec_candidature(qs):
    """Each structure with its latest application (request A) and what the committee decided,
    in the same query (correlated subqueries): a list of 50 costs one query, not 50."""
    demande_a = Demande.objects.filter(structure=OuterRef("pk"), type=TypeDemande.A).order_by(
        "-deposee_le", "-pk"
    )
    decisions = DecisionComite.objects.filter(structure=OuterRef("pk")).order_by(
        "-date_comite", "-numero_comite", "-pk"
    )
    positives = decisions.filter(avis=AvisComite.POSITIF)
    return qs.select_related("departement", "commune", "reseau").annotate(
        demande_id=Subquery(demande_a.values("pk")[:1]),
        demande_statut=Subquery(demande_a.values("statut")[:1]),
        demande_postes=Subquery(demande_a.values("nombre_postes")[:1]),
        demande_coordinateur=Subquery(demande_a.values("poste_coordinateur")[:1]),
        demande_deposee_le=Subquery(demande_a.values("deposee_le")[:1]),
        quota_positif_phase_2=Subquery(
            positives.filter(phase=Phase.PHASE_2).values("nombre_postes")[:1]
        ),
        quota_positif=Subquery(positives.values("nombre_postes")[:1]),
        quota_dernier=Subquery(decisions.values("nombre_postes")[:1]),
        dernier_comite_numero=Subquery(decisions.values("numero_comite")[:1]),
        dernier_comite_date=Subquery(decisions.values("date_comite")[:1]),
    )


def postes_attribues_annotes(structure) -> int:
    """The quota of a structure read from ``avec_candidature``'s annotations."""
    return postes_attribues(
        structure.statut in STATUTS_ACTIFS,
        structure.quota_positif_phase_2,
        structure.quota_positif,
        structure.quota_dernier,
    )


def filtrer(qs, *, departement=None, type="", statut="", nature="", q=""):
    """The agents' list filters; ``q`` searches name, SIRET and commune."""
    if departement:
        qs = qs.filter(departement=departement)
    if type:
        qs = qs.filter(type=type)
    if statut:
        qs = qs.filter(statut=statut)
    if nature:
        qs = qs.de_nature(nature)
    q = (q or "").strip()
    if q:
        chiffres = re.sub(r"[\s.]", "", q)
        condition = Q(nom__unaccent__icontains=q) | Q(
            commune__nom_recherche__contains=normaliser(q)
        )
        if chiffres.isdigit():
            condition |= Q(siret__startswith=chiffres)
        qs = qs.filter(condition)
    return qs


def liste_for_user(p: Perimetre, **filtres):
    """The agents' list: application, committee and "filled / allocated" posts per row."""
    return filtrer(avec_postes(avec_candidature(structures_for_user(p))), **filtres).order_by(
        "nom", "pk"
    )


def evenements_de_structure(structure):
    """The audit timeline of a structure: every event whose target is this structure or
    one of its requests (opinions and committee decisions target the request)."""
    demandes = [
        str(pk) for pk in Demande.objects.filter(structure=structure).values_list("pk", flat=True)
    ]
    return (
        Evenement.objects.filter(
            Q(cible_type=ContentType.objects.get_for_model(Structure), cible_id=str(structure.pk))
            | Q(cible_type=ContentType.objects.get_for_model(Demande), cible_id__in=demandes)
        )
        .select_related("acteur")
        .order_by("-cree_le", "-pk")
    )
