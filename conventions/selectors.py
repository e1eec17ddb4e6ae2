"""Reads of allocated and filled posts: per structure ("7/8") and per département."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from .choix import STATUTS_EN_COURS, EtatPoste
from .models import Poste

ATTRIBUE = Q(convention__statut__in=STATUTS_EN_COURS) & ~Q(etat=EtatPoste.RENDU)
OCCUPE = Q(etat=EtatPoste.OCCUPE)


def _compte(condition: Q, lien: str = "structure"):
    sous = (
        Poste.objects.filter(condition, **{lien: OuterRef("pk")})
        .order_by()
        .values(lien)
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(sous, output_field=IntegerField()), Value(0))


def avec_postes(qs):
    """Structures annotated with ``postes_occupes`` and ``postes_attribues`` (two correlated
    subqueries: a page of 50 structures costs one query)."""
    return qs.annotate(postes_occupes=_compte(OCCUPE), postes_attribues=_compte(ATTRIBUE))


def postes_de_structure(structure) -> dict:
    """Allocated and filled posts of one structure, with its vacant ones."""
    compte = Poste.objects.filter(structure=structure).aggregate(
        attribues=Count("pk", filter=ATTRIBUE),
        occupes=Count("pk", filter=OCCUPE),
        vacants=Count("pk", filter=ATTRIBUE & Q(etat=EtatPoste.VACANT)),
    )
    return compte


def postes_par_departement(codes=None) -> dict[str, dict[str, int]]:
    """Per département: allocated posts (dotation) and filled posts (valeur actuelle)."""
    qs = Poste.objects.all()
    if codes is not None:
        qs = qs.filter(structure__departement_id__in=list(codes))
    lignes = (
        qs.order_by()
        .values("structure__departement_id")
        .annotate(attribues=Count("pk", filter=ATTRIBUE), occupes=Count("pk", filter=OCCUPE))
    )
    return {
        ligne["structure__departement_id"]: {
            "attribues": ligne["attribues"],
            "occupes": ligne["occupes"],
        }
        for ligne in lignes
    }


def postes_non_rendus() -> int:
    """Posts that count against the national total: allocated and not returned."""
    return Poste.objects.non_rendus().count()


# --- Scoped reads of the operator's, structures' and prefectures' pages -----------------------
# Every page reads through these: a row outside the scope is simply not found (404).


def _par_portee(qs, p, *, champ_structure: str, champ_departement: str, roles_nationaux):
    from comptes.roles import Role

    if p.national and p.role in roles_nationaux:
        return qs
    if p.role == Role.PREFECTURE and p.departements:
        return qs.filter(**{f"{champ_departement}__in": p.departements})
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(**{champ_structure: p.structure_id})
    return qs.none()


def conventions_for_user(p):
    from comptes.roles import Role

    from .models import Convention

    return _par_portee(
        Convention.objects.select_related("structure__departement"),
        p,
        champ_structure="structure_id",
        champ_departement="structure__departement_id",
        roles_nationaux={Role.OPERATEUR, Role.ANCT},
    )


def contrats_for_user(p):
    from comptes.roles import Role

    from .models import Contrat

    return _par_portee(
        Contrat.objects.select_related("structure", "candidat__utilisateur", "poste"),
        p,
        champ_structure="structure_id",
        champ_departement="structure__departement_id",
        roles_nationaux={Role.OPERATEUR, Role.ANCT},
    )


def dossiers_for_user(p):
    """Subsidy files: the operator and ANCT, and each structure its own (not prefectures)."""
    from comptes.roles import Role
    from recrutement.models import DossierSubvention

    qs = DossierSubvention.objects.select_related(
        "structure__departement", "mise_en_relation__candidat__utilisateur"
    )
    if p.national and p.role in {Role.OPERATEUR, Role.ANCT}:
        return qs
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(structure_id=p.structure_id)
    return qs.none()


def tranches_for_user(p):
    from comptes.roles import Role

    from .models import Tranche

    return _par_portee(
        Tranche.objects.select_related("subvention__convention__structure"),
        p,
        champ_structure="subvention__convention__structure_id",
        champ_departement="subvention__convention__structure__departement_id",
        roles_nationaux={Role.OPERATEUR, Role.ANCT},
    )


def calendrier(qs, aujourd_hui):
    """Unpaid tranches: overdue (due before today) and due from today to the end of next
    month."""
    from .choix import StatutTranche
    from .rules import ajouter_mois

    a_payer = qs.filter(statut__in=[StatutTranche.PREVUE, StatutTranche.EXIGIBLE])
    debut_mois_prochain = ajouter_mois(aujourd_hui.replace(day=1), 1)
    fin = ajouter_mois(debut_mois_prochain, 1)
    return {
        "en_retard": a_payer.filter(due_le__lt=aujourd_hui).order_by("due_le", "pk"),
        "a_venir": a_payer.filter(due_le__gte=aujourd_hui, due_le__lt=fin).order_by("due_le", "pk"),
    }
