"""The life of an employment contract: opened when the recruitment is validated, renewed,
extended, broken, ended. One function per action, one transaction, one audit event.

Recruitment statuses stay ``recrutement.services``' business: its services call these
functions inside their own transaction (or, for the validation, send the
``recrutement_finalise`` signal received here), so that a link and its contract never
disagree. Locks: the post, then the contract; the database triggers of migration 0003 hold
even if a path forgets them.
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.models import Habilitation, Invitation
from comptes.roles import Role
from comptes.services import ActionImpossible, inviter
from recrutement import rules as regles_recrutement

from .choix import EtatPoste, StatutContrat, StatutProlongation
from .models import Contrat, DemandeProlongation, Poste
from .notifications import ecrire_a_la_structure


def message_integrite(erreur: IntegrityError) -> str:
    """The French message of a broken contract invariant (re-raise anything else)."""
    texte = str(erreur)
    if "contrat_un_en_cours_par_poste" in texte:
        return "Un contrat est déjà en cours sur ce poste."
    if "contrat_poste_non_rendu" in texte:
        return "Ce poste a été rendu : il ne peut plus porter de contrat."
    if "poste_rendu_sans_contrat" in texte:
        return "Ce poste porte un contrat en cours : déclarez d’abord la rupture."
    if "contrat_un_en_cours_par_conseiller" in texte:
        return "Ce conseiller a déjà un contrat en cours."
    raise erreur


def _creer(contrat: Contrat) -> Contrat:
    try:
        with transaction.atomic():
            contrat.save()
    except IntegrityError as erreur:
        raise ActionImpossible(message_integrite(erreur)) from None
    return contrat


def _verrouiller_poste(poste_id: int) -> Poste:
    return Poste.objects.select_for_update(of=("self",)).get(pk=poste_id)


def _verrouiller_contrat(contrat_id: int, structure_id: int | None = None) -> Contrat:
    qs = Contrat.objects.select_for_update(of=("self",)).select_related(
        "structure", "candidat__utilisateur", "mise_en_relation"
    )
    if structure_id is not None:
        qs = qs.filter(structure_id=structure_id)
    try:
        return qs.get(pk=contrat_id)
    except Contrat.DoesNotExist:
        raise ActionImpossible("Ce contrat n’existe pas.") from None


def invitations_en_attente(utilisateur, structure):
    """The advisor invitations this person may still accept at this employer."""
    return Invitation.objects.filter(
        email__iexact=utilisateur.email,
        role=Role.CONSEILLER,
        structure=structure,
        acceptee_le__isnull=True,
        expire_le__gt=timezone.now(),
    )


def _donner_acces_conseiller(contrat: Contrat, *, par=None, request=None) -> None:
    """The advisor gets a ``conseiller`` role on the employing structure: an invitation
    e-mail with a signed link (comptes.services.inviter), or the former role back when the
    person already held it there (a contract renewed, or recruited again)."""
    utilisateur = contrat.candidat.utilisateur
    existante = Habilitation.objects.filter(
        utilisateur=utilisateur, role=Role.CONSEILLER, structure=contrat.structure
    ).first()
    if existante is not None:
        if not existante.active:
            existante.active = True
            existante.save(update_fields=["active"])
        return
    en_attente = invitations_en_attente(utilisateur, contrat.structure).exists()
    # The invitation comes from whoever validated, else from the employer's manager, else
    # from the platform itself.
    if not en_attente:
        inviter(
            par=par or _premier_gestionnaire(contrat.structure),
            email=utilisateur.email,
            role=Role.CONSEILLER,
            portee={"structure": contrat.structure},
            request=request,
        )


def _premier_gestionnaire(structure):
    h = (
        Habilitation.objects.filter(role=Role.STRUCTURE, structure=structure, active=True)
        .select_related("utilisateur")
        .order_by("pk")
        .first()
    )
    return h.utilisateur if h else None


def _retirer_acces_conseiller(contrat: Contrat) -> None:
    """The advisor leaves the structure: the role goes inactive (history kept) and a
    pending invitation expires."""
    utilisateur = contrat.candidat.utilisateur
    Habilitation.objects.filter(
        utilisateur=utilisateur, role=Role.CONSEILLER, structure=contrat.structure
    ).update(active=False)
    Invitation.objects.filter(
        email__iexact=utilisateur.email,
        role=Role.CONSEILLER,
        structure=contrat.structure,
        acceptee_le__isnull=True,
    ).update(expire_le=timezone.now())


def _journaliser(action: str, description: str, contrat: Contrat, *, par, request, **details):
    journaliser(
        action,
        description,
        acteur=par,
        cible=contrat,
        details={
            "contrat": contrat.pk,
            "structure": contrat.structure_id,
            "poste": contrat.poste_id,
            "statut": contrat.statut,
            **details,
        },
        request=request,
    )


# --- Opening -------------------------------------------------------------------------------


def ouvrir_contrat(mise_en_relation, *, par=None, request=None) -> Contrat:
    """The contract of a recruitment the national team has just validated (called inside
    ``recrutement.services.finaliser_recrutement``'s transaction). Idempotent."""
    mer = mise_en_relation
    existant = Contrat.objects.filter(mise_en_relation=mer).first()
    if existant is not None:
        return existant
    if mer.poste_id is None:
        raise ActionImpossible("Ce recrutement ne réserve aucun poste.")
    poste = _verrouiller_poste(mer.poste_id)
    if poste.etat == EtatPoste.RENDU:
        raise ActionImpossible("Ce poste a été rendu : il ne peut plus porter de contrat.")
    contrat = _creer(
        Contrat(
            mise_en_relation=mer,
            poste=poste,
            structure_id=mer.structure_id,
            candidat_id=mer.candidat_id,
            type_contrat=mer.type_contrat,
            date_debut=mer.date_debut_contrat,
            date_fin=mer.date_fin_contrat,
            signe_le=mer.date_debut_contrat,
            salaire_brut_mensuel=mer.salaire_brut_mensuel,
        )
    )
    if poste.etat != EtatPoste.OCCUPE:
        Poste.objects.filter(pk=poste.pk).update(etat=EtatPoste.OCCUPE)
    _donner_acces_conseiller(contrat, par=par, request=request)
    _journaliser(
        "conventions.contrat_ouvert",
        f"Contrat de travail ouvert : {contrat.get_type_contrat_display()} du conseiller "
        f"n° {contrat.candidat_id} chez {contrat.structure.nom}",
        contrat,
        par=par,
        request=request,
        mise_en_relation=mer.pk,
    )
    return contrat


def a_la_finalisation(sender, mise_en_relation, **kwargs) -> None:
    """Receiver of ``recrutement.signaux.recrutement_finalise``."""
    ouvrir_contrat(mise_en_relation, par=kwargs.get("par"))


def renouveler(ancienne, nouvelle, *, par=None, request=None) -> Contrat:
    """A validated renewal (request B on the contract): the new contract ``renouvelle`` the
    previous one, which closes as "renouvelé". Called inside
    ``recrutement.services.valider_renouvellement``."""
    existant = Contrat.objects.filter(mise_en_relation=nouvelle).first()
    if existant is not None:
        return existant
    poste = _verrouiller_poste(nouvelle.poste_id)
    precedent = (
        Contrat.objects.select_for_update(of=("self",))
        .filter(mise_en_relation=ancienne, statut=StatutContrat.EN_COURS)
        .first()
    )
    if precedent is not None:
        precedent.statut = StatutContrat.RENOUVELE
        precedent.clos_le = timezone.now()
        precedent.save(update_fields=["statut", "clos_le"])
    contrat = _creer(
        Contrat(
            mise_en_relation=nouvelle,
            poste=poste,
            structure_id=nouvelle.structure_id,
            candidat_id=nouvelle.candidat_id,
            type_contrat=nouvelle.type_contrat,
            date_debut=nouvelle.date_debut_contrat,
            date_fin=nouvelle.date_fin_contrat,
            signe_le=nouvelle.date_debut_contrat,
            salaire_brut_mensuel=nouvelle.salaire_brut_mensuel,
            renouvelle=precedent,
        )
    )
    _donner_acces_conseiller(contrat, par=par, request=request)
    from .dossiers import dossier_du_contrat_renouvele

    dossier = dossier_du_contrat_renouvele(ancienne, nouvelle, par=par, request=request)
    _journaliser(
        "conventions.contrat_renouvele",
        f"Contrat du conseiller n° {contrat.candidat_id} chez {contrat.structure.nom} renouvelé",
        contrat,
        par=par,
        request=request,
        renouvelle=precedent.pk if precedent else None,
        dossier_subvention=dossier.pk if dossier else None,
    )
    return contrat


# --- Closing -------------------------------------------------------------------------------


def rompre(mise_en_relation, *, par=None, request=None) -> Contrat | None:
    """A rupture validated by the national team (inside ``valider_rupture``): the contract is
    broken at the declared date, the advisor's role goes inactive. The post's state and the
    person's return to the pool are the recruitment service's."""
    contrat = (
        Contrat.objects.select_for_update(of=("self",))
        .select_related("candidat__utilisateur", "structure")
        .filter(mise_en_relation=mise_en_relation, statut=StatutContrat.EN_COURS)
        .first()
    )
    if contrat is None:
        return None
    contrat.statut = StatutContrat.ROMPU
    contrat.date_rupture = mise_en_relation.date_rupture
    contrat.motif_rupture = mise_en_relation.motif_rupture
    contrat.clos_le = timezone.now()
    contrat.save(update_fields=["statut", "date_rupture", "motif_rupture", "clos_le"])
    DemandeProlongation.objects.filter(contrat=contrat, statut=StatutProlongation.DEMANDEE).update(
        statut=StatutProlongation.REFUSEE, traitee_le=timezone.now()
    )
    _retirer_acces_conseiller(contrat)
    ecrire_a_la_structure(
        contrat.structure, "Rupture de contrat validée", "rupture_validee", contrat=contrat
    )
    _journaliser(
        "conventions.contrat_rompu",
        f"Contrat du conseiller n° {contrat.candidat_id} chez {contrat.structure.nom} rompu "
        f"au {contrat.date_rupture:%d/%m/%Y}",
        contrat,
        par=par,
        request=request,
        motif=contrat.motif_rupture,
    )
    return contrat


def terminer(mise_en_relation) -> Contrat | None:
    """The contract reached its end date (inside ``terminer_contrats_echus``)."""
    contrat = (
        Contrat.objects.select_for_update(of=("self",))
        .select_related("candidat__utilisateur", "structure")
        .filter(mise_en_relation=mise_en_relation, statut=StatutContrat.EN_COURS)
        .first()
    )
    if contrat is None:
        return None
    contrat.statut = StatutContrat.TERMINE
    contrat.clos_le = timezone.now()
    contrat.save(update_fields=["statut", "clos_le"])
    _retirer_acces_conseiller(contrat)
    _journaliser(
        "conventions.contrat_termine",
        f"Contrat du conseiller n° {contrat.candidat_id} chez {contrat.structure.nom} arrivé à "
        "son terme",
        contrat,
        par=None,
        request=None,
    )
    return contrat


# --- Extensions ----------------------------------------------------------------------------


@transaction.atomic
def demander_prolongation(
    contrat_id: int,
    *,
    fin_souhaitee: date,
    structure_id: int | None = None,
    par=None,
    request=None,
) -> DemandeProlongation:
    """The structure asks to push the end of a running fixed-term contract. A second click
    finds the pending request and changes nothing."""
    contrat = _verrouiller_contrat(contrat_id, structure_id)
    attente = contrat.prolongations.filter(statut=StatutProlongation.DEMANDEE).first()
    if attente is not None:
        if attente.fin_souhaitee == fin_souhaitee:
            return attente
        raise ActionImpossible("Une demande de prolongation de ce contrat est déjà en attente.")
    if not contrat.en_cours:
        raise ActionImpossible("Seul un contrat en cours peut être prolongé.")
    if contrat.date_fin is None:
        raise ActionImpossible("Un CDI n’a pas de date de fin : il ne se prolonge pas.")
    if fin_souhaitee <= contrat.date_fin:
        raise ActionImpossible(
            f"La nouvelle fin doit suivre la fin actuelle du contrat ({contrat.date_fin:%d/%m/%Y})."
        )
    duree = (fin_souhaitee.year - contrat.date_debut.year) * 12 + (
        fin_souhaitee.month - contrat.date_debut.month
    )
    if duree > regles_recrutement.DUREE_CONTRAT_MAX_MOIS:
        raise ActionImpossible(
            f"Un contrat dure au plus {regles_recrutement.DUREE_CONTRAT_MAX_MOIS} mois."
        )
    demande = DemandeProlongation.objects.create(
        contrat=contrat,
        fin_actuelle=contrat.date_fin,
        fin_souhaitee=fin_souhaitee,
        demandee_par=par,
    )
    _journaliser(
        "conventions.prolongation_demandee",
        f"{contrat.structure.nom} demande la prolongation du contrat du conseiller "
        f"n° {contrat.candidat_id} jusqu’au {fin_souhaitee:%d/%m/%Y}",
        contrat,
        par=par,
        request=request,
        demande=demande.pk,
    )
    return demande


@transaction.atomic
def traiter_prolongation(
    demande_id: int, *, valider: bool, par=None, request=None
) -> DemandeProlongation:
    """The national team validates (the contract's end moves) or refuses an extension."""
    try:
        demande = DemandeProlongation.objects.select_for_update().get(pk=demande_id)
    except DemandeProlongation.DoesNotExist:
        raise ActionImpossible("Cette demande n’existe pas.") from None
    if demande.statut != StatutProlongation.DEMANDEE:
        raise ActionImpossible("Cette demande a déjà été traitée.")
    contrat = _verrouiller_contrat(demande.contrat_id)
    if valider and not contrat.en_cours:
        raise ActionImpossible("Ce contrat n’est plus en cours.")
    demande.statut = StatutProlongation.VALIDEE if valider else StatutProlongation.REFUSEE
    demande.traitee_le = timezone.now()
    demande.traitee_par = par
    demande.save(update_fields=["statut", "traitee_le", "traitee_par"])
    if valider:
        contrat.date_fin = demande.fin_souhaitee
        contrat.save(update_fields=["date_fin"])
        mer = contrat.mise_en_relation
        type(mer).objects.filter(pk=mer.pk).update(date_fin_contrat=demande.fin_souhaitee)
    ecrire_a_la_structure(
        contrat.structure,
        "Prolongation de contrat " + ("validée" if valider else "refusée"),
        "prolongation",
        contrat=contrat,
        demande=demande,
    )
    _journaliser(
        "conventions.prolongation_" + ("validee" if valider else "refusee"),
        f"Prolongation du contrat du conseiller n° {contrat.candidat_id} jusqu’au "
        f"{demande.fin_souhaitee:%d/%m/%Y} " + ("validée" if valider else "refusée"),
        contrat,
        par=par,
        request=request,
        demande=demande.pk,
    )
    return demande
