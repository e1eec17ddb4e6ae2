"""Pure rules about places: distances and name normalisation. No ORM, no I/O."""

import math
import re
import unicodedata
from dataclasses import dataclass

RAYON_TERRE_KM = 6371.0
_MARGE_DEG = 1e-6  # ~0.1 m, against rounding at the edge of a bounding box

# Characters that separate words in French place names ("Saint-Étienne", "L'Haÿ-les-Roses").
_SEPARATEURS = re.compile(r"[\s\-‐‑‒–—―'’‘`´ʼ.,;:/()·_]+")
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})
# Common abbreviations, expanded so that "st etienne" finds "Saint-Étienne".
_ABREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres (haversine formula)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(min(1.0, math.sqrt(a)))


def normaliser(texte: str | None) -> str:
    """Lowercase, unaccented, one space between words: the form names are searched in.

    >>> normaliser("Saint-Étienne-du-Rouvray")
    'saint etienne du rouvray'
    >>> normaliser("  L'Haÿ-les-Roses ")
    'l hay les roses'
    >>> normaliser("St Étienne")
    'saint etienne'
    """
    if not texte:
        return ""
    texte = texte.translate(_LIGATURES)
    decompose = unicodedata.normalize("NFKD", texte)
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    mots = _SEPARATEURS.sub(" ", sans_accents.lower()).split()
    return " ".join(_ABREVIATIONS.get(mot, mot) for mot in mots)


def boite_englobante(lat: float, lon: float, rayon_km: float) -> tuple[float, float, float, float]:
    """(lat_min, lat_max, lon_min, lon_max) of a box containing every point within rayon_km.

    Longitudes are not wrapped: lon_min may be below -180 or lon_max above 180 near the
    antimeridian (Wallis-et-Futuna); the caller handles that case.
    """
    dlat = math.degrees(rayon_km / RAYON_TERRE_KM) + _MARGE_DEG
    cos_lat = math.cos(math.radians(lat))
    if cos_lat < 1e-6 or dlat + abs(lat) >= 90:
        return max(-90.0, lat - dlat), min(90.0, lat + dlat), -180.0, 180.0
    # The widest longitude span is reached at the latitude nearest a pole inside the box.
    lat_extreme = min(89.999, abs(lat) + dlat)
    dlon = math.degrees(rayon_km / (RAYON_TERRE_KM * math.cos(math.radians(lat_extreme))))
    dlon += _MARGE_DEG
    if dlon >= 180:
        return lat - dlat, lat + dlat, -180.0, 180.0
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


# --- Département targets (cibles départementales) --------------------------------------
# Guide for prefectures (seed 002, "Comprendre le concept de cible départementale"): an ideal
# number of posts per département from three factors, equity (every département counts),
# demography (population) and vulnerability (an index from poverty rate, unemployment rate,
# digital coverage…). The weights are data the national admin sets; the computation is ours:
#   part_equite        = total × w_equite × 1/D
#   part_demographie   = total × w_demographie × population / Σ population
#   part_vulnerabilite = total × w_vulnerabilite × indice / Σ indice
# with the index a weighted sum of min-max normalised indicators (non-coverage = 100 − coverage),
# then rounded by the largest-remainder method so that the targets add up to the total exactly.


@dataclass(frozen=True)
class Ponderations:
    equite: float = 0.2
    demographie: float = 0.5
    vulnerabilite: float = 0.3
    pauvrete: float = 0.4
    chomage: float = 0.3
    non_couverture: float = 0.3

    def erreurs(self) -> list[str]:
        erreurs = []
        valeurs = [
            self.equite,
            self.demographie,
            self.vulnerabilite,
            self.pauvrete,
            self.chomage,
            self.non_couverture,
        ]
        if any(v < 0 for v in valeurs):
            erreurs.append("Les pondérations ne peuvent pas être négatives.")
        if not math.isclose(self.equite + self.demographie + self.vulnerabilite, 1, abs_tol=1e-6):
            erreurs.append(
                "Les pondérations équité, démographie et vulnérabilité doivent totaliser 1."
            )
        if not math.isclose(self.pauvrete + self.chomage + self.non_couverture, 1, abs_tol=1e-6):
            erreurs.append("Les pondérations de l’indice de vulnérabilité doivent totaliser 1.")
        return erreurs


@dataclass(frozen=True)
class DonneesDepartement:
    code: str
    population: int
    taux_pauvrete: float
    taux_chomage: float
    couverture_numerique: float


@dataclass(frozen=True)
class CibleCalculee:
    code: str
    indice_vulnerabilite: float
    part_equite: float
    part_demographie: float
    part_vulnerabilite: float
    valeur: int

    @property
    def brute(self) -> float:
        return self.part_equite + self.part_demographie + self.part_vulnerabilite


def _normaliser_min_max(valeurs: list[float]) -> list[float]:
    bas, haut = min(valeurs), max(valeurs)
    if math.isclose(bas, haut):
        return [0.5 for _ in valeurs]
    return [(v - bas) / (haut - bas) for v in valeurs]


def indices_vulnerabilite(donnees: list[DonneesDepartement], p: Ponderations) -> list[float]:
    """One index in [0, 1] per département, in the order given."""
    pauvrete = _normaliser_min_max([d.taux_pauvrete for d in donnees])
    chomage = _normaliser_min_max([d.taux_chomage for d in donnees])
    non_couverture = _normaliser_min_max([100 - d.couverture_numerique for d in donnees])
    return [
        p.pauvrete * a + p.chomage * b + p.non_couverture * c
        for a, b, c in zip(pauvrete, chomage, non_couverture, strict=True)
    ]


def repartir_plus_forts_restes(valeurs: dict[str, float], total: int) -> dict[str, int]:
    """Round shares that add up to ``total`` into integers that add up to it exactly.

    Each gets its floor; the units left go to the largest fractional parts (ties: the
    largest share, then the code, so that the result never depends on dict order).
    """
    planchers = {code: math.floor(v + 1e-9) for code, v in valeurs.items()}
    reste = total - sum(planchers.values())
    ordre = sorted(valeurs, key=lambda c: (-(valeurs[c] - planchers[c]), -valeurs[c], c))
    for code in ordre[: max(0, reste)]:
        planchers[code] += 1
    return planchers


def calculer_cibles(
    total: int, donnees: list[DonneesDepartement], p: Ponderations
) -> list[CibleCalculee]:
    if not donnees:
        return []
    indices = indices_vulnerabilite(donnees, p)
    somme_population = sum(d.population for d in donnees) or 1
    somme_indices = sum(indices) or 1
    nombre = len(donnees)
    parts = {}
    for d, indice in zip(donnees, indices, strict=True):
        parts[d.code] = (
            indice,
            total * p.equite / nombre,
            total * p.demographie * d.population / somme_population,
            total * p.vulnerabilite * indice / somme_indices,
        )
    arrondis = repartir_plus_forts_restes({c: sum(v[1:]) for c, v in parts.items()}, total)
    return [
        CibleCalculee(code, *parts[code], valeur=arrondis[code])
        for code in (d.code for d in donnees)
    ]
