"""Conventions and posts: what a committee decision allocates.

A committee decision that grants posts creates the structure's convention (state "à
signer") or, when one is running, amends it (``Avenant``) with new ``Poste`` rows. A post is
vacant, occupied (an employment contract runs on it: set by the conventions issue from
contracts, for now only by demo and test data) or returned. "A free allocated post" is one
query: ``Poste.objects.libres()`` (vacant, in a convention that has not ended).
"""

from django.db import models
from django.db.models import F, Q

from .choix import STATUTS_EN_COURS, EtatPoste, PhaseConvention, StatutConvention, TypePoste

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
    cree_le = models.DateTimeField("créée le", auto_now_add=True)

    class Meta:
        verbose_name = "convention"
        ordering = ["-date_decision", "-pk"]
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

    objects = PosteQuerySet.as_manager()

    class Meta:
        verbose_name = "poste"
        ordering = ["date_attribution", "pk"]
        indexes = [
            models.Index(fields=["structure", "etat", "type"], name="poste_structure_etat"),
            models.Index(fields=["convention", "etat"], name="poste_convention_etat"),
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
