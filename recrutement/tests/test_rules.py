import math
from datetime import date, timedelta
from decimal import Decimal

import pytest

from recrutement import rules as R
from territoires.rules import distance_km as distance_territoires

AUJOURD_HUI = date(2026, 11, 24)
BORDEAUX = R.Lieu(44.8378, -0.5792, "33", False)
LYON = R.Lieu(45.7640, 4.8357, "69", False)
SAINT_DENIS_974 = R.Lieu(-20.8821, 55.4507, "974", True)
SAINT_PIERRE_974 = R.Lieu(-21.3393, 55.4781, "974", True)
POINTE_A_PITRE = R.Lieu(16.2411, -61.5331, "971", True)
FORT_DE_FRANCE = R.Lieu(14.6161, -61.0588, "972", True)


def au_nord(lieu: R.Lieu, km: float) -> R.Lieu:
    return R.Lieu(lieu.latitude + km / R.KM_PAR_DEGRE, lieu.longitude, lieu.departement, False)


# --- Transitions ------------------------------------------------------------------------------

S, A, Y = R.STRUCTURE, R.ANCT, R.SYSTEME
# The allowed moves, written from the real platform's status machine (platform.md §2.5).
PERMISES = {
    ("", R.INTERESSEE, S),
    ("", R.NON_INTERESSEE, S),
    (R.NOUVELLE, R.INTERESSEE, S),
    (R.NOUVELLE, R.NON_INTERESSEE, S),
    (R.NON_INTERESSEE, R.NOUVELLE, S),
    (R.NON_INTERESSEE, R.INTERESSEE, S),
    (R.INTERESSEE, R.NON_INTERESSEE, S),
    (R.INTERESSEE, R.NOUVELLE, S),
    (R.INTERESSEE, R.RECRUTEE, S),
    (R.RECRUTEE, R.INTERESSEE, S),
    (R.RECRUTEE, R.INTERESSEE, A),
    (R.RECRUTEE, R.FINALISEE, A),
    (R.FINALISEE, R.NOUVELLE_RUPTURE, S),
    (R.NOUVELLE_RUPTURE, R.FINALISEE, S),
    (R.NOUVELLE_RUPTURE, R.FINALISEE_RUPTURE, A),
    ("", R.RENOUVELLEMENT_INITIEE, S),
    (R.RENOUVELLEMENT_INITIEE, R.FINALISEE, A),
    (R.FINALISEE, R.TERMINEE, Y),
    (R.NOUVELLE_RUPTURE, R.TERMINEE, Y),
    (R.FINALISEE, R.TERMINEE_NATURELLE, Y),
    (R.NOUVELLE, R.FINALISEE_NON_DISPONIBLE, Y),
    (R.INTERESSEE, R.FINALISEE_NON_DISPONIBLE, Y),
    (R.NON_INTERESSEE, R.FINALISEE_NON_DISPONIBLE, Y),
}


def test_exactement_les_transitions_de_la_plateforme():
    table = {(de, vers, qui) for (de, vers), acteurs in R.TRANSITIONS.items() for qui in acteurs}
    assert table == PERMISES


@pytest.mark.parametrize("de", ["", *R.LIBELLES_STATUTS])
@pytest.mark.parametrize("vers", list(R.LIBELLES_STATUTS))
@pytest.mark.parametrize("qui", [S, A, Y])
def test_toute_autre_transition_est_refusee(de, vers, qui):
    permise = (de, vers, qui) in PERMISES
    assert R.transition_permise(de, vers, qui) is permise
    if not permise:
        with pytest.raises(R.TransitionInterdite):
            R.verifier_transition(de, vers, qui)


@pytest.mark.parametrize(
    "de,vers,qui,message",
    [
        # A structure cannot skip the interview, nor validate its own recruitment.
        (R.NOUVELLE, R.RECRUTEE, S, "« Nouvelle candidature » ne peut pas passer à"),
        (R.RECRUTEE, R.FINALISEE, S, "Vous ne pouvez pas passer cette candidature à"),
        ("", R.RECRUTEE, S, "ne peut pas commencer par « Candidature validée »"),
        ("", R.FINALISEE, A, "ne peut pas commencer par « Candidat recruté »"),
        # A validated rupture is final; a recruited person is not "not kept".
        (R.FINALISEE_RUPTURE, R.FINALISEE, A, "« Candidat en rupture » ne peut pas passer"),
        (R.FINALISEE, R.NON_INTERESSEE, S, "« Candidat recruté » ne peut pas passer"),
        # Closing other links is the platform's job, not a structure's.
        (R.INTERESSEE, R.FINALISEE_NON_DISPONIBLE, S, "Vous ne pouvez pas passer"),
    ],
)
def test_transitions_interdites_expliquees(de, vers, qui, message):
    with pytest.raises(R.TransitionInterdite, match=message):
        R.verifier_transition(de, vers, qui)


def test_ensembles_de_statuts_coherents():
    assert set(R.LIBELLES_STATUTS) >= R.RECRUTES | R.CLOS | R.AVEC_CONTRAT
    assert not R.RECRUTES & R.CLOS
    assert R.RECRUTES <= R.AVEC_CONTRAT <= R.AVEC_COORDONNEES
    assert [code for code, _ in R.ONGLETS] == [
        "nouvelle",
        "interessee",
        "nonInteressee",
        "recrutee",
        "finalisee",
        "nouvelle_rupture",
        "finalisee_rupture",
        "toutes",
    ]


# --- Matching ---------------------------------------------------------------------------------


def raison(candidat=BORDEAUX, structure=BORDEAUX, **kwargs):
    valeurs = {
        "structure": structure,
        "date_debut_souhaitee": None,
        "candidat": candidat,
        "distance_max": 20,
        "disponible_le": AUJOURD_HUI,
        "disponible": True,
        "recrute": False,
        "aujourd_hui": AUJOURD_HUI,
    }
    valeurs.update(kwargs)
    return R.raison_hors_correspondance(**valeurs)


@pytest.mark.parametrize(
    "km,rayon,attendu",
    [
        (0, 5, None),
        (4.9, 5, None),
        (5.2, 5, "trop loin"),
        (19.5, 20, None),
        (20.5, 20, "trop loin"),
        (39, 40, None),
        (41, 40, "trop loin"),
        (99, 100, None),
        (101, 100, "trop loin"),
        (435, 100, "trop loin"),
        (900, 2000, None),
    ],
)
def test_le_rayon_du_candidat_decide(km, rayon, attendu):
    assert raison(candidat=au_nord(BORDEAUX, km), distance_max=rayon) == attendu


@pytest.mark.parametrize(
    "souhaitee,disponible_le,attendu",
    [
        # No wished date, or a past one: available now.
        (None, AUJOURD_HUI, None),
        (None, AUJOURD_HUI + timedelta(days=1), "pas encore disponible"),
        (AUJOURD_HUI - timedelta(days=60), AUJOURD_HUI - timedelta(days=10), None),
        (
            AUJOURD_HUI - timedelta(days=60),
            AUJOURD_HUI + timedelta(days=1),
            "pas encore disponible",
        ),
        # A future wished start date: available by that date.
        (AUJOURD_HUI + timedelta(days=60), AUJOURD_HUI + timedelta(days=60), None),
        (AUJOURD_HUI + timedelta(days=60), AUJOURD_HUI + timedelta(days=30), None),
        (
            AUJOURD_HUI + timedelta(days=60),
            AUJOURD_HUI + timedelta(days=61),
            "pas encore disponible",
        ),
    ],
)
def test_dates(souhaitee, disponible_le, attendu):
    assert raison(date_debut_souhaitee=souhaitee, disponible_le=disponible_le) == attendu


def test_en_pause_ou_deja_recrute():
    assert raison(disponible=False) == "candidature en pause"
    assert raison(recrute=True) == "déjà recruté"


@pytest.mark.parametrize(
    "structure,candidat,attendu",
    [
        (SAINT_DENIS_974, SAINT_PIERRE_974, None),
        (SAINT_DENIS_974, BORDEAUX, "autre territoire"),
        (BORDEAUX, SAINT_DENIS_974, "autre territoire"),
        (POINTE_A_PITRE, FORT_DE_FRANCE, "autre territoire"),
        (LYON, BORDEAUX, None),
    ],
)
def test_outre_mer_entre_eux_seulement(structure, candidat, attendu):
    # Even a candidate who goes "anywhere" stays within their territory.
    assert raison(structure=structure, candidat=candidat, distance_max=2000) == attendu


def test_distance_identique_a_celle_des_territoires():
    assert R.distance_km(BORDEAUX, LYON) == pytest.approx(
        distance_territoires(BORDEAUX.latitude, BORDEAUX.longitude, LYON.latitude, LYON.longitude)
    )
    assert 430 < R.distance_km(BORDEAUX, LYON) < 440


@pytest.mark.parametrize("rayon", [5, 40, 100, 500])
@pytest.mark.parametrize("centre", [BORDEAUX, SAINT_DENIS_974, R.Lieu(51.0, 2.37, "59", False)])
def test_la_boite_contient_tout_le_cercle(rayon, centre):
    lat_min, lat_max, lon_min, lon_max = R.boite(centre.latitude, centre.longitude, rayon)
    for cap in range(0, 360, 15):
        # A point at the radius in every direction (small step inwards for rounding).
        dlat = (rayon - 0.01) * math.cos(math.radians(cap)) / R.KM_PAR_DEGRE
        phi = math.radians(centre.latitude + dlat)
        dlon = (rayon - 0.01) * math.sin(math.radians(cap)) / (R.KM_PAR_DEGRE * math.cos(phi))
        point = R.Lieu(centre.latitude + dlat, centre.longitude + dlon, "", False)
        if R.distance_km(centre, point) <= rayon:
            assert lat_min <= point.latitude <= lat_max
            assert lon_min <= point.longitude <= lon_max


def test_date_reference():
    assert R.date_reference(None, AUJOURD_HUI) == AUJOURD_HUI
    assert R.date_reference(date(2026, 1, 1), AUJOURD_HUI) == AUJOURD_HUI
    assert R.date_reference(date(2027, 1, 4), AUJOURD_HUI) == date(2027, 1, 4)


@pytest.mark.parametrize(
    "rayon,trouves,voulus,attendu",
    [
        (5, 0, 1001, 12.5),  # nobody yet: 2.5 times wider
        (5, 1000, 1001, 7.5),  # almost there: at least 1.5 times wider
        (10, 500, 1001, 10 * (1001 / 500) ** 0.5 * 1.2),
        (250, 10, 1001, None),  # past 500 km: the rest in one ring
    ],
)
def test_anneaux_suivants(rayon, trouves, voulus, attendu):
    resultat = R.rayon_suivant(rayon, trouves, voulus)
    assert resultat == (pytest.approx(attendu) if attendu else None)


# --- What a structure sees ----------------------------------------------------------------------


def test_coordonnees_seulement_apres_l_interet():
    avant = R.champs_visibles(None)
    assert avant == R.champs_visibles(R.NOUVELLE) == R.champs_visibles(R.NON_INTERESSEE)
    assert {"pix", "distance", "nom_public", "motivation"} <= avant
    # A CV carries the name, address and phone: it opens with the contact details, at the
    # pre-selection (issue « Hardening »: « the candidate's contact details are otherwise
    # shown only after pre-selection — a CV holds them »).
    assert not {"email", "telephone", "nom_complet", "cv"} & avant
    for statut in (R.INTERESSEE, R.RECRUTEE, R.FINALISEE, R.FINALISEE_RUPTURE):
        assert {"email", "telephone", "nom_complet", "cv"} <= R.champs_visibles(statut)
    assert R.statuts_avec("cv") == R.AVEC_COORDONNEES
    # Recruited elsewhere: nothing but the first name and initial is left.
    assert R.champs_visibles(R.FINALISEE_NON_DISPONIBLE) == {"nom_public"}
    for statut in (None, *R.LIBELLES_STATUTS):
        assert not {"sexe", "date_naissance"} & R.champs_visibles(statut)


# --- Contract -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "le,montant",
    [
        (date(2024, 6, 1), "1766.92"),
        (date(2024, 11, 1), "1801.80"),
        (date(2025, 7, 1), "1801.80"),
        (date(2026, 1, 1), "1823.03"),
        (date(2022, 1, 1), "1747.20"),
    ],
)
def test_smic_selon_la_date(le, montant):
    assert R.smic_mensuel(le) == Decimal(montant)


def test_euros():
    assert R.euros(Decimal("1801.8")) == "1\u202f801,80\u00a0€"
    assert R.euros(Decimal("950")) == "950,00\u00a0€"


def erreurs(**kwargs):
    valeurs = {
        "type_contrat": "cdd",
        "date_debut": AUJOURD_HUI + timedelta(days=20),
        "duree_mois": 18,
        "salaire": Decimal("1900.00"),
        "fiche_publiee_le": AUJOURD_HUI - timedelta(days=15),
        "outre_mer": False,
        "aujourd_hui": AUJOURD_HUI,
    }
    valeurs.update(kwargs)
    return R.erreurs_contrat(**valeurs)


def test_contrat_valide():
    assert erreurs() == {}
    assert erreurs(type_contrat="cdi", duree_mois=None) == {}
    assert erreurs(type_contrat="cui_cie_pec", outre_mer=True) == {}


@pytest.mark.parametrize(
    "changement,champ,message",
    [
        ({"type_contrat": "stage"}, "type_contrat", "Choisissez le type de contrat."),
        ({"type_contrat": "cui_cie_pec"}, "type_contrat", "outre-mer"),
        ({"type_contrat": "cdi", "duree_mois": 12}, "duree_mois", "Un CDI n’a pas de durée"),
        ({"duree_mois": None}, "duree_mois", "Indiquez la durée"),
        ({"duree_mois": 73}, "duree_mois", "entre 1 et 72 mois"),
        ({"date_debut": None}, "date_debut", "Indiquez la date de début"),
        ({"date_debut": AUJOURD_HUI + timedelta(days=400)}, "date_debut", "douze prochains mois"),
        ({"salaire": None}, "salaire", "Indiquez le salaire"),
        ({"salaire": Decimal("1823.02")}, "salaire", "au moins égal au SMIC (1\u202f823,03\u00a0€"),
        ({"fiche_publiee_le": None}, "fiche_publiee_le", "Indiquez la date de publication"),
        ({"fiche_publiee_le": AUJOURD_HUI + timedelta(days=1)}, "fiche_publiee_le", "futur"),
        # Published 15 days ago, contract in 10 days: 25 days only.
        ({"date_debut": AUJOURD_HUI + timedelta(days=10)}, "date_debut", "au moins 30 jours"),
    ],
)
def test_contrat_invalide(changement, champ, message):
    resultat = erreurs(**changement)
    assert message in resultat[champ]


def test_publication_trente_jours_pile():
    assert erreurs(date_debut=AUJOURD_HUI + timedelta(days=15)) == {}
    assert "date_debut" in erreurs(date_debut=AUJOURD_HUI + timedelta(days=14))


def test_fin_de_contrat():
    assert R.date_fin_contrat("cdi", date(2026, 9, 1), None) is None
    assert R.date_fin_contrat("cdd", date(2026, 9, 1), 18) == date(2028, 2, 29)
    assert R.date_fin_contrat("cdd", date(2026, 1, 31), 1) == date(2026, 2, 27)


def test_date_de_rupture():
    assert R.erreur_date_rupture(date(2026, 5, 1), date(2026, 1, 1), date(2027, 1, 1)) is None
    assert "précéder" in R.erreur_date_rupture(date(2025, 5, 1), date(2026, 1, 1), None)
    assert "postérieure" in R.erreur_date_rupture(
        date(2027, 5, 1), date(2026, 1, 1), date(2027, 1, 1)
    )


# --- Deadlines ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code,depuis,echeance",
    [
        ("trois-mois", date(2026, 3, 12), date(2026, 6, 12)),
        ("trois-mois", date(2026, 11, 30), date(2027, 2, 28)),
        ("ami-2020", date(2026, 3, 12), date(2026, 4, 11)),
        ("guide-2021", date(2026, 3, 12), date(2026, 5, 12)),
    ],
)
def test_echeance_selon_la_regle(code, depuis, echeance):
    assert R.echeance_recrutement(R.regle_delai(code), depuis) == echeance


def test_regle_par_defaut_trois_mois():
    assert R.regle_delai(None).code == "trois-mois"
    assert [e[0] for e in R.REGLES_DELAI["ami-2020"].etapes] == [
        "choisir un candidat",
        "signer le contrat",
    ]


@pytest.mark.parametrize(
    "jours_restants,deja,attendu",
    [
        (45, set(), None),
        (30, set(), 30),
        (20, set(), 30),
        (20, {30}, None),
        (7, {30}, 7),
        (3, {30}, 7),
        (3, {30, 7}, None),
        # Learned late: one reminder, the tightest, not one per threshold.
        (5, set(), 7),
        (0, set(), 7),
        (-1, set(), None),
    ],
)
def test_rappels(jours_restants, deja, attendu):
    echeance = AUJOURD_HUI + timedelta(days=jours_restants)
    assert R.rappel_du(echeance, AUJOURD_HUI, deja) == attendu
