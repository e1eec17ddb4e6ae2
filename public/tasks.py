"""Periodic job of the public pages, run by the procrastinate worker."""

from procrastinate.contrib.django import app

from conum.taches import tache

from .donnees_ouvertes import generer


@app.periodic(cron="30 3 * * *")
@tache(queue="exports", name="public.generer_donnees_ouvertes")
def generer_donnees_ouvertes(timestamp: int) -> None:
    """Every night at 3:30: the open-data files (same as ``manage.py
    generer_donnees_ouvertes``; idempotent, so a retried run is harmless)."""
    generer()
