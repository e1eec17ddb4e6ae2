"""Business actions on requests, prefecture opinions and committees: one transaction and
one audit event each (a committee confirmation: one event per request and one for the
committee)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from comptes.journal import journaliser
from comptes.models import Habilitation
from comptes.roles import Role
from comptes.services import ActionImpossible
from conventions.services import Attributions, PostesOccupes
from noyau import courriels
from noyau.mots import compter
from recrutement.services import echeance_recrutement
from structures.choix import StatutStructure
from structures.models import Structure
from structures.rules import TransitionImpossible as TransitionStructureImpossible
from structures.rules import verifier_transition as verifier_transition_structure
from structures.services import appliquer_statut

from .choix import (
    Avis,
    AvisComite,
    Phase,
    PosteCoordinateur,
    Resultat,
    StatutComite,
    StatutDemande,
    TypeDemande,
    TypePoste,
)
from .models import AvisPrefecture, Comite, DecisionComite, Demande, Derogation, HistoriqueDemande
from .rules import (
    AVIS_PREFECTURE,
    DEMANDES_RESTITUTION,
    STATUTS_OUVERTS,
    Bilan,
    Depot,
    Situation,
    date_prochain_comite,
    effets_decision,
    motif_refus_depot,
    proposer_decisions,
    resultat_de_la_demande,
    verifier_transition,
)

T = TypeDemande
D = StatutDemande
OUVERTS = sorted(STATUTS_OUVERTS)
# A structure applies again after a refusal: its status goes back to "non traitée".
_REPRISE_APRES_REFUS = (StatutStructure.REFUS_COSELEC, StatutStructure.REFUS_COORDINATEUR)
COMMENTAIRE_MIN = 10
COMMENTAIRE_MAX = 1000


def _historiser(demande, de, vers, *, par, motif, le) -> None:
    HistoriqueDemande.objects.create(demande=demande, de=de, vers=vers, le=le, par=par, motif=motif)


def _transition(demande: Demande, vers: str, *, par, motif: str, le: datetime) -> None:
    """Move a locked request to ``vers`` along the transition table, with its history row."""
    try:
        verifier_transition(demande.type, demande.statut, vers)
    except ValueError as erreur:
        raise ActionImpossible(str(erreur)) from None
    de = demande.statut
    demande.statut = vers
    demande.cloturee_le = None if vers in STATUTS_OUVERTS else le
    demande.save(update_fields=["statut", "cloturee_le", "modifiee_le"])
    _historiser(demande, de, vers, par=par, motif=motif, le=le)
    if vers not in STATUTS_OUVERTS:
        _retirer_du_classement(demande)


def _retirer_du_classement(demande: Demande) -> None:
    """A closed request leaves the prefecture's ranking; the ones after it move up."""
    avis = AvisPrefecture.objects.filter(demande=demande, rang__isnull=False).first()
    if avis is None:
        return
    rang, departement = avis.rang, avis.departement_id
    avis.rang = None
    avis.save(update_fields=["rang", "modifie_le"])
    suivants = list(
        AvisPrefecture.objects.select_for_update()
        .filter(departement_id=departement, rang__gt=rang)
        .order_by("rang")
    )
    for a in suivants:
        a.rang -= 1
        a.save(update_fields=["rang", "modifie_le"])


# --- Filing -----------------------------------------------------------------------------


@transaction.atomic
def deposer_demande(
    *,
    structure: Structure,
    type: str,
    par=None,
    nombre_postes: int = 0,
    poste_coordinateur: str = PosteCoordinateur.AUCUN,
    transfert: bool = False,
    structure_origine: Structure | None = None,
    structure_destination: Structure | None = None,
    date_debut_souhaitee: date | None = None,
    lieux_missions: str = "",
    politiques_prioritaires=(),
    motivation: str = "",
    candidat_identifie: bool = False,
    engagement: bool = False,
    le: datetime | None = None,
    request=None,
) -> Demande:
    """Record a request for a structure (sign-up, history replay, imports). Checks what
    the database must hold (one open application A); the preconditions of a request filed
    from the structure's space are ``deposer_depuis_espace``'s."""
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    le = le or timezone.now()
    if type == T.A:
        if Demande.objects.filter(structure=structure, type=T.A, statut__in=OUVERTS).exists():
            raise ActionImpossible("Cette structure a déjà une candidature en cours d’instruction.")
        if structure.statut in _REPRISE_APRES_REFUS:
            appliquer_statut(structure, StatutStructure.CREEE)
        elif structure.statut != StatutStructure.CREEE:
            raise ActionImpossible(
                f"Une structure « {structure.get_statut_display()} » ne peut pas déposer de "
                "candidature au dispositif."
            )
        if not engagement:
            raise ActionImpossible(
                "La candidature suppose d’accepter les engagements du dispositif."
            )
    if transfert and structure_origine is not None and structure_origine.pk == structure.pk:
        raise ActionImpossible("Un transfert vient d’une autre structure.")
    demande = Demande.objects.create(
        structure=structure,
        type=type,
        nombre_postes=nombre_postes,
        poste_coordinateur=poste_coordinateur,
        transfert=transfert,
        structure_origine=structure_origine,
        structure_destination=structure_destination,
        date_debut_souhaitee=date_debut_souhaitee,
        lieux_missions=lieux_missions,
        politiques_prioritaires=list(politiques_prioritaires),
        motivation=motivation,
        candidat_identifie=candidat_identifie,
        engagement_le=le if engagement else None,
        deposee_le=le,
        deposee_par=par,
    )
    _historiser(demande, "", D.DEPOSEE, par=par, motif="Demande déposée", le=le)
    details = ""
    if nombre_postes:
        details = f" ({nombre_postes} poste{'s' if nombre_postes > 1 else ''})"
    if transfert and structure_origine:
        details += f", transfert depuis {structure_origine.nom}"
    if structure_destination:
        details += f", vers {structure_destination.nom}"
    journaliser(
        "demande.deposee",
        f"{structure.nom} dépose une demande « {demande.get_type_display()} »{details}",
        acteur=par,
        cible=structure,
        details={
            "demande": demande.pk,
            "type": type,
            "nombre_postes": nombre_postes,
            "poste_coordinateur": poste_coordinateur,
            "transfert": transfert,
        },
        request=request,
    )
    return demande


class DepotImpossible(ActionImpossible):
    """A request the structure may not file now; the message says why."""


def situation(structure: Structure) -> Situation:
    """What the filing rules need to know of a structure (a few aggregate queries)."""
    from conventions.choix import STATUTS_EN_COURS, EtatPoste
    from conventions.models import Contrat, Convention, Poste

    postes = list(
        Poste.objects.filter(structure=structure, convention__statut__in=STATUTS_EN_COURS)
        .exclude(etat=EtatPoste.RENDU)
        .values_list("type", "etat")
    )
    ouvertes = list(
        Demande.objects.filter(structure=structure, statut__in=OUVERTS).values_list(
            "type", "nombre_postes", "poste_coordinateur"
        )
    )
    rendus = [(n, c) for t, n, c in ouvertes if t in (T.E, T.H)]
    vacants_conseiller = sum(1 for t, e in postes if t == "conseiller" and e == EtatPoste.VACANT)
    vacants_coordinateur = sum(
        1 for t, e in postes if t == "coordinateur" and e == EtatPoste.VACANT
    )
    sortie_en_cours = any(t == T.G for t, _, _ in ouvertes)
    return Situation(
        statut=structure.statut,
        departement=structure.departement_id,
        convention_en_cours=Convention.objects.filter(
            structure=structure, statut__in=STATUTS_EN_COURS
        ).exists(),
        postes_conseiller=sum(1 for t, _ in postes if t == "conseiller"),
        postes_coordinateur=sum(1 for t, _ in postes if t == "coordinateur"),
        vacants_conseiller=vacants_conseiller,
        vacants_coordinateur=vacants_coordinateur,
        occupes=sum(1 for _, e in postes if e == EtatPoste.OCCUPE),
        deja_rendus_conseiller=vacants_conseiller if sortie_en_cours else sum(n for n, _ in rendus),
        deja_rendus_coordinateur=sum(1 for _, c in rendus if c != PosteCoordinateur.AUCUN),
        demandes_ouvertes=frozenset(t for t, _, _ in ouvertes),
        contrats_en_cours=Contrat.objects.en_cours().filter(structure=structure).count(),
    )


def transfert_propose(origine: Structure, destination: Structure) -> Demande | None:
    """The giver's open request H towards this structure, if any."""
    return (
        Demande.objects.filter(
            structure=origine, structure_destination=destination, type=T.H, statut__in=OUVERTS
        )
        .order_by("deposee_le", "pk")
        .first()
    )


@transaction.atomic
def deposer_depuis_espace(
    *,
    structure: Structure,
    type: str,
    par,
    nombre_postes: int = 0,
    coordinateur: bool = False,
    poste_coordinateur: str | None = None,
    structure_origine: Structure | None = None,
    structure_destination: Structure | None = None,
    motivation: str = "",
    date_debut_souhaitee: date | None = None,
    lieux_missions: str = "",
    engagement: bool = False,
    le: datetime | None = None,
    request=None,
) -> Demande:
    """A structure files a request A–H from its space, if the rules of [002] allow it.

    The structure row is locked first, so two filings at once see each other."""
    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    autre = structure_destination if type == T.H else structure_origine
    transfert = type in (T.A, T.C) and structure_origine is not None
    offerts = 0
    if transfert:
        h = transfert_propose(structure_origine, structure)
        offerts = h.nombre_postes if h else 0
    depot = Depot(
        type=type,
        nombre_postes=nombre_postes,
        coordinateur=coordinateur,
        autre_statut=autre.statut if autre else None,
        autre_departement=autre.departement_id if autre else None,
        postes_offerts=offerts,
        transfert=transfert,
    )
    if autre is not None and autre.pk == structure.pk:
        raise DepotImpossible("Un transfert se fait vers une autre structure.")
    motif = motif_refus_depot(depot, situation(structure))
    if motif:
        raise DepotImpossible(motif)
    if poste_coordinateur is None:
        poste_coordinateur = (
            PosteCoordinateur.TEMPS_PLEIN if coordinateur else PosteCoordinateur.AUCUN
        )
    return deposer_demande(
        structure=structure,
        type=type,
        par=par,
        nombre_postes=nombre_postes,
        poste_coordinateur=poste_coordinateur,
        transfert=transfert,
        structure_origine=structure_origine if transfert else None,
        structure_destination=structure_destination if type == T.H else None,
        motivation=motivation,
        date_debut_souhaitee=date_debut_souhaitee,
        lieux_missions=lieux_missions,
        engagement=engagement or type != T.A,
        le=le,
        request=request,
    )


@transaction.atomic
def changer_statut_demande(
    demande: Demande,
    vers: str,
    *,
    par=None,
    motif: str = "",
    le: datetime | None = None,
    request=None,
) -> Demande:
    demande = Demande.objects.select_for_update().select_related("structure").get(pk=demande.pk)
    ancien = demande.get_statut_display()
    _transition(demande, vers, par=par, motif=motif, le=le or timezone.now())
    journaliser(
        "demande.statut",
        f"Demande « {demande.get_type_display()} » de {demande.structure.nom} : "
        f"« {ancien} » → « {demande.get_statut_display()} »",
        acteur=par,
        cible=demande,
        details={"demande": demande.pk, "vers": vers, "motif": motif},
        request=request,
    )
    return demande


def annuler_demande(demande: Demande, *, par, request=None) -> Demande:
    """The structure withdraws an open request (not once a committee has taken it)."""
    return changer_statut_demande(
        demande, D.ANNULEE, par=par, motif="Demande retirée par la structure.", request=request
    )


def cloturer_demandes_ouvertes(structure: Structure, vers: str, *, par, motif: str) -> int:
    """Close every open request of a structure (inside the caller's transaction)."""
    le = timezone.now()
    demandes = Demande.objects.select_for_update().filter(structure=structure, statut__in=OUVERTS)
    n = 0
    for demande in demandes:
        _transition(demande, vers, par=par, motif=motif, le=le)
        n += 1
    return n


# --- Prefecture opinion ---------------------------------------------------------------------


@transaction.atomic
def donner_avis(
    demande: Demande,
    *,
    avis: str,
    commentaire: str,
    mention_transfert: bool = False,
    par=None,
    le: datetime | None = None,
    request=None,
) -> AvisPrefecture:
    """The prefecture gives (or changes) its opinion on an open request A, C or H. A
    favourable request joins the end of the département's ranking; an unfavourable one
    leaves it. The first opinion sends the request to the committee ("en instruction")."""
    demande = Demande.objects.select_for_update().select_related("structure").get(pk=demande.pk)
    if demande.type not in AVIS_PREFECTURE:
        raise ActionImpossible("Cette demande ne passe pas par l’avis de la préfecture.")
    if not demande.est_ouverte:
        raise ActionImpossible("Cette demande est close : son avis ne peut plus changer.")
    commentaire = commentaire.strip()
    if not COMMENTAIRE_MIN <= len(commentaire) <= COMMENTAIRE_MAX:
        raise ActionImpossible(
            f"Le commentaire compte entre {COMMENTAIRE_MIN} et {COMMENTAIRE_MAX} caractères."
        )
    le = le or timezone.now()
    departement = demande.structure.departement_id
    existant = AvisPrefecture.objects.select_for_update().filter(demande=demande).first()
    if existant is not None and existant.rang and avis != Avis.FAVORABLE:
        _retirer_du_classement(demande)
        existant.refresh_from_db()
    rang = existant.rang if existant else None
    if avis == Avis.FAVORABLE and rang is None:
        # Lock the département's ranking so two opinions at once get distinct ranks.
        dernier = (
            AvisPrefecture.objects.select_for_update()
            .filter(departement_id=departement, rang__isnull=False)
            .aggregate(m=Max("rang"))["m"]
        )
        rang = (dernier or 0) + 1
    mention = mention_transfert or demande.transfert or demande.type == T.H
    valeurs = {
        "departement_id": departement,
        "avis": avis,
        "commentaire": commentaire,
        "rang": rang,
        "mention_transfert": mention,
        "donne_par": par,
        "donne_le": le,
    }
    if existant is None:
        resultat = AvisPrefecture.objects.create(demande=demande, **valeurs)
    else:
        for cle, valeur in valeurs.items():
            setattr(existant, cle, valeur)
        existant.save()
        resultat = existant
    libelle = Avis(avis).label.lower()
    if demande.statut == D.DEPOSEE:
        _transition(
            demande,
            D.EN_INSTRUCTION,
            par=par,
            motif=f"Avis {libelle} de la préfecture.",
            le=le,
        )
    journaliser(
        "avis.prefecture" if existant is None else "avis.prefecture.modifie",
        f"Avis {libelle} de la préfecture sur la demande « {demande.get_type_display()} » de "
        f"{demande.structure.nom}" + (" (transfert)" if mention else "") + f" : {commentaire}",
        acteur=par,
        cible=demande,
        details={
            "demande": demande.pk,
            "avis": avis,
            "commentaire": commentaire,
            "rang": rang,
            "mention_transfert": mention,
            "departement": departement,
        },
        request=request,
    )
    return resultat


@transaction.atomic
def classer(departement: str, rangs: dict[int, int], *, par=None, request=None) -> list[int]:
    """The prefecture reorders its favourable open requests: ``rangs`` maps an opinion id
    to the rank typed; the list is renumbered 1, 2, 3… in that order (ties keep the former
    order). Returns the opinion ids in their new order."""
    avis = list(
        AvisPrefecture.objects.select_for_update()
        .filter(
            departement_id=departement,
            avis=Avis.FAVORABLE,
            rang__isnull=False,
            demande__statut__in=OUVERTS,
        )
        .order_by("rang")
    )
    inconnus = set(rangs) - {a.pk for a in avis}
    if inconnus:
        raise ActionImpossible("Ce classement ne correspond plus aux demandes en cours.")
    if any(r < 1 for r in rangs.values()):
        raise ActionImpossible("Un rang est un nombre entier supérieur ou égal à 1.")
    ordre = sorted(avis, key=lambda a: (rangs.get(a.pk, a.rang), a.rang))
    AvisPrefecture.objects.filter(pk__in=[a.pk for a in avis]).update(rang=None)
    for i, a in enumerate(ordre, start=1):
        a.rang = i
    AvisPrefecture.objects.bulk_update(ordre, ["rang"])
    journaliser(
        "avis.classement",
        f"Classement des demandes favorables du département {departement} : "
        + ", ".join(f"{i}. demande n° {a.demande_id}" for i, a in enumerate(ordre, start=1)),
        acteur=par,
        details={"departement": departement, "ordre": [a.demande_id for a in ordre]},
        request=request,
    )
    return [a.pk for a in ordre]


# --- Committee decisions: one engine for a single decision and a whole session ------------


@dataclass
class Ligne:
    """One decision on one kind of post of a request (or of a structure)."""

    type_poste: str
    resultat: str
    postes_demandes: int = 0
    postes_accordes: int = 0
    motif: str = ""
    total: int | None = None  # the structure's posts of this kind after the decision
    reste: int = 0  # posts left open for the next committees (a partial override)

    @property
    def avis(self) -> str:
        return {
            Resultat.ACCEPTEE: AvisComite.POSITIF,
            Resultat.REFUSEE: AvisComite.NEGATIF,
            Resultat.EN_ATTENTE: AvisComite.EXAMEN_COMPLEMENTAIRE,
        }[self.resultat]


@dataclass
class Issue:
    """What a session did to one request, for its e-mails and its audit event."""

    demande: Demande | None
    structure: Structure
    resultat: str
    lignes: list[Ligne]
    decisions: list[DecisionComite] = field(default_factory=list)
    recruter_avant: date | None = None


class Seance:
    """Applies committee decisions inside the caller's transaction: locks the structures,
    their requests and posts, then writes decisions, statuses, conventions and posts in bulk.
    """

    def __init__(
        self,
        *,
        structure_ids,
        demandes: list[Demande],
        numero: int,
        date_comite: date,
        phase: str = Phase.PHASE_2,
        comite: Comite | None = None,
        par=None,
        strict: bool = True,
        prioritaires: frozenset = frozenset(),
        le: datetime | None = None,
    ):
        ids = sorted(set(structure_ids))
        self.structures = {
            s.pk: s for s in Structure.objects.select_for_update().filter(pk__in=ids).order_by("pk")
        }
        self.demandes = demandes
        self.attributions = Attributions(ids)
        self.numero, self.date, self.phase, self.comite = numero, date_comite, phase, comite
        self.par, self.strict, self.prioritaires = par, strict, prioritaires
        self.le = le or timezone.now()
        # One deadline rule for the whole programme: recrutement's, chosen by a setting.
        self.recruter_avant = echeance_recrutement(date_comite)
        self.issues: list[Issue] = []
        self._a_rendre: dict[tuple[int, str], int] = defaultdict(int)
        self._rendus_h: dict[int, list] = {}

    def _total(self, structure_id: int, demande: Demande | None, ligne: Ligne) -> int:
        actuel = self.attributions.nombre(structure_id, ligne.type_poste)
        if ligne.total is not None:
            return ligne.total
        if ligne.resultat != Resultat.ACCEPTEE:
            return actuel
        if demande is not None and demande.type in DEMANDES_RESTITUTION:
            return actuel - ligne.postes_accordes
        return actuel + ligne.postes_accordes

    def preparer(self, structure: Structure, demande: Demande | None, lignes: list[Ligne]) -> Issue:
        """Check a request's lines against the locked posts (a return needs vacant posts)."""
        for ligne in lignes:
            if ligne.resultat != Resultat.ACCEPTEE:
                continue
            total = self._total(structure.pk, demande, ligne)
            actuel = self.attributions.nombre(structure.pk, ligne.type_poste)
            if total < actuel:
                cle = (structure.pk, ligne.type_poste)
                vacants = self.attributions.vacants(*cle) - self._a_rendre[cle]
                if actuel - total > vacants:
                    message = (
                        f"{compter(actuel - total, 'poste')} à rendre mais "
                        f"{compter(max(vacants, 0), 'poste vacant')} : "
                        "un poste doit être vacant pour être rendu."
                    )
                    if self.strict:
                        raise PostesOccupes(message)
                    ligne.resultat, ligne.postes_accordes, ligne.motif = (
                        Resultat.REFUSEE,
                        0,
                        message,
                    )
                    continue
                self._a_rendre[cle] += actuel - total
        resultat = resultat_de_la_demande(
            [ligne.resultat for ligne in lignes],
            reste=sum(ligne.reste for ligne in lignes if ligne.resultat == Resultat.ACCEPTEE),
        )
        issue = Issue(demande, structure, resultat, lignes)
        self.issues.append(issue)
        return issue

    def appliquer(self) -> None:
        """Write everything: decisions first (their ids go on the posts), then posts,
        statuses, history, audit events and e-mails."""
        decisions = []
        for issue in self.issues:
            s = issue.structure
            for ligne in issue.lignes:
                total = self._total(s.pk, issue.demande, ligne)
                decision = DecisionComite(
                    structure=s,
                    demande=issue.demande,
                    comite=self.comite,
                    avis=ligne.avis,
                    resultat=ligne.resultat,
                    postes_demandes=ligne.postes_demandes,
                    postes_accordes=ligne.postes_accordes,
                    motif=ligne.motif,
                    type_poste=ligne.type_poste,
                    nombre_postes=total if ligne.resultat == Resultat.ACCEPTEE else 0,
                    numero_comite=self.numero,
                    date_comite=self.date,
                    phase=self.phase,
                    prioritaire=(issue.demande.pk if issue.demande else None) in self.prioritaires,
                    observations=ligne.motif,
                    saisie_par=self.par,
                )
                ligne.total = total
                issue.decisions.append(decision)
                decisions.append(decision)
        try:
            DecisionComite.objects.bulk_create(decisions, batch_size=2000)
        except IntegrityError:
            raise ActionImpossible(
                f"Le comité n° {self.numero} a déjà statué sur l’une de ces demandes."
            ) from None
        # Posts: returns (E, F, G and the givers of transfers) before grants.
        ordre = sorted(
            self.issues,
            key=lambda i: 0 if i.demande is None or i.demande.type in DEMANDES_RESTITUTION else 1,
        )
        for issue in ordre:
            for ligne, decision in zip(issue.lignes, issue.decisions, strict=True):
                if ligne.resultat != Resultat.ACCEPTEE:
                    continue
                origines = ()
                if issue.demande is not None and issue.demande.transfert:
                    cedante = self._cedante(issue.demande)
                    origines = self._rendus_h.get(cedante, []) if cedante else ()
                _, rendus = self.attributions.fixer(
                    issue.structure,
                    ligne.type_poste,
                    ligne.total,
                    decision=decision,
                    date_decision=self.date,
                    recruter_avant=self.recruter_avant,
                    origines=origines,
                )
                if issue.demande is not None and issue.demande.type == T.H:
                    self._rendus_h[issue.demande.pk] = rendus
                if (
                    ligne.postes_accordes
                    and issue.demande is not None
                    and issue.demande.type not in DEMANDES_RESTITUTION
                ):
                    issue.recruter_avant = self.recruter_avant
        self.attributions.enregistrer()
        self._statuts()

    def _cedante(self, demande: Demande) -> int | None:
        for issue in self.issues:
            d = issue.demande
            if (
                d is not None
                and d.type == T.H
                and d.structure_id == demande.structure_origine_id
                and d.structure_destination_id == demande.structure_id
            ):
                return d.pk
        return None

    def _statuts(self) -> None:
        historiques, demandes_modifiees, structures_modifiees = [], [], {}
        for issue in self.issues:
            s, d = issue.structure, issue.demande
            acceptee = any(ligne.resultat == Resultat.ACCEPTEE for ligne in issue.lignes)
            if acceptee:
                avis = AvisComite.POSITIF
            elif issue.resultat == Resultat.REFUSEE:
                avis = AvisComite.NEGATIF
            else:
                avis = AvisComite.EXAMEN_COMPLEMENTAIRE
            coordinateur_seul = all(
                ligne.type_poste == TypePoste.COORDINATEUR for ligne in issue.lignes
            )
            effets = effets_decision(
                avis,
                TypePoste.COORDINATEUR if coordinateur_seul else TypePoste.CONSEILLER,
                s.statut,
                self.attributions.nombre(s.pk),
                avec_demande=d is not None,
            )
            if effets.statut_structure and effets.statut_structure != s.statut:
                try:
                    verifier_transition_structure(s.statut, effets.statut_structure)
                except TransitionStructureImpossible as erreur:
                    if self.strict:
                        raise ActionImpossible(str(erreur)) from None
                else:
                    s.statut = effets.statut_structure
                    s.statut_modifie_le = self.le
                    structures_modifiees[s.pk] = s
            if d is None:
                continue
            vers = {
                Resultat.ACCEPTEE: D.ACCEPTEE,
                Resultat.REFUSEE: D.REFUSEE,
                Resultat.EN_ATTENTE: D.AJOURNEE,
            }[issue.resultat]
            if vers == d.statut:
                continue
            try:
                verifier_transition(d.type, d.statut, vers)
            except ValueError as erreur:
                raise ActionImpossible(str(erreur)) from None
            motif = f"Comité de sélection n° {self.numero} du {self.date:%d/%m/%Y} : " + " ".join(
                ligne.motif for ligne in issue.lignes if ligne.motif
            )
            historiques.append(
                HistoriqueDemande(
                    demande=d, de=d.statut, vers=vers, le=self.le, par=self.par, motif=motif
                )
            )
            d.statut = vers
            d.cloturee_le = None if vers in STATUTS_OUVERTS else self.le
            d.modifiee_le = self.le
            demandes_modifiees.append(d)
        # Grouped updates: one query per new status (a bulk_update of 10,000 rows with CASE
        # expressions is far slower).
        par_statut: dict[str, list[int]] = defaultdict(list)
        for structure in structures_modifiees.values():
            par_statut[structure.statut].append(structure.pk)
        for statut, ids in par_statut.items():
            Structure.objects.filter(pk__in=ids).update(statut=statut, statut_modifie_le=self.le)
        par_statut = defaultdict(list)
        for d in demandes_modifiees:
            par_statut[d.statut].append(d.pk)
        for statut, ids in par_statut.items():
            Demande.objects.filter(pk__in=ids).update(
                statut=statut,
                cloturee_le=None if statut in STATUTS_OUVERTS else self.le,
                modifiee_le=self.le,
            )
        self._retirer_rangs([d.pk for d in demandes_modifiees if d.statut not in STATUTS_OUVERTS])
        HistoriqueDemande.objects.bulk_create(historiques, batch_size=2000)

    def _retirer_rangs(self, demande_ids: list[int]) -> None:
        """Closed requests leave their département's ranking, renumbered without gaps (two
        statements: ranks are first moved out of the way, the unique index is immediate)."""
        touches = sorted(
            set(
                AvisPrefecture.objects.filter(
                    demande_id__in=demande_ids, rang__isnull=False
                ).values_list("departement_id", flat=True)
            )
        )
        if not touches:
            return
        AvisPrefecture.objects.filter(demande_id__in=demande_ids).update(rang=None)
        table = AvisPrefecture._meta.db_table
        with connection.cursor() as curseur:
            curseur.execute(
                f"UPDATE {table} SET rang = rang + 1000000000 "
                "WHERE departement_id = ANY(%s) AND rang IS NOT NULL",
                [touches],
            )
            curseur.execute(
                f"UPDATE {table} AS a SET rang = n.rang FROM ("
                "  SELECT id, row_number() OVER (PARTITION BY departement_id ORDER BY rang) AS rang"
                f"  FROM {table} WHERE departement_id = ANY(%s) AND rang IS NOT NULL"
                ") AS n WHERE a.id = n.id",
                [touches],
            )


def _description(issue: Issue, numero: int, date_comite: date) -> str:
    d, s = issue.demande, issue.structure
    quoi = f"demande « {d.get_type_display()} » de {s.nom}" if d else f"structure {s.nom}"
    parties = []
    for ligne in issue.lignes:
        libelle = (
            "poste(s) de conseiller"
            if ligne.type_poste == TypePoste.CONSEILLER
            else ("poste de coordinateur")
        )
        parties.append(
            f"{Resultat(ligne.resultat).label.lower()} – {ligne.postes_accordes}/"
            f"{ligne.postes_demandes} {libelle} : {ligne.motif}"
        )
    return f"Comité de sélection n° {numero} du {date_comite:%d/%m/%Y}, {quoi} : " + " ; ".join(
        parties
    )


def _journaliser_issue(issue: Issue, seance: Seance, request=None) -> None:
    d = issue.demande
    journaliser(
        "comite.decision",
        _description(issue, seance.numero, seance.date),
        acteur=seance.par,
        cible=d if d is not None else issue.structure,
        details={
            "comite": seance.comite.pk if seance.comite else None,
            "numero_comite": seance.numero,
            "demande": d.pk if d else None,
            "structure": issue.structure.pk,
            "resultat": issue.resultat,
            "decisions": [x.pk for x in issue.decisions],
            "lignes": [
                {
                    "type_poste": ligne.type_poste,
                    "resultat": ligne.resultat,
                    "postes_demandes": ligne.postes_demandes,
                    "postes_accordes": ligne.postes_accordes,
                    "motif": ligne.motif,
                }
                for ligne in issue.lignes
            ],
            "statut_structure": issue.structure.statut,
            "motif": " ".join(ligne.motif for ligne in issue.lignes if ligne.motif),
        },
        request=request,
    )


# --- E-mails of the outcomes -----------------------------------------------------------------


def _destinataires(structures: list[Structure]):
    """Managers' addresses per structure (the contact's when no manager has an account) and
    prefecture agents' addresses per département."""
    gestionnaires: dict[int, list[str]] = defaultdict(list)
    for sid, email in Habilitation.objects.filter(
        role=Role.STRUCTURE, active=True, structure_id__in=[s.pk for s in structures]
    ).values_list("structure_id", "utilisateur__email"):
        gestionnaires[sid].append(email)
    departements = {s.departement_id for s in structures}
    prefectures: dict[str, list[str]] = defaultdict(list)
    for dep, dep_region, email in Habilitation.objects.filter(
        role=Role.PREFECTURE, active=True
    ).values_list("departement_id", "region__departements__code", "utilisateur__email"):
        for code in (dep, dep_region):
            if code in departements and email not in prefectures[code]:
                prefectures[code].append(email)
    return gestionnaires, prefectures


def _envoyer_courriels(issues: list[Issue], numero: int, date_comite: date) -> None:
    """One e-mail per request to the structure's managers, and to each prefecture one
    e-mail listing every outcome in its département (rather than one per request)."""
    gestionnaires, prefectures = _destinataires([i.structure for i in issues])
    lien_espace = settings.SITE_URL + reverse("instruction:mes_demandes")
    par_departement: dict[str, list] = defaultdict(list)
    for issue in issues:
        if issue.demande is None:
            continue
        s = issue.structure
        lien_demande = settings.SITE_URL + reverse("instruction:demande", args=[issue.demande.pk])
        par_departement[s.departement_id].append((issue, lien_demande))
        sujet = {
            Resultat.ACCEPTEE: "Votre demande est acceptée",
            Resultat.REFUSEE: "Votre demande n’est pas retenue",
            Resultat.EN_ATTENTE: "Votre demande est gardée pour un prochain comité",
        }[issue.resultat]
        if any(ligne.reste and ligne.resultat == Resultat.ACCEPTEE for ligne in issue.lignes):
            sujet = "Votre demande est acceptée en partie, le reste attend un prochain comité"
        a_structure = gestionnaires.get(s.pk) or ([s.contact_email] if s.contact_email else [])
        if a_structure:
            courriels.envoyer(
                a_structure,
                sujet,
                "instruction/courriels/decision_structure",
                {
                    "structure": s,
                    "demande": issue.demande,
                    "issue": issue,
                    "numero": numero,
                    "date_comite": date_comite,
                    "lien_espace": lien_espace,
                    "lien_demande": lien_demande,
                },
            )
    for departement, lignes in sorted(par_departement.items()):
        a_prefecture = prefectures.get(departement)
        if not a_prefecture:
            continue
        compte = defaultdict(int)
        for issue, _ in lignes:
            compte[issue.resultat] += 1
        courriels.envoyer(
            a_prefecture,
            f"Comité n° {numero} : décisions pour le département {departement}",
            "instruction/courriels/decisions_prefecture",
            {
                "numero": numero,
                "date_comite": date_comite,
                "departement": departement,
                "lignes": lignes,
                "acceptees": compte[Resultat.ACCEPTEE],
                "refusees": compte[Resultat.REFUSEE],
                "en_attente": compte[Resultat.EN_ATTENTE],
                "lien_liste": settings.SITE_URL + reverse("instruction:a_instruire"),
            },
        )


# --- One decision, recorded by hand or imported ---------------------------------------------


@transaction.atomic
def enregistrer_decision_comite(
    *,
    structure: Structure,
    avis: str,
    nombre_postes: int,
    numero_comite: int,
    date_comite: date,
    phase: str,
    demande: Demande | None = None,
    type_poste: str = TypePoste.CONSEILLER,
    prioritaire: bool = False,
    observations: str = "",
    par=None,
    le: datetime | None = None,
    request=None,
) -> DecisionComite:
    """Record one selection committee decision on a structure (and on the request it
    answers), as the real platform's COSELEC history: ``nombre_postes`` is the structure's
    total of posts of that kind after the decision. Its posts follow (new convention or
    amendment, or vacant posts returned); so do the statuses (``rules.effets_decision``)."""
    if demande is not None:
        demande = Demande.objects.select_for_update().get(pk=demande.pk)
        if demande.structure_id != structure.pk:
            raise ActionImpossible("Cette demande n’est pas celle de cette structure.")
        if not demande.est_ouverte:
            raise ActionImpossible("Cette demande est déjà close.")
        if demande.type in AVIS_PREFECTURE and demande.statut == D.DEPOSEE:
            raise ActionImpossible(
                "Cette demande attend l’avis de la préfecture avant d’être examinée en comité."
            )
    if avis != AvisComite.POSITIF and nombre_postes:
        raise ActionImpossible("Seul un avis favorable attribue des postes.")
    deja = DecisionComite.objects.filter(numero_comite=numero_comite, type_poste=type_poste)
    deja = (
        deja.filter(demande=demande) if demande else deja.filter(structure=structure, demande=None)
    )
    if deja.exists():
        raise ActionImpossible(f"Le comité n° {numero_comite} a déjà statué sur cette structure.")
    seance = Seance(
        structure_ids=[structure.pk],
        demandes=[demande] if demande else [],
        numero=numero_comite,
        date_comite=date_comite,
        phase=phase,
        par=par,
        prioritaires=frozenset({demande.pk}) if (prioritaire and demande) else frozenset(),
        le=le,
    )
    structure = seance.structures[structure.pk]
    resultat = {
        AvisComite.POSITIF: Resultat.ACCEPTEE,
        AvisComite.NEGATIF: Resultat.REFUSEE,
        AvisComite.EXAMEN_COMPLEMENTAIRE: Resultat.EN_ATTENTE,
    }[avis]
    actuel = seance.attributions.nombre(structure.pk, type_poste)
    total = nombre_postes if avis == AvisComite.POSITIF else actuel
    effets = effets_decision(
        avis,
        type_poste,
        structure.statut,
        total + seance.attributions.nombre(structure.pk) - actuel,
        avec_demande=demande is not None,
    )
    if effets.statut_structure:
        try:
            verifier_transition_structure(structure.statut, effets.statut_structure)
        except ValueError as erreur:
            raise ActionImpossible(str(erreur)) from None
    if demande is not None and effets.statut_demande and effets.statut_demande != demande.statut:
        try:
            verifier_transition(demande.type, demande.statut, effets.statut_demande)
        except ValueError as erreur:
            raise ActionImpossible(str(erreur)) from None
    motif = observations or f"avis {AvisComite(avis).label.lower()}"
    ligne = Ligne(
        type_poste=type_poste,
        resultat=resultat,
        postes_demandes=demande.nombre_postes if demande else nombre_postes,
        postes_accordes=abs(total - actuel) if avis == AvisComite.POSITIF else 0,
        motif=motif,
        total=total,
    )
    issue = seance.preparer(structure, demande, [ligne])
    seance.appliquer()
    if issue.demande is not None:
        issue.demande.refresh_from_db()
    journaliser(
        "comite.decision",
        f"Comité de sélection n° {numero_comite} du {date_comite:%d/%m/%Y} : avis "
        f"{AvisComite(avis).label.lower()} pour {structure.nom} – {nombre_postes} "
        f"poste{'s' if nombre_postes > 1 else ''} ({TypePoste(type_poste).label.lower()})",
        acteur=par,
        cible=demande if demande is not None else structure,
        details={
            "decision": issue.decisions[0].pk,
            "demande": demande.pk if demande else None,
            "avis": avis,
            "nombre_postes": nombre_postes,
            "numero_comite": numero_comite,
            "phase": phase,
            "statut_structure": structure.statut,
            "motif": motif,
        },
        request=request,
    )
    return issue.decisions[0]


# --- Committee sessions ------------------------------------------------------------------------


@transaction.atomic
def preparer_comite(*, date_comite: date | None = None, par=None, request=None) -> Comite:
    """Open the next committee session (every 15 days by default)."""
    from .selectors import date_dernier_comite, dernier_numero_comite

    if Comite.objects.filter(statut=StatutComite.EN_PREPARATION).exists():
        raise ActionImpossible("Un comité est déjà en préparation : confirmez-le d’abord.")
    date_comite = date_comite or date_prochain_comite(date_dernier_comite(), timezone.localdate())
    try:
        with transaction.atomic():
            comite = Comite.objects.create(
                numero=dernier_numero_comite() + 1, date=date_comite, cree_par=par
            )
    except IntegrityError:
        raise ActionImpossible(
            "Un comité est déjà en préparation : confirmez-le d’abord."
        ) from None
    journaliser(
        "comite.preparation",
        f"Préparation du {comite}",
        acteur=par,
        cible=comite,
        details={"numero": comite.numero, "date": comite.date.isoformat()},
        request=request,
    )
    return comite


def apercu(comite: Comite, etat=None) -> Bilan:
    """The proposed decisions of a committee in preparation, from the current data."""
    from .selectors import derogations_du_comite, donnees_comite, etat_national

    etat = etat or etat_national()
    return proposer_decisions(
        donnees_comite(),
        etat.disponibles,
        etat.cibles,
        etat.dotations,
        derogations_du_comite(comite),
    )


def _verrouiller_en_preparation(comite: Comite) -> Comite:
    comite = Comite.objects.select_for_update().get(pk=comite.pk)
    if comite.est_confirme:
        raise ActionImpossible(
            f"Le {comite} est déjà confirmé (le "
            f"{timezone.localtime(comite.confirme_le):%d/%m/%Y à %H:%M}) : ses décisions ne "
            "changent plus."
        )
    return comite


@transaction.atomic
def deroger(
    comite: Comite,
    demande: Demande,
    *,
    type_poste: str,
    resultat: str,
    postes: int,
    motif: str,
    par=None,
    request=None,
) -> Derogation:
    """The national admin overrides one proposed decision, with a written reason."""
    comite = _verrouiller_en_preparation(comite)
    motif = motif.strip()
    if len(motif) < COMMENTAIRE_MIN:
        raise ActionImpossible("Expliquez la décision modifiée (10 caractères au moins).")
    proposition = next(
        (
            p
            for p in apercu(comite).propositions
            if p.demande == demande.pk and p.type_poste == type_poste
        ),
        None,
    )
    if proposition is None:
        raise ActionImpossible("Cette demande n’est pas examinée par ce comité.")
    if resultat != Resultat.ACCEPTEE:
        postes = 0
    elif not 1 <= postes <= max(proposition.postes_demandes, 1):
        raise ActionImpossible(
            f"Accordez entre 1 et {compter(max(proposition.postes_demandes, 1), 'poste')} : la demande "
            f"porte sur {proposition.postes_demandes}."
        )
    derogation, _ = Derogation.objects.update_or_create(
        comite=comite,
        demande=demande,
        type_poste=type_poste,
        defaults={"resultat": resultat, "postes": postes, "motif": motif, "par": par},
    )
    journaliser(
        "comite.derogation",
        f"{comite} : décision sur la demande « {demande.get_type_display()} » de "
        f"{demande.structure.nom} modifiée en « {Resultat(resultat).label.lower()} »"
        + (f" ({postes} poste(s))" if postes else "")
        + f" – motif : {motif}",
        acteur=par,
        cible=demande,
        details={
            "comite": comite.pk,
            "proposition": proposition.resultat,
            "resultat": resultat,
            "postes": postes,
            "motif": motif,
        },
        request=request,
    )
    return derogation


@transaction.atomic
def annuler_derogation(comite: Comite, derogation: Derogation, *, par=None, request=None) -> None:
    comite = _verrouiller_en_preparation(comite)
    demande = derogation.demande
    derogation.delete()
    journaliser(
        "comite.derogation.annulee",
        f"{comite} : la décision proposée sur la demande « {demande.get_type_display()} » de "
        f"{demande.structure.nom} est rétablie",
        acteur=par,
        cible=demande,
        details={"comite": comite.pk},
        request=request,
    )


@transaction.atomic
def confirmer_comite(
    comite: Comite,
    *,
    par=None,
    request=None,
    notifier: bool = True,
    le: datetime | None = None,
) -> Bilan:
    """Confirm a committee: compute its decisions from the data as they are now, then record
    them all at once. The committee row is locked first: a second confirmation (even at the
    same instant) waits, then finds it confirmed and is refused, so each post is allocated
    once. Nothing is written if anything fails."""
    from .selectors import demandes_pretes_qs, derogations_du_comite, donnees_comite, etat_national

    comite = _verrouiller_en_preparation(comite)
    # A committee sits when it is confirmed: confirmed before its planned date, it is dated
    # the day of its confirmation, so no decision (and no convention) is dated in the future.
    jour = timezone.localdate(le) if le else timezone.localdate()
    date_prevue = comite.date
    if comite.date > jour:
        comite.date = jour
    demandes = {
        d.pk: d for d in demandes_pretes_qs().select_for_update(of=("self",)).order_by("pk")
    }
    etat = etat_national()
    bilan = proposer_decisions(
        donnees_comite(list(demandes.values())),
        etat.disponibles,
        etat.cibles,
        etat.dotations,
        derogations_du_comite(comite),
    )
    par_demande: dict[int, list] = defaultdict(list)
    for p in bilan.propositions:
        par_demande[p.demande].append(p)
    seance = Seance(
        structure_ids={demandes[i].structure_id for i in par_demande},
        demandes=[demandes[i] for i in par_demande],
        numero=comite.numero,
        date_comite=comite.date,
        comite=comite,
        par=par,
        strict=False,
        prioritaires=frozenset(
            p.demande for p in bilan.propositions if p.classe in ("transfert", "prioritaire")
        ),
        le=le,  # given only to replay a past committee (demo data)
    )
    # Givers (E, F, G, H) first: their returned posts are known before transfers.
    ordre = sorted(
        par_demande,
        key=lambda i: (0 if demandes[i].type in DEMANDES_RESTITUTION else 1, i),
    )
    for pk in ordre:
        demande = demandes[pk]
        lignes = [
            Ligne(
                type_poste=p.type_poste,
                resultat=p.resultat,
                postes_demandes=p.postes_demandes,
                postes_accordes=p.postes_accordes,
                motif=p.motif,
                reste=p.reste,
            )
            for p in par_demande[pk]
        ]
        seance.preparer(seance.structures[demande.structure_id], demande, lignes)
    seance.appliquer()
    comite.statut = StatutComite.CONFIRME
    comite.confirme_par = par
    comite.confirme_le = le or timezone.now()
    comite.total_national = etat.total_national
    comite.postes_disponibles = bilan.disponibles
    comite.postes_attribues = bilan.attribues
    comite.postes_liberes = bilan.liberes
    comite.save()
    for issue in seance.issues:
        _journaliser_issue(issue, seance, request=request)
    compte = defaultdict(int)
    for issue in seance.issues:
        compte[issue.resultat] += 1
    journaliser(
        "comite.confirme",
        f"{comite} confirmé : {len(seance.issues)} demande(s) examinée(s) – "
        f"{compte[Resultat.ACCEPTEE]} acceptée(s), {compte[Resultat.REFUSEE]} refusée(s), "
        f"{compte[Resultat.EN_ATTENTE]} en attente ; {bilan.attribues} poste(s) attribué(s), "
        f"{bilan.liberes} libéré(s), {bilan.transferes} transféré(s) sur {bilan.disponibles} "
        "disponible(s)",
        acteur=par,
        cible=comite,
        details={
            "numero": comite.numero,
            "date": comite.date.isoformat(),
            "date_prevue": date_prevue.isoformat(),
            "demandes": len(seance.issues),
            "resultats": dict(compte),
            "disponibles": bilan.disponibles,
            "attribues": bilan.attribues,
            "liberes": bilan.liberes,
            "transferes": bilan.transferes,
        },
        request=request,
    )
    if notifier:  # False only to replay past committees (demo data)
        _envoyer_courriels(seance.issues, comite.numero, comite.date)
    return bilan
