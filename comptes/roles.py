"""The roles of the platform and what each one's scope is made of."""

from django.db import models


class Role(models.TextChoices):
    CANDIDAT = "candidat", "Candidat"
    STRUCTURE = "structure", "Structure d’accueil"
    CONSEILLER = "conseiller", "Conseiller numérique"
    COORDINATEUR = "coordinateur", "Coordinateur"
    PREFECTURE = "prefecture", "Préfecture"
    HUB = "hub", "Hub territorial"
    GRAND_RESEAU = "grand_reseau", "Grand réseau"
    OPERATEUR = "operateur", "Opérateur de paiement"
    ORGANISME_FORMATION = "organisme_formation", "Organisme de formation"
    ANCT = "anct", "ANCT – pilotage national"


# Roles whose scope is the whole country.
ROLES_NATIONAUX = frozenset({Role.OPERATEUR, Role.ANCT})

# Which scope field each role requires; a role absent from this table needs none.
CHAMP_PORTEE = {
    Role.STRUCTURE: "structure",
    Role.GRAND_RESEAU: "reseau",
    Role.ORGANISME_FORMATION: "organisme",
}

# Roles that may also name a structure without it being their scope: the employer of a
# conseiller or a coordinator (their scope stays themselves / their team).
STRUCTURE_EMPLOYEUR = frozenset({Role.CONSEILLER, Role.COORDINATEUR})

# Agents of the State and its partners: they may log in with ProConnect, and the ANCT may
# switch their password login off role by role. Candidates and structures keep passwords.
ROLES_PROCONNECT = (
    Role.PREFECTURE,
    Role.HUB,
    Role.OPERATEUR,
    Role.ANCT,
    Role.ORGANISME_FORMATION,
    Role.GRAND_RESEAU,
)
