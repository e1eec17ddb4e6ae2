"""Pure rules of the public map: opening state from OSM hours. No ORM (the projection is
in ``noyau.carte``)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache

from activite.rules import HorairesInvalides, est_ouvert, osm_vers_grille

SAMEDI, DIMANCHE = 5, 6


@lru_cache(maxsize=4096)
def _grille(horaires: str):
    """Parsed once per distinct string: places share a handful of hour patterns."""
    try:
        return osm_vers_grille(horaires)
    except HorairesInvalides:
        return None


def ouvert_a(horaires: str, moment: datetime) -> bool | None:
    """Open at this local time? None when the hours are unknown or not understood."""
    grille = _grille(horaires or "")
    if grille is None:
        return None
    if not any(grille):
        return None
    return est_ouvert(grille, moment.weekday(), moment.strftime("%H:%M"))


def ouvert_le_week_end(horaires: str) -> bool:
    grille = _grille(horaires or "")
    return grille is not None and bool(grille[SAMEDI] or grille[DIMANCHE])
