"""Activity of the advisors: places, beneficiaries, activity reports and statistics rollups.

An advisor is a ``comptes.Utilisateur`` holding a ``conseiller`` habilitation. Each report
keeps a snapshot of what the statistics group by (employer structure at the time,
département, commune), so that rollups need no join. The rollup tables (``Agregat*``,
``PresenceBeneficiaire``) are written only by ``agregats.py``, in the transaction of each
write, with additive upserts; ``manage.py recalculer_statistiques`` rebuilds them.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from . import choix
from .rules import (
    CHAMPS_GENRE,
    CHAMPS_STATUT,
    CHAMPS_TRANCHE,
    COMPTEURS,
    tranche_age,
)


def _liste(choices, max_length=100, **kwargs):
    return ArrayField(
        models.CharField(max_length=max_length, choices=choices), default=list, blank=True, **kwargs
    )


class Lieu(models.Model):
    """A place where an advisor works (lieu d'activité, permanence).

    Fields follow the open-data schema « Lieux de médiation numérique » v1.0.2; multi-valued
    fields store the schema strings. Opening hours are an OSM ``opening_hours`` string.
    """

    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller",
        on_delete=models.PROTECT,
        related_name="lieux_activite",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure employeuse",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lieux_activite",
    )
    nom = models.CharField("nom du lieu", max_length=200)
    pivot = models.CharField(
        "SIRET ou RNA",
        max_length=14,
        blank=True,
        help_text="14 chiffres pour un SIRET, W suivi de 9 caractères pour un RNA.",
    )
    adresse = models.CharField("adresse", max_length=255, help_text="Ex. : 12 rue des Lilas")
    complement_adresse = models.CharField("complément d’adresse", max_length=255, blank=True)
    commune = models.ForeignKey(
        "territoires.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+"
    )
    code_postal = models.CharField("code postal", max_length=5)
    latitude = models.FloatField("latitude")
    longitude = models.FloatField("longitude")
    typologies = _liste(choix.TYPOLOGIES, 20, verbose_name="typologies")
    presentation_resume = models.CharField("présentation résumée", max_length=280, blank=True)
    presentation_detail = models.TextField("présentation détaillée", blank=True)
    site_web = models.URLField("site web", blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    courriels = ArrayField(
        models.EmailField(), default=list, blank=True, verbose_name="adresses électroniques"
    )
    fiche_acces_libre = models.URLField("fiche Acceslibre", blank=True)
    prise_rdv = models.URLField("prise de rendez-vous en ligne", blank=True)
    horaires = models.CharField("horaires (format OpenStreetMap)", max_length=500, blank=True)
    structure_parente = models.CharField("structure parente", max_length=200, blank=True)
    itinerance = _liste(choix.ITINERANCE, 20, verbose_name="itinérance")
    services = _liste(choix.SERVICES, verbose_name="services")
    publics_specifiquement_adresses = _liste(
        choix.PUBLICS_SPECIFIQUEMENT_ADRESSES, verbose_name="publics spécifiquement adressés"
    )
    prise_en_charge_specifique = _liste(
        choix.PRISE_EN_CHARGE_SPECIFIQUE, verbose_name="prise en charge spécifique"
    )
    frais_a_charge = _liste(choix.FRAIS_A_CHARGE, verbose_name="frais à charge")
    dispositif_programmes_nationaux = _liste(
        choix.DISPOSITIF_PROGRAMMES_NATIONAUX, verbose_name="dispositifs et programmes nationaux"
    )
    formations_labels = _liste(choix.FORMATIONS_LABELS, verbose_name="formations et labels")
    autres_formations_labels = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        verbose_name="autres formations et labels",
    )
    modalites_acces = _liste(choix.MODALITES_ACCES, verbose_name="modalités d’accès")
    modalites_accompagnement = _liste(
        choix.MODALITES_ACCOMPAGNEMENT, verbose_name="modalités d’accompagnement"
    )
    visible_cartographie = models.BooleanField(
        "rendre ce lieu visible sur la cartographie", default=False
    )
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("mis à jour le", auto_now=True)
    supprime_le = models.DateTimeField("supprimé le", null=True, blank=True)

    class Meta:
        verbose_name = "lieu d’activité"
        verbose_name_plural = "lieux d’activité"
        ordering = ["nom", "pk"]
        indexes = [
            models.Index(fields=["conseiller", "nom"], name="lieu_conseiller"),
            models.Index(
                fields=["commune"],
                condition=Q(visible_cartographie=True, supprime_le__isnull=True),
                name="lieu_public_commune",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="lieu_coordonnees_valides",
            ),
            models.CheckConstraint(
                condition=Q(code_postal__regex=r"^\d{5}$"), name="lieu_code_postal_5_chiffres"
            ),
            models.CheckConstraint(
                condition=Q(pivot="") | Q(pivot__regex=r"^[a-zA-Z0-9]{9,14}$"),
                name="lieu_pivot_siret_ou_rna",
            ),
        ]

    def __str__(self):
        return self.nom


class Beneficiaire(models.Model):
    """A registered beneficiary, owned by one advisor. Deleting one anonymises it: the
    reports keep pointing to it, so the statistics do not change."""

    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller",
        on_delete=models.PROTECT,
        related_name="beneficiaires",
    )
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField("nom", max_length=150, blank=True)
    annee_naissance = models.PositiveSmallIntegerField("année de naissance", null=True, blank=True)
    commune = models.ForeignKey(
        "territoires.Commune",
        verbose_name="commune de résidence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    adresse = models.CharField("adresse", max_length=255, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    pas_de_telephone = models.BooleanField("pas de téléphone", default=False)
    email = models.EmailField("adresse électronique", blank=True)
    genre = models.CharField(
        "genre", max_length=20, choices=choix.Genre.choices, default=choix.Genre.NON_COMMUNIQUE
    )
    statut_social = models.CharField(
        "statut social",
        max_length=20,
        choices=choix.StatutSocial.choices,
        default=choix.StatutSocial.NON_COMMUNIQUE,
    )
    notes = models.TextField("notes supplémentaires", blank=True)
    anonyme = models.BooleanField("anonymisé", default=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    supprime_le = models.DateTimeField("supprimé le", null=True, blank=True)

    class Meta:
        verbose_name = "bénéficiaire"
        ordering = ["nom", "prenom", "pk"]
        indexes = [models.Index(fields=["conseiller", "nom", "prenom"], name="beneficiaire_liste")]
        constraints = [
            models.CheckConstraint(
                condition=Q(annee_naissance__isnull=True) | Q(annee_naissance__gte=1900),
                name="beneficiaire_annee_naissance_plausible",
            ),
            models.CheckConstraint(
                condition=Q(supprime_le__isnull=True)
                | Q(anonyme=True, prenom="", nom="", telephone="", email="", adresse="", notes=""),
                name="beneficiaire_supprime_est_anonyme",
            ),
        ]

    def __str__(self):
        if self.anonyme:
            return "Bénéficiaire anonymisé"
        return f"{self.prenom} {self.nom}".strip() or "Bénéficiaire"

    def tranche_age(self, annee_reference: int) -> str:
        return tranche_age(self.annee_naissance, annee_reference)


def _somme(champs: list[str]):
    total = F(champs[0])
    for champ in champs[1:]:
        total = total + F(champ)
    return total


class Activite(models.Model):
    """An activity report (compte rendu d'activité): one individual accompaniment or one
    collective workshop. A workshop of N participants counts N accompaniments.

    Who was accompanied is stored as counts for both types (1 for an individual report),
    by gender, age band and social status, each adding up to ``participants``.
    """

    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="conseiller",
        on_delete=models.PROTECT,
        related_name="activites",
        db_index=False,
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure employeuse",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activites",
        db_index=False,
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    commune = models.ForeignKey(
        "territoires.Commune",
        verbose_name="commune de l’accompagnement",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    lieu = models.ForeignKey(
        Lieu,
        verbose_name="lieu d’activité",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activites",
        db_index=False,
    )
    type = models.CharField("type", max_length=10, choices=choix.TypeActivite.choices)
    date = models.DateField("date de l’accompagnement")
    duree = models.PositiveSmallIntegerField("durée (minutes)")
    type_lieu = models.CharField(
        "lieu de l’accompagnement", max_length=15, choices=choix.TypeLieu.choices
    )
    thematiques = ArrayField(
        models.CharField(max_length=40, choices=choix.Thematique.choices),
        verbose_name="thématiques",
    )
    precisions_demarche = models.CharField(
        "nom de la démarche administrative", max_length=255, blank=True
    )
    materiel = ArrayField(
        models.CharField(max_length=15, choices=choix.Materiel.choices),
        default=list,
        blank=True,
        verbose_name="matériel numérique utilisé",
    )
    notes = models.TextField("notes", blank=True)
    # Individual accompaniment
    beneficiaire = models.ForeignKey(
        Beneficiaire,
        verbose_name="bénéficiaire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activites",
        db_index=False,
    )
    autonomie = models.CharField(
        "niveau d’autonomie du bénéficiaire",
        max_length=25,
        choices=choix.Autonomie.choices,
        blank=True,
    )
    oriente_vers_structure = models.BooleanField(
        "le bénéficiaire est-il orienté vers une autre structure ?", null=True, blank=True
    )
    structure_de_redirection = models.CharField(
        "structure de redirection",
        max_length=40,
        choices=choix.StructureDeRedirection.choices,
        blank=True,
    )
    commune_residence = models.ForeignKey(
        "territoires.Commune",
        verbose_name="commune de résidence du bénéficiaire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Collective workshop
    titre_atelier = models.CharField("titre de l’atelier", max_length=200, blank=True)
    niveau = models.CharField(
        "niveau de l’atelier", max_length=15, choices=choix.NiveauAtelier.choices, blank=True
    )
    # Who was accompanied (both types)
    participants = models.PositiveIntegerField("participants", default=1)
    deja_accompagnes = models.PositiveIntegerField("déjà accompagnés", default=0)
    cree_le = models.DateTimeField("enregistré le", default=timezone.now)
    modifie_le = models.DateTimeField("dernière modification le", null=True, blank=True)
    supprime_le = models.DateTimeField("supprimé le", null=True, blank=True)
    # The form's hidden token (or the API's Idempotency-Key): the same submission sent twice
    # (a double click, a resubmission after an error) records one report. NULL without a key:
    # adding the column rewrites nothing, and the partial unique index holds keyed rows only.
    cle_idempotence = models.CharField(  # noqa: DJ001
        max_length=64, null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = "compte rendu d’activité"
        verbose_name_plural = "comptes rendus d’activité"
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(F("conseiller"), F("date").desc(), name="activite_conseiller_date"),
            models.Index(fields=["structure", "date"], name="activite_structure_date"),
            models.Index(fields=["departement", "date"], name="activite_departement_date"),
            models.Index(
                fields=["lieu"], condition=Q(lieu__isnull=False), name="activite_par_lieu"
            ),
            models.Index(
                fields=["beneficiaire", "date"],
                condition=Q(beneficiaire__isnull=False),
                name="activite_par_beneficiaire",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["conseiller", "cle_idempotence"],
                condition=Q(cle_idempotence__isnull=False),
                name="activite_une_par_cle_idempotence",
            ),
            models.CheckConstraint(
                condition=Q(duree__gte=1, duree__lte=choix.DUREE_MAXIMUM),
                name="activite_duree_valide",
            ),
            models.CheckConstraint(
                condition=Q(thematiques__len__gt=0), name="activite_au_moins_une_thematique"
            ),
            models.CheckConstraint(
                condition=Q(
                    thematiques__contains=[choix.Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES]
                )
                | (
                    ~Q(thematiques__overlap=list(choix.THEMATIQUES_ADMINISTRATIVES))
                    & Q(precisions_demarche="")
                ),
                name="activite_thematiques_administratives_ouvertes",
            ),
            models.CheckConstraint(
                condition=Q(type_lieu=choix.TypeLieu.LIEU_ACTIVITE, lieu__isnull=False)
                | (~Q(type_lieu=choix.TypeLieu.LIEU_ACTIVITE) & Q(lieu__isnull=True)),
                name="activite_lieu_si_lieu_activite",
            ),
            models.CheckConstraint(
                condition=Q(type=choix.TypeActivite.COLLECTIF, participants__gte=1)
                | Q(type=choix.TypeActivite.INDIVIDUEL, participants=1),
                name="activite_participants_selon_type",
            ),
            models.CheckConstraint(
                condition=Q(type=choix.TypeActivite.INDIVIDUEL)
                | Q(
                    beneficiaire__isnull=True,
                    autonomie="",
                    oriente_vers_structure__isnull=True,
                    structure_de_redirection="",
                    commune_residence__isnull=True,
                ),
                name="activite_champs_individuels",
            ),
            models.CheckConstraint(
                condition=Q(type=choix.TypeActivite.COLLECTIF) | Q(titre_atelier="", niveau=""),
                name="activite_champs_atelier",
            ),
            models.CheckConstraint(
                condition=Q(structure_de_redirection="") | Q(oriente_vers_structure=True),
                name="activite_redirection_si_orientee",
            ),
            models.CheckConstraint(
                condition=Q(deja_accompagnes__lte=F("participants")),
                name="activite_deja_accompagnes_borne",
            ),
            models.CheckConstraint(
                condition=Q(participants=_somme(CHAMPS_GENRE)),
                name="activite_genres_somme",
            ),
            models.CheckConstraint(
                condition=Q(participants=_somme(CHAMPS_TRANCHE)),
                name="activite_tranches_somme",
            ),
            models.CheckConstraint(
                condition=Q(participants=_somme(CHAMPS_STATUT)),
                name="activite_statuts_somme",
            ),
        ]

    def __str__(self):
        return f"{self.get_type_display()} du {self.date:%d/%m/%Y}"

    @property
    def supprimee(self) -> bool:
        return self.supprime_le is not None

    def genre_unique(self) -> str:
        """For an individual report: the one gender counted."""
        return next((g for g in choix.Genre.values if getattr(self, f"genre_{g}")), "")

    def tranche_unique(self) -> str:
        return next((t for t in choix.TrancheAge.values if getattr(self, f"tranche_{t}")), "")

    def statut_unique(self) -> str:
        return next((s for s in choix.StatutSocial.values if getattr(self, f"statut_{s}")), "")


for _champ in (*CHAMPS_GENRE, *CHAMPS_TRANCHE, *CHAMPS_STATUT):
    Activite.add_to_class(_champ, models.PositiveIntegerField(default=0))


# --- Rollups ------------------------------------------------------------------------------
# Keys use 0 / "" for "none" (never NULL) and carry no foreign key: they are counters,
# written by additive upserts (INSERT … ON CONFLICT DO UPDATE SET n = n + EXCLUDED.n).


def _ajouter_compteurs(modele) -> None:
    for nom in COMPTEURS:
        modele.add_to_class(nom, models.IntegerField(default=0))


class AgregatJour(models.Model):
    """Per day and advisor (and employer, département, commune, place, type): every counter.

    Answers day-precise periods, daily series and coordinator membership boundaries for
    advisor-sized scopes. About 2.5 rows per advisor and working day.
    """

    pk = models.CompositePrimaryKey(
        "conseiller_id", "jour", "structure_id", "departement", "commune", "lieu_id", "type"
    )
    jour = models.DateField()
    conseiller_id = models.IntegerField()
    structure_id = models.IntegerField()
    departement = models.CharField(max_length=3)
    commune = models.CharField(max_length=5)
    lieu_id = models.IntegerField()
    type = models.CharField(max_length=10)

    class Meta:
        verbose_name = "agrégat journalier par conseiller"
        indexes = [
            models.Index(fields=["structure_id", "jour"], name="agj_structure"),
            models.Index(fields=["departement", "jour"], name="agj_departement"),
        ]

    def __str__(self):
        return f"{self.jour} conseiller {self.conseiller_id} ({self.type})"


class AgregatMois(models.Model):
    """Per month and advisor (same keys as AgregatJour): whole months of any period."""

    pk = models.CompositePrimaryKey(
        "conseiller_id", "mois", "structure_id", "departement", "commune", "lieu_id", "type"
    )
    mois = models.DateField()
    conseiller_id = models.IntegerField()
    structure_id = models.IntegerField()
    departement = models.CharField(max_length=3)
    commune = models.CharField(max_length=5)
    lieu_id = models.IntegerField()
    type = models.CharField(max_length=10)

    class Meta:
        verbose_name = "agrégat mensuel par conseiller"
        indexes = [
            models.Index(fields=["structure_id", "mois"], name="agm_structure"),
            models.Index(fields=["departement", "mois"], name="agm_departement"),
        ]

    def __str__(self):
        return f"{self.mois:%m/%Y} conseiller {self.conseiller_id} ({self.type})"


class AgregatTerritoireJour(models.Model):
    """Per day, département and type: national, regional and départemental pages."""

    pk = models.CompositePrimaryKey("jour", "departement", "type")
    jour = models.DateField()
    departement = models.CharField(max_length=3)
    type = models.CharField(max_length=10)

    class Meta:
        verbose_name = "agrégat journalier par département"

    def __str__(self):
        return f"{self.jour} {self.departement} ({self.type})"


class AgregatTerritoireMois(models.Model):
    """Per month, département and type: national, regional and départemental pages."""

    pk = models.CompositePrimaryKey("mois", "departement", "type")
    mois = models.DateField()
    departement = models.CharField(max_length=3)
    type = models.CharField(max_length=10)

    class Meta:
        verbose_name = "agrégat mensuel par département"

    def __str__(self):
        return f"{self.mois:%m/%Y} {self.departement} ({self.type})"


for _modele in (AgregatJour, AgregatMois, AgregatTerritoireJour, AgregatTerritoireMois):
    _ajouter_compteurs(_modele)


class PresenceBeneficiaire(models.Model):
    """Registered beneficiaries seen per day and keys, for the distinct count of
    « bénéficiaires suivis » (anonymous people count once per accompaniment)."""

    pk = models.CompositePrimaryKey(
        "conseiller_id",
        "jour",
        "structure_id",
        "departement",
        "commune",
        "lieu_id",
        "type",
        "beneficiaire_id",
    )
    jour = models.DateField()
    conseiller_id = models.IntegerField()
    structure_id = models.IntegerField()
    departement = models.CharField(max_length=3)
    commune = models.CharField(max_length=5)
    lieu_id = models.IntegerField()
    type = models.CharField(max_length=10)
    beneficiaire_id = models.IntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = "présence d’un bénéficiaire suivi"
        indexes = [
            models.Index(fields=["jour"], name="presence_jour"),
            models.Index(fields=["structure_id", "jour"], name="presence_structure"),
            models.Index(fields=["departement", "jour"], name="presence_departement"),
        ]

    def __str__(self):
        return f"{self.jour} bénéficiaire {self.beneficiaire_id}"


class PresenceSuivi(models.Model):
    """The days a registered beneficiary was accompanied, per département of the reports
    ("*": all départements). One row per beneficiary and département, recomputed from
    their reports (a handful) under the beneficiary's lock at each change: national and
    territorial pages count distinct « bénéficiaires suivis » over ~1 row per beneficiary
    instead of one row per accompaniment."""

    TOUS = "*"

    pk = models.CompositePrimaryKey("beneficiaire_id", "departement")
    beneficiaire_id = models.IntegerField()
    departement = models.CharField(max_length=3)
    premier = models.DateField()
    dernier = models.DateField()
    jours = ArrayField(models.DateField())

    class Meta:
        verbose_name = "jours d’accompagnement d’un bénéficiaire suivi"
        indexes = [
            models.Index(fields=["departement", "premier", "dernier"], name="presence_suivi_dep")
        ]

    def __str__(self):
        return f"bénéficiaire {self.beneficiaire_id} ({self.departement})"


class DernierCra(models.Model):
    """The date of each advisor's last live report, recomputed from their reports (one
    index probe) under a per-advisor lock at each create/edit/delete. The steering
    pages sort ~4,000 advisors into reporting groups at every national read: one join on
    this table instead of one probe of the reports per advisor. No row: no live report."""

    conseiller = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="dernier_compte_rendu",
        # A rollup, as the others: no foreign key, so that a rebuild can TRUNCATE it in the
        # transaction that writes reports (pending deferred checks forbid it otherwise).
        db_constraint=False,
    )
    date = models.DateField()

    class Meta:
        verbose_name = "date du dernier compte rendu d’un conseiller"

    def __str__(self):
        return f"conseiller {self.conseiller_id} : {self.date:%d/%m/%Y}"
