"""Mises en relation between a candidate and a structure, their history, the subsidy file
opened when a structure validates a candidate, and the deadline reminders sent.

The matching itself is not stored: the structure's "nouvelles candidatures" are computed
live from the candidates' wishes (``selectors.correspondances``), so nothing goes stale
when a candidate moves, pauses or is recruited. A row exists once a structure acts on a
candidate (pre-selects, sets aside, brings its own candidate) and then carries the
status machine of the real platform (``rules.TRANSITIONS``), the planned contract and
the reserved post.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from . import rules

R = rules


class Statut(models.TextChoices):
    NOUVELLE = R.NOUVELLE, R.LIBELLES_STATUTS[R.NOUVELLE]
    INTERESSEE = R.INTERESSEE, R.LIBELLES_STATUTS[R.INTERESSEE]
    NON_INTERESSEE = R.NON_INTERESSEE, R.LIBELLES_STATUTS[R.NON_INTERESSEE]
    RECRUTEE = R.RECRUTEE, R.LIBELLES_STATUTS[R.RECRUTEE]
    FINALISEE = R.FINALISEE, R.LIBELLES_STATUTS[R.FINALISEE]
    NOUVELLE_RUPTURE = R.NOUVELLE_RUPTURE, R.LIBELLES_STATUTS[R.NOUVELLE_RUPTURE]
    FINALISEE_RUPTURE = R.FINALISEE_RUPTURE, R.LIBELLES_STATUTS[R.FINALISEE_RUPTURE]
    RENOUVELLEMENT_INITIEE = (
        R.RENOUVELLEMENT_INITIEE,
        R.LIBELLES_STATUTS[R.RENOUVELLEMENT_INITIEE],
    )
    TERMINEE = R.TERMINEE, R.LIBELLES_STATUTS[R.TERMINEE]
    TERMINEE_NATURELLE = R.TERMINEE_NATURELLE, R.LIBELLES_STATUTS[R.TERMINEE_NATURELLE]
    FINALISEE_NON_DISPONIBLE = (
        R.FINALISEE_NON_DISPONIBLE,
        R.LIBELLES_STATUTS[R.FINALISEE_NON_DISPONIBLE],
    )


class Origine(models.TextChoices):
    MATCHING = "matching", "Proposé par la plateforme"
    VIVIER = "vivier", "Trouvé dans le vivier"
    STRUCTURE = "structure", "Candidat identifié par la structure"
    RENOUVELLEMENT = "renouvellement", "Renouvellement de contrat"


TypeContrat = models.TextChoices(
    "TypeContrat",
    [(code.upper(), (code, libelle)) for code, libelle in R.LIBELLES_CONTRATS.items()],
)
TailleTenue = models.TextChoices("TailleTenue", [(t, (t, t)) for t, _ in R.TAILLES_TENUE])
MotifRupture = models.TextChoices(
    "MotifRupture", [(code.upper(), (code, libelle)) for code, libelle in R.MOTIFS_RUPTURE]
)

_RECRUTES = sorted(R.RECRUTES)
_CLOS_OU_RENOUVELLEMENT = sorted(R.CLOS | {R.RENOUVELLEMENT_INITIEE})
_AVEC_CONTRAT = sorted(R.AVEC_CONTRAT)
_AVEC_RUPTURE = sorted(R.AVEC_RUPTURE)


class MiseEnRelation(models.Model):
    Statut = Statut
    Origine = Origine
    TypeContrat = TypeContrat
    TailleTenue = TailleTenue
    MotifRupture = MotifRupture

    candidat = models.ForeignKey(
        "candidats.Candidat",
        verbose_name="candidat",
        on_delete=models.PROTECT,
        related_name="mises_en_relation",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="mises_en_relation",
    )
    statut = models.CharField("statut", max_length=30, choices=Statut.choices)
    origine = models.CharField("origine", max_length=20, choices=Origine.choices)
    cree_le = models.DateTimeField("créée le", default=timezone.now)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    statut_modifie_le = models.DateTimeField("statut modifié le", default=timezone.now)
    renouvelle = models.ForeignKey(
        "self",
        verbose_name="contrat renouvelé",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renouvellements",
    )
    # "Valider cette candidature": the planned contract and the clothing size [003 étape 5].
    type_contrat = models.CharField(
        "type de contrat", max_length=30, choices=TypeContrat.choices, blank=True
    )
    date_debut_contrat = models.DateField("début du contrat", null=True, blank=True)
    duree_contrat_mois = models.PositiveSmallIntegerField(
        "durée du contrat (mois)", null=True, blank=True
    )
    date_fin_contrat = models.DateField("fin du contrat", null=True, blank=True)
    salaire_brut_mensuel = models.DecimalField(
        "salaire brut mensuel (€)", max_digits=8, decimal_places=2, null=True, blank=True
    )
    taille_tenue = models.CharField(
        "taille de la tenue", max_length=5, choices=TailleTenue.choices, blank=True
    )
    fiche_poste_publiee_le = models.DateField("fiche de poste publiée le", null=True, blank=True)
    validee_le = models.DateTimeField("candidature validée le", null=True, blank=True)
    validee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="candidature validée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    finalisee_le = models.DateTimeField("recrutement validé le", null=True, blank=True)
    # The allocated post reserved at validation; kept afterwards as the history of the post.
    poste = models.ForeignKey(
        "conventions.Poste",
        verbose_name="poste",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mises_en_relation",
    )
    # Rupture, declared by the structure.
    date_rupture = models.DateField("date de la rupture", null=True, blank=True)
    motif_rupture = models.CharField(
        "motif de la rupture", max_length=30, choices=MotifRupture.choices, blank=True
    )
    # The national team may hold a declared rupture until pieces arrive (the real platform's
    # "en attente de pièces"): what is missing, empty when the file is complete.
    pieces_rupture_manquantes = models.TextField(
        "pièces manquantes au dossier de rupture", blank=True
    )

    class Meta:
        verbose_name = "mise en relation"
        verbose_name_plural = "mises en relation"
        ordering = ["-statut_modifie_le", "-pk"]
        indexes = [
            models.Index(fields=["structure", "statut"], name="mer_structure_statut"),
            models.Index(fields=["candidat", "statut"], name="mer_candidat_statut"),
            # "Déjà formé": has the person ever been in post?
            models.Index(
                fields=["candidat"],
                condition=Q(statut__in=sorted(R.EN_POSTE_UN_JOUR)),
                name="mer_candidat_en_poste",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(statut__in=Statut.values), name="mer_statut_connu"),
            models.CheckConstraint(
                condition=Q(origine__in=Origine.values), name="mer_origine_connue"
            ),
            # One live link per (candidate, structure); a closed one may be followed by a new
            # one (recruited again after a rupture), a renewal coexists with its contract.
            models.UniqueConstraint(
                fields=["candidat", "structure"],
                condition=~Q(statut__in=_CLOS_OU_RENOUVELLEMENT),
                name="mer_une_vivante_par_candidat_et_structure",
                violation_error_message="Ce candidat est déjà en relation avec cette structure.",
            ),
            # A candidate is recruited by at most one structure at a time.
            models.UniqueConstraint(
                fields=["candidat"],
                condition=Q(statut__in=_RECRUTES),
                name="mer_un_recrutement_par_candidat",
                violation_error_message="Ce candidat est déjà recruté par une structure.",
            ),
            # A post is held by one recruitment at a time, and every recruitment holds one.
            models.UniqueConstraint(
                fields=["poste"],
                condition=Q(statut__in=_RECRUTES),
                name="mer_un_recrutement_par_poste",
                violation_error_message="Ce poste est déjà pourvu.",
            ),
            models.CheckConstraint(
                condition=~Q(statut__in=_RECRUTES) | Q(poste__isnull=False),
                name="mer_recrutement_sur_un_poste",
            ),
            models.UniqueConstraint(
                fields=["renouvelle"],
                condition=Q(statut=R.RENOUVELLEMENT_INITIEE),
                name="mer_un_renouvellement_en_cours",
            ),
            models.CheckConstraint(
                condition=Q(renouvelle__isnull=True)
                | Q(origine="renouvellement", renouvelle__isnull=False),
                name="mer_renouvelle_si_renouvellement",
            ),
            models.CheckConstraint(
                condition=~Q(renouvelle=F("id")), name="mer_ne_renouvelle_pas_elle_meme"
            ),
            # From "candidature validée" on, the contract is known in full.
            models.CheckConstraint(
                condition=~Q(statut__in=_AVEC_CONTRAT)
                | (
                    Q(
                        date_debut_contrat__isnull=False,
                        salaire_brut_mensuel__isnull=False,
                        fiche_poste_publiee_le__isnull=False,
                        validee_le__isnull=False,
                    )
                    & ~Q(type_contrat="")
                    & ~Q(taille_tenue="")
                ),
                name="mer_contrat_complet",
            ),
            models.CheckConstraint(
                condition=Q(type_contrat="")
                | Q(
                    type_contrat=R.CDI,
                    duree_contrat_mois__isnull=True,
                    date_fin_contrat__isnull=True,
                )
                | (
                    ~Q(type_contrat=R.CDI)
                    & Q(duree_contrat_mois__gte=1, date_fin_contrat__isnull=False)
                ),
                name="mer_duree_selon_contrat",
            ),
            models.CheckConstraint(
                condition=Q(type_contrat="") | Q(type_contrat__in=TypeContrat.values),
                name="mer_type_contrat_connu",
            ),
            models.CheckConstraint(
                condition=Q(salaire_brut_mensuel__isnull=True) | Q(salaire_brut_mensuel__gt=0),
                name="mer_salaire_positif",
            ),
            models.CheckConstraint(
                condition=Q(date_fin_contrat__isnull=True)
                | Q(date_fin_contrat__gte=F("date_debut_contrat")),
                name="mer_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=_AVEC_RUPTURE, date_rupture__isnull=False)
                & ~Q(motif_rupture="")
                | ~Q(statut__in=_AVEC_RUPTURE),
                name="mer_rupture_complete",
            ),
            models.CheckConstraint(
                condition=Q(pieces_rupture_manquantes="") | Q(statut=R.NOUVELLE_RUPTURE),
                name="mer_pieces_rupture_si_rupture_declaree",
            ),
            models.CheckConstraint(
                condition=~Q(statut=R.FINALISEE) | Q(finalisee_le__isnull=False),
                name="mer_finalisee_datee",
            ),
        ]

    def __str__(self):
        return f"{self.candidat} – {self.structure} ({self.get_statut_display()})"

    @property
    def avec_coordonnees(self) -> bool:
        return self.statut in R.AVEC_COORDONNEES

    @property
    def est_recrutement(self) -> bool:
        return self.statut in R.RECRUTES


class HistoriqueMiseEnRelation(models.Model):
    """One status change of a link: from, to, when, who (and in which capacity), why."""

    mise_en_relation = models.ForeignKey(
        MiseEnRelation, on_delete=models.CASCADE, related_name="historique"
    )
    de = models.CharField("de", max_length=30, choices=Statut.choices, blank=True)
    vers = models.CharField("vers", max_length=30, choices=Statut.choices)
    le = models.DateTimeField("le", default=timezone.now)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acteur = models.CharField(
        "en qualité de",
        max_length=20,
        choices=[(R.STRUCTURE, "Structure"), (R.ANCT, "ANCT"), (R.SYSTEME, "Plateforme")],
    )
    motif = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "changement de statut d’une mise en relation"
        verbose_name_plural = "historique des mises en relation"
        ordering = ["le", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(de=F("vers")), name="historique_mer_change"),
        ]

    def __str__(self):
        return f"{self.get_de_display() or 'création'} → {self.get_vers_display()}"


class DossierSubvention(models.Model):
    """The subsidy file opened for the paying operator when a structure validates a
    candidate. The operator instructs it (conventions app): asks for missing pieces, accepts
    it (the subsidy is computed) or refuses it. The structure uploads the pieces.

    Kept here rather than in a conventions model so that the validation that opens it and
    the withdrawal that cancels it stay one row in one app; the operator's workflow only adds
    statuses and dates."""

    class Statut(models.TextChoices):
        A_INSTRUIRE = "a_instruire", "À instruire"
        PIECES_DEMANDEES = "pieces_demandees", "Pièces demandées à la structure"
        ACCEPTE = "accepte", "Accepté"
        REFUSE = "refuse", "Refusé"
        ANNULE = "annule", "Annulé (validation retirée)"

    OUVERTS = ("a_instruire", "pieces_demandees")

    mise_en_relation = models.ForeignKey(
        MiseEnRelation,
        verbose_name="mise en relation",
        on_delete=models.PROTECT,
        related_name="dossiers_subvention",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="dossiers_subvention_recrutement",
    )
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.A_INSTRUIRE
    )
    ouvert_le = models.DateTimeField("ouvert le", default=timezone.now)
    annule_le = models.DateTimeField("annulé le", null=True, blank=True)
    # The operator's instruction.
    pieces_demandees = models.TextField("pièces demandées", blank=True)
    autres_aides = models.DecimalField(
        "autres aides à l’emploi déjà perçues (€)", max_digits=10, decimal_places=2, default=0
    )
    decide_le = models.DateTimeField("accepté ou refusé le", null=True, blank=True)
    decide_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="instruit par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    motif_refus = models.TextField("motif du refus", blank=True)
    # The convention the file funds: the first one, or the renewal (phase 2) that reopens a
    # file for a contract that goes on. One living file per recruitment and convention.
    convention = models.ForeignKey(
        "conventions.Convention",
        verbose_name="convention",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    class Meta:
        verbose_name = "dossier de subvention"
        verbose_name_plural = "dossiers de subvention"
        ordering = ["-ouvert_le", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mise_en_relation", "convention"],
                condition=Q(statut__in=["a_instruire", "pieces_demandees", "accepte"]),
                name="dossier_un_vivant_par_mise_en_relation",
                nulls_distinct=False,
            ),
            models.CheckConstraint(
                condition=Q(statut="annule", annule_le__isnull=False)
                | (~Q(statut="annule") & Q(annule_le__isnull=True)),
                name="dossier_annulation_datee",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=["accepte", "refuse"], decide_le__isnull=False)
                | (~Q(statut__in=["accepte", "refuse"]) & Q(decide_le__isnull=True)),
                name="dossier_decision_datee",
            ),
            models.CheckConstraint(
                condition=~Q(statut="refuse") | ~Q(motif_refus=""), name="dossier_refus_motive"
            ),
            models.CheckConstraint(
                condition=Q(autres_aides__gte=0), name="dossier_autres_aides_positives"
            ),
        ]

    def __str__(self):
        return f"Dossier de subvention n° {self.pk} – {self.structure}"

    @property
    def ouvert(self) -> bool:
        return self.statut in self.OUVERTS


class RappelRecrutement(models.Model):
    """A deadline reminder sent to a structure: recorded so that it is sent once."""

    structure = models.ForeignKey(
        "structures.Structure", on_delete=models.CASCADE, related_name="rappels_recrutement"
    )
    echeance = models.DateField("échéance de recrutement")
    jours_avant = models.PositiveSmallIntegerField("jours avant l’échéance")
    envoye_le = models.DateTimeField("envoyé le", default=timezone.now)
    destinataires = models.PositiveSmallIntegerField("nombre de destinataires", default=0)

    class Meta:
        verbose_name = "rappel de l’échéance de recrutement"
        verbose_name_plural = "rappels des échéances de recrutement"
        ordering = ["-envoye_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "echeance", "jours_avant"], name="rappel_une_fois"
            )
        ]

    def __str__(self):
        return f"Rappel J-{self.jours_avant} – {self.structure}"
