"""The pure rules of structures, as tables of cases."""

import re

import pytest

from structures import rules
from structures.choix import Nature, StatutStructure, TypeStructure

S = StatutStructure
T = TypeStructure


@pytest.mark.parametrize(
    "saisie,attendu",
    [
        ("21330063500017", "21330063500017"),  # Mairie de Bordeaux
        ("213 300 635 00017", "21330063500017"),  # as printed on the SIRENE notice
        ("213.300.635.00017", "21330063500017"),
        ("35600000000048", "35600000000048"),  # La Poste, head office: Luhn
        ("35600000049837", "35600000049837"),  # La Poste establishment: digit sum % 5
        ("35600000000001", "35600000000001"),  # idem, fails Luhn but is valid
    ],
)
def test_siret_valide(saisie, attendu):
    assert rules.valider_siret(saisie) == attendu


@pytest.mark.parametrize(
    "saisie,message",
    [
        ("", "Indiquez le numéro SIRET"),
        ("21330063500018", "clé de contrôle est fausse"),  # one digit off
        ("35600000000002", "clé de contrôle est fausse"),  # La Poste rule broken
        ("2133006350001", "14 chiffres (vous en avez saisi 13)"),
        ("213300635000170", "14 chiffres (vous en avez saisi 15)"),
        ("2133006350001A", "que des chiffres"),
    ],
)
def test_siret_invalide_avec_un_message_clair(saisie, message):
    with pytest.raises(rules.SiretInvalide, match=re.escape(message)):
        rules.valider_siret(saisie)


# Every legal type: its nature, and whether it is eligible [000 §II.2, 001 §II.2, 002].
TABLE_TYPES = [
    (T.COMMUNE, Nature.PUBLIQUE, True),
    (T.DEPARTEMENT, Nature.PUBLIQUE, True),
    (T.REGION, Nature.PUBLIQUE, True),
    (T.EPCI, Nature.PUBLIQUE, True),
    (T.COLLECTIVITE, Nature.PUBLIQUE, True),
    (T.CCAS_CIAS, Nature.PUBLIQUE, True),
    (T.GIP, Nature.PUBLIQUE, True),
    (T.ETABLISSEMENT_PUBLIC, Nature.PUBLIQUE, True),
    (T.SERVICE_ETAT, Nature.PUBLIQUE, False),
    (T.ASSOCIATION, Nature.PRIVEE, True),
    (T.ENTREPRISE_ESS, Nature.PRIVEE, True),
    (T.ESH, Nature.PRIVEE, True),
    (T.GRADES, Nature.PRIVEE, True),
    (T.PRIVE_NON_LUCRATIF, Nature.PRIVEE, True),
    (T.ENTREPRISE, Nature.PRIVEE, False),
    (T.ENTREPRENEUR_INDIVIDUEL, Nature.PRIVEE, False),
]


def test_la_table_couvre_chaque_type():
    assert {t for t, _, _ in TABLE_TYPES} == set(TypeStructure)


@pytest.mark.parametrize("type_structure,nature,eligible", TABLE_TYPES)
def test_nature_et_eligibilite_derivees_du_type(type_structure, nature, eligible):
    assert rules.nature(type_structure) == nature
    resultat = rules.eligibilite(type_structure)
    assert resultat.eligible is eligible
    # An ineligible type always says why; an eligible one has nothing to say.
    assert bool(resultat.motif) is not eligible


def test_une_entreprise_lucrative_est_refusee_avec_la_raison():
    motif = rules.eligibilite(T.ENTREPRISE).motif
    assert "économie sociale et solidaire" in motif and "2014-856" in motif


def test_type_inconnu_ou_absent():
    assert rules.nature("") is None
    assert not rules.eligibilite("").eligible
    assert not rules.eligibilite("SOCIETE_ANONYME").eligible


@pytest.mark.parametrize(
    "de,vers,possible",
    [
        (S.CREEE, S.VALIDATION_COSELEC, True),
        (S.CREEE, S.EXAMEN_COMPLEMENTAIRE_COSELEC, True),
        (S.CREEE, S.REFUS_COSELEC, True),
        (S.CREEE, S.REFUS_COORDINATEUR, True),
        (S.CREEE, S.ANNULEE, True),
        (S.CREEE, S.DOUBLON, True),
        (S.EXAMEN_COMPLEMENTAIRE_COSELEC, S.VALIDATION_COSELEC, True),
        (S.EXAMEN_COMPLEMENTAIRE_COSELEC, S.REFUS_COSELEC, True),
        (S.EXAMEN_COMPLEMENTAIRE_COSELEC, S.REFUS_COORDINATEUR, False),
        (S.VALIDATION_COSELEC, S.ABANDON, True),
        (S.VALIDATION_COSELEC, S.ANNULEE, True),
        (S.VALIDATION_COSELEC, S.REFUS_COSELEC, False),
        (S.VALIDATION_COSELEC, S.CREEE, False),
        (S.REFUS_COSELEC, S.CREEE, True),  # applies again
        (S.REFUS_COSELEC, S.VALIDATION_COSELEC, False),
        (S.ABANDON, S.VALIDATION_COSELEC, True),  # reinstated
        (S.ABANDON, S.CREEE, False),
        (S.ANNULEE, S.CREEE, False),
        (S.DOUBLON, S.VALIDATION_COSELEC, False),
        (S.CREEE, S.CREEE, False),
    ],
)
def test_transitions_de_statut(de, vers, possible):
    assert rules.transition_possible(de, vers) is possible
    if not possible:
        with pytest.raises(rules.TransitionImpossible, match="ne peut pas passer"):
            rules.verifier_transition(de, vers)


def test_chaque_statut_a_ses_transitions_et_une_prochaine_etape():
    assert set(rules.TRANSITIONS) == set(StatutStructure)
    assert {S.ANNULEE, S.DOUBLON} == rules.STATUTS_FINAUX
    for statut in StatutStructure:
        assert len(rules.prochaine_etape(statut)) > 40, statut
    assert "30 jours" in rules.prochaine_etape(S.CREEE)
    assert "date limite" in rules.prochaine_etape(S.VALIDATION_COSELEC)
