import threading
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from candidats import rules, services
from candidats.models import Candidat
from candidats.tests.factories import CandidatFactory, pdf_de_test
from comptes.models import Evenement, Habilitation, Utilisateur
from comptes.roles import Role
from comptes.tests.factories import habilitation
from territoires.tests.factories import CommuneFactory, DepartementFactory


def profil(commune, **modifs):
    return {
        "sexe": Candidat.Sexe.HOMME,
        "date_naissance": date(1988, 2, 3),
        "commune": commune,
        "distance_max": 40,
        "disponible_le": timezone.localdate(),
        "est_demandeur_emploi": False,
        "est_en_emploi": True,
        "est_en_formation": False,
        "est_diplome_med_num": False,
        "a_experience_med_num": False,
        "nom_diplome_med_num": "",
        "motivation": "Motivé.",
        **modifs,
    }


@pytest.fixture
def bordeaux():
    return CommuneFactory(
        code_insee="33063",
        nom="Bordeaux",
        codes_postaux=["33000"],
        departement=DepartementFactory(code="33", nom="Gironde"),
    )


@pytest.mark.django_db
def test_inscription_cree_compte_inactif_profil_role_et_courriel(bordeaux, courriels, fichiers_cv):
    with courriels.envoi():
        candidat = services.inscrire_candidat(
            email="Alix.Durand@Exemple.fr",
            prenom="Alix",
            nom="Durand",
            telephone="0612345678",
            mot_de_passe="Un-tres-bon-mot-de-passe",
            profil=profil(bordeaux),
            cv=SimpleUploadedFile("mon cv.pdf", pdf_de_test()),
        )
    u = candidat.utilisateur
    assert u.email == "alix.durand@exemple.fr" and not u.is_active
    assert candidat.departement_id == "33" and candidat.tranche_naissance == 1985
    assert candidat.cv.name.startswith("prive/candidats/cv/") and "alix" not in candidat.cv.name
    assert len(fichiers_cv()) == 1
    assert Habilitation.objects.filter(utilisateur=u, role=Role.CANDIDAT).exists()
    [message] = courriels.outbox
    assert message.to == ["alix.durand@exemple.fr"]
    assert "/comptes/verifier/" in message.body
    evenement = Evenement.objects.get(action="candidat.inscription")
    assert "alix" not in evenement.description.lower()


@pytest.mark.django_db
def test_inscription_adresse_prise_rien_n_est_garde(bordeaux, courriels, fichiers_cv):
    Utilisateur.objects.create_user(email="alix@exemple.fr", password="x")
    with courriels.envoi():
        resultat = services.inscrire_candidat(
            email="ALIX@exemple.fr",
            prenom="A",
            nom="D",
            telephone="0612345678",
            mot_de_passe="Un-tres-bon-mot-de-passe",
            profil=profil(bordeaux),
            cv=SimpleUploadedFile("cv.pdf", pdf_de_test()),
        )
    assert resultat is None
    assert not Candidat.objects.exists()
    assert fichiers_cv() == []
    # Its owner is told instead (an active account: how to sign in).
    [message] = courriels.outbox
    assert message.to == ["alix@exemple.fr"] and "vivier" in message.body


@pytest.mark.django_db
def test_la_base_refuse_un_profil_incoherent(bordeaux):
    u = Utilisateur.objects.create_user(email="x@exemple.fr", password="x")
    base = {"utilisateur": u, "consentement_le": timezone.now(), **profil(bordeaux)}
    for modifs in (
        {"est_en_emploi": False},  # no situation
        {"est_diplome_med_num": True},  # graduate without the diploma's name
        {"distance_max": 30},
        {"motivation": "x" * (rules.MOTIVATION_MAX + 1)},
        {"pix_score": 300},  # results without the sharing date
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            Candidat.objects.create(**{**base, **modifs})
    assert not Candidat.objects.exists()


@pytest.mark.django_db
def test_pause_puis_reprise(courriels):
    candidat = CandidatFactory()
    services.mettre_en_pause(candidat.pk)
    candidat.refresh_from_db()
    assert candidat.statut == Candidat.Statut.NON_DISPONIBLE
    services.mettre_en_pause(candidat.pk)  # a double click changes nothing
    services.reprendre(candidat.pk)
    candidat.refresh_from_db()
    assert candidat.statut == Candidat.Statut.DISPONIBLE
    actions = list(
        Evenement.objects.filter(action__startswith="candidat.").values_list("action", flat=True)
    )
    assert sorted(actions) == ["candidat.pause", "candidat.reprise"]


@pytest.mark.django_db
def test_un_candidat_recrute_ne_se_met_pas_en_pause():
    candidat = CandidatFactory(statut=Candidat.Statut.RECRUTE)
    with pytest.raises(services.ActionImpossible, match="Recruté"):
        services.mettre_en_pause(candidat.pk)


@pytest.mark.django_db
def test_remplacer_le_cv_efface_l_ancien_fichier_apres_validation(fichiers_cv, courriels):
    candidat = CandidatFactory(cv=True)
    [ancien] = fichiers_cv()
    with courriels.envoi():
        services.remplacer_cv(candidat.pk, SimpleUploadedFile("n.pdf", pdf_de_test("Nouveau")))
    [nouveau] = fichiers_cv()
    assert nouveau != ancien
    candidat.refresh_from_db()
    assert candidat.cv.read().find(b"Nouveau") > 0


@pytest.mark.django_db
def test_partager_puis_retirer_pix():
    candidat = CandidatFactory()
    niveaux = {code: 5 for code, _ in rules.DOMAINES_PIX}
    services.partager_pix(candidat.pk, score=512, niveaux=niveaux)
    candidat.refresh_from_db()
    assert candidat.pix_partage and candidat.pix_palier_libelle == "Avancé"
    services.retirer_pix(candidat.pk)
    candidat.refresh_from_db()
    assert not candidat.pix_partage and candidat.pix_score is None and candidat.pix_niveaux == {}


@pytest.mark.django_db
def test_suppression_anonymise_et_garde_les_statistiques(courriels, fichiers_cv):
    candidat = CandidatFactory(
        cv=True,
        sexe=Candidat.Sexe.HOMME,
        date_naissance=date(1992, 7, 1),
        est_diplome_med_num=True,
        nom_diplome_med_num="Titre REMN",
        pix_score=300,
        pix_niveaux={"informations": 3},
        pix_partage_le=timezone.now(),
        utilisateur__email="alix@exemple.fr",
        utilisateur__prenom="Alix",
        utilisateur__nom="Durand",
    )
    with courriels.envoi():
        services.supprimer_compte(candidat.pk, motif="emploi_trouve")
    candidat.refresh_from_db()
    u = candidat.utilisateur
    # Personal data: gone.
    assert fichiers_cv() == []
    assert (u.prenom, u.nom, u.telephone) == ("", "", "")
    assert u.email == f"compte-supprime-{u.pk}@anonyme.invalid"
    assert not u.is_active and not u.has_usable_password()
    assert candidat.date_naissance is None and candidat.commune is None
    assert candidat.motivation == "" and candidat.nom_diplome_med_num == ""
    assert not candidat.cv and candidat.pix_score is None
    assert not Habilitation.objects.filter(utilisateur=u, active=True).exists()
    # Statistics: kept.
    assert candidat.sexe == Candidat.Sexe.HOMME
    assert candidat.tranche_naissance == 1990
    assert candidat.departement_id == "33"
    assert candidat.est_demandeur_emploi and candidat.est_diplome_med_num
    assert candidat.statut == Candidat.Statut.DISPONIBLE
    assert candidat.motif_suppression == "emploi_trouve" and candidat.supprime_le
    # The person is told, at the address they had.
    [message] = courriels.outbox
    assert message.to == ["alix@exemple.fr"]
    evenement = Evenement.objects.get(action="candidat.suppression")
    assert "J’ai trouvé un emploi" in evenement.description
    assert "alix" not in evenement.description.lower()


@pytest.mark.django_db
def test_suppression_d_un_compte_qui_a_un_autre_role_garde_le_compte(courriels):
    agent = habilitation(Role.STRUCTURE)
    candidat = CandidatFactory(utilisateur=agent.utilisateur)
    with courriels.envoi():
        services.supprimer_compte(candidat.pk, motif="autre")
    agent.utilisateur.refresh_from_db()
    assert agent.utilisateur.is_active and "@anonyme.invalid" not in agent.utilisateur.email
    assert list(agent.utilisateur.habilitations.filter(active=True)) == [agent]
    candidat.refresh_from_db()
    assert candidat.est_supprime and candidat.commune is None


@pytest.mark.django_db
def test_suppression_sans_motif_refusee():
    candidat = CandidatFactory()
    with pytest.raises(services.ActionImpossible, match="motif"):
        services.supprimer_compte(candidat.pk, motif="")
    candidat.refresh_from_db()
    assert not candidat.est_supprime


@pytest.mark.django_db(transaction=True)
def test_double_suppression_simultanee_sans_effet_de_bord(settings, tmp_path):
    """Two requests delete the same account at once: one does it, the other is told."""
    settings.MEDIA_ROOT = tmp_path
    candidat = CandidatFactory(cv=True)
    barriere = threading.Barrier(2)
    resultats = []

    def supprimer():
        try:
            barriere.wait()
            services.supprimer_compte(candidat.pk, motif="plus_interesse")
            resultats.append("ok")
        except services.ActionImpossible as erreur:
            resultats.append(str(erreur))
        finally:
            connection.close()

    fils = [threading.Thread(target=supprimer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(resultats) == ["Ce compte candidat a été supprimé.", "ok"]
    assert Evenement.objects.filter(action="candidat.suppression").count() == 1
    assert Candidat.objects.get().est_supprime
    assert not list((tmp_path / "prive" / "candidats" / "cv").iterdir())


@pytest.mark.django_db
def test_purge_des_cv_simulation_puis_execution(courriels, fichiers_cv):
    maintenant = timezone.now()
    ancien = CandidatFactory(cv__depose_le=maintenant - timedelta(days=200))
    recent = CandidatFactory(cv__depose_le=maintenant - timedelta(days=20))
    assert len(fichiers_cv()) == 2

    simulation = services.purger_cv()
    assert [pk for pk, _ in simulation] == [ancien.pk]
    assert len(fichiers_cv()) == 2  # nothing deleted

    with courriels.envoi():
        purges = services.purger_cv(executer=True)
    assert [pk for pk, _ in purges] == [ancien.pk]
    ancien.refresh_from_db()
    recent.refresh_from_db()
    assert not ancien.cv and ancien.cv_depose_le is None
    assert recent.cv
    assert len(fichiers_cv()) == 1
    [message] = courriels.outbox
    assert message.to == [ancien.utilisateur.email]
    assert "a été supprimé" in message.body and "6 mois" in message.body
    assert Evenement.objects.filter(action="candidat.cv_purge").count() == 1
    # Idempotent: a second run finds nothing.
    assert services.purger_cv(executer=True) == []


@pytest.mark.django_db
def test_purge_duree_de_conservation_configurable(settings):
    CandidatFactory(cv__depose_le=timezone.now() - timedelta(days=200))
    settings.CANDIDATS_RETENTION_CV_MOIS = 24
    assert services.purger_cv() == []
    assert len(services.purger_cv(mois=3)) == 1


@pytest.mark.django_db
def test_donnees_personnelles_completes():
    candidat = CandidatFactory(cv=True, utilisateur__email="alix@exemple.fr")
    services.mettre_en_pause(candidat.pk)
    candidat.refresh_from_db()
    donnees = services.exporter_donnees(candidat)
    assert donnees["compte"]["email"] == "alix@exemple.fr"
    assert donnees["candidature"]["statut"] == "Plus disponible"
    assert donnees["cv"]["depose_le"]
    assert [e["action"] for e in donnees["historique"]] == ["candidat.pause"]


@pytest.mark.django_db
def test_tache_periodique_de_purge(courriels):
    from candidats.tasks import purger_cv

    vieux = CandidatFactory(cv__depose_le=timezone.now() - timedelta(days=400))
    with courriels.envoi():
        purger_cv(timestamp=int(timezone.now().timestamp()))
    vieux.refresh_from_db()
    assert not vieux.cv
    assert len(courriels.outbox) == 1
