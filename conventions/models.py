"""Conventions and posts: what a committee decision allocates.

A committee decision that grants posts creates the structure's convention (state "à
signer") or, when one is running, amends it (``Avenant``) with new ``Poste`` rows. A post is
vacant, occupied (an employment contract runs on it: set by the conventions issue from
contracts) or returned. "A free allocated post" is one query: ``Poste.objects.libres()``
(vacant, in a convention that has not ended).

Employment contracts (``Contrat``) run on posts; the subsidy of each recruitment
(``Subvention``) is paid in ``Tranche`` rows, possibly suspended (``Suspension``) or claimed
back (``Remboursement``). The subsidy file itself is ``recrutement.DossierSubvention`` (opened
by a validated candidature), which the operator instructs with its ``PieceJustificative``.
Two invariants cross tables and live in a PostgreSQL trigger (migration 0003): a returned
post holds no running contract, and a post with a running contract cannot be returned.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from candidats.stockage import stockage_prive
from recrutement import rules as regles_recrutement

from .choix import (
    STATUTS_EN_COURS,
    EtatPiece,
    EtatPoste,
    MotifSuspension,
    PhaseConvention,
    StatutContrat,
    StatutConvention,
    StatutProlongation,
    StatutRemboursement,
    StatutTranche,
    TypePiece,
    TypePoste,
)
from .rules import ReferenceTranches

EN_COURS = list(STATUTS_EN_COURS)


class Convention(models.Model):
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="conventions",
    )
    phase = models.CharField(
        "phase",
        max_length=20,
        choices=PhaseConvention.choices,
        default=PhaseConvention.CONVENTIONNEMENT,
    )
    statut = models.CharField(
        "statut", max_length=20, choices=StatutConvention.choices, default=StatutConvention.A_SIGNER
    )
    decision = models.ForeignKey(
        "instruction.DecisionComite",
        verbose_name="décision du comité qui l’a créée",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="conventions",
    )
    date_decision = models.DateField("date de la décision")
    date_signature = models.DateField("signée le", null=True, blank=True)
    date_debut = models.DateField("début", null=True, blank=True)
    date_fin = models.DateField("fin", null=True, blank=True)
    # The term as signed: ``date_fin`` moves when the convention ends early (G, a transfer,
    # a renewal); a transfer's pro rata counts the time left on this one.
    fin_prevue = models.DateField("fin prévue à la signature", null=True, blank=True)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)", null=True, blank=True)
    motif_duree = models.CharField("pourquoi cette durée", max_length=300, blank=True)
    # Which AMI's rules apply and from which date the tranches run: set at signature from the
    # structure's nature (AMI 2020 public: the convention's signature; AMI 2021 private: the
    # employment contract's), the operator may choose otherwise.
    bareme = models.CharField("barème (AMI)", max_length=30, blank=True)
    reference_tranches = models.CharField(
        "date de référence des tranches",
        max_length=25,
        choices=[
            (ReferenceTranches.SIGNATURE_CONVENTION.value, "Signature de la convention"),
            (ReferenceTranches.SIGNATURE_CONTRAT.value, "Signature du contrat de travail"),
        ],
        blank=True,
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)
    # Kept by a PostgreSQL trigger (see the migration): also bumped by QuerySet.update() and
    # bulk_update(), which bypass auto_now. The partner API pages on (modifie_le, id).
    modifie_le = models.DateTimeField("modifié le", db_default=Now(), editable=False)

    class Meta:
        verbose_name = "convention"
        ordering = ["-date_decision", "-pk"]
        indexes = [models.Index(fields=["modifie_le", "id"], name="convention_modifie_le")]
        constraints = [
            # One running convention per structure: amendments add posts to it.
            models.UniqueConstraint(
                fields=["structure"],
                condition=Q(statut__in=EN_COURS),
                name="convention_une_en_cours_par_structure",
                violation_error_message="Cette structure a déjà une convention en cours.",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=StatutConvention.values), name="convention_statut_connu"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=PhaseConvention.values), name="convention_phase_connue"
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutConvention.SIGNEE) | Q(date_signature__isnull=False),
                name="convention_signee_a_une_date",
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutConvention.TERMINEE) | Q(date_fin__isnull=False),
                name="convention_terminee_a_une_fin",
            ),
            models.CheckConstraint(
                condition=Q(date_debut__isnull=True)
                | Q(date_fin__isnull=True)
                | Q(date_fin__gte=F("date_debut")),
                name="convention_fin_apres_debut",
            ),
        ]

    def __str__(self):
        return f"Convention de {self.structure} ({self.get_statut_display().lower()})"

    @property
    def en_cours(self) -> bool:
        return self.statut in STATUTS_EN_COURS


class Avenant(models.Model):
    """An amendment: a later committee decision adding posts to a running convention."""

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="avenants")
    decision = models.ForeignKey(
        "instruction.DecisionComite",
        verbose_name="décision du comité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="avenants",
    )
    type_poste = models.CharField("postes", max_length=15, choices=TypePoste.choices)
    nombre_postes = models.PositiveSmallIntegerField("postes ajoutés")
    date_decision = models.DateField("date de la décision")
    statut = models.CharField(
        "statut", max_length=20, choices=StatutConvention.choices, default=StatutConvention.A_SIGNER
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)

    class Meta:
        verbose_name = "avenant"
        ordering = ["date_decision", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(nombre_postes__gte=1), name="avenant_ajoute_postes"),
        ]

    def __str__(self):
        return f"Avenant du {self.date_decision:%d/%m/%Y} (+{self.nombre_postes})"


class PosteQuerySet(models.QuerySet):
    def attribues(self):
        """Allocated: not returned, in a convention that has not ended."""
        return self.exclude(etat=EtatPoste.RENDU).filter(convention__statut__in=EN_COURS)

    def libres(self):
        """Free allocated posts: vacant, in a convention that has not ended."""
        return self.filter(etat=EtatPoste.VACANT, convention__statut__in=EN_COURS)

    def occupes(self):
        return self.filter(etat=EtatPoste.OCCUPE)

    def non_rendus(self):
        """Posts that still count against the national total (whatever their convention)."""
        return self.exclude(etat=EtatPoste.RENDU)


class Poste(models.Model):
    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="postes")
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        on_delete=models.PROTECT,
        related_name="postes",
    )
    avenant = models.ForeignKey(
        Avenant, null=True, blank=True, on_delete=models.PROTECT, related_name="postes"
    )
    type = models.CharField(
        "type de poste", max_length=15, choices=TypePoste.choices, default=TypePoste.CONSEILLER
    )
    etat = models.CharField(
        "état", max_length=10, choices=EtatPoste.choices, default=EtatPoste.VACANT
    )
    date_attribution = models.DateField("attribué le")
    recruter_avant = models.DateField("date limite de recrutement")
    date_rendu = models.DateField("rendu le", null=True, blank=True)
    decision_attribution = models.ForeignKey(
        "instruction.DecisionComite",
        verbose_name="décision d’attribution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postes_attribues",
    )
    decision_rendu = models.ForeignKey(
        "instruction.DecisionComite",
        verbose_name="décision de restitution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="postes_rendus",
    )
    origine_transfert = models.OneToOneField(
        "self",
        verbose_name="poste transféré depuis",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfere_vers",
    )

    # Kept by a PostgreSQL trigger (see the migration): also bumped by QuerySet.update() and
    # bulk_update(), which bypass auto_now. The partner API pages on (modifie_le, id).
    modifie_le = models.DateTimeField("modifié le", db_default=Now(), editable=False)

    objects = PosteQuerySet.as_manager()

    class Meta:
        verbose_name = "poste"
        ordering = ["date_attribution", "pk"]
        indexes = [
            models.Index(fields=["structure", "etat", "type"], name="poste_structure_etat"),
            models.Index(fields=["convention", "etat"], name="poste_convention_etat"),
            models.Index(fields=["modifie_le", "id"], name="poste_modifie_le"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(etat__in=EtatPoste.values), name="poste_etat_connu"),
            models.CheckConstraint(condition=Q(type__in=TypePoste.values), name="poste_type_connu"),
            # A returned post has its return date, and only a returned one.
            models.CheckConstraint(
                condition=(
                    Q(etat=EtatPoste.RENDU, date_rendu__isnull=False)
                    | (~Q(etat=EtatPoste.RENDU) & Q(date_rendu__isnull=True))
                ),
                name="poste_rendu_a_une_date",
            ),
            models.CheckConstraint(
                condition=Q(date_rendu__isnull=True) | Q(date_rendu__gte=F("date_attribution")),
                name="poste_rendu_apres_attribution",
            ),
            models.CheckConstraint(
                condition=Q(recruter_avant__gte=F("date_attribution")),
                name="poste_delai_apres_attribution",
            ),
            models.CheckConstraint(
                condition=~Q(origine_transfert=F("id")), name="poste_pas_transfere_de_lui_meme"
            ),
        ]

    def __str__(self):
        return f"Poste {self.get_type_display().lower()} n° {self.pk} – {self.structure}"


TypeContrat = models.TextChoices(
    "TypeContrat",
    [
        (code.upper(), (code, libelle))
        for code, libelle in regles_recrutement.LIBELLES_CONTRATS.items()
    ],
)
MotifRupture = models.TextChoices(
    "MotifRupture",
    [(code.upper(), (code, libelle)) for code, libelle in regles_recrutement.MOTIFS_RUPTURE],
)


class ContratQuerySet(models.QuerySet):
    def en_cours(self):
        return self.filter(statut=StatutContrat.EN_COURS)


class Contrat(models.Model):
    """An employment contract on a post: opened when the national team validates the
    recruitment, closed by a rupture, its end, or a renewal (the new contract ``renouvelle``
    the previous one). Rows are never deleted: a post's contracts are its history."""

    TypeContrat = TypeContrat
    MotifRupture = MotifRupture
    Statut = StatutContrat

    mise_en_relation = models.OneToOneField(
        "recrutement.MiseEnRelation",
        verbose_name="mise en relation",
        on_delete=models.PROTECT,
        related_name="contrat",
    )
    poste = models.ForeignKey(Poste, on_delete=models.PROTECT, related_name="contrats")
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure employeuse",
        on_delete=models.PROTECT,
        related_name="contrats",
    )
    candidat = models.ForeignKey(
        "candidats.Candidat",
        verbose_name="conseiller",
        on_delete=models.PROTECT,
        related_name="contrats",
    )
    type_contrat = models.CharField("type de contrat", max_length=30, choices=TypeContrat.choices)
    date_debut = models.DateField("début")
    date_fin = models.DateField("fin", null=True, blank=True)
    signe_le = models.DateField("signé le")
    salaire_brut_mensuel = models.DecimalField(
        "salaire brut mensuel (€)", max_digits=8, decimal_places=2
    )
    statut = models.CharField(
        "statut", max_length=15, choices=StatutContrat.choices, default=StatutContrat.EN_COURS
    )
    date_rupture = models.DateField("date de la rupture", null=True, blank=True)
    motif_rupture = models.CharField(
        "motif de la rupture", max_length=30, choices=MotifRupture.choices, blank=True
    )
    renouvelle = models.OneToOneField(
        "self",
        verbose_name="contrat renouvelé",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renouvellement",
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    clos_le = models.DateTimeField("clos le", null=True, blank=True)

    objects = ContratQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat de travail"
        verbose_name_plural = "contrats de travail"
        ordering = ["-date_debut", "-pk"]
        indexes = [models.Index(fields=["structure", "statut"], name="contrat_structure_statut")]
        constraints = [
            models.UniqueConstraint(
                fields=["poste"],
                condition=Q(statut=StatutContrat.EN_COURS),
                name="contrat_un_en_cours_par_poste",
                violation_error_message="Un contrat est déjà en cours sur ce poste.",
            ),
            models.UniqueConstraint(
                fields=["candidat"],
                condition=Q(statut=StatutContrat.EN_COURS),
                name="contrat_un_en_cours_par_conseiller",
                violation_error_message="Ce conseiller a déjà un contrat en cours.",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=StatutContrat.values), name="contrat_statut_connu"
            ),
            models.CheckConstraint(
                condition=Q(type_contrat__in=TypeContrat.values), name="contrat_type_connu"
            ),
            # A CDI has no end; every other contract has one.
            models.CheckConstraint(
                condition=Q(type_contrat=regles_recrutement.CDI, date_fin__isnull=True)
                | (~Q(type_contrat=regles_recrutement.CDI) & Q(date_fin__isnull=False)),
                name="contrat_fin_selon_type",
            ),
            models.CheckConstraint(
                condition=Q(date_fin__isnull=True) | Q(date_fin__gte=F("date_debut")),
                name="contrat_fin_apres_debut",
            ),
            models.CheckConstraint(
                condition=Q(salaire_brut_mensuel__gt=0), name="contrat_salaire_positif"
            ),
            models.CheckConstraint(
                condition=~Q(statut=StatutContrat.ROMPU)
                | (Q(date_rupture__isnull=False) & ~Q(motif_rupture="")),
                name="contrat_rupture_complete",
            ),
            models.CheckConstraint(
                condition=Q(date_rupture__isnull=True)
                | (
                    Q(date_rupture__gte=F("date_debut"))
                    & (Q(date_fin__isnull=True) | Q(date_rupture__lte=F("date_fin")))
                ),
                name="contrat_rupture_pendant_le_contrat",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutContrat.EN_COURS) | Q(clos_le__isnull=False),
                name="contrat_clos_date",
            ),
            models.CheckConstraint(
                condition=~Q(renouvelle=F("id")), name="contrat_ne_renouvelle_pas_lui_meme"
            ),
        ]

    def __str__(self):
        return f"{self.get_type_contrat_display()} de {self.candidat} – {self.structure}"

    @property
    def en_cours(self) -> bool:
        return self.statut == StatutContrat.EN_COURS


class DemandeProlongation(models.Model):
    """The structure asks to push a fixed-term contract's end; the national team decides."""

    Statut = StatutProlongation

    contrat = models.ForeignKey(Contrat, on_delete=models.PROTECT, related_name="prolongations")
    fin_actuelle = models.DateField("fin actuelle")
    fin_souhaitee = models.DateField("fin souhaitée")
    statut = models.CharField(
        "statut",
        max_length=10,
        choices=StatutProlongation.choices,
        default=StatutProlongation.DEMANDEE,
    )
    demandee_le = models.DateTimeField("demandée le", auto_now_add=True)
    demandee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    traitee_le = models.DateTimeField("traitée le", null=True, blank=True)
    traitee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "demande de prolongation"
        verbose_name_plural = "demandes de prolongation"
        ordering = ["-demandee_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fin_souhaitee__gt=F("fin_actuelle")),
                name="prolongation_repousse_la_fin",
            ),
            models.CheckConstraint(
                condition=Q(statut__in=StatutProlongation.values), name="prolongation_statut_connu"
            ),
            models.UniqueConstraint(
                fields=["contrat"],
                condition=Q(statut=StatutProlongation.DEMANDEE),
                name="prolongation_une_en_attente",
                violation_error_message="Une demande de prolongation est déjà en attente.",
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutProlongation.DEMANDEE, traitee_le__isnull=True)
                | (~Q(statut=StatutProlongation.DEMANDEE) & Q(traitee_le__isnull=False)),
                name="prolongation_traitement_date",
            ),
        ]

    def __str__(self):
        return f"Prolongation au {self.fin_souhaitee:%d/%m/%Y} ({self.get_statut_display()})"


def chemin_piece(instance, nom_fichier: str) -> str:
    """A random name: the uploaded file name never reaches storage."""
    extension = nom_fichier.rsplit(".", 1)[-1].lower() if "." in nom_fichier else "bin"
    return f"prive/conventions/pieces/{uuid.uuid4().hex}.{extension[:5]}"


class PieceJustificative(models.Model):
    """A supporting document of a subsidy file, checked by the operator. A refused piece is
    kept (history); the structure uploads a new one."""

    Type = TypePiece
    Etat = EtatPiece

    dossier = models.ForeignKey(
        "recrutement.DossierSubvention", on_delete=models.PROTECT, related_name="pieces"
    )
    type = models.CharField("pièce", max_length=15, choices=TypePiece.choices)
    fichier = models.FileField(
        "fichier", storage=stockage_prive, upload_to=chemin_piece, max_length=200
    )
    nom_fichier = models.CharField("nom du fichier déposé", max_length=200)
    taille = models.PositiveIntegerField("taille (octets)")
    etat = models.CharField(
        "état", max_length=10, choices=EtatPiece.choices, default=EtatPiece.DEPOSEE
    )
    motif_refus = models.CharField("motif du refus", max_length=500, blank=True)
    deposee_le = models.DateTimeField("déposée le", auto_now_add=True)
    deposee_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verifiee_le = models.DateTimeField("vérifiée le", null=True, blank=True)

    class Meta:
        verbose_name = "pièce justificative"
        verbose_name_plural = "pièces justificatives"
        ordering = ["type", "-deposee_le"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "type"],
                condition=~Q(etat=EtatPiece.REFUSEE),
                name="piece_une_valable_par_type",
                violation_error_message="Cette pièce a déjà été déposée.",
            ),
            models.CheckConstraint(condition=Q(type__in=TypePiece.values), name="piece_type_connu"),
            models.CheckConstraint(condition=Q(etat__in=EtatPiece.values), name="piece_etat_connu"),
            models.CheckConstraint(
                condition=~Q(etat=EtatPiece.REFUSEE) | ~Q(motif_refus=""),
                name="piece_refus_motive",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} ({self.get_etat_display().lower()})"


class Subvention(models.Model):
    """The subsidy of one recruitment (one post, one contract), computed by the rules of the
    convention's AMI (``rules.calculer_subvention``) when the operator accepts the file, or
    received by transfer (request H) from another structure's convention."""

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="subventions")
    poste = models.ForeignKey(Poste, on_delete=models.PROTECT, related_name="subventions")
    dossier = models.OneToOneField(
        "recrutement.DossierSubvention",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subvention",
    )
    mise_en_relation = models.ForeignKey(
        "recrutement.MiseEnRelation",
        verbose_name="recrutement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subventions",
    )
    bareme = models.CharField("barème (AMI)", max_length=30)
    type_contrat = models.CharField("type de contrat", max_length=30, blank=True)
    montant_de_base = models.DecimalField("montant de base (€)", max_digits=10, decimal_places=2)
    aides_deduites = models.DecimalField(
        "autres aides à l’emploi déduites (€)", max_digits=10, decimal_places=2, default=0
    )
    montant = models.DecimalField("montant (€)", max_digits=10, decimal_places=2)
    duree_mois = models.PositiveSmallIntegerField("durée (mois)")
    date_reference = models.DateField("date de référence des tranches", null=True, blank=True)
    transferee_depuis = models.OneToOneField(
        "self",
        verbose_name="transférée depuis",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transferee_vers",
    )
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "subvention"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aides_deduites__gte=0, montant__gte=0), name="subvention_positive"
            ),
            models.CheckConstraint(
                condition=Q(montant=F("montant_de_base") - F("aides_deduites")),
                name="subvention_base_moins_aides",
            ),
        ]

    def __str__(self):
        return f"Subvention de {self.montant} € – {self.convention.structure}"


class Tranche(models.Model):
    """One payment of a subsidy (20 % / 30 % / 50 %). Marked due or paid only when nothing in
    ``conditions.motifs_de_blocage`` stops it and the convention's payments are not
    suspended."""

    Statut = StatutTranche

    subvention = models.ForeignKey(Subvention, on_delete=models.PROTECT, related_name="tranches")
    rang = models.PositiveSmallIntegerField("rang")
    pourcentage = models.PositiveSmallIntegerField("part (%)")
    montant = models.DecimalField("montant (€)", max_digits=10, decimal_places=2)
    due_le = models.DateField("due le")
    statut = models.CharField(
        "statut", max_length=10, choices=StatutTranche.choices, default=StatutTranche.PREVUE
    )
    exigible_le = models.DateField("exigible le", null=True, blank=True)
    payee_le = models.DateField("payée le", null=True, blank=True)

    class Meta:
        verbose_name = "tranche"
        ordering = ["due_le", "subvention_id", "rang"]
        indexes = [models.Index(fields=["statut", "due_le"], name="tranche_statut_echeance")]
        constraints = [
            models.UniqueConstraint(fields=["subvention", "rang"], name="tranche_une_par_rang"),
            models.CheckConstraint(condition=Q(rang__gte=1, rang__lte=3), name="tranche_rang"),
            models.CheckConstraint(condition=Q(montant__gte=0), name="tranche_montant_positif"),
            models.CheckConstraint(
                condition=Q(statut__in=StatutTranche.values), name="tranche_statut_connu"
            ),
            models.CheckConstraint(
                condition=Q(statut=StatutTranche.PAYEE, payee_le__isnull=False)
                | (~Q(statut=StatutTranche.PAYEE) & Q(payee_le__isnull=True)),
                name="tranche_payee_datee",
            ),
        ]

    def __str__(self):
        return f"Tranche {self.rang} ({self.pourcentage} %) – {self.montant} €"

    def mises_en_relation(self):
        """The recruitments (advisors) this tranche funds: what payment conditions check."""
        from recrutement.models import MiseEnRelation

        return MiseEnRelation.objects.filter(subventions__tranches=self)


class Suspension(models.Model):
    """Payments of a convention stopped by the operator for a reason, until lifted."""

    Motif = MotifSuspension

    convention = models.ForeignKey(Convention, on_delete=models.PROTECT, related_name="suspensions")
    motif = models.CharField("motif", max_length=20, choices=MotifSuspension.choices)
    commentaire = models.TextField("commentaire", blank=True)
    debut = models.DateField("suspendue depuis le")
    levee_le = models.DateField("levée le", null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "suspension des paiements"
        verbose_name_plural = "suspensions des paiements"
        ordering = ["-debut", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["convention"],
                condition=Q(levee_le__isnull=True),
                name="suspension_une_active_par_convention",
                violation_error_message="Les paiements de cette convention sont déjà suspendus.",
            ),
            models.CheckConstraint(
                condition=Q(motif__in=MotifSuspension.values), name="suspension_motif_connu"
            ),
            models.CheckConstraint(
                condition=Q(levee_le__isnull=True) | Q(levee_le__gte=F("debut")),
                name="suspension_levee_apres_debut",
            ),
        ]

    def __str__(self):
        return f"Suspension ({self.get_motif_display()}) depuis le {self.debut:%d/%m/%Y}"


class Remboursement(models.Model):
    """Money claimed back from a structure (a subsidy paid for a post that was not held)."""

    Statut = StatutRemboursement

    convention = models.ForeignKey(
        Convention, on_delete=models.PROTECT, related_name="remboursements"
    )
    montant = models.DecimalField("montant (€)", max_digits=10, decimal_places=2)
    motif = models.TextField("motif")
    statut = models.CharField(
        "statut",
        max_length=10,
        choices=StatutRemboursement.choices,
        default=StatutRemboursement.DEMANDE,
    )
    demande_le = models.DateField("demandé le")
    recu_le = models.DateField("reçu le", null=True, blank=True)
    cree_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "demande de remboursement"
        verbose_name_plural = "demandes de remboursement"
        ordering = ["-demande_le", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(montant__gt=0), name="remboursement_positif"),
            models.CheckConstraint(
                condition=Q(statut=StatutRemboursement.RECU, recu_le__isnull=False)
                | Q(statut=StatutRemboursement.DEMANDE, recu_le__isnull=True),
                name="remboursement_recu_date",
            ),
        ]

    def __str__(self):
        return f"Remboursement de {self.montant} € ({self.get_statut_display().lower()})"
