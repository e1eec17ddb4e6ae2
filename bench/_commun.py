"""Shared by the benchmark scripts: a separate database, Django set up on it, percentiles."""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
URL_DEFAUT = "postgres://postgres@127.0.0.1:5432/conum_bench"


def url_bench() -> str:
    """BENCH_DATABASE_URL, else the machine's server, database conum_bench (never the
    database of the demo or of the tests)."""
    return os.environ.get("BENCH_DATABASE_URL", URL_DEFAUT)


def _parties(url: str):
    import dj_database_url

    return dj_database_url.parse(url)


def creer_base(url: str, recreer: bool = False) -> None:
    """Create the benchmark database if needed (``recreer``: drop it first)."""
    import psycopg

    p = _parties(url)
    nom = p["NAME"]
    connexion = psycopg.connect(
        host=p["HOST"] or None,
        port=p["PORT"] or None,
        user=p["USER"] or None,
        password=p["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    with connexion:
        existe = connexion.execute("SELECT 1 FROM pg_database WHERE datname = %s", [nom]).fetchone()
        if existe and recreer:
            connexion.execute(f'DROP DATABASE "{nom}" WITH (FORCE)')
            existe = None
        if not existe:
            connexion.execute(f'CREATE DATABASE "{nom}"')


def preparer_django(url: str | None = None) -> str:
    url = url or url_bench()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conum.settings")
    # The project root goes first, before bench/: bench/activite.py must not hide the app.
    sys.path[:] = [p for p in sys.path if p != str(RACINE)]
    sys.path.insert(0, str(RACINE))
    import django

    # Benches serve pages from the source static files, as the tests do: no collectstatic.
    warnings.filterwarnings("ignore", message="No directory at")
    django.setup()
    return url


def chronometrer(fonction, repetitions: int, echauffement: int = 1) -> list[float]:
    """Durations in milliseconds of ``repetitions`` calls, after warm-up calls."""
    for _ in range(echauffement):
        fonction()
    durees = []
    for _ in range(repetitions):
        debut = time.perf_counter()
        fonction()
        durees.append((time.perf_counter() - debut) * 1000)
    return durees


def p50_p95(durees: list[float]) -> tuple[float, float]:
    durees = sorted(durees)
    if len(durees) == 1:
        return durees[0], durees[0]
    p50 = statistics.median(durees)
    p95 = statistics.quantiles(durees, n=20, method="inclusive")[18]
    return p50, p95
