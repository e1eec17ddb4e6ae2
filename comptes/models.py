from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import PermissionsMixin
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Now
from django.utils import timezone

from .managers import UtilisateurManager
from .roles import CHAMP_PORTEE, STRUCTURE_EMPLOYEUR, Role


class Utilisateur(AbstractBaseUser, PermissionsMixin):
    """A person, identified by e-mail. What they may do comes from their habilitations."""

    email = models.EmailField("adresse électronique", max_length=254)
    prenom = models.CharField("prénom", max_length=150, blank=True)
    nom = models.CharField("nom", max_length=150, blank=True)
    telephone = models.CharField("téléphone", max_length=20, blank=True)
    is_active = models.BooleanField("actif", default=True)
    is_staff = models.BooleanField("accès à l’administration technique", default=False)
    date_joined = models.DateTimeField("inscrit le", default=timezone.now)
    email_verifie_le = models.DateTimeField("adresse confirmée le", null=True, blank=True)

    objects = UtilisateurManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = "utilisateur"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="utilisateur_email_unique"),
        ]

    def __str__(self):
        return self.nom_complet or self.email

    @property
    def nom_complet(self) -> str:
        return f"{self.prenom} {self.nom}".strip()

    def get_full_name(self):
        return self.nom_complet

    def get_short_name(self):
        return self.prenom


class Portee(models.Model):
    """The scope fields shared by a habilitation and the invitation that creates it."""

    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    departement = models.ForeignKey(
        "territoires.Departement",
        verbose_name="département",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    region = models.ForeignKey(
        "territoires.Region",
        verbose_name="région",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    departements = models.ManyToManyField(
        "territoires.Departement",
        verbose_name="départements du hub",
        blank=True,
        related_name="+",
    )
    structure = models.ForeignKey(
        "structures.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    reseau = models.ForeignKey(
        "structures.Reseau",
        verbose_name="grand réseau",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    organisme = models.ForeignKey(
        "formation.OrganismeFormation",
        verbose_name="organisme de formation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True

    @classmethod
    def contraintes_portee(cls, prefixe: str) -> list[models.CheckConstraint]:
        """Database checks: each role carries exactly the scope it needs, nothing else."""
        vides = {champ: Q(**{f"{champ}__isnull": True}) for champ in CHAMP_PORTEE.values()}
        sans_territoire = Q(departement__isnull=True, region__isnull=True)
        contraintes = []
        for role, champ in CHAMP_PORTEE.items():
            contraintes.append(
                models.CheckConstraint(
                    condition=~Q(role=role) | Q(**{f"{champ}__isnull": False}),
                    name=f"{prefixe}_{role}_a_sa_portee",
                )
            )
        autres = Q()
        for champ, vide in vides.items():
            roles_du_champ = [r for r, c in CHAMP_PORTEE.items() if c == champ]
            if champ == "structure":
                roles_du_champ += sorted(STRUCTURE_EMPLOYEUR)
            autres &= Q(role__in=roles_du_champ) | vide
        contraintes.append(
            models.CheckConstraint(condition=autres, name=f"{prefixe}_pas_de_portee_etrangere")
        )
        contraintes.append(
            models.CheckConstraint(
                condition=(
                    ~Q(role=Role.PREFECTURE)
                    | Q(departement__isnull=False, region__isnull=True)
                    | Q(departement__isnull=True, region__isnull=False)
                ),
                name=f"{prefixe}_prefecture_departement_ou_region",
            )
        )
        contraintes.append(
            models.CheckConstraint(
                condition=Q(role=Role.PREFECTURE) | sans_territoire,
                name=f"{prefixe}_territoire_reserve_prefecture",
            )
        )
        return contraintes

    def libelle_portee(self) -> str:
        if self.role == Role.PREFECTURE:
            return str(self.departement or self.region)
        champ = CHAMP_PORTEE.get(self.role)
        if champ:
            return str(getattr(self, champ))
        if self.role == Role.HUB and self.pk:
            return ", ".join(d.code for d in self.departements.all())
        return ""


class Habilitation(Portee):
    """A role held by a user on a scope. A user may hold several and switch between them."""

    utilisateur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habilitations"
    )
    membres_equipe = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="MembreEquipe",
        verbose_name="conseillers suivis",
        blank=True,
        related_name="coordinations",
    )
    active = models.BooleanField(default=True)
    cree_le = models.DateTimeField(auto_now_add=True)
    # Kept by a PostgreSQL trigger (see the migration): also bumped by QuerySet.update() and
    # bulk_update(), which bypass auto_now. The partner API pages on (modifie_le, id).
    modifie_le = models.DateTimeField("modifié le", db_default=Now(), editable=False)

    class Meta:
        verbose_name = "habilitation"
        ordering = ["role", "pk"]
        indexes = [models.Index(fields=["modifie_le", "id"], name="habilitation_modifie_le")]
        constraints = [
            *Portee.contraintes_portee("habilitation"),
            models.UniqueConstraint(
                fields=[
                    "utilisateur",
                    "role",
                    "departement",
                    "region",
                    "structure",
                    "reseau",
                    "organisme",
                ],
                nulls_distinct=False,
                name="habilitation_unique",
            ),
        ]

    def __str__(self):
        portee = self.libelle_portee()
        return f"{self.get_role_display()} – {portee}" if portee else self.get_role_display()


class MembreEquipe(models.Model):
    """A conseiller followed by a coordinator, from ``debut`` until ``fin`` (None: still)."""

    coordination = models.ForeignKey(Habilitation, on_delete=models.CASCADE, related_name="membres")
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    debut = models.DateField("suivi depuis le", default=timezone.localdate)
    fin = models.DateField("suivi jusqu’au", null=True, blank=True)

    class Meta:
        verbose_name = "membre d’équipe"
        constraints = [
            models.UniqueConstraint(
                fields=["coordination", "conseiller"],
                condition=Q(fin__isnull=True),
                name="membre_equipe_un_suivi_en_cours",
            ),
            models.CheckConstraint(
                condition=Q(fin__isnull=True) | Q(fin__gte=models.F("debut")),
                name="membre_equipe_fin_apres_debut",
            ),
        ]

    def __str__(self):
        return f"{self.conseiller} suivi depuis le {self.debut:%d/%m/%Y}"


class Invitation(Portee):
    """An invitation by e-mail to take a role. Accepted once, through a signed link."""

    email = models.EmailField("adresse électronique")
    # None when the platform invites by itself (a new advisor whose recruitment was
    # validated by a scheduled job).
    invite_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cree_le = models.DateTimeField(auto_now_add=True)
    expire_le = models.DateTimeField()
    acceptee_le = models.DateTimeField(null=True, blank=True)
    habilitation = models.ForeignKey(
        Habilitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-cree_le"]
        constraints = [
            *Portee.contraintes_portee("invitation"),
            models.CheckConstraint(
                condition=Q(acceptee_le__isnull=True) | Q(habilitation__isnull=False),
                name="invitation_acceptee_a_une_habilitation",
            ),
        ]

    def __str__(self):
        return f"Invitation de {self.email} ({self.get_role_display()})"

    @property
    def est_expiree(self) -> bool:
        return self.expire_le < timezone.now()


class Evenement(models.Model):
    """The audit log: who did what, when, on which object. Never updated, never deleted."""

    cree_le = models.DateTimeField("date", default=timezone.now, db_index=True)
    acteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField("rôle de l’auteur", max_length=30, choices=Role.choices, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    description = models.TextField()
    cible_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cible_id = models.CharField(max_length=64, blank=True)
    cible = GenericForeignKey("cible_type", "cible_id")
    details = models.JSONField(default=dict, blank=True)
    adresse_ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = "événement"
        ordering = ["-cree_le", "-pk"]
        indexes = [models.Index(fields=["cible_type", "cible_id", "-cree_le"])]

    def __str__(self):
        return f"{self.cree_le:%d/%m/%Y %H:%M} – {self.description}"


class InvitationEquipe(models.Model):
    """A coordinator invites an advisor into their team; the advisor accepts through a
    signed link, which starts the follow-up (``MembreEquipe``) on that day."""

    coordination = models.ForeignKey(
        Habilitation, on_delete=models.CASCADE, related_name="invitations_equipe"
    )
    conseiller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations_equipe"
    )
    cree_le = models.DateTimeField("invité le", default=timezone.now)
    acceptee_le = models.DateTimeField("acceptée le", null=True, blank=True)
    refusee_le = models.DateTimeField("refusée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation dans une équipe"
        ordering = ["-cree_le", "-pk"]
        constraints = [
            # One pending invitation per (coordinator, advisor): a double click sends one.
            models.UniqueConstraint(
                fields=["coordination", "conseiller"],
                condition=Q(acceptee_le__isnull=True, refusee_le__isnull=True),
                name="invitation_equipe_une_en_attente",
            ),
            models.CheckConstraint(
                condition=Q(acceptee_le__isnull=True) | Q(refusee_le__isnull=True),
                name="invitation_equipe_acceptee_ou_refusee",
            ),
        ]

    def __str__(self):
        return f"Invitation de {self.conseiller} dans l’équipe de {self.coordination.utilisateur}"

    @property
    def en_attente(self) -> bool:
        return self.acceptee_le is None and self.refusee_le is None


class Notification(models.Model):
    """An in-app notice for one user (what an e-mail said, or an alert), read once.

    ``cle`` makes a scheduled notice idempotent: the same key is never recorded twice for
    the same user."""

    destinataire = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    titre = models.CharField("titre", max_length=200)
    message = models.TextField("message", blank=True)
    lien = models.CharField("lien", max_length=500, blank=True)
    cle = models.CharField("clé d’unicité", max_length=200, blank=True)
    cree_le = models.DateTimeField("reçue le", default=timezone.now)
    lue_le = models.DateTimeField("lue le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        ordering = ["-cree_le", "-pk"]
        indexes = [
            models.Index(
                fields=["destinataire"], condition=Q(lue_le__isnull=True), name="notif_non_lues"
            ),
            models.Index(fields=["destinataire", "-cree_le"], name="notif_destinataire"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["destinataire", "cle"], condition=~Q(cle=""), name="notification_une_fois"
            )
        ]

    def __str__(self):
        return self.titre


class ConnexionRole(models.Model):
    """How the holders of an agent role may log in, set by the ANCT.

    Without a row, password login is allowed. The switch only applies once ProConnect is
    configured (otherwise nobody could log in any more)."""

    role = models.CharField("rôle", max_length=30, choices=Role.choices, unique=True)
    mot_de_passe_autorise = models.BooleanField("connexion par mot de passe", default=True)
    modifie_par = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    modifie_le = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        verbose_name = "mode de connexion d’un rôle"

    def __str__(self):
        etat = "autorisé" if self.mot_de_passe_autorise else "désactivé"
        return f"{self.get_role_display()} : mot de passe {etat}"


class AdresseEnEchec(models.Model):
    """An e-mail address the mail provider reported as undeliverable or complaining.

    Written by the provider's webhook (anymail, ``comptes.suivi_courriels``), shown next to
    the address in the agents' lists; removed when a message to it is delivered again."""

    class Motif(models.TextChoices):
        REBOND = "rebond", "adresse introuvable (rebond)"
        PLAINTE = "plainte", "signalé comme indésirable"
        BLOQUEE = "bloquee", "bloquée par le prestataire d’envoi"

    email = models.EmailField("adresse électronique")
    motif = models.CharField("motif", max_length=20, choices=Motif.choices)
    detail = models.TextField("réponse du serveur destinataire", blank=True)
    message_id = models.CharField("identifiant du message", max_length=255, blank=True)
    signale_le = models.DateTimeField("signalé le", default=timezone.now)

    class Meta:
        verbose_name = "adresse en échec"
        verbose_name_plural = "adresses en échec"
        constraints = [models.UniqueConstraint(Lower("email"), name="adresse_en_echec_unique")]

    def __str__(self):
        return f"{self.email} : {self.get_motif_display()}"
