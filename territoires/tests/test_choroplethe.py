"""The offline choropleth: shipped outlines, and colours that follow the figures.

Issue 19: « the dashboards show a choropleth by département (target reached, posts filled,
activity) with a legend and an accessible table; overseas départements in insets » — « the
choropleth is tested for its colours against the figures ».
"""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from territoires import choroplethe
from territoires.choroplethe import CONTOURS, PALETTE, SANS_DONNEE, Paliers, carte, indicateurs

PALIERS = Paliers(bornes=(50, 75, 90), unite="%")


def test_contours_livres_compacts_et_complets():
    assert CONTOURS.stat().st_size < 400 * 1024
    formes = choroplethe.contours()
    assert len(formes["departements"]) == 101  # 96 mainland and Corsica + 5 overseas
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= set(formes["departements"])
    assert len(formes["regions"]) == 18
    assert all(formes["departements"][code] for code in formes["departements"])
    assert (CONTOURS.parent / "NOTICE.md").read_text().count("contours.json.gz") >= 1


@pytest.mark.parametrize(
    "valeur,couleur",
    [
        (None, SANS_DONNEE),
        (0, PALETTE[0]),
        (49.9, PALETTE[0]),
        (50, PALETTE[1]),
        (74.9, PALETTE[1]),
        (75, PALETTE[2]),
        (90, PALETTE[3]),
        (130, PALETTE[3]),
    ],
)
def test_la_couleur_suit_le_chiffre(valeur, couleur):
    resultat = carte({"33": valeur}, {"33": "Gironde"}, PALIERS, titre="Cible atteinte")
    gironde = next(z for z in resultat.zones if z.code == "33")
    assert gironde.couleur == couleur
    assert gironde.classe in {libelle for _, libelle in resultat.legende}


def test_rendu_chaque_departement_peint_de_la_couleur_de_son_chiffre():
    valeurs = {"33": 95.0, "40": 60.0, "24": 10.0, "974": 80.0}
    resultat = carte(valeurs, {"33": "Gironde", "974": "La Réunion"}, PALIERS, titre="Cible")
    html = render_to_string("territoires/_choroplethe.html", {"carte": resultat, "id": "c"})
    peints = {
        code: couleur
        for couleur, code in re.findall(
            r'fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="0.6" data-code="(\w+)"', html
        )
    }
    assert peints["33"] == PALETTE[3]
    assert peints["40"] == PALETTE[1]
    assert peints["24"] == PALETTE[0]
    assert peints["974"] == PALETTE[2]
    assert peints["75"] == SANS_DONNEE
    assert len(peints) == 101
    # Legend and accessible table carry the same figures.
    assert "90 % ou plus" in html and "pas de donnée" in html
    assert re.search(r"Gironde \(33\)</th><td>95\s%</td><td>90 % ou plus</td>", html)
    assert "La Réunion" in html  # its inset
    # The table lists the territories whose figures were given, not the whole country.
    assert "Paris (75)</th>" not in html and "(75)</th>" not in html


def test_outre_mer_dans_des_encarts_sous_la_metropole():
    resultat = carte({}, {}, PALIERS, titre="t")
    assert [nom for nom, *_ in resultat.encarts] == [
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    ]
    reunion = next(z for z in resultat.zones if z.code == "974")
    ordonnees = [float(y) for y in re.findall(r"[ML][\d.]+,([\d.]+)", reunion.chemin)]
    assert min(ordonnees) >= choroplethe.HAUTEUR_METROPOLE
    paris = next(z for z in resultat.zones if z.code == "75")
    assert max(float(y) for y in re.findall(r"[ML][\d.]+,([\d.]+)", paris.chemin)) < (
        choroplethe.HAUTEUR_METROPOLE
    )


def test_les_trois_indicateurs_des_tableaux_de_bord():
    lignes = [
        SimpleNamespace(
            code="33", cible=20, dotation=16, occupes=18, en_poste=18, accompagnements=900
        ),
        SimpleNamespace(
            code="40", cible=None, dotation=0, occupes=0, en_poste=0, accompagnements=0
        ),
    ]
    i = indicateurs(lignes)
    assert i["cible"] == {"33": 90.0, "40": None}
    assert i["postes"] == {"33": 112.5, "40": None}
    assert i["activite"] == {"33": 50.0, "40": None}
