"""The public pages' maps (search results, a place, national counts), drawn by
``territoires.cartes`` and ``noyau.carte`` like every other map of the platform."""

from __future__ import annotations

import math

from noyau.carte import Carte, Projection
from territoires.cartes import Valeur, carte_locale, carte_nationale


def _pluriel(n: int, singulier: str, pluriel: str) -> str:
    return singulier if n < 2 else pluriel


def carte_resultats(origine: tuple[float, float], lieux, premier: int) -> Carte:
    """The searched point and the places of the page, numbered as in the list."""
    return carte_locale(
        "Carte des lieux de cette page autour du point recherché",
        [(lieu.latitude, lieu.longitude) for lieu in lieux],
        origine=origine,
        premier=premier,
    )


def carte_par_departement(titre: str, par_departement: list[dict], nom: str, noms: str) -> Carte:
    """A bubble per département sized by its count (``n``), at the mean position given."""
    return carte_nationale(
        titre,
        [
            Valeur(
                code=d["commune__departement_id"],
                lat=d["lat"],
                lon=d["lon"],
                valeur=d["n"],
                titre=f"{d['commune__departement__nom']} ({d['commune__departement_id']}) : "
                f"{d['n']} {_pluriel(d['n'], nom, noms)}",
                texte=str(d["n"]),
            )
            for d in par_departement
        ],
    )


def carte_lieu(lieu, demi_hauteur: float = 0.12) -> Carte:
    """One place among the largest communes around it (about 25 km across)."""
    demi_largeur = demi_hauteur / max(math.cos(math.radians(lieu.latitude)), 0.2)
    projection = Projection(
        lieu.latitude - demi_hauteur,
        lieu.latitude + demi_hauteur,
        lieu.longitude - demi_largeur,
        lieu.longitude + demi_largeur,
        largeur=480,
        marge=0,
    )
    return carte_locale(
        "Situation du lieu parmi les principales communes alentour",
        [(lieu.latitude, lieu.longitude)],
        projection=projection,
        reperes=6,
    )
