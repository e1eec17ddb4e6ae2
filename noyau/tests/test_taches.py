"""E-mails go through the procrastinate queue, inside the caller's transaction."""

import threading

import pytest
from django.db import transaction
from procrastinate import PsycopgConnector
from procrastinate.contrib.django import app, connector_params
from procrastinate.contrib.django.models import ProcrastinateJob

from noyau import courriels


class Annulation(Exception):
    pass


def envoyer():
    courriels.envoyer(
        "alix@exemple.fr",
        "Confirmez votre adresse électronique",
        "comptes/courriels/confirmation",
        {"utilisateur": {"prenom": "Alix"}, "lien": "https://exemple.fr/lien"},
    )


@pytest.fixture
def file_vide():
    """procrastinate's tables are not flushed by Django's transactional tests: empty them."""
    ProcrastinateJob.objects.all().delete()
    yield
    ProcrastinateJob.objects.all().delete()


@pytest.mark.django_db(transaction=True)
def test_file_transactionnelle_puis_envoi_par_le_worker(settings, mailoutbox, file_vide):
    settings.TACHES_IMMEDIATES = False

    with pytest.raises(Annulation), transaction.atomic():
        envoyer()
        raise Annulation
    assert ProcrastinateJob.objects.count() == 0, "a rolled-back transaction leaves no job"

    with transaction.atomic():
        envoyer()
    [job] = ProcrastinateJob.objects.all()
    assert job.queue_name == "courriels" and job.status == "todo"
    assert mailoutbox == []

    worker = app.with_connector(PsycopgConnector(kwargs=connector_params()))
    # In its own thread, as a worker process would: the test thread may already run an event
    # loop (Playwright's, when a browser test ran before in this process).
    fil = threading.Thread(
        target=worker.run_worker,
        kwargs={"queues": ["courriels"], "wait": False, "install_signal_handlers": False},
    )
    fil.start()
    fil.join(timeout=60)

    job.refresh_from_db()
    assert job.status == "succeeded"
    [message] = mailoutbox
    assert message.to == ["alix@exemple.fr"]
    assert message.subject == "[Conseiller numérique] Confirmez votre adresse électronique"
    assert "https://exemple.fr/lien" in message.body


@pytest.mark.django_db
def test_mode_immediat_n_envoie_qu_apres_validation(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as rappels:
        envoyer()
    assert mailoutbox == [] and len(rappels) == 1
    rappels[0]()
    assert len(mailoutbox) == 1
