"""The one map renderer: coordinates are numbers a browser reads (a dot, never a French
decimal comma, whatever the active language), and the projection keeps north up."""

import re

from django.utils import translation

from noyau.carte import Bulle, Carte, Marqueur, Projection, Repere, nombre

ATTRIBUTS_NUMERIQUES = re.compile(r'\b(cx|cy|r|x|y|dx|dy)="([^"]*)"')


def test_projection_place_le_nord_en_haut_et_l_ouest_a_gauche():
    p = Projection(44.0, 46.0, -1.0, 1.0, largeur=600)
    x_ouest, y_nord = p(46.0, -1.0)
    x_est, y_sud = p(44.0, 1.0)
    assert x_ouest < x_est and y_nord < y_sud
    assert x_ouest >= 0 and x_est <= p.largeur and y_nord >= 0 and y_sud <= p.hauteur


def test_nombre_svg():
    assert [nombre(v) for v in (347.44, 12.0, 0.05, 1e-7, 3)] == ["347.4", "12", "0.1", "0", "3"]


def test_coordonnees_lisibles_par_le_navigateur_meme_en_francais(settings):
    """The blank national map: ``cx="347,4"`` (French localisation) is not a length."""
    settings.USE_THOUSAND_SEPARATOR = True
    carte = Carte(
        600,
        540,
        "Carte d’essai",
        bulles=[Bulle(347.44, 1234.56, 9.25, titre="Gironde (33) : 12", texte="12")],
        reperes=[Repere(10.5, 20.25, "Bordeaux")],
        marqueurs=[Marqueur(100.15, 200.75, 1), Marqueur(5.5, 6.5, 0, origine=True)],
    )
    with translation.override("fr"):
        svg = str(carte.svg())
    valeurs = ATTRIBUTS_NUMERIQUES.findall(svg)
    assert len(valeurs) >= 12
    for _, valeur in valeurs:
        float(valeur)  # raises on "347,4" or "1 234.6"
    assert 'cx="347.4"' in svg and 'cy="1234.6"' in svg
    assert "<title>Gironde (33) : 12</title>" in svg


def test_textes_echappes():
    svg = str(Carte(10, 10, "<script>", reperes=[Repere(1, 1, "<b>Agen</b>")]).svg())
    assert "<script>" not in svg and "<b>" not in svg
