"""Factories for accounts, with one trait per role so a test reads as its situation:

HabilitationFactory(prefecture=True)      # a prefecture agent of a département
UtilisateurFactory()                      # an account without any role
"""

import factory
from django.utils import timezone

from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from structures.tests.factories import ReseauFactory, StructureFactory
from territoires.tests.factories import DepartementFactory, RegionFactory

MOT_DE_PASSE = "Mot-de-passe-de-test-2026"


class UtilisateurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Utilisateur
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    prenom = "Camille"
    nom = factory.Sequence(lambda n: f"Martin{n}")
    email_verifie_le = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", MOT_DE_PASSE)

    @factory.post_generation
    def enregistrer(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    class Params:
        non_confirme = factory.Trait(email_verifie_le=None, is_active=False)


class HabilitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Habilitation
        skip_postgeneration_save = True

    utilisateur = factory.SubFactory(UtilisateurFactory)
    role = Role.CANDIDAT

    class Params:
        candidat = factory.Trait(role=Role.CANDIDAT)
        conseiller = factory.Trait(role=Role.CONSEILLER)
        coordinateur = factory.Trait(role=Role.COORDINATEUR)
        structure_accueil = factory.Trait(
            role=Role.STRUCTURE, structure=factory.SubFactory(StructureFactory)
        )
        prefecture = factory.Trait(
            role=Role.PREFECTURE, departement=factory.SubFactory(DepartementFactory)
        )
        prefecture_region = factory.Trait(
            role=Role.PREFECTURE, region=factory.SubFactory(RegionFactory)
        )
        hub = factory.Trait(role=Role.HUB)
        grand_reseau = factory.Trait(
            role=Role.GRAND_RESEAU, reseau=factory.SubFactory(ReseauFactory)
        )
        operateur = factory.Trait(role=Role.OPERATEUR)
        organisme_formation = factory.Trait(
            role=Role.ORGANISME_FORMATION,
            organisme=factory.SubFactory("formation.tests.factories.OrganismeFormationFactory"),
        )
        anct = factory.Trait(role=Role.ANCT)

    @factory.post_generation
    def departements(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.departements.set(extracted)


# The trait that builds a valid habilitation of each role, for role-by-role matrices.
TRAIT_PAR_ROLE = {
    Role.CANDIDAT: "candidat",
    Role.STRUCTURE: "structure_accueil",
    Role.CONSEILLER: "conseiller",
    Role.COORDINATEUR: "coordinateur",
    Role.PREFECTURE: "prefecture",
    Role.HUB: "hub",
    Role.GRAND_RESEAU: "grand_reseau",
    Role.OPERATEUR: "operateur",
    Role.ORGANISME_FORMATION: "organisme_formation",
    Role.ANCT: "anct",
}


def habilitation(role: str, **kwargs) -> Habilitation:
    return HabilitationFactory(**{TRAIT_PAR_ROLE[role]: True}, **kwargs)
