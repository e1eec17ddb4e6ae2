"""The national pool of candidates (vivier).

A ``Candidat`` is the candidate profile of one account (``comptes.Utilisateur``, which holds
first name, name, e-mail and phone). Every invariant that holds for one row is a database
constraint. A deleted account keeps an anonymous row for the programme's statistics: the
constraints guarantee that such a row carries no personal data any more.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from . import rules
from .stockage import chemin_cv, stockage_prive


class Sexe(models.TextChoices):
    FEMME = "femme", "Femme"
    HOMME = "homme", "Homme"
    AUTRE = "autre", "Autre"


class Statut(models.TextChoices):
    """Room is left for the recruitment issue: it sets ``recrute`` and undoes it."""

    DISPONIBLE = rules.DISPONIBLE, "Disponible"
    NON_DISPONIBLE = rules.NON_DISPONIBLE, "Plus disponible"
    RECRUTE = rules.RECRUTE, "Recruté(e)"


MotifSuppression = models.TextChoices(
    "MotifSuppression",
    [
        (code.upper(), (code, libelle))
        for code, libelle in rules.MOTIFS_SUPPRESSION + rules.MOTIFS_SUPPRESSION_SYSTEME
    ],
)


class Candidat(models.Model):
    Sexe = Sexe
    Statut = Statut
    MotifSuppression = MotifSuppression

    utilisateur = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="candidat",
    )
    # Statistics (kept after deletion, except the exact birth date).
    sexe = models.CharField("sexe", max_length=10, choices=Sexe.choices)
    date_naissance = models.DateField("date de naissance", null=True, blank=True)
    tranche_naissance = models.PositiveSmallIntegerField(
        "tranche d’années de naissance",
        null=True,
        blank=True,
        help_text="Première année de la tranche de cinq ans (1990 pour 1990–1994).",
    )
    # Wishes.
    commune = models.ForeignKey(
        "territoires.Commune",
        verbose_name="commune de résidence",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    departement = models.ForeignKey(
        "territoires.Departement",
        verbose_name="département",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Celui de la commune ; conservé après suppression, pour les statistiques.",
    )
    distance_max = models.PositiveSmallIntegerField(
        "distance maximale de déplacement", choices=rules.DISTANCES_KM
    )
    disponible_le = models.DateField("disponible à partir du")
    est_demandeur_emploi = models.BooleanField(rules.LIBELLES_SITUATION["est_demandeur_emploi"])
    est_en_emploi = models.BooleanField(rules.LIBELLES_SITUATION["est_en_emploi"])
    est_en_formation = models.BooleanField(rules.LIBELLES_SITUATION["est_en_formation"])
    est_diplome_med_num = models.BooleanField(rules.LIBELLES_SITUATION["est_diplome_med_num"])
    nom_diplome_med_num = models.CharField(
        "nom du diplôme en médiation numérique", max_length=200, blank=True
    )
    a_experience_med_num = models.BooleanField(rules.LIBELLES_SITUATION["a_experience_med_num"])
    motivation = models.TextField("motivation", max_length=rules.MOTIVATION_MAX, blank=True)
    # CV: a private file, deleted after the retention period.
    cv = models.FileField(
        "CV", storage=stockage_prive, upload_to=chemin_cv, max_length=200, blank=True
    )
    cv_depose_le = models.DateTimeField("CV déposé le", null=True, blank=True)
    # PIX results, only when the candidate chooses to share them.
    pix_score = models.PositiveSmallIntegerField("score Pix", null=True, blank=True)
    pix_niveaux = models.JSONField("niveaux Pix par domaine", default=dict, blank=True)
    pix_partage_le = models.DateTimeField("résultats Pix partagés le", null=True, blank=True)
    # Consent and status.
    consentement_le = models.DateTimeField("consentement au traitement des données le")
    statut = models.CharField(
        "statut", max_length=20, choices=Statut.choices, default=Statut.DISPONIBLE
    )
    statut_modifie_le = models.DateTimeField("statut modifié le", default=timezone.now)
    cree_le = models.DateTimeField("inscrit le", default=timezone.now)
    modifie_le = models.DateTimeField("modifié le", auto_now=True)
    supprime_le = models.DateTimeField("compte supprimé le", null=True, blank=True)
    motif_suppression = models.CharField(
        "motif de la suppression", max_length=30, choices=MotifSuppression.choices, blank=True
    )

    class Meta:
        verbose_name = "candidat"
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(fields=["departement", "statut"], name="candidat_dep_statut"),
            models.Index(fields=["cv_depose_le"], condition=~Q(cv=""), name="candidat_cv_a_purger"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(sexe__in=Sexe.values), name="candidat_sexe_valide"),
            models.CheckConstraint(
                condition=Q(statut__in=Statut.values), name="candidat_statut_valide"
            ),
            models.CheckConstraint(
                condition=Q(distance_max__in=[d for d, _ in rules.DISTANCES_KM]),
                name="candidat_distance_valide",
            ),
            models.CheckConstraint(
                condition=Q(est_demandeur_emploi=True)
                | Q(est_en_emploi=True)
                | Q(est_en_formation=True)
                | Q(est_diplome_med_num=True)
                | Q(a_experience_med_num=True),
                name="candidat_au_moins_une_situation",
            ),
            models.CheckConstraint(
                condition=Q(est_diplome_med_num=False)
                | ~Q(nom_diplome_med_num="")
                | Q(supprime_le__isnull=False),
                name="candidat_diplome_nomme",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("motivation"), rules.MOTIVATION_MAX),
                name="candidat_motivation_bornee",
            ),
            models.CheckConstraint(
                condition=Q(cv="", cv_depose_le__isnull=True)
                | (~Q(cv="") & Q(cv_depose_le__isnull=False)),
                name="candidat_cv_date",
            ),
            models.CheckConstraint(
                condition=Q(pix_score__isnull=True, pix_partage_le__isnull=True)
                | Q(
                    pix_score__isnull=False,
                    pix_score__lte=rules.SCORE_PIX_MAX,
                    pix_partage_le__isnull=False,
                ),
                name="candidat_pix_complet",
            ),
            models.CheckConstraint(
                condition=Q(supprime_le__isnull=False)
                | Q(commune__isnull=False, date_naissance__isnull=False, motif_suppression=""),
                name="candidat_actif_complet",
            ),
            models.CheckConstraint(
                condition=Q(supprime_le__isnull=True)
                | Q(
                    commune__isnull=True,
                    date_naissance__isnull=True,
                    motivation="",
                    nom_diplome_med_num="",
                    cv="",
                    pix_score__isnull=True,
                    pix_niveaux={},
                )
                & ~Q(motif_suppression=""),
                name="candidat_supprime_anonyme",
            ),
        ]

    def __str__(self):
        if self.supprime_le:
            return f"Candidat n° {self.pk} (compte supprimé)"
        return f"{self.utilisateur.nom_complet or self.utilisateur.email} (candidat)"

    def save(self, *args, **kwargs):
        # Both are derived: the département from the commune, the band from the birth date.
        if self.commune_id:
            self.departement_id = self.commune.departement_id
        if self.date_naissance:
            self.tranche_naissance = rules.tranche_naissance(self.date_naissance)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            derives = {"commune": "departement", "date_naissance": "tranche_naissance"}
            kwargs["update_fields"] = {*update_fields} | {
                derive for champ, derive in derives.items() if champ in update_fields
            }
        super().save(*args, **kwargs)

    # --- Reading helpers for templates -------------------------------------------------
    @property
    def nom_public(self) -> str:
        return rules.nom_public(self.utilisateur.prenom, self.utilisateur.nom)

    @property
    def telephone(self) -> str:
        return rules.formater_telephone(self.utilisateur.telephone)

    @property
    def situations(self) -> list[str]:
        return [champ for champ in rules.CHAMPS_SITUATION if getattr(self, champ)]

    @property
    def libelles_situations(self) -> list[str]:
        return [rules.LIBELLES_SITUATION[champ] for champ in self.situations]

    @property
    def pix_partage(self) -> bool:
        return self.pix_partage_le is not None

    @property
    def pix_palier(self) -> int | None:
        return rules.palier_pix(self.pix_niveaux) if self.pix_partage else None

    @property
    def pix_palier_libelle(self) -> str:
        palier = self.pix_palier
        return rules.PALIERS_PIX[palier] if palier else ""

    @property
    def pix_detail(self) -> list[tuple[str, int]]:
        return [(libelle, self.pix_niveaux.get(code, 0)) for code, libelle in rules.DOMAINES_PIX]

    @property
    def disponible_immediatement(self) -> bool:
        return self.disponible_le <= timezone.localdate()

    @property
    def est_supprime(self) -> bool:
        return self.supprime_le is not None


class TelechargementCV(models.Model):
    """One download of a candidate's CV by someone else than her (a structure's manager,
    the national team): who, for which structure, when. Shown to the candidate in her
    space and in her data export. Personal data of the candidate: deleted with her account."""

    candidat = models.ForeignKey(
        Candidat, on_delete=models.CASCADE, related_name="telechargements_cv"
    )
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(max_length=30)
    structure = models.ForeignKey(
        "structures.Structure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    le = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "téléchargement de CV"
        verbose_name_plural = "téléchargements de CV"
        indexes = [models.Index(fields=["candidat", "-le"])]

    def __str__(self):
        return f"CV du candidat n° {self.candidat_id} le {self.le:%d/%m/%Y %H:%M}"
