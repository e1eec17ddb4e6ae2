"""Periodic jobs of recruitment, run by the procrastinate worker."""

from procrastinate.contrib.django import app

from conum.taches import tache

from . import services


@app.periodic(cron="0 8 * * *")
@tache(queue="rappels", name="recrutement.rappels_recrutement")
def rappels_recrutement(timestamp: int) -> None:
    """Every morning at 8:00: remind the structures whose recruitment deadline approaches
    (the same service as ``manage.py rappels_recrutement --executer``)."""
    services.envoyer_rappels(executer=True)


@app.periodic(cron="30 0 * * *")
@tache(queue="rappels", name="recrutement.terminer_contrats_echus")
def terminer_contrats_echus(timestamp: int) -> None:
    """Every night: contracts past their end date end naturally."""
    services.terminer_contrats_echus()
