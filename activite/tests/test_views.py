"""Pages of the activity space: every role against every page, the report form's rules
(clear French errors, nothing saved), places and their week grid, beneficiaries, exports."""

import csv
import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from comptes.models import Evenement
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .. import services
from ..models import Activite, AgregatJour, AgregatTerritoireMois, Beneficiaire, Lieu
from ..statistiques import ROLES_STATISTIQUES
from .factories import (
    BeneficiaireFactory,
    LieuFactory,
    conseiller_numerique,
    donnees_collectif,
    donnees_individuel,
)

PAGES_CONSEILLER = [
    "activite:nouveau",
    "activite:activites",
    "activite:lieux",
    "activite:lieu_creer",
    "activite:beneficiaires",
    "activite:beneficiaire_creer",
]


@pytest.fixture
def gironde(db):
    departement = DepartementFactory(code="33")
    return {
        "departement": departement,
        "bordeaux": CommuneFactory(
            departement=departement, code_insee="33063", nom="Bordeaux", codes_postaux=["33000"]
        ),
        "merignac": CommuneFactory(
            departement=departement, code_insee="33281", nom="Mérignac", codes_postaux=["33700"]
        ),
    }


@pytest.fixture
def moi(gironde):
    """A logged-in advisor of the Mairie de Bordeaux with one place."""
    structure = StructureFactory(departement=gironde["departement"], commune=gironde["bordeaux"])
    conseiller = conseiller_numerique(structure=structure)
    lieu = LieuFactory(conseiller=conseiller, commune=gironde["bordeaux"], nom="Mairie annexe")
    return {"conseiller": conseiller, "lieu": lieu, "structure": structure}


def _pages_protegees():
    pages = {reverse(nom): {Role.CONSEILLER} for nom in PAGES_CONSEILLER}
    pages[reverse("activite:creer", args=["individuel"])] = {Role.CONSEILLER}
    pages[reverse("activite:creer", args=["collectif"])] = {Role.CONSEILLER}
    roles_stats = set(ROLES_STATISTIQUES)
    pages[reverse("activite:statistiques")] = roles_stats
    pages[reverse("activite:statistiques_export")] = roles_stats
    pages[reverse("activite:export_activites") + "?format=csv"] = roles_stats
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, gironde, role):
    client.force_login(habilitation(role).utilisateur)
    for url, roles in _pages_protegees().items():
        reponse = client.get(url)
        assert reponse.status_code == (200 if role in roles else 404), f"{role} sur {url}"


@pytest.mark.django_db
def test_anonyme_doit_se_connecter_sauf_pour_les_statistiques_publiques(client, gironde):
    for url in _pages_protegees():
        reponse = client.get(url)
        assert reponse.status_code == 302, url
        assert reponse["Location"].startswith(reverse("comptes:connexion"))
    reponse = client.get(reverse("activite:statistiques_publiques"))
    assert reponse.status_code == 200
    assert "Statistiques nationales" in reponse.text


@pytest.mark.django_db
def test_navigation_du_conseiller_et_des_autres_roles(client, moi):
    client.force_login(moi["conseiller"])
    texte = client.get(reverse("comptes:espace"), follow=True).text
    for libelle in (
        "Nouveau compte rendu",
        "Mes comptes rendus",
        "Mes lieux",
        "Mes bénéficiaires",
        "Statistiques",
    ):
        assert libelle in texte
    client.force_login(habilitation(Role.PREFECTURE).utilisateur)
    assert "Statistiques" in client.get(reverse("comptes:espace"), follow=True).text


@pytest.mark.django_db
def test_les_objets_d_un_autre_conseiller_repondent_404(client, moi):
    autre = conseiller_numerique()
    lieu = LieuFactory(conseiller=autre)
    beneficiaire = BeneficiaireFactory(conseiller=autre)
    activite = services.creer_activite(autre, donnees_individuel(lieu=lieu))
    client.force_login(moi["conseiller"])
    urls = [
        reverse("activite:activite", args=[activite.pk]),
        reverse("activite:modifier", args=[activite.pk]),
        reverse("activite:dupliquer", args=[activite.pk]),
        reverse("activite:supprimer", args=[activite.pk]),
        reverse("activite:lieu_modifier", args=[lieu.pk]),
        reverse("activite:lieu_supprimer", args=[lieu.pk]),
        reverse("activite:beneficiaire", args=[beneficiaire.pk]),
        reverse("activite:beneficiaire_modifier", args=[beneficiaire.pk]),
        reverse("activite:beneficiaire_supprimer", args=[beneficiaire.pk]),
        reverse("activite:creer", args=["individuel"]) + f"?depuis={activite.pk}",
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("activite:supprimer", args=[activite.pk])).status_code == 404
    activite.refresh_from_db()
    assert activite.supprime_le is None


# --- The report form ---------------------------------------------------------------------------


def _saisie_individuelle(mon_lieu, **surcharges):
    donnees = {
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "duree": "45",
        "type_lieu": "lieu_activite",
        "lieu": mon_lieu.pk,
        "thematiques_mediation": ["email", "navigation_sur_internet"],
        "materiel": ["ordinateur"],
        "genre": "feminin",
        "tranche_age": "soixante_dix_plus",
        "statut_social": "retraite",
        "autonomie": "partiellement_autonome",
        "oriente_vers_structure": "non",
        "notes": "",
    }
    donnees.update(surcharges)
    return {k: v for k, v in donnees.items() if v is not None}


def _saisie_atelier(mon_lieu, **surcharges):
    donnees = {
        "date": (timezone.localdate() - timedelta(days=2)).isoformat(),
        "duree": "120",
        "type_lieu": "lieu_activite",
        "lieu": mon_lieu.pk,
        "thematiques_mediation": ["securite_numerique"],
        "titre_atelier": "Arnaques en ligne",
        "niveau": "debutant",
        "participants": "10",
        "deja_accompagnes": "2",
        "genre_feminin": "6",
        "genre_masculin": "3",
        "tranche_soixante_dix_plus": "10",
        "statut_retraite": "8",
    }
    donnees.update(surcharges)
    return {k: v for k, v in donnees.items() if v is not None}


@pytest.mark.django_db
def test_enregistrer_un_accompagnement_individuel(client, moi):
    client.force_login(moi["conseiller"])
    url = reverse("activite:creer", args=["individuel"])
    formulaire = client.get(url)
    assert "Il est interdit de stocker des informations sensibles" in formulaire.text
    reponse = client.post(url, _saisie_individuelle(moi["lieu"]), follow=True)
    assert "Compte rendu enregistré : accompagnement individuel" in reponse.text
    activite = Activite.objects.get()
    assert activite.structure == moi["structure"]
    assert activite.departement_id == "33" and activite.commune_id == "33063"
    assert (activite.genre_feminin, activite.tranche_soixante_dix_plus) == (1, 1)
    assert Evenement.objects.filter(action="activite.creee").count() == 1
    [jour] = AgregatJour.objects.all()
    assert (jour.accompagnements, jour.t_email, jour.m_ordinateur, jour.d_60) == (1, 1, 1, 1)


@pytest.mark.django_db
def test_un_atelier_de_dix_participants_compte_dix_accompagnements(client, moi):
    client.force_login(moi["conseiller"])
    reponse = client.post(
        reverse("activite:creer", args=["collectif"]), _saisie_atelier(moi["lieu"]), follow=True
    )
    assert "Compte rendu enregistré : atelier collectif" in reponse.text
    activite = Activite.objects.get()
    assert activite.participants == 10
    # « Non communiqué » took the remainder of each split.
    assert (activite.genre_non_communique, activite.statut_non_communique) == (1, 2)
    [mois] = AgregatTerritoireMois.objects.all()
    assert (mois.accompagnements, mois.ateliers, mois.nouveaux, mois.g_feminin) == (10, 1, 8, 6)


ERREURS_INDIVIDUEL = [
    (
        {"date": (timezone.localdate() + timedelta(days=1)).isoformat()},
        "La date de l’accompagnement ne peut pas être dans le futur.",
    ),
    (
        {"thematiques_administratives": ["logement"]},
        "Les thématiques de démarches administratives demandent de cocher "
        "« Aide aux démarches administratives ».",
    ),
    (
        {"precisions_demarche": "CAF"},
        "Le nom de la démarche administrative ne peut être renseigné qu’avec la thématique",
    ),
    ({"thematiques_mediation": None}, "Choisissez au moins une thématique."),
    ({"lieu": None}, "Choisissez un de vos lieux d’activité."),
    ({"type_lieu": "domicile", "lieu": None}, "Indiquez la commune de l’accompagnement."),
    ({"type_lieu": "autre", "commune": "Saint-Nulle-Part"}, "Aucune commune ne correspond"),
    ({"duree": "personnaliser"}, "Indiquez les heures ou les minutes de la durée personnalisée."),
    ({"duree": None}, "Indiquez la durée."),
    (
        {"structure_de_redirection": "aide_sociale"},
        "Indiquez d’abord que le bénéficiaire est orienté vers une autre structure.",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("surcharges,message", ERREURS_INDIVIDUEL)
def test_regles_du_formulaire_individuel(client, moi, courriels, surcharges, message):
    client.force_login(moi["conseiller"])
    with courriels.envoi():
        reponse = client.post(
            reverse("activite:creer", args=["individuel"]),
            _saisie_individuelle(moi["lieu"], **surcharges),
        )
    assert reponse.status_code == 200
    assert "Le formulaire contient" in reponse.text
    assert message in reponse.text
    assert not Activite.objects.exists()
    assert not AgregatJour.objects.exists()
    assert courriels.outbox == []


@pytest.mark.django_db
def test_un_lieu_d_un_autre_conseiller_est_refuse(client, moi):
    lieu_autre = LieuFactory()
    client.force_login(moi["conseiller"])
    reponse = client.post(
        reverse("activite:creer", args=["individuel"]),
        _saisie_individuelle(moi["lieu"], lieu=lieu_autre.pk),
    )
    assert "Choisissez un de vos lieux d’activité." in reponse.text
    assert not Activite.objects.exists()


@pytest.mark.django_db
def test_les_demarches_administratives_avec_leur_porte(client, moi):
    client.force_login(moi["conseiller"])
    saisie = _saisie_individuelle(
        moi["lieu"],
        thematiques_mediation=["aide_aux_demarches_administratives"],
        thematiques_administratives=["logement", "argent_impots"],
        precisions_demarche="Déclaration de revenus",
    )
    client.post(reverse("activite:creer", args=["individuel"]), saisie)
    activite = Activite.objects.get()
    assert activite.thematiques == [
        "aide_aux_demarches_administratives",
        "logement",
        "argent_impots",
    ]


ERREURS_ATELIER = [
    (
        {"genre_feminin": "9", "genre_masculin": "3"},
        "La répartition par genre (12) dépasse le nombre de participants (10).",
    ),
    (
        {"tranche_non_communique": "3"},
        "La répartition par tranche d’âge (13) ne correspond pas au nombre de participants (10).",
    ),
    (
        {"deja_accompagnes": "11"},
        "Les participants déjà accompagnés (11) dépassent le nombre de participants (10).",
    ),
    ({"participants": "0"}, "Un atelier compte au moins un participant."),
    ({"participants": None}, "Indiquez le nombre de participants."),
    ({"statut_retraite": "-1"}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
]


@pytest.mark.django_db
@pytest.mark.parametrize("surcharges,message", ERREURS_ATELIER)
def test_les_participants_d_un_atelier_doivent_s_additionner(client, moi, surcharges, message):
    client.force_login(moi["conseiller"])
    reponse = client.post(
        reverse("activite:creer", args=["collectif"]), _saisie_atelier(moi["lieu"], **surcharges)
    )
    assert message in reponse.text
    assert not Activite.objects.exists()
    assert not AgregatJour.objects.exists()


@pytest.mark.django_db
def test_modifier_dupliquer_supprimer(client, moi):
    client.force_login(moi["conseiller"])
    activite = services.creer_activite(moi["conseiller"], donnees_collectif(lieu=moi["lieu"]))
    # Edit: 8 → 12 participants; the rollups follow.
    saisie = _saisie_atelier(
        moi["lieu"], participants="12", genre_feminin="", genre_masculin="", statut_retraite=""
    )
    saisie["tranche_soixante_dix_plus"] = ""
    reponse = client.post(reverse("activite:modifier", args=[activite.pk]), saisie, follow=True)
    assert "Compte rendu modifié." in reponse.text
    assert sum(AgregatJour.objects.values_list("accompagnements", flat=True)) == 12
    # Duplicate: the form comes back pre-filled, dated today.
    reponse = client.get(reverse("activite:dupliquer", args=[activite.pk]), follow=True)
    assert 'value="Arnaques en ligne"' in reponse.text
    assert f'value="{timezone.localdate().isoformat()}"' in reponse.text
    # Delete (soft): the report stays in the database, out of the statistics.
    reponse = client.post(reverse("activite:supprimer", args=[activite.pk]), follow=True)
    assert "Compte rendu supprimé." in reponse.text
    activite.refresh_from_db()
    assert activite.supprime_le is not None
    assert sum(AgregatJour.objects.values_list("accompagnements", flat=True)) == 0
    assert client.get(reverse("activite:activite", args=[activite.pk])).status_code == 404


@pytest.mark.django_db
def test_liste_et_detail_de_mes_comptes_rendus(client, moi):
    services.creer_activite(moi["conseiller"], donnees_individuel(lieu=moi["lieu"]))
    a = services.creer_activite(moi["conseiller"], donnees_collectif(lieu=moi["lieu"]))
    client.force_login(moi["conseiller"])
    reponse = client.get(reverse("activite:activites"))
    assert "Mes comptes rendus (2)" in reponse.text
    assert "Atelier collectif : Se protéger des arnaques" in reponse.text
    assert "2h" in reponse.text
    reponse = client.get(reverse("activite:activites"), {"type": "individuel"})
    assert "Mes comptes rendus (1)" in reponse.text
    detail = client.get(reverse("activite:activite", args=[a.pk])).text
    assert "Prévention en sécurité numérique" in detail
    assert "Débutant" not in detail and "1/3" in detail


# --- Places -------------------------------------------------------------------------------------


def _saisie_lieu(**surcharges):
    donnees = {
        "nom": "Espace numérique du Lac",
        "adresse": "3 avenue du Lac",
        "commune": "Bordeaux (33063)",
        "services": ["Aide aux démarches administratives"],
        "modalites_acces": ["Se présenter", "Téléphoner"],
        "telephone": "05 56 10 20 30",
        "Mo_1_debut": "09:00",
        "Mo_1_fin": "12:00",
        "Mo_2_debut": "14:00",
        "Mo_2_fin": "17:00",
        "Tu_1_debut": "09:00",
        "Tu_1_fin": "12:00",
        "Tu_2_debut": "14:00",
        "Tu_2_fin": "17:00",
        "We_1_debut": "09:00",
        "We_1_fin": "12:00",
        "Sa_1_debut": "10:00",
        "Sa_1_fin": "12:00",
        "visible_cartographie": "on",
    }
    donnees.update(surcharges)
    return {k: v for k, v in donnees.items() if v is not None}


@pytest.mark.django_db
def test_declarer_un_lieu_avec_sa_grille_horaire(client, moi):
    client.force_login(moi["conseiller"])
    reponse = client.post(reverse("activite:lieu_creer"), _saisie_lieu(), follow=True)
    assert "Lieu « Espace numérique du Lac » enregistré." in reponse.text
    lieu = Lieu.objects.get(nom="Espace numérique du Lac")
    assert lieu.horaires == "Mo,Tu 09:00-12:00,14:00-17:00; We 09:00-12:00; Sa 10:00-12:00"
    assert lieu.telephone == "+33556102030"
    assert (lieu.latitude, lieu.code_postal) == (moi["lieu"].commune.latitude, "33000")
    assert lieu.structure == moi["structure"] and lieu.visible_cartographie
    # The list shows the hours per day, the edit form gives the grid back.
    assert "Mercredi" in reponse.text and "09:00 – 12:00" in reponse.text
    formulaire = client.get(reverse("activite:lieu_modifier", args=[lieu.pk])).text
    assert 'name="Sa_1_debut" value="10:00"' in formulaire


ERREURS_LIEU = [
    ({"Mo_1_fin": "08:00"}, "Lundi : La plage 09:00–08:00 se termine avant de commencer."),
    ({"Mo_2_debut": "11:00"}, "Lundi : Deux plages horaires d’un même jour se chevauchent."),
    ({"Sa_1_fin": ""}, "Samedi : indiquez l’heure d’ouverture et l’heure de fermeture."),
    ({"telephone": "12"}, "Numéro de téléphone invalide"),
    ({"pivot": "123"}, "Indiquez un SIRET valide"),
    ({"fiche_acces_libre": "https://exemple.fr/x"}, "La fiche doit commencer par"),
    ({"courriels": "a@b.fr, pas-une-adresse"}, "Adresse électronique invalide : pas-une-adresse"),
    ({"commune": ""}, "Ce champ est obligatoire."),
]


@pytest.mark.django_db
@pytest.mark.parametrize("surcharges,message", ERREURS_LIEU)
def test_erreurs_du_formulaire_de_lieu(client, moi, surcharges, message):
    client.force_login(moi["conseiller"])
    reponse = client.post(reverse("activite:lieu_creer"), _saisie_lieu(**surcharges))
    assert message in reponse.text
    assert not Lieu.objects.filter(nom="Espace numérique du Lac").exists()


@pytest.mark.django_db
def test_horaires_hors_grille_conserves(client, moi):
    lieu = moi["lieu"]
    lieu.horaires = "Mo-Fr 09:00-12:00; PH off"
    lieu.save()
    client.force_login(moi["conseiller"])
    formulaire = client.get(reverse("activite:lieu_modifier", args=[lieu.pk])).text
    assert "ne peuvent pas être affichés dans la grille" in formulaire
    saisie = _saisie_lieu(nom="Mairie annexe")
    for cle in [k for k in saisie if k[:3] in {"Mo_", "Tu_", "We_", "Sa_"}]:
        del saisie[cle]
    client.post(reverse("activite:lieu_modifier", args=[lieu.pk]), saisie)
    lieu.refresh_from_db()
    assert lieu.horaires == "Mo-Fr 09:00-12:00; PH off"


@pytest.mark.django_db
def test_retirer_un_lieu_garde_ses_comptes_rendus(client, moi):
    services.creer_activite(moi["conseiller"], donnees_individuel(lieu=moi["lieu"]))
    client.force_login(moi["conseiller"])
    client.post(reverse("activite:lieu_supprimer", args=[moi["lieu"].pk]))
    moi["lieu"].refresh_from_db()
    assert moi["lieu"].supprime_le is not None
    assert Activite.objects.get().lieu == moi["lieu"]
    formulaire = client.get(reverse("activite:creer", args=["individuel"])).text
    assert "Vous n’avez pas encore déclaré de lieu d’activité" in formulaire


# --- Beneficiaries ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_beneficiaire_cree_puis_supprime_reste_compte(client, moi):
    client.force_login(moi["conseiller"])
    reponse = client.post(
        reverse("activite:beneficiaire_creer"),
        {"prenom": "Jeanne", "nom": "Durand", "annee_naissance": "1948", "genre": "feminin",
         "commune": "Mérignac", "telephone": "06 12 34 56 78"},
        follow=True,
    )  # fmt: skip
    assert "Bénéficiaire « Jeanne Durand » enregistré." in reponse.text
    assert "70 ans et plus" in reponse.text
    b = Beneficiaire.objects.get()
    assert b.commune_id == "33281" and b.telephone == "0612345678"
    saisie = _saisie_individuelle(moi["lieu"], beneficiaire=b.pk)
    client.post(reverse("activite:creer", args=["individuel"]), saisie)
    avant = list(AgregatTerritoireMois.objects.values_list("suivis", "a_soixante_dix_plus"))
    assert avant == [(1, 1)]
    reponse = client.post(reverse("activite:beneficiaire_supprimer", args=[b.pk]), follow=True)
    assert "ses données personnelles sont effacées" in reponse.text
    b.refresh_from_db()
    assert (b.prenom, b.nom, b.telephone, b.annee_naissance, b.anonyme) == ("", "", "", None, True)
    assert list(AgregatTerritoireMois.objects.values_list("suivis", "a_soixante_dix_plus")) == avant
    assert "Jeanne" not in client.get(reverse("activite:beneficiaires")).text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "saisie,message",
    [
        ({"prenom": "", "nom": "Durand"}, "Veuillez renseigner un prénom."),
        ({"prenom": "Jo", "nom": ""}, "Veuillez renseigner un nom."),
        ({"prenom": "Jo", "nom": "D", "annee_naissance": "1850"}, "doit être comprise entre 1900"),
        ({"prenom": "Jo", "nom": "D", "telephone": "12"}, "Numéro de téléphone invalide"),
        (
            {"prenom": "Jo", "nom": "D", "telephone": "0612345678", "pas_de_telephone": "on"},
            "Vous avez coché « Pas de téléphone ».",
        ),
    ],
)
def test_erreurs_du_formulaire_beneficiaire(client, moi, saisie, message):
    client.force_login(moi["conseiller"])
    reponse = client.post(reverse("activite:beneficiaire_creer"), saisie)
    assert message in reponse.text
    assert not Beneficiaire.objects.exists()


@pytest.mark.django_db
def test_modifier_l_annee_de_naissance_corrige_les_statistiques(client, moi):
    b = BeneficiaireFactory(conseiller=moi["conseiller"], annee_naissance=1950)
    services.creer_activite(moi["conseiller"], donnees_individuel(lieu=moi["lieu"], beneficiaire=b))
    client.force_login(moi["conseiller"])
    client.post(
        reverse("activite:beneficiaire_modifier", args=[b.pk]),
        {"prenom": b.prenom, "nom": b.nom, "annee_naissance": "1995"},
    )
    [mois] = AgregatTerritoireMois.objects.all()
    assert (mois.a_soixante_dix_plus, mois.a_vingt_cinq_trente_neuf) == (0, 1)


# --- Statistics and exports -------------------------------------------------------------------


@pytest.fixture
def activite_gironde(moi):
    services.creer_activite(moi["conseiller"], donnees_individuel(lieu=moi["lieu"]))
    services.creer_activite(moi["conseiller"], donnees_collectif(participants=6, lieu=moi["lieu"]))
    ailleurs = conseiller_numerique(
        structure=StructureFactory(departement=DepartementFactory(code="69"))
    )
    services.creer_activite(
        ailleurs,
        donnees_collectif(
            participants=30,
            lieu=LieuFactory(conseiller=ailleurs, commune=CommuneFactory(departement__code="69")),
            titre_atelier="Atelier lyonnais",
        ),
    )
    return moi


@pytest.mark.django_db
def test_page_de_statistiques_du_conseiller(client, activite_gironde):
    client.force_login(activite_gironde["conseiller"])
    reponse = client.get(reverse("activite:statistiques"))
    s = reponse.context["s"]
    assert (s.accompagnements, s.individuels, s.participants_ateliers) == (7, 1, 6)
    assert "Mes statistiques" in reponse.text
    assert "Participants aux ateliers" in reponse.text
    assert "85,7\u00a0%" in reponse.text  # 6/7, one decimal at most (issue 14)
    assert "Mairie annexe" in reponse.text
    reponse = client.get(reverse("activite:statistiques"), {"type": "collectif"})
    assert reponse.context["s"].accompagnements == 6
    assert "Type : Atelier collectif" in reponse.text


@pytest.mark.django_db
def test_la_prefecture_ne_voit_que_son_departement(client, activite_gironde):
    from comptes.models import Habilitation

    prefecture = Habilitation.objects.create(
        utilisateur=UtilisateurFactory(), role=Role.PREFECTURE, departement_id="33"
    )
    client.force_login(prefecture.utilisateur)
    s = client.get(reverse("activite:statistiques")).context["s"]
    assert s.accompagnements == 7
    reponse = client.get(reverse("activite:export_activites"), {"format": "csv"})
    lignes = list(csv.reader(io.StringIO(reponse.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert len(lignes) == 3
    assert "Atelier lyonnais" not in reponse.getvalue().decode()
    # Beneficiary names and notes are for the advisor alone.
    assert "Notes" not in lignes[0]
    reponse = client.get(reverse("activite:statistiques"), {"departement": "69"})
    assert reponse.status_code == 200


@pytest.mark.django_db
def test_export_des_comptes_rendus_du_conseiller(client, activite_gironde):
    client.force_login(activite_gironde["conseiller"])
    reponse = client.get(reverse("activite:export_activites"), {"format": "xlsx"})
    classeur = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    lignes = list(classeur.active.iter_rows(values_only=True))
    entetes = lignes[0]
    assert entetes[-1] == "Notes" and "Thématique(s) d’accompagnement" in entetes
    par_type = {ligne[entetes.index("Type")]: ligne for ligne in lignes[1:]}
    atelier = par_type["Atelier collectif"]
    assert atelier[entetes.index("Participants")] == 6
    assert atelier[entetes.index("Canaux d’accompagnement")] == "Lieu d’activité"
    assert atelier[entetes.index("Thématique(s) d’accompagnement")] == (
        "Prévention en sécurité numérique"
    )
    individuel = par_type["Accompagnement individuel"]
    assert individuel[entetes.index("Bénéficiaire")] == "Bénéficiaire anonyme"
    assert individuel[entetes.index("Genre du bénéficiaire")] == "Féminin"
    assert client.get(reverse("activite:export_activites"), {"format": "pdf"}).status_code == 404


@pytest.mark.django_db
def test_export_des_statistiques_en_xlsx(client, activite_gironde):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(reverse("activite:statistiques_export"), {"type": "collectif"})
    classeur = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    lignes = list(classeur["Statistiques"].iter_rows(values_only=True))
    assert lignes[0] == ("Rubrique", "Libellé", "Nombre", "Part (%)")
    assert ("Filtres", "Type", "Atelier collectif", None) in lignes
    assert ("Statistiques générales", "Accompagnements au total", 36, None) in lignes
    assert ("Accompagnements par département", "69 – Département 69", 30, 83.333) in lignes


@pytest.mark.django_db
def test_filtres_invalides_signales(client, activite_gironde):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(
        reverse("activite:statistiques"),
        {"du": "2026-03-01", "au": "2026-01-01", "conseiller": "inconnu@exemple.fr"},
    )
    assert "La fin de la période précède son début." in reponse.text
    assert reponse.context["s"].accompagnements == 37  # unfiltered


@pytest.mark.django_db
def test_statistiques_publiques_nationales(client, activite_gironde):
    reponse = client.get(reverse("activite:statistiques_publiques"))
    assert reponse.context["s"].accompagnements == 37
    assert "Accompagnements par région" in reponse.text
    assert "Mairie annexe" not in reponse.text


from .cas_ateliers import CAS_TRANCHES  # noqa: E402


@pytest.mark.django_db
@pytest.mark.parametrize("participants,tranches,erreur", CAS_TRANCHES)
def test_une_regle_des_tranches_d_age_pour_le_formulaire(
    client, moi, participants, tranches, erreur
):
    """The form's answer to the table the API answers the same way (cas_ateliers)."""
    client.force_login(moi["conseiller"])
    saisie = _saisie_atelier(
        moi["lieu"], participants=str(participants), tranche_soixante_dix_plus=None
    )
    saisie.update({f"tranche_{k}": str(v) for k, v in tranches.items()})
    reponse = client.post(reverse("activite:creer", args=["collectif"]), saisie, follow=True)
    if erreur:
        assert erreur in reponse.text and "tranche d’âge" in reponse.text
        assert not Activite.objects.exists()
    else:
        assert "Compte rendu enregistré" in reponse.text
        assert Activite.objects.get().tranche_non_communique == participants - sum(
            v for k, v in tranches.items() if k != "non_communique"
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "saisie", ["Mérignac", "Mérignac (33281)", "33700 Mérignac", "33700", "Mérignac (33700)"]
)
def test_le_formulaire_d_activite_accepte_nom_code_postal_ou_les_deux(client, moi, saisie):
    """The platform's one commune field (noyau.champ_commune), with its one suggestion
    script, on the activity form: a name, a postal code or both."""
    client.force_login(moi["conseiller"])
    url = reverse("activite:creer", args=["individuel"])
    assert "noyau/communes.js" in client.get(url).text
    saisie_ = _saisie_individuelle(moi["lieu"], type_lieu="domicile", lieu=None, commune=saisie)
    reponse = client.post(url, saisie_, follow=True)
    assert "Compte rendu enregistré" in reponse.text
    assert Activite.objects.get().commune_id == "33281"
