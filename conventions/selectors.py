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
