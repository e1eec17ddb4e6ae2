"""Pure rules about structure requests and committee decisions. No ORM, no I/O."""

from dataclasses import dataclass

from structures.choix import StatutStructure

from .choix import AvisComite, StatutDemande, TypeDemande, TypePoste

T = TypeDemande
D = StatutDemande
S = StatutStructure

# Which requests need the prefecture's opinion, which go to the selection committee [002].
AVIS_PREFECTURE = frozenset({T.A, T.C, T.H})
COMITE = frozenset({T.A, T.C, T.E, T.F, T.G, T.H})
# Requests that ask for posts (number of posts, coordinator, start date, places…).
DEMANDES_DE_POSTES = frozenset({T.A, T.C, T.H})

STATUTS_OUVERTS = frozenset({D.DEPOSEE, D.EN_INSTRUCTION, D.AJOURNEE})
STATUTS_CLOS = frozenset({D.ACCEPTEE, D.REFUSEE, D.ANNULEE})

# Status transitions of a request. They change the status only; the history row, the audit
# event and the structure's own status are the services' business.
TRANSITIONS: dict[str, frozenset[str]] = {
    D.DEPOSEE: frozenset({D.EN_INSTRUCTION, D.AJOURNEE, D.ACCEPTEE, D.REFUSEE, D.ANNULEE}),
    D.EN_INSTRUCTION: frozenset({D.AJOURNEE, D.ACCEPTEE, D.REFUSEE, D.ANNULEE}),
    D.AJOURNEE: frozenset({D.EN_INSTRUCTION, D.ACCEPTEE, D.REFUSEE, D.ANNULEE}),
    D.ACCEPTEE: frozenset(),
    D.REFUSEE: frozenset(),
    D.ANNULEE: frozenset(),
}

# Without the prefecture's opinion, a request that needs one cannot be decided yet.
_DECISIONS = frozenset({D.AJOURNEE, D.ACCEPTEE, D.REFUSEE})


def transition_possible(type_demande: str, de: str, vers: str) -> bool:
    if vers not in TRANSITIONS.get(de, frozenset()):
        return False
    return not (de == D.DEPOSEE and vers in _DECISIONS and type_demande in AVIS_PREFECTURE)


class TransitionImpossible(ValueError):
    pass


def verifier_transition(type_demande: str, de: str, vers: str) -> None:
    if transition_possible(type_demande, de, vers):
        return
    if de == D.DEPOSEE and vers in _DECISIONS and type_demande in AVIS_PREFECTURE:
        raise TransitionImpossible(
            "Cette demande attend l’avis de la préfecture avant d’être examinée en comité."
        )
    raise TransitionImpossible(
        f"Une demande « {D(de).label} » ne peut pas passer au statut « {D(vers).label} »."
    )


def est_ouverte(statut: str) -> bool:
    return statut in STATUTS_OUVERTS


# --- Committee decisions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Effets:
    """What a committee decision changes: the structure's status (None: unchanged) and the
    request's status (None: no request attached, e.g. an imported decision)."""

    statut_structure: str | None
    statut_demande: str | None


def effets_decision(
    avis: str, type_poste: str, statut_structure: str, nombre_postes: int, avec_demande: bool
) -> Effets:
    """The statuses after a decision, following the real platform's COSELEC rules (§6.1).

    - favourable with posts: the structure is validated; favourable with 0 posts on a
      validated structure: it leaves the programme (abandon);
    - unfavourable: a structure still under study is refused (coordinator-only request:
      "refus coordinateur"); a validated structure stays validated (only its request fails);
    - further examination: a new structure moves to "examen complémentaire", the request
      waits for a next committee.
    """
    en_etude = statut_structure in (S.CREEE, S.EXAMEN_COMPLEMENTAIRE_COSELEC)
    if avis == AvisComite.POSITIF:
        if nombre_postes > 0:
            structure = None if statut_structure == S.VALIDATION_COSELEC else S.VALIDATION_COSELEC
        else:
            structure = S.ABANDON if statut_structure == S.VALIDATION_COSELEC else None
        demande = D.ACCEPTEE
    elif avis == AvisComite.NEGATIF:
        if en_etude:
            refus = (
                S.REFUS_COORDINATEUR
                if type_poste == TypePoste.COORDINATEUR and statut_structure == S.CREEE
                else S.REFUS_COSELEC
            )
            structure = refus
        else:
            structure = None
        demande = D.REFUSEE
    else:
        structure = S.EXAMEN_COMPLEMENTAIRE_COSELEC if statut_structure == S.CREEE else None
        demande = D.AJOURNEE
    return Effets(structure, demande if avec_demande else None)


def postes_attribues(
    valide: bool,
    dernier_positif_phase_2: int | None,
    dernier_positif: int | None,
    dernier: int | None,
) -> int:
    """The structure's quota ("postes attribués"), as the real platform's getCoselec():

    a validated structure counts its last favourable decision of phase 2, else its last
    favourable one; any other structure counts its last decision, whatever it said.
    """
    if valide:
        valeur = dernier_positif_phase_2 if dernier_positif_phase_2 is not None else dernier_positif
    else:
        valeur = dernier
    return valeur or 0


def postes_attribues_depuis(valide: bool, decisions: list[tuple[str, str, int]]) -> int:
    """Same rule from the decision history, oldest first: (avis, phase, nombre_postes)."""
    positifs = [d for d in decisions if d[0] == AvisComite.POSITIF]
    phase_2 = [d for d in positifs if d[1] == "2"]
    return postes_attribues(
        valide,
        phase_2[-1][2] if phase_2 else None,
        positifs[-1][2] if positifs else None,
        decisions[-1][2] if decisions else None,
    )


# --- What the structure reads next to each request ------------------------------------------

_ETAPES: dict[tuple[str, str], str] = {
    (T.A, D.DEPOSEE): (
        "La préfecture de votre département étudie votre demande et donne son avis ; elle "
        "peut vous contacter pour préciser votre projet."
    ),
    (T.A, D.EN_INSTRUCTION): (
        "La préfecture a donné son avis : votre demande sera examinée par un prochain comité "
        "de sélection de l’ANCT (tous les 15 jours)."
    ),
    (T.A, D.AJOURNEE): (
        "Aucun poste n’était disponible ou un examen complémentaire est nécessaire : votre "
        "demande est gardée pour les prochains comités, sans démarche de votre part."
    ),
    (T.A, D.ACCEPTEE): (
        "Postes attribués : recrutez dans les 2 mois qui suivent le comité, puis déposez la "
        "demande de subvention."
    ),
    (T.A, D.REFUSEE): "Demande non retenue : rapprochez-vous de la préfecture si besoin.",
    (T.A, D.ANNULEE): "Demande annulée : aucune suite n’y sera donnée.",
}


def prochaine_etape_demande(type_demande: str, statut: str) -> str:
    if (type_demande, statut) in _ETAPES:
        return _ETAPES[(type_demande, statut)]
    if statut == D.DEPOSEE and type_demande in AVIS_PREFECTURE:
        return "La préfecture étudie votre demande et donne son avis."
    if statut in STATUTS_OUVERTS:
        if type_demande in COMITE:
            return "Votre demande sera examinée par un prochain comité de sélection."
        return "L’ANCT traite votre demande."
    return {
        D.ACCEPTEE: "Demande acceptée.",
        D.REFUSEE: "Demande refusée.",
        D.ANNULEE: "Demande annulée.",
    }[statut]
