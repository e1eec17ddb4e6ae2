"""Personal data does not outlive its owner in the task queue (issue « Hardening »).

« Jobs carry identifiers, not personal data; the e-mail is rendered when the job runs; done
and failed jobs are purged after a retention period you state […]; the GDPR deletion test
checks the queue. »
"""

import json
import threading
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from procrastinate import PsycopgConnector
from procrastinate.contrib.django import app, connector_params
from procrastinate.contrib.django.models import ProcrastinateJob

from candidats import services
from candidats.tests.factories import CandidatFactory
from comptes.models import Evenement
from comptes.tests.factories import UtilisateurFactory
from instruction.services import Ligne
from noyau import courriels as envoi_courriels
from noyau.models import CourrielSortant


@pytest.fixture
def file_vide():
    """procrastinate's tables are not flushed by Django's transactional tests: empty them."""
    ProcrastinateJob.objects.all().delete()
    CourrielSortant.objects.all().delete()
    yield
    ProcrastinateJob.objects.all().delete()


def faire_tourner_le_worker():
    worker = app.with_connector(PsycopgConnector(kwargs=connector_params()))
    fil = threading.Thread(
        target=worker.run_worker,
        kwargs={"queues": ["courriels"], "wait": False, "install_signal_handlers": False},
    )
    fil.start()
    fil.join(timeout=60)


def arguments_de_la_file() -> str:
    with connection.cursor() as curseur:
        curseur.execute("SELECT coalesce(string_agg(args::text, ' '), '') FROM procrastinate_jobs")
        return curseur.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_apres_suppression_la_file_ne_garde_rien_de_la_candidate(settings, mailoutbox, file_vide):
    settings.TACHES_IMMEDIATES = False
    candidat = CandidatFactory(
        utilisateur__email="alix.durand@exemple.fr", utilisateur__prenom="Alixandra"
    )
    # A confirmation e-mail still waits for the worker when she deletes her account.
    services.envoyer_confirmation_candidat(candidat.utilisateur)
    assert CourrielSortant.objects.filter(destinataires=["alix.durand@exemple.fr"]).count() == 1

    services.supprimer_compte(candidat.pk, motif="emploi_trouve")

    args = arguments_de_la_file()
    assert ProcrastinateJob.objects.count() == 2  # the confirmation's job, the farewell's
    assert "alix" not in args.lower() and "@" not in args
    # Only the farewell is still to leave; the pending confirmation went with her address.
    [adieu] = CourrielSortant.objects.all()
    assert adieu.gabarit == "candidats/courriels/compte_supprime"

    faire_tourner_le_worker()

    [message] = mailoutbox
    assert message.to == ["alix.durand@exemple.fr"]
    assert "Alixandra" in message.body  # rendered by the worker, from the outbox row
    assert CourrielSortant.objects.count() == 0
    assert set(ProcrastinateJob.objects.values_list("status", flat=True)) == {"succeeded"}
    assert "alix" not in arguments_de_la_file().lower()

    # The nightly purge deletes finished jobs after the retention period, not before.
    call_command("purger_traces", "--execute")
    assert ProcrastinateJob.objects.count() == 2
    with connection.cursor() as curseur:
        curseur.execute("UPDATE procrastinate_events SET at = at - interval '15 days'")
    call_command("purger_traces", "--execute")
    assert ProcrastinateJob.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_un_lot_de_courriels_est_une_seule_tache_d_identifiants(settings, mailoutbox, file_vide):
    """What the committee needs: many notifications, one job carrying a list of ids."""
    settings.TACHES_IMMEDIATES = False
    destinataires = [UtilisateurFactory(prenom=f"Prénom{i}") for i in range(3)]
    envoi_courriels.envoyer_lot(
        (
            u.email,
            "Confirmez votre adresse électronique",
            "comptes/courriels/confirmation",
            {"utilisateur": u, "lien": f"https://exemple.fr/{u.pk}"},
        )
        for u in destinataires
    )
    [job] = ProcrastinateJob.objects.all()
    assert job.task_name == "noyau.envoyer_courriels"
    assert sorted(job.args["ids"]) == sorted(CourrielSortant.objects.values_list("pk", flat=True))
    # Rendered when the job runs: a name changed in between is the one the e-mail carries.
    destinataires[0].prenom = "Renommée"
    destinataires[0].save()
    faire_tourner_le_worker()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in destinataires)
    [premier] = [m for m in mailoutbox if m.to == [destinataires[0].email]]
    assert "Renommée" in premier.body
    assert CourrielSortant.objects.count() == 0


@pytest.mark.django_db
def test_le_contexte_se_met_en_file_par_identifiants():
    utilisateur = UtilisateurFactory(prenom="Alix")
    contexte = {
        "utilisateur": utilisateur,
        "quand": date(2026, 3, 1),
        "lignes": [Ligne(type_poste="conseiller", resultat="acceptee", postes_demandes=2)],
    }
    code = envoi_courriels.coder(contexte)
    texte = json.dumps(code)
    assert "Alix" not in texte and utilisateur.email not in texte
    decode = envoi_courriels.decoder(code)
    assert decode["utilisateur"] == utilisateur and decode["quand"] == date(2026, 3, 1)
    assert decode["lignes"][0].postes_demandes == 2
    with pytest.raises(TypeError):
        envoi_courriels.coder({"objet": object()})


@pytest.mark.django_db
def test_un_courriel_dont_l_objet_a_disparu_n_est_pas_envoye(courriels):
    utilisateur = UtilisateurFactory()
    with courriels.envoi():
        envoi_courriels.envoyer(
            "x@exemple.fr", "Sujet", "comptes/courriels/confirmation", {"utilisateur": utilisateur}
        )
        utilisateur.delete()
    assert courriels.outbox == [] and CourrielSortant.objects.count() == 0


@pytest.mark.django_db
def test_les_identifiants_des_echecs_de_connexion_sont_effaces_apres_six_mois(client, capsys):
    """CNIL, journalisation: security logs are kept six months to a year; six months here."""
    client.post("/comptes/connexion/", {"username": "ancien@exemple.fr", "password": "x"})
    client.post("/comptes/connexion/", {"username": "recent@exemple.fr", "password": "x"})
    ancien = Evenement.objects.get(details__identifiant="ancien@exemple.fr")
    ancien.cree_le = timezone.now() - timedelta(days=190)
    ancien.save()
    recent = Evenement.objects.get(details__identifiant="recent@exemple.fr")

    call_command("purger_traces")
    assert "échecs de connexion : 1" in capsys.readouterr().out
    ancien.refresh_from_db()
    assert ancien.details == {"identifiant": "ancien@exemple.fr"}  # a simulation changes nothing

    call_command("purger_traces", "--execute")
    ancien.refresh_from_db()
    recent.refresh_from_db()
    assert ancien.details == {} and ancien.adresse_ip is None
    assert "ancien" not in ancien.description and ancien.action == "securite.echec_connexion"
    assert recent.details == {"identifiant": "recent@exemple.fr"}
    capsys.readouterr()
    call_command("purger_traces", "--execute")  # idempotent
    assert "échecs de connexion : 0" in capsys.readouterr().out
