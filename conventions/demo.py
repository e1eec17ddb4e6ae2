"""Demo of conventions, contracts and subsidies (runs after recrutement's demo).

- every recruitment the recrutement demo wrote as a past fact (in post, broken, renewed,
  ended) gets its employment contract, and posts marked filled without one are vacant, so
  that "filled" is what the contracts say;
- subsidy files in every state: waiting for the operator, waiting for pieces, accepted,
  refused; the demo structure (Mairie de Bordeaux) has its files accepted and its
  convention signed, with tranches paid, overdue and due soon;
- another convention has its payments suspended (missing reporting) and a refund claimed;
- a subsidy moved to another structure of the same département (transfer, request H).

Everything after the contracts goes through the services (without e-mails reaching anyone:
the demo's addresses are fictitious). Idempotent: each story checks whether it is there.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from comptes.models import Habilitation
from comptes.roles import Role
from comptes.selectors import conseillers_en_poste
from comptes.services import ActionImpossible, accepter_invitation
from recrutement import rules as R
from recrutement.models import DossierSubvention, MiseEnRelation

from . import dossiers, paiements
from .choix import (
    STATUTS_EN_COURS,
    EtatPiece,
    EtatPoste,
    StatutContrat,
    StatutConvention,
    StatutTranche,
)
from .contrats import invitations_en_attente
from .models import Contrat, Convention, Poste, Subvention, Suspension, Tranche
from .rules import ajouter_mois

BORDEAUX = "21330063500017"
PDF = b"%PDF-1.4\n% piece de demonstration\n%%EOF\n"

# The recruitment status of a link → the state of its contract.
CONTRATS = {
    R.FINALISEE: StatutContrat.EN_COURS,
    R.NOUVELLE_RUPTURE: StatutContrat.EN_COURS,
    R.FINALISEE_RUPTURE: StatutContrat.ROMPU,
    R.TERMINEE: StatutContrat.RENOUVELE,
    R.TERMINEE_NATURELLE: StatutContrat.TERMINE,
}


def _contrats(maintenant) -> int:
    """Contracts of the links the recrutement demo wrote directly (oldest first, so that a
    renewal points to the contract it renews)."""
    liens = (
        MiseEnRelation.objects.filter(statut__in=list(CONTRATS))
        .exclude(contrat__isnull=False)
        .order_by("date_debut_contrat", "pk")
    )
    crees = 0
    for mer in liens:
        statut = CONTRATS[mer.statut]
        # Former advisors were written without their post: their closed contract goes on
        # the structure's first post, as history.
        poste_id = mer.poste_id or (
            Poste.objects.filter(structure_id=mer.structure_id)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first()
        )
        if poste_id is None or (statut == StatutContrat.EN_COURS and not mer.poste_id):
            continue
        rompu = statut == StatutContrat.ROMPU
        Contrat.objects.create(
            mise_en_relation=mer,
            poste_id=poste_id,
            structure_id=mer.structure_id,
            candidat_id=mer.candidat_id,
            type_contrat=mer.type_contrat,
            date_debut=mer.date_debut_contrat,
            date_fin=mer.date_fin_contrat,
            signe_le=mer.date_debut_contrat,
            salaire_brut_mensuel=mer.salaire_brut_mensuel,
            statut=statut,
            date_rupture=mer.date_rupture if rompu else None,
            motif_rupture=mer.motif_rupture if rompu else "",
            clos_le=None if statut == StatutContrat.EN_COURS else maintenant,
        )
        crees += 1
    # Renewals whose previous contract was written after them.
    for contrat in Contrat.objects.filter(
        renouvelle__isnull=True, mise_en_relation__renouvelle__isnull=False
    ).select_related("mise_en_relation"):
        precedent = Contrat.objects.filter(
            mise_en_relation_id=contrat.mise_en_relation.renouvelle_id
        ).first()
        if precedent is not None and not hasattr(precedent, "renouvellement"):
            contrat.renouvelle = precedent
            contrat.save(update_fields=["renouvelle"])
    return crees


def _conseillers_en_poste() -> int:
    """Every running contract has its advisor in post: the advisors the demo wrote as past
    facts accepted their invitation long ago (a pending one is accepted through the
    accounts service; otherwise the role is written as the fact it is). A newcomer then
    reads as many advisors in post as filled posts on every page."""
    donnes = 0
    for contrat in Contrat.objects.en_cours().select_related("candidat__utilisateur", "structure"):
        utilisateur = contrat.candidat.utilisateur
        if conseillers_en_poste().filter(utilisateur=utilisateur, structure=contrat.structure):
            continue
        invitation = invitations_en_attente(utilisateur, contrat.structure).first()
        if invitation is not None:
            accepter_invitation(invitation.pk, utilisateur)
        else:
            Habilitation.objects.update_or_create(
                utilisateur=utilisateur,
                role=Role.CONSEILLER,
                structure=contrat.structure,
                defaults={"active": True},
            )
        donnes += 1
    return donnes


def _dossier(mer) -> DossierSubvention:
    """The file of a recruitment validated before the platform existed (demo fact)."""
    dossier = mer.dossiers_subvention.order_by("pk").first()
    if dossier is None:
        dossier = DossierSubvention.objects.create(
            mise_en_relation=mer,
            structure_id=mer.structure_id,
            ouvert_le=mer.validee_le or timezone.now(),
        )
    return dossier


def _pieces(dossier, *, toutes=True) -> None:
    requises = dossiers.pieces_requises(dossier.structure)
    for type_piece in requises if toutes else requises[:2]:
        if dossier.pieces.filter(type=type_piece).exclude(etat=EtatPiece.REFUSEE).exists():
            continue
        fichier = ContentFile(PDF, name=f"{type_piece}.pdf")
        piece = dossiers.deposer_piece(
            dossier.pk, type_piece=type_piece, fichier=fichier, structure_id=dossier.structure_id
        )
        dossiers.verifier_piece(piece.pk, accepter=True)


def _accepter(mer) -> Subvention | None:
    dossier = _dossier(mer)
    if dossier.statut == DossierSubvention.Statut.ACCEPTE:
        return dossier.subvention
    if not dossier.ouvert:
        return None
    try:
        with transaction.atomic():
            _pieces(dossier)
            montant = Decimal("21000.00") if "pec" in mer.type_contrat else None
            return dossiers.accepter_dossier(dossier.pk, montant_saisi=montant)
    except ActionImpossible:
        return None


def _signer(convention: Convention, aujourd_hui, *, mois_avant: int) -> None:
    if convention.statut != StatutConvention.A_SIGNER:
        return
    voulu = ajouter_mois(aujourd_hui, -mois_avant)
    signee = min(max(voulu, convention.date_decision), aujourd_hui)
    paiements.signer_convention(convention.pk, date_signature=signee)


def _payer(convention: Convention, aujourd_hui) -> tuple[int, int]:
    """Tranches due more than a month ago are paid ten days after their date; the most
    recent stay overdue. A tranche a condition blocks (training, reporting) stays as is."""
    payees = bloquees = 0
    for tranche in Tranche.objects.filter(
        subvention__convention=convention,
        statut=StatutTranche.PREVUE,
        due_le__lt=aujourd_hui - timedelta(days=30),
    ).order_by("due_le", "pk"):
        try:
            paiements.marquer_payee(
                tranche.pk, payee_le=min(tranche.due_le + timedelta(days=10), aujourd_hui)
            )
            payees += 1
        except ActionImpossible:
            bloquees += 1
    return payees, bloquees


def _histoires_des_dossiers() -> None:
    """Pending files (opened by the recrutement demo's validations): pieces deposited, and
    pieces requested on the first one outside Bordeaux; a former advisor's file refused."""
    ouverts = list(
        DossierSubvention.objects.filter(statut=DossierSubvention.Statut.A_INSTRUIRE)
        .select_related("structure")
        .order_by("pk")
    )
    demandees = False
    for dossier in ouverts:
        if not dossier.pieces.exists():
            _pieces(dossier, toutes=False)
        if not demandees and dossier.structure.siret != BORDEAUX:
            dossiers.demander_pieces(
                dossier.pk,
                message="La délibération autorisant le recrutement et le RIB de la structure.",
            )
            demandees = True
    if not DossierSubvention.objects.filter(statut=DossierSubvention.Statut.REFUSE).exists():
        ancien = (
            MiseEnRelation.objects.filter(statut=R.FINALISEE_RUPTURE, dossiers_subvention=None)
            .order_by("pk")
            .first()
        )
        if ancien is not None:
            dossiers.refuser_dossier(
                _dossier(ancien).pk,
                motif="Le contrat transmis ne correspond pas au poste attribué.",
            )


def creer(contexte: dict) -> None:
    resume = contexte.setdefault("resume", [])
    if not MiseEnRelation.objects.exists():
        resume.append("Conventions : aucun recrutement, pas de contrat créé")
        return
    aujourd_hui = timezone.localdate()
    crees = _contrats(timezone.now())
    # Posts the instruction demo marked as filled but that no contract holds are vacant:
    # a post is filled by a contract, nothing else.
    liberes = (
        Poste.objects.filter(etat=EtatPoste.OCCUPE)
        .exclude(contrats__statut=StatutContrat.EN_COURS)
        .update(etat=EtatPoste.VACANT)
    )

    # The demo structure: its recruitments' files accepted, its convention signed five
    # months ago (second tranches due next month), the older tranches paid.
    conventions_payees = []
    for mer in (
        MiseEnRelation.objects.filter(statut__in=[R.FINALISEE, R.NOUVELLE_RUPTURE])
        .select_related("structure")
        .order_by("structure__siret", "pk")
    ):
        subvention = _accepter(mer)
        if subvention is None:
            continue
        convention = subvention.convention
        if convention.pk not in conventions_payees:
            conventions_payees.append(convention.pk)
    for rang, convention in enumerate(
        Convention.objects.filter(pk__in=conventions_payees)
        .select_related("structure")
        .order_by("pk")
    ):
        bordeaux = convention.structure.siret == BORDEAUX
        _signer(convention, aujourd_hui, mois_avant=5 if bordeaux else 13 + rang % 6)
        _payer(convention, aujourd_hui)

    # What the morning job does: the recent tranches whose date has come become due.
    paiements.rendre_exigibles(aujourd_hui)

    if not DossierSubvention.objects.filter(
        statut=DossierSubvention.Statut.PIECES_DEMANDEES
    ).exists():
        _histoires_des_dossiers()

    # Suspension and refund on a convention other than Bordeaux's.
    signees = list(
        Convention.objects.filter(statut=StatutConvention.SIGNEE)
        .exclude(structure__siret=BORDEAUX)
        .order_by("pk")
    )
    if signees and not Suspension.objects.exists():
        suspendue = signees[0]
        paiements.suspendre(
            suspendue.pk,
            motif=Suspension.Motif.REPORTING,
            debut=aujourd_hui - timedelta(days=20),
            commentaire="Aucune remontée d’activité depuis trois mois.",
        )
        verse = paiements.montant_verse(suspendue)
        if verse > 0 and not suspendue.remboursements.exists():
            paiements.demander_remboursement(
                suspendue.pk,
                montant=min(verse, Decimal("2500.00")),
                motif="Missions hors du catalogue des activités pendant deux mois.",
            )

    # A transfer: a subsidy of a signed convention follows a post to another structure of
    # the same département.
    if not Subvention.objects.filter(transferee_depuis__isnull=False).exists():
        _transfert(signees, aujourd_hui)
    _conseillers_en_poste()

    resume.append(
        f"Conventions : {crees} contrats repris du recrutement, {liberes} postes sans contrat "
        "remis vacants, "
        f"{Contrat.objects.en_cours().count()} en cours "
        f"({conseillers_en_poste().count()} conseillers en poste) ; "
        f"{Convention.objects.filter(statut=StatutConvention.SIGNEE).count()} conventions "
        f"signées, {Subvention.objects.count()} subventions, "
        f"{Tranche.objects.filter(statut=StatutTranche.PAYEE).count()} tranches payées "
        "(opérateur : /conventions/dossiers/ ; structure : /conventions/ma-convention/)"
    )


def _transfert(signees, aujourd_hui) -> None:
    for convention in signees[1:]:
        subvention = convention.subventions.filter(transferee_depuis__isnull=True).first()
        if subvention is None or Subvention.objects.filter(transferee_depuis=subvention).exists():
            continue
        receveur = (
            Poste.objects.filter(
                structure__departement_id=convention.structure.departement_id,
                convention__statut__in=STATUTS_EN_COURS,
            )
            .exclude(convention=convention)
            .order_by("pk")
            .first()
        )
        if receveur is None:
            continue
        try:
            paiements.transferer_subvention(
                subvention.pk, poste_receveur_id=receveur.pk, date_transfert=aujourd_hui
            )
        except ActionImpossible:
            continue
        return
