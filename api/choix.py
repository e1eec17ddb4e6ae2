"""The scopes an API client may hold, and which role its owner needs for each."""

from django.db import models

from comptes.roles import Role


class Scope(models.TextChoices):
    LIEUX = "lieux", "Lieux d’activité publics (schéma des lieux de médiation numérique)"
    CONSEILLERS = "conseillers", "Conseillers en poste (champs publics)"
    STRUCTURES = "structures", "Structures d’accueil"
    CONVENTIONS = "conventions", "Conventions et postes (opérateur)"
    STATISTIQUES = "statistiques", "Statistiques d’activité agrégées"
    ACTIVITES = "activites", "Enregistrement de comptes rendus d’activité (conseiller)"


# A scope that reaches more than public data needs its owner to hold one of these roles,
# checked when the client is created and again at every call (a revoked role closes it).
ROLES_REQUIS: dict[str, frozenset[str]] = {
    Scope.CONVENTIONS: frozenset({Role.OPERATEUR, Role.ANCT}),
    Scope.ACTIVITES: frozenset({Role.CONSEILLER}),
}
