from datetime import timedelta

import pytest
from django.utils import timezone

from comptes.models import Notification
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation
from pilotage import demo
from pilotage.models import RapportStructure
from structures.tests.factories import StructureFactory

from .factories import convention_signee


@pytest.mark.django_db
def test_demo_idempotente():
    structure = StructureFactory(siret=demo.BORDEAUX)
    convention_signee(structure, debut=timezone.localdate() - timedelta(days=400))
    anct = habilitation(
        Role.ANCT, utilisateur=UtilisateurFactory(email="anct@demo.conseiller-numerique.fr")
    ).utilisateur
    for _ in range(2):
        demo.creer({"comptes": []})
    assert RapportStructure.objects.count() == 1
    assert Notification.objects.filter(destinataire=anct).count() == 1
