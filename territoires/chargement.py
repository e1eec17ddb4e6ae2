"""Loads the shipped reference file into the database (idempotent upsert).

Rows that are already identical are not written at all, so a second load changes nothing
and reports 0 created, 0 updated. Rows present in the database but absent from the file
(e.g. communes merged since) are counted, never deleted: other tables may point at them.
"""

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from .models import Commune, Departement, Region
from .rules import normaliser

FICHIER_PAR_DEFAUT = Path(__file__).resolve().parent / "donnees" / "territoires.json.gz"
TAILLE_LOT = 2000


@dataclass
class Compte:
    crees: int = 0
    mis_a_jour: int = 0
    inchanges: int = 0
    absents_du_fichier: int = 0

    def __str__(self):
        texte = f"{self.crees} créé(s), {self.mis_a_jour} mis à jour, {self.inchanges} inchangé(s)"
        if self.absents_du_fichier:
            texte += f", {self.absents_du_fichier} absent(s) du fichier (conservé(s))"
        return texte


@dataclass
class Rapport:
    regions: Compte = field(default_factory=Compte)
    departements: Compte = field(default_factory=Compte)
    communes: Compte = field(default_factory=Compte)

    @property
    def crees(self) -> int:
        return self.regions.crees + self.departements.crees + self.communes.crees

    @property
    def mis_a_jour(self) -> int:
        return self.regions.mis_a_jour + self.departements.mis_a_jour + self.communes.mis_a_jour


def lire_fichier(chemin: Path | str = FICHIER_PAR_DEFAUT) -> dict:
    with gzip.open(chemin, "rt", encoding="utf-8") as f:
        return json.load(f)


def _upsert(modele, lignes: list[dict], champs: list[str]) -> Compte:
    """Creates or updates ``lignes`` (dicts keyed by field attname), skipping identical rows."""
    cle = modele._meta.pk.attname
    existants = {
        valeurs[0]: valeurs[1:] for valeurs in modele.objects.values_list(cle, *champs).iterator()
    }
    compte = Compte()
    a_ecrire = []
    codes_fichier = set()
    for ligne in lignes:
        codes_fichier.add(ligne[cle])
        actuel = existants.get(ligne[cle])
        if actuel is None:
            compte.crees += 1
        elif actuel == tuple(ligne[c] for c in champs):
            compte.inchanges += 1
            continue
        else:
            compte.mis_a_jour += 1
        a_ecrire.append(modele(**ligne))
    compte.absents_du_fichier = len(existants.keys() - codes_fichier)
    if a_ecrire:
        modele.objects.bulk_create(
            a_ecrire,
            batch_size=TAILLE_LOT,
            update_conflicts=True,
            unique_fields=[cle],
            update_fields=champs,
        )
    return compte


def charger(donnees: dict) -> Rapport:
    """Upserts régions, then départements, then communes, in one transaction."""
    regions = [{"code": r["code"], "nom": r["nom"]} for r in donnees["regions"]]
    departements = [
        {
            "code": d["code"],
            "nom": d["nom"],
            "region_id": d["region"],
            "type": d["type"],
            "outre_mer": d["outre_mer"],
            "population": d["population"] or 0,
            "chef_lieu": d["chef_lieu"] or "",
        }
        for d in donnees["departements"]
    ]
    communes = [
        {
            "code_insee": c["code"],
            "nom": c["nom"],
            "nom_recherche": normaliser(c["nom"]),
            "departement_id": c["departement"],
            "codes_postaux": list(c["codes_postaux"]),
            "population": c["population"],
            "latitude": float(c["lat"]),
            "longitude": float(c["lon"]),
        }
        for c in donnees["communes"]
    ]
    rapport = Rapport()
    with transaction.atomic():
        rapport.regions = _upsert(Region, regions, ["nom"])
        rapport.departements = _upsert(
            Departement,
            departements,
            ["nom", "region_id", "type", "outre_mer", "population", "chef_lieu"],
        )
        rapport.communes = _upsert(
            Commune,
            communes,
            [
                "nom",
                "nom_recherche",
                "departement_id",
                "codes_postaux",
                "population",
                "latitude",
                "longitude",
            ],
        )
    if rapport.crees or rapport.mis_a_jour:
        # Fresh statistics, or the planner may prefer a sequential scan to the trigram index.
        tables = ", ".join(
            connection.ops.quote_name(m._meta.db_table) for m in (Region, Departement, Commune)
        )
        with connection.cursor() as curseur:
            curseur.execute(f"ANALYZE {tables}")
    return rapport


def charger_fichier(chemin: Path | str = FICHIER_PAR_DEFAUT) -> Rapport:
    return charger(lire_fichier(chemin))
