"""Scoped reads of training: learners per role, the prise de poste other apps read, the
advisors late on their yearly module.

Scope: a training body sees its learners; a structure its advisors; a prefecture the
advisors of structures of its départements; a coordinator their team; an advisor
themself; national roles everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from comptes.acces import Perimetre
from comptes.roles import Role
from recrutement import rules as regles_recrutement
from territoires.rules import normaliser

from . import rules as R
from .models import Apprenant, ModuleSuivi, Session


def apprenants(p: Perimetre) -> QuerySet[Apprenant]:
    qs = Apprenant.objects.select_related(
        "mise_en_relation__candidat__utilisateur",
        "mise_en_relation__structure__departement",
        "organisme",
        "session__centre__commune",
    )
    if p.national:
        return qs
    if p.role == Role.ORGANISME_FORMATION and p.organisme_id:
        return qs.filter(organisme_id=p.organisme_id)
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(mise_en_relation__structure_id=p.structure_id)
    if p.role in (Role.PREFECTURE, Role.HUB) and p.departements:
        return qs.filter(mise_en_relation__structure__departement_id__in=p.departements)
    if p.role == Role.COORDINATEUR:
        return qs.filter(utilisateur_id__in=p.equipe_ids)
    if p.role == Role.CONSEILLER and p.utilisateur_id:
        return qs.filter(
            Q(utilisateur_id=p.utilisateur_id)
            | Q(mise_en_relation__candidat__utilisateur_id=p.utilisateur_id)
        )
    return qs.none()


def filtrer(
    qs: QuerySet[Apprenant],
    *,
    etat: str = "",
    parcours: str = "",
    departement: str = "",
    q: str = "",
    sans_organisme: bool = False,
) -> QuerySet[Apprenant]:
    if etat:
        qs = qs.filter(etat=etat)
    if parcours:
        qs = qs.filter(parcours=parcours)
    if departement:
        qs = qs.filter(mise_en_relation__structure__departement_id=departement)
    if sans_organisme:
        qs = qs.filter(organisme__isnull=True)
    for mot in normaliser(q).split():
        qs = qs.filter(
            Q(mise_en_relation__candidat__utilisateur__nom__unaccent__icontains=mot)
            | Q(mise_en_relation__candidat__utilisateur__prenom__unaccent__icontains=mot)
            | Q(mise_en_relation__candidat__utilisateur__email__icontains=mot)
            | Q(mise_en_relation__structure__nom__unaccent__icontains=mot)
        )
    return qs.order_by("mise_en_relation__candidat__utilisateur__nom", "pk")


def sessions(p: Perimetre) -> QuerySet[Session]:
    qs = Session.objects.select_related("centre__commune", "organisme")
    if p.national:
        return qs
    if p.role == Role.ORGANISME_FORMATION and p.organisme_id:
        return qs.filter(organisme_id=p.organisme_id)
    return qs.none()


# --- Read by other apps -------------------------------------------------------------------------


def prise_de_poste(mise_en_relation_id: int) -> date | None:
    """The day the advisor took up the post (training validated or exempted), if so."""
    return (
        Apprenant.objects.filter(mise_en_relation_id=mise_en_relation_id)
        .values_list("date_prise_poste", flat=True)
        .first()
    )


def prises_de_poste(mise_en_relation_ids) -> dict[int, date | None]:
    return dict(
        Apprenant.objects.filter(mise_en_relation_id__in=list(mise_en_relation_ids)).values_list(
            "mise_en_relation_id", "date_prise_poste"
        )
    )


def etats_formation(mise_en_relation_ids) -> dict[int, str]:
    """Training state per recruitment (absent: not yet assigned to a body)."""
    return dict(
        Apprenant.objects.filter(mise_en_relation_id__in=list(mise_en_relation_ids)).values_list(
            "mise_en_relation_id", "etat"
        )
    )


def repartition_par_etat(p: Perimetre) -> dict[str, dict[str, int]]:
    """Learners per département of their structure and training state, for dashboards
    (the real platform's "en formation / en poste" counts per département)."""
    lignes = (
        apprenants(p)
        .order_by()
        .values_list("mise_en_relation__structure__departement_id", "etat")
        .annotate(n=Count("pk"))
    )
    resultat: dict[str, dict[str, int]] = {}
    for departement, etat, n in lignes:
        resultat.setdefault(departement, {})[etat] = n
    return resultat


# --- Yearly module --------------------------------------------------------------------------------


@dataclass
class Retard:
    apprenant_id: int
    annees: list[int]  # past years without a thematic module
    module_1_manquant: bool  # a coordinator who has not taken module 1
    apprenant: Apprenant | None = None  # read for the rows shown only (avec_apprenants)


def en_retard(p: Perimetre, aujourd_hui: date) -> list[Retard]:
    """Advisors still in post who missed a yearly thematic module, and coordinators
    without their module 1 [002], by département of their structure.

    Two narrow reads instead of one wide GROUP BY: the learners in post (id, date,
    coordinator), then the years and kinds of their modules. The rows to show are read
    afterwards, one page at a time (``avec_apprenants``)."""
    lignes = list(
        apprenants(p)
        .filter(
            etat__in=sorted(R.EN_POSTE),
            mise_en_relation__statut__in=sorted(regles_recrutement.RECRUTES),
        )
        .order_by("mise_en_relation__structure__departement_id", "pk")
        .values_list("pk", "coordinateur", "date_prise_poste")
    )
    annees: dict[int, set[int]] = {}
    types: dict[int, set[str]] = {}
    suivis = (
        ModuleSuivi.objects.filter(apprenant_id__in=[pk for pk, _, _ in lignes])
        .annotate(annee=ExtractYear("date"))
        .values_list("apprenant_id", "type_module", "annee")
        .distinct()
    )
    for apprenant_id, type_module, annee in suivis:
        types.setdefault(apprenant_id, set()).add(type_module)
        if type_module == R.THEMATIQUE:
            annees.setdefault(apprenant_id, set()).add(annee)
    retards = []
    for pk, coordinateur, prise_de_poste in lignes:
        if coordinateur:
            if R.module_1_coordinateur_manquant(True, types.get(pk, set())):
                retards.append(Retard(pk, [], True))
            continue
        manquantes = R.annees_manquantes(prise_de_poste, annees.get(pk, set()), aujourd_hui)
        if manquantes:
            retards.append(Retard(pk, manquantes, False))
    return retards


def avec_apprenants(retards: list[Retard]) -> list[Retard]:
    """Attach the learner rows (with structure and advisor) to these late entries."""
    lus = Apprenant.objects.select_related(
        "mise_en_relation__candidat__utilisateur", "mise_en_relation__structure"
    ).in_bulk([r.apprenant_id for r in retards])
    for r in retards:
        r.apprenant = lus[r.apprenant_id]
    return retards
