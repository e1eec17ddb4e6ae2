"""The outbox: e-mails waiting for the worker.

A queued job carries only the ids of these rows, never an address or a rendered body (the
task queue keeps its jobs for a while; personal data must not outlive its owner there). A
row holds the recipients, the subject, the template and its context — model instances by
identifier, rendered by the worker — and is deleted once the e-mail is sent, or when its
recipient's account is deleted (``courriels.oublier``), or by the nightly purge when every
attempt failed (``courriels.RETENTION_JOURS``).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.utils import timezone


class CourrielSortant(models.Model):
    cree_le = models.DateTimeField(default=timezone.now, db_index=True)
    destinataires = ArrayField(models.CharField(max_length=320))
    sujet = models.TextField()
    gabarit = models.CharField(max_length=200)
    contexte = models.JSONField(default=dict)

    class Meta:
        verbose_name = "courriel en attente"
        verbose_name_plural = "courriels en attente"
        # ``oublier`` finds the pending e-mails of an address (``destinataires @> [adresse]``).
        indexes = [GinIndex(fields=["destinataires"], name="courriel_destinataires")]

    def __str__(self):
        return f"{self.gabarit} ({len(self.destinataires)} destinataire(s))"
