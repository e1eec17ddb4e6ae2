from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from .choix import (
    AvisComite,
    Phase,
    PolitiquePrioritaire,
    PosteCoordinateur,
    StatutDemande,
    TypeDemande,
    TypePoste,
)
from .rules import DEMANDES_DE_POSTES, STATUTS_OUVERTS, prochaine_etape_demande

OUVERTS = sorted(STATUTS_OUVERTS)


class Demande(models.Model):
    """A structure's request, of the A–H family. One table for all: the fields that only
    some types use stay empty for the others (checked by the constraints below).

    A structure's application to the programme is its request A. Statuses change through
    ``services`` only, each change leaving a ``HistoriqueDemande`` row.
    """

    type = models.CharField("type de demande", max_length=1, choices=TypeDemande.choices)
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="demandes",
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutDemande.choices, default=StatutDemande.DEPOSEE
    )
    nombre_postes = models.PositiveSmallIntegerField("postes de conseillers demandés", default=0)
    poste_coordinateur = models.CharField(
        "poste de coordinateur souhaité",
        max_length=20,
        choices=PosteCoordinateur.choices,
        default=PosteCoordinateur.AUCUN,
    )
    transfert = models.BooleanField("transfert de poste", default=False)
    structure_origine = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure d’origine du transfert",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demandes_transferees",
    )
    date_debut_souhaitee = models.DateField("date de début souhaitée", null=True, blank=True)
    lieux_missions = models.TextField("lieux et missions prévus", blank=True)
    politiques_prioritaires = ArrayField(
        models.CharField(max_length=20, choices=PolitiquePrioritaire.choices),
        verbose_name="politiques prioritaires",
        default=list,
        blank=True,
    )
    motivation = models.TextField("motivation ou motif", blank=True)
    candidat_identifie = models.BooleanField("candidat déjà identifié", default=False)
    engagement_le = models.DateTimeField("engagement accepté le", null=True, blank=True)
    deposee_le = models.DateTimeField("déposée le")
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="déposée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    modifiee_le = models.DateTimeField("modifiée le", auto_now=True)
    cloturee_le = models.DateTimeField("close le", null=True, blank=True)

    class Meta:
        verbose_name = "demande"
        ordering = ["-deposee_le", "-pk"]
        indexes = [models.Index(fields=["structure", "type", "statut"], name="demande_struct_type")]
        constraints = [
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(type=TypeDemande.A, statut__in=OUVERTS),
                name="demande_une_A_ouverte_par_structure",
                violation_error_message="Cette structure a déjà une candidature en cours.",
            ),
            models.CheckConstraint(
                condition=Q(type__in=TypeDemande.values), name="demande_type_connu"
            ),
            models.CheckConstraint(
                condition=Q(statut__in=StatutDemande.values), name="demande_statut_connu"
            ),
            # Open requests have no closing date; closed ones have one.
            models.CheckConstraint(
                condition=(
                    Q(statut__in=OUVERTS, cloturee_le__isnull=True)
                    | (~Q(statut__in=OUVERTS) & Q(cloturee_le__isnull=False))
                ),
                name="demande_cloture_selon_statut",
            ),
            models.CheckConstraint(
                condition=Q(structure_origine__isnull=True) | Q(transfert=True),
                name="demande_origine_si_transfert",
            ),
            models.CheckConstraint(
                condition=~Q(structure_origine=F("structure")),
                name="demande_origine_autre_structure",
            ),
            # Applying to the programme means accepting its commitments.
            models.CheckConstraint(
                condition=~Q(type=TypeDemande.A) | Q(engagement_le__isnull=False),
                name="demande_A_avec_engagement",
            ),
            # A request for posts asks for at least one conseiller or a coordinator.
            models.CheckConstraint(
                condition=(
                    ~Q(type__in=sorted(DEMANDES_DE_POSTES))
                    | Q(nombre_postes__gte=1)
                    | ~Q(poste_coordinateur=PosteCoordinateur.AUCUN)
                ),
                name="demande_de_postes_non_vide",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} – {self.structure}"

    @property
    def est_ouverte(self) -> bool:
        return self.statut in STATUTS_OUVERTS

    @property
    def prochaine_etape(self) -> str:
        return prochaine_etape_demande(self.type, self.statut)

    @property
    def avec_coordinateur(self) -> bool:
        return self.poste_coordinateur != PosteCoordinateur.AUCUN

    def get_politiques_prioritaires_display(self) -> list[str]:
        libelles = dict(PolitiquePrioritaire.choices)
        return [libelles.get(p, p) for p in self.politiques_prioritaires]


class HistoriqueDemande(models.Model):
    """One status change of a request: from, to, when, who, why. Never updated."""

    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="historique")
    de = models.CharField("de", max_length=20, choices=StatutDemande.choices, blank=True)
    vers = models.CharField("vers", max_length=20, choices=StatutDemande.choices)
    le = models.DateTimeField("le")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motif = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement de statut d’une demande"
        verbose_name_plural = "historique des demandes"
        ordering = ["le", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(de=F("vers")), name="historique_change_de_statut")
        ]

    def __str__(self):
        return f"{self.get_de_display() or 'création'} → {self.get_vers_display()}"


class DecisionComite(models.Model):
    """One decision of the selection committee (COSELEC) on a structure: an append-only
    history, as the real platform's ``structures.coselec[]``. ``nombre_postes`` is the
    structure's total number of posts after the decision, not a variation."""

    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="decisions_comite",
    )
    demande = models.ForeignKey(
        Demande,
        verbose_name="demande",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    avis = models.CharField("avis", max_length=25, choices=AvisComite.choices)
    type_poste = models.CharField(
        "postes", max_length=15, choices=TypePoste.choices, default=TypePoste.CONSEILLER
    )
    nombre_postes = models.PositiveSmallIntegerField("postes attribués après la décision")
    numero_comite = models.PositiveIntegerField("numéro du comité")
    date_comite = models.DateField("date du comité")
    phase = models.CharField("phase", max_length=1, choices=Phase.choices)
    prioritaire = models.BooleanField("demande prioritaire", default=False)
    observations = models.TextField("observations", blank=True)
    saisie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisie par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cree_le = models.DateTimeField("saisie le", auto_now_add=True)

    class Meta:
        verbose_name = "décision du comité de sélection"
        verbose_name_plural = "décisions du comité de sélection"
        ordering = ["date_comite", "numero_comite", "pk"]
        indexes = [models.Index(fields=["structure", "date_comite"], name="decision_struct_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(avis=AvisComite.POSITIF) | Q(nombre_postes=0),
                name="decision_postes_seulement_si_favorable",
            ),
            models.CheckConstraint(
                condition=Q(numero_comite__gte=1), name="decision_numero_comite_positif"
            ),
            models.CheckConstraint(
                condition=Q(avis__in=AvisComite.values), name="decision_avis_connu"
            ),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="decision_phase"),
            models.UniqueConstraint(
                fields=["structure", "numero_comite", "type_poste"],
                name="decision_une_par_comite_et_poste",
            ),
        ]

    def __str__(self):
        return f"Comité n° {self.numero_comite} du {self.date_comite:%d/%m/%Y} – {self.structure}"
