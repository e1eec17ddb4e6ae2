"""The demo: contracts for every recruitment, files in every state, a suspension, a
transfer; running it twice adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from candidats.models import Candidat
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions import demo
from conventions.choix import EtatPoste, StatutTranche
from conventions.models import Contrat, Convention, Poste, Subvention, Suspension, Tranche
from recrutement import demo as demo_recrutement
from recrutement.models import DossierSubvention
from recrutement.tests.conftest import lieux as lieux
from recrutement.tests.factories import candidat_a, structure_avec_postes


@pytest.mark.django_db
def test_demo_complete_et_idempotente(lieux):
    """The recrutement demo's own test world, plus two structures with an advisor each."""
    habilitation(Role.ANCT)
    bordeaux = structure_avec_postes(lieux["bordeaux"], postes=4, siret=demo_recrutement.BORDEAUX)
    occupes = list(Poste.objects.filter(structure=bordeaux).values_list("pk", flat=True)[:3])
    for _ in range(2):
        s = structure_avec_postes(lieux["libourne"], postes=2)
        occupes.append(Poste.objects.filter(structure=s).order_by("pk").first().pk)
    Poste.objects.filter(pk__in=occupes).update(etat=EtatPoste.OCCUPE)
    structure_avec_postes(lieux["libourne"], postes=1)
    structure_avec_postes(lieux["merignac"], postes=1)
    for _ in range(5):
        candidat_a(lieux["libourne"], statut=Candidat.Statut.RECRUTE)
    for i in range(24):
        candidat_a(lieux["merignac"] if i % 2 else lieux["bordeaux"], distance_max=40)
    # Committees decided long ago: the conventions were signed months back.
    Convention.objects.update(date_decision=timezone.localdate() - timedelta(days=400))
    demo_recrutement.creer({})

    contexte = {}
    demo.creer(contexte)
    assert "Conventions :" in contexte["resume"][0]
    # Filled is what the contracts say.
    assert Poste.objects.filter(etat=EtatPoste.OCCUPE).count() == Contrat.objects.en_cours().count()
    assert set(Contrat.objects.values_list("statut", flat=True)) >= {
        "en_cours",
        "rompu",
        "termine",
        "renouvele",
    }
    assert set(DossierSubvention.objects.values_list("statut", flat=True)) >= {
        "a_instruire",
        "pieces_demandees",
        "accepte",
        "refuse",
    }
    assert Suspension.objects.filter(levee_le__isnull=True).count() == 1
    assert Subvention.objects.filter(transferee_depuis__isnull=False).count() == 1
    assert Tranche.objects.filter(statut=StatutTranche.PAYEE).exists()
    assert Tranche.objects.filter(statut=StatutTranche.PREVUE).exists()

    comptes = [
        m.objects.count() for m in (Contrat, Subvention, Tranche, Suspension, DossierSubvention)
    ]
    demo.creer({})
    assert comptes == [
        m.objects.count() for m in (Contrat, Subvention, Tranche, Suspension, DossierSubvention)
    ]
