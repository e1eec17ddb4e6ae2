"""Business actions on host structures: one transaction and one audit event each."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from comptes import services as comptes_services
from comptes.journal import journaliser
from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from comptes.services import ActionImpossible
from noyau import courriels

from . import annuaire
from .choix import StatutStructure
from .models import Structure
from .rules import SiretInvalide, eligibilite, valider_siret, verifier_transition

MESSAGE_SIRET_DEJA_INSCRIT = (
    "Une structure est déjà inscrite avec ce SIRET : une seule inscription par structure "
    "porteuse. Si vous en êtes gestionnaire, demandez une invitation à son contact ; sinon, "
    "écrivez à conseiller-numerique@anct.gouv.fr."
)

CHAMPS_STRUCTURE = (
    "nom",
    "type",
    "adresse",
    "commune",
    "reseau",
    "contact_prenom",
    "contact_nom",
    "contact_fonction",
    "contact_email",
    "contact_telephone",
)


class InscriptionImpossible(ActionImpossible):
    """Refused sign-up; ``champ`` names the form field the message belongs next to."""

    def __init__(self, message: str, champ: str | None = None):
        super().__init__(message)
        self.champ = champ


def inscrire_structure(
    *,
    siret: str,
    structure: dict,
    demande: dict,
    mot_de_passe: str | None = None,
    gestionnaire: Utilisateur | None = None,
    request=None,
):
    """Register a structure, its first manager and its application (request A), at once.

    Without ``gestionnaire``, the manager's account is created from the contact person and
    stays inactive until its address is confirmed (``comptes.services.inscrire``). A
    signed-in user registering a structure becomes its manager directly.

    Two sign-ups with the same SIRET at the same time: the unique index lets one through,
    the other one is told, and nothing of it is kept. Returns (structure, demande), or
    (None, None) when the contact's address already has an account: nothing is created and
    its owner is told by e-mail, while the page answers as for a new address.
    """
    try:
        siret = valider_siret(siret)
    except SiretInvalide as erreur:
        raise InscriptionImpossible(str(erreur), "siret") from None
    motif = eligibilite(structure.get("type", "")).motif
    if motif:
        raise InscriptionImpossible(motif, "type")
    # Outside the transaction: no lock is held while the directory is asked.
    verification = annuaire.verifier(siret)
    if verification.refus:
        raise InscriptionImpossible(verification.refus, "siret")
    structure = {
        **structure,
        "siret_a_verifier": verification.a_verifier,
        "categorie_juridique": (
            verification.etablissement.categorie_juridique if verification.etablissement else ""
        ),
    }
    try:
        return _inscrire(siret, structure, demande, mot_de_passe, gestionnaire, request)
    except IntegrityError:
        # The transaction is rolled back: see which unique value another request took.
        if Structure.objects.filter(siret=siret).exists():
            raise InscriptionImpossible(MESSAGE_SIRET_DEJA_INSCRIT, "siret") from None
        email = structure.get("contact_email", "")
        if gestionnaire is None and comptes_services.adresse_prise(email):
            # Answered like a new address (the page cannot tell who has an account); the
            # owner is told to sign in first, then register the structure from her account.
            comptes_services.prevenir_inscription_existante(
                email,
                demarche=f"l’inscription de la structure « {structure.get('nom', '')} »",
                request=request,
            )
            return None, None
        raise


@transaction.atomic
def _inscrire(siret, donnees, donnees_demande, mot_de_passe, gestionnaire, request):
    from instruction.choix import TypeDemande
    from instruction.services import deposer_demande

    commune = donnees["commune"]
    structure = Structure.objects.create(
        siret=siret,
        departement_id=commune.departement_id,
        code_postal=donnees.get("code_postal") or commune.code_postal_principal,
        statut=StatutStructure.CREEE,
        statut_modifie_le=timezone.now(),
        **{champ: donnees.get(champ, "") for champ in CHAMPS_STRUCTURE if champ != "reseau"},
        reseau=donnees.get("reseau"),
        categorie_juridique=donnees.get("categorie_juridique", ""),
        siret_a_verifier=donnees.get("siret_a_verifier", False),
    )
    if gestionnaire is None:
        gestionnaire = comptes_services.inscrire(
            email=structure.contact_email,
            prenom=structure.contact_prenom,
            nom=structure.contact_nom,
            mot_de_passe=mot_de_passe,
            request=request,
        )
        gestionnaire.telephone = structure.contact_telephone
        gestionnaire.save(update_fields=["telephone"])
    Habilitation.objects.create(utilisateur=gestionnaire, role=Role.STRUCTURE, structure=structure)
    demande = deposer_demande(
        structure=structure,
        type=TypeDemande.A,
        par=gestionnaire,
        request=request,
        **donnees_demande,
    )
    journaliser(
        "structure.inscription",
        f"Inscription de la structure {structure.nom} (SIRET {structure.siret})",
        acteur=gestionnaire,
        cible=structure,
        role=Role.STRUCTURE,
        details={
            "siret": structure.siret,
            "type": structure.type,
            "departement": structure.departement_id,
            "reseau": structure.reseau.nom if structure.reseau else "",
            "demande": demande.pk,
            "annuaire": (
                "indisponible, SIRET à vérifier"
                if structure.siret_a_verifier
                else "vérifié"
                if annuaire.est_configure()
                else "non configuré"
            ),
        },
        request=request,
    )
    courriels.envoyer(
        structure.contact_email,
        "Votre candidature est enregistrée",
        "structures/courriels/candidature_enregistree",
        {
            "structure": structure,
            "demande": demande,
            "compte_a_confirmer": not gestionnaire.email_verifie_le,
            "lien_espace": settings.SITE_URL + reverse("structures:espace"),
        },
    )
    return structure, demande


def appliquer_statut(structure: Structure, vers: str, *, doublon_de=None) -> None:
    """Change a locked structure's status along the transition table. No audit event: the
    calling service records the business action (decision, cancellation…) itself."""
    verifier_transition(structure.statut, vers)
    structure.statut = vers
    structure.doublon_de = doublon_de if vers == StatutStructure.DOUBLON else None
    structure.statut_modifie_le = timezone.now()
    structure.save(update_fields=["statut", "doublon_de", "statut_modifie_le"])


@transaction.atomic
def changer_statut(
    structure: Structure,
    vers: str,
    *,
    par: Utilisateur | None,
    motif: str,
    doublon_de: Structure | None = None,
    request=None,
) -> Structure:
    """The national team cancels a registration, marks it as a duplicate or takes a
    structure out of the programme. Its open requests are cancelled with it."""
    from instruction.choix import StatutDemande
    from instruction.services import cloturer_demandes_ouvertes

    structure = Structure.objects.select_for_update().get(pk=structure.pk)
    if vers == StatutStructure.DOUBLON and (doublon_de is None or doublon_de.pk == structure.pk):
        raise ActionImpossible("Indiquez l’inscription principale dont celle-ci est le doublon.")
    if not motif.strip():
        raise ActionImpossible("Indiquez le motif de ce changement de statut.")
    ancien = structure.get_statut_display()
    try:
        appliquer_statut(structure, vers, doublon_de=doublon_de)
    except ValueError as erreur:
        raise ActionImpossible(str(erreur)) from None
    if vers in (StatutStructure.ANNULEE, StatutStructure.DOUBLON, StatutStructure.ABANDON):
        cloturer_demandes_ouvertes(structure, StatutDemande.ANNULEE, par=par, motif=motif)
    journaliser(
        "structure.statut",
        f"{structure.nom} : « {ancien} » → « {structure.get_statut_display()} »",
        acteur=par,
        cible=structure,
        details={
            "vers": vers,
            "motif": motif,
            "doublon_de": doublon_de.pk if doublon_de else None,
        },
        request=request,
    )
    return structure
