"""What pilotage stores: the reports a host structure hands in, and the record of each
scheduled e-mail (so that running a command twice sends it once).

Alerts and dashboard figures are not stored: they are recomputed from the records, so an
alert disappears as soon as what caused it is solved.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import rules

TYPES_OBLIGATION = [(code, libelle) for code, (libelle, _) in rules.OBLIGATIONS.items()]


class RapportStructure(models.Model):
    """A report handed in by a host structure for one reporting period."""

    structure = models.ForeignKey(
        "structures.Structure", on_delete=models.PROTECT, related_name="rapports"
    )
    type = models.CharField("obligation", max_length=30, choices=TYPES_OBLIGATION)
    periode_debut = models.DateField("début de la période")
    periode_fin = models.DateField("fin de la période")
    depose_le = models.DateTimeField("déposé le", default=timezone.now)
    depose_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Half-yearly report on hosting conditions, filled with the advisor.
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller associé",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    materiel_fourni = models.BooleanField("matériel fourni (ordinateur, téléphone)", null=True)
    frais_deplacement = models.BooleanField("frais de déplacement pris en charge", null=True)
    espace_travail = models.BooleanField("espace de travail dédié", null=True)
    # Subsidy-use report.
    montant_utilise = models.DecimalField(
        "montant de la subvention utilisé (€)",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    commentaire = models.TextField("commentaire", blank=True, max_length=2000)

    class Meta:
        verbose_name = "rapport de structure"
        ordering = ["-periode_debut", "type"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "type", "periode_debut"], name="rapport_une_fois_par_periode"
            ),
            models.CheckConstraint(
                condition=Q(type__in=list(rules.OBLIGATIONS)), name="rapport_type_connu"
            ),
            models.CheckConstraint(
                condition=Q(periode_fin__gte=models.F("periode_debut")),
                name="rapport_periode_ordonnee",
            ),
            models.CheckConstraint(
                condition=Q(montant_utilise__isnull=True) | Q(montant_utilise__gte=0),
                name="rapport_montant_positif",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} – {self.structure} ({self.periode_debut:%m/%Y})"


class EnvoiProgramme(models.Model):
    """One e-mail (or batch of one notice) sent by a scheduled command, recorded under a
    key that names what it is about, so that a second run finds it and sends nothing."""

    cle = models.CharField("clé", max_length=200, unique=True)
    commande = models.CharField("commande", max_length=60)
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now)
    destinataires = models.PositiveSmallIntegerField("destinataires", default=0)

    class Meta:
        verbose_name = "envoi programmé"
        verbose_name_plural = "envois programmés"
        ordering = ["-envoye_le"]

    def __str__(self):
        return self.cle
