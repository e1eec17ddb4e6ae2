"""The dashboards' national map: one bubble per département at its chef-lieu, sized by
allocation and coloured by how many posts are filled against the target. Drawn by
``territoires.cartes`` like the public maps; the table next to it is the accessible
alternative."""

from __future__ import annotations

from noyau.carte import Carte
from territoires.cartes import Valeur, carte_nationale, chefs_lieux

TITRE = (
    "Carte des départements : taille selon la dotation, couleur selon les postes occupés "
    "rapportés à la cible (le tableau donne les mêmes chiffres)"
)


def classe(occupes: int, cible: int | None) -> str:
    """Colour class: filled posts against the target (or against allocation without one)."""
    if not cible:
        return "sans-cible"
    part = occupes / cible
    if part >= 0.9:
        return "atteinte"
    if part >= 0.5:
        return "en-cours"
    return "eloignee"


def carte(lignes) -> Carte:
    """The map of the per-département lines (``selectors.LigneTerritoire``)."""
    positions = chefs_lieux(ligne.code for ligne in lignes)
    valeurs = []
    for ligne in lignes:
        lat, lon = positions.get(ligne.code, (None, None))
        cible = ligne.cible if ligne.cible is not None else "–"
        valeurs.append(
            Valeur(
                code=ligne.code,
                lat=lat,
                lon=lon,
                valeur=ligne.dotation,
                classe=classe(ligne.occupes, ligne.cible),
                titre=f"{ligne.nom} ({ligne.code}) : cible {cible}, dotation {ligne.dotation},"
                f" postes occupés {ligne.occupes}",
            )
        )
    return carte_nationale(TITRE, valeurs)
