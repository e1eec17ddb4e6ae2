"""Table-driven tests of the training rules (acceptance of issue 7)."""

from datetime import date

import pytest

from formation import catalogues as C
from formation import rules as R


@pytest.mark.parametrize(
    "score, catalogue, parcours, heures",
    [
        (100, C.CATALOGUE_2024, "2024_70", 70),
        (70, C.CATALOGUE_2024, "2024_70", 70),
        (69, C.CATALOGUE_2024, "2024_175", 175),
        (40, C.CATALOGUE_2024, "2024_175", 175),
        (39, C.CATALOGUE_2024, "2024_315", 315),
        (0, C.CATALOGUE_2024, "2024_315", 315),
        (90, C.CATALOGUE_2021, "2021_105", 105),
        (75, C.CATALOGUE_2021, "2021_105", 105),
        (74, C.CATALOGUE_2021, "2021_280", 280),
        (50, C.CATALOGUE_2021, "2021_280", 280),
        (49, C.CATALOGUE_2021, "2021_350", 350),
        (25, C.CATALOGUE_2021, "2021_350", 350),
        (24, C.CATALOGUE_2021, "2021_420", 420),
        (0, C.CATALOGUE_2021, "2021_420", 420),
    ],
)
def test_parcours_selon_le_positionnement(score, catalogue, parcours, heures):
    choisi = R.parcours_suggere(score, catalogue)
    assert (choisi.code, choisi.heures) == (parcours, heures)


@pytest.mark.parametrize("score", [-1, 101])
def test_score_hors_bornes_refuse(score):
    with pytest.raises(ValueError, match="de 0 à 100"):
        R.parcours_suggere(score)


@pytest.mark.parametrize(
    "code, rythme, semaines, modules, libelle",
    [
        ("2021_105", C.ALTERNANCE, 15, 0, "en alternance, un jour sur cinq"),
        ("2021_280", C.TEMPS_PLEIN, 8, 0, "à temps plein, 35 h par semaine"),
        ("2021_350", C.TEMPS_PLEIN, 10, 0, "320 h / 350 h"),
        ("2021_420", C.TEMPS_PLEIN, 12, 0, "CCP1 en 420 h"),
        ("2024_70", C.TEMPS_PLEIN, 2, 2, "+ 2 modules thématiques"),
        ("2024_175", C.TEMPS_PLEIN, 5, 2, "CCP1 en 175 h"),
        ("2024_315", C.TEMPS_PLEIN, 9, 2, "CCP1 en 315 h"),
    ],
)
def test_catalogues(code, rythme, semaines, modules, libelle):
    p = C.PAR_CODE[code]
    assert (p.rythme, p.semaines, p.modules_thematiques) == (rythme, semaines, modules)
    assert libelle in p.libelle


def test_quinze_modules_de_7_ou_14_heures():
    assert len(C.MODULES_THEMATIQUES) == 15
    assert len(C.MODULES_PAR_CODE) == 15
    assert {m.heures for m in C.MODULES_THEMATIQUES} == {7, 14}


@pytest.mark.parametrize(
    "score, code, motif, erreur",
    [
        (80, "2024_70", "", None),
        (80, "2024_175", "", "indiquez pourquoi"),
        (80, "2024_175", "Peu d’expérience d’animation", None),
        (80, "2021_105", "x", "catalogue retenu"),
        (80, "inconnu", "x", "catalogue retenu"),
    ],
)
def test_choix_d_un_autre_parcours_motive(score, code, motif, erreur):
    resultat = R.erreur_choix_parcours(score, C.CATALOGUE_2024, code, motif)
    assert (resultat is None) if erreur is None else (erreur in resultat)


@pytest.mark.parametrize(
    "coordinateur, titulaire, deja_forme, motif",
    [
        (False, False, False, None),
        (False, True, False, R.MOTIF_TITRE_REMN),
        (False, False, True, R.MOTIF_DEJA_FORME),
        (False, True, True, R.MOTIF_DEJA_FORME),
        (True, False, False, R.MOTIF_COORDINATEUR),
        (True, True, True, R.MOTIF_COORDINATEUR),
    ],
)
def test_dispenses(coordinateur, titulaire, deja_forme, motif):
    resultat = R.motif_dispense(
        coordinateur=coordinateur, titulaire_remn=titulaire, deja_forme=deja_forme
    )
    assert resultat == motif


LUNDI = date(2027, 1, 11)


@pytest.mark.parametrize(
    "centre, inscrits, mode, extrait",
    [
        ("Lyon", 8, R.PRESENTIEL, "8 conseillers commencent le 11/01/2027 au centre de Lyon"),
        ("Lyon", 12, R.PRESENTIEL, "présentiel"),
        ("Lyon", 7, R.DISTANCE, "Seulement 7 conseillers"),
        ("Lyon", 1, R.DISTANCE, "Seulement 1 conseiller commence"),
        ("Lyon", 0, R.DISTANCE, "depuis les locaux de la structure"),
        # « au centre de Agen » (issue 14): the French elision.
        ("Agen", 9, R.PRESENTIEL, "au centre d’Agen :"),
        ("Agen", 2, R.DISTANCE, "au centre d’Agen :"),
        (None, 10, R.DISTANCE, "à distance demandée"),
    ],
)
def test_regle_des_huit(centre, inscrits, mode, extrait):
    decision = R.mode_session(centre, LUNDI, inscrits)
    assert decision.mode == mode
    assert extrait in decision.explication


@pytest.mark.parametrize(
    "prise_de_poste, suivies, aujourd_hui, manquantes, a_faire",
    [
        (None, set(), date(2026, 6, 1), [], False),  # not in post: no obligation
        (date(2026, 3, 1), set(), date(2026, 11, 1), [], False),  # first year: initial training
        (date(2025, 3, 1), set(), date(2026, 11, 1), [], True),  # due by 31/12/2026, not late
        (date(2025, 3, 1), {2026}, date(2026, 11, 1), [], False),
        (date(2025, 3, 1), set(), date(2027, 1, 2), [2026], True),  # 2026 missed: late
        (date(2025, 3, 1), {2026}, date(2027, 1, 2), [], True),
        (date(2023, 3, 1), {2025}, date(2027, 1, 2), [2024, 2026], True),
        (date(2023, 3, 1), {2024, 2025, 2026, 2027}, date(2027, 1, 2), [], False),
    ],
)
def test_module_thematique_annuel(prise_de_poste, suivies, aujourd_hui, manquantes, a_faire):
    assert R.annees_manquantes(prise_de_poste, suivies, aujourd_hui) == manquantes
    assert R.module_de_l_annee_a_faire(prise_de_poste, suivies, aujourd_hui) is a_faire


@pytest.mark.parametrize(
    "type_module, coordinateur, kwargs, erreur",
    [
        (R.THEMATIQUE, False, {"code": "securite", "heures": 14}, None),
        (R.THEMATIQUE, False, {"code": "securite", "heures": 21}, "7 h ou 14 h"),
        (R.THEMATIQUE, False, {"code": "inconnu", "heures": 7}, "quinze modules"),
        (R.COORDINATION_1, True, {"heures": 14, "presentiel": True, "ville": "Lyon"}, None),
        (R.COORDINATION_1, True, {"heures": 14, "presentiel": True, "ville": "Paris"}, None),
        (R.COORDINATION_1, True, {"heures": 14, "presentiel": True, "ville": "Lille"}, "Paris"),
        (
            R.COORDINATION_1,
            True,
            {"heures": 14, "presentiel": False, "ville": "Lyon"},
            "présentiel",
        ),
        (R.COORDINATION_1, True, {"heures": 7, "presentiel": True, "ville": "Lyon"}, "14 h"),
        (R.COORDINATION_1, False, {"heures": 14, "presentiel": True, "ville": "Lyon"}, "réservés"),
        (R.CCP2, False, {"heures": 70}, None),
        (R.CCP1_COURT, True, {"heures": 70}, None),
        (R.CCP1_COURT, True, {"heures": 35}, "70 h"),
        (R.CCP1_COURT, False, {"heures": 70}, "coordinateurs"),
        ("autre", False, {"heures": 7}, "inconnu"),
    ],
)
def test_modules(type_module, coordinateur, kwargs, erreur):
    resultat = R.erreur_module(type_module, coordinateur=coordinateur, **kwargs)
    assert (resultat is None) if erreur is None else (erreur in resultat)


@pytest.mark.parametrize(
    "coordinateur, suivis, manquant",
    [
        (True, set(), True),
        (True, {R.COORDINATION_2}, True),
        (True, {R.COORDINATION_1}, False),
        (False, set(), False),  # advisors: the yearly module applies instead
    ],
)
def test_module_1_obligatoire_pour_les_coordinateurs(coordinateur, suivis, manquant):
    assert R.module_1_coordinateur_manquant(coordinateur, suivis) is manquant


@pytest.mark.parametrize(
    "etat, bloque",
    [
        (None, "rattaché"),
        (R.A_POSITIONNER, "À positionner"),
        (R.POSITIONNE, "Positionné"),
        (R.ABANDON, "Abandon"),
        (R.INSCRIT, None),
        (R.EN_FORMATION, None),
        (R.FORME, None),
        (R.DISPENSE, None),
    ],
)
def test_inscription_condition_de_la_premiere_tranche(etat, bloque):
    motif = R.motif_non_inscrit("Léa Martin", etat)
    assert (motif is None) if bloque is None else (bloque in motif and "Léa Martin" in motif)


@pytest.mark.parametrize(
    "de, vers, permis",
    [
        (R.A_POSITIONNER, R.POSITIONNE, True),
        (R.A_POSITIONNER, R.INSCRIT, False),
        (R.POSITIONNE, R.INSCRIT, True),
        (R.INSCRIT, R.EN_FORMATION, True),
        (R.EN_FORMATION, R.FORME, True),
        (R.POSITIONNE, R.FORME, False),
        (R.FORME, R.ABANDON, False),
        (R.EN_FORMATION, R.DISPENSE, False),
    ],
)
def test_transitions(de, vers, permis):
    if permis:
        R.verifier_transition(de, vers)
    else:
        with pytest.raises(R.TransitionInterdite, match="ne peut pas passer"):
            R.verifier_transition(de, vers)
