from datetime import date

import factory
from django.utils import timezone

from instruction.choix import AvisComite, Phase, StatutDemande, TypeDemande
from instruction.models import DecisionComite, Demande
from structures.tests.factories import StructureFactory


class DemandeFactory(factory.django.DjangoModelFactory):
    """A request A just filed (rows built directly: use the services to change statuses)."""

    class Meta:
        model = Demande

    structure = factory.SubFactory(StructureFactory)
    type = TypeDemande.A
    statut = StatutDemande.DEPOSEE
    nombre_postes = 2
    motivation = "Nos habitants ont besoin d’un accompagnement aux démarches en ligne."
    engagement_le = factory.LazyFunction(timezone.now)
    deposee_le = factory.LazyFunction(timezone.now)


class DecisionComiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DecisionComite

    structure = factory.SubFactory(StructureFactory)
    avis = AvisComite.POSITIF
    nombre_postes = 2
    numero_comite = factory.Sequence(lambda n: 100 + n)
    date_comite = date(2025, 3, 13)
    phase = Phase.PHASE_2
