from django.core.mail import EmailMultiAlternatives
from procrastinate import builtin_tasks
from procrastinate.contrib.django import app

from conum.taches import FILE_RETENTION_JOURS, tache


@tache(queue="courriels", name="noyau.envoyer_courriels")
def envoyer_courriels(ids: list[int]) -> None:
    """Send the outbox rows ``ids`` (``noyau.courriels.expedier``): the job carries ids only."""
    from . import courriels

    courriels.expedier(ids)


@tache(queue="courriels")
def envoyer_courriel(destinataires: list[str], sujet: str, texte: str, html: str = "") -> None:
    """Former form, with the rendered e-mail in the job's arguments: kept only so that jobs
    queued before the outbox are still sent. Nothing defers it any more."""
    message = EmailMultiAlternatives(subject=sujet, body=texte, to=destinataires)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


@app.periodic(cron="15 4 * * *")
@app.task(queue="rgpd", name="noyau.purger_file", pass_context=True)
async def purger_file(context, timestamp: int) -> None:
    """Every night at 4:15: procrastinate's own clean-up of the finished jobs."""
    await builtin_tasks.remove_old_jobs(
        context,
        max_hours=FILE_RETENTION_JOURS * 24,
        remove_failed=True,
        remove_cancelled=True,
        remove_aborted=True,
    )


@app.periodic(cron="20 4 * * *")
@tache(queue="rgpd", name="noyau.purger_traces")
def purger_traces(timestamp: int) -> None:
    """Every night at 4:20: failed logins' identifiers after six months, failed e-mails."""
    from comptes import journal

    from . import courriels

    journal.effacer_echecs_anciens(executer=True)
    courriels.purger_sortants(executer=True)
