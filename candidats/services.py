"""Every change to a candidate: one function per business action, one audit event each.

Files follow the database: a new CV is written before the row that names it and removed if
the transaction fails; an old or deleted CV is removed only once the transaction commits,
so that a rollback never leaves a row pointing to a missing file.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptes.jetons import jeton_verification
from comptes.journal import journaliser
from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from comptes.services import ActionImpossible, prevenir_inscription_existante
from noyau import courriels

from . import rules
from .models import Candidat, TelechargementCV
from .stockage import stockage_prive

__all__ = ["ActionImpossible"]

journal = logging.getLogger(__name__)

# Model fields a candidate fills in (sign-up and edit forms).
CHAMPS_PROFIL = [
    "sexe",
    "date_naissance",
    "commune",
    "distance_max",
    "disponible_le",
    *rules.CHAMPS_SITUATION,
    "nom_diplome_med_num",
    "motivation",
]


def retention_cv_mois() -> int:
    return getattr(settings, "CANDIDATS_RETENTION_CV_MOIS", rules.RETENTION_CV_MOIS)


# --- Files ------------------------------------------------------------------------------
@contextmanager
def _fichiers_annules_si_echec():
    """Collects the names of files written in the block; removes them if the block fails."""
    ecrits: list[str] = []
    try:
        yield ecrits
    except BaseException:
        for nom in ecrits:
            stockage_prive().delete(nom)
        raise


def _supprimer_apres_validation(nom: str) -> None:
    if nom:
        transaction.on_commit(lambda: _supprimer_fichier(nom))


def _supprimer_fichier(nom: str) -> None:
    try:
        stockage_prive().delete(nom)
    except OSError:
        # The row no longer names it; a leftover file is harmless and logged for the ops.
        journal.warning("CV %s non supprimé du stockage", nom, exc_info=True)


def _poser_cv(candidat: Candidat, fichier, ecrits: list[str]) -> None:
    candidat.cv.save(fichier.name, fichier, save=False)
    ecrits.append(candidat.cv.name)
    candidat.cv_depose_le = timezone.now()


def _verrouiller(candidat_id: int) -> Candidat:
    candidat = (
        Candidat.objects.select_for_update(of=("self",))
        .select_related("utilisateur")
        .get(pk=candidat_id)
    )
    if candidat.est_supprime:
        raise ActionImpossible("Ce compte candidat a été supprimé.")
    return candidat


# --- Sign-up -------------------------------------------------------------------------------
def envoyer_confirmation_candidat(utilisateur: Utilisateur) -> None:
    """The candidate's own confirmation e-mail (same signed link as comptes')."""
    lien = settings.SITE_URL + reverse(
        "comptes:verifier_email", args=[jeton_verification(utilisateur)]
    )
    courriels.envoyer(
        utilisateur.email,
        "Confirmez votre inscription au vivier des conseillers numériques",
        "candidats/courriels/inscription",
        {"utilisateur": utilisateur, "lien": lien},
    )


def _nouveau_profil(utilisateur, profil: dict, cv, ecrits: list[str]) -> Candidat:
    maintenant = timezone.now()
    candidat = Candidat(
        utilisateur=utilisateur,
        consentement_le=maintenant,
        statut_modifie_le=maintenant,
        cree_le=maintenant,
        **{champ: profil[champ] for champ in CHAMPS_PROFIL},
    )
    if cv is not None:
        _poser_cv(candidat, cv, ecrits)
    candidat.save()
    Habilitation.objects.get_or_create(
        utilisateur=utilisateur,
        role=Role.CANDIDAT,
        departement=None,
        region=None,
        structure=None,
        reseau=None,
        organisme=None,
        defaults={"active": True},
    )
    return candidat


def inscrire_candidat(
    *,
    email: str,
    prenom: str,
    nom: str,
    telephone: str,
    mot_de_passe: str,
    profil: dict,
    cv=None,
    request=None,
) -> Candidat | None:
    """Public sign-up: an inactive account, its candidate profile and role, one e-mail.

    The account stays inactive until the address is confirmed through the e-mailed link.
    An address that already has an account creates nothing and returns None: the page
    answers the same, and the owner is told by e-mail.
    """
    with _fichiers_annules_si_echec() as ecrits, transaction.atomic():
        try:
            with transaction.atomic():
                utilisateur = Utilisateur.objects.create_user(
                    email=email.strip().lower(),
                    password=mot_de_passe,
                    prenom=prenom.strip(),
                    nom=nom.strip(),
                    telephone=telephone.strip(),
                    is_active=False,
                )
        except IntegrityError:
            # The address has an account: answered like a new one, its owner told.
            prevenir_inscription_existante(
                email,
                demarche="l’inscription au vivier des candidats conseillers numériques",
                request=request,
            )
            return None
        candidat = _nouveau_profil(utilisateur, profil, cv, ecrits)
        envoyer_confirmation_candidat(utilisateur)
        journaliser(
            "candidat.inscription",
            f"Inscription au vivier du candidat n° {candidat.pk}",
            acteur=utilisateur,
            cible=candidat,
            role=Role.CANDIDAT,
            details={"departement": candidat.departement_id, "cv": bool(candidat.cv)},
            request=request,
        )
    return candidat


def creer_profil(utilisateur: Utilisateur, *, profil: dict, cv=None, request=None) -> Candidat:
    """A logged-in person (an account without a candidate profile) joins the pool."""
    with _fichiers_annules_si_echec() as ecrits, transaction.atomic():
        Utilisateur.objects.select_for_update().get(pk=utilisateur.pk)
        if Candidat.objects.filter(utilisateur=utilisateur).exists():
            raise ActionImpossible("Vous avez déjà un profil de candidat.")
        candidat = _nouveau_profil(utilisateur, profil, cv, ecrits)
        journaliser(
            "candidat.inscription",
            f"Inscription au vivier du candidat n° {candidat.pk}",
            acteur=utilisateur,
            cible=candidat,
            role=Role.CANDIDAT,
            details={"departement": candidat.departement_id, "cv": bool(candidat.cv)},
            request=request,
        )
    return candidat


# --- The candidate's space -----------------------------------------------------------------
@transaction.atomic
def modifier_profil(
    candidat_id: int, *, prenom: str, nom: str, telephone: str, profil: dict, request=None
) -> Candidat:
    candidat = _verrouiller(candidat_id)
    utilisateur = candidat.utilisateur
    modifies = []
    for champ, valeur in (("prenom", prenom), ("nom", nom), ("telephone", telephone)):
        if getattr(utilisateur, champ) != valeur.strip():
            setattr(utilisateur, champ, valeur.strip())
            modifies.append(champ)
    utilisateur.save(update_fields=["prenom", "nom", "telephone"])
    for champ in CHAMPS_PROFIL:
        if getattr(candidat, champ) != profil[champ]:
            setattr(candidat, champ, profil[champ])
            modifies.append(champ)
    candidat.save()
    journaliser(
        "candidat.modification",
        f"Le candidat n° {candidat.pk} a modifié son profil",
        acteur=utilisateur,
        cible=candidat,
        details={"champs": modifies},
        request=request,
    )
    return candidat


def _changer_statut(candidat_id: int, vers: str, action: str, description: str, request):
    candidat = _verrouiller(candidat_id)
    if candidat.statut == vers:
        return candidat  # a double click: already done
    if not rules.transition_permise(candidat.statut, vers):
        raise ActionImpossible(
            f"Impossible : votre candidature est « {candidat.get_statut_display()} »."
        )
    ancien = candidat.statut
    candidat.statut = vers
    candidat.statut_modifie_le = timezone.now()
    candidat.save(update_fields=["statut", "statut_modifie_le", "modifie_le"])
    journaliser(
        action,
        description.format(pk=candidat.pk),
        acteur=candidat.utilisateur,
        cible=candidat,
        details={"de": ancien, "vers": vers},
        request=request,
    )
    return candidat


@transaction.atomic
def mettre_en_pause(candidat_id: int, *, request=None) -> Candidat:
    """ "Je ne suis plus disponible": structures will no longer be offered this candidate."""
    return _changer_statut(
        candidat_id,
        Candidat.Statut.NON_DISPONIBLE,
        "candidat.pause",
        "Le candidat n° {pk} s’est déclaré plus disponible",
        request,
    )


@transaction.atomic
def reprendre(candidat_id: int, *, request=None) -> Candidat:
    return _changer_statut(
        candidat_id,
        Candidat.Statut.DISPONIBLE,
        "candidat.reprise",
        "Le candidat n° {pk} s’est déclaré de nouveau disponible",
        request,
    )


def remplacer_cv(candidat_id: int, fichier, *, request=None) -> Candidat:
    with _fichiers_annules_si_echec() as ecrits, transaction.atomic():
        candidat = _verrouiller(candidat_id)
        ancien = candidat.cv.name
        _poser_cv(candidat, fichier, ecrits)
        candidat.save(update_fields=["cv", "cv_depose_le", "modifie_le"])
        _supprimer_apres_validation(ancien)
        journaliser(
            "candidat.cv_depose",
            f"Le candidat n° {candidat.pk} a {'remplacé' if ancien else 'déposé'} son CV",
            acteur=candidat.utilisateur,
            cible=candidat,
            request=request,
        )
    return candidat


@transaction.atomic
def supprimer_cv(candidat_id: int, *, request=None) -> Candidat:
    candidat = _verrouiller(candidat_id)
    if not candidat.cv:
        return candidat
    _supprimer_apres_validation(candidat.cv.name)
    candidat.cv = ""
    candidat.cv_depose_le = None
    candidat.save(update_fields=["cv", "cv_depose_le", "modifie_le"])
    journaliser(
        "candidat.cv_supprime",
        f"Le candidat n° {candidat.pk} a supprimé son CV",
        acteur=candidat.utilisateur,
        cible=candidat,
        request=request,
    )
    return candidat


@transaction.atomic
def partager_pix(candidat_id: int, *, score: int, niveaux: dict[str, int], request=None):
    erreurs = rules.erreurs_pix(score, niveaux)
    if erreurs:
        raise ActionImpossible(next(iter(erreurs.values())))
    candidat = _verrouiller(candidat_id)
    candidat.pix_score = score
    candidat.pix_niveaux = {code: niveaux[code] for code, _ in rules.DOMAINES_PIX}
    candidat.pix_partage_le = timezone.now()
    candidat.save(update_fields=["pix_score", "pix_niveaux", "pix_partage_le", "modifie_le"])
    journaliser(
        "candidat.pix_partage",
        f"Le candidat n° {candidat.pk} partage ses résultats Pix",
        acteur=candidat.utilisateur,
        cible=candidat,
        request=request,
    )
    return candidat


@transaction.atomic
def retirer_pix(candidat_id: int, *, request=None) -> Candidat:
    """Stop sharing: the results are erased, not merely hidden."""
    candidat = _verrouiller(candidat_id)
    if not candidat.pix_partage:
        return candidat
    candidat.pix_score = None
    candidat.pix_niveaux = {}
    candidat.pix_partage_le = None
    candidat.save(update_fields=["pix_score", "pix_niveaux", "pix_partage_le", "modifie_le"])
    journaliser(
        "candidat.pix_retire",
        f"Le candidat n° {candidat.pk} ne partage plus ses résultats Pix",
        acteur=candidat.utilisateur,
        cible=candidat,
        request=request,
    )
    return candidat


def exporter_donnees(candidat: Candidat, *, request=None) -> dict:
    """The candidate downloads their data (GDPR portability); the download is logged."""
    from .selectors import donnees_personnelles

    donnees = donnees_personnelles(candidat)
    journaliser(
        "candidat.export_donnees",
        f"Le candidat n° {candidat.pk} a téléchargé ses données",
        acteur=candidat.utilisateur,
        cible=candidat,
        request=request,
    )
    return donnees


# --- CV downloads -------------------------------------------------------------------------------
def enregistrer_telechargement_cv(candidat: Candidat, perimetre) -> None:
    """Record that someone else than the candidate downloads her CV (she sees it in her
    space). Who may download is decided before, by ``selectors.cv_for_user``."""
    if perimetre.utilisateur_id == candidat.utilisateur_id:
        return
    TelechargementCV.objects.create(
        candidat=candidat,
        par_id=perimetre.utilisateur_id,
        role=perimetre.role,
        structure_id=perimetre.structure_id if perimetre.role == Role.STRUCTURE else None,
    )


# --- Deletion ---------------------------------------------------------------------------------
@transaction.atomic
def supprimer_compte(candidat_id: int, *, motif: str, request=None) -> Candidat:
    """Delete a candidate account (GDPR): personal data goes, statistics stay.

    Kept: sex, five-year birth band, département, travel distance, situation flags,
    availability, status, dates, consent date and the reason. Removed: CV file, birth date,
    commune, motivation, diploma name, PIX results; the account loses its names, phone and
    password, its address becomes a placeholder and it is deactivated. When the account also
    holds another role (a structure manager, an agent…), only the candidate profile and role
    are removed: the account itself is still needed.

    Two simultaneous requests: the row lock lets the first through; the second is told the
    account is already deleted.
    """
    if motif not in Candidat.MotifSuppression.values:
        raise ActionImpossible("Choisissez le motif de la suppression.")
    candidat = _verrouiller(candidat_id)
    utilisateur = Utilisateur.objects.select_for_update().get(pk=candidat.utilisateur_id)
    autres_roles = utilisateur.habilitations.filter(active=True).exclude(role=Role.CANDIDAT)
    compte_anonymise = not autres_roles.exists()
    if compte_anonymise:
        # Her pending e-mails go with her address; only the farewell below still leaves,
        # and its outbox row is deleted once sent.
        courriels.oublier(utilisateur.email)
    courriels.envoyer(
        utilisateur.email,
        "Votre compte candidat est supprimé",
        "candidats/courriels/compte_supprime",
        {"prenom": utilisateur.prenom},
    )
    _supprimer_apres_validation(candidat.cv.name)
    maintenant = timezone.now()
    candidat.supprime_le = maintenant
    candidat.motif_suppression = motif
    candidat.date_naissance = None
    candidat.commune = None
    candidat.motivation = ""
    candidat.nom_diplome_med_num = ""
    candidat.cv = ""
    candidat.cv_depose_le = None
    candidat.pix_score = None
    candidat.pix_niveaux = {}
    candidat.pix_partage_le = None
    candidat.save()
    candidat.telechargements_cv.all().delete()  # who downloaded her CV: hers, gone with her

    utilisateur.habilitations.filter(role=Role.CANDIDAT).update(active=False)
    if compte_anonymise:
        utilisateur.email = rules.email_anonyme(utilisateur.pk)
        utilisateur.prenom = ""
        utilisateur.nom = ""
        utilisateur.telephone = ""
        utilisateur.is_active = False
        utilisateur.set_unusable_password()
        utilisateur.save(
            update_fields=["email", "prenom", "nom", "telephone", "is_active", "password"]
        )
    journaliser(
        "candidat.suppression",
        f"Suppression du compte du candidat n° {candidat.pk} "
        f"({candidat.get_motif_suppression_display()})",
        acteur=utilisateur,
        cible=candidat,
        role=Role.CANDIDAT,
        details={"motif": motif, "compte_anonymise": compte_anonymise},
        request=request,
    )
    return candidat


# --- CV retention -------------------------------------------------------------------------------
def cv_a_purger(maintenant: datetime | None = None, mois: int | None = None):
    """Candidates whose CV has outlived the retention period (read only)."""
    limite = rules.limite_retention_cv(
        maintenant or timezone.now(), mois if mois is not None else retention_cv_mois()
    )
    return Candidat.objects.exclude(cv="").filter(cv_depose_le__lt=limite).order_by("pk")


def purger_cv(
    *, maintenant: datetime | None = None, mois: int | None = None, executer: bool = False
) -> list[tuple[int, datetime]]:
    """Delete the CVs older than the retention period; returns (candidate, upload date).

    Without ``executer`` nothing changes: the list says what would be deleted. Idempotent:
    a second run finds nothing left. Each CV is handled in its own short transaction; rows
    locked by a candidate's request at that moment are skipped and caught by the next run.
    """
    maintenant = maintenant or timezone.now()
    mois = mois if mois is not None else retention_cv_mois()
    a_purger = list(cv_a_purger(maintenant, mois).values_list("pk", "cv_depose_le"))
    if not executer:
        return a_purger
    limite = rules.limite_retention_cv(maintenant, mois)
    purges = []
    for pk, _ in a_purger:
        with transaction.atomic():
            candidat = (
                Candidat.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("utilisateur")
                .exclude(cv="")
                .filter(pk=pk, cv_depose_le__lt=limite)
                .first()
            )
            if candidat is None:
                continue
            purges.append((candidat.pk, candidat.cv_depose_le))
            _supprimer_apres_validation(candidat.cv.name)
            depose_le = candidat.cv_depose_le
            candidat.cv = ""
            candidat.cv_depose_le = None
            candidat.save(update_fields=["cv", "cv_depose_le", "modifie_le"])
            if candidat.utilisateur.is_active and not candidat.est_supprime:
                courriels.envoyer(
                    candidat.utilisateur.email,
                    "Votre CV a été supprimé",
                    "candidats/courriels/cv_supprime",
                    {
                        "prenom": candidat.utilisateur.prenom,
                        "depose_le": depose_le,
                        "mois": mois,
                        "lien": settings.SITE_URL + reverse("candidats:cv_deposer"),
                    },
                )
            journaliser(
                "candidat.cv_purge",
                f"CV du candidat n° {candidat.pk} supprimé après {mois} mois de conservation",
                cible=candidat,
                details={"depose_le": depose_le.isoformat(), "retention_mois": mois},
            )
    return purges
