"""Opinions, filing from the space and committee sessions through the services."""

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from comptes.models import Evenement
from comptes.roles import Role
from comptes.services import ActionImpossible
from comptes.tests.factories import habilitation
from conventions.choix import EtatPoste, StatutConvention
from conventions.models import Avenant, Convention, Poste
from instruction import services
from instruction.choix import Avis, Resultat, StatutComite, StatutDemande, TypeDemande
from instruction.models import AvisPrefecture, Comite, DecisionComite, Demande
from instruction.tests.factories import structure_validee
from structures.choix import StatutStructure
from structures.tests.factories import StructureFactory
from territoires.rules import Ponderations
from territoires.tests.factories import DepartementFactory

T = TypeDemande
D = StatutDemande
S = StatutStructure


def deposer_a(structure, postes=2, **kwargs):
    return services.deposer_depuis_espace(
        structure=structure,
        type=T.A,
        par=None,
        nombre_postes=postes,
        engagement=True,
        motivation="Accompagner nos habitants dans leurs démarches en ligne.",
        **kwargs,
    )


def favorable(demande, commentaire="Projet solide et bien porté localement."):
    return services.donner_avis(demande, avis=Avis.FAVORABLE, commentaire=commentaire)


def comite(jour=date(2026, 3, 5)):
    return services.preparer_comite(date_comite=jour)


@pytest.fixture
def gironde(db):
    return DepartementFactory(code="33", nom="Gironde")


# --- Prefecture opinion and ranking -------------------------------------------------------


@pytest.mark.django_db
def test_avis_favorable_classe_a_la_suite_et_envoie_en_instruction(gironde):
    a, b = (deposer_a(StructureFactory(departement=gironde)) for _ in range(2))
    favorable(a)
    avis_b = favorable(b)
    a.refresh_from_db()
    assert a.statut == D.EN_INSTRUCTION
    assert [h.vers for h in a.historique.all()] == [D.DEPOSEE, D.EN_INSTRUCTION]
    assert avis_b.rang == 2 and AvisPrefecture.objects.get(demande=a).rang == 1
    evenement = Evenement.objects.filter(action="avis.prefecture").first()
    assert evenement.cible == b and "Projet solide" in evenement.description


@pytest.mark.django_db
def test_avis_defavorable_quitte_le_classement_et_les_suivants_remontent(gironde):
    a, b, c = (deposer_a(StructureFactory(departement=gironde)) for _ in range(3))
    for d in (a, b, c):
        favorable(d)
    services.donner_avis(b, avis=Avis.DEFAVORABLE, commentaire="Projet trop peu précis.")
    rangs = dict(AvisPrefecture.objects.values_list("demande_id", "rang"))
    assert rangs == {a.pk: 1, b.pk: None, c.pk: 2}


@pytest.mark.django_db
def test_reclasser_renumerote(gironde):
    demandes = [deposer_a(StructureFactory(departement=gironde)) for _ in range(3)]
    avis = [favorable(d) for d in demandes]
    services.classer("33", {avis[0].pk: 3, avis[1].pk: 1, avis[2].pk: 1})
    assert list(AvisPrefecture.objects.order_by("rang").values_list("demande_id", flat=True)) == [
        demandes[1].pk,
        demandes[2].pk,
        demandes[0].pk,
    ]
    with pytest.raises(ActionImpossible, match="supérieur ou égal à 1"):
        services.classer("33", {avis[0].pk: 0})


@pytest.mark.django_db
def test_rang_unique_par_departement_en_base(gironde):
    a, b = (deposer_a(StructureFactory(departement=gironde)) for _ in range(2))
    favorable(a)
    avis_b = favorable(b)
    with pytest.raises(IntegrityError), transaction.atomic():
        AvisPrefecture.objects.filter(pk=avis_b.pk).update(rang=1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "commentaire,message", [("court", "entre 10 et 1000"), ("x" * 1001, "entre 10 et 1000")]
)
def test_avis_sans_commentaire_suffisant_refuse(gironde, commentaire, message):
    demande = deposer_a(StructureFactory(departement=gironde))
    with pytest.raises(ActionImpossible, match=message):
        services.donner_avis(demande, avis=Avis.FAVORABLE, commentaire=commentaire)
    assert not AvisPrefecture.objects.exists()


@pytest.mark.django_db
def test_pas_d_avis_sur_une_restitution():
    structure = structure_validee(postes=2)
    e = services.deposer_depuis_espace(structure=structure, type=T.E, par=None, nombre_postes=1)
    with pytest.raises(ActionImpossible, match="ne passe pas par l’avis"):
        favorable(e)


# --- Filing from the space -------------------------------------------------------------------


@pytest.mark.django_db
def test_rendre_un_poste_occupe_est_refuse():
    structure = structure_validee(postes=2, occupes=2)
    with pytest.raises(services.DepotImpossible, match="déclarez d’abord la rupture"):
        services.deposer_depuis_espace(structure=structure, type=T.E, par=None, nombre_postes=1)
    assert not Demande.objects.filter(type=T.E).exists()


@pytest.mark.django_db
def test_deux_restitutions_ne_rendent_pas_deux_fois_le_meme_poste():
    structure = structure_validee(postes=2, occupes=1)
    services.deposer_depuis_espace(structure=structure, type=T.E, par=None, nombre_postes=1)
    with pytest.raises(services.DepotImpossible, match="un poste doit être vacant"):
        services.deposer_depuis_espace(structure=structure, type=T.E, par=None, nombre_postes=1)


@pytest.mark.django_db
def test_rupture_refusee_tant_qu_aucun_contrat_n_existe():
    structure = structure_validee(postes=1, occupes=1)
    with pytest.raises(services.DepotImpossible, match="Aucun contrat en cours"):
        services.deposer_depuis_espace(structure=structure, type=T.D, par=None)


@pytest.mark.django_db
def test_transfert_dans_un_autre_departement_refuse():
    cedante = structure_validee(postes=2, departement=DepartementFactory(code="33"))
    ailleurs = StructureFactory(departement=DepartementFactory(code="47"))
    with pytest.raises(services.DepotImpossible, match="même département"):
        services.deposer_depuis_espace(
            structure=cedante,
            type=T.H,
            par=None,
            nombre_postes=1,
            structure_destination=ailleurs,
        )


@pytest.mark.django_db
def test_transfert_recu_sans_demande_h_refuse(gironde):
    cedante = structure_validee(postes=2, departement=gironde)
    with pytest.raises(services.DepotImpossible, match="Aucune demande de transfert"):
        deposer_a(StructureFactory(departement=gironde), postes=1, structure_origine=cedante)


# --- Committee ---------------------------------------------------------------------------------


@pytest.fixture
def cibles(gironde):
    """A national total of 5 posts; Gironde's target 3, Lot-et-Garonne's 2."""
    from territoires.models import CalculCibles, Cible

    lot = DepartementFactory(code="47", nom="Lot-et-Garonne")
    p = Ponderations()
    calcul = CalculCibles.objects.create(
        total_national=5,
        poids_equite=p.equite,
        poids_demographie=p.demographie,
        poids_vulnerabilite=p.vulnerabilite,
        poids_pauvrete=p.pauvrete,
        poids_chomage=p.chomage,
        poids_non_couverture=p.non_couverture,
    )
    for dep, valeur in ((gironde, 3), (lot, 2)):
        Cible.objects.create(
            calcul=calcul,
            departement=dep,
            valeur=valeur,
            indice_vulnerabilite=0.5,
            part_equite=1,
            part_demographie=1,
            part_vulnerabilite=1,
        )
    return {"33": gironde, "47": lot}


@pytest.mark.django_db
def test_confirmation_attribue_postes_convention_statuts_courriels_et_journal(cibles, courriels):
    prefet = habilitation(Role.PREFECTURE, departement=cibles["33"])
    acceptee = deposer_a(
        StructureFactory(departement=cibles["33"], contact_email="mairie@exemple.fr"), postes=2
    )
    gestionnaire = habilitation(Role.STRUCTURE, structure=acceptee.structure)
    # Without a manager's account, the e-mail goes to the application's contact.
    refusee = deposer_a(
        StructureFactory(departement=cibles["33"], contact_email="ccas@exemple.fr"), postes=1
    )
    attente = deposer_a(StructureFactory(departement=cibles["47"]), postes=9)
    sans_avis = deposer_a(StructureFactory(departement=cibles["47"]), postes=1)
    favorable(acceptee)
    services.donner_avis(refusee, avis=Avis.DEFAVORABLE, commentaire="Projet peu articulé.")
    favorable(attente)
    c = comite()
    with courriels.envoi():
        bilan = services.confirmer_comite(c)
    # 2, then 9 asked with 3 left: not cut down, kept for the next committees [002 Cas 3].
    assert bilan.attribues == 2
    for d in (acceptee, refusee, attente, sans_avis):
        d.refresh_from_db()
    assert (acceptee.statut, refusee.statut, sans_avis.statut) == (D.ACCEPTEE, D.REFUSEE, D.DEPOSEE)
    assert attente.statut == D.AJOURNEE
    decision = DecisionComite.objects.get(demande=attente)
    assert decision.postes_accordes == 0 and "gardée pour les comités suivants" in decision.motif
    assert not Poste.objects.filter(structure=attente.structure).exists()
    structure = acceptee.structure
    structure.refresh_from_db()
    assert structure.statut == S.VALIDATION_COSELEC
    assert refusee.structure.__class__.objects.get(pk=refusee.structure_id).statut == (
        S.REFUS_COSELEC
    )
    convention = Convention.objects.get(structure=structure)
    assert convention.statut == StatutConvention.A_SIGNER
    postes = list(Poste.objects.filter(structure=structure))
    assert len(postes) == 2 and all(p.etat == EtatPoste.VACANT for p in postes)
    assert postes[0].recruter_avant == date(2026, 6, 5)  # 3 months after the committee
    # E-mails: structure managers and the prefecture, for each outcome.
    sujets = [(m.to, m.subject) for m in courriels.outbox]
    assert (
        [gestionnaire.utilisateur.email],
        "[Conseiller numérique] Votre demande est acceptée",
    ) in sujets
    # The prefecture: one e-mail listing every outcome of its département.
    a_prefecture = [m for m in courriels.outbox if m.to == [prefet.utilisateur.email]]
    assert [m.subject for m in a_prefecture] == [
        f"[Conseiller numérique] Comité n° {c.numero} : décisions pour le département 33"
    ]
    assert "1 acceptée, 1 refusée, 0 en attente" in a_prefecture[0].body
    assert "Avis défavorable de la préfecture." in a_prefecture[0].body
    assert (["ccas@exemple.fr"], "[Conseiller numérique] Votre demande n’est pas retenue") in sujets
    corps = next(m.body for m in courriels.outbox if m.to == [gestionnaire.utilisateur.email])
    assert "Recrutez avant le 05/06/2026" in corps
    # Every decision in the audit log, on the request, with its reason.
    evenement = Evenement.objects.get(action="comite.decision", cible_id=str(refusee.pk))
    assert "Avis défavorable de la préfecture" in evenement.description
    assert evenement.details["motif"] == "Avis défavorable de la préfecture."
    assert Evenement.objects.get(action="comite.confirme").cible == c


@pytest.mark.django_db
def test_une_deuxieme_confirmation_est_refusee(cibles):
    favorable(deposer_a(StructureFactory(departement=cibles["33"]), postes=1))
    c = comite()
    services.confirmer_comite(c)
    with pytest.raises(ActionImpossible, match="déjà confirmé"):
        services.confirmer_comite(c)
    assert Poste.objects.count() == 1
    assert DecisionComite.objects.filter(comite=c).count() == 1


@pytest.mark.django_db
def test_un_seul_comite_en_preparation(cibles):
    comite()
    with pytest.raises(ActionImpossible, match="déjà en préparation"):
        comite(date(2026, 3, 20))
    with pytest.raises(IntegrityError), transaction.atomic():
        Comite.objects.create(numero=999, date=date(2026, 4, 1))


@pytest.mark.django_db
def test_demande_supplementaire_ajoute_un_avenant(cibles):
    structure = structure_validee(postes=1, departement=cibles["33"])
    c_demande = services.deposer_depuis_espace(
        structure=structure,
        type=T.C,
        par=None,
        nombre_postes=1,
        motivation="Renforcer l’équipe face à la demande.",
    )
    favorable(c_demande)
    services.confirmer_comite(comite())
    convention = Convention.objects.get(structure=structure)
    assert Avenant.objects.get(convention=convention).nombre_postes == 1
    assert Poste.objects.filter(convention=convention).count() == 2


@pytest.mark.django_db
def test_restitution_libere_le_poste_pour_un_autre(cibles):
    """The national total is 5; 5 posts are allocated. A return frees one, which the same
    committee grants to the waiting request."""
    rendeuse = structure_validee(postes=3, departement=cibles["33"], numero=40)
    structure_validee(postes=2, departement=cibles["47"], numero=41)
    services.deposer_depuis_espace(structure=rendeuse, type=T.E, par=None, nombre_postes=1)
    attente = deposer_a(StructureFactory(departement=cibles["47"]), postes=1)
    favorable(attente)
    bilan = services.confirmer_comite(comite())
    assert (bilan.disponibles, bilan.liberes, bilan.attribues) == (0, 1, 1)
    assert Poste.objects.filter(structure=rendeuse, etat=EtatPoste.RENDU).count() == 1
    rendu = Poste.objects.get(structure=rendeuse, etat=EtatPoste.RENDU)
    assert rendu.date_rendu == date(2026, 3, 5)
    attente.refresh_from_db()
    assert attente.statut == D.ACCEPTEE


@pytest.mark.django_db
def test_sortie_rend_tous_les_postes_et_la_structure_sort(cibles):
    structure = structure_validee(postes=2, departement=cibles["33"])
    services.deposer_depuis_espace(
        structure=structure, type=T.G, par=None, motivation="Quitter le dispositif."
    )
    services.confirmer_comite(comite())
    structure.refresh_from_db()
    assert structure.statut == S.ABANDON
    assert Convention.objects.get(structure=structure).statut == StatutConvention.TERMINEE
    assert not Poste.objects.attribues().filter(structure=structure).exists()


@pytest.mark.django_db
def test_transfert_le_poste_suit_la_structure_d_accueil(cibles):
    cedante = structure_validee(postes=2, departement=cibles["33"])
    accueil = StructureFactory(departement=cibles["33"])
    h = services.deposer_depuis_espace(
        structure=cedante,
        type=T.H,
        par=None,
        nombre_postes=1,
        structure_destination=accueil,
        motivation="L’association a une candidate prête.",
    )
    recu = deposer_a(accueil, postes=1, structure_origine=cedante)
    assert recu.transfert and recu.structure_origine == cedante
    favorable(h)
    favorable(recu)
    bilan = services.confirmer_comite(comite())
    assert bilan.transferes == 1 and bilan.attribues == 0
    nouveau = Poste.objects.get(structure=accueil)
    assert nouveau.origine_transfert.structure == cedante
    assert nouveau.origine_transfert.etat == EtatPoste.RENDU
    assert Poste.objects.attribues().filter(structure=cedante).count() == 1


@pytest.mark.django_db
def test_derogation_motivee_puis_confirmee(cibles):
    demande = deposer_a(StructureFactory(departement=cibles["33"]), postes=2)
    favorable(demande)
    c = comite()
    with pytest.raises(ActionImpossible, match="10 caractères"):
        services.deroger(
            c, demande, type_poste="conseiller", resultat=Resultat.REFUSEE, postes=0, motif="non"
        )
    services.deroger(
        c,
        demande,
        type_poste="conseiller",
        resultat=Resultat.EN_ATTENTE,
        postes=0,
        motif="Lieux d’activité à préciser avec la préfecture.",
    )
    [ligne] = services.apercu(c).propositions
    assert ligne.resultat == Resultat.EN_ATTENTE and ligne.derogation
    services.confirmer_comite(c)
    demande.refresh_from_db()
    assert demande.statut == D.AJOURNEE
    decision = DecisionComite.objects.get(demande=demande)
    assert "Lieux d’activité à préciser" in decision.motif
    assert Evenement.objects.filter(action="comite.derogation", cible_id=str(demande.pk)).exists()
    demande.structure.refresh_from_db()
    assert demande.structure.statut == S.EXAMEN_COMPLEMENTAIRE_COSELEC


@pytest.mark.django_db
def test_le_comite_confirme_ne_se_modifie_plus(cibles):
    demande = deposer_a(StructureFactory(departement=cibles["33"]), postes=1)
    favorable(demande)
    c = comite()
    services.confirmer_comite(c)
    with pytest.raises(ActionImpossible, match="déjà confirmé"):
        services.deroger(
            c,
            demande,
            type_poste="conseiller",
            resultat=Resultat.REFUSEE,
            postes=0,
            motif="Trop tard pour changer",
        )


@pytest.mark.django_db(transaction=True)
def test_deux_administrateurs_confirment_en_meme_temps_chaque_poste_une_fois():
    """Two admins confirm the same committee at the same instant: the committee row lock
    lets one through; the other waits, then is told it is confirmed. Posts are allocated
    once, and the national total holds."""
    from territoires.models import CalculCibles

    gironde = DepartementFactory(code="33")
    p = Ponderations()
    CalculCibles.objects.create(
        total_national=3,
        poids_equite=p.equite,
        poids_demographie=p.demographie,
        poids_vulnerabilite=p.vulnerabilite,
        poids_pauvrete=p.pauvrete,
        poids_chomage=p.chomage,
        poids_non_couverture=p.non_couverture,
    )
    for postes in (2, 2, 1):
        favorable(deposer_a(StructureFactory(departement=gironde), postes=postes))
    c = comite()
    barriere = threading.Barrier(2)
    resultats = []

    def confirmer():
        try:
            barriere.wait()
            services.confirmer_comite(Comite.objects.get(pk=c.pk))
            resultats.append("ok")
        except ActionImpossible as erreur:
            resultats.append(str(erreur))
        finally:
            connection.close()

    fils = [threading.Thread(target=confirmer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert resultats.count("ok") == 1
    assert any("déjà confirmé" in r for r in resultats)
    assert Poste.objects.count() == 3  # never more than the national total
    assert DecisionComite.objects.filter(comite=c).count() == 3
    assert Comite.objects.get(pk=c.pk).statut == StatutComite.CONFIRME


@pytest.mark.django_db
def test_apres_le_comite_le_classement_se_resserre(gironde):
    """National total 1: the first ranked request gets the post and leaves the ranking; the
    pending ones move up."""
    from territoires.models import CalculCibles

    p = Ponderations()
    CalculCibles.objects.create(
        total_national=1,
        poids_equite=p.equite,
        poids_demographie=p.demographie,
        poids_vulnerabilite=p.vulnerabilite,
        poids_pauvrete=p.pauvrete,
        poids_chomage=p.chomage,
        poids_non_couverture=p.non_couverture,
    )
    demandes = [deposer_a(StructureFactory(departement=gironde), postes=1) for _ in range(3)]
    for d in demandes:
        favorable(d)
    services.confirmer_comite(comite())
    rangs = dict(AvisPrefecture.objects.values_list("demande_id", "rang"))
    assert rangs == {demandes[0].pk: None, demandes[1].pk: 1, demandes[2].pk: 2}
    statuts = [Demande.objects.get(pk=d.pk).statut for d in demandes]
    assert statuts == [D.ACCEPTEE, D.AJOURNEE, D.AJOURNEE]


@pytest.mark.django_db(transaction=True)
def test_deux_restitutions_simultanees_du_seul_poste_vacant():
    """Two managers return the structure's only vacant post at the same instant: the
    structure row lock lets one request through, the other is told why."""
    structure = structure_validee(postes=2, occupes=1)
    barriere = threading.Barrier(2)
    resultats = []

    def rendre():
        try:
            barriere.wait()
            services.deposer_depuis_espace(structure=structure, type=T.E, par=None, nombre_postes=1)
            resultats.append("ok")
        except ActionImpossible as erreur:
            resultats.append(str(erreur))
        finally:
            connection.close()

    fils = [threading.Thread(target=rendre) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert resultats.count("ok") == 1
    assert any("un poste doit être vacant pour être rendu" in r for r in resultats)
    assert Demande.objects.filter(structure=structure, type=T.E).count() == 1


@pytest.mark.django_db
def test_le_delai_de_recrutement_des_postes_suit_la_regle_du_recrutement(cibles, settings):
    """One deadline rule for the programme: the committee dates its posts with recrutement's
    rule in force, so the structure's reminders and its "Recrutez avant le" agree."""
    settings.RECRUTEMENT_REGLE_DELAI = "ami-2020"  # 15 days to choose, then 15 to sign
    demande = deposer_a(StructureFactory(departement=cibles["33"]), postes=1)
    favorable(demande)
    services.confirmer_comite(comite(date(2026, 3, 5)))
    poste = Poste.objects.get(structure=demande.structure)
    assert poste.recruter_avant == date(2026, 4, 4)
