"""Money after a file is accepted: sign the convention (the tranche schedule follows), mark
tranches due and paid, suspend payments, claim money back, move a subsidy on a transfer.

One function per action, one transaction, one audit event. Amounts and dates come from
``rules`` (versioned per AMI); nothing here computes money by hand. A tranche becomes due
or paid only when ``conditions.motifs_de_blocage`` finds nothing against it (training
enrolment, reporting…) and the convention's payments are not suspended.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.services import ActionImpossible
from noyau.nombres import euros
from recrutement import rules as regles_recrutement
from structures.choix import Nature

from . import rules
from .choix import (
    PhaseConvention,
    StatutConvention,
    StatutRemboursement,
    StatutTranche,
)
from .conditions import motifs_de_blocage
from .models import (
    Contrat,
    Convention,
    Poste,
    Remboursement,
    Subvention,
    Suspension,
    Tranche,
)
from .notifications import ecrire_a_la_structure


def _journaliser(action, description, cible, *, par, request, **details):
    journaliser(action, description, acteur=par, cible=cible, details=details, request=request)


def bareme_de(structure) -> rules.Bareme:
    """Public structures fall under the 2020 AMI, the others under the 2021 one."""
    code = "ami-2020-public" if structure.nature == Nature.PUBLIQUE else "ami-2021-prive"
    return rules.BAREMES[code]


def _reference_par_defaut(bareme: rules.Bareme) -> str:
    return bareme.reference_tranches.value


def _date_reference(subvention: Subvention, convention: Convention) -> date | None:
    reference = convention.reference_tranches or _reference_par_defaut(
        rules.BAREMES[subvention.bareme]
    )
    if reference == rules.ReferenceTranches.SIGNATURE_CONVENTION:
        return convention.date_signature
    contrat = Contrat.objects.filter(mise_en_relation_id=subvention.mise_en_relation_id).first()
    if contrat is None:
        return None
    if convention.phase == PhaseConvention.RENOUVELLEMENT:
        # A contract that goes on into phase 2 was signed under the previous convention: the
        # renewed convention's tranches run from its own signature (None until signed).
        if convention.date_signature is None:
            return None
        return max(contrat.signe_le, convention.date_signature)
    return contrat.signe_le


def planifier(subvention: Subvention, convention: Convention) -> list[Tranche]:
    """Create the tranches once the reference date is known (never twice)."""
    if subvention.tranches.exists():
        return []
    reference = subvention.date_reference or _date_reference(subvention, convention)
    if reference is None:
        return []
    if subvention.date_reference != reference:
        subvention.date_reference = reference
        subvention.save(update_fields=["date_reference"])
    echeances = rules.echeancier(rules.BAREMES[subvention.bareme], subvention.montant, reference)
    return Tranche.objects.bulk_create(
        [
            Tranche(
                subvention=subvention,
                rang=e.numero,
                pourcentage=e.pourcentage,
                montant=e.montant,
                due_le=e.due_le,
            )
            for e in echeances
        ]
    )


def verrouiller_convention(convention_id: int) -> Convention:
    try:
        return (
            Convention.objects.select_for_update(of=("self",))
            .select_related("structure__departement")
            .get(pk=convention_id)
        )
    except Convention.DoesNotExist:
        raise ActionImpossible("Cette convention n’existe pas.") from None


# --- The convention ----------------------------------------------------------------------------


def types_contrats_portes(convention: Convention) -> list[rules.TypeContrat]:
    """The contract types a convention carries: the running contracts on its posts, and the
    contracts planned by validated candidatures not yet finalised."""
    from recrutement.models import MiseEnRelation

    types = set(
        Contrat.objects.en_cours()
        .filter(poste__convention=convention)
        .values_list("type_contrat", flat=True)
    )
    types |= set(
        MiseEnRelation.objects.filter(
            poste__convention=convention, statut=regles_recrutement.RECRUTEE
        )
        .exclude(type_contrat="")
        .values_list("type_contrat", flat=True)
    )
    connus = {t.value for t in rules.TypeContrat}
    return sorted(rules.TypeContrat(t) for t in types if t in connus)


def duree_de(convention: Convention) -> rules.DureeConvention:
    """The length a signature would give this convention, and why."""
    return rules.duree_convention(
        bareme_de(convention.structure),
        types_contrats_portes(convention),
        renouvellement=convention.phase == PhaseConvention.RENOUVELLEMENT,
    )


@transaction.atomic
def signer_convention(
    convention_id: int,
    *,
    date_signature: date,
    reference: str | None = None,
    par=None,
    request=None,
) -> Convention:
    """Record the signature: the convention runs from that date for the length its AMI and
    its contracts give (``rules.duree_convention``: 18 months for a private structure's
    CDD), and the tranches dated from it are planned."""
    convention = verrouiller_convention(convention_id)
    if convention.statut == StatutConvention.SIGNEE:
        if convention.date_signature == date_signature:
            return convention
        raise ActionImpossible("Cette convention est déjà signée.")
    if convention.statut != StatutConvention.A_SIGNER:
        raise ActionImpossible("Cette convention est terminée.")
    aujourd_hui = timezone.localdate()
    if date_signature > aujourd_hui:
        raise ActionImpossible("La date de signature ne peut pas être dans le futur.")
    # A decision recorded in the future (a committee confirmed before its planned date, before
    # that was corrected) must not make the convention unsignable: today is always allowed.
    if date_signature < min(convention.date_decision, aujourd_hui):
        raise ActionImpossible("La convention ne peut pas être signée avant la décision du comité.")
    bareme = bareme_de(convention.structure)
    if reference is not None and reference not in {r.value for r in rules.ReferenceTranches}:
        raise ActionImpossible("Choisissez la date de référence des tranches.")
    convention.statut = StatutConvention.SIGNEE
    convention.date_signature = date_signature
    convention.date_debut = date_signature
    duree = duree_de(convention)
    convention.date_fin = rules.ajouter_mois(date_signature, duree.mois)
    convention.fin_prevue = convention.date_fin
    convention.duree_mois = duree.mois
    convention.motif_duree = duree.raison[:300]
    convention.bareme = bareme.code
    convention.reference_tranches = reference or _reference_par_defaut(bareme)
    convention.save(
        update_fields=[
            "statut",
            "date_signature",
            "date_debut",
            "date_fin",
            "fin_prevue",
            "duree_mois",
            "motif_duree",
            "bareme",
            "reference_tranches",
        ]
    )
    planifiees = 0
    for subvention in convention.subventions.filter(tranches__isnull=True):
        planifiees += len(planifier(subvention, convention))
    _journaliser(
        "conventions.convention_signee",
        f"Convention de {convention.structure.nom} signée le {date_signature:%d/%m/%Y}",
        convention,
        par=par,
        request=request,
        bareme=bareme.code,
        reference=convention.reference_tranches,
        duree_mois=duree.mois,
        motif_duree=duree.raison,
        tranches_planifiees=planifiees,
    )
    return convention


# --- Tranches ----------------------------------------------------------------------------------


def suspension_active(convention_id: int) -> Suspension | None:
    return Suspension.objects.filter(convention_id=convention_id, levee_le__isnull=True).first()


def motifs_contre(tranche: Tranche) -> list[str]:
    """Everything that stops a tranche: a suspension, then the other apps' conditions."""
    motifs = []
    suspension = suspension_active(tranche.subvention.convention_id)
    if suspension is not None:
        motifs.append(
            f"Les paiements de la convention sont suspendus depuis le "
            f"{suspension.debut:%d/%m/%Y} ({suspension.get_motif_display().lower()})."
        )
    return motifs + motifs_de_blocage(tranche)


def _verrouiller_tranche(tranche_id: int) -> Tranche:
    try:
        tranche = (
            Tranche.objects.select_for_update(of=("self",))
            .select_related("subvention__convention__structure")
            .get(pk=tranche_id)
        )
    except Tranche.DoesNotExist:
        raise ActionImpossible("Cette tranche n’existe pas.") from None
    # Payments of a convention queue on its row: a suspension cannot slip in between.
    Convention.objects.select_for_update(of=("self",)).filter(
        pk=tranche.subvention.convention_id
    ).first()
    return tranche


class TrancheBloquee(ActionImpossible):
    def __init__(self, motifs: list[str]):
        super().__init__("Cette tranche ne peut pas être versée : " + " ".join(motifs))
        self.motifs = motifs


@transaction.atomic
def marquer_exigible(tranche_id: int, *, le: date | None = None, par=None, request=None) -> Tranche:
    tranche = _verrouiller_tranche(tranche_id)
    if tranche.statut == StatutTranche.EXIGIBLE:
        return tranche
    if tranche.statut != StatutTranche.PREVUE:
        raise ActionImpossible("Seule une tranche prévue peut devenir exigible.")
    motifs = motifs_contre(tranche)
    if motifs:
        raise TrancheBloquee(motifs)
    tranche.statut = StatutTranche.EXIGIBLE
    tranche.exigible_le = le or timezone.localdate()
    tranche.save(update_fields=["statut", "exigible_le"])
    _journaliser(
        "conventions.tranche_exigible",
        f"Tranche {tranche.rang} de {tranche.subvention.convention.structure.nom} exigible",
        tranche,
        par=par,
        request=request,
        montant=str(tranche.montant),
    )
    return tranche


@transaction.atomic
def marquer_payee(tranche_id: int, *, payee_le: date, par=None, request=None) -> Tranche:
    tranche = _verrouiller_tranche(tranche_id)
    if tranche.statut == StatutTranche.PAYEE:
        return tranche
    if tranche.statut == StatutTranche.ANNULEE:
        raise ActionImpossible("Cette tranche est annulée.")
    if payee_le > timezone.localdate():
        raise ActionImpossible("La date de paiement ne peut pas être dans le futur.")
    motifs = motifs_contre(tranche)
    if motifs:
        raise TrancheBloquee(motifs)
    tranche.statut = StatutTranche.PAYEE
    tranche.exigible_le = tranche.exigible_le or payee_le
    tranche.payee_le = payee_le
    tranche.save(update_fields=["statut", "exigible_le", "payee_le"])
    _journaliser(
        "conventions.tranche_payee",
        f"Tranche {tranche.rang} de {tranche.subvention.convention.structure.nom} payée le "
        f"{payee_le:%d/%m/%Y} ({euros(tranche.montant)})",
        tranche,
        par=par,
        request=request,
        montant=str(tranche.montant),
    )
    return tranche


def rendre_exigibles(aujourd_hui: date | None = None) -> tuple[int, dict[int, list[str]]]:
    """Every planned tranche whose date has come becomes due, unless something stops it
    (then it stays planned, and the reasons are returned by tranche id). Each tranche in
    its own transaction: one blocked tranche does not hold the others back. Idempotent."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    ids = list(
        Tranche.objects.filter(statut=StatutTranche.PREVUE, due_le__lte=aujourd_hui)
        .order_by("due_le", "pk")
        .values_list("pk", flat=True)
    )
    exigibles, bloquees = 0, {}
    for pk in ids:
        try:
            marquer_exigible(pk, le=aujourd_hui)
        except TrancheBloquee as erreur:
            bloquees[pk] = erreur.motifs
        except ActionImpossible:
            continue
        else:
            exigibles += 1
    return exigibles, bloquees


# --- Suspensions and refunds ---------------------------------------------------------------------


@transaction.atomic
def suspendre(
    convention_id: int, *, motif: str, debut: date, commentaire: str = "", par=None, request=None
) -> Suspension:
    convention = verrouiller_convention(convention_id)
    if motif not in Suspension.Motif.values:
        raise ActionImpossible("Choisissez le motif de la suspension.")
    existante = suspension_active(convention.pk)
    if existante is not None:
        if existante.motif == motif:
            return existante
        raise ActionImpossible("Les paiements de cette convention sont déjà suspendus.")
    suspension = Suspension.objects.create(
        convention=convention, motif=motif, debut=debut, commentaire=commentaire, cree_par=par
    )
    ecrire_a_la_structure(
        convention.structure,
        "Les paiements de votre subvention sont suspendus",
        "suspension",
        suspension=suspension,
    )
    _journaliser(
        "conventions.suspension",
        f"Paiements de la convention de {convention.structure.nom} suspendus "
        f"({suspension.get_motif_display().lower()})",
        convention,
        par=par,
        request=request,
        suspension=suspension.pk,
        motif=motif,
    )
    return suspension


@transaction.atomic
def lever_suspension(convention_id: int, *, le: date, par=None, request=None) -> Suspension:
    convention = verrouiller_convention(convention_id)
    suspension = suspension_active(convention.pk)
    if suspension is None:
        raise ActionImpossible("Les paiements de cette convention ne sont pas suspendus.")
    if le < suspension.debut:
        raise ActionImpossible("La levée ne peut pas précéder le début de la suspension.")
    suspension.levee_le = le
    suspension.save(update_fields=["levee_le"])
    _journaliser(
        "conventions.suspension_levee",
        f"Suspension des paiements de la convention de {convention.structure.nom} levée",
        convention,
        par=par,
        request=request,
        suspension=suspension.pk,
    )
    return suspension


def montant_verse(convention: Convention) -> Decimal:
    total = Tranche.objects.filter(
        subvention__convention=convention, statut=StatutTranche.PAYEE
    ).values_list("montant", flat=True)
    return sum(total, Decimal("0"))


@transaction.atomic
def demander_remboursement(
    convention_id: int, *, montant: Decimal, motif: str, par=None, request=None
) -> Remboursement:
    """Claim money back; never more than what was paid and not already claimed."""
    convention = verrouiller_convention(convention_id)
    if montant is None or montant <= 0:
        raise ActionImpossible("Indiquez un montant positif.")
    if not motif.strip():
        raise ActionImpossible("Indiquez le motif de la demande de remboursement.")
    deja = sum(convention.remboursements.values_list("montant", flat=True), Decimal("0"))
    plafond = montant_verse(convention) - deja
    if montant > plafond:
        raise ActionImpossible(
            f"Le remboursement ne peut pas dépasser ce qui a été versé et pas encore réclamé "
            f"({euros(max(plafond, Decimal('0')))})."
        )
    remboursement = Remboursement.objects.create(
        convention=convention,
        montant=montant,
        motif=motif.strip(),
        demande_le=timezone.localdate(),
        cree_par=par,
    )
    ecrire_a_la_structure(
        convention.structure,
        "Demande de remboursement de subvention",
        "remboursement",
        remboursement=remboursement,
    )
    _journaliser(
        "conventions.remboursement_demande",
        f"Remboursement de {euros(montant)} demandé à {convention.structure.nom}",
        convention,
        par=par,
        request=request,
        remboursement=remboursement.pk,
        montant=str(montant),
    )
    return remboursement


@transaction.atomic
def enregistrer_remboursement(
    remboursement_id: int, *, recu_le: date, par=None, request=None
) -> Remboursement:
    try:
        r = Remboursement.objects.select_for_update().get(pk=remboursement_id)
    except Remboursement.DoesNotExist:
        raise ActionImpossible("Cette demande n’existe pas.") from None
    if r.statut == StatutRemboursement.RECU:
        return r
    r.statut = StatutRemboursement.RECU
    r.recu_le = recu_le
    r.save(update_fields=["statut", "recu_le"])
    _journaliser(
        "conventions.remboursement_recu",
        f"Remboursement de {euros(r.montant)} reçu",
        r.convention,
        par=par,
        request=request,
        remboursement=r.pk,
    )
    return r


# --- Transfer (request H) --------------------------------------------------------------------------


def _tranches_non_versees(origine: Subvention):
    return origine.tranches.exclude(statut__in=[StatutTranche.PAYEE, StatutTranche.ANNULEE])


def calcul_transfert(origine: Subvention, date_transfert: date) -> rules.CalculTransfert:
    """The whole reading of a transfer of ``origine`` at a date (what the operator's page
    shows before confirming): raises ``ActionImpossible`` when the giver never signed."""
    donneuse = origine.convention
    fin = donneuse.fin_prevue or donneuse.date_fin
    if donneuse.date_debut is None or fin is None:
        raise ActionImpossible("Seule une convention signée et en cours peut être transférée.")
    tranches = list(origine.tranches.all())
    verse = sum((t.montant for t in tranches if t.statut == StatutTranche.PAYEE), Decimal("0"))
    if tranches:
        non_verse = sum(
            (
                t.montant
                for t in tranches
                if t.statut not in (StatutTranche.PAYEE, StatutTranche.ANNULEE)
            ),
            Decimal("0"),
        )
    else:  # no schedule yet: nothing was paid
        non_verse = origine.montant
    try:
        return rules.calculer_transfert(
            montant_total=origine.montant,
            debut=donneuse.date_debut,
            fin_prevue=fin,
            date_transfert=date_transfert,
            deja_verse=verse,
            non_verse=non_verse,
        )
    except rules.RegleNonRespectee as erreur:
        raise ActionImpossible(str(erreur)) from None


@transaction.atomic
def transferer_subvention(
    subvention_id: int,
    *,
    poste_receveur_id: int,
    date_transfert: date,
    par=None,
    request=None,
) -> Subvention:
    """The subsidy follows a transferred post [002 « Focus : les cas de transfert de
    poste »]: the receiving convention gets the pro rata of the time left on the giver's
    convention *as signed* (``fin_prevue``: the committee may have closed it on the day it
    took the post back), capped at what the giver was not paid; the giver's unpaid
    tranches are cancelled. A transfer that would move nothing is refused with its reason
    and changes nothing."""
    try:
        origine = (
            Subvention.objects.select_for_update(of=("self",))
            .select_related("convention")
            .get(pk=subvention_id)
        )
    except Subvention.DoesNotExist:
        raise ActionImpossible("Cette subvention n’existe pas.") from None
    deja = Subvention.objects.filter(transferee_depuis=origine).first()
    if deja is not None:
        return deja
    donneuse = verrouiller_convention(origine.convention_id)
    try:
        poste = Poste.objects.select_related("convention__structure").get(pk=poste_receveur_id)
    except Poste.DoesNotExist:
        raise ActionImpossible("Ce poste n’existe pas.") from None
    receveuse = verrouiller_convention(poste.convention_id)
    if receveuse.pk == donneuse.pk:
        raise ActionImpossible("Le poste receveur doit appartenir à une autre convention.")
    if receveuse.structure.departement_id != donneuse.structure.departement_id:
        raise ActionImpossible("Un transfert se fait entre structures du même département.")
    if receveuse.statut not in (StatutConvention.A_SIGNER, StatutConvention.SIGNEE):
        raise ActionImpossible("La convention de la structure d’accueil est terminée.")
    restantes = list(_tranches_non_versees(origine).select_for_update())
    origine.convention = donneuse
    calcul = calcul_transfert(origine, date_transfert)
    if not calcul.possible:
        raise ActionImpossible("Transfert refusé : " + calcul.motif_refus)
    part = calcul.montant
    Tranche.objects.filter(pk__in=[t.pk for t in restantes]).update(statut=StatutTranche.ANNULEE)
    nouvelle = Subvention.objects.create(
        convention=receveuse,
        poste=poste,
        bareme=origine.bareme,
        type_contrat=origine.type_contrat,
        montant_de_base=part,
        aides_deduites=Decimal("0"),
        montant=part,
        duree_mois=origine.duree_mois,
        date_reference=date_transfert,
        transferee_depuis=origine,
    )
    planifier(nouvelle, receveuse)
    _journaliser(
        "conventions.subvention_transferee",
        f"Subvention transférée de {donneuse.structure.nom} à {receveuse.structure.nom} : "
        f"{euros(part)} ({calcul.jours_restants} jours restants sur "
        f"{calcul.jours_total}, plafonné au non versé de {euros(calcul.non_verse)})",
        nouvelle,
        par=par,
        request=request,
        origine=origine.pk,
        montant=str(part),
        prorata=str(calcul.prorata),
        non_verse=str(calcul.non_verse),
        fin_prevue=calcul.fin_prevue.isoformat(),
        tranches_annulees=len(restantes),
    )
    return nouvelle
