"""French régions, départements (and overseas collectivities) and communes.

Natural keys (INSEE codes) are the primary keys, so foreign keys read as codes: a
``departement_id`` is "75", a ``commune_id`` is "75056". Reference data, loaded by
``manage.py charger_territoires`` from ``territoires/donnees/territoires.json.gz``.
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models

from .rules import normaliser


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["code"]

    def __str__(self):
        return self.nom


class Departement(models.Model):
    """A département, or an overseas collectivity (COM) that the programme covers."""

    class Type(models.TextChoices):
        DEPARTEMENT = "departement", "département"
        COLLECTIVITE_OUTRE_MER = "collectivite_outre_mer", "collectivité d’outre-mer"

    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name="région",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departements",
        help_text="Vide pour une collectivité d’outre-mer.",
    )
    type = models.CharField("type", max_length=30, choices=Type.choices, default=Type.DEPARTEMENT)
    outre_mer = models.BooleanField("outre-mer", default=False)
    population = models.PositiveIntegerField("population", default=0)
    chef_lieu = models.CharField("chef-lieu (code INSEE)", max_length=5, blank=True)

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self):
        return self.libelle

    @property
    def libelle(self) -> str:
        return f"{self.code} – {self.nom}"


class Commune(models.Model):
    code_insee = models.CharField("code INSEE", max_length=5, primary_key=True)
    nom = models.CharField("nom", max_length=100)
    # normaliser(nom), kept in sync by save() and by the loader; indexed for search.
    nom_recherche = models.CharField("nom normalisé", max_length=150, editable=False)
    departement = models.ForeignKey(
        Departement,
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="communes",
    )
    codes_postaux = ArrayField(
        models.CharField(max_length=5), verbose_name="codes postaux", default=list, blank=True
    )
    population = models.PositiveIntegerField("population", null=True, blank=True)
    latitude = models.FloatField("latitude")
    longitude = models.FloatField("longitude")

    class Meta:
        verbose_name = "commune"
        ordering = ["nom", "code_insee"]
        indexes = [
            GinIndex(fields=["codes_postaux"], name="commune_codes_postaux_gin"),
            GinIndex(fields=["nom_recherche"], opclasses=["gin_trgm_ops"], name="commune_nom_trgm"),
            models.Index(
                fields=["nom_recherche"],
                opclasses=["varchar_pattern_ops"],
                name="commune_nom_prefixe",
            ),
            models.Index(fields=["latitude", "longitude"], name="commune_position"),
        ]

    def __str__(self):
        return f"{self.nom} ({self.departement_id})"

    def save(self, *args, **kwargs):
        self.nom_recherche = normaliser(self.nom)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "nom" in update_fields:
            kwargs["update_fields"] = {*update_fields, "nom_recherche"}
        super().save(*args, **kwargs)

    @property
    def code_postal_principal(self) -> str:
        return self.codes_postaux[0] if self.codes_postaux else ""


def _pourcentage(nom: str, champ: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{champ}__gte": 0, f"{champ}__lte": 100}), name=nom
    )


class IndicateursDepartement(models.Model):
    """Socio-economic indicators behind the vulnerability factor of a département's target."""

    departement = models.OneToOneField(
        Departement, primary_key=True, on_delete=models.CASCADE, related_name="indicateurs"
    )
    taux_pauvrete = models.DecimalField("taux de pauvreté (%)", max_digits=5, decimal_places=2)
    taux_chomage = models.DecimalField("taux de chômage (%)", max_digits=5, decimal_places=2)
    couverture_numerique = models.DecimalField(
        "couverture numérique (%)", max_digits=5, decimal_places=2
    )
    source = models.CharField("source", max_length=200)
    mis_a_jour_le = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "indicateurs d’un département"
        verbose_name_plural = "indicateurs des départements"
        constraints = [
            _pourcentage("indicateurs_pauvrete_pourcentage", "taux_pauvrete"),
            _pourcentage("indicateurs_chomage_pourcentage", "taux_chomage"),
            _pourcentage("indicateurs_couverture_pourcentage", "couverture_numerique"),
        ]

    def __str__(self):
        return f"Indicateurs {self.departement_id}"


class CalculCibles(models.Model):
    """One computation of every département's target, kept forever for the history."""

    cree_le = models.DateTimeField("calculé le", auto_now_add=True)
    auteur = models.ForeignKey(
        "comptes.Utilisateur", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_national = models.PositiveIntegerField("objectif national (postes)")
    poids_equite = models.DecimalField(max_digits=4, decimal_places=3)
    poids_demographie = models.DecimalField(max_digits=4, decimal_places=3)
    poids_vulnerabilite = models.DecimalField(max_digits=4, decimal_places=3)
    poids_pauvrete = models.DecimalField(max_digits=4, decimal_places=3)
    poids_chomage = models.DecimalField(max_digits=4, decimal_places=3)
    poids_non_couverture = models.DecimalField(max_digits=4, decimal_places=3)
    commentaire = models.TextField(blank=True)

    class Meta:
        verbose_name = "calcul des cibles"
        verbose_name_plural = "calculs des cibles"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    poids_equite__gte=0, poids_demographie__gte=0, poids_vulnerabilite__gte=0
                ),
                name="calcul_cibles_poids_positifs",
            ),
        ]

    def __str__(self):
        return f"Cibles du {self.cree_le:%d/%m/%Y} ({self.total_national} postes)"


class Cible(models.Model):
    calcul = models.ForeignKey(CalculCibles, on_delete=models.CASCADE, related_name="cibles")
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="cibles")
    valeur = models.PositiveIntegerField("cible (postes)")
    indice_vulnerabilite = models.FloatField()
    part_equite = models.FloatField()
    part_demographie = models.FloatField()
    part_vulnerabilite = models.FloatField()

    class Meta:
        ordering = ["departement_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["calcul", "departement"], name="cible_unique_par_calcul"
            )
        ]

    def __str__(self):
        return f"{self.departement_id} : {self.valeur}"
