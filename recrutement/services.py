"""Every change to a mise en relation: one function per business action, one transaction,
one audit event, one history row per status change.

Locks, always in this order: the candidate, then the structure, then the link, then the
post. Two structures validating the same candidate at once queue on the candidate's row;
two validations in one structure queue on the structure's row, so the second sees the post
the first took. The partial unique indexes of ``models`` hold even if a path forgets a
lock: an IntegrityError there is turned into the same French message.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from candidats import rules as regles_candidats
from candidats.models import Candidat
from comptes.journal import journaliser
from comptes.models import Utilisateur
from comptes.roles import Role
from comptes.services import ActionImpossible
from conventions import contrats
from conventions.choix import EtatPoste, TypePoste
from conventions.models import Poste
from conventions.notifications import ecrire_a_la_structure
from noyau import courriels
from structures.models import Structure

from . import rules, selectors
from .models import DossierSubvention, HistoriqueMiseEnRelation, MiseEnRelation, RappelRecrutement
from .signaux import recrutement_finalise

R = rules

__all__ = ["ActionImpossible", "ContratInvalide"]


class ContratInvalide(ActionImpossible):
    """The planned contract breaks a rule; ``erreurs`` is keyed by form field."""

    def __init__(self, erreurs: dict[str, str]):
        super().__init__(next(iter(erreurs.values())))
        self.erreurs = erreurs


MESSAGE_RECRUTE_AILLEURS = "Ce candidat est déjà recruté par une autre structure."


# --- Building blocks ----------------------------------------------------------------------------


def _changer(
    mer: MiseEnRelation, vers: str, *, acteur: str, par=None, motif: str = "", le=None
) -> str:
    """Move a locked (or new) link along the transition table, with its history row."""
    de = mer.statut if mer.pk else R.CREATION
    try:
        R.verifier_transition(de, vers, acteur)
    except R.TransitionInterdite as erreur:
        raise ActionImpossible(str(erreur)) from None
    le = le or timezone.now()
    mer.statut = vers
    mer.statut_modifie_le = le
    if vers != R.NOUVELLE_RUPTURE:
        mer.pieces_rupture_manquantes = ""  # only a rupture waiting for validation holds any
    try:
        with transaction.atomic():
            mer.save()
    except IntegrityError as erreur:
        raise ActionImpossible(_message_integrite(erreur)) from None
    HistoriqueMiseEnRelation.objects.create(
        mise_en_relation=mer, de=de, vers=vers, le=le, par=par, acteur=acteur, motif=motif
    )
    return de


def _message_integrite(erreur: IntegrityError) -> str:
    texte = str(erreur)
    if "mer_un_recrutement_par_candidat" in texte:
        return MESSAGE_RECRUTE_AILLEURS
    if "mer_un_recrutement_par_poste" in texte:
        return "Ce poste vient d’être pourvu : aucun autre poste n’est libre."
    if "mer_une_vivante_par_candidat_et_structure" in texte:
        return "Ce candidat est déjà en relation avec votre structure."
    raise erreur


def _verrouiller_candidat(candidat_id: int) -> Candidat:
    try:
        candidat = (
            Candidat.objects.select_for_update(of=("self",))
            .select_related("utilisateur", "commune")
            .get(pk=candidat_id)
        )
    except Candidat.DoesNotExist:
        raise ActionImpossible("Ce candidat n’existe pas.") from None
    if candidat.est_supprime or candidat.utilisateur.email_verifie_le is None:
        raise ActionImpossible("Ce candidat n’est plus inscrit sur la plateforme.")
    return candidat


def _verrouiller_structure(structure_id: int) -> Structure:
    return (
        Structure.objects.select_for_update(of=("self",))
        .select_related("commune", "departement")
        .get(pk=structure_id)
    )


def _lien_vivant_verrouille(structure_id: int, candidat_id: int) -> MiseEnRelation | None:
    return (
        MiseEnRelation.objects.select_for_update()
        .filter(structure_id=structure_id, candidat_id=candidat_id)
        .exclude(statut__in=R.CLOS | {R.RENOUVELLEMENT_INITIEE})
        .first()
    )


def _verrouiller_lien(mise_en_relation_id: int) -> MiseEnRelation:
    try:
        return (
            MiseEnRelation.objects.select_for_update(of=("self",))
            .select_related("candidat__utilisateur", "structure")
            .get(pk=mise_en_relation_id)
        )
    except MiseEnRelation.DoesNotExist:
        raise ActionImpossible("Cette mise en relation n’existe pas.") from None


def _recrute_ailleurs(candidat_id: int, structure_id: int) -> bool:
    return (
        MiseEnRelation.objects.filter(candidat_id=candidat_id, statut__in=R.RECRUTES)
        .exclude(structure_id=structure_id)
        .exists()
    )


def _exiger_structure_active(structure: Structure) -> None:
    if not selectors.structure_active(structure):
        raise ActionImpossible(
            "Votre structure n’a pas de poste attribué : elle pourra recruter une fois ses "
            "postes attribués par le comité de sélection."
        )


def gestionnaires(structure: Structure) -> list[str]:
    """E-mail addresses of the structure's managers (its declared contact if none)."""
    adresses = list(
        Utilisateur.objects.filter(
            habilitations__role=Role.STRUCTURE,
            habilitations__structure=structure,
            habilitations__active=True,
            is_active=True,
        )
        .order_by("pk")
        .values_list("email", flat=True)
        .distinct()
    )
    if not adresses and structure.contact_email:
        adresses = [structure.contact_email]
    return adresses


def _lien_espace_candidat() -> str:
    return settings.SITE_URL + reverse("candidats:espace")


def _lien_espace_structure() -> str:
    return settings.SITE_URL + reverse("recrutement:espace")


def _ecrire_au_candidat(mer: MiseEnRelation, sujet: str, gabarit: str, **contexte) -> None:
    utilisateur = mer.candidat.utilisateur
    if not utilisateur.is_active:
        return
    courriels.envoyer(
        utilisateur.email,
        sujet,
        f"recrutement/courriels/{gabarit}",
        {
            "prenom": utilisateur.prenom,
            "structure": mer.structure,
            "mise_en_relation": mer,
            "lien": _lien_espace_candidat(),
            **contexte,
        },
    )


def _journaliser(action: str, description: str, mer: MiseEnRelation, *, par, request, **details):
    journaliser(
        action,
        description,
        acteur=par,
        cible=mer,
        details={
            "mise_en_relation": mer.pk,
            "structure": mer.structure_id,
            "candidat": mer.candidat_id,
            "statut": mer.statut,
            **details,
        },
        request=request,
    )


# --- The structure's decisions on a candidate -------------------------------------------------


def _origine(structure: Structure, candidat: Candidat) -> str:
    o = selectors.offre(structure)
    if selectors.correspondances(o).filter(pk=candidat.pk).exists():
        return MiseEnRelation.Origine.MATCHING
    return MiseEnRelation.Origine.VIVIER


@transaction.atomic
def preselectionner(
    *,
    structure: Structure,
    candidat_id: int,
    par=None,
    origine: str | None = None,
    notifier: bool = True,
    request=None,
) -> MiseEnRelation:
    """The structure is interested (pre-selects): the candidate learns it by e-mail and the
    structure now sees their contact details. A second click changes nothing."""
    candidat = _verrouiller_candidat(candidat_id)
    structure = _verrouiller_structure(structure.pk)
    _exiger_structure_active(structure)
    mer = _lien_vivant_verrouille(structure.pk, candidat.pk)
    if mer is not None and mer.statut == R.INTERESSEE:
        return mer
    if _recrute_ailleurs(candidat.pk, structure.pk):
        raise ActionImpossible(MESSAGE_RECRUTE_AILLEURS)
    if mer is None:
        propre = origine == MiseEnRelation.Origine.STRUCTURE
        if not propre and candidat.statut != Candidat.Statut.DISPONIBLE:
            raise ActionImpossible("Ce candidat a mis sa candidature en pause.")
        mer = MiseEnRelation(
            candidat=candidat,
            structure=structure,
            origine=origine or _origine(structure, candidat),
            cree_par=par,
        )
    de = _changer(mer, R.INTERESSEE, acteur=R.STRUCTURE, par=par)
    if notifier:
        _ecrire_au_candidat(
            mer,
            f"{structure.nom} s’intéresse à votre candidature",
            "candidat_interesse",
        )
    _journaliser(
        "recrutement.preselection",
        f"{structure.nom} présélectionne le candidat n° {candidat.pk}",
        mer,
        par=par,
        request=request,
        de=de,
        origine=mer.origine,
    )
    return mer


@transaction.atomic
def ne_pas_retenir(
    *, structure: Structure, candidat_id: int, par=None, motif: str = "", request=None
) -> MiseEnRelation:
    """ "Candidat non retenu": the candidate leaves the structure's new candidates."""
    candidat = _verrouiller_candidat(candidat_id)
    structure = _verrouiller_structure(structure.pk)
    _exiger_structure_active(structure)
    mer = _lien_vivant_verrouille(structure.pk, candidat.pk)
    if mer is not None and mer.statut == R.NON_INTERESSEE:
        return mer
    if mer is None:
        mer = MiseEnRelation(
            candidat=candidat,
            structure=structure,
            origine=_origine(structure, candidat),
            cree_par=par,
        )
    de = _changer(mer, R.NON_INTERESSEE, acteur=R.STRUCTURE, par=par, motif=motif)
    _journaliser(
        "recrutement.non_retenu",
        f"{structure.nom} ne retient pas le candidat n° {candidat.pk}",
        mer,
        par=par,
        request=request,
        de=de,
    )
    return mer


@transaction.atomic
def remettre_en_nouvelle(
    *, structure: Structure, candidat_id: int, par=None, request=None
) -> MiseEnRelation:
    """Undo "présélectionné" or "non retenu": back among the new candidates."""
    structure = _verrouiller_structure(structure.pk)
    mer = _lien_vivant_verrouille(structure.pk, candidat_id)
    if mer is None:
        raise ActionImpossible("Ce candidat n’est pas encore en relation avec votre structure.")
    if mer.statut == R.NOUVELLE:
        return mer
    de = _changer(mer, R.NOUVELLE, acteur=R.STRUCTURE, par=par)
    _journaliser(
        "recrutement.remise_en_nouvelle",
        f"{structure.nom} remet le candidat n° {candidat_id} parmi les nouvelles candidatures",
        mer,
        par=par,
        request=request,
        de=de,
    )
    return mer


def trouver_candidat_par_email(email: str) -> Candidat | None:
    """A signed-up, confirmed candidate by e-mail (a structure brings its own candidate)."""
    return (
        Candidat.objects.filter(
            utilisateur__email__iexact=email.strip(),
            utilisateur__email_verifie_le__isnull=False,
            supprime_le__isnull=True,
        )
        .select_related("utilisateur")
        .first()
    )


def ajouter_candidat(
    *, structure: Structure, email: str, par=None, notifier: bool = True, request=None
):
    """The structure brings its own candidate, who must have signed up first [003 étape 3]."""
    candidat = trouver_candidat_par_email(email)
    if candidat is None:
        raise ActionImpossible(
            "Aucun candidat inscrit et confirmé n’a cette adresse. Demandez à la personne de "
            "s’inscrire au vivier des conseillers numériques (et de confirmer son adresse), "
            "puis recommencez."
        )
    return preselectionner(
        structure=structure,
        candidat_id=candidat.pk,
        par=par,
        origine=MiseEnRelation.Origine.STRUCTURE,
        notifier=notifier,
        request=request,
    )


# --- Validating a candidate ---------------------------------------------------------------------


@transaction.atomic
def valider_candidature(
    *,
    structure: Structure,
    candidat_id: int,
    type_contrat: str,
    date_debut: date,
    duree_mois: int | None,
    salaire: Decimal,
    taille_tenue: str,
    fiche_publiee_le: date,
    type_poste: str = TypePoste.CONSEILLER,
    par=None,
    notifier: bool = True,
    request=None,
) -> MiseEnRelation:
    """ "Valider cette candidature" [003 étape 5]: checks a free allocated post and that the
    candidate is not recruited elsewhere, reserves the post, records the planned contract
    and the clothing size, opens the subsidy file for the operator, tells the candidate.

    A double click finds the link already validated and changes nothing.
    """
    candidat = _verrouiller_candidat(candidat_id)
    structure = _verrouiller_structure(structure.pk)
    mer = _lien_vivant_verrouille(structure.pk, candidat.pk)
    if mer is not None and mer.statut == R.RECRUTEE:
        return mer
    if _recrute_ailleurs(candidat.pk, structure.pk):
        raise ActionImpossible(MESSAGE_RECRUTE_AILLEURS)
    if mer is None or mer.statut != R.INTERESSEE:
        raise ActionImpossible(
            "Présélectionnez d’abord ce candidat, puis validez sa candidature après l’entretien."
        )
    if taille_tenue not in MiseEnRelation.TailleTenue.values:
        raise ContratInvalide({"taille_tenue": "Choisissez la taille de la tenue."})
    aujourd_hui = timezone.localdate()
    erreurs = R.erreurs_contrat(
        type_contrat=type_contrat,
        date_debut=date_debut,
        duree_mois=duree_mois,
        salaire=salaire,
        fiche_publiee_le=fiche_publiee_le,
        outre_mer=structure.departement.outre_mer,
        aujourd_hui=aujourd_hui,
    )
    if erreurs:
        raise ContratInvalide(erreurs)
    poste = (
        selectors.postes_libres(structure.pk, type_poste)
        .select_for_update(of=("self",))
        .order_by("recruter_avant", "pk")
        .first()
    )
    if poste is None:
        raise ActionImpossible(
            "Aucun poste attribué n’est libre : tous vos postes sont pourvus ou en cours de "
            "recrutement."
        )
    maintenant = timezone.now()
    mer.poste = poste
    mer.type_contrat = type_contrat
    mer.date_debut_contrat = date_debut
    mer.duree_contrat_mois = None if type_contrat == R.CDI else duree_mois
    mer.date_fin_contrat = R.date_fin_contrat(type_contrat, date_debut, duree_mois)
    mer.salaire_brut_mensuel = salaire
    mer.taille_tenue = taille_tenue
    mer.fiche_poste_publiee_le = fiche_publiee_le
    mer.validee_le = maintenant
    mer.validee_par = par
    _changer(mer, R.RECRUTEE, acteur=R.STRUCTURE, par=par, le=maintenant)
    dossier = DossierSubvention.objects.create(
        mise_en_relation=mer, structure=structure, convention_id=poste.convention_id
    )
    if notifier:
        _ecrire_au_candidat(
            mer,
            f"{structure.nom} a validé votre candidature",
            "candidat_recrute",
        )
    _journaliser(
        "recrutement.validation",
        f"{structure.nom} valide la candidature du candidat n° {candidat.pk} "
        f"({R.LIBELLES_CONTRATS[type_contrat]} à partir du {date_debut:%d/%m/%Y})",
        mer,
        par=par,
        request=request,
        poste=poste.pk,
        dossier_subvention=dossier.pk,
        type_contrat=type_contrat,
        salaire=str(salaire),
    )
    return mer


def _vider_contrat(mer: MiseEnRelation) -> None:
    mer.poste = None
    mer.type_contrat = ""
    mer.date_debut_contrat = None
    mer.duree_contrat_mois = None
    mer.date_fin_contrat = None
    mer.salaire_brut_mensuel = None
    mer.taille_tenue = ""
    mer.fiche_poste_publiee_le = None
    mer.validee_le = None
    mer.validee_par = None


@transaction.atomic
def annuler_validation(
    mise_en_relation_id: int,
    *,
    par=None,
    acteur: str = R.STRUCTURE,
    structure_id: int | None = None,
    motif: str = "",
    request=None,
) -> MiseEnRelation:
    """Withdraw a validated candidature (the structure) or cancel it (the national team):
    back to "présélectionné", the post is free again, the subsidy file is cancelled."""
    mer = _verrouiller_lien(mise_en_relation_id)
    if structure_id is not None and mer.structure_id != structure_id:
        raise ActionImpossible("Cette mise en relation n’est pas celle de votre structure.")
    if mer.statut == R.INTERESSEE:
        return mer
    poste_id = mer.poste_id
    _vider_contrat(mer)
    de = _changer(mer, R.INTERESSEE, acteur=acteur, par=par, motif=motif)
    maintenant = timezone.now()
    DossierSubvention.objects.filter(
        mise_en_relation=mer, statut__in=DossierSubvention.OUVERTS
    ).update(statut=DossierSubvention.Statut.ANNULE, annule_le=maintenant)
    if acteur == R.ANCT:
        courriels.envoyer(
            gestionnaires(mer.structure),
            "Le recrutement que vous aviez validé est annulé",
            "recrutement/courriels/structure_validation_annulee",
            {"structure": mer.structure, "motif": motif, "lien": _lien_espace_structure()},
        )
    _journaliser(
        "recrutement.validation_annulee",
        f"Validation de la candidature du candidat n° {mer.candidat_id} par "
        f"{mer.structure.nom} annulée" + (" par l’équipe nationale" if acteur == R.ANCT else ""),
        mer,
        par=par,
        request=request,
        de=de,
        poste_libere=poste_id,
        motif=motif,
    )
    return mer


def _changer_statut_candidat(candidat: Candidat, vers: str) -> None:
    if candidat.statut == vers:
        return
    if not regles_candidats.transition_permise(candidat.statut, vers):
        raise ActionImpossible(
            f"Le candidat est « {candidat.get_statut_display()} » : impossible de le passer "
            f"« {Candidat.Statut(vers).label} »."
        )
    candidat.statut = vers
    candidat.statut_modifie_le = timezone.now()
    candidat.save(update_fields=["statut", "statut_modifie_le", "modifie_le"])


def _changer_etat_poste(poste_id: int | None, de: str, vers: str) -> None:
    if poste_id is not None:
        Poste.objects.filter(pk=poste_id, etat=de).update(etat=vers)


@transaction.atomic
def finaliser_recrutement(
    mise_en_relation_id: int, *, par=None, notifier: bool = True, request=None
) -> MiseEnRelation:
    """The national team validates the recruitment: the candidate is in post ("finalisée"),
    the post is occupied, the candidate is recruited and their other open links close
    (§2.5: "recruited by another structure")."""
    lien = MiseEnRelation.objects.filter(pk=mise_en_relation_id).values("candidat_id").first()
    if lien is None:
        raise ActionImpossible("Cette mise en relation n’existe pas.")
    candidat = _verrouiller_candidat(lien["candidat_id"])
    mer = _verrouiller_lien(mise_en_relation_id)
    if mer.statut == R.FINALISEE:
        return mer
    maintenant = timezone.now()
    mer.finalisee_le = maintenant
    de = _changer(mer, R.FINALISEE, acteur=R.ANCT, par=par, le=maintenant)
    _changer_etat_poste(mer.poste_id, EtatPoste.VACANT, EtatPoste.OCCUPE)
    _changer_statut_candidat(candidat, Candidat.Statut.RECRUTE)
    autres = (
        MiseEnRelation.objects.select_for_update()
        .filter(candidat=candidat, statut__in=R.AVANT_RECRUTEMENT)
        .exclude(pk=mer.pk)
    )
    fermes = 0
    for autre in autres:
        _changer(
            autre,
            R.FINALISEE_NON_DISPONIBLE,
            acteur=R.SYSTEME,
            motif=f"Recruté par {mer.structure.nom}",
            le=maintenant,
        )
        fermes += 1
    if notifier:
        _ecrire_au_candidat(mer, "Votre recrutement est validé", "candidat_recrutement_valide")
    _journaliser(
        "recrutement.finalisation",
        f"Recrutement du candidat n° {candidat.pk} par {mer.structure.nom} validé",
        mer,
        par=par,
        request=request,
        de=de,
        autres_liens_clos=fermes,
    )
    recrutement_finalise.send(sender=MiseEnRelation, mise_en_relation=mer, par=par)
    return mer


# --- Contract life: rupture, renewal, natural end ------------------------------------------------
# The link's status moves here; the employment contract (conventions.Contrat) follows in the
# same transaction through conventions.contrats.


@transaction.atomic
def declarer_rupture(
    mise_en_relation_id: int,
    *,
    date_rupture: date,
    motif: str,
    structure_id: int | None = None,
    par=None,
    request=None,
) -> MiseEnRelation:
    mer = _verrouiller_lien(mise_en_relation_id)
    if structure_id is not None and mer.structure_id != structure_id:
        raise ActionImpossible("Cette mise en relation n’est pas celle de votre structure.")
    if mer.statut == R.NOUVELLE_RUPTURE:
        return mer
    if motif not in MiseEnRelation.MotifRupture.values:
        raise ActionImpossible("Choisissez le motif de la rupture.")
    if mer.date_debut_contrat is not None:
        erreur = R.erreur_date_rupture(date_rupture, mer.date_debut_contrat, mer.date_fin_contrat)
        if erreur:
            raise ActionImpossible(erreur)
    mer.date_rupture = date_rupture
    mer.motif_rupture = motif
    de = _changer(mer, R.NOUVELLE_RUPTURE, acteur=R.STRUCTURE, par=par)
    _journaliser(
        "recrutement.rupture_declaree",
        f"{mer.structure.nom} déclare la rupture du contrat du candidat n° {mer.candidat_id} "
        f"au {date_rupture:%d/%m/%Y}",
        mer,
        par=par,
        request=request,
        de=de,
        motif=motif,
    )
    return mer


@transaction.atomic
def annuler_rupture(
    mise_en_relation_id: int, *, structure_id: int | None = None, par=None, request=None
) -> MiseEnRelation:
    mer = _verrouiller_lien(mise_en_relation_id)
    if structure_id is not None and mer.structure_id != structure_id:
        raise ActionImpossible("Cette mise en relation n’est pas celle de votre structure.")
    if mer.statut == R.FINALISEE:
        return mer
    mer.date_rupture = None
    mer.motif_rupture = ""
    de = _changer(mer, R.FINALISEE, acteur=R.STRUCTURE, par=par)
    _journaliser(
        "recrutement.rupture_annulee",
        f"{mer.structure.nom} annule la rupture du contrat du candidat n° {mer.candidat_id}",
        mer,
        par=par,
        request=request,
        de=de,
    )
    return mer


@transaction.atomic
def demander_pieces_rupture(
    mise_en_relation_id: int, *, pieces: str, par=None, request=None
) -> MiseEnRelation:
    """The national team holds a declared rupture until the structure sends what is missing
    (signed letter, end-of-contract certificate…): the structure is told what."""
    pieces = (pieces or "").strip()
    if len(pieces) < 5:
        raise ActionImpossible("Indiquez les pièces qui manquent au dossier de rupture.")
    mer = _verrouiller_lien(mise_en_relation_id)
    if mer.statut != R.NOUVELLE_RUPTURE:
        raise ActionImpossible("Aucune rupture déclarée n’attend de validation sur ce contrat.")
    if mer.pieces_rupture_manquantes == pieces:
        return mer
    mer.pieces_rupture_manquantes = pieces
    mer.save(update_fields=["pieces_rupture_manquantes"])
    ecrire_a_la_structure(
        mer.structure,
        "Pièces manquantes au dossier de rupture",
        "pieces_rupture",
        mer=mer,
        pieces=pieces,
    )
    _journaliser(
        "recrutement.rupture_pieces_demandees",
        f"Pièces demandées pour la rupture du contrat du candidat n° {mer.candidat_id}",
        mer,
        par=par,
        request=request,
        pieces=pieces,
    )
    return mer


@transaction.atomic
def completer_dossier_rupture(mise_en_relation_id: int, *, par=None, request=None):
    """The pieces arrived: the rupture can be validated."""
    mer = _verrouiller_lien(mise_en_relation_id)
    if not mer.pieces_rupture_manquantes:
        return mer
    mer.pieces_rupture_manquantes = ""
    mer.save(update_fields=["pieces_rupture_manquantes"])
    _journaliser(
        "recrutement.rupture_dossier_complet",
        f"Dossier de rupture du contrat du candidat n° {mer.candidat_id} complet",
        mer,
        par=par,
        request=request,
    )
    return mer


@transaction.atomic
def valider_rupture(mise_en_relation_id: int, *, par=None, request=None) -> MiseEnRelation:
    """The national team validates a rupture: the post is vacant again and the person goes
    back to the pool, as a former advisor ("déjà formé")."""
    lien = MiseEnRelation.objects.filter(pk=mise_en_relation_id).values("candidat_id").first()
    if lien is None:
        raise ActionImpossible("Cette mise en relation n’existe pas.")
    candidat = _verrouiller_candidat(lien["candidat_id"])
    mer = _verrouiller_lien(mise_en_relation_id)
    if mer.statut == R.FINALISEE_RUPTURE:
        return mer
    if MiseEnRelation.objects.filter(renouvelle=mer, statut=R.RENOUVELLEMENT_INITIEE).exists():
        raise ActionImpossible("Un renouvellement de ce contrat est en cours.")
    if mer.date_rupture and mer.date_rupture > timezone.localdate():
        raise ActionImpossible("La rupture ne peut être validée qu’à sa date.")
    if mer.pieces_rupture_manquantes:
        raise ActionImpossible(
            "Le dossier de rupture attend des pièces : marquez-le complet à leur réception."
        )
    de = _changer(mer, R.FINALISEE_RUPTURE, acteur=R.ANCT, par=par)
    contrats.rompre(mer, par=par, request=request)
    _changer_etat_poste(mer.poste_id, EtatPoste.OCCUPE, EtatPoste.VACANT)
    _changer_statut_candidat(candidat, Candidat.Statut.DISPONIBLE)
    _journaliser(
        "recrutement.rupture_validee",
        f"Rupture du contrat du candidat n° {candidat.pk} avec {mer.structure.nom} validée",
        mer,
        par=par,
        request=request,
        de=de,
    )
    return mer


@transaction.atomic
def initier_renouvellement(
    mise_en_relation_id: int,
    *,
    type_contrat: str,
    date_debut: date,
    duree_mois: int | None,
    salaire: Decimal,
    structure_id: int | None = None,
    par=None,
    request=None,
) -> MiseEnRelation:
    """A new contract for the same person on the same post: a new link "renouvellement
    initié", pointing to the contract it renews (one pending renewal per contract)."""
    ancien = _verrouiller_lien(mise_en_relation_id)
    if structure_id is not None and ancien.structure_id != structure_id:
        raise ActionImpossible("Cette mise en relation n’est pas celle de votre structure.")
    if ancien.statut not in (R.FINALISEE, R.NOUVELLE_RUPTURE):
        raise ActionImpossible("Seul un contrat en cours peut être renouvelé.")
    en_cours = MiseEnRelation.objects.filter(
        renouvelle=ancien, statut=R.RENOUVELLEMENT_INITIEE
    ).first()
    if en_cours is not None:
        return en_cours
    erreurs = R.erreurs_contrat(
        type_contrat=type_contrat,
        date_debut=date_debut,
        duree_mois=duree_mois,
        salaire=salaire,
        fiche_publiee_le=ancien.fiche_poste_publiee_le,
        outre_mer=ancien.structure.departement.outre_mer,
        aujourd_hui=timezone.localdate(),
    )
    if erreurs:
        raise ContratInvalide(erreurs)
    nouveau = MiseEnRelation(
        candidat=ancien.candidat,
        structure=ancien.structure,
        origine=MiseEnRelation.Origine.RENOUVELLEMENT,
        renouvelle=ancien,
        cree_par=par,
        poste=ancien.poste,
        type_contrat=type_contrat,
        date_debut_contrat=date_debut,
        duree_contrat_mois=None if type_contrat == R.CDI else duree_mois,
        date_fin_contrat=R.date_fin_contrat(type_contrat, date_debut, duree_mois),
        salaire_brut_mensuel=salaire,
        taille_tenue=ancien.taille_tenue,
        fiche_poste_publiee_le=ancien.fiche_poste_publiee_le,
        validee_le=timezone.now(),
        validee_par=par,
    )
    _changer(nouveau, R.RENOUVELLEMENT_INITIEE, acteur=R.STRUCTURE, par=par)
    _journaliser(
        "recrutement.renouvellement_initie",
        f"{ancien.structure.nom} demande le renouvellement du contrat du candidat n° "
        f"{ancien.candidat_id}",
        nouveau,
        par=par,
        request=request,
        renouvelle=ancien.pk,
    )
    return nouveau


@transaction.atomic
def valider_renouvellement(mise_en_relation_id: int, *, par=None, request=None) -> MiseEnRelation:
    """The new contract runs ("finalisée"), the renewed one is closed ("terminée")."""
    nouveau = _verrouiller_lien(mise_en_relation_id)
    if nouveau.statut == R.FINALISEE and nouveau.renouvelle_id:
        return nouveau
    if nouveau.statut != R.RENOUVELLEMENT_INITIEE or nouveau.renouvelle_id is None:
        raise ActionImpossible("Cette mise en relation n’est pas un renouvellement en cours.")
    ancien = _verrouiller_lien(nouveau.renouvelle_id)
    maintenant = timezone.now()
    ancien.date_rupture = None
    ancien.motif_rupture = ""
    _changer(ancien, R.TERMINEE, acteur=R.SYSTEME, motif="Contrat renouvelé", le=maintenant)
    nouveau.finalisee_le = maintenant
    _changer(nouveau, R.FINALISEE, acteur=R.ANCT, par=par, le=maintenant)
    contrats.renouveler(ancien, nouveau, par=par, request=request)
    _journaliser(
        "recrutement.renouvellement_valide",
        f"Renouvellement du contrat du candidat n° {nouveau.candidat_id} avec "
        f"{nouveau.structure.nom} validé",
        nouveau,
        par=par,
        request=request,
        renouvelle=ancien.pk,
    )
    return nouveau


def terminer_contrats_echus(aujourd_hui: date | None = None) -> int:
    """Contracts past their end date end naturally ("terminée naturelle"): the post is
    vacant, the person back in the pool. Idempotent; each link in its own transaction."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    ids = list(
        MiseEnRelation.objects.filter(statut=R.FINALISEE, date_fin_contrat__lt=aujourd_hui)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    n = 0
    for pk in ids:
        with transaction.atomic():
            n += _terminer_le_contrat(
                pk, "Fin du contrat", filtre={"date_fin_contrat__lt": aujourd_hui}
            )
    return n


def terminer_avec_la_convention(mise_en_relation_id: int, *, le: date) -> bool:
    """The convention that funds this contract reached its term without renewal (request F):
    the programme's follow-up of the contract ends with it, as at a contract's own end
    (inside the caller's transaction)."""
    return bool(
        _terminer_le_contrat(
            mise_en_relation_id, f"Fin de la convention le {le:%d/%m/%Y} (non renouvelée)"
        )
    )


def _terminer_le_contrat(pk: int, motif: str, filtre: dict | None = None) -> int:
    lien = MiseEnRelation.objects.filter(pk=pk).values("candidat_id").first()
    if lien is None:
        return 0
    candidat = Candidat.objects.select_for_update(of=("self",)).get(pk=lien["candidat_id"])
    mer = (
        MiseEnRelation.objects.select_for_update(of=("self",))
        .select_related("structure")
        .filter(pk=pk, statut=R.FINALISEE, **(filtre or {}))
        .first()
    )
    if mer is None:
        return 0
    _changer(mer, R.TERMINEE_NATURELLE, acteur=R.SYSTEME, motif=motif)
    contrats.terminer(mer)
    _changer_etat_poste(mer.poste_id, EtatPoste.OCCUPE, EtatPoste.VACANT)
    if not candidat.est_supprime:
        _changer_statut_candidat(candidat, Candidat.Statut.DISPONIBLE)
    fin = f"le {mer.date_fin_contrat:%d/%m/%Y}" if mer.date_fin_contrat else ""
    _journaliser(
        "recrutement.fin_de_contrat",
        f"Contrat du candidat n° {candidat.pk} avec {mer.structure.nom} arrivé à son terme "
        f"{fin} – {motif}".replace("  ", " "),
        mer,
        par=None,
        request=None,
    )
    return 1


# --- Deadline reminders ---------------------------------------------------------------------------


def regle_delai_en_vigueur() -> R.RegleDelai:
    """The recruitment deadline rule in force: settings.RECRUTEMENT_REGLE_DELAI names one of
    ``rules.REGLES_DELAI`` ("trois-mois" by default, "ami-2020", "guide-2021")."""
    return R.regle_delai(getattr(settings, "RECRUTEMENT_REGLE_DELAI", None))


def echeance_recrutement(date_decision: date) -> date:
    """The date by which a post allocated on ``date_decision`` should be filled, under the
    rule in force: what ``conventions.Poste.recruter_avant`` is meant to hold."""
    return R.echeance_recrutement(regle_delai_en_vigueur(), date_decision)


def rappels_a_envoyer(aujourd_hui: date | None = None) -> list[tuple[Structure, date, int]]:
    """(structure, deadline, days before) of the reminders due today (read only)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    echeances = {
        ligne["structure_id"]: ligne["echeance"]
        for ligne in selectors.echeances_a_rappeler(aujourd_hui)
    }
    envoyes: dict[tuple[int, date], set[int]] = {}
    for structure_id, echeance, jours in RappelRecrutement.objects.filter(
        structure_id__in=list(echeances)
    ).values_list("structure_id", "echeance", "jours_avant"):
        envoyes.setdefault((structure_id, echeance), set()).add(jours)
    structures = Structure.objects.in_bulk(list(echeances))
    dus = []
    for structure_id, echeance in sorted(echeances.items()):
        jours = R.rappel_du(echeance, aujourd_hui, envoyes.get((structure_id, echeance), set()))
        if jours is not None:
            dus.append((structures[structure_id], echeance, jours))
    return dus


def envoyer_rappels(
    *, aujourd_hui: date | None = None, executer: bool = False
) -> list[tuple[Structure, date, int]]:
    """E-mail the structures whose recruitment deadline approaches. Without ``executer``
    nothing is sent: the list says what would be. Idempotent: each reminder is recorded
    (one per structure, deadline and threshold) and never sent twice."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    dus = rappels_a_envoyer(aujourd_hui)
    if not executer:
        return dus
    envoyes = []
    for structure, echeance, jours in dus:
        with transaction.atomic():
            rappel, cree = RappelRecrutement.objects.get_or_create(
                structure=structure, echeance=echeance, jours_avant=jours
            )
            if not cree:
                continue
            destinataires = gestionnaires(structure)
            etat = selectors.etat_postes(structure.pk)
            if destinataires:
                courriels.envoyer(
                    destinataires,
                    f"Plus que {R.jours_restants(echeance, aujourd_hui)} jours pour recruter",
                    "recrutement/courriels/structure_rappel_delai",
                    {
                        "structure": structure,
                        "echeance": echeance,
                        "jours": R.jours_restants(echeance, aujourd_hui),
                        "libres": etat.libres,
                        "lien": _lien_espace_structure(),
                    },
                )
            rappel.destinataires = len(destinataires)
            rappel.save(update_fields=["destinataires"])
            journaliser(
                "recrutement.rappel_delai",
                f"Rappel à {structure.nom} : échéance de recrutement le {echeance:%d/%m/%Y}",
                cible=structure,
                details={"echeance": echeance.isoformat(), "jours_avant": jours},
            )
            envoyes.append((structure, echeance, jours))
    return envoyes
