"""Every business action on a mise en relation: statuses, history, posts, e-mails, audit."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from candidats.models import Candidat
from comptes.models import Evenement
from conventions.choix import EtatPoste, TypePoste
from conventions.models import Poste
from recrutement import rules, selectors, services
from recrutement.models import (
    DossierSubvention,
    HistoriqueMiseEnRelation,
    MiseEnRelation,
    RappelRecrutement,
)
from recrutement.services import ActionImpossible, ContratInvalide

from .factories import (
    MiseEnRelationFactory,
    ajouter_postes,
    candidat_a,
    contrat,
    gestionnaire,
    structure_avec_postes,
)

AUJOURD_HUI = timezone.localdate


@pytest.fixture
def bordeaux(lieux):
    return structure_avec_postes(lieux["bordeaux"], postes=1)


@pytest.fixture
def candidat(lieux):
    return candidat_a(lieux["merignac"], utilisateur__prenom="Léa", utilisateur__nom="Moreau")


def historique(mer):
    return [(h.de, h.vers, h.acteur) for h in mer.historique.all()]


def recrute(structure, candidat, **changements):
    services.preselectionner(structure=structure, candidat_id=candidat.pk)
    return services.valider_candidature(
        structure=structure, candidat_id=candidat.pk, **contrat(**changements)
    )


@pytest.mark.django_db
class TestPreselection:
    def test_preselectionner_previent_le_candidat(self, bordeaux, candidat, courriels):
        gestionnaire(bordeaux)
        with courriels.envoi():
            mer = services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        assert mer.statut == rules.INTERESSEE
        assert mer.origine == MiseEnRelation.Origine.MATCHING
        assert historique(mer) == [("", rules.INTERESSEE, rules.STRUCTURE)]
        (message,) = courriels.outbox
        assert message.to == [candidat.utilisateur.email]
        assert bordeaux.nom in message.subject
        assert "présélectionné votre profil" in message.body
        evenement = Evenement.objects.get(action="recrutement.preselection")
        assert "@" not in evenement.description
        # A double click: nothing more, not a second e-mail.
        with courriels.envoi():
            services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        assert MiseEnRelation.objects.count() == 1 and len(courriels.outbox) == 1

    def test_un_candidat_hors_correspondances_vient_du_vivier(self, lieux, bordeaux):
        lyonnais = candidat_a(lieux["lyon"], distance_max=10)
        mer = services.preselectionner(structure=bordeaux, candidat_id=lyonnais.pk)
        assert mer.origine == MiseEnRelation.Origine.VIVIER

    def test_non_retenu_puis_remis_puis_preselectionne(self, bordeaux, candidat):
        mer = services.ne_pas_retenir(structure=bordeaux, candidat_id=candidat.pk)
        assert mer.statut == rules.NON_INTERESSEE
        o = selectors.offre(bordeaux)
        assert candidat.pk not in selectors.plus_proches_nouvelles(o).ids
        services.remettre_en_nouvelle(structure=bordeaux, candidat_id=candidat.pk)
        assert candidat.pk in selectors.plus_proches_nouvelles(o).ids
        services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        services.ne_pas_retenir(structure=bordeaux, candidat_id=candidat.pk)
        mer.refresh_from_db()
        assert historique(mer) == [
            ("", rules.NON_INTERESSEE, rules.STRUCTURE),
            (rules.NON_INTERESSEE, rules.NOUVELLE, rules.STRUCTURE),
            (rules.NOUVELLE, rules.INTERESSEE, rules.STRUCTURE),
            (rules.INTERESSEE, rules.NON_INTERESSEE, rules.STRUCTURE),
        ]

    def test_sans_poste_attribue_pas_de_recrutement(self, lieux, candidat):
        sans_postes = structure_avec_postes(lieux["libourne"], postes=0)
        with pytest.raises(ActionImpossible, match="n’a pas de poste attribué"):
            services.preselectionner(structure=sans_postes, candidat_id=candidat.pk)
        assert not MiseEnRelation.objects.exists()

    def test_candidat_en_pause_ou_supprime(self, bordeaux, lieux):
        en_pause = candidat_a(lieux["merignac"], statut=Candidat.Statut.NON_DISPONIBLE)
        with pytest.raises(ActionImpossible, match="en pause"):
            services.preselectionner(structure=bordeaux, candidat_id=en_pause.pk)
        supprime = candidat_a(lieux["merignac"])
        Candidat.objects.filter(pk=supprime.pk).update(
            supprime_le=timezone.now(),
            commune=None,
            date_naissance=None,
            motivation="",
            motif_suppression="autre",
        )
        with pytest.raises(ActionImpossible, match="plus inscrit"):
            services.preselectionner(structure=bordeaux, candidat_id=supprime.pk)

    def test_remettre_sans_lien(self, bordeaux, candidat):
        with pytest.raises(ActionImpossible, match="pas encore en relation"):
            services.remettre_en_nouvelle(structure=bordeaux, candidat_id=candidat.pk)

    def test_candidat_apporte_par_la_structure(self, bordeaux, lieux, courriels):
        # Far away and paused: the structure and the person know each other.
        connu = candidat_a(
            lieux["lyon"],
            statut=Candidat.Statut.NON_DISPONIBLE,
            utilisateur__email="Connue@Exemple.fr",
        )
        with courriels.envoi():
            mer = services.ajouter_candidat(structure=bordeaux, email=" connue@exemple.FR ")
        assert (mer.candidat_id, mer.statut, mer.origine) == (
            connu.pk,
            rules.INTERESSEE,
            MiseEnRelation.Origine.STRUCTURE,
        )
        assert len(courriels.outbox) == 1
        with pytest.raises(ActionImpossible, match="Aucun candidat inscrit"):
            services.ajouter_candidat(structure=bordeaux, email="inconnu@exemple.fr")
        non_confirme = candidat_a(lieux["merignac"], utilisateur__email_verifie_le=None)
        with pytest.raises(ActionImpossible, match="Aucun candidat inscrit"):
            services.ajouter_candidat(structure=bordeaux, email=non_confirme.utilisateur.email)


@pytest.mark.django_db
class TestValidation:
    def test_valider_reserve_le_poste_et_ouvre_le_dossier(self, bordeaux, candidat, courriels):
        services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        with courriels.envoi():
            mer = services.valider_candidature(
                structure=bordeaux, candidat_id=candidat.pk, **contrat(taille_tenue="L")
            )
        poste = Poste.objects.get(structure=bordeaux)
        assert mer.statut == rules.RECRUTEE and mer.poste == poste
        assert mer.taille_tenue == "L" and mer.salaire_brut_mensuel == Decimal("1950.00")
        assert mer.date_fin_contrat == rules.date_fin_contrat("cdd", mer.date_debut_contrat, 18)
        dossier = DossierSubvention.objects.get()
        assert dossier.statut == "a_instruire" and dossier.mise_en_relation == mer
        assert selectors.etat_postes(bordeaux.pk).libres == 0
        (message,) = courriels.outbox
        assert "a validé votre candidature" in message.subject
        assert "CDD à partir du" in message.body
        assert Evenement.objects.filter(action="recrutement.validation").count() == 1
        # Double click: the same link, one subsidy file, one e-mail.
        with courriels.envoi():
            encore = services.valider_candidature(
                structure=bordeaux, candidat_id=candidat.pk, **contrat()
            )
        assert encore.pk == mer.pk and DossierSubvention.objects.count() == 1
        assert len(courriels.outbox) == 1

    def test_il_faut_un_poste_libre(self, bordeaux, candidat, lieux):
        recrute(bordeaux, candidat)
        autre = candidat_a(lieux["merignac"])
        services.preselectionner(structure=bordeaux, candidat_id=autre.pk)
        with pytest.raises(ActionImpossible, match="Aucun poste attribué n’est libre"):
            services.valider_candidature(structure=bordeaux, candidat_id=autre.pk, **contrat())
        assert MiseEnRelation.objects.get(candidat=autre).statut == rules.INTERESSEE
        # A coordinator post is not a conseiller post.
        ajouter_postes(bordeaux, 1, type_poste=TypePoste.COORDINATEUR)
        with pytest.raises(ActionImpossible, match="Aucun poste"):
            services.valider_candidature(structure=bordeaux, candidat_id=autre.pk, **contrat())
        mer = services.valider_candidature(
            structure=bordeaux,
            candidat_id=autre.pk,
            type_poste=TypePoste.COORDINATEUR,
            **contrat(),
        )
        assert mer.poste.type == TypePoste.COORDINATEUR

    def test_il_faut_une_preselection(self, bordeaux, candidat):
        with pytest.raises(ActionImpossible, match="Présélectionnez d’abord"):
            services.valider_candidature(structure=bordeaux, candidat_id=candidat.pk, **contrat())
        services.ne_pas_retenir(structure=bordeaux, candidat_id=candidat.pk)
        with pytest.raises(ActionImpossible, match="Présélectionnez d’abord"):
            services.valider_candidature(structure=bordeaux, candidat_id=candidat.pk, **contrat())

    def test_pas_deja_recrute_ailleurs(self, bordeaux, candidat, lieux):
        libourne = structure_avec_postes(lieux["libourne"])
        services.preselectionner(structure=libourne, candidat_id=candidat.pk)
        recrute(bordeaux, candidat)
        with pytest.raises(ActionImpossible, match="déjà recruté par une autre structure"):
            services.valider_candidature(structure=libourne, candidat_id=candidat.pk, **contrat())
        with pytest.raises(ActionImpossible, match="déjà recruté"):
            services.preselectionner(
                structure=structure_avec_postes(lieux["libourne"]), candidat_id=candidat.pk
            )

    def test_contrat_invalide_rien_n_est_enregistre(self, bordeaux, candidat, courriels):
        services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        with courriels.envoi(), pytest.raises(ContratInvalide) as erreur:
            services.valider_candidature(
                structure=bordeaux,
                candidat_id=candidat.pk,
                **contrat(salaire=Decimal("1500.00"), type_contrat="cdi"),
            )
        assert set(erreur.value.erreurs) == {"salaire", "duree_mois"}
        assert "SMIC" in erreur.value.erreurs["salaire"]
        assert MiseEnRelation.objects.get().statut == rules.INTERESSEE
        assert not DossierSubvention.objects.exists()
        assert courriels.outbox == []

    def test_annuler_la_validation_libere_le_poste(self, bordeaux, candidat, lieux):
        mer = recrute(bordeaux, candidat)
        services.annuler_validation(mer.pk, structure_id=bordeaux.pk)
        mer.refresh_from_db()
        assert mer.statut == rules.INTERESSEE and mer.poste is None and mer.type_contrat == ""
        assert DossierSubvention.objects.get().statut == "annule"
        assert selectors.etat_postes(bordeaux.pk).libres == 1
        # The freed post goes to another candidate.
        autre = recrute(bordeaux, candidat_a(lieux["merignac"]))
        assert autre.poste == Poste.objects.get(structure=bordeaux)
        # A structure cannot cancel another structure's validation.
        with pytest.raises(ActionImpossible, match="pas celle de votre structure"):
            services.annuler_validation(autre.pk, structure_id=bordeaux.pk + 1000)

    def test_l_anct_annule_et_previent_la_structure(self, bordeaux, candidat, courriels):
        gestionnaire(bordeaux)
        mer = recrute(bordeaux, candidat)
        with courriels.envoi():
            services.annuler_validation(mer.pk, acteur=rules.ANCT, motif="Contrat non transmis")
        (message,) = courriels.outbox
        assert "annulé" in message.subject and "Contrat non transmis" in message.body
        mer.refresh_from_db()
        assert historique(mer)[-1] == (rules.RECRUTEE, rules.INTERESSEE, rules.ANCT)


@pytest.mark.django_db
class TestRecrutementValide:
    def test_finaliser(self, bordeaux, candidat, lieux, courriels):
        autres = [structure_avec_postes(lieux["libourne"]) for _ in range(3)]
        services.preselectionner(structure=autres[0], candidat_id=candidat.pk)
        services.ne_pas_retenir(structure=autres[1], candidat_id=candidat.pk)
        MiseEnRelationFactory(candidat=candidat, structure=autres[2], statut=rules.NOUVELLE)
        mer = recrute(bordeaux, candidat)
        with courriels.envoi():
            services.finaliser_recrutement(mer.pk)
        mer.refresh_from_db()
        candidat.refresh_from_db()
        assert mer.statut == rules.FINALISEE and mer.finalisee_le
        assert mer.poste.etat == EtatPoste.OCCUPE
        assert candidat.statut == Candidat.Statut.RECRUTE
        fermes = MiseEnRelation.objects.exclude(pk=mer.pk)
        assert set(fermes.values_list("statut", flat=True)) == {rules.FINALISEE_NON_DISPONIBLE}
        for autre in fermes:
            assert historique(autre)[-1][1:] == (rules.FINALISEE_NON_DISPONIBLE, rules.SYSTEME)
        assert "Votre recrutement est validé" in [
            m.subject.split("] ")[1] for m in courriels.outbox
        ]
        # Recruited: out of every structure's matches.
        assert candidat.pk not in selectors.plus_proches_nouvelles(selectors.offre(autres[0])).ids
        # The same candidate may now be approached again by no one.
        with pytest.raises(ActionImpossible, match="déjà recruté"):
            services.preselectionner(structure=autres[0], candidat_id=candidat.pk)

    def test_transitions_interdites_par_les_services(self, bordeaux, candidat):
        services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        mer = MiseEnRelation.objects.get()
        with pytest.raises(ActionImpossible, match="ne peut pas passer à « Candidat recruté »"):
            services.finaliser_recrutement(mer.pk)
        with pytest.raises(ActionImpossible, match="ne peut pas passer"):
            services.declarer_rupture(mer.pk, date_rupture=AUJOURD_HUI(), motif="demission")
        with pytest.raises(ActionImpossible, match="ne peut pas passer"):
            services.valider_rupture(mer.pk)
        with pytest.raises(ActionImpossible, match="Seul un contrat en cours"):
            services.initier_renouvellement(mer.pk, **_sans_fiche(contrat()))
        mer.refresh_from_db()
        assert mer.statut == rules.INTERESSEE

    def test_rupture_puis_retour_au_vivier_deja_forme(self, bordeaux, candidat):
        # A contract that started a month ago (job description published long before).
        mer = recrute(
            bordeaux,
            candidat,
            fiche_publiee_le=AUJOURD_HUI() - timedelta(days=100),
            date_debut=AUJOURD_HUI() - timedelta(days=30),
        )
        services.finaliser_recrutement(mer.pk)
        with pytest.raises(ActionImpossible, match="précéder"):
            services.declarer_rupture(
                mer.pk, date_rupture=AUJOURD_HUI() - timedelta(days=31), motif="demission"
            )
        with pytest.raises(ActionImpossible, match="motif"):
            services.declarer_rupture(mer.pk, date_rupture=AUJOURD_HUI(), motif="inconnu")
        services.declarer_rupture(
            mer.pk, date_rupture=AUJOURD_HUI() + timedelta(days=5), motif="demission"
        )
        with pytest.raises(ActionImpossible, match="qu’à sa date"):
            services.valider_rupture(mer.pk)
        services.annuler_rupture(mer.pk)
        mer.refresh_from_db()
        assert mer.statut == rules.FINALISEE and mer.date_rupture is None
        services.declarer_rupture(mer.pk, date_rupture=AUJOURD_HUI(), motif="demission")
        services.valider_rupture(mer.pk)
        mer.refresh_from_db()
        candidat.refresh_from_db()
        assert mer.statut == rules.FINALISEE_RUPTURE
        assert [h[1] for h in historique(mer)] == [
            rules.INTERESSEE,
            rules.RECRUTEE,
            rules.FINALISEE,
            rules.NOUVELLE_RUPTURE,
            rules.FINALISEE,
            rules.NOUVELLE_RUPTURE,
            rules.FINALISEE_RUPTURE,
        ]
        assert Poste.objects.get(pk=mer.poste_id).etat == EtatPoste.VACANT
        assert candidat.statut == Candidat.Statut.DISPONIBLE
        # Back in the pool, as a former advisor, for other structures and for this one.
        o = selectors.offre(bordeaux)
        assert candidat.pk in selectors.plus_proches_nouvelles(o).ids
        assert selectors.lignes(o, [candidat.pk])[0].deja_forme
        nouveau = services.preselectionner(structure=bordeaux, candidat_id=candidat.pk)
        assert nouveau.pk != mer.pk

    def test_renouvellement(self, bordeaux, candidat):
        mer = recrute(bordeaux, candidat)
        services.finaliser_recrutement(mer.pk)
        nouveau = services.initier_renouvellement(
            mer.pk,
            type_contrat="cdi",
            date_debut=AUJOURD_HUI() + timedelta(days=20),
            duree_mois=None,
            salaire=Decimal("2100.00"),
        )
        assert nouveau.statut == rules.RENOUVELLEMENT_INITIEE and nouveau.renouvelle == mer
        assert (
            services.initier_renouvellement(
                mer.pk, type_contrat="cdi", date_debut=AUJOURD_HUI(), duree_mois=None, salaire=2100
            )
            == nouveau
        )
        services.valider_renouvellement(nouveau.pk)
        mer.refresh_from_db()
        nouveau.refresh_from_db()
        assert (mer.statut, nouveau.statut) == (rules.TERMINEE, rules.FINALISEE)
        assert nouveau.poste_id == mer.poste_id
        with pytest.raises(ActionImpossible, match="pas un renouvellement en cours"):
            services.valider_renouvellement(mer.pk)

    def test_fin_de_contrat_naturelle(self, bordeaux, candidat):
        mer = recrute(bordeaux, candidat)
        services.finaliser_recrutement(mer.pk)
        mer.refresh_from_db()
        assert services.terminer_contrats_echus(mer.date_fin_contrat) == 0
        assert services.terminer_contrats_echus(mer.date_fin_contrat + timedelta(days=1)) == 1
        assert services.terminer_contrats_echus(mer.date_fin_contrat + timedelta(days=2)) == 0
        mer.refresh_from_db()
        candidat.refresh_from_db()
        assert mer.statut == rules.TERMINEE_NATURELLE
        assert mer.poste.etat == EtatPoste.VACANT
        assert candidat.statut == Candidat.Statut.DISPONIBLE


def _sans_fiche(valeurs):
    return {k: v for k, v in valeurs.items() if k not in ("taille_tenue", "fiche_publiee_le")}


@pytest.mark.django_db
class TestContraintes:
    """The database refuses what the services never do."""

    def test_un_seul_lien_vivant_par_candidat_et_structure(self, bordeaux, candidat):
        MiseEnRelationFactory(candidat=candidat, structure=bordeaux)
        with pytest.raises(IntegrityError), transaction.atomic():
            MiseEnRelationFactory(candidat=candidat, structure=bordeaux, statut=rules.NOUVELLE)
        # A closed one does not count.
        MiseEnRelation.objects.update(statut=rules.FINALISEE_NON_DISPONIBLE)
        MiseEnRelationFactory(candidat=candidat, structure=bordeaux)

    def test_un_seul_recrutement_par_candidat_et_par_poste(self, bordeaux, candidat, lieux):
        mer = recrute(bordeaux, candidat)
        autre = structure_avec_postes(lieux["libourne"])
        champs = {
            f: getattr(mer, f)
            for f in (
                "type_contrat",
                "date_debut_contrat",
                "duree_contrat_mois",
                "date_fin_contrat",
                "salaire_brut_mensuel",
                "taille_tenue",
                "fiche_poste_publiee_le",
                "validee_le",
            )
        }
        with (
            pytest.raises(IntegrityError, match="mer_un_recrutement_par_candidat"),
            transaction.atomic(),
        ):
            MiseEnRelationFactory(
                candidat=candidat,
                structure=autre,
                statut=rules.RECRUTEE,
                poste=Poste.objects.filter(structure=autre).first(),
                **champs,
            )
        with (
            pytest.raises(IntegrityError, match="mer_un_recrutement_par_poste"),
            transaction.atomic(),
        ):
            MiseEnRelationFactory(
                candidat=candidat_a(lieux["merignac"]),
                structure=bordeaux,
                statut=rules.RECRUTEE,
                poste=mer.poste,
                **champs,
            )
        with pytest.raises(IntegrityError, match="mer_contrat_complet"), transaction.atomic():
            MiseEnRelation.objects.filter(pk=mer.pk).update(taille_tenue="")
        with (
            pytest.raises(IntegrityError, match="mer_recrutement_sur_un_poste"),
            transaction.atomic(),
        ):
            MiseEnRelation.objects.filter(pk=mer.pk).update(poste=None)


@pytest.mark.django_db
class TestRappels:
    def test_rappels_une_fois_par_seuil(self, lieux, courriels):
        dans_25_jours = AUJOURD_HUI() + timedelta(days=25)
        s = structure_avec_postes(lieux["bordeaux"], postes=2, recruter_avant=dans_25_jours)
        gestionnaire(s)
        gestionnaire(s)
        structure_avec_postes(lieux["libourne"], recruter_avant=AUJOURD_HUI() + timedelta(days=45))
        # Simulation: nothing sent, nothing recorded.
        with courriels.envoi():
            dus = services.envoyer_rappels()
        assert [(x.pk, e, j) for x, e, j in dus] == [(s.pk, dans_25_jours, 30)]
        assert not courriels.outbox and not RappelRecrutement.objects.exists()
        with courriels.envoi():
            services.envoyer_rappels(executer=True)
        (message,) = courriels.outbox
        assert len(message.to) == 2
        assert "Plus que 25 jours pour recruter" in message.subject
        assert "2 postes attribués" in message.body
        with courriels.envoi():
            assert services.envoyer_rappels(executer=True) == []
        assert len(courriels.outbox) == 1
        # A week before: the second reminder.
        with courriels.envoi():
            services.envoyer_rappels(aujourd_hui=dans_25_jours - timedelta(days=6), executer=True)
        assert len(courriels.outbox) == 2
        assert RappelRecrutement.objects.filter(structure=s).count() == 2

    def test_pas_de_rappel_quand_les_postes_sont_pourvus(self, lieux, candidat):
        s = structure_avec_postes(
            lieux["bordeaux"], postes=1, recruter_avant=AUJOURD_HUI() + timedelta(days=5)
        )
        recrute(s, candidat)
        assert services.envoyer_rappels() == []

    def test_commande(self, lieux, courriels, capsys):
        s = structure_avec_postes(
            lieux["bordeaux"], recruter_avant=AUJOURD_HUI() + timedelta(days=3)
        )
        gestionnaire(s)
        call_command("rappels_recrutement")
        sortie = capsys.readouterr().out
        assert "1 rappel(s) à envoyer" in sortie and "rappel J-7" in sortie
        assert not RappelRecrutement.objects.exists()
        with courriels.envoi():
            call_command("rappels_recrutement", "--execute")
        assert "1 rappel(s) envoyé(s)" in capsys.readouterr().out
        call_command("rappels_recrutement", "--execute")
        assert "0 rappel(s) envoyé(s)" in capsys.readouterr().out
        assert len(courriels.outbox) == 1


# --- Concurrent requests (real transactions, two threads) ----------------------------------------


def en_parallele(*actions):
    barriere = threading.Barrier(len(actions))
    resultats = [None] * len(actions)

    def lancer(i, action):
        try:
            barriere.wait()
            action()
            resultats[i] = "ok"
        except ActionImpossible as erreur:
            resultats[i] = str(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(i, a)) for i, a in enumerate(actions)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return resultats


@pytest.mark.django_db(transaction=True)
def test_deux_structures_valident_le_meme_candidat_en_meme_temps(lieux):
    a = structure_avec_postes(lieux["bordeaux"])
    b = structure_avec_postes(lieux["libourne"])
    c = candidat_a(lieux["merignac"])
    services.preselectionner(structure=a, candidat_id=c.pk)
    services.preselectionner(structure=b, candidat_id=c.pk)
    resultats = en_parallele(
        lambda: services.valider_candidature(structure=a, candidat_id=c.pk, **contrat()),
        lambda: services.valider_candidature(structure=b, candidat_id=c.pk, **contrat()),
    )
    assert sorted(resultats) == ["Ce candidat est déjà recruté par une autre structure.", "ok"]
    assert MiseEnRelation.objects.filter(candidat=c, statut=rules.RECRUTEE).count() == 1
    assert DossierSubvention.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_double_clic_sur_valider(lieux):
    s = structure_avec_postes(lieux["bordeaux"], postes=2)
    c = candidat_a(lieux["merignac"])
    services.preselectionner(structure=s, candidat_id=c.pk)
    resultats = en_parallele(
        lambda: services.valider_candidature(structure=s, candidat_id=c.pk, **contrat()),
        lambda: services.valider_candidature(structure=s, candidat_id=c.pk, **contrat()),
    )
    assert resultats == ["ok", "ok"]
    assert MiseEnRelation.objects.get().statut == rules.RECRUTEE
    assert DossierSubvention.objects.count() == 1
    assert HistoriqueMiseEnRelation.objects.filter(vers=rules.RECRUTEE).count() == 1
    assert selectors.etat_postes(s.pk).libres == 1


@pytest.mark.django_db(transaction=True)
def test_deux_candidats_pour_le_dernier_poste(lieux):
    s = structure_avec_postes(lieux["bordeaux"], postes=1)
    c1, c2 = candidat_a(lieux["merignac"]), candidat_a(lieux["libourne"], distance_max=40)
    for c in (c1, c2):
        services.preselectionner(structure=s, candidat_id=c.pk)
    resultats = en_parallele(
        lambda: services.valider_candidature(structure=s, candidat_id=c1.pk, **contrat()),
        lambda: services.valider_candidature(structure=s, candidat_id=c2.pk, **contrat()),
    )
    assert (
        sorted(resultats)[1] == "ok" and "Aucun poste attribué n’est libre" in sorted(resultats)[0]
    )
    assert MiseEnRelation.objects.filter(statut=rules.RECRUTEE).count() == 1


def test_la_regle_de_delai_en_vigueur_se_regle(settings):
    from datetime import date

    assert services.echeance_recrutement(date(2026, 3, 12)) == date(2026, 6, 12)
    settings.RECRUTEMENT_REGLE_DELAI = "ami-2020"
    assert services.echeance_recrutement(date(2026, 3, 12)) == date(2026, 4, 11)
    settings.RECRUTEMENT_REGLE_DELAI = "guide-2021"
    assert services.echeance_recrutement(date(2026, 3, 12)) == date(2026, 5, 12)
