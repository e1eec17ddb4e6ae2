"""Writes indicateurs_exemple.csv: SAMPLE indicators for the demo, not official statistics.

The real poverty and unemployment rates and the digital coverage come from INSEE and ARCEP
and are imported by the national admin (page « Indicateurs des départements »). This file
only lets the demo compute believable targets offline. Deterministic: same file every run.

    python territoires/donnees/generer_indicateurs_exemple.py
"""

import csv
import gzip
import json
import random
from pathlib import Path

ICI = Path(__file__).resolve().parent
SOURCE = "DONNÉES D’EXEMPLE – non officielles, pour la démonstration"


def main() -> None:
    territoires = json.loads(gzip.decompress((ICI / "territoires.json.gz").read_bytes()))
    alea = random.Random(2024)
    with open(ICI / "indicateurs_exemple.csv", "w", newline="", encoding="utf-8") as fichier:
        ecrivain = csv.writer(fichier, delimiter=";")
        ecrivain.writerow(
            ["code_departement", "taux_pauvrete", "taux_chomage", "couverture_numerique", "source"]
        )
        for d in sorted(territoires["departements"], key=lambda d: d["code"]):
            if d["outre_mer"]:
                pauvrete, chomage, couverture = (
                    alea.uniform(28, 60),
                    alea.uniform(12, 30),
                    alea.uniform(35, 80),
                )
            else:
                pauvrete, chomage, couverture = (
                    alea.uniform(9, 22),
                    alea.uniform(5, 11),
                    alea.uniform(55, 98),
                )
            ecrivain.writerow(
                [d["code"], f"{pauvrete:.1f}", f"{chomage:.1f}", f"{couverture:.1f}", SOURCE]
            )


if __name__ == "__main__":
    main()
