"""An offline SVG map of France: one circle per département at its chef-lieu, sized by
allocation and coloured by how many posts are filled against the target. No tiles, no
script; the table next to it is the accessible alternative."""

from __future__ import annotations

import math
from dataclasses import dataclass

from territoires.models import Commune

LARGEUR, HAUTEUR = 520, 540
# Mainland France (and Corsica) bounding box, in degrees.
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -5.3, 9.7, 41.2, 51.2
COS_LAT = math.cos(math.radians(46.5))
# Overseas départements are drawn in a row of insets under the mainland.
Y_OUTRE_MER = 505


@dataclass(frozen=True)
class Point:
    code: str
    nom: str
    x: float
    y: float
    rayon: float
    classe: str
    titre: str


def _projeter(lat: float, lon: float) -> tuple[float, float]:
    largeur_deg = (LON_MAX - LON_MIN) * COS_LAT
    echelle = min((LARGEUR - 20) / largeur_deg, (Y_OUTRE_MER - 40) / (LAT_MAX - LAT_MIN))
    x = 10 + (lon - LON_MIN) * COS_LAT * echelle
    y = 10 + (LAT_MAX - lat) * echelle
    return round(x, 1), round(y, 1)


def classe(occupes: int, cible: int | None) -> str:
    """Colour class: filled posts against the target (or against allocation without one)."""
    if not cible:
        return "sans-cible"
    part = occupes / cible
    if part >= 0.9:
        return "atteinte"
    if part >= 0.5:
        return "en-cours"
    return "eloignee"


def points(lignes) -> list[Point]:
    """Points of the per-département lines (``selectors.LigneTerritoire``)."""
    from territoires.models import Departement

    codes = [ligne.code for ligne in lignes]
    chefs_lieux = dict(Departement.objects.filter(code__in=codes).values_list("code", "chef_lieu"))
    coordonnees = {
        c.code_insee: (c.latitude, c.longitude)
        for c in Commune.objects.filter(code_insee__in=[v for v in chefs_lieux.values() if v])
    }
    maximum = max([ligne.dotation for ligne in lignes] + [1])
    resultat = []
    outre_mer = 0
    for ligne in lignes:
        position = coordonnees.get(chefs_lieux.get(ligne.code, ""))
        if position is None:
            continue
        lat, lon = position
        if LAT_MIN <= lat <= LAT_MAX and LON_MIN <= lon <= LON_MAX:
            x, y = _projeter(lat, lon)
        else:
            x, y = 30 + outre_mer * 50, Y_OUTRE_MER + 15
            outre_mer += 1
        rayon = 2 + 12 * math.sqrt(ligne.dotation / maximum)
        titre = (
            f"{ligne.nom} ({ligne.code}) : cible {ligne.cible if ligne.cible is not None else '–'},"
            f" dotation {ligne.dotation}, postes occupés {ligne.occupes}"
        )
        resultat.append(
            Point(
                ligne.code,
                ligne.nom,
                x,
                y,
                round(rayon, 1),
                classe(ligne.occupes, ligne.cible),
                titre,
            )
        )
    return resultat
