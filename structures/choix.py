"""The closed lists of the structures domain (no ORM: rules.py and models.py share them)."""

from django.db import models


class TypeStructure(models.TextChoices):
    """The legal type a structure declares; public/private and eligibility derive from it."""

    # Public: collectivités territoriales, their groupings and attached public bodies
    # [000 §II.2], GIP and other public bodies [002].
    COMMUNE = "COMMUNE", "Commune"
    DEPARTEMENT = "DEPARTEMENT", "Département"
    REGION = "REGION", "Région"
    EPCI = "EPCI", "Intercommunalité (EPCI : communauté de communes, d’agglomération, métropole…)"
    COLLECTIVITE = (
        "COLLECTIVITE",
        "Autre collectivité ou groupement (syndicat mixte, Métropole de Lyon, "
        "établissement public territorial, collectivité d’outre-mer…)",
    )
    CCAS_CIAS = "CCAS_CIAS", "Centre (inter)communal d’action sociale (CCAS, CIAS)"
    GIP = "GIP", "Groupement d’intérêt public (GIP)"
    ETABLISSEMENT_PUBLIC = (
        "ETABLISSEMENT_PUBLIC",
        "Autre établissement public rattaché à une collectivité (médiathèque, office…)",
    )
    # Not eligible: the State's own services are not host structures of the programme.
    SERVICE_ETAT = "SERVICE_ETAT", "Service de l’État (administration centrale ou déconcentrée)"
    # Private [001 §II.2].
    ASSOCIATION = "ASSOCIATION", "Association (loi 1901, ou loi 1908 en Alsace-Moselle)"
    ENTREPRISE_ESS = (
        "ENTREPRISE_ESS",
        "Entreprise de l’économie sociale et solidaire (coopérative, mutuelle, fondation, "
        "société agréée ESS)",
    )
    ESH = "ESH", "Entreprise sociale pour l’habitat"
    GRADES = "GRADES", "GRADeS (groupement régional d’appui au développement de la e-santé)"
    PRIVE_NON_LUCRATIF = (
        "PRIVE_NON_LUCRATIF",
        "Autre personne morale de droit privé d’intérêt général, sans but exclusivement lucratif",
    )
    # Not eligible: for-profit companies outside the social economy, individuals.
    ENTREPRISE = "ENTREPRISE", "Entreprise à but lucratif (hors économie sociale et solidaire)"
    ENTREPRENEUR_INDIVIDUEL = (
        "ENTREPRENEUR_INDIVIDUEL",
        "Entrepreneur individuel, micro-entreprise",
    )


class StatutStructure(models.TextChoices):
    """The statuses of the real platform (structures.statut), with their screen labels."""

    CREEE = "CREEE", "Non traitée"
    VALIDATION_COSELEC = "VALIDATION_COSELEC", "Validée en comité de sélection"
    EXAMEN_COMPLEMENTAIRE_COSELEC = "EXAMEN_COMPLEMENTAIRE_COSELEC", "Examen complémentaire"
    REFUS_COSELEC = "REFUS_COSELEC", "Refusée en comité de sélection"
    ABANDON = "ABANDON", "Abandonnée"
    ANNULEE = "ANNULEE", "Annulée"
    DOUBLON = "DOUBLON", "Doublon"
    REFUS_COORDINATEUR = "REFUS_COORDINATEUR", "Refus coordinateur"


class Nature(models.TextChoices):
    PUBLIQUE = "publique", "Publique"
    PRIVEE = "privee", "Privée"
