"""Request and response bodies of the partner API (pydantic, documented in OpenAPI)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import (
    BeforeValidator,
    StrictBool,
    StrictInt,
    conint,
    field_validator,
    model_validator,
)

from activite.choix import (
    DUREE_MAXIMUM,
    Autonomie,
    Genre,
    Materiel,
    NiveauAtelier,
    StatutSocial,
    StructureDeRedirection,
    Thematique,
    TrancheAge,
    TypeActivite,
    TypeLieu,
)
from noyau import saisie

# Strict formats: a date is "AAAA-MM-JJ", a timestamp ISO 8601; no numbers read as dates.
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HORODATAGE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}")


def _texte_conforme(motif: re.Pattern, attendu: str):
    def verifier(valeur):
        if isinstance(valeur, str) and not motif.match(valeur):
            raise ValueError(f"format attendu : {attendu}")
        if not isinstance(valeur, (str, date, datetime)) and valeur is not None:
            raise ValueError(f"format attendu : {attendu}")
        return valeur

    return BeforeValidator(verifier)


DateISO = Annotated[date, _texte_conforme(_DATE, "AAAA-MM-JJ")]
HorodatageISO = Annotated[datetime, _texte_conforme(_HORODATAGE, "ISO 8601 (AAAA-MM-JJTHH:MM…)")]
Effectif = conint(strict=True, ge=0, le=10000)


class Entree(Schema):
    """Base of every schema read from a request (body or query): each string follows the
    shared text rules of ``noyau.saisie`` (no NUL, control character, bidi mark or
    replacement character), else a 422 naming the field."""

    @field_validator("*", mode="after")
    @classmethod
    def _texte_sain(cls, valeur):
        _verifier_textes(valeur)
        return valeur


def _verifier_textes(valeur) -> None:
    if isinstance(valeur, str):
        message = saisie.probleme(valeur)
        if message:
            raise ValueError(message)
    elif isinstance(valeur, (list, tuple, set)):
        for element in valeur:
            _verifier_textes(element)
    elif isinstance(valeur, dict):
        for cle, element in valeur.items():
            _verifier_textes(cle)
            _verifier_textes(element)


# --- Pages ------------------------------------------------------------------------------


class Liens(Schema):
    suivant: str | None = Field(None, description="URL de la page suivante, nulle à la fin")


class Lieu(Schema):
    """One place in the schema « Lieux de médiation numérique » v1.0.2 (lists as arrays)."""

    id: str
    pivot: str
    nom: str
    commune: str
    code_postal: str
    code_insee: str
    adresse: str
    complement_adresse: str
    latitude: float
    longitude: float
    typologie: list[str]
    telephone: str
    courriels: list[str]
    site_web: list[str]
    horaires: str = Field(description="Horaires au format OpenStreetMap opening_hours")
    presentation_resume: str
    presentation_detail: str
    source: str
    itinerance: list[str]
    structure_parente: str
    date_maj: date
    services: list[str]
    publics_specifiquement_adresses: list[str]
    prise_en_charge_specifique: list[str]
    frais_a_charge: list[str]
    dispositif_programmes_nationaux: list[str]
    formations_labels: list[str]
    autres_formations_labels: list[str]
    modalites_acces: list[str]
    modalites_accompagnement: list[str]
    fiche_acces_libre: str
    prise_rdv: str
    modifie_le: datetime


class PageLieux(Schema):
    donnees: list[Lieu]
    curseur_suivant: str | None
    liens: Liens


class LieuRetire(Schema):
    """A place that left the public map (deleted or hidden by its advisor): only its
    identifier, so that a partner drops it, and nothing of a place that is not public."""

    id: str = Field(description="Identifiant du lieu, tel que dans /lieux")
    modifie_le: datetime


class PageLieuxRetires(Schema):
    donnees: list[LieuRetire]
    curseur_suivant: str | None
    liens: Liens


class Conseiller(Schema):
    id: int = Field(description="Identifiant de la prise de poste (habilitation)")
    conseiller_id: int
    prenom: str
    nom: str
    structure_id: int
    structure_nom: str
    departement: str
    commune_insee: str | None
    en_poste_depuis: datetime
    en_poste: bool = Field(
        description="Faux pour un conseiller parti (listé seulement avec modifie_depuis)"
    )
    modifie_le: datetime


class PageConseillers(Schema):
    donnees: list[Conseiller]
    curseur_suivant: str | None
    liens: Liens


class Structure(Schema):
    id: int
    nom: str
    siret: str
    type: str
    statut: str
    departement: str
    commune_insee: str | None
    code_postal: str
    doublon_de: int | None = Field(
        description="Structure dont elle est le doublon (listé seulement avec modifie_depuis)"
    )
    cree_le: datetime
    modifie_le: datetime


class PageStructures(Schema):
    donnees: list[Structure]
    curseur_suivant: str | None
    liens: Liens


class ComptePostes(Schema):
    attribues: int
    occupes: int
    vacants: int
    rendus: int


class Convention(Schema):
    id: int
    structure_id: int
    structure_siret: str
    phase: str
    statut: str
    date_decision: date
    date_signature: date | None
    date_debut: date | None
    date_fin: date | None
    cree_le: datetime
    modifie_le: datetime = Field(
        description="Change avec la convention, pas avec ses postes : suivez /postes pour eux"
    )
    postes: ComptePostes


class PageConventions(Schema):
    donnees: list[Convention]
    curseur_suivant: str | None
    liens: Liens


class Poste(Schema):
    id: int
    convention_id: int
    structure_id: int
    type: str
    etat: str
    date_attribution: date
    recruter_avant: date
    date_rendu: date | None
    modifie_le: datetime


class PagePostes(Schema):
    donnees: list[Poste]
    curseur_suivant: str | None
    liens: Liens


class Compteurs(Schema):
    activites: int
    accompagnements: int
    individuels: int
    ateliers: int
    participants_ateliers: int
    nouveaux: int
    suivis: int
    anonymes: int
    minutes: int


class LigneStatistiques(Compteurs):
    mois: str = Field(description="Mois, AAAA-MM")
    departement: str = Field(description="Code du département, vide s’il est inconnu")


class Statistiques(Schema):
    totaux: Compteurs
    par_mois_et_departement: list[LigneStatistiques]


class Sante(Schema):
    statut: str


# --- Writing a report ---------------------------------------------------------------------


class Repartition(Entree):
    """How the participants of a workshop split; unlisted people count as « non communiqué »."""

    @model_validator(mode="before")
    @classmethod
    def _objet(cls, valeur):
        # ninja's Schema reads attributes of any object: a string would pass as empty.
        if not isinstance(getattr(valeur, "_obj", valeur), dict):  # unwrap ninja's DjangoGetter
            raise ValueError('un objet JSON est attendu, par exemple {"genres": {…}}')
        return valeur

    genres: dict[Genre, Effectif] = Field(default_factory=dict)
    tranches: dict[TrancheAge, Effectif] = Field(default_factory=dict)
    statuts: dict[StatutSocial, Effectif] = Field(default_factory=dict)


class NouvelleActivite(Entree):
    type: TypeActivite
    date: DateISO
    duree: StrictInt = Field(ge=1, le=DUREE_MAXIMUM, description="Durée en minutes")
    type_lieu: TypeLieu
    lieu_id: StrictInt | None = Field(
        None, ge=1, le=2**62, description="Un de vos lieux d’activité"
    )
    commune_insee: str | None = Field(None, pattern=r"^(\d{2}|2[AB])\d{3}$")
    thematiques: list[Thematique] = Field(min_length=1, max_length=40)
    precisions_demarche: str = Field("", max_length=255)
    materiel: list[Materiel] = Field(default_factory=list, max_length=10)
    notes: str = Field("", max_length=5000)
    # Individual accompaniment (anonymous beneficiary)
    genre: Genre | None = None
    tranche_age: TrancheAge | None = None
    statut_social: StatutSocial | None = None
    deja_accompagne: StrictBool = False
    autonomie: Autonomie | None = None
    oriente_vers_structure: StrictBool | None = None
    structure_de_redirection: StructureDeRedirection | None = None
    # Workshop
    titre_atelier: str = Field("", max_length=200)
    niveau: NiveauAtelier | None = None
    participants: StrictInt = Field(1, ge=1, le=10000)
    deja_accompagnes: StrictInt = Field(0, ge=0, le=10000)
    repartition: Repartition | None = None


class ActiviteCreee(Schema):
    id: int
    type: str
    date: date
    duree: int
    accompagnements: int
    cree_le: datetime
