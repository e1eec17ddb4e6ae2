"""Rows of the exports: one row per report with every field and its label, and the
statistics page as rows. Rows are built lazily from ``queryset.iterator()``."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone

from . import choix
from .choix import (
    ETOILES_AUTONOMIE,
    ETOILES_NIVEAU,
    Genre,
    StatutSocial,
    Thematique,
    TrancheAge,
    TypeActivite,
)
from .rules import etoiles
from .statistiques import Statistiques

_MATERIEL = dict(choix.Materiel.choices)
_THEMATIQUES = dict(Thematique.choices)

ENTETES_ACTIVITES = [
    "ID CRA",
    "Date",
    "Enregistré le",
    "Dernière modification le",
    "Conseiller",
    "Adresse électronique du conseiller",
    "Structure employeuse",
    "SIRET de la structure",
    "Département",
    "Type",
    "Participants",
    "Bénéficiaire",
    "Canaux d’accompagnement",
    "Nom du lieu",
    "Adresse",
    "Commune",
    "Code postal",
    "Code Insee",
    "Durée (min)",
    "Nom de l’atelier",
    "Niveau d’autonomie (ou de l’atelier)",
    "Matériel numérique utilisé",
    "Thématique(s) d’accompagnement",
    "Nom de la démarche administrative",
    "Bénéficiaire réorienté",
    "Structure de redirection",
    "Commune du bénéficiaire",
    "Code postal du bénéficiaire",
    "Code Insee du bénéficiaire",
    "Genre du bénéficiaire",
    "Tranche d’âge du bénéficiaire",
    "Statut du bénéficiaire",
    "Déjà accompagnés",
    *[f"Genre : {label}" for label in Genre.labels],
    *[f"Tranche d’âge : {label}" for label in TrancheAge.labels],
    *[f"Statut : {label}" for label in StatutSocial.labels],
]
ENTETE_NOTES = "Notes"


def _date_heure(valeur):
    if valeur is None:
        return ""
    return timezone.localtime(valeur).strftime("%d/%m/%Y à %H:%M")


def ligne_activite(a, complet: bool) -> list:
    """``complet``: the advisor's own export, with beneficiary names and notes."""
    individuel = a.type == TypeActivite.INDIVIDUEL
    if a.beneficiaire_id and complet:
        beneficiaire = str(a.beneficiaire)
    elif a.beneficiaire_id:
        beneficiaire = "Bénéficiaire suivi"
    else:
        beneficiaire = "Bénéficiaire anonyme" if individuel else ""
    lieu, commune = a.lieu, a.commune
    niveau = ETOILES_AUTONOMIE.get(a.autonomie) if individuel else ETOILES_NIVEAU.get(a.niveau)
    residence = a.commune_residence
    ligne = [
        a.pk,
        a.date,
        _date_heure(a.cree_le),
        _date_heure(a.modifie_le),
        a.conseiller.nom_complet,
        a.conseiller.email,
        a.structure.nom if a.structure else "",
        a.structure.siret if a.structure else "",
        a.departement_id or "",
        a.get_type_display(),
        a.participants,
        beneficiaire,
        a.get_type_lieu_display(),
        lieu.nom if lieu else "",
        (lieu.adresse if lieu else ""),
        commune.nom if commune else "",
        (lieu.code_postal if lieu else commune.code_postal_principal if commune else ""),
        commune.code_insee if commune else "",
        a.duree,
        a.titre_atelier,
        etoiles(niveau),
        [_MATERIEL[m] for m in a.materiel],
        [_THEMATIQUES[t] for t in a.thematiques],
        a.precisions_demarche,
        {True: "Oui", False: "Non"}.get(a.oriente_vers_structure, ""),
        a.get_structure_de_redirection_display() if a.structure_de_redirection else "",
        residence.nom if residence else "",
        residence.code_postal_principal if residence else "",
        residence.code_insee if residence else "",
        Genre(a.genre_unique()).label if individuel else "",
        TrancheAge(a.tranche_unique()).label if individuel else "",
        StatutSocial(a.statut_unique()).label if individuel else "",
        a.deja_accompagnes,
        *[getattr(a, f"genre_{g}") for g in Genre.values],
        *[getattr(a, f"tranche_{t}") for t in TrancheAge.values],
        *[getattr(a, f"statut_{s}") for s in StatutSocial.values],
    ]
    if complet:
        ligne.append(a.notes)
    return ligne


def lignes_activites(queryset, complet: bool) -> Iterator[list]:
    qs = queryset.select_related(
        "conseiller", "structure", "lieu", "commune", "commune_residence", "beneficiaire"
    )
    for activite in qs.iterator(chunk_size=2000):
        yield ligne_activite(activite, complet)


ENTETES_STATISTIQUES = ["Rubrique", "Libellé", "Nombre", "Part (%)"]


def lignes_statistiques(s: Statistiques, description_filtres: list[tuple[str, str]]):
    """The statistics page, block after block (rows: rubric, label, count, percentage)."""
    yield ["Informations export", "Périmètre", s.portee.libelle, None]
    yield [
        "Informations export",
        "Date d’export",
        timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        None,
    ]
    for libelle, valeur in description_filtres:
        yield ["Filtres", libelle, valeur, None]
    g = "Statistiques générales"
    yield [g, "Accompagnements au total", s.accompagnements, None]
    if s.beneficiaires is not None:
        yield [g, "Bénéficiaires accompagnés", s.beneficiaires, None]
        if s.nouveaux:
            yield [g, "Nouveaux bénéficiaires", s.nouveaux, None]
        yield [g, "Bénéficiaires suivis", s.suivis, None]
        yield [g, "Bénéficiaires anonymes", s.anonymes, None]
    for mois, n in s.par_mois:
        yield ["Accompagnements sur les 12 derniers mois", mois.strftime("%m/%y"), n, None]
    for jour, n in s.par_jour:
        yield ["Accompagnements sur les 30 derniers jours", jour.strftime("%d/%m"), n, None]
    a = "Statistiques sur vos accompagnements"
    for ligne in s.types.lignes:
        yield [a, ligne.libelle, ligne.nombre, ligne.part]
    if s.ateliers is not None:
        yield [a, "Ateliers collectifs", s.ateliers, None]
        yield [a, "Nombre total d’activités", s.activites, None]
    for section in [*s.sections, *s.beneficiaires_sections]:
        for ligne in section.lignes:
            yield [section.titre, ligne.libelle, ligne.nombre, ligne.part]
    for section in (s.lieux, s.communes, *s.territoires):
        if section is not None:
            for ligne in section.lignes:
                yield [section.titre, ligne.libelle, ligne.nombre, ligne.part]
