"""The closed lists of conventions and posts (no ORM: rules and models share them)."""

from django.db import models


class PhaseConvention(models.TextChoices):
    CONVENTIONNEMENT = "conventionnement", "Conventionnement"
    RENOUVELLEMENT = "renouvellement", "Renouvellement (reconventionnement)"


class StatutConvention(models.TextChoices):
    """Where a convention stands. Created "à signer" by a committee decision; signing and
    payments belong to the conventions issue, which will add its own statuses."""

    A_SIGNER = "a_signer", "À signer"
    SIGNEE = "signee", "Signée"
    TERMINEE = "terminee", "Terminée"


class TypePoste(models.TextChoices):
    CONSEILLER = "conseiller", "Conseiller numérique"
    COORDINATEUR = "coordinateur", "Coordinateur"


class EtatPoste(models.TextChoices):
    VACANT = "vacant", "Vacant"
    OCCUPE = "occupe", "Occupé"
    RENDU = "rendu", "Rendu"


# A convention that has not ended: its posts count as allocated.
STATUTS_EN_COURS = (StatutConvention.A_SIGNER, StatutConvention.SIGNEE)


class StatutContrat(models.TextChoices):
    EN_COURS = "en_cours", "En cours"
    ROMPU = "rompu", "Rompu"
    TERMINE = "termine", "Terminé"
    RENOUVELE = "renouvele", "Renouvelé"


class StatutProlongation(models.TextChoices):
    DEMANDEE = "demandee", "Demandée"
    VALIDEE = "validee", "Validée"
    REFUSEE = "refusee", "Refusée"


class TypePiece(models.TextChoices):
    """Supporting documents of a subsidy file [003 étape 6]."""

    SIRENE = "sirene", "Fiche SIRENE de la structure"
    IDENTITE = "identite", "Pièce d’identité des représentants légaux"
    DELIBERATION = "deliberation", "Délibération de l’organe délibérant"
    CONTRAT = "contrat", "Contrat de travail signé"
    RIB = "rib", "Relevé d’identité bancaire"


class EtatPiece(models.TextChoices):
    DEPOSEE = "deposee", "Déposée, à vérifier"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"


class StatutTranche(models.TextChoices):
    PREVUE = "prevue", "Prévue"
    EXIGIBLE = "exigible", "Exigible"
    PAYEE = "payee", "Payée"
    ANNULEE = "annulee", "Annulée (transfert ou fin de convention)"


class MotifSuspension(models.TextChoices):
    REPORTING = "reporting", "Absence de remontée des données (reporting)"
    HORS_CATALOGUE = "hors_catalogue", "Missions hors du catalogue des activités"
    COMPTES_RENDUS = "comptes_rendus", "Comptes rendus d’activité manquants"


class StatutRemboursement(models.TextChoices):
    DEMANDE = "demande", "Demandé"
    RECU = "recu", "Reçu"
