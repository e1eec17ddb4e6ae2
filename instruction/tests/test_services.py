"""Requests and committee decisions through the services, against the database."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from comptes.models import Evenement
from comptes.services import ActionImpossible
from comptes.tests.factories import UtilisateurFactory
from instruction import services
from instruction.choix import (
    AvisComite,
    PosteCoordinateur,
    StatutDemande,
    TypeDemande,
    TypePoste,
)
from instruction.models import DecisionComite, Demande
from instruction.tests.factories import DecisionComiteFactory, DemandeFactory
from structures.choix import StatutStructure
from structures.tests.factories import StructureFactory

D = StatutDemande
S = StatutStructure


def deposer_a(structure, **kwargs):
    return services.deposer_demande(
        structure=structure, type=TypeDemande.A, nombre_postes=2, engagement=True, **kwargs
    )


def decider(structure, demande, avis=AvisComite.POSITIF, postes=2, numero=90, **kwargs):
    return services.enregistrer_decision_comite(
        structure=structure,
        demande=demande,
        avis=avis,
        nombre_postes=postes,
        numero_comite=numero,
        date_comite=date(2025, 4, 10),
        phase="2",
        **kwargs,
    )


@pytest.fixture
def structure(db):
    return StructureFactory(nom="Mairie de Talence")


@pytest.fixture
def en_instruction(structure):
    demande = deposer_a(structure)
    return services.changer_statut_demande(demande, D.EN_INSTRUCTION, motif="Avis favorable")


@pytest.mark.django_db
def test_deposer_une_candidature_laisse_une_trace(structure):
    agent = UtilisateurFactory()
    demande = deposer_a(structure, par=agent, politiques_prioritaires=["PVD"])
    assert demande.statut == D.DEPOSEE and demande.engagement_le and demande.cloturee_le is None
    [ligne] = demande.historique.all()
    assert (ligne.de, ligne.vers, ligne.par) == ("", D.DEPOSEE, agent)
    evenement = Evenement.objects.get(action="demande.deposee")
    assert evenement.cible == structure
    assert (
        evenement.description
    ) == "Mairie de Talence dépose une demande « Intégrer le dispositif » (2 postes)"


@pytest.mark.django_db
def test_une_seule_candidature_ouverte_par_structure(structure):
    deposer_a(structure)
    with pytest.raises(ActionImpossible, match="déjà une candidature en cours"):
        deposer_a(structure)
    # The database says the same, whatever the code path.
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeFactory(structure=structure)
    # Another type of request may be open alongside.
    services.deposer_demande(structure=structure, type=TypeDemande.E, nombre_postes=1)
    assert Demande.objects.filter(structure=structure).count() == 2


@pytest.mark.django_db
def test_la_candidature_suppose_l_engagement(structure):
    with pytest.raises(ActionImpossible, match="engagements"):
        services.deposer_demande(structure=structure, type=TypeDemande.A, nombre_postes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeFactory(structure=structure, engagement_le=None)


@pytest.mark.django_db
def test_une_demande_de_postes_demande_au_moins_un_poste(structure):
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeFactory(structure=structure, nombre_postes=0)
    coordinateur_seul = DemandeFactory(
        structure=structure, nombre_postes=0, poste_coordinateur=PosteCoordinateur.TEMPS_PLEIN
    )
    assert coordinateur_seul.avec_coordinateur


@pytest.mark.django_db
def test_transfert_depuis_une_autre_structure(structure):
    origine = StructureFactory()
    demande = deposer_a(structure, transfert=True, structure_origine=origine)
    assert demande.structure_origine == origine
    with pytest.raises(IntegrityError), transaction.atomic():
        DemandeFactory(structure=StructureFactory(), structure_origine=origine, transfert=False)


@pytest.mark.django_db
def test_une_demande_close_a_une_date_de_cloture(structure):
    demande = deposer_a(structure)
    services.changer_statut_demande(demande, D.ANNULEE, motif="Retirée par la structure")
    demande.refresh_from_db()
    assert demande.cloturee_le is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Demande.objects.filter(pk=demande.pk).update(cloturee_le=None)
    # Once closed, a new application may be filed.
    assert deposer_a(structure).statut == D.DEPOSEE


@pytest.mark.django_db
def test_le_comite_attend_l_avis_de_la_prefecture(structure):
    demande = deposer_a(structure)
    with pytest.raises(ActionImpossible, match="avis de la préfecture"):
        decider(structure, demande)
    assert not DecisionComite.objects.exists()
    structure.refresh_from_db()
    assert structure.statut == S.CREEE


@pytest.mark.django_db
def test_avis_favorable_valide_la_structure(structure, en_instruction):
    agent = UtilisateurFactory()
    decision = decider(structure, en_instruction, postes=3, par=agent)
    structure.refresh_from_db()
    en_instruction.refresh_from_db()
    assert structure.statut == S.VALIDATION_COSELEC and structure.statut_modifie_le
    assert en_instruction.statut == D.ACCEPTEE and en_instruction.cloturee_le
    assert decision.saisie_par == agent and decision.nombre_postes == 3
    assert [(h.de, h.vers) for h in en_instruction.historique.all()] == [
        ("", D.DEPOSEE),
        (D.DEPOSEE, D.EN_INSTRUCTION),
        (D.EN_INSTRUCTION, D.ACCEPTEE),
    ]
    evenement = Evenement.objects.get(action="comite.decision")
    assert evenement.cible == en_instruction
    assert evenement.details["numero_comite"] == 90
    assert "3 postes" in evenement.description


@pytest.mark.django_db
def test_avis_defavorable_refuse_la_structure(structure, en_instruction):
    decider(structure, en_instruction, avis=AvisComite.NEGATIF, postes=0)
    structure.refresh_from_db()
    assert structure.statut == S.REFUS_COSELEC
    # A refused structure may apply again: back to "non traitée".
    deposer_a(structure)
    structure.refresh_from_db()
    assert structure.statut == S.CREEE


@pytest.mark.django_db
def test_refus_d_un_poste_de_coordinateur(structure):
    demande = services.deposer_demande(
        structure=structure,
        type=TypeDemande.A,
        poste_coordinateur=PosteCoordinateur.TEMPS_PLEIN,
        engagement=True,
    )
    services.changer_statut_demande(demande, D.EN_INSTRUCTION)
    decider(
        structure, demande, avis=AvisComite.NEGATIF, postes=0, type_poste=TypePoste.COORDINATEUR
    )
    structure.refresh_from_db()
    assert structure.statut == S.REFUS_COORDINATEUR


@pytest.mark.django_db
def test_examen_complementaire_puis_validation(structure, en_instruction):
    decider(structure, en_instruction, avis=AvisComite.EXAMEN_COMPLEMENTAIRE, postes=0)
    structure.refresh_from_db()
    en_instruction.refresh_from_db()
    assert structure.statut == S.EXAMEN_COMPLEMENTAIRE_COSELEC
    assert en_instruction.statut == D.AJOURNEE and en_instruction.est_ouverte
    decider(structure, en_instruction, numero=91)
    structure.refresh_from_db()
    assert structure.statut == S.VALIDATION_COSELEC
    assert list(structure.decisions_comite.values_list("numero_comite", "avis")) == [
        (90, AvisComite.EXAMEN_COMPLEMENTAIRE),
        (91, AvisComite.POSITIF),
    ]


@pytest.mark.django_db
def test_tous_les_postes_rendus_la_structure_sort_du_dispositif(structure, en_instruction):
    decider(structure, en_instruction, postes=1)
    restitution = services.deposer_demande(structure=structure, type=TypeDemande.E, nombre_postes=1)
    decider(structure, restitution, postes=0, numero=95)
    structure.refresh_from_db()
    assert structure.statut == S.ABANDON


@pytest.mark.django_db
@pytest.mark.parametrize(
    "avis,postes,message",
    [
        (AvisComite.NEGATIF, 2, "Seul un avis favorable attribue des postes"),
        (AvisComite.EXAMEN_COMPLEMENTAIRE, 1, "Seul un avis favorable attribue des postes"),
    ],
)
def test_decisions_incoherentes_refusees(structure, en_instruction, avis, postes, message):
    with pytest.raises(ActionImpossible, match=message):
        decider(structure, en_instruction, avis=avis, postes=postes)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionComiteFactory(structure=structure, avis=avis, nombre_postes=postes)


@pytest.mark.django_db
def test_un_comite_statue_une_fois_par_structure_et_par_demande_ouverte(structure, en_instruction):
    decider(structure, en_instruction, avis=AvisComite.EXAMEN_COMPLEMENTAIRE, postes=0)
    with pytest.raises(ActionImpossible, match="a déjà statué"):
        decider(structure, en_instruction, numero=90)
    decider(structure, en_instruction, numero=91)
    with pytest.raises(ActionImpossible, match="déjà close"):
        decider(structure, en_instruction, numero=92)
    autre = StructureFactory()
    with pytest.raises(ActionImpossible, match="n’est pas celle de cette structure"):
        decider(autre, en_instruction, numero=93)


@pytest.mark.django_db
def test_pas_de_decision_sur_une_structure_annulee(structure, en_instruction):
    from structures.services import changer_statut

    changer_statut(structure, S.ANNULEE, par=None, motif="Structure dissoute")
    en_instruction.refresh_from_db()
    assert en_instruction.statut == D.ANNULEE
    with pytest.raises(ActionImpossible, match="ne peut pas passer"):
        services.enregistrer_decision_comite(
            structure=structure,
            avis=AvisComite.POSITIF,
            nombre_postes=1,
            numero_comite=99,
            date_comite=timezone.localdate(),
            phase="2",
        )


@pytest.mark.django_db(transaction=True)
def test_deux_candidatures_simultanees_une_seule_ouverte():
    """Two requests file an application for the same structure at once: the row lock lets
    one through, the other is told an application is already open."""
    structure = StructureFactory()
    barriere = threading.Barrier(2)
    resultats = []

    def deposer():
        try:
            barriere.wait()
            deposer_a(structure)
            resultats.append("ok")
        except ActionImpossible as erreur:
            resultats.append(str(erreur))
        finally:
            connection.close()

    fils = [threading.Thread(target=deposer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(resultats) == [
        "Cette structure a déjà une candidature en cours d’instruction.",
        "ok",
    ]
    assert Demande.objects.filter(structure=structure).count() == 1
