"""The pure rules of requests and committee decisions, as tables of cases."""

import pytest

from instruction import rules
from instruction.choix import AvisComite, StatutDemande, TypeDemande, TypePoste
from structures.choix import StatutStructure

D = StatutDemande
S = StatutStructure
T = TypeDemande
POS, NEG, EXA = AvisComite.POSITIF, AvisComite.NEGATIF, AvisComite.EXAMEN_COMPLEMENTAIRE


def test_les_huit_demandes_et_leur_parcours_selon_le_guide_des_prefectures():
    assert [t.value for t in TypeDemande] == list("ABCDEFGH")
    assert T.A.label == "Intégrer le dispositif"
    assert T.H.label == "Transférer un poste"
    assert {T.A, T.C, T.H} == rules.AVIS_PREFECTURE
    assert {T.A, T.C, T.E, T.F, T.G, T.H} == rules.COMITE


@pytest.mark.parametrize(
    "type_demande,de,vers,possible",
    [
        (T.A, D.DEPOSEE, D.EN_INSTRUCTION, True),
        (T.A, D.DEPOSEE, D.ANNULEE, True),
        # Request A needs the prefecture's opinion before the committee decides.
        (T.A, D.DEPOSEE, D.ACCEPTEE, False),
        (T.A, D.DEPOSEE, D.REFUSEE, False),
        (T.A, D.DEPOSEE, D.AJOURNEE, False),
        (T.A, D.EN_INSTRUCTION, D.ACCEPTEE, True),
        (T.A, D.EN_INSTRUCTION, D.AJOURNEE, True),
        (T.A, D.AJOURNEE, D.EN_INSTRUCTION, True),
        (T.A, D.AJOURNEE, D.ACCEPTEE, True),
        (T.H, D.DEPOSEE, D.ACCEPTEE, False),
        # A returned post (E) goes to the committee without an opinion.
        (T.E, D.DEPOSEE, D.ACCEPTEE, True),
        (T.D, D.DEPOSEE, D.ACCEPTEE, True),
        # Closed requests stay closed.
        (T.A, D.ACCEPTEE, D.EN_INSTRUCTION, False),
        (T.A, D.REFUSEE, D.ACCEPTEE, False),
        (T.A, D.ANNULEE, D.DEPOSEE, False),
        (T.A, D.EN_INSTRUCTION, D.EN_INSTRUCTION, False),
    ],
)
def test_transitions_des_demandes(type_demande, de, vers, possible):
    assert rules.transition_possible(type_demande, de, vers) is possible


def test_message_quand_l_avis_de_la_prefecture_manque():
    with pytest.raises(rules.TransitionImpossible, match="avis de la préfecture"):
        rules.verifier_transition(T.A, D.DEPOSEE, D.ACCEPTEE)
    with pytest.raises(rules.TransitionImpossible, match="ne peut pas passer"):
        rules.verifier_transition(T.A, D.REFUSEE, D.ACCEPTEE)


@pytest.mark.parametrize(
    "avis,type_poste,statut,postes,structure_apres,demande_apres",
    [
        (POS, TypePoste.CONSEILLER, S.CREEE, 2, S.VALIDATION_COSELEC, D.ACCEPTEE),
        (
            POS,
            TypePoste.CONSEILLER,
            S.EXAMEN_COMPLEMENTAIRE_COSELEC,
            1,
            S.VALIDATION_COSELEC,
            D.ACCEPTEE,
        ),
        (POS, TypePoste.CONSEILLER, S.VALIDATION_COSELEC, 3, None, D.ACCEPTEE),  # extra post
        (POS, TypePoste.CONSEILLER, S.VALIDATION_COSELEC, 0, S.ABANDON, D.ACCEPTEE),  # all returned
        (POS, TypePoste.CONSEILLER, S.ABANDON, 1, S.VALIDATION_COSELEC, D.ACCEPTEE),  # reinstated
        (NEG, TypePoste.CONSEILLER, S.CREEE, 0, S.REFUS_COSELEC, D.REFUSEE),
        (NEG, TypePoste.CONSEILLER, S.EXAMEN_COMPLEMENTAIRE_COSELEC, 0, S.REFUS_COSELEC, D.REFUSEE),
        (NEG, TypePoste.COORDINATEUR, S.CREEE, 0, S.REFUS_COORDINATEUR, D.REFUSEE),
        (NEG, TypePoste.CONSEILLER, S.VALIDATION_COSELEC, 0, None, D.REFUSEE),  # keeps its posts
        (EXA, TypePoste.CONSEILLER, S.CREEE, 0, S.EXAMEN_COMPLEMENTAIRE_COSELEC, D.AJOURNEE),
        (EXA, TypePoste.CONSEILLER, S.EXAMEN_COMPLEMENTAIRE_COSELEC, 0, None, D.AJOURNEE),
        (EXA, TypePoste.CONSEILLER, S.VALIDATION_COSELEC, 0, None, D.AJOURNEE),
    ],
)
def test_effets_d_une_decision_du_comite(
    avis, type_poste, statut, postes, structure_apres, demande_apres
):
    effets = rules.effets_decision(avis, type_poste, statut, postes, avec_demande=True)
    assert effets == rules.Effets(structure_apres, demande_apres)
    assert rules.effets_decision(avis, type_poste, statut, postes, False).statut_demande is None


@pytest.mark.parametrize(
    "valide,decisions,attendu",
    [
        (False, [], 0),
        (True, [(POS, "1", 3)], 3),
        # Validated: the last favourable decision of phase 2 wins over later phase-1 ones.
        (True, [(POS, "2", 2), (POS, "1", 5)], 2),
        (True, [(POS, "1", 2), (POS, "2", 4), (NEG, "2", 0)], 4),
        # Not validated: the last decision, whatever it said.
        (False, [(POS, "1", 2), (NEG, "2", 0)], 0),
        (False, [(POS, "1", 2), (POS, "1", 0)], 0),
        (False, [(EXA, "2", 0)], 0),
    ],
)
def test_postes_attribues_comme_la_plateforme_reelle(valide, decisions, attendu):
    assert rules.postes_attribues_depuis(valide, decisions) == attendu


def test_une_prochaine_etape_pour_chaque_demande_et_chaque_statut():
    for type_demande in TypeDemande:
        for statut in StatutDemande:
            assert rules.prochaine_etape_demande(type_demande, statut)
    assert "préfecture" in rules.prochaine_etape_demande(T.A, D.DEPOSEE)
    assert "comité" in rules.prochaine_etape_demande(T.A, D.EN_INSTRUCTION)
