"""The first tranche of a subsidy waits for the advisor's enrolment in training [001 §II.3]:
the condition registered with ``conventions.conditions`` from ``FormationConfig.ready()``."""

from . import rules as R
from .models import Apprenant


def inscription_en_formation(tranche) -> str | None:
    """None when every advisor the tranche funds is enrolled (or exempt), else the reason."""
    mises_en_relation = list(tranche.mises_en_relation())
    if not mises_en_relation:
        return None
    etats = dict(
        Apprenant.objects.filter(
            mise_en_relation_id__in=[m.pk for m in mises_en_relation]
        ).values_list("mise_en_relation_id", "etat")
    )
    # A renewal (new link, same advisor) or a re-hire: the earlier training counts.
    deja_formes = set(
        Apprenant.objects.filter(
            mise_en_relation__candidat_id__in=[m.candidat_id for m in mises_en_relation],
            etat__in=R.EN_POSTE,
        ).values_list("mise_en_relation__candidat_id", flat=True)
    )
    motifs = []
    for mer in mises_en_relation:
        u = mer.candidat.utilisateur
        etat = etats.get(mer.pk)
        if etat is None and mer.candidat_id in deja_formes:
            etat = R.DISPENSE
        motif = R.motif_non_inscrit(u.nom_complet or u.email, etat)
        if motif:
            motifs.append(motif)
    return " ".join(motifs) or None
