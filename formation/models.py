"""Training bodies and their centres, learners (one per recruitment), sessions, attendance
and the modules taken after the initial training.

A learner row stands for the training of one recruited advisor (``MiseEnRelation``): its
state machine is in ``rules.TRANSITIONS`` and every rule that one row can hold is a
database constraint below.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from . import catalogues as C
from . import rules as R


class OrganismeFormation(models.Model):
    """A training body chosen by the ANCT, serving some départements."""

    nom = models.CharField(max_length=200, unique=True)
    departements = models.ManyToManyField(
        "territoires.Departement",
        verbose_name="départements servis",
        blank=True,
        related_name="organismes_formation",
    )
    email_contact = models.EmailField("adresse de contact", blank=True)

    class Meta:
        verbose_name = "organisme de formation"
        verbose_name_plural = "organismes de formation"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Centre(models.Model):
    organisme = models.ForeignKey(
        OrganismeFormation, on_delete=models.CASCADE, related_name="centres"
    )
    commune = models.ForeignKey(
        "territoires.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "centre de formation"
        verbose_name_plural = "centres de formation"
        ordering = ["organisme", "commune__nom"]
        constraints = [
            models.UniqueConstraint(fields=["organisme", "commune"], name="centre_unique"),
        ]

    def __str__(self):
        return self.commune.nom


Etat = models.TextChoices("Etat", [(k.upper(), (k, v)) for k, v in R.LIBELLES_ETATS.items()])
Catalogue = models.TextChoices(
    "Catalogue", [(f"C{k}", (k, v)) for k, v in C.LIBELLES_CATALOGUES.items()]
)
CodeParcours = [(p.code, p.libelle) for p in C.PARCOURS]
ModeSession = models.TextChoices(
    "ModeSession",
    [("PRESENTIEL", (R.PRESENTIEL, "Présentiel")), ("DISTANCE", (R.DISTANCE, "À distance"))],
)


class Session(models.Model):
    """A start of training. Planned in a centre (or remote); opening it applies the
    8-learner rule and records the explanation shown to everyone."""

    class Statut(models.TextChoices):
        PLANIFIEE = "planifiee", "Planifiée"
        OUVERTE = "ouverte", "Ouverte"

    organisme = models.ForeignKey(
        OrganismeFormation, on_delete=models.PROTECT, related_name="sessions"
    )
    centre = models.ForeignKey(
        Centre,
        verbose_name="centre (vide : à distance)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    parcours = models.CharField("parcours", max_length=20, choices=CodeParcours)
    date_debut = models.DateField("date de début")
    capacite = models.PositiveSmallIntegerField("places", default=20)
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.PLANIFIEE
    )
    mode = models.CharField("modalité", max_length=20, choices=ModeSession.choices, blank=True)
    explication = models.TextField("pourquoi cette modalité", blank=True)
    ouverte_le = models.DateTimeField("ouverte le", null=True, blank=True)
    cree_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "session de formation"
        verbose_name_plural = "sessions de formation"
        ordering = ["-date_debut", "pk"]
        indexes = [models.Index(fields=["organisme", "centre", "date_debut"], name="session_jour")]
        constraints = [
            models.CheckConstraint(condition=Q(capacite__gte=1), name="session_capacite"),
            models.CheckConstraint(
                condition=Q(parcours__in=list(C.PAR_CODE)), name="session_parcours_connu"
            ),
            models.CheckConstraint(
                condition=Q(statut="planifiee", mode="", ouverte_le__isnull=True)
                | Q(statut="ouverte", mode__in=[R.PRESENTIEL, R.DISTANCE], ouverte_le__isnull=False)
                & ~Q(explication=""),
                name="session_ouverte_avec_modalite",
            ),
            models.CheckConstraint(
                condition=~Q(mode=R.PRESENTIEL) | Q(centre__isnull=False),
                name="session_presentiel_dans_un_centre",
            ),
        ]

    def __str__(self):
        lieu = self.centre.commune.nom if self.centre_id else "à distance"
        return f"Session du {self.date_debut:%d/%m/%Y} – {lieu}"

    @property
    def parcours_obj(self) -> C.Parcours:
        return C.PAR_CODE[self.parcours]


_POSITIONNES = sorted(R.POSITIONNES)
_EN_SESSION = sorted({R.INSCRIT, R.EN_FORMATION, R.FORME})


class Apprenant(models.Model):
    """The training of one recruited advisor, followed by one training body."""

    Etat = Etat
    Catalogue = Catalogue

    mise_en_relation = models.OneToOneField(
        "recrutement.MiseEnRelation",
        verbose_name="recrutement",
        on_delete=models.PROTECT,
        related_name="apprenant",
    )
    organisme = models.ForeignKey(
        OrganismeFormation,
        verbose_name="organisme de formation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="apprenants",
    )
    # The advisor's account, when known (the candidate's, or the conseiller one).
    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="formations",
    )
    coordinateur = models.BooleanField("coordinateur", default=False)
    etat = models.CharField("état", max_length=20, choices=Etat.choices, default=R.A_POSITIONNER)
    affecte_le = models.DateTimeField("rattaché le", default=timezone.now)
    catalogue = models.CharField(
        "catalogue", max_length=4, choices=Catalogue.choices, default=C.CATALOGUE_EN_VIGUEUR
    )
    score_positionnement = models.PositiveSmallIntegerField(
        "score au test de positionnement", null=True, blank=True
    )
    date_positionnement = models.DateField("date du test de positionnement", null=True, blank=True)
    parcours = models.CharField("parcours", max_length=20, choices=CodeParcours, blank=True)
    motif_parcours = models.TextField("motif du choix de parcours", blank=True)
    modules_choisis = models.JSONField("modules thématiques choisis", default=list, blank=True)
    motif_dispense = models.CharField("motif de la dispense", max_length=200, blank=True)
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="apprenants",
    )
    date_entree_formation = models.DateField("entrée en formation", null=True, blank=True)
    date_sortie_formation = models.DateField("sortie de formation", null=True, blank=True)
    date_prise_poste = models.DateField("prise de poste", null=True, blank=True)
    ccp1_admis = models.BooleanField("CCP1 obtenu", null=True, blank=True)
    date_ccp1 = models.DateField("date du jury CCP1", null=True, blank=True)
    certification_pix = models.BooleanField("certification Pix obtenue", null=True, blank=True)
    date_pix = models.DateField("date de la certification Pix", null=True, blank=True)
    motif_abandon = models.CharField("motif de l’abandon", max_length=200, blank=True)
    modifie_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "apprenant"
        ordering = ["-affecte_le", "-pk"]
        indexes = [
            models.Index(fields=["organisme", "etat"], name="apprenant_organisme_etat"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(etat__in=Etat.values), name="apprenant_etat_connu"),
            models.CheckConstraint(
                condition=Q(score_positionnement__isnull=True)
                | Q(score_positionnement__lte=R.SCORE_MAX),
                name="apprenant_score_borne",
            ),
            models.CheckConstraint(
                condition=Q(parcours="") | Q(parcours__in=list(C.PAR_CODE)),
                name="apprenant_parcours_connu",
            ),
            # Positioned: the test result, its date and the path are known.
            models.CheckConstraint(
                condition=~Q(etat__in=_POSITIONNES)
                | Q(score_positionnement__isnull=False, date_positionnement__isnull=False)
                & ~Q(parcours=""),
                name="apprenant_positionne_complet",
            ),
            models.CheckConstraint(
                condition=~Q(etat__in=_EN_SESSION) | Q(session__isnull=False),
                name="apprenant_inscrit_dans_une_session",
            ),
            models.CheckConstraint(
                condition=~Q(etat__in=[R.EN_FORMATION, R.FORME])
                | Q(date_entree_formation__isnull=False),
                name="apprenant_entree_datee",
            ),
            models.CheckConstraint(
                condition=~Q(etat=R.FORME) | Q(date_sortie_formation__isnull=False),
                name="apprenant_sortie_datee",
            ),
            models.CheckConstraint(
                condition=Q(etat=R.DISPENSE) & ~Q(motif_dispense="")
                | ~Q(etat=R.DISPENSE) & Q(motif_dispense=""),
                name="apprenant_dispense_motivee",
            ),
            # Prise de poste once, and only once the training is validated or exempted.
            models.CheckConstraint(
                condition=Q(etat__in=sorted(R.EN_POSTE), date_prise_poste__isnull=False)
                | ~Q(etat__in=sorted(R.EN_POSTE)) & Q(date_prise_poste__isnull=True),
                name="apprenant_prise_de_poste",
            ),
            models.CheckConstraint(
                condition=~Q(etat=R.ABANDON) | ~Q(motif_abandon=""),
                name="apprenant_abandon_motive",
            ),
            models.CheckConstraint(
                condition=Q(date_sortie_formation__isnull=True)
                | Q(date_sortie_formation__gte=models.F("date_entree_formation")),
                name="apprenant_sortie_apres_entree",
            ),
            models.CheckConstraint(
                condition=Q(ccp1_admis__isnull=True) | Q(date_ccp1__isnull=False),
                name="apprenant_ccp1_date",
            ),
            models.CheckConstraint(
                condition=Q(certification_pix__isnull=True) | Q(date_pix__isnull=False),
                name="apprenant_pix_date",
            ),
        ]

    def __str__(self):
        return f"Formation de {self.nom}"

    @property
    def nom(self) -> str:
        u = self.mise_en_relation.candidat.utilisateur
        return u.nom_complet or u.email

    @property
    def parcours_obj(self) -> C.Parcours | None:
        return C.PAR_CODE.get(self.parcours)

    @property
    def etat_libelle(self) -> str:
        return R.LIBELLES_ETATS[self.etat]


class Presence(models.Model):
    """Attendance of a learner on one day of their session."""

    apprenant = models.ForeignKey(Apprenant, on_delete=models.CASCADE, related_name="presences")
    jour = models.DateField("jour")
    present = models.BooleanField("présent")
    enregistre_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "présence"
        ordering = ["jour"]
        constraints = [
            models.UniqueConstraint(fields=["apprenant", "jour"], name="presence_unique"),
        ]

    def __str__(self):
        return f"{self.jour:%d/%m/%Y} : {'présent' if self.present else 'absent'}"


TypeModule = models.TextChoices(
    "TypeModule", [(k.upper(), (k, v)) for k, v in R.LIBELLES_TYPES_MODULE.items()]
)


class ModuleSuivi(models.Model):
    """A module completed after (or instead of) initial training: the yearly thematic
    module, optional CCP2/CCP3, the coordinators' modules."""

    TypeModule = TypeModule

    apprenant = models.ForeignKey(Apprenant, on_delete=models.CASCADE, related_name="modules")
    type_module = models.CharField("type", max_length=20, choices=TypeModule.choices)
    code = models.CharField(
        "module",
        max_length=30,
        blank=True,
        choices=[(m.code, m.titre) for m in C.MODULES_THEMATIQUES],
    )
    heures = models.PositiveSmallIntegerField("durée (h)")
    date = models.DateField("date de fin")
    presentiel = models.BooleanField("en présentiel", default=False)
    ville = models.CharField("ville", max_length=60, blank=True)
    enregistre_le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "module suivi"
        verbose_name_plural = "modules suivis"
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type_module__in=TypeModule.values), name="module_type_connu"
            ),
            models.CheckConstraint(
                condition=~Q(type_module=R.THEMATIQUE)
                | Q(heures__in=[7, 14], code__in=list(C.MODULES_PAR_CODE)),
                name="module_thematique_7_ou_14h",
            ),
            models.CheckConstraint(
                condition=~Q(type_module=R.COORDINATION_1)
                | Q(heures=14, presentiel=True, ville__in=list(C.VILLES_MODULE_1_COORDINATEUR)),
                name="module_coordination_1_presentiel",
            ),
            # The same thematic module is not recorded twice the same day (double click).
            models.UniqueConstraint(
                fields=["apprenant", "type_module", "code", "date"], name="module_unique"
            ),
        ]

    def __str__(self):
        return self.get_code_display() if self.code else self.get_type_module_display()
