"""Pure rules of recruitment: statuses and their transitions, the matching rule, what a
structure may see of a candidate, the planned contract (SMIC), the recruitment deadline.
No ORM, no I/O: table-driven tests in tests/test_rules.py.

Sources: the real platform (reference platform.md §2.4–2.5 statuses and transitions, §4.2
matching, §4.3 recruitment list, §6.2 counters, §6.4 contract form), the employer guide
[003] steps 3–5 and "Calendrier", AMI texts [000 §II.4] [001 §II.4, §IV.3].
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from conventions.rules import ajouter_mois
from noyau.nombres import euros

# --- Statuses of a mise en relation (the real platform's values, §2.5) --------------------
NOUVELLE = "nouvelle"
INTERESSEE = "interessee"
NON_INTERESSEE = "nonInteressee"
RECRUTEE = "recrutee"
FINALISEE = "finalisee"
NOUVELLE_RUPTURE = "nouvelle_rupture"
FINALISEE_RUPTURE = "finalisee_rupture"
RENOUVELLEMENT_INITIEE = "renouvellement_initiee"
TERMINEE = "terminee"
TERMINEE_NATURELLE = "terminee_naturelle"
# The real platform's closing value for the other links of a candidate recruited elsewhere.
FINALISEE_NON_DISPONIBLE = "finalisee_non_disponible"

STATUTS: list[tuple[str, str]] = [
    (NOUVELLE, "Nouvelle candidature"),
    (INTERESSEE, "Candidat présélectionné"),
    (NON_INTERESSEE, "Candidat non retenu"),
    (RECRUTEE, "Candidature validée"),
    (FINALISEE, "Candidat recruté"),
    (NOUVELLE_RUPTURE, "Rupture notifiée"),
    (FINALISEE_RUPTURE, "Candidat en rupture"),
    (RENOUVELLEMENT_INITIEE, "Renouvellement en cours"),
    (TERMINEE, "Contrat renouvelé"),
    (TERMINEE_NATURELLE, "Contrat arrivé à son terme"),
    (FINALISEE_NON_DISPONIBLE, "Recruté par une autre structure"),
]
LIBELLES_STATUTS = dict(STATUTS)

# The candidate is taken: by at most one structure at a time (a partial unique index), and
# the link holds the structure's post.
RECRUTES = frozenset({RECRUTEE, FINALISEE, NOUVELLE_RUPTURE})
# The link is over: the same structure may start a new one with the same person later.
CLOS = frozenset({FINALISEE_RUPTURE, TERMINEE, TERMINEE_NATURELLE, FINALISEE_NON_DISPONIBLE})
# Links closed when their candidate is recruited by another structure (§2.5 cleanup).
AVANT_RECRUTEMENT = frozenset({NOUVELLE, INTERESSEE, NON_INTERESSEE})
# Links that carry a planned or signed contract.
AVEC_CONTRAT = frozenset(
    {
        RECRUTEE,
        FINALISEE,
        NOUVELLE_RUPTURE,
        FINALISEE_RUPTURE,
        RENOUVELLEMENT_INITIEE,
        TERMINEE,
        TERMINEE_NATURELLE,
    }
)
AVEC_RUPTURE = frozenset({NOUVELLE_RUPTURE, FINALISEE_RUPTURE})
# The person has been in post as a conseiller numérique: "déjà formé" (CCP1, §4.3).
EN_POSTE_UN_JOUR = frozenset(
    {FINALISEE, NOUVELLE_RUPTURE, FINALISEE_RUPTURE, TERMINEE, TERMINEE_NATURELLE}
)

# Tabs of the recruitment space, in the real platform's order (§4.3); "toutes" leaves out
# renewals, renewed contracts and links closed by a recruitment elsewhere.
ONGLETS: list[tuple[str, str]] = [
    (NOUVELLE, "Nouvelles candidatures"),
    (INTERESSEE, "Présélectionnés"),
    (NON_INTERESSEE, "Non retenus"),
    (RECRUTEE, "Candidatures validées"),
    (FINALISEE, "Recrutés"),
    (NOUVELLE_RUPTURE, "Ruptures notifiées"),
    (FINALISEE_RUPTURE, "Ruptures"),
    ("toutes", "Toutes"),
]
HORS_TOUTES = frozenset({RENOUVELLEMENT_INITIEE, TERMINEE, FINALISEE_NON_DISPONIBLE})

# --- Transitions ----------------------------------------------------------------------------
STRUCTURE, ANCT, SYSTEME = "structure", "anct", "systeme"
CREATION = ""  # "from" of a link's first status

# (from, to) → who may make the move. Transitions change the status only; contracts,
# posts, e-mails and the candidate's own status are the services' business.
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    # A structure acts on a matched candidate (no row yet) or on one found in the pool.
    (CREATION, INTERESSEE): frozenset({STRUCTURE}),
    (CREATION, NON_INTERESSEE): frozenset({STRUCTURE}),
    (NOUVELLE, INTERESSEE): frozenset({STRUCTURE}),
    (NOUVELLE, NON_INTERESSEE): frozenset({STRUCTURE}),
    (NON_INTERESSEE, NOUVELLE): frozenset({STRUCTURE}),
    (NON_INTERESSEE, INTERESSEE): frozenset({STRUCTURE}),
    (INTERESSEE, NON_INTERESSEE): frozenset({STRUCTURE}),
    (INTERESSEE, NOUVELLE): frozenset({STRUCTURE}),
    # "Valider cette candidature": the contract is filled, a post is reserved.
    (INTERESSEE, RECRUTEE): frozenset({STRUCTURE}),
    # The structure withdraws its validation, or the national team cancels it.
    (RECRUTEE, INTERESSEE): frozenset({STRUCTURE, ANCT}),
    (RECRUTEE, FINALISEE): frozenset({ANCT}),
    (FINALISEE, NOUVELLE_RUPTURE): frozenset({STRUCTURE}),
    (NOUVELLE_RUPTURE, FINALISEE): frozenset({STRUCTURE}),
    (NOUVELLE_RUPTURE, FINALISEE_RUPTURE): frozenset({ANCT}),
    # Renewal: a new link for the new contract; when validated, the old one is closed.
    (CREATION, RENOUVELLEMENT_INITIEE): frozenset({STRUCTURE}),
    (RENOUVELLEMENT_INITIEE, FINALISEE): frozenset({ANCT}),
    (FINALISEE, TERMINEE): frozenset({SYSTEME}),
    (NOUVELLE_RUPTURE, TERMINEE): frozenset({SYSTEME}),
    # The contract reached its end date.
    (FINALISEE, TERMINEE_NATURELLE): frozenset({SYSTEME}),
    # The candidate was recruited by another structure.
    (NOUVELLE, FINALISEE_NON_DISPONIBLE): frozenset({SYSTEME}),
    (INTERESSEE, FINALISEE_NON_DISPONIBLE): frozenset({SYSTEME}),
    (NON_INTERESSEE, FINALISEE_NON_DISPONIBLE): frozenset({SYSTEME}),
}


class TransitionInterdite(ValueError):
    """The move is not allowed; the message says why, in French."""


def transition_permise(de: str, vers: str, acteur: str) -> bool:
    return acteur in TRANSITIONS.get((de, vers), frozenset())


def verifier_transition(de: str, vers: str, acteur: str) -> None:
    if transition_permise(de, vers, acteur):
        return
    cible = LIBELLES_STATUTS.get(vers, vers)
    if (de, vers) in TRANSITIONS:
        raise TransitionInterdite(f"Vous ne pouvez pas passer cette candidature à « {cible} ».")
    if de == CREATION:
        raise TransitionInterdite(f"Une mise en relation ne peut pas commencer par « {cible} ».")
    raise TransitionInterdite(
        f"Une candidature « {LIBELLES_STATUTS.get(de, de)} » ne peut pas passer à « {cible} »."
    )


# --- Matching --------------------------------------------------------------------------------
RAYON_TERRE_KM = 6371.0
DISTANCE_PARTOUT = 2000  # candidats.rules.DISTANCE_PARTOUT: "toute la France"
# Largest radius other than "anywhere": the bounding box that pre-filters communes.
RAYON_MAX_KM = 100
# The "nouvelles candidatures" tab: the matches among the nearest eligible candidates, at
# most this many, as the real platform's nightly matching (the 1,000 nearest candidates of
# each structure, then the candidate's radius, §4.2). The structure filters within them, and
# searches the whole pool beyond.
LIMITE_NOUVELLES = 1000
# The neighbourhood is read in rings: the first one, then rings sized from the density met.
PREMIER_RAYON_KM = 5
RAYON_VOISINAGE_MAX_KM = 500  # beyond it, the last ring has no outer bound
KM_PAR_DEGRE = 111.195  # 2πR/360


def rayon_suivant(rayon: float, trouves: int, voulus: int) -> float | None:
    """Outer radius of the next ring: candidates grow with the area (the square of the
    radius), so the radius that should hold ``voulus`` candidates when ``rayon`` held
    ``trouves``, with a 20 % margin, at least 1.5 and at most 2.5 times wider: candidates
    live in towns, not evenly spread, and a ring that swallows a big city at once reads far
    more rows than needed (measured by bench/recrutement.py). None once past the
    neighbourhood's limit: the rest of the territory in one last ring."""
    if trouves <= 0:
        suivant = rayon * 2.5
    else:
        suivant = rayon * math.sqrt(voulus / trouves) * 1.2
        suivant = min(max(suivant, rayon * 1.5), rayon * 2.5)
    return None if suivant > RAYON_VOISINAGE_MAX_KM else suivant


@dataclass(frozen=True)
class Lieu:
    latitude: float
    longitude: float
    departement: str
    outre_mer: bool


def distance_km(a: Lieu, b: Lieu) -> float:
    """Haversine distance, the same formula as territoires.rules and the SQL of selectors."""
    phi1, phi2 = math.radians(a.latitude), math.radians(b.latitude)
    dphi = phi2 - phi1
    dlambda = math.radians(b.longitude - a.longitude)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * RAYON_TERRE_KM * math.asin(min(1.0, math.sqrt(h)))


def meme_territoire(structure: Lieu, candidat: Lieu) -> bool:
    """Overseas départements and collectivities match only within themselves, both ways;
    mainland France (Corsica included) is one territory."""
    if structure.outre_mer or candidat.outre_mer:
        return structure.departement == candidat.departement
    return True


def date_reference(date_debut_souhaitee: date | None, aujourd_hui: date) -> date:
    """Candidates must be available by the structure's wished start date; when that date
    is past (or unknown), available now (§4.2)."""
    if date_debut_souhaitee is None or date_debut_souhaitee < aujourd_hui:
        return aujourd_hui
    return date_debut_souhaitee


def boite(latitude: float, longitude: float, rayon_km: float) -> tuple[float, float, float, float]:
    """(lat min, lat max, lon min, lon max) of a box that holds every point within
    ``rayon_km`` of the centre: the index pre-filter before the exact distance."""
    dlat = rayon_km / KM_PAR_DEGRE
    cos_lat = max(math.cos(math.radians(min(89.0, abs(latitude) + dlat))), 0.01)
    dlon = min(180.0, rayon_km / (KM_PAR_DEGRE * cos_lat))
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def raison_hors_correspondance(
    *,
    structure: Lieu,
    date_debut_souhaitee: date | None,
    candidat: Lieu,
    distance_max: int,
    disponible_le: date,
    disponible: bool,
    recrute: bool,
    aujourd_hui: date,
) -> str | None:
    """Why a candidate is not offered to a structure (None: they match).

    The candidate's own radius is the filter (a structure 25 km away matches a candidate
    who travels 40 km, not one who travels 20 km); paused and recruited candidates are out;
    overseas territories match within themselves only.
    """
    if recrute:
        return "déjà recruté"
    if not disponible:
        return "candidature en pause"
    if not meme_territoire(structure, candidat):
        return "autre territoire"
    if disponible_le > date_reference(date_debut_souhaitee, aujourd_hui):
        return "pas encore disponible"
    if distance_km(structure, candidat) > distance_max:
        return "trop loin"
    return None


def correspond(**kwargs) -> bool:
    return raison_hors_correspondance(**kwargs) is None


# --- What a structure sees of a candidate -------------------------------------------------
# Following the real platform's recruitment list (§4.3) with less personal data:
#
# * before showing interest (a candidate of its matches, of the pool search, or a link
#   "nouvelle"/"nonInteressee"): first name and initial, commune and postal code, distance,
#   availability date, travel radius, situations, diploma, experience, motivation, "déjà
#   formé", the Pix results the candidate chose to share, and whether she deposited a CV;
# * once it pre-selected them (interessee and every later status): also the full name,
#   e-mail address and phone number, to call them for an interview, and the CV file.
#   The programme gives the structures « l’accès à une bibliothèque de CV » and « un
#   Espace recrutement […] permet de consulter les CV des candidats » [001 §II.3]; but a CV
#   carries the name, address and phone that this rule keeps until pre-selection, so the
#   library is consulted at the pre-selection step: the list tells which candidates have a
#   CV, one click pre-selects (and tells the candidate), then the CV opens. Each download
#   is recorded and shown to the candidate (``candidats.TelechargementCV``);
# * never: sex, birth date, consent and account data (kept for statistics and the
#   candidate), nor anything about a deleted account.
CHAMPS_AVANT_INTERET = frozenset(
    {
        "nom_public",
        "commune",
        "code_postal",
        "distance",
        "disponible_le",
        "distance_max",
        "situations",
        "diplome",
        "motivation",
        "deja_forme",
        "pix",
    }
)
CHAMPS_COORDONNEES = frozenset({"nom_complet", "email", "telephone"})
CHAMPS_APRES_INTERET = CHAMPS_AVANT_INTERET | CHAMPS_COORDONNEES | {"cv"}
AVEC_COORDONNEES = frozenset({INTERESSEE} | AVEC_CONTRAT)


def champs_visibles(statut: str | None) -> frozenset[str]:
    """The fields a structure sees for a candidate whose link with it has ``statut``
    (None: no link yet, a candidate of its matches or of the pool)."""
    if statut in AVEC_COORDONNEES:
        return CHAMPS_APRES_INTERET
    if statut == FINALISEE_NON_DISPONIBLE:
        return frozenset({"nom_public"})
    return CHAMPS_AVANT_INTERET


def statuts_avec(champ: str) -> frozenset[str]:
    """The link statuses under which a structure sees ``champ`` (``champs_visibles``)."""
    return frozenset(code for code, _ in STATUTS if champ in champs_visibles(code))


# --- The planned contract ------------------------------------------------------------------
# conventions.rules.TypeContrat values, with the labels of the contract form.
LIBELLES_CONTRATS: dict[str, str] = {
    "cdi": "CDI",
    "cdd": "CDD",
    "contrat_projet": "Contrat de projet",
    "cui_cae_pec": "CUI-CAE / parcours emploi compétences",
    "cui_cie_pec": "CUI-CIE / parcours emploi compétences (outre-mer)",
    "contrat_droit_public": "Contrat de droit public",
}
CDI = "cdi"
CONTRATS_OUTRE_MER = frozenset({"cui_cie_pec"})
DUREE_CONTRAT_MAX_MOIS = 72  # contrat de projet: six years at most

TAILLES_TENUE: list[tuple[str, str]] = [(t, t) for t in ("XS", "S", "M", "L", "XL", "XXL", "XXXL")]

# Gross monthly SMIC for 35 hours a week (hourly rate × 151.67 h), by date in force.
# Versioned data: a new revaluation is a new line.
SMIC_MENSUEL_BRUT: list[tuple[date, Decimal, str]] = [
    (date(2023, 5, 1), Decimal("1747.20"), "11,52 € de l’heure, revalorisation du 1er mai 2023"),
    (date(2024, 1, 1), Decimal("1766.92"), "11,65 € de l’heure au 1er janvier 2024"),
    (date(2024, 11, 1), Decimal("1801.80"), "11,88 € de l’heure au 1er novembre 2024"),
    (date(2026, 1, 1), Decimal("1823.03"), "12,02 € de l’heure au 1er janvier 2026"),
]


def smic_mensuel(le: date) -> Decimal:
    """The gross monthly SMIC in force on a date (the oldest known before the table)."""
    montant = SMIC_MENSUEL_BRUT[0][1]
    for debut, valeur, _ in SMIC_MENSUEL_BRUT:
        if debut <= le:
            montant = valeur
    return montant


def date_fin_contrat(type_contrat: str, date_debut: date, duree_mois: int | None) -> date | None:
    if type_contrat == CDI or not duree_mois:
        return None
    return ajouter_mois(date_debut, duree_mois) - timedelta(days=1)


# The job description is published at least one month before the contract is signed
# [003 étape 2, annex 1].
DELAI_PUBLICATION_JOURS = 30


def erreurs_contrat(
    *,
    type_contrat: str,
    date_debut: date | None,
    duree_mois: int | None,
    salaire: Decimal | None,
    fiche_publiee_le: date | None,
    outre_mer: bool,
    aujourd_hui: date,
) -> dict[str, str]:
    """Errors of the planned contract, keyed by form field (empty: the contract is valid).

    The contract is signed at the latest on its first day: the start date must come at
    least 30 days after the job description was published.
    """
    erreurs: dict[str, str] = {}
    if type_contrat not in LIBELLES_CONTRATS:
        erreurs["type_contrat"] = "Choisissez le type de contrat."
    elif type_contrat in CONTRATS_OUTRE_MER and not outre_mer:
        erreurs["type_contrat"] = "Le CUI-CIE n’est possible que dans les territoires d’outre-mer."
    if type_contrat == CDI:
        if duree_mois:
            erreurs["duree_mois"] = "Un CDI n’a pas de durée : laissez ce champ vide."
    elif type_contrat in LIBELLES_CONTRATS:
        if not duree_mois:
            erreurs["duree_mois"] = "Indiquez la durée du contrat, en mois."
        elif not 1 <= duree_mois <= DUREE_CONTRAT_MAX_MOIS:
            erreurs["duree_mois"] = (
                f"La durée du contrat est comprise entre 1 et {DUREE_CONTRAT_MAX_MOIS} mois."
            )
    if date_debut is None:
        erreurs["date_debut"] = "Indiquez la date de début du contrat."
    elif date_debut > ajouter_mois(aujourd_hui, 12):
        erreurs["date_debut"] = "Le contrat doit commencer dans les douze prochains mois."
    if fiche_publiee_le is None:
        erreurs["fiche_publiee_le"] = "Indiquez la date de publication de la fiche de poste."
    elif fiche_publiee_le > aujourd_hui:
        erreurs["fiche_publiee_le"] = "La date de publication ne peut pas être dans le futur."
    elif date_debut is not None and "date_debut" not in erreurs:
        au_plus_tot = fiche_publiee_le + timedelta(days=DELAI_PUBLICATION_JOURS)
        if date_debut < au_plus_tot:
            erreurs["date_debut"] = (
                f"La fiche de poste doit être publiée au moins {DELAI_PUBLICATION_JOURS} jours "
                f"avant la signature du contrat : il ne peut pas commencer avant le "
                f"{au_plus_tot:%d/%m/%Y}."
            )
    if salaire is None:
        erreurs["salaire"] = "Indiquez le salaire brut mensuel."
    elif date_debut is not None:
        smic = smic_mensuel(date_debut)
        if salaire < smic:
            erreurs["salaire"] = (
                f"Le salaire brut mensuel doit être au moins égal au SMIC ({euros(smic)} "
                f"au {date_debut:%d/%m/%Y})."
            )
    return erreurs


# --- Ruptures (declared by the structure, validated by the national team) -----------------
MOTIFS_RUPTURE: list[tuple[str, str]] = [
    ("licenciement", "Licenciement"),
    ("nonReconductionCDD", "Non-reconduction du CDD"),
    ("demission", "Démission"),
    ("CDIsation", "Passage en CDI hors dispositif"),
    ("FinDeSubventionnement", "Fin du subventionnement"),
]


def erreur_date_rupture(date_rupture: date, date_debut: date, date_fin: date | None) -> str | None:
    if date_rupture < date_debut:
        return "La rupture ne peut pas précéder le début du contrat."
    if date_fin is not None and date_rupture > date_fin:
        return "La rupture ne peut pas être postérieure à la fin du contrat."
    return None


# --- Recruitment deadline -------------------------------------------------------------------
@dataclass(frozen=True)
class RegleDelai:
    """The time a structure has to recruit from the committee's decision, as steps of
    (what, months, days) added one after the other. One rule, several values by source."""

    code: str
    libelle: str
    source: str
    etapes: tuple[tuple[str, int, int], ...]


REGLES_DELAI: dict[str, RegleDelai] = {
    "trois-mois": RegleDelai(
        "trois-mois",
        "Trois mois après la notification du poste",
        "AMI 2021 [001 §II.4, §IV.3]",
        (("recruter", 3, 0),),
    ),
    "ami-2020": RegleDelai(
        "ami-2020",
        "15 jours pour choisir un candidat, puis 15 jours pour signer le contrat",
        "AMI 2020 [000 §II.4]",
        (("choisir un candidat", 0, 15), ("signer le contrat", 0, 15)),
    ),
    "guide-2021": RegleDelai(
        "guide-2021",
        "Deux mois après le comité, dont 15 jours d’instruction par l’opérateur",
        "Guide employeur 2021 [003 « Calendrier »]",
        (("recruter", 2, 0),),
    ),
}
REGLE_DELAI_DEFAUT = "trois-mois"
# Reminders to the structure, this many days before its deadline.
RAPPELS_JOURS_AVANT: tuple[int, ...] = (30, 7)


def regle_delai(code: str | None) -> RegleDelai:
    return REGLES_DELAI[code or REGLE_DELAI_DEFAUT]


def echeance_recrutement(regle: RegleDelai, depuis: date) -> date:
    jour = depuis
    for _, mois, jours in regle.etapes:
        jour = ajouter_mois(jour, mois) + timedelta(days=jours)
    return jour


def jours_restants(echeance: date, aujourd_hui: date) -> int:
    """Negative once the deadline has passed."""
    return (echeance - aujourd_hui).days


def rappel_du(echeance: date, aujourd_hui: date, deja_envoyes: set[int]) -> int | None:
    """The reminder to send today (its number of days before the deadline), if any: the
    tightest threshold reached, unless already sent; none once the deadline is past. A
    structure that learns its deadline late gets one reminder, not one per threshold."""
    restant = jours_restants(echeance, aujourd_hui)
    if restant < 0:
        return None
    atteints = [j for j in RAPPELS_JOURS_AVANT if restant <= j]
    if not atteints or min(atteints) in deja_envoyes:
        return None
    return min(atteints)


def postes_libres(attribues: int, occupes: int) -> int:
    return max(attribues - occupes, 0)
