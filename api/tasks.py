"""Periodic job of the partner API, run by the procrastinate worker."""

from procrastinate.contrib.django import app

from conum.taches import tache

from .models import CompteurDebit


@app.periodic(cron="15 4 * * *")
@tache(queue="maintenance", name="api.purger_compteurs_debit")
def purger_compteurs_debit(timestamp: int) -> int:
    """Every night: the rate counters whose window ended more than a day ago (one row per
    client or address; a new window starts the row again). Idempotent."""
    supprimes, _ = CompteurDebit.objects.perimes().delete()
    return supprimes
