"""Factories of recruitment: structures with allocated posts, candidates placed on the map,
links in any status.

structure_avec_postes(lieux["bordeaux"], postes=2)   # validated, a convention, 2 vacant posts
candidat_a(lieux["merignac"], distance_max=10)       # an available candidate living there
MiseEnRelationFactory(candidat=c, structure=s, statut="interessee")
"""

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from candidats.tests.factories import CandidatFactory
from comptes.tests.factories import HabilitationFactory
from conventions.choix import EtatPoste, StatutConvention, TypePoste
from conventions.models import Convention, Poste
from recrutement import rules
from recrutement.models import MiseEnRelation
from structures.choix import StatutStructure
from structures.tests.factories import StructureFactory


def structure_avec_postes(
    commune,
    *,
    postes: int = 2,
    type_poste: str = TypePoste.CONSEILLER,
    recruter_avant=None,
    **kwargs,
):
    """A committee-validated structure of that commune, with a convention "à signer" and
    ``postes`` vacant posts."""
    kwargs.setdefault("statut", StatutStructure.VALIDATION_COSELEC)
    structure = StructureFactory(commune=commune, departement=commune.departement, **kwargs)
    ajouter_postes(structure, postes, type_poste=type_poste, recruter_avant=recruter_avant)
    return structure


def ajouter_postes(structure, nombre: int, *, type_poste=TypePoste.CONSEILLER, recruter_avant=None):
    aujourd_hui = timezone.localdate()
    convention = Convention.objects.filter(structure=structure).first()
    if convention is None:
        convention = Convention.objects.create(
            structure=structure,
            statut=StatutConvention.A_SIGNER,
            date_decision=aujourd_hui - timedelta(days=30),
        )
    attribution = min(aujourd_hui - timedelta(days=30), recruter_avant or aujourd_hui)
    return Poste.objects.bulk_create(
        [
            Poste(
                convention=convention,
                structure=structure,
                type=type_poste,
                etat=EtatPoste.VACANT,
                date_attribution=attribution,
                recruter_avant=recruter_avant or aujourd_hui + timedelta(days=60),
            )
            for _ in range(nombre)
        ]
    )


def gestionnaire(structure):
    return HabilitationFactory(structure_accueil=True, structure=structure)


def candidat_a(commune, **kwargs):
    """An available candidate living in ``commune`` (20 km radius unless said)."""
    kwargs.setdefault("distance_max", 20)
    return CandidatFactory(commune=commune, departement=commune.departement, **kwargs)


# A valid planned contract, for the validation service and form.
def contrat(**kwargs) -> dict:
    aujourd_hui = timezone.localdate()
    valeurs = {
        "type_contrat": "cdd",
        "date_debut": aujourd_hui + timedelta(days=20),
        "duree_mois": 18,
        "salaire": Decimal("1950.00"),
        "taille_tenue": "M",
        "fiche_publiee_le": aujourd_hui - timedelta(days=15),
    }
    valeurs.update(kwargs)
    return valeurs


class MiseEnRelationFactory(factory.django.DjangoModelFactory):
    """A link in a status, built directly (use the services to move it)."""

    class Meta:
        model = MiseEnRelation

    candidat = factory.SubFactory(CandidatFactory)
    structure = factory.SubFactory(StructureFactory)
    statut = rules.INTERESSEE
    origine = MiseEnRelation.Origine.MATCHING
