"""The scope of a role is enforced by the database, not only by forms."""

import pytest
from django.db import IntegrityError

from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory
from structures.tests.factories import StructureFactory
from territoires.tests.factories import DepartementFactory, RegionFactory

CAS_INVALIDES = [
    ("prefecture sans territoire", {"role": Role.PREFECTURE}),
    (
        "prefecture avec departement et region",
        {"role": Role.PREFECTURE, "departement": "D", "region": "R"},
    ),
    ("structure sans structure", {"role": Role.STRUCTURE}),
    ("grand reseau sans reseau", {"role": Role.GRAND_RESEAU}),
    ("organisme sans organisme", {"role": Role.ORGANISME_FORMATION}),
    ("candidat avec structure", {"role": Role.CANDIDAT, "structure": "S"}),
    ("anct avec departement", {"role": Role.ANCT, "departement": "D"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("nom,champs", CAS_INVALIDES, ids=[c[0] for c in CAS_INVALIDES])
def test_portee_incoherente_refusee_par_la_base(nom, champs):
    valeurs = {"D": DepartementFactory, "R": RegionFactory, "S": StructureFactory}
    champs = {k: (valeurs[v]() if v in valeurs else v) for k, v in champs.items()}
    with pytest.raises(IntegrityError):
        Habilitation.objects.create(utilisateur=UtilisateurFactory(), **champs)


@pytest.mark.django_db
def test_meme_role_sur_meme_perimetre_une_seule_fois():
    utilisateur = UtilisateurFactory()
    Habilitation.objects.create(utilisateur=utilisateur, role=Role.ANCT)
    with pytest.raises(IntegrityError):
        Habilitation.objects.create(utilisateur=utilisateur, role=Role.ANCT)


@pytest.mark.django_db
def test_email_unique_sans_tenir_compte_de_la_casse():
    UtilisateurFactory(email="camille@exemple.fr")
    with pytest.raises(IntegrityError):
        UtilisateurFactory(email="Camille@Exemple.fr")
