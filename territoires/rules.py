"""Pure rules about places: distances and name normalisation. No ORM, no I/O."""

import math
import re
import unicodedata

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
