"""The operator instructs a subsidy file: the structure uploads its pieces, the operator
checks them, asks for missing ones, then accepts the file (the subsidy is computed by the
rules of the structure's AMI and planned) or refuses it.

One function per action, one transaction, one audit event.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.services import ActionImpossible
from noyau.nombres import euros
from recrutement.models import DossierSubvention
from structures.choix import Nature

from . import rules
from .choix import (
    STATUTS_EN_COURS,
    EtatPiece,
    TypePiece,
)
from .models import (
    Contrat,
    PieceJustificative,
    Poste,
    Subvention,
)
from .notifications import ecrire_a_la_structure
from .paiements import bareme_de, planifier, verrouiller_convention

# --- Pieces ---------------------------------------------------------------------------------

TAILLE_MAX_PIECE = 5 * 1024 * 1024
# Accepted by their first bytes, whatever the file name says.
SIGNATURES = {b"%PDF-": "pdf", b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}


def pieces_requises(structure) -> list[str]:
    """The checklist of a file [003 étapes 5–7]: the deliberation for public structures only."""
    requises = [TypePiece.SIRENE, TypePiece.IDENTITE, TypePiece.CONTRAT, TypePiece.RIB]
    if structure.nature == Nature.PUBLIQUE:
        requises.insert(2, TypePiece.DELIBERATION)
    return [str(t) for t in requises]


def erreur_fichier(nom: str, taille: int, debut: bytes) -> str | None:
    if taille <= 0:
        return "Le fichier est vide."
    if taille > TAILLE_MAX_PIECE:
        return "Le fichier dépasse 5 Mo : réduisez-le ou numérisez-le en moins haute qualité."
    if not any(debut.startswith(s) for s in SIGNATURES):
        return "Déposez un fichier PDF, PNG ou JPEG."
    return None


def liste_de_controle(dossier: DossierSubvention) -> list[dict]:
    """For each required piece: the latest one deposited (or None) and its state."""
    dernieres: dict[str, PieceJustificative] = {}
    for piece in dossier.pieces.order_by("deposee_le", "pk"):
        dernieres[piece.type] = piece
    return [
        {"type": t, "libelle": TypePiece(t).label, "piece": dernieres.get(t)}
        for t in pieces_requises(dossier.structure)
    ]


def pieces_manquantes(controle: list[dict]) -> list[str]:
    """The pieces of a checklist still to provide: never deposited, or refused."""
    return [
        ligne["libelle"]
        for ligne in controle
        if ligne["piece"] is None or ligne["piece"].etat == EtatPiece.REFUSEE
    ]


def dossiers_a_completer(structure_id: int) -> list[dict]:
    """The structure's open files and, for each, the pieces it still has to provide: its next
    step as soon as a file opens [003 étapes 5–7]."""
    ouverts = DossierSubvention.objects.filter(
        structure_id=structure_id, statut__in=DossierSubvention.OUVERTS
    ).select_related("structure", "mise_en_relation__candidat__utilisateur")
    resultat = []
    for dossier in ouverts.order_by("ouvert_le", "pk"):
        manquantes = pieces_manquantes(liste_de_controle(dossier))
        if manquantes or dossier.statut == DossierSubvention.Statut.PIECES_DEMANDEES:
            resultat.append({"dossier": dossier, "manquantes": manquantes})
    return resultat


def _verrouiller_dossier(dossier_id: int, structure_id: int | None = None) -> DossierSubvention:
    qs = DossierSubvention.objects.select_for_update(of=("self",)).select_related(
        "structure", "mise_en_relation"
    )
    if structure_id is not None:
        qs = qs.filter(structure_id=structure_id)
    try:
        return qs.get(pk=dossier_id)
    except DossierSubvention.DoesNotExist:
        raise ActionImpossible("Ce dossier n’existe pas.") from None


def _journaliser(action, description, cible, *, par, request, **details):
    journaliser(action, description, acteur=par, cible=cible, details=details, request=request)


@transaction.atomic
def deposer_piece(
    dossier_id: int, *, type_piece: str, fichier, structure_id: int, par=None, request=None
) -> PieceJustificative:
    """The structure uploads a piece of its file. A file waiting for pieces goes back to
    the operator once something new arrives."""
    dossier = _verrouiller_dossier(dossier_id, structure_id)
    if not dossier.ouvert:
        raise ActionImpossible("Ce dossier n’attend plus de pièces.")
    if type_piece not in pieces_requises(dossier.structure):
        raise ActionImpossible("Cette pièce n’est pas demandée pour votre dossier.")
    debut = fichier.read(16)
    fichier.seek(0)
    erreur = erreur_fichier(fichier.name or "", fichier.size or 0, debut)
    if erreur:
        raise ActionImpossible(erreur)
    piece = PieceJustificative(
        dossier=dossier,
        type=type_piece,
        nom_fichier=(fichier.name or "")[:200],
        taille=fichier.size,
        deposee_par=par,
    )
    piece.fichier.save(fichier.name or "piece", fichier, save=False)
    try:
        with transaction.atomic():
            piece.save()
    except IntegrityError:
        raise ActionImpossible(
            "Cette pièce est déjà déposée ; attendez sa vérification par l’opérateur."
        ) from None
    if dossier.statut == DossierSubvention.Statut.PIECES_DEMANDEES:
        dossier.statut = DossierSubvention.Statut.A_INSTRUIRE
        dossier.save(update_fields=["statut"])
    _journaliser(
        "conventions.piece_deposee",
        f"{dossier.structure.nom} dépose « {piece.get_type_display()} » au dossier n° {dossier.pk}",
        dossier,
        par=par,
        request=request,
        piece=piece.pk,
        type=type_piece,
    )
    return piece


@transaction.atomic
def verifier_piece(
    piece_id: int, *, accepter: bool, motif: str = "", par=None, request=None
) -> PieceJustificative:
    """The operator accepts a piece, or refuses it with a reason (the structure re-uploads)."""
    try:
        piece = PieceJustificative.objects.select_for_update().get(pk=piece_id)
    except PieceJustificative.DoesNotExist:
        raise ActionImpossible("Cette pièce n’existe pas.") from None
    dossier = _verrouiller_dossier(piece.dossier_id)
    if not dossier.ouvert:
        raise ActionImpossible("Ce dossier est clos.")
    if piece.etat != EtatPiece.DEPOSEE:
        raise ActionImpossible("Cette pièce a déjà été vérifiée.")
    if not accepter and not motif.strip():
        raise ActionImpossible("Indiquez pourquoi la pièce est refusée.")
    piece.etat = EtatPiece.ACCEPTEE if accepter else EtatPiece.REFUSEE
    piece.motif_refus = "" if accepter else motif.strip()[:500]
    piece.verifiee_le = timezone.now()
    piece.save(update_fields=["etat", "motif_refus", "verifiee_le"])
    _journaliser(
        "conventions.piece_" + ("acceptee" if accepter else "refusee"),
        f"« {piece.get_type_display()} » du dossier n° {dossier.pk} "
        + ("acceptée" if accepter else f"refusée : {piece.motif_refus}"),
        dossier,
        par=par,
        request=request,
        piece=piece.pk,
    )
    return piece


# --- Files opened by a renewal (request B, or a renewed contract) ---------------------------


def ouvrir_dossier(mise_en_relation, convention, *, motif: str, par=None, request=None):
    """Open the subsidy file of a recruitment for a convention (idempotent): a renewed
    convention (phase 2) funds its contracts as a first convention does."""
    existant = DossierSubvention.objects.filter(
        mise_en_relation=mise_en_relation,
        convention=convention,
        statut__in=[*DossierSubvention.OUVERTS, DossierSubvention.Statut.ACCEPTE],
    ).first()
    if existant is not None:
        return existant
    dossier = DossierSubvention.objects.create(
        mise_en_relation=mise_en_relation,
        structure_id=convention.structure_id,
        convention=convention,
    )
    _journaliser(
        "conventions.dossier_ouvert",
        f"Dossier de subvention n° {dossier.pk} ouvert pour {convention.structure.nom} ({motif})",
        dossier,
        par=par,
        request=request,
        convention=convention.pk,
        motif=motif,
    )
    return dossier


def dossier_du_contrat_renouvele(ancien, nouveau, *, par=None, request=None):
    """A renewed contract follows the path of a first one — on the convention it runs under:
    if that convention has no subsidy yet for the post, the new contract's file is opened
    (an open file of the previous contract on it is cancelled: the new contract is the one
    instructed); if it has one, the subsidy goes on and no second file is opened."""
    from .models import Poste

    poste = Poste.objects.select_related("convention__structure").get(pk=nouveau.poste_id)
    convention = poste.convention
    if convention.statut not in STATUTS_EN_COURS:
        return None
    if Subvention.objects.filter(
        convention=convention, poste=poste, transferee_depuis__isnull=True
    ).exists():
        return None
    DossierSubvention.objects.filter(
        mise_en_relation=ancien, convention=convention, statut__in=DossierSubvention.OUVERTS
    ).update(statut=DossierSubvention.Statut.ANNULE, annule_le=timezone.now())
    return ouvrir_dossier(nouveau, convention, motif="contrat renouvelé", par=par, request=request)


# --- Instruction of a file --------------------------------------------------------------------


@transaction.atomic
def demander_pieces(dossier_id: int, *, message: str, par=None, request=None):
    """The operator asks the structure for missing or corrected pieces (by e-mail)."""
    dossier = _verrouiller_dossier(dossier_id)
    if not dossier.ouvert:
        raise ActionImpossible("Ce dossier est clos.")
    if not message.strip():
        raise ActionImpossible("Indiquez les pièces demandées.")
    dossier.statut = DossierSubvention.Statut.PIECES_DEMANDEES
    dossier.pieces_demandees = message.strip()
    dossier.save(update_fields=["statut", "pieces_demandees"])
    ecrire_a_la_structure(
        dossier.structure,
        "Des pièces manquent à votre dossier de subvention",
        "pieces_demandees",
        dossier=dossier,
        message=dossier.pieces_demandees,
    )
    _journaliser(
        "conventions.pieces_demandees",
        f"Pièces demandées à {dossier.structure.nom} pour le dossier n° {dossier.pk}",
        dossier,
        par=par,
        request=request,
    )
    return dossier


@transaction.atomic
def accepter_dossier(
    dossier_id: int,
    *,
    autres_aides: Decimal = Decimal("0"),
    montant_saisi: Decimal | None = None,
    par=None,
    request=None,
) -> Subvention:
    """The operator accepts a complete file: the subsidy is computed by the rules of the
    structure's AMI, and its tranches planned when their reference date is known."""
    dossier = _verrouiller_dossier(dossier_id)
    if dossier.statut == DossierSubvention.Statut.ACCEPTE:
        return dossier.subvention
    if not dossier.ouvert:
        raise ActionImpossible("Ce dossier est clos.")
    manquantes = [
        ligne["libelle"]
        for ligne in liste_de_controle(dossier)
        if ligne["piece"] is None or ligne["piece"].etat != EtatPiece.ACCEPTEE
    ]
    if manquantes:
        raise ActionImpossible(
            "Pièces manquantes ou non vérifiées : " + ", ".join(manquantes) + "."
        )
    mer = dossier.mise_en_relation
    contrat = Contrat.objects.filter(mise_en_relation=mer).first()
    if contrat is None:
        raise ActionImpossible(
            "Le recrutement n’est pas encore validé par l’équipe nationale : pas de contrat."
        )
    poste = Poste.objects.select_related("convention").get(pk=contrat.poste_id)
    convention = verrouiller_convention(dossier.convention_id or poste.convention_id)
    if convention.statut not in STATUTS_EN_COURS:
        raise ActionImpossible("La convention de ce poste est terminée.")
    if Subvention.objects.filter(
        convention=convention, poste=poste, transferee_depuis__isnull=True
    ).exists():
        raise ActionImpossible(
            "Ce poste a déjà sa subvention sur cette convention : un contrat qui se succède "
            "sur le poste la poursuit."
        )
    structure = convention.structure
    bareme = rules.BAREMES[convention.bareme] if convention.bareme else bareme_de(structure)
    try:
        calcul = rules.calculer_subvention(
            bareme,
            type_contrat=rules.TypeContrat(contrat.type_contrat),
            departement=structure.departement_id,
            autres_aides=autres_aides,
            montant_saisi=montant_saisi,
        )
    except rules.RegleNonRespectee as erreur:
        raise ActionImpossible(str(erreur)) from None
    subvention = Subvention.objects.create(
        convention=convention,
        poste=poste,
        dossier=dossier,
        mise_en_relation=mer,
        bareme=bareme.code,
        type_contrat=contrat.type_contrat,
        montant_de_base=calcul.montant_de_base,
        aides_deduites=calcul.aides_deduites,
        montant=calcul.montant,
        duree_mois=calcul.duree_mois,
    )
    planifier(subvention, convention)
    dossier.statut = DossierSubvention.Statut.ACCEPTE
    dossier.autres_aides = calcul.aides_deduites
    dossier.decide_le = timezone.now()
    dossier.decide_par = par
    dossier.save(update_fields=["statut", "autres_aides", "decide_le", "decide_par"])
    ecrire_a_la_structure(
        structure,
        "Votre dossier de subvention est accepté",
        "dossier_accepte",
        dossier=dossier,
        subvention=subvention,
    )
    _journaliser(
        "conventions.dossier_accepte",
        f"Dossier n° {dossier.pk} de {structure.nom} accepté : subvention de "
        f"{euros(subvention.montant)}",
        dossier,
        par=par,
        request=request,
        subvention=subvention.pk,
        montant=str(subvention.montant),
        bareme=bareme.code,
    )
    return subvention


@transaction.atomic
def refuser_dossier(dossier_id: int, *, motif: str, par=None, request=None):
    dossier = _verrouiller_dossier(dossier_id)
    if dossier.statut == DossierSubvention.Statut.REFUSE:
        return dossier
    if not dossier.ouvert:
        raise ActionImpossible("Ce dossier est clos.")
    if not motif.strip():
        raise ActionImpossible("Indiquez le motif du refus.")
    dossier.statut = DossierSubvention.Statut.REFUSE
    dossier.motif_refus = motif.strip()
    dossier.decide_le = timezone.now()
    dossier.decide_par = par
    dossier.save(update_fields=["statut", "motif_refus", "decide_le", "decide_par"])
    ecrire_a_la_structure(
        dossier.structure,
        "Votre dossier de subvention est refusé",
        "dossier_refuse",
        dossier=dossier,
        motif=dossier.motif_refus,
    )
    _journaliser(
        "conventions.dossier_refuse",
        f"Dossier n° {dossier.pk} de {dossier.structure.nom} refusé",
        dossier,
        par=par,
        request=request,
        motif=dossier.motif_refus,
    )
    return dossier
