"""Status changes of a structure decided by the national team, and the demo data."""

import pytest
from django.db import IntegrityError, transaction
from stdnum.fr import siret as stdnum_siret

from comptes.models import Evenement
from comptes.roles import Role
from comptes.services import ActionImpossible
from comptes.tests.factories import habilitation
from instruction.choix import StatutDemande, TypeDemande
from instruction.models import DecisionComite, Demande
from instruction.tests.factories import DemandeFactory
from structures import demo, services
from structures.choix import StatutStructure, TypeStructure
from structures.models import Structure
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory

S = StatutStructure


@pytest.mark.django_db
def test_annuler_une_inscription_annule_sa_candidature():
    anct = habilitation(Role.ANCT).utilisateur
    structure = StructureFactory()
    demande = DemandeFactory(structure=structure)
    services.changer_statut(structure, S.ANNULEE, par=anct, motif="Structure dissoute")
    structure.refresh_from_db()
    demande.refresh_from_db()
    assert structure.statut == S.ANNULEE
    assert demande.statut == StatutDemande.ANNULEE
    assert demande.historique.last().motif == "Structure dissoute"
    evenement = Evenement.objects.get(action="structure.statut")
    assert evenement.acteur == anct and evenement.cible == structure
    assert evenement.details["motif"] == "Structure dissoute"


@pytest.mark.django_db
def test_un_doublon_designe_l_inscription_principale():
    principale, doublon = StructureFactory(), StructureFactory()
    with pytest.raises(ActionImpossible, match="inscription principale"):
        services.changer_statut(doublon, S.DOUBLON, par=None, motif="Double inscription")
    with pytest.raises(ActionImpossible, match="inscription principale"):
        services.changer_statut(
            doublon, S.DOUBLON, par=None, motif="Double inscription", doublon_de=doublon
        )
    services.changer_statut(
        doublon, S.DOUBLON, par=None, motif="Double inscription", doublon_de=principale
    )
    doublon.refresh_from_db()
    assert doublon.doublon_de == principale
    # The database keeps the pair consistent.
    with pytest.raises(IntegrityError), transaction.atomic():
        Structure.objects.filter(pk=doublon.pk).update(doublon_de=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Structure.objects.filter(pk=principale.pk).update(doublon_de=doublon)


@pytest.mark.django_db
def test_changements_de_statut_impossibles():
    structure = StructureFactory(statut=S.ANNULEE)
    with pytest.raises(ActionImpossible, match="ne peut pas passer"):
        services.changer_statut(structure, S.ABANDON, par=None, motif="Sortie")
    with pytest.raises(ActionImpossible, match="motif"):
        services.changer_statut(StructureFactory(), S.ANNULEE, par=None, motif=" ")


@pytest.mark.django_db
def test_contraintes_de_la_structure():
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureFactory(siret="2133006350001X")
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureFactory(type=TypeStructure.ENTREPRISE)  # ineligible: never registered
    with pytest.raises(IntegrityError), transaction.atomic():
        StructureFactory(statut="INVENTE")


@pytest.fixture
def communes_de_la_demo(db):
    for code in ("24", "40", "47", "64"):
        DepartementFactory(code=code)
    for _, _, insee in demo.STRUCTURES:
        departement = "974" if insee.startswith("974") else insee[:2]
        CommuneFactory(code_insee=insee, departement=DepartementFactory(code=departement))


@pytest.mark.django_db
def test_la_demo_couvre_chaque_statut_et_se_rejoue_sans_rien_creer(communes_de_la_demo):
    contexte = {"comptes": []}
    demo.creer(contexte)
    assert set(contexte["structures"]) >= {siret for siret, _, _ in demo.STRUCTURES}
    assert set(Structure.objects.values_list("statut", flat=True)) == set(StatutStructure)
    assert Structure.objects.count() >= 60
    assert all(stdnum_siret.is_valid(s) for s in Structure.objects.values_list("siret", flat=True))
    # Each structure has its application, and each decided status its committee history.
    assert not Structure.objects.filter(demandes__isnull=True).exists()
    assert Demande.objects.filter(type=TypeDemande.A).count() == Structure.objects.count()
    for statut in (S.VALIDATION_COSELEC, S.REFUS_COSELEC, S.EXAMEN_COMPLEMENTAIRE_COSELEC):
        assert not Structure.objects.filter(statut=statut, decisions_comite__isnull=True).exists()
    assert Structure.objects.get(siret="21330063500017").statut == S.VALIDATION_COSELEC
    assert "Structures : " in contexte["resume"][0]
    assert contexte["comptes"][0][1] == "structure-attente@demo.conseiller-numerique.fr"

    comptes = (
        Structure.objects.count(),
        Demande.objects.count(),
        DecisionComite.objects.count(),
        Evenement.objects.count(),
    )
    demo.creer({"comptes": []})
    assert (
        Structure.objects.count(),
        Demande.objects.count(),
        DecisionComite.objects.count(),
        Evenement.objects.count(),
    ) == comptes
