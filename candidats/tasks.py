"""Periodic jobs of the candidate pool, run by the procrastinate worker."""

from procrastinate.contrib.django import app

from conum.taches import tache

from . import services


@app.periodic(cron="0 3 * * *")
@tache(queue="rgpd", name="candidats.purger_cv")
def purger_cv(timestamp: int) -> None:
    """Every night at 3:00: delete the CVs older than the retention period."""
    services.purger_cv(executer=True)
