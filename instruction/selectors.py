"""Scoped reads of requests and committee decisions."""

from django.db.models import Prefetch

from .models import DecisionComite, Demande, HistoriqueDemande
from .rules import postes_attribues_depuis


def demandes_de_structure(structure):
    """A structure's requests, newest first, with their history (two queries in all)."""
    return (
        Demande.objects.filter(structure=structure)
        .select_related("structure_origine")
        .prefetch_related(
            Prefetch("historique", queryset=HistoriqueDemande.objects.select_related("par"))
        )
    )


def decisions_de_structure(structure):
    """The committee decisions on a structure, oldest first (history order)."""
    return DecisionComite.objects.filter(structure=structure).select_related("demande")


def postes_attribues_structure(structure, decisions) -> int:
    from structures.rules import STATUTS_ACTIFS

    return postes_attribues_depuis(
        structure.statut in STATUTS_ACTIFS,
        [(d.avis, d.phase, d.nombre_postes) for d in decisions],
    )
