"""The public directory of companies (« API Recherche d'entreprises », SIRENE data).

Off unless ``ANNUAIRE_ENTREPRISES_URL`` gives the API's base URL: sign-up then checks the
SIRET's checksum only, as before. When configured, a SIRET is looked up once, with a short
timeout (``ANNUAIRE_ENTREPRISES_DELAI``): found, the form is prefilled from it; closed or
unknown, the sign-up is refused with a French message; unreachable, slow or garbled, the
sign-up goes on and the structure is marked « SIRET à vérifier » for the prefecture.

Response shape (``GET /search?q=<siret>``): ``results[]`` of legal units (``siren``,
``nom_complet``, ``nature_juridique``, ``etat_administratif``, ``siege``) with the
establishments that matched (``matching_etablissements[]``: ``siret``, ``adresse``,
``code_postal``, ``commune`` = INSEE code, ``libelle_commune``, ``etat_administratif``
« A » active / « F » closed, ``date_fermeture``, ``numero_voie``, ``type_voie``,
``libelle_voie``).
"""

import logging
from dataclasses import dataclass
from datetime import date

import requests
from django.conf import settings

from .rules import type_depuis_categorie

logger = logging.getLogger(__name__)

TYPES_VOIE = {
    "AV": "avenue",
    "BD": "boulevard",
    "CHE": "chemin",
    "IMP": "impasse",
    "PL": "place",
    "QUAI": "quai",
    "RTE": "route",
    "RUE": "rue",
    "ALL": "allée",
    "CRS": "cours",
}


class AnnuaireIndisponible(Exception):
    """The directory did not answer in time, or answered something unusable."""


@dataclass(frozen=True)
class Etablissement:
    siret: str
    nom: str
    categorie_juridique: str
    type: str  # our TypeStructure, or "" when the category does not decide it
    adresse: str
    code_postal: str
    code_insee: str
    libelle_commune: str
    ferme: bool
    date_fermeture: date | None


def est_configure() -> bool:
    return bool(settings.ANNUAIRE_ENTREPRISES_URL)


def _voie(etablissement: dict) -> str:
    morceaux = [
        etablissement.get("numero_voie") or "",
        etablissement.get("indice_repetition") or "",
        TYPES_VOIE.get(etablissement.get("type_voie") or "", etablissement.get("type_voie") or ""),
        (etablissement.get("libelle_voie") or "").title(),
    ]
    voie = " ".join(m for m in morceaux if m).strip()
    return voie or (etablissement.get("adresse") or "")


def _date(valeur) -> date | None:
    try:
        return date.fromisoformat(valeur) if valeur else None
    except ValueError:
        return None


def rechercher(siret: str) -> Etablissement | None:
    """The establishment with this SIRET, None if the directory does not know it."""
    try:
        reponse = requests.get(
            settings.ANNUAIRE_ENTREPRISES_URL.rstrip("/") + "/search",
            params={"q": siret, "page": 1, "per_page": 5},
            timeout=settings.ANNUAIRE_ENTREPRISES_DELAI,
            headers={"Accept": "application/json"},
        )
        if reponse.status_code >= 500 or reponse.status_code == 429:
            raise AnnuaireIndisponible(f"réponse {reponse.status_code}")
        if reponse.status_code == 404:
            return None
        reponse.raise_for_status()
        resultats = reponse.json().get("results") or []
    except (requests.RequestException, ValueError, AttributeError) as erreur:
        logger.warning("Annuaire des entreprises indisponible : %s", erreur)
        raise AnnuaireIndisponible(str(erreur)) from erreur
    for unite in resultats:
        candidats = [*(unite.get("matching_etablissements") or []), unite.get("siege") or {}]
        for etablissement in candidats:
            if etablissement.get("siret") == siret:
                categorie = str(unite.get("nature_juridique") or "")
                return Etablissement(
                    siret=siret,
                    nom=(unite.get("nom_raison_sociale") or unite.get("nom_complet") or "").strip(),
                    categorie_juridique=categorie,
                    type=type_depuis_categorie(categorie),
                    adresse=_voie(etablissement),
                    code_postal=etablissement.get("code_postal") or "",
                    code_insee=etablissement.get("commune") or "",
                    libelle_commune=etablissement.get("libelle_commune") or "",
                    ferme=etablissement.get("etat_administratif") == "F",
                    date_fermeture=_date(etablissement.get("date_fermeture")),
                )
    return None


@dataclass(frozen=True)
class Verification:
    """What the directory says of a SIRET, as the sign-up uses it."""

    etablissement: Etablissement | None = None
    refus: str = ""  # why the sign-up is refused (unknown, closed)
    a_verifier: bool = False  # the directory did not answer: the prefecture checks it


def verifier(siret: str) -> Verification:
    if not est_configure():
        return Verification()
    try:
        etablissement = rechercher(siret)
    except AnnuaireIndisponible:
        return Verification(a_verifier=True)
    if etablissement is None:
        return Verification(
            refus="Ce SIRET est introuvable dans le répertoire SIRENE : vérifiez-le sur l’avis "
            "de situation de la structure (il compte 14 chiffres)."
        )
    if etablissement.ferme:
        depuis = (
            f" depuis le {etablissement.date_fermeture:%d/%m/%Y}"
            if etablissement.date_fermeture
            else ""
        )
        return Verification(
            etablissement=etablissement,
            refus=f"Cet établissement est fermé{depuis} d’après le répertoire SIRENE : indiquez "
            "le SIRET d’un établissement en activité de la structure.",
        )
    return Verification(etablissement=etablissement)
