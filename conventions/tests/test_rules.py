from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conventions.rules import (
    BAREMES,
    RegleNonRespectee,
    TypeContrat,
    ajouter_mois,
    calculer_subvention,
    duree_convention_valide,
    echeancier,
    prorata_transfert,
    repartir_centimes,
)

PUBLIC = BAREMES["ami-2020-public"]
PRIVE = BAREMES["ami-2021-prive"]
E = Decimal


@pytest.mark.parametrize(
    "bareme,contrat,departement,aides,montant,duree",
    [
        (PUBLIC, None, "33", 0, "50000.00", 24),
        (PUBLIC, TypeContrat.CONTRAT_DROIT_PUBLIC, "33", 0, "50000.00", 24),
        (PUBLIC, None, "971", 0, "70000.00", 24),
        (PUBLIC, None, "972", 0, "70000.00", 24),
        (PUBLIC, None, "973", 0, "70000.00", 24),
        (PUBLIC, None, "974", 0, "67500.00", 24),
        (PUBLIC, None, "976", 0, "67500.00", 24),
        (PUBLIC, None, "33", "12345.67", "37654.33", 24),
        (PRIVE, TypeContrat.CDI, "69", 0, "40000.00", 24),
        (PRIVE, TypeContrat.CDD, "69", 0, "32000.00", 18),
        (PRIVE, TypeContrat.CONTRAT_PROJET, "69", 0, "40000.00", 24),
        (PRIVE, TypeContrat.CDD, "69", "5000", "27000.00", 18),
        (PRIVE, TypeContrat.CDI, "69", "99999", "0.00", 24),  # aids above the subsidy: nothing left
        (PRIVE, TypeContrat.CDI, "974", 0, "40000.00", 24),  # no uplift in the private AMI
    ],
)
def test_montants_et_durees(bareme, contrat, departement, aides, montant, duree):
    s = calculer_subvention(
        bareme, type_contrat=contrat, departement=departement, autres_aides=E(aides)
    )
    assert s.montant == E(montant)
    assert s.duree_mois == duree
    assert s.montant_de_base - s.aides_deduites == s.montant


def test_pec_montant_saisi():
    s = calculer_subvention(
        PRIVE, type_contrat=TypeContrat.CUI_CAE_PEC, departement="59", montant_saisi=E("21000")
    )
    assert (s.montant, s.duree_mois) == (E("21000.00"), 24)
    with pytest.raises(RegleNonRespectee, match="doit être saisi"):
        calculer_subvention(PRIVE, type_contrat=TypeContrat.CUI_CAE_PEC, departement="59")


def test_cui_cie_reserve_a_l_outre_mer():
    with pytest.raises(RegleNonRespectee, match="outre-mer"):
        calculer_subvention(
            PRIVE, type_contrat=TypeContrat.CUI_CIE_PEC, departement="59", montant_saisi=E("1")
        )
    s = calculer_subvention(
        PRIVE, type_contrat=TypeContrat.CUI_CIE_PEC, departement="972", montant_saisi=E("15000")
    )
    assert s.montant == E("15000.00")


def test_contrat_hors_bareme():
    with pytest.raises(RegleNonRespectee, match="n’ouvre pas droit"):
        calculer_subvention(PRIVE, type_contrat=TypeContrat.CONTRAT_DROIT_PUBLIC, departement="59")


@pytest.mark.parametrize(
    "jour,mois,attendu",
    [
        (date(2021, 1, 15), 1, date(2021, 2, 15)),
        (date(2021, 1, 31), 1, date(2021, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2021, 8, 31), 6, date(2022, 2, 28)),
        (date(2021, 12, 1), 12, date(2022, 12, 1)),
        (date(2021, 7, 31), 12, date(2022, 7, 31)),
    ],
)
def test_ajouter_mois(jour, mois, attendu):
    assert ajouter_mois(jour, mois) == attendu


@pytest.mark.parametrize(
    "montant,tranches",
    [
        ("50000.00", ["10000.00", "15000.00", "25000.00"]),
        ("70000.00", ["14000.00", "21000.00", "35000.00"]),
        ("67500.00", ["13500.00", "20250.00", "33750.00"]),
        ("32000.00", ["6400.00", "9600.00", "16000.00"]),
        ("37654.33", ["7530.87", "11296.30", "18827.16"]),
        ("0.01", ["0.00", "0.00", "0.01"]),
    ],
)
def test_tranches_au_centime(montant, tranches):
    e = echeancier(PUBLIC, E(montant), date(2021, 3, 10))
    assert [t.montant for t in e] == [E(t) for t in tranches]
    assert sum(t.montant for t in e) == E(montant)
    assert [t.due_le for t in e] == [date(2021, 4, 10), date(2021, 9, 10), date(2022, 3, 10)]
    assert [t.pourcentage for t in e] == [20, 30, 50]


@given(st.decimals(min_value=0, max_value=1_000_000, places=2))
def test_echeancier_somme_toujours_exacte(montant):
    assert sum(t.montant for t in echeancier(PRIVE, montant, date(2022, 1, 31))) == montant


def test_pourcentages_invalides():
    with pytest.raises(RegleNonRespectee):
        repartir_centimes(E("100"), [20, 30, 40])


@pytest.mark.parametrize(
    "bareme,duree,valide",
    [
        (PUBLIC, 36, True),
        (PUBLIC, 37, False),
        (PRIVE, 24, True),
        (PRIVE, 25, False),
        (PUBLIC, 0, False),
    ],
)
def test_duree_maximale_de_convention(bareme, duree, valide):
    assert duree_convention_valide(bareme, duree) is valide


@pytest.mark.parametrize(
    "transfert,attendu",
    [
        (date(2022, 1, 1), "50000.00"),
        (date(2023, 1, 1), "24965.71"),  # 364 of 729 days left
        (date(2023, 12, 31), "0.00"),
    ],
)
def test_prorata_du_transfert(transfert, attendu):
    assert prorata_transfert(E("50000"), date(2022, 1, 1), date(2023, 12, 31), transfert) == E(
        attendu
    )


def test_transfert_d_une_convention_terminee_refuse():
    with pytest.raises(RegleNonRespectee, match="en cours"):
        prorata_transfert(E("50000"), date(2022, 1, 1), date(2023, 12, 31), date(2024, 1, 2))


@pytest.mark.parametrize(
    "bareme,reference,contrats_durees",
    [
        (PUBLIC, "signature_convention", {None: 24}),
        (
            PRIVE,
            "signature_contrat",
            {
                TypeContrat.CDI: 24,
                TypeContrat.CDD: 18,
                TypeContrat.CONTRAT_PROJET: 24,
                TypeContrat.CUI_CAE_PEC: 24,
                TypeContrat.CUI_CIE_PEC: 24,
            },
        ),
    ],
)
def test_date_de_reference_et_durees_par_ami(bareme, reference, contrats_durees):
    """AMI 2020: tranches dated from the convention's signature; AMI 2021: from the
    employment contract's [000 §III][001 §III.5]."""
    assert bareme.reference_tranches == reference
    assert {k: m.duree_mois for k, m in bareme.montants.items()} == contrats_durees
