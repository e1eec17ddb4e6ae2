"""The reports a host structure owes, recomputed from its conventions and the reports it
handed in: nothing to create when a period ends, nothing to close when a report arrives.

Periods run from the start of each signed convention (its signature date when it has no
start date): every 6 months the hosting conditions, every 3 months the subsidy use, every
year the structure's activity report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db import connection, transaction

from conventions.choix import StatutConvention
from conventions.models import Convention
from structures.models import Structure

from . import rules
from .models import RapportStructure


@dataclass(frozen=True)
class Obligation:
    structure: Structure
    periode: rules.Periode
    statut: str
    rapport: RapportStructure | None = None


def obligations(structures, aujourd_hui: date, types=None) -> list[Obligation]:
    """Every period ended by ``aujourd_hui`` of the structures' signed conventions, with
    the report handed in for it, if any. Conventions and reports are read as plain values
    (national scope: thousands of them); structures only for the lines returned."""
    types = types or list(rules.OBLIGATIONS)
    conventions = list(
        Convention.objects.filter(
            structure__in=structures,
            statut__in=(StatutConvention.SIGNEE, StatutConvention.TERMINEE),
        )
        .exclude(date_debut__isnull=True, date_signature__isnull=True)
        .order_by("structure_id", "pk")
        .values_list("structure_id", "date_debut", "date_signature", "date_fin")
    )
    ids = {c[0] for c in conventions}
    deposes = {
        (r.structure_id, r.type, r.periode_debut): r
        for r in RapportStructure.objects.filter(structure_id__in=ids, type__in=types)
    }
    lignes = []
    for structure_id, date_debut, date_signature, date_fin in conventions:
        debut = date_debut or date_signature
        for type_ in types:
            for periode in rules.periodes_echues(type_, debut, date_fin, aujourd_hui):
                rapport = deposes.get((structure_id, type_, periode.debut))
                statut = rules.statut_obligation(
                    periode, rapport.depose_le.date() if rapport else None, aujourd_hui
                )
                lignes.append((structure_id, periode, statut, rapport))
    noms = Structure.objects.only("pk", "nom", "siret", "departement_id").in_bulk(
        {ligne[0] for ligne in lignes}
    )
    return [
        Obligation(noms[sid], periode, statut, rapport) for sid, periode, statut, rapport in lignes
    ]


def en_retard(structures, aujourd_hui: date) -> list[Obligation]:
    return [o for o in obligations(structures, aujourd_hui) if o.statut == "en_retard"]


class StructureResumee(NamedTuple):
    """What the late list shows of a structure, read as values (thousands of rows)."""

    pk: int
    nom: str
    siret: str
    departement_id: str


@dataclass(frozen=True)
class Retards:
    structure: StructureResumee
    nombre: int
    plus_ancienne: date  # the oldest due date missed


_SQL_RETARDS = """
WITH conv AS (
    SELECT c.structure_id, COALESCE(c.date_debut, c.date_signature) AS debut, c.date_fin
    FROM conventions_convention c
    WHERE c.statut IN ('signee', 'terminee')
      AND COALESCE(c.date_debut, c.date_signature) IS NOT NULL
      AND c.structure_id IN ({structures})
), types(type, pas) AS (VALUES {types}),
periodes AS (
    SELECT conv.structure_id, types.type, conv.date_fin,
           (conv.debut + make_interval(months => n * types.pas))::date AS p_debut,
           LEAST(
               (conv.debut + make_interval(months => (n + 1) * types.pas))::date - 1,
               COALESCE(conv.date_fin, 'infinity'::date)
           ) AS p_fin
    FROM conv CROSS JOIN types
    CROSS JOIN LATERAL generate_series(
        0,
        GREATEST(0, (date_part('year', age(%s::date, conv.debut)) * 12
                     + date_part('month', age(%s::date, conv.debut)))::int / types.pas + 1)
    ) AS n
)
SELECT p.structure_id, count(*), min(p.p_fin) + {delai}
FROM periodes p
WHERE p.p_fin < %s
  AND (p.date_fin IS NULL OR p.p_debut <= p.date_fin)
  AND NOT EXISTS (
      SELECT 1 FROM pilotage_rapportstructure r
      WHERE r.structure_id = p.structure_id AND r.type = p.type AND r.periode_debut = p.p_debut
  )
GROUP BY p.structure_id
"""


def retards_par_structure(structures, aujourd_hui: date) -> list[Retards]:
    """Per structure: how many reports are late and since when, most overdue first.

    The same periods as ``obligations`` (PostgreSQL's month arithmetic clamps to the end of
    the month as ``rules.ajouter_mois`` does; the tests check both agree), computed in one
    query: the national alerts and late list read thousands of conventions."""
    limite = aujourd_hui - timedelta(days=rules.DELAI_DEPOT_JOURS)
    sous_requete, params = structures.values("pk").query.sql_with_params()
    types = ", ".join(f"('{code}', {pas})" for code, (_, pas) in rules.OBLIGATIONS.items())
    sql = _SQL_RETARDS.format(
        structures=sous_requete, types=types, delai=int(rules.DELAI_DEPOT_JOURS)
    )
    with transaction.atomic(), connection.cursor() as curseur:
        # The planner expects 1,000 rows from generate_series per convention: the cost
        # passes jit_above_cost, and compiling the query costs more than running it.
        curseur.execute("SET LOCAL jit = off")
        curseur.execute(sql, [*params, limite, limite, limite])
        par_structure = {sid: (n, ancienne) for sid, n, ancienne in curseur.fetchall()}
    if not par_structure:
        return []
    noms = {
        pk: StructureResumee(pk, nom, siret, departement_id)
        for pk, nom, siret, departement_id in structures.values_list(
            "pk", "nom", "siret", "departement_id"
        )
        if pk in par_structure
    }
    return sorted(
        (Retards(noms[sid], n, ancienne) for sid, (n, ancienne) in par_structure.items()),
        key=lambda r: (r.plus_ancienne, r.structure.pk),
    )


def a_rappeler(structures, aujourd_hui: date) -> list[tuple[Obligation, int]]:
    """Reports not handed in, each with the tightest reminder threshold its due date has
    reached (15 days before, then on or after the due date). A missed day of the
    scheduled command is caught up the next day; each (report, threshold) is sent once."""
    dus = []
    for o in obligations(structures, aujourd_hui):
        if o.statut == "deposee":
            continue
        jours = (o.periode.echeance - aujourd_hui).days
        atteints = [s for s in rules.RAPPELS_OBLIGATION_JOURS if jours <= s]
        if atteints:
            dus.append((o, min(atteints)))
    return dus
