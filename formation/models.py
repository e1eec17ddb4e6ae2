from django.db import models


class OrganismeFormation(models.Model):
    """A training body; the formation issue adds its centres, départements and sessions."""

    nom = models.CharField(max_length=200, unique=True)

    class Meta:
        verbose_name = "organisme de formation"
        verbose_name_plural = "organismes de formation"
        ordering = ["nom"]

    def __str__(self):
        return self.nom
