"""The advisor's last report date (``DernierCra``, read by the steering pages) always equals
the latest live report: after creates, edits of the date, deletions, and concurrent writes."""

import importlib
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from .. import services
from ..models import Activite, DernierCra
from .factories import LieuFactory, conseiller_numerique, donnees_individuel
from .test_concurrence import _en_parallele


def brut(conseiller):
    """The same date, from the raw reports."""
    return Activite.objects.filter(conseiller=conseiller, supprime_le__isnull=True).aggregate(
        d=Max("date")
    )["d"]


def maintenu(conseiller):
    return DernierCra.objects.filter(conseiller=conseiller).values_list("date", flat=True).first()


@pytest.mark.django_db
def test_suit_creations_modifications_et_suppressions():
    conseiller = conseiller_numerique()
    lieu = LieuFactory(conseiller=conseiller)
    aujourd_hui = timezone.localdate()
    assert maintenu(conseiller) is None

    ancien = services.creer_activite(
        conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=40))
    )
    recent = services.creer_activite(
        conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=3))
    )
    assert maintenu(conseiller) == brut(conseiller) == aujourd_hui - timedelta(days=3)

    # Moving the latest report back in time moves the date back too (not only forward).
    services.modifier_activite(
        recent,
        donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=60)),
        acteur=conseiller,
    )
    assert maintenu(conseiller) == brut(conseiller) == aujourd_hui - timedelta(days=40)

    services.supprimer_activite(ancien, acteur=conseiller)
    assert maintenu(conseiller) == brut(conseiller) == aujourd_hui - timedelta(days=60)

    services.supprimer_activite(recent, acteur=conseiller)
    assert brut(conseiller) is None
    assert not DernierCra.objects.filter(conseiller=conseiller).exists()


@pytest.mark.django_db
def test_un_conseiller_n_affecte_pas_les_autres():
    premier, second = conseiller_numerique(), conseiller_numerique()
    hier = timezone.localdate() - timedelta(days=1)
    services.creer_activite(premier, donnees_individuel(lieu=LieuFactory(conseiller=premier)))
    assert maintenu(premier) == hier
    assert maintenu(second) is None


@pytest.mark.django_db
def test_la_migration_remplit_depuis_les_comptes_rendus():
    conseiller = conseiller_numerique()
    lieu = LieuFactory(conseiller=conseiller)
    for jours in (5, 2, 9):
        services.creer_activite(
            conseiller,
            donnees_individuel(lieu=lieu, date=timezone.localdate() - timedelta(days=jours)),
        )
    DernierCra.objects.all().delete()
    migration = importlib.import_module("activite.migrations.0003_dernier_cra")
    with connection.cursor() as curseur:
        curseur.execute(migration.REMPLIR)
    assert maintenu(conseiller) == brut(conseiller) == timezone.localdate() - timedelta(days=2)


@pytest.mark.django_db(transaction=True)
def test_un_compte_rendu_plus_recent_en_cours_d_ecriture_n_est_pas_perdu():
    """A later report whose transaction is still open when an earlier one is written:
    the second writer waits for the first and reads its report, whatever the order."""
    conseiller = conseiller_numerique()
    lieu = LieuFactory(conseiller=conseiller)
    aujourd_hui = timezone.localdate()
    services.creer_activite(
        conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=100))
    )
    ecrit = threading.Event()

    def recent_puis_attente():
        with transaction.atomic():
            services.creer_activite(
                conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=1))
            )
            ecrit.set()
            time.sleep(0.5)  # the other writer starts meanwhile

    def plus_ancien():
        assert ecrit.wait(10)
        # Another month: no rollup row in common with the first writer, nothing else to
        # wait for than the advisor's lock.
        services.creer_activite(
            conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=70))
        )

    assert _en_parallele(recent_puis_attente, plus_ancien) == []
    assert maintenu(conseiller) == brut(conseiller) == aujourd_hui - timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_ecritures_simultanees_du_meme_conseiller():
    """Two reports of one advisor written at the same time, while a third (the latest)
    is deleted: whatever the interleaving, the date is the latest live report."""
    conseiller = conseiller_numerique()
    lieu = LieuFactory(conseiller=conseiller)
    aujourd_hui = timezone.localdate()
    dernier = services.creer_activite(
        conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=1))
    )
    erreurs = _en_parallele(
        lambda: services.creer_activite(
            conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=5))
        ),
        lambda: services.creer_activite(
            conseiller, donnees_individuel(lieu=lieu, date=aujourd_hui - timedelta(days=8))
        ),
        lambda: services.supprimer_activite(dernier, acteur=conseiller),
    )
    assert erreurs == []
    assert maintenu(conseiller) == brut(conseiller) == aujourd_hui - timedelta(days=5)
