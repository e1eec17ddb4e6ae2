from datetime import date

import pytest

from pilotage import rules

AUJOURD_HUI = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("dernier", "groupe"),
    [
        (None, rules.JAMAIS),
        (date(2026, 6, 15), rules.ACTIF),
        (date(2026, 5, 16), rules.ACTIF),  # exactly 30 days
        (date(2026, 5, 15), rules.SANS_CRA_30_JOURS),
        (date(2026, 1, 1), rules.SANS_CRA_30_JOURS),
        (date(2025, 12, 31), rules.SANS_CRA_ANNEE),
    ],
)
def test_groupe_cra(dernier, groupe):
    assert rules.groupe_cra(dernier, AUJOURD_HUI) == groupe


def test_en_janvier_la_fenetre_de_30_jours_l_emporte_sur_l_annee():
    assert rules.groupe_cra(date(2026, 12, 28), date(2027, 1, 10)) == rules.ACTIF


@pytest.mark.parametrize(("n", "d", "attendu"), [(0, 0, None), (1, 3, 33), (2, 3, 67), (5, 4, 125)])
def test_taux(n, d, attendu):
    assert rules.taux(n, d) == attendu


def test_anomalie_un_sur_zero():
    from instruction.rules import anomalie_postes  # the rule the dashboards' alert applies

    assert anomalie_postes(1, 0)
    assert not anomalie_postes(1, 1)
    assert not anomalie_postes(0, 1)


def test_ajouter_mois_garde_la_fin_de_mois():
    assert rules.ajouter_mois(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert rules.ajouter_mois(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert rules.ajouter_mois(date(2026, 3, 15), -3) == date(2025, 12, 15)


def test_periodes_semestrielles_echues_seulement():
    periodes = rules.periodes_echues(
        rules.CONDITIONS_ACCUEIL, date(2025, 1, 10), None, date(2026, 1, 10)
    )
    assert [(p.debut, p.fin) for p in periodes] == [
        (date(2025, 1, 10), date(2025, 7, 9)),
        (date(2025, 7, 10), date(2026, 1, 9)),
    ]
    assert periodes[0].echeance == date(2025, 8, 8)


def test_la_derniere_periode_s_arrete_avec_la_convention():
    periodes = rules.periodes_echues(
        rules.UTILISATION_SUBVENTION, date(2025, 1, 1), date(2025, 5, 15), date(2026, 1, 1)
    )
    assert [(p.debut, p.fin) for p in periodes] == [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 5, 15)),
    ]


def test_statut_obligation():
    periode = rules.Periode(rules.RAPPORT_ACTIVITE, date(2025, 1, 1), date(2025, 12, 31))
    assert rules.statut_obligation(periode, None, date(2026, 1, 30)) == "a_deposer"
    assert rules.statut_obligation(periode, None, date(2026, 1, 31)) == "en_retard"
    assert rules.statut_obligation(periode, date(2026, 2, 5), date(2026, 3, 1)) == "deposee"
