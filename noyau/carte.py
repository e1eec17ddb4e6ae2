"""The one SVG map renderer: the public map, the coordinators' map, a place's map and the
dashboards all draw through it.

A map is a projection (latitude/longitude onto a viewport) and layers: shapes (paths, e.g.
an outline or département boundaries, each with a class for a choropleth), bubbles (a
circle per territory sized by a value, with a tooltip and an optional label), landmarks
(a dot and a name) and numbered markers. ``Carte.svg()`` returns the SVG element.

Numbers in SVG attributes are written here, with a dot (``cx="347.4"``), never through
the template's localisation: a French decimal comma (``347,4``) makes the browser drop
every circle (a blank map and one console error per point). Pure: no ORM, no request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe


def nombre(valeur: float) -> str:
    """A coordinate or length as SVG reads it: a dot, at most one decimal, no exponent."""
    arrondi = round(float(valeur), 1)
    if arrondi == int(arrondi):
        return str(int(arrondi))
    return f"{arrondi:.1f}"


class Projection:
    """Equirectangular projection of a latitude/longitude box onto an SVG viewport.

    Longitudes are shrunk by cos(mean latitude) so that shapes keep their proportions
    at the scale of a country; good enough to place points without a tile server.
    """

    def __init__(self, lat_min, lat_max, lon_min, lon_max, largeur=600, marge=0.06):
        dlat = max(lat_max - lat_min, 0.02)
        dlon = max(lon_max - lon_min, 0.02)
        self.lat_min, self.lat_max_boite = lat_min, lat_max
        self.lon_min_boite, self.lon_max = lon_min, lon_max
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

    def contient(self, lat: float, lon: float) -> bool:
        """Inside the box the projection was built for (margins excluded)."""
        return (
            self.lat_min <= lat <= self.lat_max_boite and self.lon_min_boite <= lon <= self.lon_max
        )

    @classmethod
    def englobant(cls, points, **kwargs) -> Projection:
        lats = [p[0] for p in points] or [46.5]
        lons = [p[1] for p in points] or [2.5]
        return cls(min(lats), max(lats), min(lons), max(lons), **kwargs)


@dataclass(frozen=True)
class Forme:
    """A path in viewport units (``d``), filled by its class (CSS) or a colour."""

    d: str
    classe: str = ""
    remplissage: str = ""
    titre: str = ""


@dataclass(frozen=True)
class Bulle:
    x: float
    y: float
    rayon: float
    classe: str = ""
    titre: str = ""  # tooltip (<title>)
    texte: str = ""  # drawn inside when the bubble is large enough
    etiquette: str = ""  # drawn under the bubble (an overseas inset's code)


@dataclass(frozen=True)
class Repere:
    x: float
    y: float
    nom: str


@dataclass(frozen=True)
class Marqueur:
    x: float
    y: float
    numero: int
    origine: bool = False  # the searched point: a red ring instead of a number


def rayon(valeur: float, maximum: float, *, minimum: float = 4, etendue: float = 14) -> float:
    """Bubble radius: its area follows the value."""
    if maximum <= 0:
        return minimum
    return round(minimum + etendue * math.sqrt(max(valeur, 0) / maximum), 1)


@dataclass
class Carte:
    largeur: int
    hauteur: int
    titre: str
    formes: list[Forme] = field(default_factory=list)
    bulles: list[Bulle] = field(default_factory=list)
    reperes: list[Repere] = field(default_factory=list)
    marqueurs: list[Marqueur] = field(default_factory=list)
    id_titre: str = "titre-carte"

    def svg(self) -> SafeString:
        n = nombre
        morceaux = [
            format_html(
                '<svg class="conum-carte__svg" viewBox="0 0 {} {}" role="img" '
                'aria-labelledby="{}" focusable="false">'
                '<title id="{}">{}</title>',
                self.largeur,
                self.hauteur,
                self.id_titre,
                self.id_titre,
                self.titre,
            )
        ]
        for f in self.formes:
            morceaux.append(
                format_html(
                    '<path d="{}"{}{}>{}</path>',
                    f.d,
                    format_html(' class="{}"', f.classe) if f.classe else "",
                    format_html(' fill="{}"', f.remplissage) if f.remplissage else "",
                    format_html("<title>{}</title>", f.titre) if f.titre else "",
                )
            )
        for b in self.bulles:
            morceaux.append(
                format_html(
                    '<circle class="{}" cx="{}" cy="{}" r="{}">{}</circle>',
                    " ".join(filter(None, ("conum-carte__bulle", b.classe))),
                    n(b.x),
                    n(b.y),
                    n(b.rayon),
                    format_html("<title>{}</title>", b.titre) if b.titre else "",
                )
            )
            if b.texte and b.rayon >= 9:
                morceaux.append(
                    format_html(
                        '<text class="conum-carte__valeur" x="{}" y="{}" dy="4" '
                        'text-anchor="middle" aria-hidden="true">{}</text>',
                        n(b.x),
                        n(b.y),
                        b.texte,
                    )
                )
            if b.etiquette:
                morceaux.append(
                    format_html(
                        '<text class="conum-carte__nom" x="{}" y="{}" text-anchor="middle">{}</text>',
                        n(b.x),
                        n(b.y + b.rayon + 13),
                        b.etiquette,
                    )
                )
        for r in self.reperes:
            morceaux.append(
                format_html(
                    '<circle class="conum-carte__repere" cx="{}" cy="{}" r="2.5"/>'
                    '<text class="conum-carte__nom" x="{}" y="{}" dx="6" dy="-6">{}</text>',
                    n(r.x),
                    n(r.y),
                    n(r.x),
                    n(r.y),
                    r.nom,
                )
            )
        for m in self.marqueurs:
            if m.origine:
                morceaux.append(
                    format_html(
                        '<circle class="conum-carte__origine" cx="{}" cy="{}" r="16"/>',
                        n(m.x),
                        n(m.y),
                    )
                )
                continue
            morceaux.append(
                format_html(
                    '<circle class="conum-carte__marqueur" cx="{}" cy="{}" r="11"/>'
                    '<text class="conum-carte__numero" x="{}" y="{}" dy="4" '
                    'text-anchor="middle">{}</text>',
                    n(m.x),
                    n(m.y),
                    n(m.x),
                    n(m.y),
                    m.numero,
                )
            )
        morceaux.append(mark_safe("</svg>"))
        return mark_safe("".join(str(m) for m in morceaux))


def chemin_cellules(cellules, projection: Projection, pas: float) -> str:
    """One path of squares (``pas`` degrees, given by their south-west corner): a country's
    outline drawn from where its communes are."""
    morceaux = []
    for lat, lon in cellules:
        x, y = projection(lat + pas, lon)
        x2, y2 = projection(lat, lon + pas)
        morceaux.append(f"M{nombre(x)} {nombre(y)}H{nombre(x2)}V{nombre(y2)}H{nombre(x)}z")
    return "".join(morceaux)
