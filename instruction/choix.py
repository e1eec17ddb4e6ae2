"""The closed lists of the instruction domain (no ORM: rules.py and models.py share them)."""

from django.db import models


class TypeDemande(models.TextChoices):
    """The family of structure requests A–H of the prefectures' guide [002]."""

    A = "A", "Intégrer le dispositif"
    B = "B", "Renouveler la convention"
    C = "C", "Demander un poste supplémentaire"
    D = "D", "Déclarer une rupture de contrat"
    E = "E", "Restituer un poste"
    F = "F", "Ne pas renouveler la convention"
    G = "G", "Sortir du dispositif"
    H = "H", "Transférer un poste"


class StatutDemande(models.TextChoices):
    DEPOSEE = "deposee", "Déposée"
    EN_INSTRUCTION = "en_instruction", "En instruction"
    AJOURNEE = "ajournee", "En attente d’un prochain comité"
    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    ANNULEE = "annulee", "Annulée"


class PosteCoordinateur(models.TextChoices):
    """Whether the structure also asks for a coordinator post, and at what time rate."""

    AUCUN = "aucun", "Non"
    TEMPS_PARTIEL = "temps_partiel", "Oui, à temps partiel"
    TEMPS_PLEIN = "temps_plein", "Oui, à temps plein"


class PolitiquePrioritaire(models.TextChoices):
    """Links of the project with the priority public policies [003 étape 1]."""

    QPV = "QPV", "Quartier prioritaire de la politique de la ville (QPV)"
    ZRR = "ZRR", "Zone de revitalisation rurale (ZRR, France Ruralités Revitalisation)"
    PVD = "PVD", "Petites villes de demain"
    ACV = "ACV", "Action cœur de ville"
    FRANCE_SERVICES = "FRANCE_SERVICES", "Structure labellisée France Services"
    FABRIQUE = "FABRIQUE", "Fabrique de territoire (tiers-lieu labellisé)"
    AIDANTS_CONNECT = "AIDANTS_CONNECT", "Structure habilitée Aidants Connect"


class AvisComite(models.TextChoices):
    POSITIF = "POSITIF", "Favorable"
    NEGATIF = "NEGATIF", "Défavorable"
    EXAMEN_COMPLEMENTAIRE = "EXAMEN_COMPLEMENTAIRE", "Examen complémentaire"


class Phase(models.TextChoices):
    PHASE_1 = "1", "Phase 1 (2021-2023)"
    PHASE_2 = "2", "Phase 2 (2023-2027)"


class TypePoste(models.TextChoices):
    """Same values as ``conventions.choix.TypePoste``: a coordinator post is a kind of post."""

    CONSEILLER = "conseiller", "Conseillers numériques"
    COORDINATEUR = "coordinateur", "Coordinateur"


class Avis(models.TextChoices):
    """The prefecture's opinion on a request A, C or H [002 "Focus : L'avis de la Préfecture"]."""

    FAVORABLE = "favorable", "Favorable"
    DEFAVORABLE = "defavorable", "Défavorable"


class StatutComite(models.TextChoices):
    EN_PREPARATION = "en_preparation", "En préparation"
    CONFIRME = "confirme", "Confirmé"


class Resultat(models.TextChoices):
    """The three outcomes of a request at a committee [002]."""

    ACCEPTEE = "acceptee", "Acceptée"
    REFUSEE = "refusee", "Refusée"
    EN_ATTENTE = "en_attente", "En attente (prochain comité)"


class Classe(models.TextChoices):
    """Priority classes of the committee, in order [002 "Procédure d'attribution des postes"]."""

    LIBERATION = "liberation", "Restitution, non-renouvellement ou sortie"
    DEROGATION = "derogation", "Décision modifiée par l’ANCT"
    TRANSFERT = "transfert", "1 – Transfert de poste"
    PRIORITAIRE = "prioritaire", "2 – Département sous sa cible"
    AUTRE = "autre", "3 – Autre département"
    HORS_CLASSEMENT = "hors_classement", "Non classée"
