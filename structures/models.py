from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now

from .choix import Nature, StatutStructure, TypeStructure
from .rules import TYPES_ELIGIBLES, eligibilite, nature, types_de_nature


class Reseau(models.Model):
    """A national network (grand réseau) that groups member structures."""

    nom = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "grand réseau"
        verbose_name_plural = "grands réseaux"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class StructureQuerySet(models.QuerySet):
    def de_nature(self, valeur: str):
        """Public or private structures: those whose legal type is of that nature."""
        return self.filter(type__in=types_de_nature(valeur))


class Structure(models.Model):
    """A host structure, identified by its SIRET: one registration per carrying structure.

    Public or private is never typed: it derives from the legal type (``rules.nature``).
    The application answers that change with each request (posts, places, motivation…)
    live on ``instruction.Demande``; the committee decisions on ``instruction.DecisionComite``.
    """

    nom = models.CharField("nom", max_length=255)
    siret = models.CharField("SIRET", max_length=14, unique=True)
    type = models.CharField(
        "type juridique", max_length=30, choices=TypeStructure.choices, blank=True, default=""
    )
    statut = models.CharField(
        "statut",
        max_length=40,
        choices=StatutStructure.choices,
        default=StatutStructure.CREEE,
        db_index=True,
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="structures",
    )
    commune = models.ForeignKey(
        "territoires.Commune",
        verbose_name="commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="structures",
    )
    adresse = models.CharField("adresse (numéro et voie)", max_length=255, blank=True)
    code_postal = models.CharField("code postal", max_length=5, blank=True)
    reseau = models.ForeignKey(
        Reseau,
        verbose_name="grand réseau",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="structures",
    )
    # The contact person declared in the application; the first manager's account is created
    # from it, and the structure may change it later.
    contact_prenom = models.CharField("prénom du contact", max_length=150, blank=True)
    contact_nom = models.CharField("nom du contact", max_length=150, blank=True)
    contact_fonction = models.CharField("fonction du contact", max_length=150, blank=True)
    contact_email = models.EmailField("courriel du contact", blank=True)
    contact_telephone = models.CharField("téléphone du contact", max_length=20, blank=True)
    doublon_de = models.ForeignKey(
        "self",
        verbose_name="doublon de",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="doublons",
    )
    # From the directory of companies at sign-up (structures.annuaire), when it is configured.
    categorie_juridique = models.CharField(
        "catégorie juridique (INSEE)", max_length=4, blank=True, default=""
    )
    siret_a_verifier = models.BooleanField(
        "SIRET à vérifier",
        default=False,
        help_text="L’annuaire des entreprises ne répondait pas lors de l’inscription.",
    )
    cree_le = models.DateTimeField("inscrite le", auto_now_add=True)
    statut_modifie_le = models.DateTimeField("statut modifié le", null=True, blank=True)
    # Kept by a PostgreSQL trigger (see the migration): also bumped by QuerySet.update() and
    # bulk_update(), which bypass auto_now. The partner API pages on (modifie_le, id).
    modifie_le = models.DateTimeField("modifié le", db_default=Now(), editable=False)

    objects = StructureQuerySet.as_manager()

    class Meta:
        ordering = ["nom"]
        indexes = [
            models.Index(fields=["departement", "statut"], name="structure_dep_statut"),
            models.Index(fields=["reseau", "statut"], name="structure_reseau_statut"),
            models.Index(fields=["modifie_le", "id"], name="structure_modifie_le"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(siret__regex=r"^[0-9]{14}$"), name="structure_siret_14_chiffres"
            ),
            models.CheckConstraint(
                condition=Q(statut__in=StatutStructure.values), name="structure_statut_connu"
            ),
            # Only eligible legal types are registered (empty: type not known yet, legacy).
            models.CheckConstraint(
                condition=Q(type="") | Q(type__in=sorted(TYPES_ELIGIBLES)),
                name="structure_type_eligible",
            ),
            # A duplicate names the registration it duplicates, and only a duplicate does.
            models.CheckConstraint(
                condition=(
                    Q(statut=StatutStructure.DOUBLON, doublon_de__isnull=False)
                    | (~Q(statut=StatutStructure.DOUBLON) & Q(doublon_de__isnull=True))
                ),
                name="structure_doublon_de_si_doublon",
            ),
            models.CheckConstraint(
                condition=~Q(doublon_de=F("id")), name="structure_pas_doublon_d_elle_meme"
            ),
        ]

    def __str__(self):
        return self.nom

    @property
    def nature(self) -> Nature | None:
        return nature(self.type)

    @property
    def est_publique(self) -> bool:
        return self.nature == Nature.PUBLIQUE

    @property
    def eligibilite(self):
        return eligibilite(self.type)

    @property
    def contact_nom_complet(self) -> str:
        return f"{self.contact_prenom} {self.contact_nom}".strip()

    @property
    def adresse_complete(self) -> str:
        ville = f"{self.code_postal} {self.commune.nom}".strip() if self.commune_id else ""
        return ", ".join(p for p in (self.adresse, ville) if p)
