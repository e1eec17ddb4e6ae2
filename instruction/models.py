from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from .choix import (
    Avis,
    AvisComite,
    Phase,
    PolitiquePrioritaire,
    PosteCoordinateur,
    Resultat,
    StatutComite,
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
    # Request H is filed by the giving structure and names the receiving one (same
    # département); the receiving one files A or C marked as a transfer from the giver.
    structure_destination = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure d’accueil du transfert",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferts_proposes",
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
            # A transfer (H) names the receiving structure; no other request does.
            models.CheckConstraint(
                condition=(
                    Q(type=TypeDemande.H, structure_destination__isnull=False)
                    | (~Q(type=TypeDemande.H) & Q(structure_destination__isnull=True))
                ),
                name="demande_destination_si_transfert_H",
            ),
            models.CheckConstraint(
                condition=~Q(structure_destination=F("structure")),
                name="demande_destination_autre_structure",
            ),
            # Only a request A or C is marked as the receiving side of a transfer.
            models.CheckConstraint(
                condition=Q(transfert=False) | Q(type__in=[TypeDemande.A, TypeDemande.C]),
                name="demande_transfert_recu_par_A_ou_C",
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
    comite = models.ForeignKey(
        "Comite",
        verbose_name="comité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    avis = models.CharField("avis", max_length=25, choices=AvisComite.choices)
    resultat = models.CharField(
        "issue de la demande", max_length=15, choices=Resultat.choices, blank=True
    )
    postes_demandes = models.PositiveSmallIntegerField("postes demandés ou à rendre", default=0)
    postes_accordes = models.PositiveSmallIntegerField("postes accordés (ou rendus)", default=0)
    motif = models.TextField("motif de la décision", blank=True)
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
            # A committee decides once per request and kind of post (and, for a decision
            # without request, e.g. an import, once per structure and kind of post).
            models.UniqueConstraint(
                fields=["demande", "numero_comite", "type_poste"],
                condition=Q(demande__isnull=False),
                name="decision_une_par_comite_demande_poste",
            ),
            models.UniqueConstraint(
                fields=["structure", "numero_comite", "type_poste"],
                condition=Q(demande__isnull=True),
                name="decision_une_par_comite_et_poste",
            ),
            models.CheckConstraint(
                condition=Q(resultat="") | Q(resultat__in=Resultat.values),
                name="decision_resultat_connu",
            ),
        ]

    def __str__(self):
        return f"Comité n° {self.numero_comite} du {self.date_comite:%d/%m/%Y} – {self.structure}"


class AvisPrefecture(models.Model):
    """The prefecture's opinion on a request A, C or H of its département, with its rank
    among the favourable ones (1 = first). The rank is cleared when the request closes."""

    demande = models.OneToOneField(Demande, on_delete=models.CASCADE, related_name="avis")
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="+"
    )
    avis = models.CharField("avis", max_length=15, choices=Avis.choices)
    commentaire = models.TextField("commentaire")
    rang = models.PositiveIntegerField("rang", null=True, blank=True)
    mention_transfert = models.BooleanField("la demande est un transfert de poste", default=False)
    donne_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    donne_le = models.DateTimeField("donné le")
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "avis de la préfecture"
        verbose_name_plural = "avis des préfectures"
        ordering = ["departement_id", F("rang").asc(nulls_last=True), "donne_le"]
        constraints = [
            models.CheckConstraint(condition=Q(avis__in=Avis.values), name="avis_connu"),
            # Only favourable requests are ranked; ranks start at 1 and are unique per
            # département.
            models.CheckConstraint(
                condition=Q(rang__isnull=True) | Q(avis=Avis.FAVORABLE, rang__gte=1),
                name="avis_rang_si_favorable",
            ),
            models.UniqueConstraint(
                fields=["departement", "rang"],
                condition=Q(rang__isnull=False),
                name="avis_rang_unique_par_departement",
            ),
            models.CheckConstraint(
                condition=~Q(commentaire=""), name="avis_commentaire_obligatoire"
            ),
        ]

    def __str__(self):
        return f"Avis {self.get_avis_display().lower()} – {self.demande}"


class Comite(models.Model):
    """A selection committee session. Prepared (preview, overrides), then confirmed once:
    its decisions are then recorded and nothing changes it any more."""

    numero = models.PositiveIntegerField("numéro", unique=True)
    date = models.DateField("date")
    statut = models.CharField(
        "statut", max_length=20, choices=StatutComite.choices, default=StatutComite.EN_PREPARATION
    )
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField("préparé le", auto_now_add=True)
    confirme_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirme_le = models.DateTimeField("confirmé le", null=True, blank=True)
    # Figures at confirmation, kept for the record.
    total_national = models.PositiveIntegerField("objectif national", null=True, blank=True)
    postes_disponibles = models.PositiveIntegerField("postes disponibles", null=True, blank=True)
    postes_attribues = models.PositiveIntegerField("postes attribués", null=True, blank=True)
    postes_liberes = models.PositiveIntegerField("postes libérés", null=True, blank=True)

    class Meta:
        verbose_name = "comité de sélection"
        verbose_name_plural = "comités de sélection"
        ordering = ["-date", "-numero"]
        constraints = [
            models.CheckConstraint(condition=Q(numero__gte=1), name="comite_numero_positif"),
            models.CheckConstraint(
                condition=Q(statut__in=StatutComite.values), name="comite_statut_connu"
            ),
            models.CheckConstraint(
                condition=(
                    Q(statut=StatutComite.CONFIRME, confirme_le__isnull=False)
                    | Q(statut=StatutComite.EN_PREPARATION, confirme_le__isnull=True)
                ),
                name="comite_confirme_a_une_date",
            ),
            # One committee in preparation at a time: its preview is the national one.
            models.UniqueConstraint(
                fields=["statut"],
                condition=Q(statut=StatutComite.EN_PREPARATION),
                name="comite_un_seul_en_preparation",
                violation_error_message="Un comité est déjà en préparation.",
            ),
        ]

    def __str__(self):
        return f"Comité n° {self.numero} du {self.date:%d/%m/%Y}"

    @property
    def est_confirme(self) -> bool:
        return self.statut == StatutComite.CONFIRME


class Derogation(models.Model):
    """The national admin's override of one proposed decision, with its written reason."""

    comite = models.ForeignKey(Comite, on_delete=models.CASCADE, related_name="derogations")
    demande = models.ForeignKey(Demande, on_delete=models.CASCADE, related_name="derogations")
    type_poste = models.CharField(
        "postes", max_length=15, choices=TypePoste.choices, default=TypePoste.CONSEILLER
    )
    resultat = models.CharField("décision", max_length=15, choices=Resultat.choices)
    postes = models.PositiveSmallIntegerField("postes accordés", default=0)
    motif = models.TextField("motif")
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    le = models.DateTimeField("le", auto_now=True)

    class Meta:
        verbose_name = "décision modifiée"
        verbose_name_plural = "décisions modifiées"
        constraints = [
            models.UniqueConstraint(
                fields=["comite", "demande", "type_poste"], name="derogation_unique"
            ),
            models.CheckConstraint(
                condition=Q(resultat=Resultat.ACCEPTEE) | Q(postes=0),
                name="derogation_postes_si_acceptee",
            ),
            models.CheckConstraint(condition=~Q(motif=""), name="derogation_motif_obligatoire"),
        ]

    def __str__(self):
        return f"{self.comite} – {self.demande} : {self.get_resultat_display()}"
