"""GDPR purge of inactive candidates: after the retention period without any sign of life,
a candidate's personal data is removed by the same anonymisation as a deletion they ask for
(``services.supprimer_compte``), so statistics stay and nothing identifies them.

"Inactive" means: not recruited, not already deleted, no login, no change to their profile
and no recruitment exchange for ``mois`` months. Called by ``manage.py purger_candidats``
(pilotage); idempotent: a purged candidate is deleted and never selected again.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from comptes.journal import journaliser

from . import rules, services
from .models import Candidat

# Two years without activity, the duration the CNIL recommends for a pool of applicants.
RETENTION_MOIS = 24
MOTIF = "rgpd_inactivite"


def limite(maintenant: datetime, mois: int) -> datetime:
    return rules.limite_retention_cv(maintenant, mois)


def inactifs(maintenant: datetime | None = None, mois: int = RETENTION_MOIS):
    """Candidates to purge (read only), oldest first."""
    from recrutement.models import MiseEnRelation

    borne = limite(maintenant or timezone.now(), mois)
    echanges_recents = MiseEnRelation.objects.filter(
        candidat=OuterRef("pk"), statut_modifie_le__gte=borne
    )
    return (
        Candidat.objects.filter(supprime_le__isnull=True, cree_le__lt=borne, modifie_le__lt=borne)
        .exclude(statut=rules.RECRUTE)
        .filter(Q(utilisateur__last_login__isnull=True) | Q(utilisateur__last_login__lt=borne))
        .filter(~Exists(echanges_recents))
        .order_by("pk")
    )


def purger(
    *, maintenant: datetime | None = None, mois: int = RETENTION_MOIS, executer: bool = False
) -> list[int]:
    """Anonymise the inactive candidates; returns their ids (without ``executer``: those
    that would be). One short transaction per candidate; a candidate who comes back in the
    meantime (a login, an edit) is skipped."""
    maintenant = maintenant or timezone.now()
    ids = list(inactifs(maintenant, mois).values_list("pk", flat=True))
    if not executer:
        return ids
    purges = []
    for pk in ids:
        with transaction.atomic():
            if not inactifs(maintenant, mois).filter(pk=pk).exists():
                continue
            candidat = services.supprimer_compte(pk, motif=MOTIF)
            journaliser(
                "candidat.purge_rgpd",
                f"Candidat n° {pk} anonymisé après {mois} mois d’inactivité (RGPD)",
                cible=candidat,
                details={"mois": mois},
            )
            purges.append(pk)
    return purges
