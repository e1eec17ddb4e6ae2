"""Maps of France from the shipped reference data, drawn by ``noyau.carte``: the national
map (mainland outline, one bubble per territory, overseas in a row of insets) and local
maps (landmark communes around points). The public pages and the dashboards call these;
no tile server, no script, no third-party request."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from noyau.carte import Bulle, Carte, Forme, Marqueur, Projection, Repere, chemin_cellules, rayon

from .models import Commune, Departement

# Mainland France and Corsica, in degrees.
METROPOLE = (41.3, 51.1, -5.2, 9.6)
PAS_SILHOUETTE = 0.25
LARGEUR_NATIONALE = 600
HAUTEUR_ENCARTS = 64  # the row of overseas bubbles under the mainland


@dataclass(frozen=True)
class Valeur:
    """What a national map shows of one territory, placed at ``lat``/``lon``."""

    code: str
    lat: float | None
    lon: float | None
    valeur: float
    titre: str = ""  # tooltip: the territory's name and figures, in words
    classe: str = ""  # colour class (choropleth-like categories)
    texte: str = ""  # drawn inside the bubble when large enough


def silhouette_metropole(pas: float = PAS_SILHOUETTE) -> list[tuple[float, float]]:
    """Cells (south-west corner) of a ``pas``-degree grid holding at least one commune of
    mainland France and Corsica: the country's outline drawn from the shipped reference.
    Cached: it changes only when the reference is reloaded."""
    cle = f"territoires:silhouette:{pas}"
    cellules = cache.get(cle)
    if cellules is None:
        points = Commune.objects.filter(
            latitude__gte=41, latitude__lte=51.5, longitude__gte=-5.5, longitude__lte=10
        ).values_list("latitude", "longitude")
        cellules = sorted({(lat // pas * pas, lon // pas * pas) for lat, lon in points})
        cache.set(cle, cellules, 24 * 3600)
    return cellules


def chefs_lieux(codes) -> dict[str, tuple[float, float]]:
    """Position of each département's chef-lieu (latitude, longitude), when known."""
    chefs = dict(
        Departement.objects.filter(code__in=list(codes))
        .exclude(chef_lieu="")
        .values_list("code", "chef_lieu")
    )
    positions = {
        c["code_insee"]: (c["latitude"], c["longitude"])
        for c in Commune.objects.filter(code_insee__in=list(chefs.values()))
        .exclude(latitude__isnull=True)
        .values("code_insee", "latitude", "longitude")
    }
    return {code: positions[insee] for code, insee in chefs.items() if insee in positions}


def carte_nationale(titre: str, valeurs: list[Valeur]) -> Carte:
    """Mainland France with a bubble per territory sized by its value; the territories
    outside the mainland box (overseas) in a row of labelled insets under it."""
    projection = Projection(*METROPOLE, largeur=LARGEUR_NATIONALE, marge=0.02)
    places = [v for v in valeurs if v.lat is not None and v.lon is not None]
    outre_mer = [v for v in places if not projection.contient(v.lat, v.lon)]
    maximum = max((v.valeur for v in places), default=0)
    hauteur = projection.hauteur + (HAUTEUR_ENCARTS if outre_mer else 0)
    carte = Carte(projection.largeur, hauteur, titre)
    carte.formes.append(
        Forme(
            chemin_cellules(silhouette_metropole(), projection, PAS_SILHOUETTE),
            classe="conum-carte__terre",
        )
    )
    for v in places:
        if v in outre_mer:
            continue
        x, y = projection(v.lat, v.lon)
        carte.bulles.append(
            Bulle(x, y, rayon(v.valeur, maximum), classe=v.classe, titre=v.titre, texte=v.texte)
        )
    pas = projection.largeur / max(len(outre_mer), 1)
    y = projection.hauteur + HAUTEUR_ENCARTS / 2 - 6
    for i, v in enumerate(outre_mer):
        x = pas * (i + 0.5)
        carte.bulles.append(
            Bulle(
                x,
                y,
                rayon(v.valeur, maximum, etendue=10),
                classe=v.classe,
                titre=v.titre,
                texte=v.texte,
                etiquette=v.code,
            )
        )
    return carte


def communes_reperes(lat_min, lat_max, lon_min, lon_max, nombre: int = 8) -> list[Commune]:
    """The most populated communes of a box: landmarks on a local map."""
    return list(
        Commune.objects.filter(
            latitude__gte=lat_min,
            latitude__lte=lat_max,
            longitude__gte=lon_min,
            longitude__lte=lon_max,
        )
        .exclude(population__isnull=True)
        .order_by("-population", "code_insee")[:nombre]
    )


def carte_locale(
    titre: str,
    points: list[tuple[float, float]],
    *,
    origine: tuple[float, float] | None = None,
    premier: int = 1,
    largeur: int = 600,
    marge: float = 0.12,
    reperes: int = 8,
    projection: Projection | None = None,
) -> Carte:
    """Points numbered from ``premier`` (as in the list beside the map) and an optional
    searched point, over the largest communes of the box, named for orientation."""
    tous = ([origine] if origine else []) + list(points)
    projection = projection or Projection.englobant(tous, largeur=largeur, marge=marge)
    p = projection
    carte = Carte(p.largeur, p.hauteur, titre)
    boite = (p.lat_min, p.lat_max_boite, p.lon_min_boite, p.lon_max)
    for c in communes_reperes(*boite, nombre=reperes):
        carte.reperes.append(Repere(*p(c.latitude, c.longitude), c.nom))
    for numero, (lat, lon) in enumerate(points, start=premier):
        carte.marqueurs.append(Marqueur(*projection(lat, lon), numero))
    if origine:
        carte.marqueurs.append(Marqueur(*projection(*origine), 0, origine=True))
    return carte
