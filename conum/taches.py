"""Deferring background work.

Every e-mail and slow job goes through ``differer``. In production the job row is inserted
by procrastinate on Django's connection, hence inside the current transaction: a rolled-back
transaction leaves no job behind. With TACHES_IMMEDIATES (demo, tests) the task body runs
in-process once the transaction commits, which keeps the same guarantee without a worker.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app

# Five attempts with exponential back-off (5 s, 25 s, 125 s…) cover a mail server hiccup.
REESSAIS = RetryStrategy(max_attempts=5, exponential_wait=5)


def tache(**options):
    """Declare a procrastinate task with the project's retry policy."""
    options.setdefault("retry", REESSAIS)
    return app.task(**options)


def differer(task, **kwargs) -> None:
    if settings.TACHES_IMMEDIATES:
        transaction.on_commit(partial(task, **kwargs))
    else:
        task.defer(**kwargs)


# --- Retention of the queue --------------------------------------------------------------------
# Finished jobs (succeeded, failed, cancelled, aborted) are deleted this many days after their
# last event. Jobs carry identifiers only (see ``noyau.courriels``), so this is housekeeping
# more than data protection; two weeks leave time to notice a failed job and retry it.
FILE_RETENTION_JOURS = 14
ETATS_FINIS = ["succeeded", "failed", "cancelled", "aborted"]


def purger_file(*, jours: int = FILE_RETENTION_JOURS, executer: bool = False) -> int:
    """Delete the finished jobs older than ``jours`` days, with the very query of
    procrastinate's ``builtin_tasks.remove_old_jobs`` (run synchronously, for the command);
    returns how many are (or would be) deleted."""
    from django.db import connection
    from procrastinate import sql

    requete = sql.queries["delete_old_jobs"]
    if not executer:
        requete = requete.replace(
            "DELETE FROM procrastinate_jobs", "SELECT count(*) FROM procrastinate_jobs", 1
        )
    with connection.cursor() as curseur:
        curseur.execute(requete, {"nb_hours": jours * 24, "queue": None, "statuses": ETATS_FINIS})
        return curseur.fetchone()[0] if not executer else curseur.rowcount
