"""Keeping the statistics rollups up to date, and rebuilding them.

Grain (see bench/README.md for the sizes at national scale):

==========================  ==================================================  ==========
table                       key                                                 serves
==========================  ==================================================  ==========
AgregatJour                 day × advisor × employer × département × commune    advisor-
                            × place × type                                      sized
AgregatMois                 month × same keys                                   scopes
AgregatTerritoireJour       day × département × type                            national,
AgregatTerritoireMois       month × département × type                          territories
PresenceBeneficiaire        day × fine keys × registered beneficiary            distinct
                                                                                suivis
DernierCra                  advisor (date of the last live report)              steering
==========================  ==================================================  ==========

Every table holds the same wide row of counters (``rules.COMPTEURS``: accompaniments,
types, themes, equipment, channels, durations, genders, age bands, statuses…), so one
page reads one row per key instead of one row per dimension value.

Writes: ``appliquer(deltas)`` runs, in the caller's transaction, one
``INSERT … ON CONFLICT DO UPDATE SET c = t.c + EXCLUDED.c`` per table. The update is
additive, so concurrent writers never lose an increment; rows are sent sorted by key so
that two transactions lock shared rows in the same order (no deadlock).

Rebuild: ``recalculer()`` recomputes every table from the raw reports with
``INSERT … SELECT … GROUP BY`` (the same counters, in SQL). Idempotent.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django.db import connection, transaction

from .choix import Genre, Materiel, StatutSocial, Thematique, TrancheAge, TrancheDuree, TypeLieu
from .models import (
    Activite,
    AgregatJour,
    AgregatMois,
    AgregatTerritoireJour,
    AgregatTerritoireMois,
    DernierCra,
    PresenceBeneficiaire,
    PresenceSuivi,
)
from .rules import CLES_FINES, COMPTEURS, Contribution

TABLE_JOUR = AgregatJour._meta.db_table
TABLE_MOIS = AgregatMois._meta.db_table
TABLE_TERRITOIRE_JOUR = AgregatTerritoireJour._meta.db_table
TABLE_TERRITOIRE_MOIS = AgregatTerritoireMois._meta.db_table
TABLE_PRESENCE = PresenceBeneficiaire._meta.db_table
TABLE_PRESENCE_SUIVI = PresenceSuivi._meta.db_table
TABLE_DERNIER_CRA = DernierCra._meta.db_table
TABLES = [
    TABLE_JOUR,
    TABLE_MOIS,
    TABLE_TERRITOIRE_JOUR,
    TABLE_TERRITOIRE_MOIS,
    TABLE_PRESENCE,
    TABLE_PRESENCE_SUIVI,
    TABLE_DERNIER_CRA,
]


_DELTAS = (
    "unnest($2::int[], $3::date[], $4::int[], $5::text[], $6::text[], $7::int[], "
    "$8::text[], $9::int[]) WITH ORDINALITY "
    "AS d(conseiller_id, jour, structure_id, departement, commune, lieu_id, type, "
    "beneficiaire_id, i)"
)
NOM_INSTRUCTION = "activite_appliquer_agregats"
TYPES_PARAMETRES = "int[], int[], date[], int[], text[], text[], int[], text[], int[]"
_EXPRESSIONS_CLES = {
    "conseiller_id": "conseiller_id",
    "jour": "jour",
    "mois": "date_trunc('month', jour)::date",
    "structure_id": "structure_id",
    "departement": "departement",
    "commune": "commune",
    "lieu_id": "lieu_id",
    "type": "type",
    "beneficiaire_id": "beneficiaire_id",
}


def _sql_table(table: str, cles: list[str], valeurs: list[str]) -> str:
    """``INSERT … SELECT … GROUP BY … ON CONFLICT DO UPDATE SET v = t.v + EXCLUDED.v``:
    deltas sharing a key are added up first; rows go in key order (one lock order)."""
    selection = ", ".join(_EXPRESSIONS_CLES[c] for c in cles)
    if valeurs == ["n"]:  # presence: +1 / -1, the sign of the « activites » counter
        sommes = "SUM(m[i][1])"
    else:
        sommes = ", ".join(f"SUM(m[i][{COMPTEURS.index(v) + 1}])" for v in valeurs)
    mises_a_jour = ", ".join(f"{v} = {table}.{v} + EXCLUDED.{v}" for v in valeurs)
    positions = ", ".join(str(k + 1) for k in range(len(cles)))
    filtre = "WHERE beneficiaire_id > 0 " if "beneficiaire_id" in cles else ""
    return (
        f"INSERT INTO {table} ({', '.join([*cles, *valeurs])}) "
        f"SELECT {selection}, {sommes} FROM deltas {filtre}"
        f"GROUP BY {positions} ORDER BY {positions} "
        f"ON CONFLICT ({', '.join(cles)}) DO UPDATE SET {mises_a_jour}"
    )


@lru_cache(maxsize=1)
def sql_appliquer() -> str:
    """The one statement of a write. The deltas arrive as a matrix of counters (one row
    per delta) and parallel arrays of keys: the text never changes and nine parameters
    travel. Each rollup is a data-modifying CTE of the same statement."""
    fines = ["conseiller_id", "jour", *CLES_FINES[1:]]
    tables = [
        (TABLE_JOUR, fines, COMPTEURS),
        (TABLE_MOIS, ["conseiller_id", "mois", *CLES_FINES[1:]], COMPTEURS),
        (TABLE_TERRITOIRE_JOUR, ["jour", "departement", "type"], COMPTEURS),
        (TABLE_TERRITOIRE_MOIS, ["mois", "departement", "type"], COMPTEURS),
        (TABLE_PRESENCE, [*fines, "beneficiaire_id"], ["n"]),
    ]
    morceaux = [f"deltas AS MATERIALIZED (SELECT d.*, $1::int[] AS m FROM {_DELTAS})"]
    morceaux += [
        f"u{k} AS ({_sql_table(t, cles, valeurs)} RETURNING 1)"
        for k, (t, cles, valeurs) in enumerate(tables)
    ]
    comptes = ", ".join(f"(SELECT count(*) FROM u{k})" for k in range(len(tables)))
    return "WITH " + ", ".join(morceaux) + " SELECT " + comptes


def appliquer(deltas: Iterable[Contribution]) -> None:
    """Add signed contributions to every rollup, in the current transaction.

    One statement, prepared once per connection, made of ``INSERT … ON CONFLICT DO UPDATE
    SET c = t.c + EXCLUDED.c`` on each table: concurrent writers never lose an increment.
    """
    deltas = [d for d in deltas if any(d.compteurs.values())]
    if not deltas:
        return
    cles = [d.cle for d in deltas]
    params = [
        [[d.compteurs[c] for c in COMPTEURS] for d in deltas],
        [c[0] for c in cles],  # conseiller_id
        [d.jour for d in deltas],
        [c[1] for c in cles],  # structure_id
        [c[2] for c in cles],  # departement
        [c[3] for c in cles],  # commune
        [c[4] for c in cles],  # lieu_id
        [c[5] for c in cles],  # type
        [d.beneficiaire_id or 0 for d in deltas],
    ]
    _executer_prepare(sql_appliquer(), params)


def _executer_prepare(sql: str, params: list) -> None:
    """EXECUTE the write statement, PREPAREd once per database connection: PostgreSQL
    parses and plans it once, then each write only binds nine arrays.

    (Django turns psycopg's automatic preparation off for connection poolers; a named SQL
    PREPARE is kept by the session, even when the transaction that created it rolls back.)
    """
    connection.ensure_connection()
    brut = connection.connection
    with connection.cursor() as curseur:
        if getattr(brut, "_activite_instruction", None) != sql:
            if getattr(brut, "_activite_instruction", None) is not None:
                curseur.execute(f"DEALLOCATE {NOM_INSTRUCTION}")
            curseur.execute(f"PREPARE {NOM_INSTRUCTION} ({TYPES_PARAMETRES}) AS {sql}")
            brut._activite_instruction = sql
        curseur.execute(f"EXECUTE {NOM_INSTRUCTION} ({', '.join(['%s'] * len(params))})", params)


# --- Rebuild from the raw reports -----------------------------------------------------------


def expressions_sql() -> dict[str, str]:
    """Each counter as an SQL aggregate over ``activite_activite`` (mirror of
    ``rules.contribution``)."""
    p = "participants"
    e = {
        "activites": "COUNT(*)",
        "accompagnements": f"SUM({p})",
        "individuels": "COUNT(*) FILTER (WHERE type = 'individuel')",
        "ateliers": "COUNT(*) FILTER (WHERE type = 'collectif')",
        "participants_ateliers": f"COALESCE(SUM({p}) FILTER (WHERE type = 'collectif'), 0)",
        "nouveaux": f"SUM({p} - deja_accompagnes)",
        "suivis": "COUNT(beneficiaire_id)",
        "anonymes": f"SUM({p}) - COUNT(beneficiaire_id)",
        "minutes": "SUM(duree)",
    }
    for t in Thematique.values:
        e[f"t_{t}"] = f"COALESCE(SUM({p}) FILTER (WHERE '{t}' = ANY(thematiques)), 0)"
    for m in Materiel.values:
        e[f"m_{m}"] = f"COALESCE(SUM({p}) FILTER (WHERE '{m}' = ANY(materiel)), 0)"
    for c in TypeLieu.values:
        e[f"c_{c}"] = f"COALESCE(SUM({p}) FILTER (WHERE type_lieu = '{c}'), 0)"
    bornes = {
        TrancheDuree.MOINS_30: "duree < 30",
        TrancheDuree.DE_30_A_60: "duree >= 30 AND duree < 60",
        TrancheDuree.DE_60_A_120: "duree >= 60 AND duree < 120",
        TrancheDuree.PLUS: "duree >= 120",
    }
    for d, condition in bornes.items():
        e[f"d_{d}"] = f"COALESCE(SUM({p}) FILTER (WHERE {condition}), 0)"
    for g in Genre.values:
        e[f"g_{g}"] = f"SUM(genre_{g})"
    for t in TrancheAge.values:
        e[f"a_{t}"] = f"SUM(tranche_{t})"
    for s in StatutSocial.values:
        e[f"s_{s}"] = f"SUM(statut_{s})"
    assert list(e) == COMPTEURS
    return e


_CLES_BRUTES = (
    "conseiller_id, date, COALESCE(structure_id, 0), COALESCE(departement_id, ''), "
    "COALESCE(commune_id, ''), COALESCE(lieu_id, 0), type"
)


def sql_recalcul() -> list[str]:
    """The statements that rebuild every rollup from the live raw reports, in order."""
    brute = Activite._meta.db_table
    expressions = ", ".join(expressions_sql().values())
    compteurs = ", ".join(COMPTEURS)
    sommes = ", ".join(f"SUM({c})" for c in COMPTEURS)
    fines = "conseiller_id, structure_id, departement, commune, lieu_id, type"
    return [
        f"INSERT INTO {TABLE_JOUR} (conseiller_id, jour, structure_id, departement, commune, "
        f"lieu_id, type, {compteurs}) SELECT {_CLES_BRUTES}, {expressions} FROM {brute} "
        f"WHERE supprime_le IS NULL GROUP BY {_CLES_BRUTES}",
        f"INSERT INTO {TABLE_MOIS} (mois, {fines}, {compteurs}) "
        f"SELECT date_trunc('month', jour)::date AS m, {fines}, {sommes} FROM {TABLE_JOUR} "
        f"GROUP BY m, {fines}",
        f"INSERT INTO {TABLE_TERRITOIRE_JOUR} (jour, departement, type, {compteurs}) "
        f"SELECT jour, departement, type, {sommes} FROM {TABLE_JOUR} "
        f"GROUP BY jour, departement, type",
        f"INSERT INTO {TABLE_TERRITOIRE_MOIS} (mois, departement, type, {compteurs}) "
        f"SELECT date_trunc('month', jour)::date AS m, departement, type, {sommes} "
        f"FROM {TABLE_TERRITOIRE_JOUR} GROUP BY m, departement, type",
        f"INSERT INTO {TABLE_PRESENCE} (conseiller_id, jour, structure_id, departement, "
        f"commune, lieu_id, type, beneficiaire_id, n) SELECT {_CLES_BRUTES}, beneficiaire_id, "
        f"COUNT(*) FROM {brute} WHERE supprime_le IS NULL AND beneficiaire_id IS NOT NULL "
        f"GROUP BY {_CLES_BRUTES}, beneficiaire_id",
        _sql_presence_suivi("TRUE"),
        f"INSERT INTO {TABLE_DERNIER_CRA} (conseiller_id, date) SELECT conseiller_id, MAX(date) "
        f"FROM {brute} WHERE supprime_le IS NULL GROUP BY conseiller_id",
    ]


def _sql_presence_suivi(condition: str) -> str:
    """Rows of PresenceSuivi for the registered beneficiaries matching ``condition``: one
    per département of their live reports, and one for all of them ("*")."""
    brute = Activite._meta.db_table
    return (
        f"INSERT INTO {TABLE_PRESENCE_SUIVI} (beneficiaire_id, departement, premier, dernier, "
        f"jours) SELECT beneficiaire_id, COALESCE(COALESCE(departement_id, ''), '*'), "
        f"MIN(date), MAX(date), array_agg(DISTINCT date ORDER BY date) FROM {brute} "
        f"WHERE supprime_le IS NULL AND beneficiaire_id IS NOT NULL AND {condition} "
        f"GROUP BY GROUPING SETS ((beneficiaire_id, COALESCE(departement_id, '')), "
        f"(beneficiaire_id))"
    )


def recalculer_presence_suivi(beneficiaire_id: int) -> None:
    """Recompute one beneficiary's rows (the caller holds the beneficiary's lock)."""
    with connection.cursor() as curseur:
        curseur.execute(
            f"DELETE FROM {TABLE_PRESENCE_SUIVI} WHERE beneficiaire_id = %s", [beneficiaire_id]
        )
        curseur.execute(_sql_presence_suivi("beneficiaire_id = %s"), [beneficiaire_id])


# First key of the per-advisor transaction lock of ``recalculer_dernier_cra``.
VERROU_DERNIER_CRA = 0x4443  # "DC"


def recalculer_dernier_cra(conseiller_id: int) -> None:
    """Recompute one advisor's last report date, in the caller's transaction, after their
    report is written. A per-advisor lock serialises their writers: the second one reads
    the first one's committed report (each statement of READ COMMITTED takes a new
    snapshot), so the date cannot go stale. Called last in each write: the lock is held
    by a transaction that already holds all its other locks (no deadlock).

    A transaction-level advisory lock rather than the advisor's row: locking a row writes
    it (0.35 ms, WAL included) where this costs 0.1 ms, on every report written. Keys that
    collide above 2³¹ only make two advisors wait for each other."""
    brute = Activite._meta.db_table
    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [VERROU_DERNIER_CRA, conseiller_id % 2**31]
        )
        curseur.execute(
            f"INSERT INTO {TABLE_DERNIER_CRA} (conseiller_id, date) SELECT conseiller_id, date "
            f"FROM {brute} WHERE conseiller_id = %s AND supprime_le IS NULL "
            f"ORDER BY date DESC LIMIT 1 "
            f"ON CONFLICT (conseiller_id) DO UPDATE SET date = EXCLUDED.date",
            [conseiller_id],
        )
        if curseur.rowcount == 0:
            curseur.execute(
                f"DELETE FROM {TABLE_DERNIER_CRA} WHERE conseiller_id = %s", [conseiller_id]
            )


@transaction.atomic
def recalculer(journal=None) -> None:
    """Rebuild every rollup from the raw reports (repair). Writers wait meanwhile."""
    with connection.cursor() as curseur:
        # SHARE mode lets readers in and keeps writers out until the rebuild commits.
        curseur.execute(f"LOCK TABLE {Activite._meta.db_table} IN SHARE MODE")
        curseur.execute(f"TRUNCATE {', '.join(TABLES)}")
        for sql in sql_recalcul():
            curseur.execute(sql)
            if journal:
                journal(f"{sql.split('(')[0].strip()} : {curseur.rowcount} lignes")


def lignes_non_nulles(table: str) -> set[tuple]:
    """Every row of a rollup with a non-zero counter (zero rows stay after deletions)."""
    colonnes = {TABLE_PRESENCE: ["n"], TABLE_PRESENCE_SUIVI: ["1"], TABLE_DERNIER_CRA: ["1"]}.get(
        table, COMPTEURS
    )
    condition = " OR ".join(f"{c} <> 0" for c in colonnes)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT * FROM {table} WHERE {condition}")
        return {
            tuple(tuple(v) if isinstance(v, list) else v for v in ligne)
            for ligne in curseur.fetchall()
        }
