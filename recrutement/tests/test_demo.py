import pytest

from candidats.models import Candidat
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import EtatPoste
from conventions.models import Poste
from recrutement import demo, rules
from recrutement.models import HistoriqueMiseEnRelation, MiseEnRelation

from .factories import candidat_a, structure_avec_postes


@pytest.mark.django_db
def test_sans_postes_la_demo_ne_cree_rien(lieux):
    candidat_a(lieux["merignac"])
    contexte = {}
    demo.creer(contexte)
    assert not MiseEnRelation.objects.exists()
    assert "aucun poste attribué" in contexte["resume"][0]


@pytest.mark.django_db
def test_demo_tous_les_statuts_et_idempotente(lieux):
    habilitation(Role.ANCT)
    bordeaux = structure_avec_postes(lieux["bordeaux"], postes=4, siret=demo.BORDEAUX)
    Poste.objects.filter(pk__in=Poste.objects.filter(structure=bordeaux).values("pk")[:3]).update(
        etat=EtatPoste.OCCUPE
    )
    structure_avec_postes(lieux["libourne"], postes=1)
    structure_avec_postes(lieux["merignac"], postes=1)
    for _ in range(3):
        candidat_a(lieux["libourne"], statut=Candidat.Statut.RECRUTE)
    for i in range(24):
        candidat_a(lieux["merignac"] if i % 2 else lieux["bordeaux"], distance_max=40)

    contexte = {}
    demo.creer(contexte)
    statuts = set(MiseEnRelation.objects.values_list("statut", flat=True))
    assert statuts == set(rules.LIBELLES_STATUTS)
    assert "Recrutement :" in contexte["resume"][0]
    # Every link has its history, ending with its current status.
    for mer in MiseEnRelation.objects.all():
        assert mer.historique.last().vers == mer.statut
    # Filled posts now have their advisor; the free one is being recruited.
    assert (
        Poste.objects.filter(
            structure=bordeaux, mises_en_relation__statut__in=rules.RECRUTES
        ).count()
        == 4
    )

    avant = (MiseEnRelation.objects.count(), HistoriqueMiseEnRelation.objects.count())
    demo.creer({})
    assert (MiseEnRelation.objects.count(), HistoriqueMiseEnRelation.objects.count()) == avant
