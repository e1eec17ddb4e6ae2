"""Demo: sample indicators (clearly labelled as such) and a first computation of targets."""

from pathlib import Path

from .models import CalculCibles, Departement
from .rules import Ponderations
from .services import enregistrer_cibles, importer_indicateurs

FICHIER_EXEMPLE = Path(__file__).resolve().parent / "donnees" / "indicateurs_exemple.csv"


def creer(contexte: dict) -> None:
    if CalculCibles.objects.exists():
        return
    # Only the départements present (the tests load a handful of them).
    connus = set(Departement.objects.values_list("code", flat=True))
    entete, *lignes = FICHIER_EXEMPLE.read_text(encoding="utf-8").splitlines()
    retenues = [ligne for ligne in lignes if ligne.split(";", 1)[0] in connus]
    resultat = importer_indicateurs("\n".join([entete, *retenues]).encode())
    if resultat.erreurs:
        raise RuntimeError("; ".join(resultat.erreurs))
    enregistrer_cibles(4000, Ponderations(), commentaire="Cibles initiales (indicateurs d’exemple)")
    contexte.setdefault("resume", []).append(
        "Cibles départementales calculées pour 4 000 postes (indicateurs d’exemple)"
    )
