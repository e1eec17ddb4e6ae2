"""Subsidy commitments and payments, for the dashboards of the national admin, the
operator, a prefecture and a structure.

Read from the tranche schedules (what the operator committed to pay and paid), through
conventions' scoped selectors, so a prefecture sees its département only and roles with no
subsidy scope (hubs, networks, coordinators) see nothing.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from comptes.acces import Perimetre
from conventions.choix import StatutTranche
from conventions.models import Remboursement, Suspension
from conventions.selectors import conventions_for_user, tranches_for_user

ZERO = Decimal("0.00")
A_PAYER = [StatutTranche.PREVUE, StatutTranche.EXIGIBLE]


@dataclass(frozen=True)
class Finances:
    engage: Decimal  # every tranche planned (cancelled ones, moved by a transfer, excepted)
    verse: Decimal
    exigible: Decimal  # due and not paid yet
    en_retard: Decimal  # unpaid tranches whose due date has passed
    tranches_en_retard: int
    conventions_suspendues: int
    remboursements_demandes: Decimal  # claimed, not received yet

    @property
    def reste_a_verser(self) -> Decimal:
        return self.engage - self.verse


def _somme(condition: Q | None = None):
    return Coalesce(Sum("montant", filter=condition), ZERO)


def subventions(p: Perimetre, aujourd_hui: date) -> Finances | None:
    """None for a role that has no subsidy scope, so the dashboard shows no empty block."""
    conventions = conventions_for_user(p)
    if conventions.query.is_empty():  # conventions' selectors answer .none() outside scope
        return None
    tranches = tranches_for_user(p).exclude(statut=StatutTranche.ANNULEE).order_by()
    en_retard = Q(statut__in=A_PAYER, due_le__lt=aujourd_hui)
    chiffres = tranches.aggregate(
        engage=_somme(),
        verse=_somme(Q(statut=StatutTranche.PAYEE)),
        exigible=_somme(Q(statut=StatutTranche.EXIGIBLE)),
        en_retard=_somme(en_retard),
        tranches_en_retard=Count("pk", filter=en_retard),
    )
    ids = conventions.values("pk")
    return Finances(
        **chiffres,
        conventions_suspendues=Suspension.objects.filter(
            convention__in=ids, levee_le__isnull=True
        ).count(),
        remboursements_demandes=Remboursement.objects.filter(
            convention__in=ids, statut=Remboursement.Statut.DEMANDE
        ).aggregate(total=_somme())["total"],
    )
