"""Demo: sample indicators (clearly labelled as such) and a first computation of targets."""

from pathlib import Path

from .models import CalculCibles
from .rules import Ponderations
from .services import enregistrer_cibles, importer_indicateurs

FICHIER_EXEMPLE = Path(__file__).resolve().parent / "donnees" / "indicateurs_exemple.csv"


def creer(contexte: dict) -> None:
    if CalculCibles.objects.exists():
        return
    resultat = importer_indicateurs(FICHIER_EXEMPLE.read_bytes())
    if resultat.erreurs:
        raise RuntimeError("; ".join(resultat.erreurs))
    enregistrer_cibles(4000, Ponderations(), commentaire="Cibles initiales (indicateurs d’exemple)")
    contexte.setdefault("resume", []).append(
        "Cibles départementales calculées pour 4 000 postes (indicateurs d’exemple)"
    )
