"""API clients: who may call the partner API, with which scopes, until when.

Only a SHA-256 fingerprint of the secret is stored; the secret itself is shown once,
when it is issued (``services.creer_client`` / ``renouveler_secret``).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection, models
from django.db.models import F, Q
from django.utils import timezone

from .choix import Scope


class ClientApi(models.Model):
    nom = models.CharField("nom du client", max_length=200)
    proprietaire = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="propriétaire",
        on_delete=models.PROTECT,
        related_name="clients_api",
        help_text="Le compte qui répond de ce client ; il doit détenir les rôles requis.",
    )
    identifiant = models.CharField("identifiant", max_length=40, unique=True, editable=False)
    empreinte_secret = models.CharField("empreinte du secret", max_length=64, editable=False)
    scopes = ArrayField(
        models.CharField(max_length=20, choices=Scope.choices), verbose_name="autorisations"
    )
    valide_du = models.DateTimeField("valable à partir du", default=timezone.now)
    expire_le = models.DateTimeField("expire le")
    revoque_le = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)
    cree_le = models.DateTimeField("créé le", auto_now_add=True)
    secret_renouvele_le = models.DateTimeField("secret émis le", null=True, editable=False)

    class Meta:
        verbose_name = "client de l’API"
        verbose_name_plural = "clients de l’API"
        ordering = ["nom", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_le__gt=F("valide_du")), name="client_api_expire_apres_debut"
            ),
            models.CheckConstraint(
                condition=Q(empreinte_secret__regex=r"^[0-9a-f]{64}$"),
                name="client_api_empreinte_sha256",
            ),
            models.CheckConstraint(
                condition=Q(scopes__len__gt=0) & Q(scopes__contained_by=Scope.values),
                name="client_api_scopes_connus",
            ),
        ]

    def __str__(self):
        return f"{self.nom} ({self.identifiant})"

    def utilisable(self, maintenant=None) -> bool:
        maintenant = maintenant or timezone.now()
        return self.revoque_le is None and self.valide_du <= maintenant < self.expire_le


class CompteurDebitQuerySet(models.QuerySet):
    def compter(self, cle: str, duree: int) -> tuple[int, float]:
        """Counts one request for ``cle`` in its current window of ``duree`` seconds and
        returns (requests in the window, seconds until it ends).

        One statement, ``INSERT … ON CONFLICT DO UPDATE … RETURNING``: PostgreSQL takes
        the row lock, so concurrent requests of every process each see their own count;
        the window starts with the first request after the previous one ended, on the
        database's clock (one clock for every worker)."""
        table = self.model._meta.db_table
        with connection.cursor() as curseur:
            curseur.execute(
                f"""
                INSERT INTO {table} AS c (cle, debut, nombre)
                VALUES (%(cle)s, clock_timestamp(), 1)
                ON CONFLICT (cle) DO UPDATE SET
                    nombre = CASE WHEN c.debut > clock_timestamp() - %(duree)s
                                  THEN c.nombre + 1 ELSE 1 END,
                    debut = CASE WHEN c.debut > clock_timestamp() - %(duree)s
                                 THEN c.debut ELSE clock_timestamp() END
                RETURNING nombre,
                          EXTRACT(EPOCH FROM c.debut + %(duree)s - clock_timestamp())
                """,
                {"cle": cle, "duree": timedelta(seconds=duree)},
            )
            nombre, reste = curseur.fetchone()
        return nombre, max(0.0, float(reste))

    def perimes(self, marge: timedelta = timedelta(days=1)):
        """Counters whose window ended long ago (the longest rate unit is a day)."""
        return self.filter(debut__lt=timezone.now() - marge)


class CompteurDebit(models.Model):
    """Requests of one API client (or one address before authentication) in the current
    window: the rate limit shared by every web process, created by ``migrate``."""

    cle = models.CharField("clé", max_length=120, primary_key=True)
    debut = models.DateTimeField("début de la fenêtre")
    nombre = models.PositiveIntegerField("requêtes dans la fenêtre")

    objects = CompteurDebitQuerySet.as_manager()

    class Meta:
        verbose_name = "compteur de débit de l’API"
        verbose_name_plural = "compteurs de débit de l’API"

    def __str__(self):
        return f"{self.cle} : {self.nombre}"
