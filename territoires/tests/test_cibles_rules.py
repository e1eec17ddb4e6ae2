import random

import pytest

from territoires.rules import (
    DonneesDepartement,
    Ponderations,
    calculer_cibles,
    repartir_plus_forts_restes,
)


def departements(n, graine=1):
    alea = random.Random(graine)
    return [
        DonneesDepartement(
            f"{i:02d}",
            alea.randint(5_000, 2_600_000),
            alea.uniform(8, 60),
            alea.uniform(5, 30),
            alea.uniform(35, 99),
        )
        for i in range(1, n + 1)
    ]


@pytest.mark.parametrize(
    "valeurs,total,attendu",
    [
        ({"a": 1.5, "b": 1.5}, 3, {"a": 2, "b": 1}),  # tie on remainder: the code decides
        ({"a": 0.4, "b": 0.6}, 1, {"a": 0, "b": 1}),
        ({"a": 2.0, "b": 3.0}, 5, {"a": 2, "b": 3}),
        ({"a": 1.2, "b": 1.2, "c": 1.6}, 4, {"a": 1, "b": 1, "c": 2}),
        ({"x": 0.33333, "y": 0.33333, "z": 0.33334}, 1, {"x": 0, "y": 0, "z": 1}),
    ],
)
def test_plus_forts_restes(valeurs, total, attendu):
    assert repartir_plus_forts_restes(valeurs, total) == attendu


@pytest.mark.parametrize("total", [1, 107, 3999, 4000, 4001, 10_000])
@pytest.mark.parametrize("graine", [1, 2, 3])
def test_somme_exacte_et_plancher_d_equite(total, graine):
    donnees = departements(107, graine)
    p = Ponderations()
    cibles = calculer_cibles(total, donnees, p)
    assert sum(c.valeur for c in cibles) == total
    for c in cibles:
        assert c.valeur >= int(total * p.equite / 107)
        assert c.part_equite == pytest.approx(total * p.equite / 107)


def test_plus_peuple_et_plus_vulnerable_a_plus():
    donnees = [
        DonneesDepartement("01", 100_000, 15, 8, 80),
        DonneesDepartement("02", 1_000_000, 15, 8, 80),  # more people
        DonneesDepartement("03", 100_000, 40, 20, 50),  # more vulnerable
    ]
    c = {x.code: x for x in calculer_cibles(300, donnees, Ponderations())}
    assert c["02"].valeur > c["01"].valeur
    assert c["03"].valeur > c["01"].valeur
    assert c["03"].indice_vulnerabilite == pytest.approx(1.0)
    assert c["01"].indice_vulnerabilite == pytest.approx(0.0)


def test_equite_seule_repartit_egalement():
    p = Ponderations(equite=1, demographie=0, vulnerabilite=0)
    cibles = calculer_cibles(10, departements(5), p)
    assert [c.valeur for c in cibles] == [2, 2, 2, 2, 2]


@pytest.mark.parametrize(
    "p,message",
    [
        (Ponderations(equite=0.5, demographie=0.5, vulnerabilite=0.5), "doivent totaliser 1"),
        (Ponderations(pauvrete=0.5, chomage=0.5, non_couverture=0.5), "indice de vulnérabilité"),
        (Ponderations(equite=-0.2, demographie=0.7, vulnerabilite=0.5), "négatives"),
    ],
)
def test_ponderations_invalides(p, message):
    assert any(message in e for e in p.erreurs())


def test_ponderations_par_defaut_valides():
    assert Ponderations().erreurs() == []
