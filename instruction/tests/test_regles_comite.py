"""The committee's priority and allocation rule, and the filing preconditions, as tables."""

from datetime import date, datetime, timedelta

import pytest

from instruction import rules
from instruction.choix import Avis, Classe, Resultat, TypeDemande, TypePoste
from instruction.rules import DemandeComite, Depot, Derogation, Situation, proposer_decisions
from structures.choix import StatutStructure

T = TypeDemande
S = StatutStructure
R = Resultat
FAV, DEF = Avis.FAVORABLE, Avis.DEFAVORABLE
JOUR = datetime(2026, 1, 1, 10, 0)
CONS, COORD = TypePoste.CONSEILLER, TypePoste.COORDINATEUR


def dem(id, dep="33", postes=1, avis=FAV, rang=None, jours=0, type=T.A, **kw) -> DemandeComite:
    return DemandeComite(
        id=id,
        type=type,
        departement=dep,
        deposee_le=JOUR + timedelta(days=jours),
        postes_conseiller=postes,
        avis=avis,
        rang=rang,
        **kw,
    )


def issues(bilan) -> dict:
    """(request, kind of post) → (outcome, posts granted)."""
    return {(p.demande, p.type_poste): (p.resultat, p.postes_accordes) for p in bilan.propositions}


def ordre(bilan) -> list[int]:
    return [p.demande for p in bilan.propositions]


CAS = [
    # (name, requests, available, targets, allocations, expected {id: (outcome, granted)})
    (
        "assez de postes : tout est accepté",
        [dem(1, postes=2), dem(2, postes=3)],
        10,
        {},
        {},
        {1: (R.ACCEPTEE, 2), 2: (R.ACCEPTEE, 3)},
    ),
    (
        "postes rares : le plus ancien d’abord, partiel, puis en attente",
        [dem(1, postes=2, jours=2), dem(2, postes=2, jours=1), dem(3, postes=2, jours=3)],
        3,
        {},
        {},
        {2: (R.ACCEPTEE, 2), 1: (R.EN_ATTENTE, 0), 3: (R.EN_ATTENTE, 0)},
    ),
    (
        "le rang de la préfecture passe avant l’ancienneté",
        [dem(1, rang=2, jours=0), dem(2, rang=1, jours=5)],
        1,
        {},
        {},
        {2: (R.ACCEPTEE, 1), 1: (R.EN_ATTENTE, 0)},
    ),
    (
        "une demande classée passe avant une demande non classée",
        [dem(1, rang=None, jours=0), dem(2, rang=3, jours=9)],
        1,
        {},
        {},
        {2: (R.ACCEPTEE, 1), 1: (R.EN_ATTENTE, 0)},
    ),
    (
        "département sous sa cible avant un département à sa cible",
        [dem(1, dep="33", jours=0), dem(2, dep="47", jours=9)],
        1,
        {"33": 5, "47": 5},
        {"33": 5, "47": 2},
        {2: (R.ACCEPTEE, 1), 1: (R.EN_ATTENTE, 0)},
    ),
    (
        "un département qui atteint sa cible pendant le comité passe en classe 3",
        [dem(1, dep="47", jours=0), dem(2, dep="47", jours=1), dem(3, dep="33", jours=5)],
        2,
        {"33": 10, "47": 3},
        {"33": 1, "47": 2},
        {1: (R.ACCEPTEE, 1), 3: (R.ACCEPTEE, 1), 2: (R.EN_ATTENTE, 0)},
    ),
    (
        "avis défavorable : refusée même si des postes restent",
        [dem(1, avis=DEF), dem(2)],
        5,
        {},
        {},
        {1: (R.REFUSEE, 0), 2: (R.ACCEPTEE, 1)},
    ),
    (
        "structure inéligible : refusée",
        [dem(1, motif_ineligibilite="service de l’État")],
        5,
        {},
        {},
        {1: (R.REFUSEE, 0)},
    ),
    (
        "égalité parfaite de rang et de date : le plus petit numéro d’abord",
        [dem(2, rang=1), dem(1, rang=1)],
        1,
        {},
        {},
        {1: (R.ACCEPTEE, 1), 2: (R.EN_ATTENTE, 0)},
    ),
    (
        "aucun poste disponible : tout est en attente",
        [dem(1), dem(2, type=T.C)],
        0,
        {},
        {},
        {1: (R.EN_ATTENTE, 0), 2: (R.EN_ATTENTE, 0)},
    ),
    (
        "une restitution libère un poste attribué dans le même comité",
        [dem(1, type=T.E, avis=None, postes_vacants=2, postes=1), dem(2, jours=1)],
        0,
        {},
        {},
        {1: (R.ACCEPTEE, 1), 2: (R.ACCEPTEE, 1)},
    ),
    (
        "un poste doit être vacant pour être rendu",
        [dem(1, type=T.E, avis=None, postes=2, postes_vacants=1)],
        0,
        {},
        {},
        {1: (R.REFUSEE, 0)},
    ),
    (
        "sortie refusée tant que des postes sont occupés",
        [dem(1, type=T.G, avis=None, postes_vacants=1, postes_occupes=1)],
        0,
        {},
        {},
        {1: (R.REFUSEE, 0)},
    ),
    (
        "non-renouvellement : les postes vacants sont rendus",
        [dem(1, type=T.F, avis=None, postes_vacants=2, postes_occupes=3)],
        0,
        {},
        {},
        {1: (R.ACCEPTEE, 2)},
    ),
]


@pytest.mark.parametrize(
    "demandes,disponibles,cibles,dotations,attendu",
    [c[1:] for c in CAS],
    ids=[c[0] for c in CAS],
)
def test_priorite_et_attribution(demandes, disponibles, cibles, dotations, attendu):
    bilan = proposer_decisions(demandes, disponibles, cibles, dotations)
    assert {d: r for (d, _), r in issues(bilan).items()} == attendu
    # Never more posts than available, and each line says why.
    assert bilan.attribues <= disponibles + bilan.liberes
    assert bilan.restants >= 0
    assert all(p.motif for p in bilan.propositions)


def test_les_transferts_passent_en_premier_sans_puiser_dans_le_national():
    demandes = [
        dem(1, dep="33", rang=1, jours=0),
        dem(2, dep="33", type=T.C, transfert=True, demande_liee=10, jours=30, rang=5),
        dem(10, dep="33", type=T.H, postes=1, postes_vacants=1),
    ]
    bilan = proposer_decisions(demandes, 1, {"33": 10}, {"33": 0})
    r = issues(bilan)
    assert r[(2, CONS)] == (R.ACCEPTEE, 1)
    assert r[(10, CONS)] == (R.ACCEPTEE, 1)  # the giver returns it
    assert r[(1, CONS)] == (R.ACCEPTEE, 1)  # the national post is still there
    assert bilan.transferes == 1 and bilan.attribues == 1
    assert ordre(bilan).index(2) < ordre(bilan).index(1)
    classes = {p.demande: p.classe for p in bilan.propositions}
    assert classes[2] == Classe.TRANSFERT and classes[1] == Classe.PRIORITAIRE


@pytest.mark.parametrize(
    "cedante,attendu_recu,attendu_h",
    [
        (None, (R.EN_ATTENTE, 0), None),  # the giver's H is not ready
        (dem(10, type=T.H, postes=1, postes_vacants=0), (R.EN_ATTENTE, 0), (R.EN_ATTENTE, 0)),
        (
            dem(10, type=T.H, postes=1, avis=DEF, postes_vacants=1),
            (R.EN_ATTENTE, 0),
            (R.REFUSEE, 0),
        ),
        (dem(10, type=T.H, postes=1, postes_vacants=3), (R.ACCEPTEE, 1), (R.ACCEPTEE, 1)),
    ],
)
def test_transfert_selon_la_demande_h(cedante, attendu_recu, attendu_h):
    demandes = [dem(2, type=T.C, postes=2, transfert=True, demande_liee=10)]
    if cedante:
        demandes.append(cedante)
    r = issues(proposer_decisions(demandes, 0, {}, {}))
    assert r[(2, CONS)] == attendu_recu
    if attendu_h:
        assert r[(10, CONS)] == attendu_h


def test_h_sans_demande_de_la_structure_d_accueil_reste_en_attente():
    r = issues(proposer_decisions([dem(10, type=T.H, postes=1, postes_vacants=1)], 5, {}, {}))
    assert r[(10, CONS)] == (R.EN_ATTENTE, 0)


def test_poste_de_coordinateur_est_une_ligne_a_part():
    demandes = [
        dem(1, postes=2, poste_coordinateur=True, jours=0),
        dem(2, postes=0, poste_coordinateur=True, jours=1),
    ]
    r = issues(proposer_decisions(demandes, 3, {}, {}))
    assert r == {
        (1, CONS): (R.ACCEPTEE, 2),
        (1, COORD): (R.ACCEPTEE, 1),
        (2, COORD): (R.EN_ATTENTE, 0),
    }


@pytest.mark.parametrize(
    "derogation,disponibles,attendu",
    [
        (Derogation(R.REFUSEE, 0, "Projet incomplet"), 5, (R.REFUSEE, 0)),
        (Derogation(R.EN_ATTENTE, 0, "À revoir"), 5, (R.EN_ATTENTE, 0)),
        (Derogation(R.ACCEPTEE, 3, "Urgence"), 5, (R.ACCEPTEE, 3)),
        (Derogation(R.ACCEPTEE, 3, "Urgence"), 2, (R.ACCEPTEE, 2)),  # at most what is left
        (Derogation(R.ACCEPTEE, 3, "Urgence"), 0, (R.EN_ATTENTE, 0)),
    ],
)
def test_derogation_appliquee_telle_quelle(derogation, disponibles, attendu):
    demandes = [dem(1, postes=3, avis=DEF), dem(2, jours=-5)]
    bilan = proposer_decisions(demandes, disponibles, {}, {}, {(1, CONS): derogation})
    r = issues(bilan)
    assert r[(1, CONS)] == attendu
    ligne = next(p for p in bilan.propositions if p.demande == 1)
    assert ligne.derogation and derogation.motif in ligne.motif
    assert bilan.attribues <= disponibles


def test_grand_volume_reste_coherent():
    demandes = [
        dem(i, dep=f"{i % 101:02d}", postes=1 + i % 3, rang=(i % 7) or None, jours=i % 50)
        for i in range(1, 5001)
    ]
    cibles = {f"{d:02d}": 40 for d in range(101)}
    bilan = proposer_decisions(demandes, 4000, cibles, {})
    assert bilan.attribues == 4000 and bilan.restants == 0
    assert len(bilan.propositions) == 5000


# --- Filing preconditions ----------------------------------------------------------------

VALIDEE = Situation(
    statut=S.VALIDATION_COSELEC,
    departement="33",
    convention_en_cours=True,
    postes_conseiller=3,
    vacants_conseiller=1,
    occupes=2,
)
NOUVELLE = Situation(statut=S.CREEE, departement="33")


@pytest.mark.parametrize(
    "depot,situation,message",
    [
        (Depot(T.A, 2), NOUVELLE, None),
        (Depot(T.A, 11), NOUVELLE, "10 postes de conseillers au plus"),
        (Depot(T.A, 0), NOUVELLE, "au moins un poste"),
        (Depot(T.A, 0, coordinateur=True), NOUVELLE, None),
        (Depot(T.A, 1), VALIDEE, "demandez un poste supplémentaire"),
        (Depot(T.A, 1), Situation(statut=S.ABANDON), "sortie du dispositif"),
        (Depot(T.A, 1), Situation(statut=S.ANNULEE), "inscription est close"),
        (Depot(T.C, 1), NOUVELLE, "doit d’abord intégrer le dispositif"),
        (Depot(T.C, 2), VALIDEE, None),
        (
            Depot(T.C, 1),
            Situation(**{**VALIDEE.__dict__, "demandes_ouvertes": frozenset({T.C})}),
            "déjà en cours d’instruction",
        ),
        (
            Depot(T.C, 0, coordinateur=True),
            Situation(**{**VALIDEE.__dict__, "postes_coordinateur": 1}),
            "déjà un poste de coordinateur",
        ),
        (Depot(T.D), VALIDEE, "Aucun contrat en cours"),
        (
            Depot(T.D),
            Situation(**{**VALIDEE.__dict__, "contrats_en_cours": 1}),
            "depuis la fiche du contrat",
        ),
        (Depot(T.E, 1), VALIDEE, None),
        (Depot(T.E, 2), VALIDEE, "au plus 1 poste"),
        (
            Depot(T.E, 1),
            Situation(**{**VALIDEE.__dict__, "deja_rendus_conseiller": 1}),
            "déclarez d’abord la rupture",
        ),
        (Depot(T.E, 1), NOUVELLE, "pas de convention en cours"),
        (Depot(T.F), VALIDEE, None),
        (Depot(T.G), VALIDEE, "2 postes sont occupés"),
        (Depot(T.G), Situation(**{**VALIDEE.__dict__, "occupes": 0}), None),
        (Depot(T.B), VALIDEE, None),
        (Depot(T.H, 1, autre_statut=S.VALIDATION_COSELEC, autre_departement="33"), VALIDEE, None),
        (
            Depot(T.H, 1, autre_statut=S.CREEE, autre_departement="47"),
            VALIDEE,
            "même département",
        ),
        (Depot(T.H, 1), VALIDEE, "Indiquez la structure d’accueil"),
        (
            Depot(
                T.C, 1, transfert=True, autre_statut=S.VALIDATION_COSELEC, autre_departement="33"
            ),
            VALIDEE,
            "Aucune demande de transfert (H)",
        ),
        (
            Depot(
                T.C,
                2,
                transfert=True,
                autre_statut=S.VALIDATION_COSELEC,
                autre_departement="33",
                postes_offerts=1,
            ),
            VALIDEE,
            "demandez-en au plus autant",
        ),
        (
            Depot(
                T.A,
                1,
                transfert=True,
                autre_statut=S.VALIDATION_COSELEC,
                autre_departement="33",
                postes_offerts=1,
            ),
            NOUVELLE,
            None,
        ),
    ],
)
def test_conditions_de_depot(depot, situation, message):
    motif = rules.motif_refus_depot(depot, situation)
    if message is None:
        assert motif is None
    else:
        assert message in motif


@pytest.mark.parametrize(
    "dernier,aujourd_hui,attendu",
    [
        (None, date(2026, 5, 1), date(2026, 5, 1)),
        (date(2026, 5, 1), date(2026, 5, 3), date(2026, 5, 16)),
        (date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 15)),
    ],
)
def test_date_du_prochain_comite_tous_les_15_jours(dernier, aujourd_hui, attendu):
    assert rules.date_prochain_comite(dernier, aujourd_hui) == attendu


@pytest.mark.parametrize(
    "occupes,attribues,anomalie", [(7, 8, False), (1, 1, False), (0, 0, False), (1, 0, True)]
)
def test_anomalie_un_sur_zero(occupes, attribues, anomalie):
    assert rules.anomalie_postes(occupes, attribues) is anomalie


def test_disponibles_au_niveau_national():
    assert rules.disponibles_au_niveau_national(4000, 3990) == 10
    assert rules.disponibles_au_niveau_national(4000, 4100) == 0
