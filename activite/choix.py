"""Every choice list of activity reports, beneficiaries and places, as in the reference.

Stored values are those of the national platforms (``individuel``, ``lieu_activite``,
``aide_aux_demarches_administratives``…); labels are their French labels, word for word.
Places use the vocabulary of the open-data schema « Lieux de médiation numérique » (v1.0.2):
the stored value IS the schema string, so an export needs no translation.
"""

from django.db import models

# --- Activity reports (compte rendu d'activité) -------------------------------------------


class TypeActivite(models.TextChoices):
    INDIVIDUEL = "individuel", "Accompagnement individuel"
    COLLECTIF = "collectif", "Atelier collectif"


# Plural labels used by the statistics (typeActivitePluralLabels).
TYPE_ACTIVITE_PLURIEL = {
    TypeActivite.INDIVIDUEL: "Accompagnements individuels",
    TypeActivite.COLLECTIF: "Participants aux ateliers",
}


class TypeLieu(models.TextChoices):
    """« Lieu de l’accompagnement », shown in the statistics as « Canaux »."""

    LIEU_ACTIVITE = "lieu_activite", "Lieu d’activité"
    AUTRE = "autre", "Autre lieu"
    DOMICILE = "domicile", "À domicile"
    A_DISTANCE = "a_distance", "À distance"


class Materiel(models.TextChoices):
    ORDINATEUR = "ordinateur", "Ordinateur"
    TELEPHONE = "telephone", "Téléphone"
    TABLETTE = "tablette", "Tablette"
    AUTRE = "autre", "Autre"
    AUCUN = "aucun", "Pas de matériel"


class Autonomie(models.TextChoices):
    ENTIEREMENT_ACCOMPAGNE = "entierement_accompagne", "Avec guidage"
    PARTIELLEMENT_AUTONOME = (
        "partiellement_autonome",
        "Autonome avec guidage en cas de besoin",
    )
    AUTONOME = "autonome", "Autonome"


# Stars shown and exported as « n/3 ».
ETOILES_AUTONOMIE = {
    Autonomie.ENTIEREMENT_ACCOMPAGNE: 1,
    Autonomie.PARTIELLEMENT_AUTONOME: 2,
    Autonomie.AUTONOME: 3,
}


class NiveauAtelier(models.TextChoices):
    DEBUTANT = "debutant", "Débutant"
    INTERMEDIAIRE = "intermediaire", "Intermédiaire"
    AVANCE = "avance", "Avancé"


ETOILES_NIVEAU = {
    NiveauAtelier.DEBUTANT: 1,
    NiveauAtelier.INTERMEDIAIRE: 2,
    NiveauAtelier.AVANCE: 3,
}


class StructureDeRedirection(models.TextChoices):
    ADMINISTRATION = "administration", "Administration (mairie, préfecture…)"
    MEDIATION_NUMERIQUE = "mediation_numerique", "Autre structure de médiation numérique"
    OPERATEUR_OU_ORGANISME_EN_CHARGE = (
        "operateur_ou_organisme_en_charge",
        "Opérateur ou organisme en charge de la démarche administrative",
    )
    AIDE_SOCIALE = (
        "aide_sociale",
        "Structure d’aide sociale (maison des solidarités, centre social…)",
    )
    INSERTION_PROFESSIONNELLE = (
        "insertion_professionnelle",
        "Structure d’insertion professionnelle (France Travail, mission locale, chambre de commerce…)",
    )
    AIDE_AUX_DEMARCHES_ADMINISTRATIVES = (
        "aide_aux_demarches_administratives",
        "Structure d’aide aux démarches administratives (France Services…)",
    )
    AUTRE = "autre", "Autre"


class Thematique(models.TextChoices):
    # « Médiation numérique » (19 values, thematiquesNonAdministrativesLabels)
    DIAGNOSTIC_NUMERIQUE = "diagnostic_numerique", "Diagnostic numérique"
    PRENDRE_EN_MAIN_DU_MATERIEL = "prendre_en_main_du_materiel", "Prendre en main du matériel"
    MAINTENANCE_DE_MATERIEL = "maintenance_de_materiel", "Maintenance de matériel"
    GERE_SES_CONTENUS_NUMERIQUES = "gere_ses_contenus_numeriques", "Gérer ses contenus numériques"
    NAVIGATION_SUR_INTERNET = "navigation_sur_internet", "Navigation sur internet"
    EMAIL = "email", "E-mail"
    BUREAUTIQUE = "bureautique", "Bureautique"
    RESEAUX_SOCIAUX = "reseaux_sociaux", "Réseaux sociaux communication"
    SANTE = "sante", "Santé"
    BANQUE_ET_ACHATS_EN_LIGNE = "banque_et_achats_en_ligne", "Banque et achats en ligne"
    ENTREPRENEURIAT = "entrepreneuriat", "Accompagner un professionnel"
    INSERTION_PROFESSIONNELLE = "insertion_professionnelle", "Insertion professionnelle"
    SECURITE_NUMERIQUE = "securite_numerique", "Prévention en sécurité numérique"
    PARENTALITE = "parentalite", "Parentalité"
    SCOLARITE_ET_NUMERIQUE = "scolarite_et_numerique", "Scolarité et numérique"
    CREER_AVEC_LE_NUMERIQUE = "creer_avec_le_numerique", "Créer avec le numérique"
    CULTURE_NUMERIQUE = "culture_numerique", "Culture numérique"
    INTELLIGENCE_ARTIFICIELLE = "intelligence_artificielle", "Intelligence artificielle (IA)"
    AIDE_AUX_DEMARCHES_ADMINISTRATIVES = (
        "aide_aux_demarches_administratives",
        "Aide aux démarches administratives",
    )
    # « Démarches administratives » (11 values, thematiquesAdministrativesLabels)
    PAPIERS_ELECTIONS_CITOYENNETE = (
        "papiers_elections_citoyennete",
        "Papiers - Élections - Citoyenneté",
    )
    FAMILLE_SCOLARITE = "famille_scolarite", "Famille - Scolarité"
    SOCIAL_SANTE = "social_sante", "Social - Santé"
    TRAVAIL_FORMATION = "travail_formation", "Travail - Formation - Entreprise"
    LOGEMENT = "logement", "Logement"
    TRANSPORTS_MOBILITE = "transports_mobilite", "Transports - Mobilité"
    ARGENT_IMPOTS = "argent_impots", "Argent - Impôts"
    JUSTICE = "justice", "Justice"
    ETRANGERS_EUROPE = "etrangers_europe", "Étrangers - Europe"
    LOISIRS_SPORTS_CULTURE = "loisirs_sports_culture", "Loisirs - Sports - Culture"
    ASSOCIATIONS = "associations", "Associations"


THEMATIQUES_ADMINISTRATIVES = (
    Thematique.PAPIERS_ELECTIONS_CITOYENNETE,
    Thematique.FAMILLE_SCOLARITE,
    Thematique.SOCIAL_SANTE,
    Thematique.TRAVAIL_FORMATION,
    Thematique.LOGEMENT,
    Thematique.TRANSPORTS_MOBILITE,
    Thematique.ARGENT_IMPOTS,
    Thematique.JUSTICE,
    Thematique.ETRANGERS_EUROPE,
    Thematique.LOISIRS_SPORTS_CULTURE,
    Thematique.ASSOCIATIONS,
)
THEMATIQUES_MEDIATION = tuple(t for t in Thematique if t not in THEMATIQUES_ADMINISTRATIVES)

# Tooltips of the reference (abbreviated), shown as hints under each theme.
AIDE_THEMATIQUES = {
    Thematique.DIAGNOSTIC_NUMERIQUE: "Évaluation des compétences, ex. ABC Diag de Pix",
    Thematique.PRENDRE_EN_MAIN_DU_MATERIEL: "Ordinateur, tablette, smartphone, périphériques",
    Thematique.MAINTENANCE_DE_MATERIEL: "Maintenance de niveau 1, installation, mises à jour",
    Thematique.GERE_SES_CONTENUS_NUMERIQUES: "Organiser, stocker, retrouver des données",
    Thematique.NAVIGATION_SUR_INTERNET: "Recherche, navigation, formulaires",
    Thematique.EMAIL: "Boîte mail, envoyer, recevoir",
    Thematique.BUREAUTIQUE: "Traitement de texte, tableur",
    Thematique.RESEAUX_SOCIAUX: "Lien social, visioconférence",
    Thematique.SANTE: "Ameli, Mon Espace Santé, Doctolib",
    Thematique.BANQUE_ET_ACHATS_EN_LIGNE: "Appli bancaire, achats, budget",
    Thematique.ENTREPRENEURIAT: "Créer son entreprise, communication professionnelle",
    Thematique.INSERTION_PROFESSIONNELLE: "France Travail, CV, emploi",
    Thematique.SECURITE_NUMERIQUE: "Connexion sans risque, fraudes",
    Thematique.PARENTALITE: "Suivi scolaire, dangers",
    Thematique.SCOLARITE_ET_NUMERIQUE: "Groupe scolaire, logiciels",
    Thematique.CREER_AVEC_LE_NUMERIQUE: "Médias, fablabs",
    Thematique.CULTURE_NUMERIQUE: "Usages responsables, fausses informations, RGPD",
    Thematique.INTELLIGENCE_ARTIFICIELLE: "Enjeux de l’IA, Café IA",
    Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES: "Ouvre les thématiques de démarches",
    Thematique.PAPIERS_ELECTIONS_CITOYENNETE: "ANTS · Défenseur des droits",
    Thematique.FAMILLE_SCOLARITE: "CAF · EduConnect · ameli.fr",
    Thematique.SOCIAL_SANTE: "ameli.fr · MSA",
    Thematique.TRAVAIL_FORMATION: "France Travail · Mon compte formation",
    Thematique.LOGEMENT: "CAF · Enedis",
    Thematique.TRANSPORTS_MOBILITE: "ANTS · ANTAI · Crit’air",
    Thematique.ARGENT_IMPOTS: "impots.gouv.fr",
    Thematique.JUSTICE: "Télérecours citoyens",
    Thematique.ETRANGERS_EUROPE: "OFPRA",
    Thematique.LOISIRS_SPORTS_CULTURE: "Ariane",
    Thematique.ASSOCIATIONS: "Croix-Rouge, Restos du cœur…",
}

# Durations offered by the form (duree-accompagnement.ts); any other value is « personnaliser ».
DUREES = [
    (15, "15mn"),
    (30, "30mn"),
    (45, "45mn"),
    (60, "1h"),
    (90, "1h30"),
    (120, "2h"),
]
DUREE_PERSONNALISEE = "personnaliser"
DUREE_MAXIMUM = 23 * 60 + 59


class TrancheDuree(models.TextChoices):
    """Statistics buckets [min, max) of dureeAccompagnementStatisticsRanges."""

    MOINS_30 = "30", "Moins de 30 min"
    DE_30_A_60 = "60", "30min à 1 h"
    DE_60_A_120 = "120", "1 h à 2 h"
    PLUS = "more", "2 h et plus"


# --- Beneficiaries ------------------------------------------------------------------------


class Genre(models.TextChoices):
    MASCULIN = "masculin", "Masculin"
    FEMININ = "feminin", "Féminin"
    NON_COMMUNIQUE = "non_communique", "Non communiqué"


# Labels of the beneficiary export (sexe).
GENRE_EXPORT = {
    Genre.MASCULIN: "Homme",
    Genre.FEMININ: "Femme",
    Genre.NON_COMMUNIQUE: "Non communiqué",
}


class TrancheAge(models.TextChoices):
    MOINS_DE_DOUZE = "moins_de_douze", "Moins de 12 ans"
    DOUZE_DIX_HUIT = "douze_dix_huit", "12 - 17 ans"
    DIX_HUIT_VINGT_QUATRE = "dix_huit_vingt_quatre", "18 - 24 ans"
    VINGT_CINQ_TRENTE_NEUF = "vingt_cinq_trente_neuf", "25 - 39 ans"
    QUARANTE_CINQUANTE_NEUF = "quarante_cinquante_neuf", "40 - 59 ans"
    SOIXANTE_SOIXANTE_NEUF = "soixante_soixante_neuf", "60 - 69 ans"
    SOIXANTE_DIX_PLUS = "soixante_dix_plus", "70 ans et plus"
    NON_COMMUNIQUE = "non_communique", "Non communiqué"


class StatutSocial(models.TextChoices):
    SCOLARISE = "scolarise", "Scolarisé"
    SANS_EMPLOI = "sans_emploi", "Sans emploi"
    EN_EMPLOI = "en_emploi", "En emploi"
    RETRAITE = "retraite", "Retraité"
    NON_COMMUNIQUE = "non_communique", "Non communiqué ou hétérogène"


# --- Places: the « Lieux de médiation numérique » open-data schema -------------------------


def _choix(*valeurs: str) -> list[tuple[str, str]]:
    return [(v, v) for v in valeurs]


SERVICES = _choix(
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)
PUBLICS_SPECIFIQUEMENT_ADRESSES = _choix(
    "Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes"
)
PRISE_EN_CHARGE_SPECIFIQUE = _choix(
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)
FRAIS_A_CHARGE = _choix("Gratuit", "Gratuit sous condition", "Payant")
DISPOSITIF_PROGRAMMES_NATIONAUX = _choix(
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)
FORMATIONS_LABELS = _choix(
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques (La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
# The schema's straight apostrophe (the Coop enum uses a typographic one): see rules.
MODALITES_ACCES = _choix(
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)
MODALITES_ACCOMPAGNEMENT = [
    ("En autonomie", "En autonomie"),
    ("Accompagnement individuel", "Accompagnement individuel"),
    ("Dans un atelier collectif", "Dans un atelier collectif"),
    ("À distance", "À distance (par téléphone ou en visioconférence)"),
]
ITINERANCE = _choix("Fixe", "Itinérant")

# data.inclusion structure typologies (92 codes). The reference gives the labels of some of
# them; the others are shown by their code.
_LIBELLES_TYPOLOGIE = {
    "ACI": "Structures porteuses d’ateliers et chantiers d’insertion (ACI)",
    "BIB": "Bibliothèque / Médiathèque",
    "CCAS": "Centres communaux d’action sociale (CCAS)",
    "EPN": "Espace publique numérique (EPN)",
    "FT": "France travail",
    "MUNI": "Municipalités",
    "RFS": "Réseau France Services",
    "TIERS_LIEUX": "Tiers lieu & coworking",
    "Autre": "Autre",
}
_CODES_TYPOLOGIE = [
    "ACI",
    "ACIPHC",
    "AFPA",
    "AI",
    "ASE",
    "ASSO",
    "ASSO_CHOMEUR",
    "Autre",
    "AVIP",
    "BIB",
    "CAARUD",
    "CADA",
    "CAF",
    "CAP_EMPLOI",
    "CAVA",
    "CC",
    "CCAS",
    "CCONS",
    "CD",
    "CDAS",
    "CFP",
    "CHRS",
    "CHU",
    "CIAS",
    "CIDFF",
    "CITMET",
    "CMP",
    "CMS",
    "CPAM",
    "CPH",
    "CS",
    "CSAPA",
    "CSC",
    "DEETS",
    "DEPT",
    "DIPLP",
    "E2C",
    "EA",
    "EATT",
    "EI",
    "EITI",
    "ENM",
    "EPCI",
    "EPI",
    "EPIDE",
    "EPN",
    "ES",
    "ESAT",
    "ESS",
    "ETTI",
    "EVS",
    "FABLAB",
    "FABRIQUE",
    "FAIS",
    "FT",
    "GEIQ",
    "HUDA",
    "LA_POSTE",
    "MDE",
    "MDH",
    "MDEF",
    "MDPH",
    "MDS",
    "MJC",
    "ML",
    "MQ",
    "MSA",
    "MSAP",
    "MUNI",
    "OACAS",
    "ODC",
    "OF",
    "OIL",
    "OPCS",
    "PAD",
    "PENSION",
    "PI",
    "PIJ_BIJ",
    "PIMMS",
    "PJJ",
    "PLIE",
    "PREF",
    "PREVENTION",
    "REG",
    "RELAIS_LECTURE",
    "RESSOURCERIE",
    "RFS",
    "RS_FJT",
    "SCP",
    "SPIP",
    "TIERS_LIEUX",
    "UDAF",
]
TYPOLOGIES = [
    (code, f"{code} – {_LIBELLES_TYPOLOGIE[code]}" if code in _LIBELLES_TYPOLOGIE else code)
    for code in _CODES_TYPOLOGIE
]

JOURS = [
    ("Mo", "Lundi"),
    ("Tu", "Mardi"),
    ("We", "Mercredi"),
    ("Th", "Jeudi"),
    ("Fr", "Vendredi"),
    ("Sa", "Samedi"),
    ("Su", "Dimanche"),
]

AVERTISSEMENT_NOTES = (
    "Il est interdit de stocker des informations sensibles (données de santé, mots de passe, etc)."
)
