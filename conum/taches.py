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
