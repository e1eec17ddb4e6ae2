"""Factories and ready-made form data for activity tests.

conseiller = conseiller_numerique(structure=StructureFactory())
lieu = LieuFactory(conseiller=conseiller)
activite = services.creer_activite(conseiller, donnees_individuel(lieu=lieu))
"""

from datetime import date, timedelta

import factory
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import habilitation
from territoires.tests.factories import CommuneFactory

from ..choix import Genre, StatutSocial, Thematique, TrancheAge, TypeActivite, TypeLieu
from ..models import Beneficiaire, Lieu


def conseiller_numerique(structure=None, **kwargs):
    """An advisor: a user holding the conseiller role, employed by ``structure``."""
    return habilitation(Role.CONSEILLER, structure=structure, **kwargs).utilisateur


class LieuFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lieu

    conseiller = factory.LazyFunction(conseiller_numerique)
    nom = factory.Sequence(lambda n: f"Médiathèque {n}")
    adresse = "1 place de la Mairie"
    commune = factory.SubFactory(CommuneFactory)
    code_postal = factory.LazyAttribute(lambda o: o.commune.code_postal_principal)
    latitude = factory.LazyAttribute(lambda o: o.commune.latitude)
    longitude = factory.LazyAttribute(lambda o: o.commune.longitude)
    horaires = "Mo-Fr 09:00-12:00,14:00-17:00"


class BeneficiaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiaire

    conseiller = factory.LazyFunction(conseiller_numerique)
    prenom = "Jeanne"
    nom = factory.Sequence(lambda n: f"Durand{n}")
    annee_naissance = 1950
    genre = Genre.FEMININ
    statut_social = StatutSocial.RETRAITE


def hier() -> date:
    return timezone.localdate() - timedelta(days=1)


def donnees_individuel(**surcharges) -> dict:
    """Cleaned data of an individual report at a place (``lieu`` required) or a commune."""
    donnees = {
        "type": TypeActivite.INDIVIDUEL,
        "date": hier(),
        "duree": 45,
        "type_lieu": TypeLieu.LIEU_ACTIVITE,
        "lieu": None,
        "commune": None,
        "thematiques": [Thematique.EMAIL, Thematique.NAVIGATION_SUR_INTERNET],
        "precisions_demarche": "",
        "materiel": ["ordinateur"],
        "notes": "",
        "beneficiaire": None,
        "genre": Genre.FEMININ,
        "tranche_age": TrancheAge.SOIXANTE_DIX_PLUS,
        "statut_social": StatutSocial.RETRAITE,
        "commune_residence": None,
        "deja_accompagne": False,
        "autonomie": "",
        "oriente_vers_structure": None,
        "structure_de_redirection": "",
    }
    donnees.update(surcharges)
    return donnees


def repartition_simple(valeurs, n: int, reste: str) -> dict:
    return {v: (n if v == reste else 0) for v in valeurs}


def donnees_collectif(participants=8, **surcharges) -> dict:
    donnees = {
        "type": TypeActivite.COLLECTIF,
        "date": hier(),
        "duree": 120,
        "type_lieu": TypeLieu.LIEU_ACTIVITE,
        "lieu": None,
        "commune": None,
        "thematiques": [Thematique.SECURITE_NUMERIQUE],
        "precisions_demarche": "",
        "materiel": ["telephone"],
        "notes": "",
        "titre_atelier": "Se protéger des arnaques",
        "niveau": "debutant",
        "participants": participants,
        "deja_accompagnes": 0,
        "genres": repartition_simple(Genre.values, participants, Genre.NON_COMMUNIQUE),
        "tranches": repartition_simple(TrancheAge.values, participants, TrancheAge.NON_COMMUNIQUE),
        "statuts": repartition_simple(
            StatutSocial.values, participants, StatutSocial.NON_COMMUNIQUE
        ),
    }
    donnees.update(surcharges)
    return donnees
