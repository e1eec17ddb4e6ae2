"""Every change to a learner or a session: one function per business action, one
transaction, one audit event.

Locks: a session's day (every session of that body, centre and start date) before its
learners, then the learner. Two bodies' agents opening the same day's sessions at once
queue on those rows, so the 8-learner count of the second sees the first's decision.
``scope`` is the caller's training body (None for the national team): a learner of another
body is "not found", like in the views.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptes.journal import journaliser
from comptes.services import ActionImpossible
from conventions.choix import TypePoste
from noyau import courriels
from recrutement.services import gestionnaires

from . import catalogues as C
from . import rules as R
from .models import Apprenant, Centre, ModuleSuivi, OrganismeFormation, Presence, Session

__all__ = ["ActionImpossible"]

INTROUVABLE = "Cet apprenant n’existe pas ou n’est pas suivi par votre organisme."


# --- Building blocks ----------------------------------------------------------------------------


def _verrouiller(apprenant_id: int, scope: int | None) -> Apprenant:
    qs = Apprenant.objects.select_for_update(of=("self",)).select_related(
        "mise_en_relation__candidat__utilisateur", "mise_en_relation__structure", "organisme"
    )
    if scope is not None:
        qs = qs.filter(organisme_id=scope)
    apprenant = qs.filter(pk=apprenant_id).first()
    if apprenant is None:
        raise ActionImpossible(INTROUVABLE)
    return apprenant


def _changer(apprenant: Apprenant, vers: str) -> str:
    de = apprenant.etat
    try:
        R.verifier_transition(de, vers)
    except R.TransitionInterdite as erreur:
        raise ActionImpossible(str(erreur)) from None
    apprenant.etat = vers
    return de


def _enregistrer(apprenant: Apprenant) -> None:
    try:
        with transaction.atomic():
            apprenant.save()
    except IntegrityError as erreur:  # a path that forgot a rule: refuse, say it plainly
        raise ActionImpossible(
            "Ces informations ne sont pas cohérentes avec l’état de la formation."
        ) from erreur


def _journaliser(action: str, description: str, cible, *, par, request, **details) -> None:
    journaliser(action, description, acteur=par, cible=cible, details=details, request=request)


def _lien(nom: str) -> str:
    return settings.SITE_URL + reverse(nom)


def _email_conseiller(apprenant: Apprenant) -> str | None:
    u = apprenant.utilisateur or apprenant.mise_en_relation.candidat.utilisateur
    return u.email if u.is_active else None


def _prevenir(apprenant: Apprenant, sujet: str, gabarit: str, **contexte) -> None:
    """Tell the advisor and their structure's managers (who must let them go to training)."""
    contexte = {
        "apprenant": apprenant,
        "structure": apprenant.mise_en_relation.structure,
        **contexte,
    }
    email = _email_conseiller(apprenant)
    if email:
        courriels.envoyer(
            email,
            sujet,
            f"formation/courriels/{gabarit}_conseiller",
            {**contexte, "lien": _lien("formation:mon_parcours")},
        )
    structure = gestionnaires(apprenant.mise_en_relation.structure)
    if structure:
        courriels.envoyer(
            structure,
            sujet,
            f"formation/courriels/{gabarit}_structure",
            {**contexte, "lien": _lien("formation:conseillers")},
        )


# --- Assignment to a training body ---------------------------------------------------------------


def organisme_du_territoire(code_departement: str | None) -> OrganismeFormation | None:
    """The body serving the structure's département (the oldest if several)."""
    if not code_departement:
        return None
    return OrganismeFormation.objects.filter(departements=code_departement).order_by("pk").first()


@transaction.atomic
def rattacher(mise_en_relation, *, par=None, request=None, notifier: bool = True) -> Apprenant:
    """A recruitment is validated: its advisor gets a training body by territory.
    Idempotent: a second call returns the existing learner unchanged. Coordinators are
    exempt from initial training [002] and take up their post at once."""
    existant = Apprenant.objects.filter(mise_en_relation=mise_en_relation).first()
    if existant is not None:
        return existant
    structure = mise_en_relation.structure
    organisme = organisme_du_territoire(structure.departement_id)
    poste = mise_en_relation.poste
    coordinateur = poste is not None and poste.type == TypePoste.COORDINATEUR
    deja_forme = (
        Apprenant.objects.filter(
            mise_en_relation__candidat_id=mise_en_relation.candidat_id, etat__in=R.EN_POSTE
        )
        .exclude(coordinateur=True)
        .exists()
    )
    apprenant = Apprenant(
        mise_en_relation=mise_en_relation,
        organisme=organisme,
        utilisateur=mise_en_relation.candidat.utilisateur,
        coordinateur=coordinateur,
    )
    motif = R.motif_dispense(coordinateur=coordinateur, titulaire_remn=False, deja_forme=deja_forme)
    if motif:
        apprenant.etat = R.DISPENSE
        apprenant.motif_dispense = motif
        apprenant.date_prise_poste = mise_en_relation.date_debut_contrat or timezone.localdate()
    try:
        with transaction.atomic():
            apprenant.save()
    except IntegrityError:  # the same recruitment, validated twice at once
        return Apprenant.objects.get(mise_en_relation=mise_en_relation)
    _journaliser(
        "formation.rattachement",
        f"Conseiller de {structure.nom} rattaché à "
        f"{organisme.nom if organisme else 'aucun organisme (à affecter)'}",
        apprenant,
        par=par,
        request=request,
        organisme=organisme.pk if organisme else None,
        mise_en_relation=mise_en_relation.pk,
        coordinateur=coordinateur,
        dispense=motif or "",
    )
    if notifier and organisme is not None and not motif:
        _prevenir(apprenant, "Votre organisme de formation", "rattachement", organisme=organisme)
    return apprenant


@transaction.atomic
def reaffecter(
    apprenant_id: int, organisme_id: int, *, motif: str, par=None, request=None
) -> Apprenant:
    """The national team moves a learner to another body (a centre closer, a full one)."""
    apprenant = _verrouiller(apprenant_id, None)
    organisme = OrganismeFormation.objects.filter(pk=organisme_id).first()
    if organisme is None:
        raise ActionImpossible("Cet organisme de formation n’existe pas.")
    if not motif.strip():
        raise ActionImpossible("Indiquez le motif de la réaffectation.")
    if apprenant.organisme_id == organisme.pk:
        raise ActionImpossible("L’apprenant est déjà suivi par cet organisme.")
    if apprenant.etat in (R.EN_FORMATION, R.FORME, R.ABANDON):
        raise ActionImpossible(
            "Un apprenant en formation, formé ou sorti ne change plus d’organisme."
        )
    ancien = apprenant.organisme
    apprenant.organisme = organisme
    if apprenant.session_id:  # a session of the former body is no longer theirs
        apprenant.session = None
        if apprenant.etat == R.INSCRIT:
            apprenant.etat = R.POSITIONNE
    _enregistrer(apprenant)
    _journaliser(
        "formation.reaffectation",
        f"{apprenant.nom} réaffecté de {ancien or 'aucun organisme'} à {organisme}",
        apprenant,
        par=par,
        request=request,
        de=ancien.pk if ancien else None,
        vers=organisme.pk,
        motif=motif,
    )
    if apprenant.etat not in R.EN_POSTE:
        _prevenir(apprenant, "Votre organisme de formation", "rattachement", organisme=organisme)
    return apprenant


# --- Positioning and exemption ------------------------------------------------------------------


@transaction.atomic
def positionner(
    apprenant_id: int,
    *,
    scope: int | None,
    score: int,
    le: date,
    catalogue: str = C.CATALOGUE_EN_VIGUEUR,
    parcours: str = "",
    motif: str = "",
    modules: list[str] | None = None,
    par=None,
    request=None,
) -> Apprenant:
    """Record the positioning test: it sets the path (the suggested one unless the body
    chooses another and says why)."""
    apprenant = _verrouiller(apprenant_id, scope)
    if le > timezone.localdate():
        raise ActionImpossible("La date du test ne peut pas être dans le futur.")
    try:
        suggere = R.parcours_suggere(score, catalogue)
    except ValueError as erreur:
        raise ActionImpossible(str(erreur)) from None
    parcours = parcours or suggere.code
    erreur = R.erreur_choix_parcours(score, catalogue, parcours, motif)
    if erreur:
        raise ActionImpossible(erreur)
    modules = list(modules or [])
    attendus = C.PAR_CODE[parcours].modules_thematiques
    if any(m not in C.MODULES_PAR_CODE for m in modules) or len(set(modules)) != len(modules):
        raise ActionImpossible("Choisissez des modules thématiques distincts du catalogue.")
    if len(modules) > attendus:
        raise ActionImpossible(f"Ce parcours comprend {attendus} modules thématiques au plus.")
    de = _changer(apprenant, R.POSITIONNE)
    apprenant.score_positionnement = score
    apprenant.date_positionnement = le
    apprenant.catalogue = catalogue
    apprenant.parcours = parcours
    apprenant.motif_parcours = "" if parcours == suggere.code else motif.strip()
    apprenant.modules_choisis = modules
    if apprenant.session_id and apprenant.session.parcours != parcours:
        apprenant.session = None  # re-positioned on another path: enrol again
    elif apprenant.session_id:
        apprenant.etat = R.INSCRIT
    _enregistrer(apprenant)
    _journaliser(
        "formation.positionnement",
        f"{apprenant.nom} positionné : {C.PAR_CODE[parcours].libelle}",
        apprenant,
        par=par,
        request=request,
        de=de,
        score=score,
        parcours=parcours,
        suggere=suggere.code,
        motif=apprenant.motif_parcours,
    )
    return apprenant


@transaction.atomic
def dispenser(
    apprenant_id: int, *, scope: int | None, le: date, par=None, request=None, notifier: bool = True
) -> Apprenant:
    """A holder of the REMN title is exempt from initial training [001] and takes up the
    post on ``le``."""
    apprenant = _verrouiller(apprenant_id, scope)
    motif = R.motif_dispense(coordinateur=apprenant.coordinateur, titulaire_remn=True)
    de = _changer(apprenant, R.DISPENSE)
    apprenant.motif_dispense = motif
    apprenant.date_prise_poste = le
    apprenant.session = None
    _enregistrer(apprenant)
    _journaliser(
        "formation.dispense",
        f"{apprenant.nom} dispensé de formation initiale ({motif})",
        apprenant,
        par=par,
        request=request,
        de=de,
        prise_de_poste=le.isoformat(),
    )
    if notifier:
        _prevenir(apprenant, "Dispense de formation initiale", "dispense")
    return apprenant


# --- Sessions ----------------------------------------------------------------------------------


@transaction.atomic
def creer_session(
    *,
    organisme_id: int,
    parcours: str,
    date_debut: date,
    centre_id: int | None = None,
    capacite: int = 20,
    par=None,
    request=None,
) -> Session:
    if parcours not in C.PAR_CODE:
        raise ActionImpossible("Choisissez un parcours du catalogue.")
    if date_debut < timezone.localdate():
        raise ActionImpossible("Une session ne peut pas commencer dans le passé.")
    if capacite < 1:
        raise ActionImpossible("Une session a au moins une place.")
    if (
        centre_id is not None
        and not Centre.objects.filter(pk=centre_id, organisme_id=organisme_id).exists()
    ):
        raise ActionImpossible("Ce centre n’est pas un de vos centres.")
    session = Session.objects.create(
        organisme_id=organisme_id,
        centre_id=centre_id,
        parcours=parcours,
        date_debut=date_debut,
        capacite=capacite,
    )
    _journaliser(
        "formation.session_creee",
        f"{session} planifiée ({C.PAR_CODE[parcours].libelle})",
        session,
        par=par,
        request=request,
        organisme=organisme_id,
    )
    return session


def _verrouiller_session(session_id: int, scope: int | None) -> Session:
    qs = Session.objects.select_for_update()
    if scope is not None:
        qs = qs.filter(organisme_id=scope)
    session = qs.filter(pk=session_id).first()
    if session is None:
        raise ActionImpossible("Cette session n’existe pas ou n’est pas la vôtre.")
    return session


@transaction.atomic
def inscrire(
    apprenant_id: int,
    session_id: int,
    *,
    scope: int | None,
    par=None,
    request=None,
    notifier: bool = True,
) -> Apprenant:
    """Enrol a positioned learner in a planned session of their path; the advisor and
    the structure receive the dates."""
    session = _verrouiller_session(session_id, scope)
    apprenant = _verrouiller(apprenant_id, scope)
    if session.organisme_id != apprenant.organisme_id:
        raise ActionImpossible("Cette session n’est pas celle de l’organisme de l’apprenant.")
    if session.statut != Session.Statut.PLANIFIEE:
        raise ActionImpossible("Cette session est déjà ouverte : choisissez-en une autre.")
    if apprenant.session_id == session.pk:
        raise ActionImpossible("L’apprenant est déjà inscrit dans cette session.")
    if session.parcours != apprenant.parcours:
        raise ActionImpossible("Cette session prépare un autre parcours que celui de l’apprenant.")
    if session.apprenants.exclude(pk=apprenant.pk).count() >= session.capacite:
        raise ActionImpossible("Cette session est complète.")
    de = _changer(apprenant, R.INSCRIT)
    apprenant.session = session
    _enregistrer(apprenant)
    _journaliser(
        "formation.inscription",
        f"{apprenant.nom} inscrit à la {session}",
        apprenant,
        par=par,
        request=request,
        de=de,
        session=session.pk,
    )
    if notifier:
        _prevenir(apprenant, "Inscription en formation", "inscription", session=session)
    return apprenant


def _jour_verrouille(session: Session) -> list[Session]:
    """Every session of the same body, centre and start date, locked."""
    return list(
        Session.objects.select_for_update()
        .filter(
            organisme_id=session.organisme_id,
            centre_id=session.centre_id,
            date_debut=session.date_debut,
        )
        .order_by("pk")
    )


@transaction.atomic
def ouvrir_session(
    session_id: int, *, scope: int | None, par=None, request=None, notifier: bool = True
) -> Session:
    """Open a session: in person only with 8 advisors starting that day in that centre,
    else remote with the reason recorded and sent to each learner and structure."""
    qs = Session.objects.filter(pk=session_id)
    if scope is not None:
        qs = qs.filter(organisme_id=scope)
    session = qs.first()
    if session is None:
        raise ActionImpossible("Cette session n’existe pas ou n’est pas la vôtre.")
    # The whole day at once, in pk order: two openings of that day cannot deadlock.
    session = next(s for s in _jour_verrouille(session) if s.pk == session.pk)
    if session.statut == Session.Statut.OUVERTE:
        raise ActionImpossible("Cette session est déjà ouverte.")
    apprenants = list(
        Apprenant.objects.select_for_update(of=("self",))
        .select_related("mise_en_relation__candidat__utilisateur", "mise_en_relation__structure")
        .filter(session=session, etat=R.INSCRIT)
        .order_by("pk")
    )
    if not apprenants:
        raise ActionImpossible("Aucun apprenant n’est inscrit : la session ne peut pas ouvrir.")
    if session.centre_id is None:
        meme_jour = len(apprenants)
        centre = None
    else:
        meme_jour = Apprenant.objects.filter(
            session__organisme_id=session.organisme_id,
            session__centre_id=session.centre_id,
            session__date_debut=session.date_debut,
            etat__in=[R.INSCRIT, R.EN_FORMATION],
        ).count()
        centre = session.centre.commune.nom
    decision = R.mode_session(centre, session.date_debut, meme_jour)
    session.statut = Session.Statut.OUVERTE
    session.mode = decision.mode
    session.explication = decision.explication
    session.ouverte_le = timezone.now()
    session.save()
    for apprenant in apprenants:
        _changer(apprenant, R.EN_FORMATION)
        apprenant.date_entree_formation = session.date_debut
        _enregistrer(apprenant)
        if notifier:
            _prevenir(apprenant, "Votre formation commence", "ouverture", session=session)
    _journaliser(
        "formation.session_ouverte",
        f"{session} ouverte {session.get_mode_display().lower()} : {decision.explication}",
        session,
        par=par,
        request=request,
        mode=decision.mode,
        inscrits_meme_jour=meme_jour,
        apprenants=[a.pk for a in apprenants],
    )
    return session


@transaction.atomic
def enregistrer_presences(
    session_id: int, jour: date, presents: set[int], *, scope: int | None, par=None, request=None
) -> int:
    """Attendance of one day: every learner of the open session, present or not."""
    session = _verrouiller_session(session_id, scope)
    if session.statut != Session.Statut.OUVERTE:
        raise ActionImpossible("L’émargement commence à l’ouverture de la session.")
    if jour < session.date_debut or jour > timezone.localdate():
        raise ActionImpossible("Ce jour n’est pas un jour de la session passé ou présent.")
    apprenants = list(session.apprenants.filter(etat=R.EN_FORMATION).order_by("pk"))
    for a in apprenants:
        Presence.objects.update_or_create(
            apprenant=a, jour=jour, defaults={"present": a.pk in presents}
        )
    _journaliser(
        "formation.emargement",
        f"Émargement du {jour:%d/%m/%Y} de la {session}",
        session,
        par=par,
        request=request,
        presents=sorted(p for p in presents if p in {a.pk for a in apprenants}),
        absents=sorted(a.pk for a in apprenants if a.pk not in presents),
    )
    return len(apprenants)


# --- End of training and results --------------------------------------------------------------


@transaction.atomic
def valider_formation(
    apprenant_id: int, *, scope: int | None, le: date, par=None, request=None, notifier: bool = True
) -> Apprenant:
    """The initial training is validated: the advisor takes up the post that day [003]."""
    apprenant = _verrouiller(apprenant_id, scope)
    de = _changer(apprenant, R.FORME)
    if le < apprenant.date_entree_formation:
        raise ActionImpossible("La sortie de formation ne peut pas précéder l’entrée.")
    if le > timezone.localdate():
        raise ActionImpossible("La date de validation ne peut pas être dans le futur.")
    apprenant.date_sortie_formation = le
    apprenant.date_prise_poste = le
    _enregistrer(apprenant)
    _journaliser(
        "formation.validation",
        f"Formation initiale de {apprenant.nom} validée : prise de poste le {le:%d/%m/%Y}",
        apprenant,
        par=par,
        request=request,
        de=de,
    )
    if notifier:
        _prevenir(apprenant, "Formation initiale validée", "validation")
    return apprenant


@transaction.atomic
def enregistrer_resultats(
    apprenant_id: int,
    *,
    scope: int | None,
    ccp1_admis: bool | None = None,
    date_ccp1: date | None = None,
    pix: bool | None = None,
    date_pix: date | None = None,
    par=None,
    request=None,
) -> Apprenant:
    """CCP1 jury and PIX certification results, once the learner has started training."""
    apprenant = _verrouiller(apprenant_id, scope)
    if apprenant.etat not in (R.EN_FORMATION, R.FORME):
        raise ActionImpossible("Les résultats s’enregistrent pour un apprenant entré en formation.")
    aujourd_hui = timezone.localdate()
    for valeur, jour, nom in ((ccp1_admis, date_ccp1, "du jury CCP1"), (pix, date_pix, "Pix")):
        if valeur is not None and (jour is None or jour > aujourd_hui):
            raise ActionImpossible(f"Indiquez la date {nom}, passée ou du jour.")
    if ccp1_admis is None and pix is None:
        raise ActionImpossible("Indiquez au moins un résultat.")
    if ccp1_admis is not None:
        apprenant.ccp1_admis, apprenant.date_ccp1 = ccp1_admis, date_ccp1
    if pix is not None:
        apprenant.certification_pix, apprenant.date_pix = pix, date_pix
    _enregistrer(apprenant)
    _journaliser(
        "formation.resultats",
        f"Résultats de {apprenant.nom} enregistrés",
        apprenant,
        par=par,
        request=request,
        ccp1=ccp1_admis,
        pix=pix,
    )
    return apprenant


@transaction.atomic
def declarer_abandon(
    apprenant_id: int,
    *,
    scope: int | None,
    motif: str,
    par=None,
    request=None,
    notifier: bool = True,
) -> Apprenant:
    apprenant = _verrouiller(apprenant_id, scope)
    if not motif.strip():
        raise ActionImpossible("Indiquez le motif de l’abandon.")
    de = _changer(apprenant, R.ABANDON)
    apprenant.motif_abandon = motif.strip()[:200]
    _enregistrer(apprenant)
    _journaliser(
        "formation.abandon",
        f"Abandon de formation de {apprenant.nom}",
        apprenant,
        par=par,
        request=request,
        de=de,
        motif=apprenant.motif_abandon,
    )
    if notifier:
        _prevenir(apprenant, "Abandon de formation", "abandon")
    return apprenant


# --- Continuing training ----------------------------------------------------------------------


@transaction.atomic
def enregistrer_module(
    apprenant_id: int,
    *,
    scope: int | None,
    type_module: str,
    le: date,
    heures: int,
    code: str = "",
    presentiel: bool = False,
    ville: str = "",
    par=None,
    request=None,
) -> ModuleSuivi:
    """A module completed by an advisor in post (or a coordinator)."""
    apprenant = _verrouiller(apprenant_id, scope)
    if apprenant.etat not in R.EN_POSTE:
        raise ActionImpossible(
            "Les modules de formation continue concernent les conseillers en poste."
        )
    erreur = R.erreur_module(
        type_module,
        coordinateur=apprenant.coordinateur,
        code=code,
        heures=heures,
        presentiel=presentiel,
        ville=ville,
    )
    if erreur:
        raise ActionImpossible(erreur)
    if le > timezone.localdate():
        raise ActionImpossible("La date de fin du module ne peut pas être dans le futur.")
    try:
        with transaction.atomic():
            module = ModuleSuivi.objects.create(
                apprenant=apprenant,
                type_module=type_module,
                code=code if type_module == R.THEMATIQUE else "",
                heures=heures,
                date=le,
                presentiel=presentiel,
                ville=ville,
            )
    except IntegrityError:
        raise ActionImpossible("Ce module est déjà enregistré à cette date.") from None
    _journaliser(
        "formation.module",
        f"{module} suivi par {apprenant.nom} le {le:%d/%m/%Y}",
        apprenant,
        par=par,
        request=request,
        type=type_module,
        code=code,
        heures=heures,
    )
    return module
