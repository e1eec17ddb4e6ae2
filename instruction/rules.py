"""Pure rules about structure requests and committee decisions. No ORM, no I/O."""

import heapq
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from noyau.mots import accorder, compter
from structures.choix import StatutStructure

from .choix import Avis, AvisComite, Classe, Resultat, StatutDemande, TypeDemande, TypePoste

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
        "Postes attribués : recrutez dans les 3 mois qui suivent le comité (la date limite "
        "figure sur votre espace), puis déposez la demande de subvention."
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


# --- Filing a request from the structure's space: the preconditions of [002] ---------------

# "A structure cannot ask for more posts than allowed": at most this many conseiller posts
# per request A or C (a coordinator post comes on top, one per structure), and one request
# for posts (A or C) open at a time, as the real platform refused a new request while one
# was "en cours d'instruction". Change the number here (or pass ``maximum``).
POSTES_MAX_PAR_DEMANDE = 10

# Requests that ask for posts, and those that give posts back.
DEMANDES_AJOUT = frozenset({T.A, T.C})
DEMANDES_RESTITUTION = frozenset({T.E, T.F, T.G, T.H})

# Structures that are out of the programme for good.
_STATUTS_FINIS = frozenset({S.ANNULEE, S.DOUBLON})


@dataclass(frozen=True)
class Situation:
    """What the rules need to know of a structure to accept a new request."""

    statut: str
    departement: str = ""
    convention_en_cours: bool = False
    postes_conseiller: int = 0  # allocated, not returned, running convention
    postes_coordinateur: int = 0
    vacants_conseiller: int = 0
    vacants_coordinateur: int = 0
    occupes: int = 0
    # Posts already promised back by open requests E, G or H (not yet decided).
    deja_rendus_conseiller: int = 0
    deja_rendus_coordinateur: int = 0
    demandes_ouvertes: frozenset = frozenset()  # types of the open requests
    # Employment contracts: the conventions issue records them; until then, none.
    contrats_en_cours: int = 0


@dataclass(frozen=True)
class Depot:
    """What the structure asks for."""

    type: str
    nombre_postes: int = 0
    coordinateur: bool = False
    # H: the receiving structure; A/C marked as transfer: the giving one.
    autre_statut: str | None = None
    autre_departement: str | None = None
    # A/C as transfer: posts the giver's open H offers to this structure (0: no such H).
    postes_offerts: int = 0
    transfert: bool = False


def motif_refus_depot(
    depot: Depot, s: Situation, maximum: int = POSTES_MAX_PAR_DEMANDE
) -> str | None:
    """Why this request cannot be filed now (a sentence for the structure), or None."""
    t = depot.type
    if s.statut in _STATUTS_FINIS:
        return "Cette inscription est close : aucune demande ne peut plus être déposée."
    if t in DEMANDES_AJOUT:
        if depot.nombre_postes < 0 or (depot.nombre_postes == 0 and not depot.coordinateur):
            return "Indiquez au moins un poste de conseiller ou un poste de coordinateur."
        if depot.nombre_postes > maximum:
            return (
                f"Une demande porte sur {maximum} postes de conseillers au plus : déposez une "
                "autre demande après la décision du comité si le besoin persiste."
            )
        if s.demandes_ouvertes & DEMANDES_AJOUT:
            return (
                "Une demande de postes est déjà en cours d’instruction : attendez la décision "
                "du comité avant d’en déposer une autre."
            )
        if depot.coordinateur and s.postes_coordinateur:
            return "Votre structure a déjà un poste de coordinateur."
        if depot.transfert:
            refus = _motif_refus_transfert_recu(depot, s)
            if refus:
                return refus
    if t == T.A:
        if s.statut == S.VALIDATION_COSELEC:
            return (
                "Votre structure fait déjà partie du dispositif : demandez un poste "
                "supplémentaire (demande C)."
            )
        if s.statut == S.ABANDON:
            return (
                "Votre structure est sortie du dispositif : pour y revenir, écrivez à "
                "conseiller-numerique@anct.gouv.fr."
            )
        return None
    if t == T.C:
        if s.statut != S.VALIDATION_COSELEC or not s.convention_en_cours:
            return (
                "Un poste supplémentaire s’ajoute à une convention en cours : votre structure "
                "doit d’abord intégrer le dispositif (demande A)."
            )
        return None
    if t == T.D:
        # A rupture is declared on the contract itself (conventions), where the missing
        # pieces, the national validation and the freed post are followed: not a request.
        if s.contrats_en_cours <= 0:
            return (
                "Aucun contrat en cours n’est enregistré pour votre structure : il n’y a pas de "
                "rupture à déclarer."
            )
        return (
            "Une rupture se déclare depuis la fiche du contrat, dans « Ma convention » : "
            "elle y est suivie jusqu’à sa validation et le poste redevient alors vacant."
        )
    # B, E, F, G, H need a running convention.
    if not s.convention_en_cours:
        return "Votre structure n’a pas de convention en cours."
    if t == T.B:
        if T.B in s.demandes_ouvertes:
            return "Une demande de renouvellement est déjà en cours."
        if s.demandes_ouvertes & {T.F, T.G}:
            return "Vous avez demandé à ne pas renouveler ou à sortir du dispositif."
        return None
    if t in (T.F, T.G) and s.demandes_ouvertes & {T.F, T.G}:
        return "Une demande de non-renouvellement ou de sortie est déjà en cours."
    if t == T.F:
        if T.B in s.demandes_ouvertes:
            return "Une demande de renouvellement est en cours : annulez-la d’abord."
        return None
    if t == T.G:
        if s.occupes:
            return (
                f"{s.occupes} poste{'s sont occupés' if s.occupes > 1 else ' est occupé'} : "
                "déclarez d’abord la rupture de chaque contrat en cours, un poste doit être "
                "vacant pour être rendu."
            )
        return None
    # E and H give vacant posts back.
    conseillers = depot.nombre_postes
    coordinateur = 1 if (depot.coordinateur and t == T.E) else 0
    if conseillers <= 0 and not coordinateur:
        return "Indiquez le nombre de postes à rendre."
    libres = s.vacants_conseiller - s.deja_rendus_conseiller
    if conseillers > libres:
        return _trop_de_postes(conseillers, libres, s)
    if coordinateur:
        if not s.postes_coordinateur:
            return "Votre structure n’a pas de poste de coordinateur."
        if s.vacants_coordinateur - s.deja_rendus_coordinateur < 1:
            return (
                "Le poste de coordinateur est occupé : déclarez d’abord la rupture du contrat, "
                "un poste doit être vacant pour être rendu."
            )
    if t == T.H:
        if depot.autre_statut is None:
            return "Indiquez la structure d’accueil du poste transféré (son SIRET)."
        if depot.autre_statut in _STATUTS_FINIS:
            return "La structure d’accueil indiquée n’est plus inscrite au dispositif."
        if depot.autre_departement != s.departement:
            return (
                "Un transfert de poste se fait entre deux structures du même département "
                f"(votre structure : {s.departement}, structure d’accueil : "
                f"{depot.autre_departement})."
            )
    return None


def _trop_de_postes(demandes: int, libres: int, s: Situation) -> str:
    if libres <= 0:
        if s.postes_conseiller:
            return (
                "Aucun de vos postes de conseillers n’est vacant : déclarez d’abord la rupture du "
                "contrat en cours, un poste doit être vacant pour être rendu."
            )
        return "Votre structure n’a pas de poste de conseiller à rendre."
    return (
        f"Vous pouvez rendre au plus {libres} poste{'s' if libres > 1 else ''} (postes vacants "
        "non encore rendus) : un poste doit être vacant pour être rendu."
    )


def _motif_refus_transfert_recu(depot: Depot, s: Situation) -> str | None:
    if depot.autre_statut is None or depot.postes_offerts <= 0:
        return (
            "Aucune demande de transfert (H) de cette structure vers la vôtre n’est en cours : "
            "la structure qui cède le poste la dépose d’abord."
        )
    if depot.autre_departement != s.departement:
        return "Un transfert de poste se fait entre deux structures du même département."
    if depot.nombre_postes > depot.postes_offerts:
        return (
            f"La structure cédante transfère {depot.postes_offerts} "
            f"poste{'s' if depot.postes_offerts > 1 else ''} : demandez-en au plus autant."
        )
    return None


# --- Committee sessions ---------------------------------------------------------------------

INTERVALLE_COMITES_JOURS = 15


def date_prochain_comite(
    dernier: date | None, aujourd_hui: date, intervalle: int = INTERVALLE_COMITES_JOURS
) -> date:
    """Every 15 days by default: the first date after the last committee, not in the past."""
    if dernier is None:
        return aujourd_hui
    prochaine = dernier + timedelta(days=intervalle)
    while prochaine < aujourd_hui:
        prochaine += timedelta(days=intervalle)
    return prochaine


def anomalie_postes(occupes: int, attribues: int) -> bool:
    """ "1/0": more posts filled than allocated [002 "Données clés"]."""
    return occupes > attribues


# --- The committee: priority and allocation -------------------------------------------------


@dataclass(frozen=True)
class DemandeComite:
    """A request ready for the committee, as plain data.

    Requests for posts (A, C) ask ``postes_conseiller`` conseiller posts and/or one
    coordinator post; a transfer (A or C with ``transfert``) names the giver's request H in
    ``demande_liee``. Requests that give posts back (E, F, G, H) carry the structure's
    vacant and occupied posts; E and H also the number to return in ``postes_conseiller``.
    """

    id: int
    type: str
    departement: str
    deposee_le: datetime
    postes_conseiller: int = 0
    poste_coordinateur: bool = False
    avis: str | None = None
    rang: int | None = None
    transfert: bool = False
    demande_liee: int | None = None
    postes_vacants: int = 0
    postes_vacants_coordinateur: int = 0
    postes_occupes: int = 0
    motif_ineligibilite: str = ""


@dataclass(frozen=True)
class Derogation:
    resultat: str
    postes: int
    motif: str


@dataclass(frozen=True)
class Proposition:
    demande: int
    type_poste: str
    resultat: str
    postes_demandes: int
    postes_accordes: int  # granted, or returned for E, F, G, H
    classe: str
    motif: str
    ordre: int = 0
    derogation: bool = False
    reste: int = 0  # posts of an accepted line left open for the next committees

    @property
    def partielle(self) -> bool:
        return self.resultat == Resultat.ACCEPTEE and self.reste > 0


@dataclass
class Bilan:
    propositions: list[Proposition] = field(default_factory=list)
    disponibles: int = 0  # national posts available before this committee
    liberes: int = 0  # posts returned by this committee
    attribues: int = 0  # posts granted from the national pool
    transferes: int = 0  # posts moved by transfers

    @property
    def restants(self) -> int:
        return self.disponibles + self.liberes - self.attribues

    def par_resultat(self) -> dict[str, int]:
        compte = dict.fromkeys(Resultat.values, 0)
        for p in self.propositions:
            compte[p.resultat] += 1
        return compte


def _pluriel(n: int, mot: str, pluriel: str | None = None) -> str:
    return compter(n, mot, pluriel)


_SANS_RANG = 10**9
_ORDRE_TYPE = {TypePoste.CONSEILLER: 0, TypePoste.COORDINATEUR: 1}


def _cle(d: DemandeComite, type_poste: str) -> tuple:
    """Inside a class: the prefecture's ranking, then oldest first (then a stable tie-break)."""
    return (d.rang or _SANS_RANG, d.deposee_le, d.id, _ORDRE_TYPE[type_poste])


def disponibles_au_niveau_national(total_national: int, non_rendus: int) -> int:
    """The national total minus posts allocated and not returned (never negative)."""
    return max(0, total_national - non_rendus)


def proposer_decisions(
    demandes: list[DemandeComite],
    disponibles: int,
    cibles: dict[str, int],
    dotations: dict[str, int],
    derogations: dict[tuple[int, str], Derogation] | None = None,
) -> Bilan:
    """The committee's proposed decisions, each with its reason.

    1. Unfavourable opinion or ineligible structure: rejected; opinion missing: pending.
    2. Returns (E), non-renewals (F) and exits (G) are accepted (a post must be vacant to be
       returned) and free their posts, which this committee may allocate again.
    3. Overrides by the national admin are applied as written (an accepted one draws on the
       national pool, at most what is left).
    4. Transfers first: the receiving request (A/C marked as transfer) gets the posts the
       giving request H returns; they do not draw on the national pool.
    5. Then requests in départements below their target, then the others; inside a class the
       prefecture's rank, then the oldest. A département that reaches its target during
       the session moves to the third class. A request asking more posts than are left
       is not cut down: it stays pending for the next committees [002 Cas 3: « le nombre
       de postes disponibles à la date du comité est inférieur à la demande → L'ANCT garde
       la candidature en base pour les Comités de Sélection suivants »], and the posts left
       go on down the order to requests they can serve whole. Only an ANCT override with a
       reason grants part of a request; the rest stays open (``reste``).
    """
    derogations = derogations or {}
    bilan = Bilan(disponibles=max(0, disponibles))
    dotation = defaultdict(int, dotations)
    resultats: dict[tuple[int, str], Proposition] = {}
    ordre = [0]

    def poser(
        d, type_poste, resultat, demandes_n, accordes, classe, motif, derogation=False, reste=0
    ):
        ordre[0] += 1
        resultats[(d.id, type_poste)] = Proposition(
            d.id,
            type_poste,
            resultat,
            demandes_n,
            accordes,
            classe,
            motif,
            ordre[0],
            derogation,
            reste,
        )

    def lignes(d: DemandeComite) -> list[tuple[str, int]]:
        """(type of post, posts asked or to return) of a request."""
        if d.type in (T.F, T.G):
            sortie = [(TypePoste.CONSEILLER, d.postes_vacants)]
            if d.postes_vacants_coordinateur:
                sortie.append((TypePoste.COORDINATEUR, d.postes_vacants_coordinateur))
            return sortie
        sortie = []
        if d.postes_conseiller or not d.poste_coordinateur:
            sortie.append((TypePoste.CONSEILLER, d.postes_conseiller))
        if d.poste_coordinateur:
            sortie.append((TypePoste.COORDINATEUR, 1))
        return sortie

    a_classer: list[tuple[DemandeComite, str, int]] = []
    transferts: list[tuple[DemandeComite, str, int]] = []
    cedantes: dict[int, DemandeComite] = {}
    liberations: list[tuple[DemandeComite, str, int]] = []
    forcees: list[tuple[DemandeComite, str, int, Derogation]] = []

    for d in demandes:
        for type_poste, n in lignes(d):
            derogation = derogations.get((d.id, type_poste))
            if derogation is not None:
                forcees.append((d, type_poste, n, derogation))
            elif d.motif_ineligibilite:
                poser(
                    d,
                    type_poste,
                    Resultat.REFUSEE,
                    n,
                    0,
                    Classe.HORS_CLASSEMENT,
                    f"Inéligible : {d.motif_ineligibilite}",
                )
            elif d.type in AVIS_PREFECTURE and d.avis is None:
                poser(
                    d,
                    type_poste,
                    Resultat.EN_ATTENTE,
                    n,
                    0,
                    Classe.HORS_CLASSEMENT,
                    "L’avis de la préfecture est attendu.",
                )
            elif d.type in AVIS_PREFECTURE and d.avis == Avis.DEFAVORABLE:
                poser(
                    d,
                    type_poste,
                    Resultat.REFUSEE,
                    n,
                    0,
                    Classe.HORS_CLASSEMENT,
                    "Avis défavorable de la préfecture.",
                )
            elif d.type == T.H:
                cedantes[d.id] = d
            elif d.type in (T.E, T.F, T.G):
                liberations.append((d, type_poste, n))
            elif d.transfert and type_poste == TypePoste.CONSEILLER:
                transferts.append((d, type_poste, n))
            else:
                a_classer.append((d, type_poste, n))

    # 2. Posts given back.
    for d, type_poste, n in sorted(liberations, key=lambda x: _cle(x[0], x[1])):
        vacants = (
            d.postes_vacants
            if type_poste == TypePoste.CONSEILLER
            else (d.postes_vacants_coordinateur)
        )
        if d.type == T.E and n > vacants:
            poser(
                d,
                type_poste,
                Resultat.REFUSEE,
                n,
                0,
                Classe.LIBERATION,
                f"{_pluriel(n, 'poste')} à rendre mais {_pluriel(vacants, 'poste vacant')} : "
                "un poste doit être vacant pour être rendu.",
            )
            continue
        if d.type == T.G and d.postes_occupes:
            poser(
                d,
                type_poste,
                Resultat.REFUSEE,
                n,
                0,
                Classe.LIBERATION,
                "Des postes sont encore occupés : la rupture de chaque contrat doit être "
                "déclarée avant la sortie du dispositif.",
            )
            continue
        motif = {
            T.E: f"Restitution de {_pluriel(n, 'poste vacant')} : "
            f"{accorder(n, 'le poste revient', 'les postes reviennent')} au national.",
            T.F: f"Non-renouvellement : {_pluriel(n, 'poste vacant rendu', 'postes vacants rendus')}"
            " maintenant, les postes occupés le seront à la fin de leur contrat.",
            T.G: f"Sortie du dispositif : {_pluriel(n, 'poste rendu')}.",
        }[d.type]
        poser(d, type_poste, Resultat.ACCEPTEE, n, n, Classe.LIBERATION, motif)
        bilan.liberes += n
        dotation[d.departement] -= n

    restants = bilan.disponibles + bilan.liberes

    # 3. Overrides.
    for d, type_poste, n, derog in sorted(forcees, key=lambda x: _cle(x[0], x[1])):
        motif = f"Décision modifiée par l’ANCT : {derog.motif}"
        if derog.resultat != Resultat.ACCEPTEE:
            poser(d, type_poste, derog.resultat, n, 0, Classe.DEROGATION, motif, True)
            continue
        if d.type in DEMANDES_RESTITUTION:
            poser(d, type_poste, Resultat.ACCEPTEE, n, derog.postes, Classe.DEROGATION, motif, True)
            bilan.liberes += derog.postes
            restants += derog.postes
            dotation[d.departement] -= derog.postes
            continue
        accordes = min(derog.postes, restants)
        if accordes == 0:
            poser(
                d,
                type_poste,
                Resultat.EN_ATTENTE,
                n,
                0,
                Classe.DEROGATION,
                motif + " (aucun poste disponible : gardée pour le prochain comité)",
                True,
            )
            continue
        if accordes < derog.postes:
            motif += f" (limitée à {_pluriel(accordes, 'poste disponible')})"
        reste = max(n - accordes, 0)
        if reste:
            demande = "reste demandé" if reste == 1 else "restent demandés"
            motif += (
                f" Attribution partielle : {accordes} sur {n} ; "
                f"{_pluriel(reste, 'poste')} {demande} pour les comités suivants."
            )
        poser(d, type_poste, Resultat.ACCEPTEE, n, accordes, Classe.DEROGATION, motif, True, reste)
        restants -= accordes
        bilan.attribues += accordes
        dotation[d.departement] += accordes

    # 4. Transfers: the receiving request takes the posts its giver's request H returns.
    cedes: dict[int, int] = defaultdict(int)
    issue_cedante: dict[int, str] = {}
    for d, type_poste, n in sorted(transferts, key=lambda x: _cle(x[0], x[1])):
        h = cedantes.get(d.demande_liee)
        if h is None:
            poser(
                d,
                type_poste,
                Resultat.EN_ATTENTE,
                n,
                0,
                Classe.TRANSFERT,
                "Transfert : la demande H de la structure qui cède le poste n’est pas prête "
                "(avis de la préfecture attendu, ou demande refusée ou retirée).",
            )
            continue
        offerts = min(h.postes_conseiller, h.postes_vacants) - cedes[h.id]
        if offerts <= 0:
            poser(
                d,
                type_poste,
                Resultat.EN_ATTENTE,
                n,
                0,
                Classe.TRANSFERT,
                "Transfert : la structure qui cède n’a plus de poste vacant ; le poste doit "
                "être vacant pour être transféré.",
            )
            issue_cedante.setdefault(h.id, "vacant")
            continue
        accordes = min(n, offerts)
        motif = f"Transfert de {_pluriel(accordes, 'poste')} : priorité 1."
        if accordes < n:
            motif += f" Partiel : la structure qui cède n’en rend que {accordes}."
        poser(d, type_poste, Resultat.ACCEPTEE, n, accordes, Classe.TRANSFERT, motif)
        cedes[h.id] += accordes
        bilan.transferes += accordes
    for h in cedantes.values():
        if cedes[h.id]:
            poser(
                h,
                TypePoste.CONSEILLER,
                Resultat.ACCEPTEE,
                h.postes_conseiller,
                cedes[h.id],
                Classe.TRANSFERT,
                f"Transfert accepté : {_pluriel(cedes[h.id], 'poste rendu')} et "
                f"{accorder(cedes[h.id], 'attribué', 'attribués')} à la structure d’accueil.",
            )
        elif issue_cedante.get(h.id) == "vacant":
            poser(
                h,
                TypePoste.CONSEILLER,
                Resultat.EN_ATTENTE,
                h.postes_conseiller,
                0,
                Classe.TRANSFERT,
                "Aucun poste vacant à transférer pour l’instant.",
            )
        else:
            poser(
                h,
                TypePoste.CONSEILLER,
                Resultat.EN_ATTENTE,
                h.postes_conseiller,
                0,
                Classe.TRANSFERT,
                "En attente de la demande de la structure d’accueil (A ou C marquée comme "
                "transfert), avec l’avis de la préfecture.",
            )

    # 5. Priority classes, with targets updated as posts are granted.
    files: dict[str, list] = defaultdict(list)
    for d, type_poste, n in a_classer:
        files[d.departement].append((_cle(d, type_poste), d, type_poste, n))
    for file in files.values():
        file.sort(key=lambda x: x[0])
        file.reverse()  # pop() from the end gives the first

    sous_cible, autres = [], []

    def pousser(dep: str) -> None:
        if files[dep]:
            tas = sous_cible if dotation[dep] < cibles.get(dep, 0) else autres
            heapq.heappush(tas, (files[dep][-1][0], dep))

    for dep in files:
        pousser(dep)
    while sous_cible or autres:
        prioritaire = bool(sous_cible)
        _, dep = heapq.heappop(sous_cible if prioritaire else autres)
        _, d, type_poste, n = files[dep].pop()
        cible, avant = cibles.get(dep, 0), dotation[dep]
        if prioritaire:
            classe = Classe.PRIORITAIRE
            pourquoi = (
                f"département sous sa cible ({_pluriel(avant, 'poste')} pour une cible de {cible})"
            )
        else:
            classe = Classe.AUTRE
            pourquoi = (
                f"département à sa cible ou au-delà ({_pluriel(avant, 'poste')} "
                f"pour une cible de {cible})"
                if cible
                else "département sans cible"
            )
        rang = f", rang {d.rang} de la préfecture" if d.rang else ""
        if restants <= 0:
            poser(
                d,
                type_poste,
                Resultat.EN_ATTENTE,
                n,
                0,
                classe,
                f"Plus aucun poste disponible au niveau national ({pourquoi}{rang}) : gardée "
                "pour le prochain comité.",
            )
        elif restants < n:
            poser(
                d,
                type_poste,
                Resultat.EN_ATTENTE,
                n,
                0,
                classe,
                f"{_pluriel(restants, 'poste disponible')} pour une demande de {n} "
                f"({pourquoi}{rang}) : ni acceptée ni rejetée, la demande est gardée pour les "
                "comités suivants. L’ANCT peut en accorder une partie en modifiant la décision.",
            )
        else:
            motif = f"Priorité {2 if prioritaire else 3} : {pourquoi}{rang}."
            poser(d, type_poste, Resultat.ACCEPTEE, n, n, classe, motif)
            restants -= n
            bilan.attribues += n
            dotation[dep] += n
        pousser(dep)

    bilan.propositions = sorted(resultats.values(), key=lambda p: p.ordre)
    return bilan


def resultat_de_la_demande(resultats: list[str], *, reste: int = 0) -> str:
    """A request's outcome from its lines: pending while one line waits or an accepted line
    leaves posts open (``reste``), accepted when a line is, else rejected."""
    if Resultat.EN_ATTENTE in resultats or reste > 0:
        return Resultat.EN_ATTENTE
    if Resultat.ACCEPTEE in resultats:
        return Resultat.ACCEPTEE
    return Resultat.REFUSEE
