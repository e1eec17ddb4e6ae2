"""SVG maps drawn on the server from the shipped reference data: no tile server, no
JavaScript, no third-party request. A local map shows the numbered results around the
searched point; the national map shows one bubble per département."""

from __future__ import annotations

import math

from .rules import Projection
from .selectors import communes_reperes, silhouette_metropole

METROPOLE = (41.3, 51.1, -5.2, 9.6)
PAS_SILHOUETTE = 0.25


def _dans_metropole(lat: float, lon: float) -> bool:
    lat_min, lat_max, lon_min, lon_max = METROPOLE
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def _silhouette(projection: Projection) -> str:
    morceaux = []
    for lat, lon in silhouette_metropole(PAS_SILHOUETTE):
        x, y = projection(lat + PAS_SILHOUETTE, lon)
        x2, y2 = projection(lat, lon + PAS_SILHOUETTE)
        morceaux.append(f"M{x} {y}H{x2}V{y2}H{x}z")
    return "".join(morceaux)


def carte_locale(origine: tuple[float, float], lieux) -> dict:
    """The searched point and the places of the page, numbered as in the list, over the
    largest communes of the area (names for orientation)."""
    lat0, lon0 = origine
    points = [(lat0, lon0)] + [(lieu.latitude, lieu.longitude) for lieu in lieux]
    projection = Projection.englobant(points, largeur=600, marge=0.12)
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return {
        "largeur": projection.largeur,
        "hauteur": projection.hauteur,
        "origine": projection(lat0, lon0),
        "reperes": [
            {"xy": projection(c.latitude, c.longitude), "nom": c.nom}
            for c in communes_reperes(min(lats), max(lats), min(lons), max(lons))
        ],
        "points": [
            {"xy": projection(lieu.latitude, lieu.longitude), "numero": i, "nom": lieu.nom}
            for i, lieu in enumerate(lieux, start=1)
        ],
    }


def carte_nationale(par_departement: list[dict]) -> dict:
    """Mainland France (outline from the communes) with a bubble per département; the
    overseas départements are listed beside the map."""
    projection = Projection(*METROPOLE, largeur=600, marge=0.02)
    maximum = max((d["n"] for d in par_departement), default=1)
    bulles, outre_mer = [], []
    for d in par_departement:
        if d["lat"] is None:
            continue
        if _dans_metropole(d["lat"], d["lon"]):
            x, y = projection(d["lat"], d["lon"])
            rayon = round(4 + 14 * math.sqrt(d["n"] / maximum), 1)
            bulles.append({"x": x, "y": y, "r": rayon, "n": d["n"], **d})
        else:
            outre_mer.append(d)
    return {
        "largeur": projection.largeur,
        "hauteur": projection.hauteur,
        "silhouette": _silhouette(projection),
        "bulles": bulles,
        "outre_mer": outre_mer,
    }


def carte_lieu(lieu, demi_hauteur: float = 0.12) -> dict:
    """One place among the largest communes around it (about 25 km across)."""
    demi_largeur = demi_hauteur / max(math.cos(math.radians(lieu.latitude)), 0.2)
    lat_min, lat_max = lieu.latitude - demi_hauteur, lieu.latitude + demi_hauteur
    lon_min, lon_max = lieu.longitude - demi_largeur, lieu.longitude + demi_largeur
    projection = Projection(lat_min, lat_max, lon_min, lon_max, largeur=480, marge=0)
    return {
        "largeur": projection.largeur,
        "hauteur": projection.hauteur,
        "reperes": [
            {"xy": projection(c.latitude, c.longitude), "nom": c.nom}
            for c in communes_reperes(lat_min, lat_max, lon_min, lon_max, nombre=6)
        ],
        "points": [{"xy": projection(lieu.latitude, lieu.longitude), "numero": 1, "nom": lieu.nom}],
    }
