"""Places in the national open-data schema « Lieux de médiation numérique » (v1.0.2).

The schema's rules (required fields, patterns, enumerations, lengths) are data, in
``donnees/schema_lieux_mediation_numerique.json``, so that the export is validated
against the same rules as documented, and a schema update is a data change.
One record per place: lists stay lists in JSON and are ``|``-joined in CSV.
"""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone

from activite.rules import normaliser_apostrophes

FICHIER_SCHEMA = Path(__file__).parent / "donnees" / "schema_lieux_mediation_numerique.json"
SOURCE = "Conseiller numérique France Services"
PIVOT_INCONNU = "00000000000000"
DISPOSITIF_CONUM = "Conseillers numériques"


@cache
def schema() -> dict:
    return json.loads(FICHIER_SCHEMA.read_text(encoding="utf-8"))


def colonnes() -> list[str]:
    return [champ["nom"] for champ in schema()["champs"]]


def identifiant(lieu) -> str:
    """The place's identifier in the open data and the API: stable, and one for both."""
    return f"conum-lieu-{lieu.pk}"


def vers_schema(lieu) -> dict:
    """The schema record of a place (``select_related("commune", "structure")``).

    Every place here is an advisor's: « Conseillers numériques » is always among its
    national programmes, as the national map expects.
    """
    dispositifs = list(lieu.dispositif_programmes_nationaux)
    if DISPOSITIF_CONUM not in dispositifs:
        dispositifs.append(DISPOSITIF_CONUM)
    pivot = lieu.pivot or (lieu.structure.siret if lieu.structure_id else "") or PIVOT_INCONNU
    return {
        "id": identifiant(lieu),
        "pivot": pivot,
        "nom": lieu.nom,
        "commune": lieu.commune.nom,
        "code_postal": lieu.code_postal,
        "code_insee": lieu.commune_id,
        "adresse": lieu.adresse,
        "complement_adresse": lieu.complement_adresse,
        "latitude": round(lieu.latitude, 6),
        "longitude": round(lieu.longitude, 6),
        "typologie": list(lieu.typologies),
        "telephone": lieu.telephone,
        "courriels": list(lieu.courriels),
        "site_web": [lieu.site_web] if lieu.site_web else [],
        "horaires": lieu.horaires,
        "presentation_resume": lieu.presentation_resume,
        "presentation_detail": lieu.presentation_detail,
        "source": SOURCE,
        "itinerance": list(lieu.itinerance),
        "structure_parente": lieu.structure_parente,
        "date_maj": timezone.localdate(lieu.modifie_le).isoformat(),
        "services": list(lieu.services),
        "publics_specifiquement_adresses": list(lieu.publics_specifiquement_adresses),
        "prise_en_charge_specifique": list(lieu.prise_en_charge_specifique),
        "frais_a_charge": list(lieu.frais_a_charge),
        "dispositif_programmes_nationaux": dispositifs,
        "formations_labels": list(lieu.formations_labels),
        "autres_formations_labels": list(lieu.autres_formations_labels),
        "modalites_acces": [normaliser_apostrophes(m) for m in lieu.modalites_acces],
        "modalites_accompagnement": list(lieu.modalites_accompagnement),
        "fiche_acces_libre": lieu.fiche_acces_libre,
        "prise_rdv": lieu.prise_rdv,
    }


def ligne_csv(enregistrement: dict) -> list[str]:
    """The CSV cells of a record, in the schema's column order (lists ``|``-joined)."""
    separateur = schema()["separateur_liste"]
    cellules = []
    for nom in colonnes():
        valeur = enregistrement.get(nom)
        if isinstance(valeur, list):
            valeur = separateur.join(valeur)
        cellules.append("" if valeur is None else str(valeur))
    return cellules


_EMAIL = EmailValidator()
_URL = URLValidator(schemes=["http", "https"])


def _format_valide(valeur: str, fmt: str) -> bool:
    try:
        if fmt == "email":
            _EMAIL(valeur)
        elif fmt == "uri":
            _URL(valeur)
        elif fmt == "date":
            date.fromisoformat(valeur)
    except (ValidationError, ValueError):
        return False
    return True


def erreurs(enregistrement: dict) -> list[str]:
    """Every rule of the schema the record breaks (empty list: valid)."""
    problemes = []
    for champ in schema()["champs"]:
        nom = champ["nom"]
        valeur = enregistrement.get(nom)
        vide = valeur in (None, "", [])
        if vide:
            if champ.get("requis"):
                problemes.append(f"{nom} : champ obligatoire manquant")
            continue
        if champ["type"] == "number":
            if not isinstance(valeur, (int, float)) or isinstance(valeur, bool):
                problemes.append(f"{nom} : nombre attendu")
            elif not champ.get("minimum", valeur) <= valeur <= champ.get("maximum", valeur):
                problemes.append(f"{nom} : hors limites")
            continue
        valeurs = valeur if champ.get("liste") else [valeur]
        if not isinstance(valeurs, list) or not all(isinstance(v, str) for v in valeurs):
            problemes.append(f"{nom} : texte attendu")
            continue
        for v in valeurs:
            if champ.get("liste") and schema()["separateur_liste"] in v:
                problemes.append(f"{nom} : « {v} » contient le séparateur de liste")
            if "enum" in champ and v not in champ["enum"]:
                problemes.append(f"{nom} : valeur « {v} » hors de la liste autorisée")
            if "motif" in champ and not re.fullmatch(champ["motif"], v):
                problemes.append(f"{nom} : « {v} » ne respecte pas le format attendu")
            if "format" in champ and not _format_valide(v, champ["format"]):
                problemes.append(f"{nom} : « {v} » n’est pas au format {champ['format']}")
            if "longueur_max" in champ and len(v) > champ["longueur_max"]:
                problemes.append(f"{nom} : plus de {champ['longueur_max']} caractères")
    return problemes
