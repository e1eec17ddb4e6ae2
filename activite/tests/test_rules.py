"""Pure rules, tables of cases."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .. import rules
from ..choix import THEMATIQUES_ADMINISTRATIVES, THEMATIQUES_MEDIATION, Thematique
from ..rules import Segment


@pytest.mark.parametrize(
    "annee,attendu",
    [
        (2015, "moins_de_douze"),
        (2014, "douze_dix_huit"),
        (2009, "douze_dix_huit"),
        (2008, "dix_huit_vingt_quatre"),
        (2002, "dix_huit_vingt_quatre"),
        (2001, "vingt_cinq_trente_neuf"),
        (1987, "vingt_cinq_trente_neuf"),
        (1986, "quarante_cinquante_neuf"),
        (1967, "quarante_cinquante_neuf"),
        (1966, "soixante_soixante_neuf"),
        (1957, "soixante_soixante_neuf"),
        (1956, "soixante_dix_plus"),
        (None, "non_communique"),
    ],
)
def test_tranche_d_age_deduite_de_l_annee_de_naissance(annee, attendu):
    assert rules.tranche_age(annee, 2026) == attendu


@pytest.mark.parametrize(
    "minutes,tranche,libelle",
    [
        (15, "30", "15mn"),
        (29, "30", "29mn"),
        (30, "60", "30mn"),
        (59, "60", "59mn"),
        (60, "120", "1h"),
        (90, "120", "1h30"),
        (119, "120", "1h59"),
        (120, "more", "2h"),
        (125, "more", "2h05"),
    ],
)
def test_durees(minutes, tranche, libelle):
    assert rules.tranche_duree(minutes) == tranche
    assert rules.libelle_duree(minutes) == libelle


AIDE = Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES


@pytest.mark.parametrize(
    "thematiques,precision,erreurs",
    [
        (["email"], "", []),
        ([AIDE, "logement"], "APL", []),
        ([AIDE], "", []),
        (["email", "logement"], "", [rules.ERREUR_THEMATIQUES_ADMINISTRATIVES]),
        (["email"], "Carte grise", [rules.ERREUR_PRECISIONS_DEMARCHE]),
        ([], "", ["Choisissez au moins une thématique."]),
        (
            ["justice"],
            "x",
            [rules.ERREUR_THEMATIQUES_ADMINISTRATIVES, rules.ERREUR_PRECISIONS_DEMARCHE],
        ),
    ],
)
def test_thematiques_administratives_ouvertes_par_l_aide_aux_demarches(
    thematiques, precision, erreurs
):
    assert rules.erreurs_thematiques(thematiques, precision) == erreurs


def test_le_catalogue_des_thematiques():
    assert len(THEMATIQUES_MEDIATION) == 19
    assert len(THEMATIQUES_ADMINISTRATIVES) == 11
    assert Thematique("entrepreneuriat").label == "Accompagner un professionnel"


@pytest.mark.parametrize(
    "total,saisies,valeurs,erreur",
    [
        (10, {"f": 6, "m": 3, "nc": None}, {"f": 6, "m": 3, "nc": 1}, None),
        (10, {"f": None, "m": None, "nc": None}, {"f": 0, "m": 0, "nc": 10}, None),
        (10, {"f": 6, "m": 4, "nc": 0}, {"f": 6, "m": 4, "nc": 0}, None),
        (10, {"f": 9, "m": 3, "nc": None}, None, "La répartition par genre (12) dépasse"),
        (10, {"f": 6, "m": 3, "nc": 3}, None, "(12) ne correspond pas au nombre de participants"),
        (10, {"f": 6, "m": 1, "nc": 1}, None, "(8) ne correspond pas"),
        (10, {"f": -1, "m": 0, "nc": None}, None, "ne peut pas être négative"),
    ],
)
def test_les_participants_s_additionnent(total, saisies, valeurs, erreur):
    r = rules.repartir(total, saisies, "nc", "genre")
    if erreur:
        assert erreur in r.erreur
    else:
        assert (r.valeurs, r.erreur) == (valeurs, None)


J = date


@pytest.mark.parametrize(
    "du,au,segments",
    [
        (None, None, [Segment("mois", None, None)]),
        (J(2026, 1, 1), J(2026, 3, 31), [Segment("mois", J(2026, 1, 1), J(2026, 3, 1))]),
        (
            J(2026, 1, 15),
            J(2026, 3, 10),
            [
                Segment("jour", J(2026, 1, 15), J(2026, 1, 31)),
                Segment("mois", J(2026, 2, 1), J(2026, 2, 1)),
                Segment("jour", J(2026, 3, 1), J(2026, 3, 10)),
            ],
        ),
        (J(2026, 1, 15), J(2026, 1, 20), [Segment("jour", J(2026, 1, 15), J(2026, 1, 20))]),
        (J(2026, 1, 1), J(2026, 1, 20), [Segment("jour", J(2026, 1, 1), J(2026, 1, 20))]),
        (J(2026, 1, 15), J(2026, 1, 31), [Segment("jour", J(2026, 1, 15), J(2026, 1, 31))]),
        (
            J(2026, 1, 15),
            J(2026, 2, 10),
            [
                Segment("jour", J(2026, 1, 15), J(2026, 1, 31)),
                Segment("jour", J(2026, 2, 1), J(2026, 2, 10)),
            ],
        ),
        (
            J(2026, 1, 15),
            None,
            [Segment("jour", J(2026, 1, 15), J(2026, 1, 31)), Segment("mois", J(2026, 2, 1), None)],
        ),
        (
            None,
            J(2026, 2, 10),
            [Segment("mois", None, J(2026, 1, 1)), Segment("jour", J(2026, 2, 1), J(2026, 2, 10))],
        ),
        (None, J(2024, 2, 29), [Segment("mois", None, J(2024, 2, 1))]),
        (J(2026, 3, 1), J(2026, 2, 1), []),
    ],
)
def test_decouper_une_periode_en_mois_entiers_et_jours(du, au, segments):
    assert rules.decouper_periode(du, au) == segments


@given(
    du=st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    duree=st.integers(min_value=0, max_value=500),
)
def test_les_segments_couvrent_chaque_jour_exactement_une_fois(du, duree):
    from datetime import timedelta

    au = du + timedelta(days=duree)
    couverts = []
    for s in rules.decouper_periode(du, au):
        jour = s.debut
        while jour <= s.fin:
            if s.grain == "jour":
                couverts.append(jour)
                jour += timedelta(days=1)
            else:
                fin_mois = rules.dernier_jour(jour)
                while jour <= fin_mois:
                    couverts.append(jour)
                    jour += timedelta(days=1)
    attendus = [du + timedelta(days=i) for i in range(duree + 1)]
    assert couverts == attendus


@pytest.mark.parametrize(
    "intervalles,fusion",
    [
        ([(J(2026, 1, 1), J(2026, 1, 31)), (J(2026, 2, 1), None)], [(J(2026, 1, 1), None)]),
        (
            [(J(2026, 1, 1), J(2026, 1, 10)), (J(2026, 3, 1), J(2026, 3, 5))],
            [(J(2026, 1, 1), J(2026, 1, 10)), (J(2026, 3, 1), J(2026, 3, 5))],
        ),
        ([(J(2026, 1, 1), None), (J(2026, 2, 1), J(2026, 2, 5))], [(J(2026, 1, 1), None)]),
        ([(None, J(2026, 1, 1))], [(None, J(2026, 1, 1))]),
    ],
)
def test_fusionner_les_periodes_de_suivi(intervalles, fusion):
    assert rules.fusionner_intervalles(intervalles) == fusion


@pytest.mark.parametrize(
    "a,b,attendu",
    [
        ((None, None), (J(2026, 1, 1), None), (J(2026, 1, 1), None)),
        ((J(2026, 1, 1), J(2026, 1, 31)), (J(2026, 1, 15), None), (J(2026, 1, 15), J(2026, 1, 31))),
        ((J(2026, 1, 1), J(2026, 1, 31)), (J(2026, 2, 1), None), None),
    ],
)
def test_intersection(a, b, attendu):
    assert rules.intersection(a, b) == attendu


@pytest.mark.parametrize(
    "n,total,pct", [(1, 3, 33.333), (2, 3, 66.667), (0, 0, 0.0), (7, 7, 100.0), (1, 8, 12.5)]
)
def test_pourcentages_a_trois_decimales(n, total, pct):
    assert rules.proportion(n, total) == pct


# --- Opening hours ------------------------------------------------------------------------------

V = ()
MATIN = (("09:00", "12:00"),)
JOURNEE = (("09:00", "12:00"), ("14:00", "17:00"))
DIX_MIDI = (("10:00", "12:00"),)

GRILLES = [
    ((V,) * 7, ""),
    ((JOURNEE,) * 5 + (V, V), "Mo-Fr 09:00-12:00,14:00-17:00"),
    (
        (JOURNEE, JOURNEE, JOURNEE, MATIN, JOURNEE, (("08:30", "12:00"),), V),
        "Mo-We,Fr 09:00-12:00,14:00-17:00; Th 09:00-12:00; Sa 08:30-12:00",
    ),
    ((MATIN, V, MATIN, V, V, V, V), "Mo,We 09:00-12:00"),
    ((MATIN, MATIN, V, V, V, V, V), "Mo,Tu 09:00-12:00"),
    ((V, V, V, V, V, MATIN, MATIN), "Sa,Su 09:00-12:00"),
    (((("14:00", "18:30"),),) + (V,) * 6, "Mo 14:00-18:30"),
    (((("00:00", "24:00"),),) * 7, "Mo-Su 00:00-24:00"),
]


@pytest.mark.parametrize("grille,osm", GRILLES)
def test_grille_vers_osm_et_retour(grille, osm):
    assert rules.grille_vers_osm(grille) == osm
    assert rules.osm_vers_grille(osm) == grille


@pytest.mark.parametrize(
    "osm,grille",
    [
        ("Mo-Fr 09:00-12:00, 14:00-17:00", (JOURNEE,) * 5 + (V, V)),
        ("Mo-Fr 09:00-12:00,14:00-17:00; We off", (JOURNEE, JOURNEE, V, JOURNEE, JOURNEE, V, V)),
        ("Sa-Mo 10:00-12:00", (DIX_MIDI, V, V, V, V, DIX_MIDI, DIX_MIDI)),
        ("24/7", ((("00:00", "24:00"),),) * 7),
        ("09:00-12:00", (MATIN,) * 7),
        ("mo 09:00-12:00", (MATIN,) + (V,) * 6),
        ("Mo-Fr 09:00-12:00; Mo 14:00-17:00", ((("14:00", "17:00"),),) + (MATIN,) * 4 + (V, V)),
        ("  ", (V,) * 7),
    ],
)
def test_lire_les_horaires_osm(osm, grille):
    assert rules.osm_vers_grille(osm) == grille


@pytest.mark.parametrize(
    "osm",
    [
        "Mo-Fr 09:00-12:00; PH off",
        'Mo-Fr 09:00-12:00 "sur rendez-vous"',
        "Mo-Fr 9h-12h",
        "Lu-Ve 09:00-12:00",
        "Mo 12:00-09:00",
        "Mo 09:00-12:00,11:00-13:00",
        "Jan-Mar Mo 09:00-12:00",
        "Mo 25:00-26:00",
    ],
)
def test_horaires_hors_du_sous_ensemble_refuses_sans_planter(osm):
    with pytest.raises(rules.HorairesInvalides):
        rules.osm_vers_grille(osm)


heure = st.integers(min_value=0, max_value=24 * 60 - 1)


@st.composite
def jour(draw):
    bornes = sorted(draw(st.sets(heure, max_size=4)))
    if len(bornes) % 2:
        bornes = bornes[:-1]
    fmt = [f"{m // 60:02d}:{m % 60:02d}" for m in bornes]
    return tuple(zip(fmt[::2], fmt[1::2], strict=True))


@given(st.tuples(*[jour() for _ in range(7)]))
def test_toute_grille_survit_a_l_aller_retour(grille):
    assert rules.osm_vers_grille(rules.grille_vers_osm(grille)) == grille


def test_ouvert_maintenant():
    grille = rules.osm_vers_grille("Mo-Fr 09:00-12:00,14:00-17:00")
    assert rules.est_ouvert(grille, 0, "09:00")
    assert not rules.est_ouvert(grille, 0, "12:00")
    assert not rules.est_ouvert(grille, 5, "10:00")
    assert rules.decrire_horaires(grille)[0] == ("Lundi", "09:00 – 12:00, 14:00 – 17:00")
    assert rules.decrire_horaires(grille)[6] == ("Dimanche", "Fermé")


@pytest.mark.parametrize(
    "saisi,attendu",
    [
        ("05 56 10 20 30", "+33556102030"),
        ("05.56.10.20.30", "+33556102030"),
        ("+33 5 56 10 20 30", "+33556102030"),
        ("0033556102030", "+33556102030"),
        ("+262 262 12 34 56", "+262262123456"),
        ("", ""),
    ],
)
def test_telephone_au_format_du_schema(saisi, attendu):
    assert rules.normaliser_telephone(saisi) == attendu


@pytest.mark.parametrize("saisi", ["12", "+44 20 7946 0000", "05 56 10 20"])
def test_telephone_invalide(saisi):
    with pytest.raises(ValueError):
        rules.normaliser_telephone(saisi)


@pytest.mark.parametrize(
    "pivot,valide",
    [
        ("21330063500017", True),
        ("21330063500018", False),
        ("W751234567", True),
        ("W75123456", False),
        ("123", False),
    ],
)
def test_pivot_siret_ou_rna(pivot, valide):
    assert rules.pivot_valide(pivot) is valide


def test_apostrophes_du_schema():
    assert rules.normaliser_apostrophes("Ce lieu n’accueille pas de public") == (
        "Ce lieu n'accueille pas de public"
    )
