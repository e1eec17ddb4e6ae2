from django.db import models


class Reseau(models.Model):
    """A national network (grand réseau) that groups member structures."""

    nom = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "grand réseau"
        verbose_name_plural = "grands réseaux"
        ordering = ["nom"]

    def __str__(self):
        return self.nom


class Structure(models.Model):
    """A host structure, identified by its SIRET. The candidatures issue extends it."""

    nom = models.CharField(max_length=255)
    siret = models.CharField("SIRET", max_length=14, unique=True)
    departement = models.ForeignKey(
        "territoires.Departement", on_delete=models.PROTECT, related_name="structures"
    )
    commune = models.ForeignKey(
        "territoires.Commune",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="structures",
    )
    reseau = models.ForeignKey(
        Reseau, null=True, blank=True, on_delete=models.SET_NULL, related_name="structures"
    )
    cree_le = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nom"]

    def __str__(self):
        return self.nom
