"""Training services against the database: assignment on recruitment, positioning, sessions
and the 8-learner rule, end of training and prise de poste, modules, the tranche gate."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from comptes.models import Evenement
from comptes.services import ActionImpossible
from conventions.choix import TypePoste
from formation import rules as R
from formation import selectors, services
from formation.conditions import inscription_en_formation
from formation.models import Apprenant, ModuleSuivi, Presence
from recrutement import services as recrutement
from recrutement.tests.factories import candidat_a, contrat, gestionnaire

from .factories import (
    ApprenantFactory,
    OrganismeFormationFactory,
    apprenant_positionne,
    centre,
    inscrits,
    recrutement_finalise,
    session,
    structure_a,
)

AUJOURD_HUI = timezone.localdate


def sujets(courriels):
    return sorted(m.subject.split("] ")[1] for m in courriels.outbox)


@pytest.fixture
def organisme(db):
    return OrganismeFormationFactory(nom="Campus Rhône", departements=["69", "01"])


@pytest.mark.django_db
class TestRattachement:
    def test_le_recrutement_valide_rattache_a_l_organisme_du_departement(
        self, organisme, courriels
    ):
        OrganismeFormationFactory(departements=["33"])
        structure = structure_a("69")
        gestionnaire(structure)
        candidat = candidat_a(structure.commune)
        recrutement.preselectionner(structure=structure, candidat_id=candidat.pk)
        mer = recrutement.valider_candidature(
            structure=structure, candidat_id=candidat.pk, notifier=False, **contrat()
        )
        with courriels.envoi():
            recrutement.finaliser_recrutement(mer.pk)
        apprenant = Apprenant.objects.get(mise_en_relation=mer)
        assert (apprenant.organisme, apprenant.etat) == (organisme, R.A_POSITIONNER)
        assert apprenant.utilisateur == candidat.utilisateur
        assert sujets(courriels).count("Votre organisme de formation") == 2  # advisor, structure
        assert any("Campus Rhône va vous contacter" in m.body for m in courriels.outbox)
        # Idempotent: a second signal changes nothing.
        assert services.rattacher(mer) == apprenant
        assert Apprenant.objects.count() == 1
        assert Evenement.objects.filter(action="formation.rattachement").count() == 1

    def test_sans_organisme_sur_le_territoire_l_apprenant_est_a_affecter(self, organisme):
        apprenant = services.rattacher(recrutement_finalise(structure_a("33")))
        assert apprenant.organisme is None
        assert selectors.filtrer(Apprenant.objects.all(), sans_organisme=True).count() == 1

    def test_un_coordinateur_est_dispense_et_prend_son_poste(self, organisme):
        mer = recrutement_finalise(structure_a("69"), type_poste=TypePoste.COORDINATEUR)
        apprenant = services.rattacher(mer)
        assert apprenant.coordinateur and apprenant.etat == R.DISPENSE
        assert apprenant.motif_dispense == R.MOTIF_COORDINATEUR
        assert selectors.prise_de_poste(mer.pk) == mer.date_debut_contrat

    def test_reaffectation_par_l_anct(self, organisme, courriels):
        apprenant = ApprenantFactory(organisme=organisme)
        autre = OrganismeFormationFactory(nom="Atelier Ain")
        with pytest.raises(ActionImpossible, match="motif"):
            services.reaffecter(apprenant.pk, autre.pk, motif=" ")
        with courriels.envoi():
            services.reaffecter(apprenant.pk, autre.pk, motif="Centre plus proche")
        assert "Atelier Ain va vous contacter" in courriels.outbox[0].body
        apprenant.refresh_from_db()
        assert apprenant.organisme == autre
        evenement = Evenement.objects.get(action="formation.reaffectation")
        assert evenement.details["motif"] == "Centre plus proche"


@pytest.mark.django_db
class TestPositionnement:
    def test_le_score_fixe_le_parcours(self, organisme):
        apprenant = ApprenantFactory(organisme=organisme)
        services.positionner(
            apprenant.pk, scope=organisme.pk, score=55, le=AUJOURD_HUI(), modules=["securite"]
        )
        apprenant.refresh_from_db()
        assert (apprenant.etat, apprenant.parcours) == (R.POSITIONNE, "2024_175")
        assert apprenant.modules_choisis == ["securite"]
        assert Evenement.objects.get(action="formation.positionnement").details["score"] == 55

    def test_autre_parcours_sans_motif_refuse_sans_rien_changer(self, organisme):
        apprenant = ApprenantFactory(organisme=organisme)
        with pytest.raises(ActionImpossible, match="indiquez pourquoi"):
            services.positionner(
                apprenant.pk, scope=organisme.pk, score=90, le=AUJOURD_HUI(), parcours="2024_315"
            )
        apprenant.refresh_from_db()
        assert apprenant.etat == R.A_POSITIONNER and apprenant.parcours == ""
        services.positionner(
            apprenant.pk,
            scope=organisme.pk,
            score=90,
            le=AUJOURD_HUI(),
            parcours="2024_315",
            motif="Souhaite le parcours long",
        )
        apprenant.refresh_from_db()
        assert apprenant.parcours == "2024_315"

    @pytest.mark.parametrize(
        "kwargs, message",
        [
            ({"score": 101}, "de 0 à 100"),
            ({"score": 50, "le": "demain"}, "futur"),
            ({"score": 50, "modules": ["securite", "sante", "budget"]}, "2 modules"),
            ({"score": 50, "modules": ["inconnu"]}, "catalogue"),
        ],
    )
    def test_saisies_refusees(self, organisme, kwargs, message):
        apprenant = ApprenantFactory(organisme=organisme)
        le = AUJOURD_HUI() + timedelta(days=1) if kwargs.pop("le", None) else AUJOURD_HUI()
        with pytest.raises(ActionImpossible, match=message):
            services.positionner(apprenant.pk, scope=organisme.pk, le=le, **kwargs)

    def test_un_autre_organisme_ne_trouve_pas_l_apprenant(self, organisme):
        apprenant = ApprenantFactory(organisme=organisme)
        with pytest.raises(ActionImpossible, match="n’existe pas"):
            services.positionner(
                apprenant.pk, scope=OrganismeFormationFactory().pk, score=50, le=AUJOURD_HUI()
            )

    def test_dispense_du_titulaire_du_titre(self, organisme, courriels):
        apprenant = ApprenantFactory(organisme=organisme)
        with courriels.envoi():
            services.dispenser(apprenant.pk, scope=organisme.pk, le=AUJOURD_HUI())
        apprenant.refresh_from_db()
        assert apprenant.etat == R.DISPENSE and apprenant.motif_dispense == R.MOTIF_TITRE_REMN
        assert selectors.prise_de_poste(apprenant.mise_en_relation_id) == AUJOURD_HUI()
        assert "Dispense de formation initiale" in sujets(courriels)


@pytest.mark.django_db
class TestSessions:
    def test_inscription_previent_le_conseiller_et_la_structure(self, organisme, courriels):
        s = session(organisme, centre=centre(organisme))
        apprenant = apprenant_positionne(organisme)
        gestionnaire(apprenant.mise_en_relation.structure)
        with courriels.envoi():
            services.inscrire(apprenant.pk, s.pk, scope=organisme.pk)
        apprenant.refresh_from_db()
        assert (apprenant.etat, apprenant.session) == (R.INSCRIT, s)
        assert sujets(courriels) == ["Inscription en formation"] * 2
        assert any("laisser partir" in m.body for m in courriels.outbox)

    @pytest.mark.parametrize(
        "parcours, capacite, message",
        [("2024_315", 5, "autre parcours"), ("2024_70", 1, "complète")],
    )
    def test_inscription_refusee(self, organisme, parcours, capacite, message):
        s = session(organisme, parcours=parcours, capacite=capacite)
        inscrits(organisme, s, 1 if message == "complète" else 0)
        apprenant = apprenant_positionne(organisme)
        with pytest.raises(ActionImpossible, match=message):
            services.inscrire(apprenant.pk, s.pk, scope=organisme.pk)
        apprenant.refresh_from_db()
        assert apprenant.etat == R.POSITIONNE and apprenant.session is None

    @pytest.mark.parametrize(
        "nombres, mode",
        [((8,), R.PRESENTIEL), ((7,), R.DISTANCE), ((5, 3), R.PRESENTIEL), ((4, 3), R.DISTANCE)],
    )
    def test_regle_des_huit_a_l_ouverture(self, organisme, courriels, nombres, mode):
        lyon = centre(organisme)
        debut = AUJOURD_HUI() + timedelta(days=7)
        sessions = [
            session(organisme, centre=lyon, debut=debut, parcours=p)
            for p in ("2024_70", "2024_175")
        ]
        for s, n in zip(sessions, nombres, strict=False):
            inscrits(organisme, s, n)
        with courriels.envoi():
            ouverte = services.ouvrir_session(sessions[0].pk, scope=organisme.pk)
        assert ouverte.mode == mode
        total = sum(nombres)
        if mode == R.DISTANCE:
            assert f"Seulement {total} conseillers" in ouverte.explication
        else:
            assert f"{total} conseillers commencent" in ouverte.explication
        apprenants = Apprenant.objects.filter(session=ouverte)
        assert {a.etat for a in apprenants} == {R.EN_FORMATION}
        assert {a.date_entree_formation for a in apprenants} == {debut}
        assert all(ouverte.explication in m.body for m in courriels.outbox)
        assert (
            len(courriels.outbox) == nombres[0]
        )  # the advisors (their structures have no manager)

    def test_une_session_sans_inscrit_n_ouvre_pas(self, organisme):
        s = session(organisme, centre=centre(organisme))
        with pytest.raises(ActionImpossible, match="Aucun apprenant"):
            services.ouvrir_session(s.pk, scope=organisme.pk)
        s.refresh_from_db()
        assert s.statut == "planifiee"

    def test_emargement(self, organisme):
        s = session(organisme, debut=AUJOURD_HUI())
        a, b = inscrits(organisme, s, 2)
        services.ouvrir_session(s.pk, scope=organisme.pk)
        services.enregistrer_presences(s.pk, AUJOURD_HUI(), {a.pk}, scope=organisme.pk)
        services.enregistrer_presences(s.pk, AUJOURD_HUI(), {a.pk}, scope=organisme.pk)
        assert dict(Presence.objects.values_list("apprenant_id", "present")) == {
            a.pk: True,
            b.pk: False,
        }


@pytest.mark.django_db
class TestFinDeFormation:
    @pytest.fixture
    def en_formation(self, organisme):
        s = session(organisme, debut=AUJOURD_HUI() - timedelta(days=60))
        (a,) = inscrits(organisme, s, 1)
        Apprenant.objects.filter(pk=a.pk).update(
            etat=R.EN_FORMATION, date_entree_formation=s.date_debut
        )
        return a

    def test_validation_fixe_la_prise_de_poste(self, organisme, en_formation, courriels):
        with courriels.envoi():
            services.valider_formation(en_formation.pk, scope=organisme.pk, le=AUJOURD_HUI())
        mer_id = en_formation.mise_en_relation_id
        assert selectors.prises_de_poste([mer_id]) == {mer_id: AUJOURD_HUI()}
        assert selectors.etats_formation([mer_id]) == {mer_id: R.FORME}
        assert "Formation initiale validée" in sujets(courriels)

    def test_validation_avant_l_entree_refusee(self, organisme, en_formation):
        with pytest.raises(ActionImpossible, match="précéder"):
            services.valider_formation(
                en_formation.pk, scope=organisme.pk, le=AUJOURD_HUI() - timedelta(days=90)
            )
        assert selectors.prise_de_poste(en_formation.mise_en_relation_id) is None

    def test_resultats_ccp1_et_pix(self, organisme, en_formation):
        services.enregistrer_resultats(
            en_formation.pk, scope=organisme.pk, ccp1_admis=True, date_ccp1=AUJOURD_HUI()
        )
        services.enregistrer_resultats(
            en_formation.pk, scope=organisme.pk, pix=False, date_pix=AUJOURD_HUI()
        )
        en_formation.refresh_from_db()
        assert (en_formation.ccp1_admis, en_formation.certification_pix) == (True, False)

    def test_abandon(self, organisme, en_formation):
        services.declarer_abandon(en_formation.pk, scope=organisme.pk, motif="Démission")
        en_formation.refresh_from_db()
        assert en_formation.etat == R.ABANDON
        with pytest.raises(ActionImpossible, match="ne peut pas passer"):
            services.valider_formation(en_formation.pk, scope=organisme.pk, le=AUJOURD_HUI())


@pytest.mark.django_db
class TestFormationContinue:
    def test_module_annuel_et_retards(self, organisme):
        il_y_a_deux_ans = AUJOURD_HUI().replace(month=1, day=15) - timedelta(days=730)
        en_retard = ApprenantFactory(
            organisme=organisme,
            etat=R.DISPENSE,
            motif_dispense=R.MOTIF_TITRE_REMN,
            date_prise_poste=il_y_a_deux_ans,
        )
        a_jour = ApprenantFactory(
            organisme=organisme,
            etat=R.DISPENSE,
            motif_dispense=R.MOTIF_TITRE_REMN,
            date_prise_poste=il_y_a_deux_ans,
        )
        l_an_dernier = AUJOURD_HUI().replace(month=6, day=1, year=AUJOURD_HUI().year - 1)
        services.enregistrer_module(
            a_jour.pk,
            scope=organisme.pk,
            type_module=R.THEMATIQUE,
            code="sante",
            heures=7,
            le=l_an_dernier,
        )
        coordinateur = services.rattacher(
            recrutement_finalise(structure_a("69"), type_poste=TypePoste.COORDINATEUR)
        )
        from comptes.acces import Perimetre

        retards = selectors.en_retard(Perimetre(role="anct", national=True), AUJOURD_HUI())
        assert {(r.apprenant_id, tuple(r.annees), r.module_1_manquant) for r in retards} == {
            (en_retard.pk, (AUJOURD_HUI().year - 1,), False),
            (coordinateur.pk, (), True),
        }
        with pytest.raises(ActionImpossible, match="Paris, Lyon ou Bordeaux"):
            services.enregistrer_module(
                coordinateur.pk,
                scope=organisme.pk,
                type_module=R.COORDINATION_1,
                heures=14,
                le=AUJOURD_HUI(),
                presentiel=True,
                ville="Lille",
            )
        services.enregistrer_module(
            coordinateur.pk,
            scope=organisme.pk,
            type_module=R.COORDINATION_1,
            heures=14,
            le=AUJOURD_HUI(),
            presentiel=True,
            ville="Bordeaux",
        )
        retards = selectors.en_retard(Perimetre(role="anct", national=True), AUJOURD_HUI())
        assert [r.apprenant_id for r in retards] == [en_retard.pk]
        assert ModuleSuivi.objects.count() == 2

    def test_module_refuse_avant_la_prise_de_poste(self, organisme):
        apprenant = apprenant_positionne(organisme)
        with pytest.raises(ActionImpossible, match="en poste"):
            services.enregistrer_module(
                apprenant.pk,
                scope=organisme.pk,
                type_module=R.THEMATIQUE,
                code="sante",
                heures=7,
                le=AUJOURD_HUI(),
            )


@pytest.mark.django_db
class TestConditionPremiereTranche:
    def tranche(self, *mises_en_relation):
        return SimpleNamespace(rang=1, mises_en_relation=lambda: list(mises_en_relation))

    def test_bloque_tant_qu_un_conseiller_n_est_pas_inscrit(self, organisme):
        inscrit = apprenant_positionne(organisme, etat=R.INSCRIT, session=session(organisme))
        a_positionner = ApprenantFactory(organisme=organisme)
        sans_organisme = recrutement_finalise()
        motif = inscription_en_formation(
            self.tranche(
                inscrit.mise_en_relation,
                a_positionner.mise_en_relation,
                sans_organisme,
            )
        )
        assert "pas encore inscrit en formation (état : À positionner)" in motif
        assert "pas encore rattaché" in motif
        assert inscrit.nom not in motif
        assert inscription_en_formation(self.tranche(inscrit.mise_en_relation)) is None

    def test_enregistree_aupres_des_conventions(self):
        from conventions.conditions import motifs_de_blocage

        mer = SimpleNamespace(
            pk=0, candidat=SimpleNamespace(utilisateur=SimpleNamespace(nom_complet="Léa", email=""))
        )
        assert motifs_de_blocage(SimpleNamespace(rang=2, mises_en_relation=lambda: [mer])) == []


@pytest.mark.django_db
def test_un_conseiller_deja_forme_reembauche_est_dispense(organisme):
    ancien = ApprenantFactory(
        organisme=organisme,
        etat=R.DISPENSE,
        motif_dispense=R.MOTIF_TITRE_REMN,
        date_prise_poste=AUJOURD_HUI() - timedelta(days=900),
    )
    candidat = ancien.mise_en_relation.candidat
    # The old contract ended; the same person is recruited elsewhere.
    ancien.mise_en_relation.statut = "finalisee_rupture"
    ancien.mise_en_relation.date_rupture = AUJOURD_HUI() - timedelta(days=100)
    ancien.mise_en_relation.motif_rupture = "demission"
    ancien.mise_en_relation.save()
    nouveau = services.rattacher(recrutement_finalise(structure_a("69"), candidat=candidat))
    assert (nouveau.etat, nouveau.motif_dispense) == (R.DISPENSE, R.MOTIF_DEJA_FORME)
    renouvellement = SimpleNamespace(candidat_id=candidat.pk, pk=0, candidat=candidat)
    tranche = SimpleNamespace(rang=1, mises_en_relation=lambda: [renouvellement])
    assert inscription_en_formation(tranche) is None


@pytest.mark.django_db
def test_repartition_par_departement_et_etat_pour_les_tableaux_de_bord(organisme):
    from comptes.acces import Perimetre

    ApprenantFactory(organisme=organisme, mise_en_relation=recrutement_finalise(structure_a("69")))
    ApprenantFactory(organisme=organisme, mise_en_relation=recrutement_finalise(structure_a("69")))
    apprenant_positionne(organisme, mise_en_relation=recrutement_finalise(structure_a("01")))
    national = selectors.repartition_par_etat(Perimetre(role="anct", national=True))
    assert national == {"69": {R.A_POSITIONNER: 2}, "01": {R.POSITIONNE: 1}}
    ain = Perimetre(role="prefecture", departements=frozenset({"01"}))
    assert selectors.repartition_par_etat(ain) == {"01": {R.POSITIONNE: 1}}
