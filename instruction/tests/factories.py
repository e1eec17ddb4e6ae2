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


def structure_validee(postes: int = 2, occupes: int = 0, numero: int = 50, **kwargs):
    """A structure in the programme with ``postes`` conseiller posts in a convention "à
    signer" (through the services), ``occupes`` of them filled (test data: contracts belong
    to the conventions issue)."""
    from conventions.choix import EtatPoste
    from conventions.models import Poste
    from instruction import services

    structure = StructureFactory(**kwargs)
    demande = services.deposer_demande(
        structure=structure, type=TypeDemande.A, nombre_postes=postes, engagement=True
    )
    services.changer_statut_demande(demande, StatutDemande.EN_INSTRUCTION)
    services.enregistrer_decision_comite(
        structure=structure,
        demande=demande,
        avis=AvisComite.POSITIF,
        nombre_postes=postes,
        numero_comite=numero,
        date_comite=date(2026, 1, 15),
        phase=Phase.PHASE_2,
    )
    for poste in Poste.objects.filter(structure=structure).order_by("pk")[:occupes]:
        poste.etat = EtatPoste.OCCUPE
        poste.save(update_fields=["etat"])
    structure.refresh_from_db()
    return structure
