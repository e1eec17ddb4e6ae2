"""Periodic jobs of conventions, run by the procrastinate worker."""

from procrastinate.contrib.django import app

from conum.taches import tache

from . import paiements


@app.periodic(cron="0 6 * * *")
@tache(queue="rappels", name="conventions.tranches_exigibles")
def tranches_exigibles(timestamp: int) -> None:
    """Every morning: planned tranches whose date has come become due, unless a condition
    (training, reporting, suspension) stops them; the operator sees them in the calendar."""
    paiements.rendre_exigibles()


@app.periodic(cron="30 5 * * *")
@tache(queue="rappels", name="conventions.conventions_echues")
def conventions_echues(timestamp: int) -> None:
    """Every morning, before the tranches: signed conventions past their term (not renewed,
    request F) end with their contracts and posts; tranches and parties follow."""
    from . import fins

    fins.terminer_conventions_echues()
