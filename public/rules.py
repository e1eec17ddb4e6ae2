"""Pure rules of the public map: opening state from OSM hours, map projection. No ORM."""

from __future__ import annotations

import math
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


class Projection:
    """Equirectangular projection of a latitude/longitude box onto an SVG viewport.

    Longitudes are shrunk by cos(mean latitude) so that shapes keep their proportions
    at the scale of a country; good enough to place points without a tile server.
    """

    def __init__(self, lat_min, lat_max, lon_min, lon_max, largeur=600, marge=0.06):
        dlat = max(lat_max - lat_min, 0.02)
        dlon = max(lon_max - lon_min, 0.02)
        self.lat_max = lat_max + dlat * marge
        self.lon_min = lon_min - dlon * marge
        self.k = math.cos(math.radians((lat_min + lat_max) / 2))
        etendue_x = dlon * (1 + 2 * marge) * self.k
        etendue_y = dlat * (1 + 2 * marge)
        self.echelle = largeur / max(etendue_x, etendue_y * 0.8)
        self.largeur = round(etendue_x * self.echelle)
        self.hauteur = round(etendue_y * self.echelle)

    def __call__(self, lat: float, lon: float) -> tuple[float, float]:
        x = (lon - self.lon_min) * self.k * self.echelle
        y = (self.lat_max - lat) * self.echelle
        return round(x, 1), round(y, 1)

    @classmethod
    def englobant(cls, points, **kwargs) -> Projection:
        lats = [p[0] for p in points] or [46.5]
        lons = [p[1] for p in points] or [2.5]
        return cls(min(lats), max(lats), min(lons), max(lons), **kwargs)
