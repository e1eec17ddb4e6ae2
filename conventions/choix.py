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
