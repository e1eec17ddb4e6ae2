"""Pure rules of the candidate pool: values, checks and derived figures. No ORM, no I/O.

Values follow the real platform (anct-cnum ``conseillers``): travel distances 5 to 100 km
or anywhere (2,000 km), five situation flags of which at least one is ticked, a motivation
of at most 2,500 characters, CVs deleted after a retention period.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

# --- Travel distance -------------------------------------------------------------------
DISTANCE_PARTOUT = 2000
DISTANCES_KM: list[tuple[int, str]] = [
    (5, "5 km"),
    (10, "10 km"),
    (15, "15 km"),
    (20, "20 km"),
    (40, "40 km"),
    (100, "100 km"),
    (DISTANCE_PARTOUT, "Toute la France"),
]

# --- Situations (model field, label) ---------------------------------------------------
SITUATIONS: list[tuple[str, str]] = [
    ("est_demandeur_emploi", "Demandeur ou demandeuse d’emploi"),
    ("est_en_emploi", "En emploi"),
    ("est_en_formation", "En formation"),
    ("est_diplome_med_num", "Diplômé(e) en médiation numérique"),
    ("a_experience_med_num", "Expérience en médiation numérique (salariée ou bénévole)"),
]
CHAMPS_SITUATION = [champ for champ, _ in SITUATIONS]
LIBELLES_SITUATION = dict(SITUATIONS)

MOTIVATION_MAX = 2500
AGE_MIN = 16
AGE_MAX = 99

# --- CV ----------------------------------------------------------------------------------
CV_TAILLE_MAX = 5 * 1024 * 1024
CV_SIGNATURE = b"%PDF-"
CV_FIN = b"%%EOF"
# How many bytes are read at each end of an upload to check it.
CV_OCTETS_LUS = 2048
# CVs are deleted this many months after they were uploaded (the real platform: 6 months);
# uploading a new CV restarts the clock. A setting CANDIDATS_RETENTION_CV_MOIS may override.
RETENTION_CV_MOIS = 6

# Known signatures of files that people rename to .pdf, to say what the file really is.
_SIGNATURES_CONNUES = [
    (b"\x89PNG\r\n\x1a\n", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"PK\x03\x04", "un document Word, LibreOffice ou une archive ZIP"),
    (b"\xd0\xcf\x11\xe0", "un ancien document Word ou Excel"),
    (b"{\\rtf", "un document RTF"),
]

# --- PIX -----------------------------------------------------------------------------------
# The five domains of the Pix reference framework, each assessed from level 0 to 8.
DOMAINES_PIX: list[tuple[str, str]] = [
    ("informations", "Informations et données"),
    ("communication", "Communication et collaboration"),
    ("contenus", "Création de contenu"),
    ("protection", "Protection et sécurité"),
    ("environnement", "Environnement numérique"),
]
NIVEAU_PIX_MAX = 8
SCORE_PIX_MAX = 1024
# Paliers shown to recruiters, as on the real platform (1 Débutant, 2 Intermédiaire, 3 Avancé).
PALIERS_PIX = {1: "Débutant", 2: "Intermédiaire", 3: "Avancé"}

# --- Account deletion ----------------------------------------------------------------------
MOTIFS_SUPPRESSION: list[tuple[str, str]] = [
    ("emploi_trouve", "J’ai trouvé un emploi"),
    ("recrute_conseiller", "J’ai été recruté(e) comme conseiller numérique"),
    ("plus_interesse", "Je ne souhaite plus devenir conseiller numérique"),
    ("trop_de_sollicitations", "Je reçois trop de sollicitations"),
    ("autre", "Autre raison"),
]
# Reasons the platform records itself, never offered to the candidate.
MOTIFS_SUPPRESSION_SYSTEME: list[tuple[str, str]] = [
    ("rgpd_inactivite", "Suppression automatique après inactivité (RGPD)"),
]
DOMAINE_ANONYME = "anonyme.invalid"


# --- Checks --------------------------------------------------------------------------------
def erreur_disponibilite(disponible_le: date, aujourd_hui: date) -> str | None:
    if disponible_le < aujourd_hui:
        return "La date de disponibilité ne peut pas être dans le passé."
    return None


def age(date_naissance: date, aujourd_hui: date) -> int:
    avant_anniversaire = (aujourd_hui.month, aujourd_hui.day) < (
        date_naissance.month,
        date_naissance.day,
    )
    return aujourd_hui.year - date_naissance.year - int(avant_anniversaire)


def erreur_date_naissance(date_naissance: date, aujourd_hui: date) -> str | None:
    if date_naissance > aujourd_hui:
        return "La date de naissance ne peut pas être dans le futur."
    ans = age(date_naissance, aujourd_hui)
    if ans < AGE_MIN:
        return f"Vous devez avoir au moins {AGE_MIN} ans pour vous inscrire."
    if ans > AGE_MAX:
        return "Vérifiez l’année de votre date de naissance."
    return None


def erreurs_situation(situations: set[str], nom_diplome: str) -> dict[str, str]:
    """Errors keyed by form field: ``situations`` and ``nom_diplome_med_num``."""
    erreurs = {}
    if not situations:
        erreurs["situations"] = "Cochez au moins une situation."
    if "est_diplome_med_num" in situations and not nom_diplome.strip():
        erreurs["nom_diplome_med_num"] = "Indiquez le nom de votre diplôme en médiation numérique."
    return erreurs


def erreur_cv(nom_fichier: str, taille: int, debut: bytes, fin: bytes) -> str | None:
    """Refuse anything but a real PDF of at most 5 MB, judged by its content, not its name."""
    if taille == 0:
        return "Le fichier est vide."
    if taille > CV_TAILLE_MAX:
        mo = f"{taille / 1024 / 1024:.1f}".replace(".", ",")
        return f"Le fichier pèse {mo} Mo : la taille maximale est de 5 Mo."
    if not nom_fichier.lower().endswith(".pdf"):
        return "Le CV doit être un fichier PDF (extension .pdf)."
    if not debut.startswith(CV_SIGNATURE):
        for signature, nature in _SIGNATURES_CONNUES:
            if debut.startswith(signature):
                return (
                    f"Ce fichier n’est pas un PDF : c’est {nature} dont le nom se termine "
                    "par .pdf. Exportez votre CV au format PDF."
                )
        return "Ce fichier n’est pas un PDF valide. Exportez votre CV au format PDF."
    if CV_FIN not in fin:
        return (
            "Ce fichier PDF est incomplet ou endommagé. Exportez de nouveau votre CV au format PDF."
        )
    return None


def ajouter_mois(instant: datetime, mois: int) -> datetime:
    """The same day ``mois`` months later (or earlier, if negative), clamped to the month's end."""
    total = instant.year * 12 + instant.month - 1 + mois
    annee, mois_0 = divmod(total, 12)
    jour = min(instant.day, calendar.monthrange(annee, mois_0 + 1)[1])
    return instant.replace(year=annee, month=mois_0 + 1, day=jour)


def limite_retention_cv(maintenant: datetime, mois: int = RETENTION_CV_MOIS) -> datetime:
    """CVs uploaded before this instant have outlived the retention period."""
    return ajouter_mois(maintenant, -mois)


def tranche_naissance(date_naissance: date) -> int:
    """First year of the five-year band of a birth date: what statistics keep after deletion."""
    return date_naissance.year - date_naissance.year % 5


def libelle_tranche(debut: int | None) -> str:
    return f"{debut}–{debut + 4}" if debut else ""


def erreurs_pix(score: int | None, niveaux: dict[str, int | None]) -> dict[str, str]:
    erreurs = {}
    if score is None:
        erreurs["score"] = "Indiquez votre score Pix."
    elif not 0 <= score <= SCORE_PIX_MAX:
        erreurs["score"] = f"Le score Pix est compris entre 0 et {SCORE_PIX_MAX}."
    for code, _ in DOMAINES_PIX:
        niveau = niveaux.get(code)
        if niveau is None:
            erreurs[code] = "Indiquez votre niveau dans ce domaine."
        elif not 0 <= niveau <= NIVEAU_PIX_MAX:
            erreurs[code] = f"Le niveau est compris entre 0 et {NIVEAU_PIX_MAX}."
    return erreurs


def palier_pix(niveaux: dict[str, int]) -> int:
    """1 Débutant (average level below 3), 2 Intermédiaire (3 to 5), 3 Avancé (5 and more).

    Pix names levels 1–2 "débutant", 3–4 "intermédiaire", 5–6 "avancé", 7–8 "expert"; the
    real platform showed recruiters three paliers, so "expert" counts as "avancé".
    """
    if not niveaux:
        return 1
    moyenne = sum(niveaux.values()) / len(niveaux)
    if moyenne >= 5:
        return 3
    if moyenne >= 3:
        return 2
    return 1


def nom_public(prenom: str, nom: str) -> str:
    """First name and initial only: how agents without access to personal data see a person."""
    initiale = f" {nom.strip()[0].upper()}." if nom.strip() else ""
    return f"{prenom.strip()}{initiale}".strip() or "Candidat"


def email_anonyme(identifiant: int) -> str:
    """The non-personal placeholder that replaces a deleted account's address."""
    return f"compte-supprime-{identifiant}@{DOMAINE_ANONYME}"


# --- Status -----------------------------------------------------------------------------------
DISPONIBLE, NON_DISPONIBLE, RECRUTE = "disponible", "non_disponible", "recrute"
# Who may move a candidate from one status to another. "recrute" is set by the recruitment
# issue (a structure's validated recruitment) and undone by a rupture.
TRANSITIONS: dict[str, set[str]] = {
    DISPONIBLE: {NON_DISPONIBLE, RECRUTE},
    NON_DISPONIBLE: {DISPONIBLE, RECRUTE},
    RECRUTE: {DISPONIBLE},
}


def transition_permise(de: str, vers: str) -> bool:
    return vers in TRANSITIONS.get(de, set())


# --- Phone ------------------------------------------------------------------------------------
def normaliser_telephone(texte: str) -> str | None:
    """ "06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78" → digits kept; None if invalid.

    A French number has 10 digits starting with 0; an international one starts with + and has
    8 to 15 digits (overseas: +262, +590, +594, +596, +269…).
    """
    compact = "".join(c for c in texte if c not in " .-/()\u00a0")
    if len(compact) == 10 and compact.isdigit() and compact.startswith("0"):
        return compact
    if compact.startswith("+") and compact[1:].isdigit() and 8 <= len(compact) - 1 <= 15:
        return compact
    return None


def formater_telephone(numero: str) -> str:
    """ "0612345678" → "06 12 34 56 78"; other forms are shown as stored."""
    if len(numero) == 10 and numero.isdigit():
        return " ".join(numero[i : i + 2] for i in range(0, 10, 2))
    return numero
