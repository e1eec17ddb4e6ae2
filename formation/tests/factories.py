import factory

from formation.models import OrganismeFormation


class OrganismeFormationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganismeFormation

    nom = factory.Sequence(lambda n: f"Organisme de formation {n}")
