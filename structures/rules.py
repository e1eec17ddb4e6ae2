"""Pure rules about host structures: SIRET, nature, eligibility, statuses. No ORM, no I/O."""

from dataclasses import dataclass

from stdnum.exceptions import InvalidChecksum, InvalidFormat, InvalidLength
from stdnum.fr import siret as stdnum_siret

from .choix import Nature, StatutStructure, TypeStructure

# --- SIRET ------------------------------------------------------------------------------


class SiretInvalide(ValueError):
    """The message is shown to the user as is."""


def normaliser_siret(valeur: str | None) -> str:
    """Digits only: users paste "213 300 635 00017" or "213.300.635.00017"."""
    return stdnum_siret.compact(valeur or "").replace(".", "").replace("-", "")


def valider_siret(valeur: str | None) -> str:
    """The compact SIRET if it is valid (14 digits, Luhn key, La Poste rule), else raise."""
    siret = normaliser_siret(valeur)
    if not siret:
        raise SiretInvalide("Indiquez le numéro SIRET de la structure (14 chiffres).")
    try:
        return stdnum_siret.validate(siret)
    except InvalidLength:
        raise SiretInvalide(
            f"Le SIRET compte 14 chiffres (vous en avez saisi {len(siret)})."
        ) from None
    except InvalidFormat:  # after InvalidLength, its subclass
        raise SiretInvalide("Le SIRET ne doit contenir que des chiffres.") from None
    except InvalidChecksum:
        raise SiretInvalide(
            "Ce numéro SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez-le sur "
            "votre avis de situation au répertoire SIRENE."
        ) from None


def siren(siret: str) -> str:
    return siret[:9]


# --- Nature and eligibility ---------------------------------------------------------------


@dataclass(frozen=True)
class Eligibilite:
    eligible: bool
    motif: str = ""


# One row per legal type: its nature and, when it is not eligible, why [000 §II.2, 001 §II.2].
_PUBLIQUES = {
    TypeStructure.COMMUNE,
    TypeStructure.DEPARTEMENT,
    TypeStructure.REGION,
    TypeStructure.EPCI,
    TypeStructure.COLLECTIVITE,
    TypeStructure.CCAS_CIAS,
    TypeStructure.GIP,
    TypeStructure.ETABLISSEMENT_PUBLIC,
    TypeStructure.SERVICE_ETAT,
}

MOTIFS_INELIGIBILITE = {
    TypeStructure.SERVICE_ETAT: (
        "Les services de l’État ne peuvent pas accueillir de conseiller numérique : le "
        "dispositif s’adresse aux collectivités territoriales, à leurs groupements et aux "
        "établissements qui leur sont rattachés, ainsi qu’aux acteurs privés d’intérêt général."
    ),
    TypeStructure.ENTREPRISE: (
        "Une entreprise à but lucratif n’est pas éligible : seules les entreprises de "
        "l’économie sociale et solidaire (loi n° 2014-856 du 31 juillet 2014) et les personnes "
        "morales de droit privé d’intérêt général sans but exclusivement lucratif peuvent "
        "accueillir un conseiller numérique. Si votre entreprise relève de l’ESS, choisissez ce "
        "type."
    ),
    TypeStructure.ENTREPRENEUR_INDIVIDUEL: (
        "Un entrepreneur individuel n’est pas éligible : la structure d’accueil doit être une "
        "personne morale (collectivité, établissement public, association, entreprise de "
        "l’ESS…)."
    ),
}

TYPES_PUBLICS = frozenset(_PUBLIQUES)
TYPES_PRIVES = frozenset(set(TypeStructure) - _PUBLIQUES)
TYPES_ELIGIBLES = frozenset(set(TypeStructure) - set(MOTIFS_INELIGIBILITE))


def nature(type_structure: str) -> Nature | None:
    """Public or private, derived from the legal type (None while the type is unknown)."""
    if type_structure in TYPES_PUBLICS:
        return Nature.PUBLIQUE
    if type_structure in TYPES_PRIVES:
        return Nature.PRIVEE
    return None


def eligibilite(type_structure: str) -> Eligibilite:
    if type_structure not in TypeStructure.values:
        return Eligibilite(False, "Choisissez le type juridique de la structure.")
    motif = MOTIFS_INELIGIBILITE.get(type_structure)
    return Eligibilite(False, motif) if motif else Eligibilite(True)


def types_de_nature(valeur: str) -> frozenset[str]:
    return TYPES_PUBLICS if valeur == Nature.PUBLIQUE else TYPES_PRIVES


# --- Statuses ---------------------------------------------------------------------------

S = StatutStructure

# Which status may follow which. Transitions change the status only: what comes with them
# (committee decision rows, audit events, e-mails) lives in the services.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.CREEE: frozenset(
        {
            S.VALIDATION_COSELEC,
            S.EXAMEN_COMPLEMENTAIRE_COSELEC,
            S.REFUS_COSELEC,
            S.REFUS_COORDINATEUR,
            S.ANNULEE,
            S.DOUBLON,
            S.ABANDON,
        }
    ),
    S.EXAMEN_COMPLEMENTAIRE_COSELEC: frozenset(
        {S.VALIDATION_COSELEC, S.REFUS_COSELEC, S.ANNULEE, S.DOUBLON, S.ABANDON}
    ),
    # A validated structure leaves when its quota falls to 0 (posts returned: abandon) or
    # when the national team cancels it.
    S.VALIDATION_COSELEC: frozenset({S.ABANDON, S.ANNULEE}),
    # A refused structure may apply again; its new request is examined from scratch.
    S.REFUS_COSELEC: frozenset({S.CREEE, S.ANNULEE, S.DOUBLON}),
    S.REFUS_COORDINATEUR: frozenset({S.CREEE, S.ANNULEE, S.DOUBLON}),
    # Reinstatement of a structure that had left (ops script of the real platform).
    S.ABANDON: frozenset({S.VALIDATION_COSELEC}),
    S.ANNULEE: frozenset(),
    S.DOUBLON: frozenset(),
}

# Statuses in which the structure takes part in the programme (recruits, reports).
STATUTS_ACTIFS = frozenset({S.VALIDATION_COSELEC})
STATUTS_FINAUX = frozenset(s for s, suivants in TRANSITIONS.items() if not suivants)


def transition_possible(de: str, vers: str) -> bool:
    return vers in TRANSITIONS.get(de, frozenset())


class TransitionImpossible(ValueError):
    pass


def verifier_transition(de: str, vers: str) -> None:
    if not transition_possible(de, vers):
        raise TransitionImpossible(
            f"Une structure « {S(de).label} » ne peut pas passer au statut « {S(vers).label} »."
        )


# What the structure reads on its space, by status: where it stands, then what comes next.
PROCHAINE_ETAPE: dict[str, str] = {
    S.CREEE: (
        "Votre candidature est transmise à la préfecture de votre département, qui donne son "
        "avis. L’ANCT décide ensuite en comité de sélection (il se réunit tous les 15 jours) : "
        "vous serez prévenu par courriel. D’ici là, préparez votre fiche de poste : elle doit "
        "être publiée au moins 30 jours avant la signature du contrat."
    ),
    S.EXAMEN_COMPLEMENTAIRE_COSELEC: (
        "Le comité de sélection a demandé un examen complémentaire de votre candidature, ou "
        "aucun poste n’était disponible à sa date : elle reste à l’étude pour les prochains "
        "comités, sans démarche de votre part. La préfecture peut vous contacter."
    ),
    S.VALIDATION_COSELEC: (
        "Votre candidature est validée. Recrutez votre conseiller dans le vivier de candidats "
        "avant la date limite indiquée ci-dessous, puis déposez votre demande de subvention et "
        "signez la convention avec la Banque des Territoires."
    ),
    S.REFUS_COSELEC: (
        "Votre candidature n’a pas été retenue par le comité de sélection. Vous pouvez en "
        "parler avec la préfecture de votre département avant de déposer une nouvelle demande."
    ),
    S.REFUS_COORDINATEUR: (
        "Votre demande de poste de coordinateur n’a pas été retenue par le comité de sélection."
    ),
    S.ABANDON: (
        "Votre structure est sortie du dispositif. Pour y revenir, écrivez à "
        "conseiller-numerique@anct.gouv.fr."
    ),
    S.ANNULEE: (
        "Votre candidature a été annulée. Pour toute question, écrivez à "
        "conseiller-numerique@anct.gouv.fr."
    ),
    S.DOUBLON: (
        "Cette inscription fait doublon avec une autre inscription de votre structure : "
        "poursuivez vos démarches depuis l’espace de l’inscription principale."
    ),
}


def prochaine_etape(statut: str) -> str:
    return PROCHAINE_ETAPE[statut]


# --- Legal category (catégorie juridique INSEE, niveau III) ---------------------------------
# The directory gives a structure's legal category as a 4-digit INSEE code; the ones that
# name one of our legal types without doubt are mapped, the others (commercial companies,
# which may or may not belong to the social economy…) are left for the person to choose.
TYPE_PAR_CATEGORIE = {
    "7210": TypeStructure.COMMUNE,  # Commune et commune nouvelle
    "7220": TypeStructure.DEPARTEMENT,
    "7230": TypeStructure.REGION,
    "7343": TypeStructure.EPCI,  # Communauté urbaine
    "7344": TypeStructure.EPCI,  # Métropole
    "7346": TypeStructure.EPCI,  # Communauté de communes
    "7348": TypeStructure.EPCI,  # Communauté d'agglomération
    "7361": TypeStructure.CCAS_CIAS,  # Centre communal d'action sociale
    "7367": TypeStructure.CCAS_CIAS,  # Centre intercommunal d'action sociale
    "7410": TypeStructure.GIP,  # Groupement d'intérêt public
    "1000": TypeStructure.ENTREPRENEUR_INDIVIDUEL,
}
PREFIXES_CATEGORIE = [
    ("92", TypeStructure.ASSOCIATION),  # 9210–9260: associations, incl. Alsace-Moselle
    ("93", TypeStructure.ENTREPRISE_ESS),  # fondations
    ("82", TypeStructure.ENTREPRISE_ESS),  # organismes mutualistes
    ("71", TypeStructure.SERVICE_ETAT),  # administration de l'État
    ("72", TypeStructure.COLLECTIVITE),  # autres collectivités territoriales
    ("735", TypeStructure.COLLECTIVITE),  # syndicats intercommunaux et mixtes, PETR
    ("737", TypeStructure.ETABLISSEMENT_PUBLIC),  # établissements publics locaux
]


def type_depuis_categorie(categorie: str) -> str:
    """Our legal type for an INSEE legal category, or "" when it does not decide it."""
    categorie = (categorie or "").strip()
    if categorie in TYPE_PAR_CATEGORIE:
        return TYPE_PAR_CATEGORIE[categorie]
    for prefixe, type_structure in PREFIXES_CATEGORIE:
        if categorie.startswith(prefixe):
            return type_structure
    return ""
