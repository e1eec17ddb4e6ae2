"""Keyset pagination on (timestamp, id), ascending: a partner syncs by following
``suivant`` until it is null, then resumes later from its last cursor. Stable under
inserts (no offset), and each page is one indexed range scan."""

from __future__ import annotations

from django.db.models import Q

from .rules import decoder_curseur, encoder_curseur

TAILLE_DEFAUT = 100
TAILLE_MAXIMUM = 500
PK_MAXIMUM = 2**63 - 1


def paginer(qs, champ: str | None, apres: str | None, taille: int) -> tuple[list, str | None]:
    """(rows of the page, cursor of the next page or None). ``champ`` is the timestamp
    column (None: id only)."""
    ordre = [champ, "pk"] if champ else ["pk"]
    qs = qs.order_by(*ordre)
    if apres is not None:
        moment, pk = decoder_curseur(apres)
        pk = max(0, min(pk, PK_MAXIMUM))
        if champ and moment is not None:
            qs = qs.filter(Q(**{f"{champ}__gt": moment}) | Q(**{champ: moment, "pk__gt": pk}))
        else:
            qs = qs.filter(pk__gt=pk)
    # Two steps: the keys of the page from a narrow sort, then the full rows (with their
    # joins) of those keys only; sorting wide joined rows costs ten times more.
    cles = list(qs.values_list(*ordre)[: taille + 1])
    suite = len(cles) > taille
    cles = cles[:taille]
    par_pk = {o.pk: o for o in qs.order_by().filter(pk__in=[c[-1] for c in cles])} if cles else {}
    lignes = [par_pk[c[-1]] for c in cles if c[-1] in par_pk]
    if not suite or not cles:
        return lignes, None
    dernier = cles[-1]
    return lignes, encoder_curseur(dernier[0] if champ else None, dernier[-1])
