"""Employment contracts: opened by the recruitment's validation, broken, renewed, extended,
ended; the database keeps one running contract per post and none on a returned post."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from candidats.models import Candidat
from comptes.models import Evenement, Habilitation, Invitation
from comptes.roles import Role
from comptes.services import ActionImpossible
from comptes.tests.factories import habilitation
from conventions import contrats
from conventions.choix import EtatPoste, StatutContrat
from conventions.models import Contrat, Poste
from instruction.services import situation
from recrutement import rules
from recrutement import services as recrutement

from .factories import contrat_de, il_y_a, recrutement_finalise, recrutement_valide

PASSE = {"date_debut": il_y_a(60), "fiche_publiee_le": il_y_a(100)}


@pytest.mark.django_db
class TestOuverture:
    def test_la_validation_du_recrutement_ouvre_le_contrat_et_invite_le_conseiller(
        self, bordeaux, courriels
    ):
        mer = recrutement_valide(commune=bordeaux, type_contrat="cdd", duree_mois=18)
        assert not Contrat.objects.exists()
        anct = habilitation(Role.ANCT).utilisateur
        with courriels.envoi():
            recrutement.finaliser_recrutement(mer.pk, par=anct, notifier=False)
        c = contrat_de(mer)
        assert c.statut == StatutContrat.EN_COURS
        assert (c.poste_id, c.structure_id, c.type_contrat) == (
            mer.poste_id,
            mer.structure_id,
            "cdd",
        )
        assert c.date_fin == mer.date_fin_contrat and c.salaire_brut_mensuel == Decimal("1950.00")
        assert Poste.objects.get(pk=c.poste_id).etat == EtatPoste.OCCUPE
        invitation = Invitation.objects.get(role=Role.CONSEILLER)
        assert invitation.structure_id == mer.structure_id
        assert invitation.email == mer.candidat.utilisateur.email
        [message] = [m for m in courriels.outbox if mer.candidat.utilisateur.email in m.to]
        assert "invité" in message.subject and "/comptes/" in message.body
        assert Evenement.objects.filter(action="conventions.contrat_ouvert").count() == 1
        assert situation(mer.structure).contrats_en_cours == 1

    def test_sans_valideur_ni_gestionnaire_la_plateforme_invite_le_conseiller(
        self, bordeaux, courriels
    ):
        mer = recrutement_valide(commune=bordeaux)
        Habilitation.objects.filter(role=Role.STRUCTURE, structure=mer.structure).update(
            active=False
        )
        with courriels.envoi():
            recrutement.finaliser_recrutement(mer.pk, par=None, notifier=False)
        invitation = Invitation.objects.get(role=Role.CONSEILLER)
        assert invitation.invite_par is None
        [message] = [m for m in courriels.outbox if mer.candidat.utilisateur.email in m.to]
        assert "L’équipe Conseiller numérique vous invite" in message.body

    def test_un_cdi_n_a_pas_de_fin_et_les_autres_en_ont_une(self, bordeaux):
        c = contrat_de(recrutement_finalise(commune=bordeaux, type_contrat="cdi", duree_mois=None))
        assert c.date_fin is None
        with pytest.raises(IntegrityError), transaction.atomic():
            Contrat.objects.filter(pk=c.pk).update(date_fin=timezone.localdate())
        with pytest.raises(IntegrityError), transaction.atomic():
            Contrat.objects.filter(pk=c.pk).update(type_contrat="cdd")
        with pytest.raises(IntegrityError), transaction.atomic():
            Contrat.objects.filter(pk=c.pk).update(salaire_brut_mensuel=0)

    def test_deux_contrats_en_cours_sur_un_poste_sont_refuses_par_la_base(self, bordeaux):
        c = contrat_de(recrutement_finalise(commune=bordeaux))
        autre = contrat_de(recrutement_finalise(commune=bordeaux))
        with (
            pytest.raises(IntegrityError, match="contrat_un_en_cours_par_poste"),
            transaction.atomic(),
        ):
            Contrat.objects.filter(pk=autre.pk).update(poste=c.poste)

    def test_un_poste_rendu_ne_porte_pas_de_contrat(self, bordeaux):
        c = contrat_de(recrutement_finalise(commune=bordeaux))
        with (
            pytest.raises(IntegrityError, match="poste_rendu_sans_contrat"),
            transaction.atomic(),
        ):
            Poste.objects.filter(pk=c.poste_id).update(
                etat=EtatPoste.RENDU, date_rendu=timezone.localdate()
            )
        Contrat.objects.filter(pk=c.pk).update(statut=StatutContrat.TERMINE, clos_le=timezone.now())
        Poste.objects.filter(pk=c.poste_id).update(
            etat=EtatPoste.RENDU, date_rendu=timezone.localdate()
        )
        with (
            pytest.raises(IntegrityError, match="contrat_poste_non_rendu"),
            transaction.atomic(),
        ):
            Contrat.objects.filter(pk=c.pk).update(statut=StatutContrat.EN_COURS, clos_le=None)


@pytest.mark.django_db
class TestRupture:
    def test_rupture_validee_libere_le_poste_et_rend_le_conseiller_au_vivier(
        self, bordeaux, courriels
    ):
        mer = recrutement_finalise(commune=bordeaux, **PASSE)
        c = contrat_de(mer)
        Habilitation.objects.create(
            utilisateur=mer.candidat.utilisateur, role=Role.CONSEILLER, structure=mer.structure
        )
        recrutement.declarer_rupture(
            mer.pk, date_rupture=il_y_a(1), motif="demission", structure_id=mer.structure_id
        )
        c.refresh_from_db()
        assert c.statut == StatutContrat.EN_COURS  # waiting for the national team
        with courriels.envoi():
            recrutement.valider_rupture(mer.pk)
        [message] = [m for m in courriels.outbox if "Rupture de contrat validée" in m.subject]
        assert f"validée au {il_y_a(1):%d/%m/%Y} (motif : Démission)" in message.body
        assert "Le poste est de nouveau vacant" in message.body
        c.refresh_from_db()
        assert (c.statut, c.date_rupture, c.motif_rupture) == (
            StatutContrat.ROMPU,
            il_y_a(1),
            "demission",
        )
        assert Poste.objects.get(pk=c.poste_id).etat == EtatPoste.VACANT
        assert Candidat.objects.get(pk=mer.candidat_id).statut == Candidat.Statut.DISPONIBLE
        assert not Habilitation.objects.get(role=Role.CONSEILLER).active
        assert Invitation.objects.get(role=Role.CONSEILLER).est_expiree
        # History kept: the post can carry a new contract, the old one stays.
        suivant = recrutement_finalise(mer.structure)
        assert suivant.poste_id == c.poste_id
        assert list(Poste.objects.get(pk=c.poste_id).contrats.values_list("statut", flat=True)) == [
            StatutContrat.EN_COURS,
            StatutContrat.ROMPU,
        ]

    def test_rupture_apres_la_fin_du_contrat_refusee(self, bordeaux):
        mer = recrutement_finalise(commune=bordeaux, duree_mois=3, **PASSE)
        with pytest.raises(ActionImpossible, match="postérieure à la fin"):
            recrutement.declarer_rupture(
                mer.pk, date_rupture=mer.date_fin_contrat + timedelta(days=1), motif="demission"
            )

    def test_rupture_annulee(self, bordeaux):
        mer = recrutement_finalise(commune=bordeaux, **PASSE)
        recrutement.declarer_rupture(mer.pk, date_rupture=il_y_a(1), motif="licenciement")
        recrutement.annuler_rupture(mer.pk)
        mer.refresh_from_db()
        assert mer.statut == rules.FINALISEE and contrat_de(mer).en_cours


@pytest.mark.django_db
class TestRenouvellementEtFin:
    def test_renouveler_cree_un_contrat_qui_clot_le_precedent(self, bordeaux):
        mer = recrutement_finalise(commune=bordeaux, **PASSE)
        ancien = contrat_de(mer)
        nouveau = recrutement.initier_renouvellement(
            mer.pk,
            type_contrat="cdi",
            date_debut=timezone.localdate() + timedelta(days=10),
            duree_mois=None,
            salaire=Decimal("2100"),
        )
        recrutement.valider_renouvellement(nouveau.pk)
        ancien.refresh_from_db()
        suivant = contrat_de(nouveau)
        assert ancien.statut == StatutContrat.RENOUVELE
        assert (suivant.renouvelle, suivant.type_contrat, suivant.poste_id) == (
            ancien,
            "cdi",
            ancien.poste_id,
        )
        assert Contrat.objects.en_cours().count() == 1

    def test_fin_naturelle(self, bordeaux):
        mer = recrutement_finalise(commune=bordeaux, duree_mois=1, **PASSE)
        assert recrutement.terminer_contrats_echus() == 1
        c = contrat_de(mer)
        assert c.statut == StatutContrat.TERMINE
        assert Poste.objects.get(pk=c.poste_id).etat == EtatPoste.VACANT


@pytest.mark.django_db
class TestProlongation:
    def test_demander_puis_valider(self, bordeaux, courriels):
        mer = recrutement_finalise(commune=bordeaux, duree_mois=12)
        c = contrat_de(mer)
        souhaitee = c.date_fin + timedelta(days=180)
        demande = contrats.demander_prolongation(
            c.pk, fin_souhaitee=souhaitee, structure_id=mer.structure_id
        )
        # A double click: the same request.
        assert (
            contrats.demander_prolongation(
                c.pk, fin_souhaitee=souhaitee, structure_id=mer.structure_id
            )
            == demande
        )
        with courriels.envoi():
            contrats.traiter_prolongation(demande.pk, valider=True)
        c.refresh_from_db()
        mer.refresh_from_db()
        assert c.date_fin == souhaitee == mer.date_fin_contrat
        [message] = [m for m in courriels.outbox if "Prolongation de contrat validée" in m.subject]
        assert f"jusqu’au {souhaitee:%d/%m/%Y} est validée" in message.body

    @pytest.mark.parametrize(
        "decalage,message", [(0, "doit suivre"), (-10, "doit suivre"), (3000, "au plus")]
    )
    def test_fin_souhaitee_invalide(self, bordeaux, decalage, message):
        c = contrat_de(recrutement_finalise(commune=bordeaux, duree_mois=12))
        with pytest.raises(ActionImpossible, match=message):
            contrats.demander_prolongation(
                c.pk, fin_souhaitee=c.date_fin + timedelta(days=decalage)
            )
        assert not c.prolongations.exists()

    def test_un_cdi_ne_se_prolonge_pas(self, bordeaux):
        c = contrat_de(recrutement_finalise(commune=bordeaux, type_contrat="cdi", duree_mois=None))
        with pytest.raises(ActionImpossible, match="CDI"):
            contrats.demander_prolongation(c.pk, fin_souhaitee=timezone.localdate())

    def test_une_autre_structure_ne_touche_pas_au_contrat(self, bordeaux):
        c = contrat_de(recrutement_finalise(commune=bordeaux, duree_mois=12))
        with pytest.raises(ActionImpossible, match="n’existe pas"):
            contrats.demander_prolongation(
                c.pk, fin_souhaitee=c.date_fin + timedelta(days=30), structure_id=c.structure_id + 1
            )


def _en_parallele(*actions):
    barriere = threading.Barrier(len(actions))
    erreurs = []

    def lancer(action):
        try:
            barriere.wait()
            with transaction.atomic():
                action()
        except Exception as erreur:
            erreurs.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(a,)) for a in actions]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return erreurs


@pytest.mark.django_db(transaction=True)
def test_rendre_un_poste_pendant_qu_un_contrat_s_ouvre(bordeaux):
    """Two transactions at once: one opens a contract on a vacant post, the other returns
    it (each passing its own check). The trigger's share lock makes one wait: exactly one
    succeeds, and no returned post holds a running contract."""
    for _ in range(4):
        mer = recrutement_valide(commune=bordeaux)
        poste = Poste.objects.get(pk=mer.poste_id)
        erreurs = _en_parallele(
            lambda mer=mer: contrats.ouvrir_contrat(mer),
            lambda poste=poste: Poste.objects.filter(pk=poste.pk).update(
                etat=EtatPoste.RENDU, date_rendu=timezone.localdate()
            ),
        )
        assert len(erreurs) == 1, erreurs
        assert not Contrat.objects.en_cours().filter(poste__etat=EtatPoste.RENDU).exists()


@pytest.mark.django_db(transaction=True)
def test_deux_contrats_simultanes_sur_un_poste(bordeaux):
    """Two contracts opened at once on the same post: the partial unique index keeps one."""
    a = recrutement_valide(commune=bordeaux, postes=2)
    b = recrutement_valide(a.structure)
    b.poste_id = a.poste_id  # both aim at the same post (a path that forgot its lock)
    erreurs = _en_parallele(
        lambda: contrats.ouvrir_contrat(a),
        lambda: contrats.ouvrir_contrat(b),
    )
    assert [str(e) for e in erreurs] == ["Un contrat est déjà en cours sur ce poste."]
    assert Contrat.objects.filter(poste_id=a.poste_id).count() == 1
