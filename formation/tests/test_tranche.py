"""Acceptance: the first tranche cannot be marked due before the advisor's enrolment in
training (the condition formation registers with conventions), through the real services."""

import pytest
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions import paiements as subventions
from conventions.tests.factories import il_y_a, recrutement_finalise, subvention_acceptee
from formation import rules as R
from formation import services
from formation.models import Apprenant
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .factories import OrganismeFormationFactory, session


@pytest.mark.django_db
def test_premiere_tranche_exigible_seulement_apres_l_inscription_en_formation(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # the subsidy file's pieces
    habilitation(Role.ANCT)
    commune = CommuneFactory(departement=DepartementFactory(code="69"))
    organisme = OrganismeFormationFactory(departements=["69"])
    mer = recrutement_finalise(commune=commune)
    apprenant = Apprenant.objects.get(mise_en_relation=mer)  # assigned by the signal
    assert (apprenant.organisme, apprenant.etat) == (organisme, R.A_POSITIONNER)

    subvention = subvention_acceptee(mer, signer_le=il_y_a(40))
    premiere = subvention.tranches.get(rang=1)
    with pytest.raises(subventions.TrancheBloquee, match="pas encore inscrit en formation"):
        subventions.marquer_exigible(premiere.pk)
    premiere.refresh_from_db()
    assert premiere.statut == premiere.Statut.PREVUE

    services.positionner(apprenant.pk, scope=organisme.pk, score=80, le=timezone.localdate())
    s = session(organisme)
    services.inscrire(apprenant.pk, s.pk, scope=organisme.pk)
    subventions.marquer_exigible(premiere.pk)
    premiere.refresh_from_db()
    assert premiere.statut == premiere.Statut.EXIGIBLE
