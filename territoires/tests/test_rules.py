import math

import pytest

from territoires.rules import boite_englobante, distance_km, normaliser

PARIS = (48.8566, 2.3522)
LYON = (45.7640, 4.8357)


@pytest.mark.parametrize(
    ("depart", "arrivee", "attendu", "tolerance"),
    [
        (PARIS, LYON, 392, 5),
        (PARIS, PARIS, 0, 1e-9),
        ((0.0, 0.0), (0.0, 1.0), 111.19, 0.01),  # one degree along the equator
        ((0.0, 179.5), (0.0, -179.5), 111.19, 0.01),  # across the antimeridian
        ((90.0, 0.0), (-90.0, 0.0), 20015.09, 0.01),  # pole to pole: half a circumference
        ((-17.5373, -149.5665), (-22.2763, 166.4572), 4612, 5),  # Papeete – Nouméa
    ],
)
def test_distance_km(depart, arrivee, attendu, tolerance):
    assert distance_km(*depart, *arrivee) == pytest.approx(attendu, abs=tolerance)
    assert distance_km(*arrivee, *depart) == pytest.approx(distance_km(*depart, *arrivee))


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("saint etienne", "saint etienne"),
        ("ST ETIENNE", "saint etienne"),
        ("Ste-Foy-lès-Lyon", "sainte foy les lyon"),
        ("L'Haÿ-les-Roses", "l hay les roses"),
        ("L’Île-d’Yeu", "l ile d yeu"),
        ("  Œuilly  ", "oeuilly"),
        ("Châtel-Guyon", "chatel guyon"),
        ("Faa'a", "faa a"),
        ("Nouméa", "noumea"),
        ("Paris 16e Arrondissement", "paris 16e arrondissement"),
        ("Saint–Martin — Île", "saint martin ile"),
        ("Stenay", "stenay"),  # "st" is expanded only as a whole word
        ("", ""),
        (None, ""),
        ("-- ' --", ""),
    ],
)
def test_normaliser(texte, attendu):
    assert normaliser(texte) == attendu


@pytest.mark.parametrize(
    ("lat", "lon", "rayon"),
    [(48.8566, 2.3522, 10), (-13.28, -176.17, 50), (0.0, 179.9, 30), (64.0, -21.0, 200)],
)
def test_boite_englobante_contient_le_cercle(lat, lon, rayon):
    lat_min, lat_max, lon_min, lon_max = boite_englobante(lat, lon, rayon)
    # Points on the circle, every 10 degrees of bearing, stay inside the box.
    r = rayon / 6371.0
    for cap in range(0, 360, 10):
        theta = math.radians(cap)
        phi1, lambda1 = math.radians(lat), math.radians(lon)
        phi2 = math.asin(
            math.sin(phi1) * math.cos(r) + math.cos(phi1) * math.sin(r) * math.cos(theta)
        )
        lambda2 = lambda1 + math.atan2(
            math.sin(theta) * math.sin(r) * math.cos(phi1),
            math.cos(r) - math.sin(phi1) * math.sin(phi2),
        )
        lat2, lon2 = math.degrees(phi2), math.degrees(lambda2)
        assert lat_min <= lat2 <= lat_max
        assert (
            lon_min <= lon2 <= lon_max
            or lon_min <= lon2 + 360 <= lon_max
            or lon_min <= lon2 - 360 <= lon_max
        )


def test_boite_englobante_pres_du_pole():
    assert boite_englobante(89.9, 0.0, 50)[2:] == (-180.0, 180.0)
