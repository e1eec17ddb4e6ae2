"""Pure training rules (no ORM): states, path from positioning, exemptions, the 8-learner
rule of in-person sessions, the yearly thematic module and the coordinators' module 1.

Each function returns a value or a French message, so that services, views and the
conventions gate show the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from noyau import mots

from . import catalogues as C

# --- States of a learner ----------------------------------------------------------------------

A_POSITIONNER = "a_positionner"
POSITIONNE = "positionne"
INSCRIT = "inscrit"
EN_FORMATION = "en_formation"
FORME = "forme"
DISPENSE = "dispense"
ABANDON = "abandon"

LIBELLES_ETATS = {
    A_POSITIONNER: "À positionner",
    POSITIONNE: "Positionné",
    INSCRIT: "Inscrit en session",
    EN_FORMATION: "En formation",
    FORME: "Formé",
    DISPENSE: "Dispensé",
    ABANDON: "Abandon",
}

TRANSITIONS: dict[str, frozenset[str]] = {
    A_POSITIONNER: frozenset({POSITIONNE, DISPENSE, ABANDON}),
    POSITIONNE: frozenset({POSITIONNE, INSCRIT, DISPENSE, ABANDON}),
    INSCRIT: frozenset({INSCRIT, POSITIONNE, EN_FORMATION, ABANDON}),
    EN_FORMATION: frozenset({FORME, ABANDON}),
    FORME: frozenset(),
    DISPENSE: frozenset(),
    ABANDON: frozenset(),
}

# Enrolled in training: what the first tranche of the subsidy waits for [001 §II.3].
INSCRITS = frozenset({INSCRIT, EN_FORMATION, FORME, DISPENSE})
# Initial training over: the advisor takes up the post [003 étape 6].
EN_POSTE = frozenset({FORME, DISPENSE})
POSITIONNES = frozenset({POSITIONNE, INSCRIT, EN_FORMATION, FORME})


class TransitionInterdite(ValueError):
    pass


def verifier_transition(de: str, vers: str) -> None:
    if vers not in TRANSITIONS.get(de, frozenset()):
        raise TransitionInterdite(
            f"Un apprenant « {LIBELLES_ETATS[de]} » ne peut pas passer à "
            f"« {LIBELLES_ETATS[vers]} »."
        )


# --- Positioning -----------------------------------------------------------------------------

SCORE_MIN, SCORE_MAX = 0, 100


def parcours_suggere(score: int, catalogue: str = C.CATALOGUE_EN_VIGUEUR) -> C.Parcours:
    """The path the positioning score suggests: the lightest whose threshold it reaches."""
    if not SCORE_MIN <= score <= SCORE_MAX:
        raise ValueError(f"Le score de positionnement va de {SCORE_MIN} à {SCORE_MAX}.")
    candidats = [p for p in C.PARCOURS if p.catalogue == catalogue]
    if not candidats:
        raise ValueError("Catalogue de formation inconnu.")
    for parcours in candidats:  # lightest first
        if score >= parcours.score_minimum:
            return parcours
    return candidats[-1]


def erreur_choix_parcours(score: int, catalogue: str, code: str, motif: str) -> str | None:
    """The body may choose another path than the suggested one [003], saying why."""
    parcours = C.PAR_CODE.get(code)
    if parcours is None or parcours.catalogue != catalogue:
        return "Choisissez un parcours du catalogue retenu."
    if parcours.code != parcours_suggere(score, catalogue).code and not motif.strip():
        return (
            "Ce parcours n’est pas celui que suggère le score : indiquez pourquoi vous le "
            "choisissez."
        )
    return None


# --- Exemptions ------------------------------------------------------------------------------

MOTIF_COORDINATEUR = "Coordinateur : dispensé de la formation initiale"
MOTIF_TITRE_REMN = f"Titulaire du titre professionnel « {C.TITRE_REMN} »"
MOTIF_DEJA_FORME = "Déjà formé lors d’un précédent contrat : formation continue"


def motif_dispense(
    *, coordinateur: bool, titulaire_remn: bool, deja_forme: bool = False
) -> str | None:
    """Why the advisor is exempt from initial training, or None when they are not.

    Coordinators [002], holders of the REMN title [001], and advisors trained under an
    earlier contract, who go on with continuing training ("Cas 2" of [002])."""
    if coordinateur:
        return MOTIF_COORDINATEUR
    if deja_forme:
        return MOTIF_DEJA_FORME
    if titulaire_remn:
        return MOTIF_TITRE_REMN
    return None


# --- Sessions: the 8-learner rule -------------------------------------------------------------

PRESENTIEL = "presentiel"
DISTANCE = "distance"


@dataclass(frozen=True)
class ModeSession:
    mode: str
    explication: str


def mode_session(
    centre: str | None, debut: date, inscrits_meme_jour_meme_centre: int
) -> ModeSession:
    """In person only with at least 8 advisors starting that day in that centre [003];
    otherwise remote, which the structure may host in its premises."""
    n = inscrits_meme_jour_meme_centre
    le = debut.strftime("%d/%m/%Y")
    if centre is None:
        return ModeSession(DISTANCE, f"Session à distance demandée, départ le {le}.")
    if n >= C.MINIMUM_PRESENTIEL:
        return ModeSession(
            PRESENTIEL,
            f"{n} conseillers commencent le {le} au centre {mots.de(centre)} : la session a lieu en "
            f"présentiel (il en faut au moins {C.MINIMUM_PRESENTIEL}).",
        )
    conseillers = "conseiller commence" if n <= 1 else "conseillers commencent"
    return ModeSession(
        DISTANCE,
        f"Seulement {n} {conseillers} le {le} au centre {mots.de(centre)} : il en faut au moins "
        f"{C.MINIMUM_PRESENTIEL} pour ouvrir en présentiel. La formation a lieu à distance ; "
        "elle peut être suivie depuis les locaux de la structure d’accueil.",
    )


# --- Continuing training: one thematic module a year ------------------------------------------


def annees_dues(prise_de_poste: date | None, aujourd_hui: date) -> list[int]:
    """Civil years, already over, for which an advisor in post owed a thematic module.

    The year of the prise de poste is covered by the initial training; the obligation
    starts the next year and a year is late only once it is over (a module may be taken
    until 31 December)."""
    if prise_de_poste is None:
        return []
    return list(range(prise_de_poste.year + 1, aujourd_hui.year))


def annees_manquantes(
    prise_de_poste: date | None, annees_suivies: set[int], aujourd_hui: date
) -> list[int]:
    """The past years without the mandatory module: non-empty means late [002]."""
    return [a for a in annees_dues(prise_de_poste, aujourd_hui) if a not in annees_suivies]


def module_de_l_annee_a_faire(
    prise_de_poste: date | None, annees_suivies: set[int], aujourd_hui: date
) -> bool:
    """The current year's module is still to be taken (not late yet)."""
    if prise_de_poste is None or prise_de_poste.year >= aujourd_hui.year:
        return False
    return aujourd_hui.year not in annees_suivies


# --- Modules taken -----------------------------------------------------------------------------

THEMATIQUE = "thematique"
CCP2 = "ccp2"
CCP3 = "ccp3"
COORDINATION_1 = "coordination_1"
COORDINATION_2 = "coordination_2"
CCP1_COURT = "ccp1_court"

LIBELLES_TYPES_MODULE = {
    THEMATIQUE: "Module thématique",
    CCP2: C.CCP_OPTIONNELS["ccp2"],
    CCP3: C.CCP_OPTIONNELS["ccp3"],
    COORDINATION_1: f"Module 1 coordinateur : {C.MODULE_1_COORDINATEUR.titre}",
    COORDINATION_2: "Module 2 coordinateur",
    CCP1_COURT: "Parcours court de préparation au CCP1 (70 h, coordinateurs)",
}


def erreur_module(
    type_module: str,
    *,
    coordinateur: bool,
    code: str = "",
    heures: int | None = None,
    presentiel: bool = False,
    ville: str = "",
) -> str | None:
    """Why this module cannot be recorded for this person, or None."""
    if type_module == THEMATIQUE:
        module = C.MODULES_PAR_CODE.get(code)
        if module is None:
            return "Choisissez un des quinze modules thématiques."
        if heures not in (7, 14):
            return "Un module thématique dure 7 h ou 14 h."
        return None
    if type_module in (COORDINATION_1, COORDINATION_2):
        if not coordinateur:
            return "Les modules de coordination sont réservés aux coordinateurs."
        if heures != 14:
            return "Les modules de coordination durent 14 h."
        if type_module == COORDINATION_1 and (
            not presentiel or ville not in C.VILLES_MODULE_1_COORDINATEUR
        ):
            return "Le module 1 des coordinateurs se suit en présentiel à Paris, Lyon ou Bordeaux."
        return None
    if type_module == CCP1_COURT:
        if not coordinateur:
            return "Le parcours court CCP1 est proposé aux coordinateurs."
        return None if heures == 70 else "Le parcours court CCP1 dure 70 h."
    if type_module in (CCP2, CCP3):
        return None
    return "Type de module inconnu."


def module_1_coordinateur_manquant(coordinateur: bool, types_suivis: set[str]) -> bool:
    """A coordinator still owes module 1 [002]."""
    return coordinateur and COORDINATION_1 not in types_suivis


# --- Tranche gate ----------------------------------------------------------------------------


def motif_non_inscrit(nom: str, etat: str | None) -> str | None:
    """The reason a tranche waits for this advisor's enrolment, or None if enrolled."""
    if etat in INSCRITS:
        return None
    if etat is None:
        return f"{nom} n’est pas encore rattaché à un organisme de formation."
    return f"{nom} n’est pas encore inscrit en formation (état : {LIBELLES_ETATS[etat]})."
