import csv
import io
import json
import re
import time
from datetime import timedelta

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from candidats.models import Candidat
from candidats.tests.factories import CandidatFactory, pdf_de_test
from comptes.models import Evenement, Utilisateur
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, UtilisateurFactory, habilitation
from noyau import anti_robot
from noyau.tests.outils import chemin_du_lien, sans_nonce
from territoires.tests.factories import CommuneFactory, DepartementFactory

INSCRIPTION = reverse("candidats:inscription")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 500


@pytest.fixture
def bordeaux(db):
    return CommuneFactory(
        code_insee="33063",
        nom="Bordeaux",
        codes_postaux=["33000", "33100", "33200", "33300", "33800"],
        departement=DepartementFactory(code="33", nom="Gironde"),
    )


def donnees_inscription(**modifs):
    donnees = {
        "prenom": "Alix",
        "nom": "Durand",
        "email": "alix.durand@exemple.fr",
        "telephone": "06 12 34 56 78",
        "mot_de_passe1": "Un-tres-bon-mot-de-passe",
        "mot_de_passe2": "Un-tres-bon-mot-de-passe",
        "sexe": "femme",
        "date_naissance": "1990-05-17",
        "commune": "33000 Bordeaux",
        "distance_max": "20",
        "disponible_le": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "situations": ["est_demandeur_emploi", "a_experience_med_num"],
        "nom_diplome_med_num": "",
        "motivation": "J’aide mes voisins avec leurs démarches en ligne.",
        "consentement": "on",
        "site_web": "",
        "jeton_affichage": anti_robot.creer_jeton(time.time() - 30),
    }
    for cle, valeur in modifs.items():
        if valeur is None:
            donnees.pop(cle, None)
        else:
            donnees[cle] = valeur
    return donnees


# --- Sign-up --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_inscription_confirmation_connexion_et_espace(client, bordeaux, courriels, fichiers_cv):
    page = client.get(INSCRIPTION)
    assert "Devenir conseiller numérique" in page.text
    assert 'name="site_web"' in page.text and 'name="jeton_affichage"' in page.text
    assert "noyau/anti_robot.css" in page.text

    cv = SimpleUploadedFile("Mon CV.pdf", pdf_de_test(), content_type="application/pdf")
    with courriels.envoi():
        reponse = client.post(INSCRIPTION, donnees_inscription(cv=cv), follow=True)
    assert "Confirmez votre adresse électronique" in reponse.text
    candidat = Candidat.objects.get()
    assert not candidat.utilisateur.is_active
    assert candidat.commune == bordeaux and candidat.departement_id == "33"
    assert candidat.utilisateur.telephone == "0612345678"
    assert len(fichiers_cv()) == 1
    [message] = courriels.outbox
    assert "vivier" in message.subject

    # Not in the agents' list until the address is confirmed.
    client.force_login(habilitation(Role.ANCT).utilisateur)
    assert "Alix D." not in client.get(reverse("candidats:liste")).text
    client.logout()

    reponse = client.get(chemin_du_lien(message), follow=True)
    assert "Votre adresse électronique est confirmée" in reponse.text
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": "alix.durand@exemple.fr", "password": "Un-tres-bon-mot-de-passe"},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == reverse("candidats:espace")
    assert "Mon profil de candidat" in reponse.text
    assert "Bordeaux" in reponse.text and "Télécharger mon CV" in reponse.text


def _gros_pdf():
    return b"%PDF-1.4\n" + b"0" * (5 * 1024 * 1024) + b"\n%%EOF\n"


CAS_INVALIDES = [
    pytest.param(
        {"cv": lambda: SimpleUploadedFile("photo.pdf", PNG)},
        "cv",
        "c’est une image PNG dont le nom se termine par .pdf",
        id="png-renomme-en-pdf",
    ),
    pytest.param(
        {"cv": lambda: SimpleUploadedFile("cv.pdf", _gros_pdf())},
        "cv",
        "la taille maximale est de 5 Mo",
        id="cv-trop-lourd",
    ),
    pytest.param(
        {"cv": lambda: SimpleUploadedFile("cv.odt", pdf_de_test())},
        "cv",
        "extension .pdf",
        id="cv-sans-extension-pdf",
    ),
    pytest.param(
        {"consentement": None},
        "consentement",
        "Vous devez accepter le traitement de vos données pour vous inscrire.",
        id="sans-consentement",
    ),
    pytest.param(
        {"disponible_le": (timezone.localdate() - timedelta(days=1)).isoformat()},
        "disponible_le",
        "La date de disponibilité ne peut pas être dans le passé.",
        id="disponibilite-passee",
    ),
    pytest.param(
        {"situations": None}, "situations", "Cochez au moins une situation.", id="sans-situation"
    ),
    pytest.param(
        {"situations": ["est_diplome_med_num"]},
        "nom_diplome_med_num",
        "Indiquez le nom de votre diplôme en médiation numérique.",
        id="diplome-sans-nom",
    ),
    pytest.param(
        {"motivation": "x" * 2501},
        "motivation",
        "au plus 2500 caractères",
        id="motivation-trop-longue",
    ),
    pytest.param(
        {"commune": "99999 Nullepart"},
        "commune",
        "Aucune commune n’a le code postal 99999",
        id="commune-inconnue",
    ),
    pytest.param({"telephone": "12 34"}, "telephone", "numéro de téléphone valide", id="telephone"),
    pytest.param(
        {"date_naissance": timezone.localdate().replace(year=timezone.localdate().year - 10)},
        "date_naissance",
        "au moins 16 ans",
        id="trop-jeune",
    ),
    pytest.param(
        {"distance_max": "30"}, "distance_max", "Sélectionnez un choix valide", id="distance"
    ),
    pytest.param(
        {"site_web": "http://spam.example"},
        None,
        "Votre envoi ressemble à celui d’un robot",
        id="pot-de-miel-rempli",
    ),
    pytest.param(
        {"jeton_affichage": lambda: anti_robot.creer_jeton()},
        None,
        "Le formulaire a été envoyé trop vite",
        id="trop-rapide",
    ),
    pytest.param(
        {"jeton_affichage": lambda: anti_robot.creer_jeton(time.time() - 5 * 3600)},
        None,
        "Le formulaire a expiré",
        id="trop-ancien",
    ),
    pytest.param(
        {"jeton_affichage": "falsifie:1"}, None, "Le formulaire a expiré", id="jeton-falsifie"
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("modifs,champ,message", CAS_INVALIDES)
def test_mauvaise_saisie_erreur_claire_et_rien_d_enregistre(
    client, bordeaux, courriels, fichiers_cv, modifs, champ, message
):
    modifs = {k: v() if callable(v) else v for k, v in modifs.items()}
    if "cv" not in modifs:
        modifs["cv"] = SimpleUploadedFile("cv.pdf", pdf_de_test())
    with courriels.envoi():
        reponse = client.post(INSCRIPTION, donnees_inscription(**modifs))
    assert reponse.status_code == 200
    assert message in reponse.text
    if champ:
        # Next to its field, and linked from the summary at the top of the form.
        assert f'id="id_{champ}-desc-error"' in reponse.text
    else:
        assert 'id="erreurs-formulaire"' in reponse.text
    assert not Utilisateur.objects.exists()
    assert not Candidat.objects.exists()
    assert fichiers_cv() == []
    assert courriels.outbox == []


@pytest.mark.django_db
def test_formulaire_expire_redonne_un_jeton_valable(client, bordeaux):
    vieux = anti_robot.creer_jeton(time.time() - 5 * 3600)
    reponse = client.post(INSCRIPTION, donnees_inscription(jeton_affichage=vieux))
    nouveau = re.search(r'name="jeton_affichage" value="([^"]+)"', reponse.text).group(1)
    assert nouveau != vieux
    assert anti_robot.erreur_jeton(nouveau, time.time() + 10) is None


@pytest.mark.django_db
def test_adresse_deja_inscrite_repond_comme_une_nouvelle(client, bordeaux, courriels):
    UtilisateurFactory(email="alix.durand@exemple.fr")
    with courriels.envoi():
        connue = client.post(
            INSCRIPTION, donnees_inscription(email="Alix.Durand@exemple.fr"), follow=True
        )
    with courriels.envoi():
        nouvelle = client.post(
            INSCRIPTION, donnees_inscription(email="nouvelle@exemple.fr"), follow=True
        )
    assert connue.redirect_chain == nouvelle.redirect_chain
    assert sans_nonce(connue.text) == sans_nonce(nouvelle.text)
    assert "existe déjà" not in connue.text
    assert Candidat.objects.get().utilisateur.email == "nouvelle@exemple.fr"
    titulaire, _ = courriels.outbox
    assert titulaire.to == ["alix.durand@exemple.fr"]
    assert "Un compte existe déjà à cette adresse" in titulaire.body


@pytest.mark.django_db
def test_commune_homonyme_demande_le_code_postal(client, bordeaux):
    DepartementFactory(code="93")
    DepartementFactory(code="974")
    CommuneFactory(code_insee="93066", nom="Saint-Denis", codes_postaux=["93200"],
                   departement__code="93")  # fmt: skip
    CommuneFactory(code_insee="97411", nom="Saint-Denis", codes_postaux=["97400"],
                   departement__code="974")  # fmt: skip
    reponse = client.post(INSCRIPTION, donnees_inscription(commune="Saint-Denis"))
    assert "Plusieurs communes portent ce nom" in reponse.text
    assert "Saint-Denis (97400)" in reponse.text
    client.post(INSCRIPTION, donnees_inscription(commune="97400 Saint-Denis"))
    assert Candidat.objects.get().departement_id == "974"


@pytest.mark.django_db
def test_compte_existant_sans_profil_rejoint_le_vivier(client, bordeaux):
    agent = habilitation(Role.STRUCTURE)
    client.force_login(agent.utilisateur)
    assert client.get(INSCRIPTION)["Location"] == reverse("candidats:creer_profil")
    donnees = donnees_inscription()
    reponse = client.post(reverse("candidats:creer_profil"), donnees, follow=True)
    assert "Votre profil de candidat est enregistré" in reponse.text
    assert Candidat.objects.get().utilisateur == agent.utilisateur
    assert "Mon profil de candidat" in reponse.text


# --- Access -----------------------------------------------------------------------------------
PAGES_CANDIDAT = [
    "candidats:espace",
    "candidats:modifier",
    "candidats:cv_deposer",
    "candidats:pix",
    "candidats:mes_donnees",
    "candidats:supprimer",
]


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, role):
    gironde = DepartementFactory(code="33")
    autre = CandidatFactory(cv=True, commune__departement=gironde)
    extra = {"departement": gironde} if role == Role.PREFECTURE else {}
    h = habilitation(role, **extra)
    if role == Role.CANDIDAT:
        CandidatFactory(utilisateur=h.utilisateur, cv=True)
    client.force_login(h.utilisateur)
    attendus = {
        **{reverse(nom): {Role.CANDIDAT} for nom in PAGES_CANDIDAT},
        reverse("candidats:liste"): {Role.ANCT, Role.PREFECTURE},
        reverse("candidats:detail", args=[autre.pk]): {Role.ANCT, Role.PREFECTURE},
        # Someone else's CV: only the national admin.
        reverse("candidats:cv", args=[autre.pk]): {Role.ANCT},
    }
    for url, roles in attendus.items():
        attendu = 200 if role in roles else 404
        assert client.get(url).status_code == attendu, f"{role} sur {url}"


@pytest.mark.django_db
def test_anonyme_doit_se_connecter(client):
    candidat = CandidatFactory(cv=True)
    urls = [reverse(nom) for nom in PAGES_CANDIDAT] + [
        reverse("candidats:liste"),
        reverse("candidats:detail", args=[candidat.pk]),
        reverse("candidats:cv", args=[candidat.pk]),
    ]
    for url in urls:
        reponse = client.get(url)
        assert reponse.status_code == 302 and "/comptes/connexion/" in reponse["Location"], url
    assert client.get(INSCRIPTION).status_code == 200


@pytest.mark.django_db
def test_le_candidat_atterrit_sur_son_profil(client):
    candidat = CandidatFactory()
    client.force_login(candidat.utilisateur)
    reponse = client.get(reverse("comptes:espace"), follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("candidats:espace")
    assert "Mon profil" in reponse.text  # navigation entry


@pytest.mark.django_db
def test_candidat_sans_profil_est_invite_a_le_creer(client):
    h = habilitation(Role.CANDIDAT)
    client.force_login(h.utilisateur)
    reponse = client.get(reverse("candidats:espace"))
    assert reponse["Location"] == reverse("candidats:creer_profil")


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_cv_telechargeable_par_son_auteur_et_l_anct_seulement(client, role):
    candidat = CandidatFactory(cv=pdf_de_test("Le vrai CV"))
    if role == Role.CANDIDAT:
        client.force_login(candidat.utilisateur)
    else:
        client.force_login(habilitation(role).utilisateur)
    reponse = client.get(reverse("candidats:cv", args=[candidat.pk]))
    if role in (Role.CANDIDAT, Role.ANCT):
        assert reponse.status_code == 200
        assert reponse["Content-Type"] == "application/pdf"
        assert reponse["Content-Disposition"].startswith("attachment")
        assert "no-store" in reponse["Cache-Control"]
        assert b"Le vrai CV" in b"".join(reponse.streaming_content)
    else:
        assert reponse.status_code == 404


@pytest.mark.django_db
def test_le_fichier_du_cv_n_a_pas_d_adresse_publique(client):
    candidat = CandidatFactory(cv=True)
    assert client.get("/" + candidat.cv.name).status_code == 404
    assert client.get("/media/" + candidat.cv.name).status_code == 404


# --- Agents' list ----------------------------------------------------------------------------
@pytest.fixture
def vivier(db):
    gironde = DepartementFactory(code="33", nom="Gironde")
    rhone = DepartementFactory(code="69", nom="Rhône")
    return {
        "bordelaise": CandidatFactory(
            commune__departement=gironde,
            commune__nom="Bordeaux",
            utilisateur__prenom="Inès",
            utilisateur__nom="Bernard",
            utilisateur__email="ines.bernard@exemple.fr",
            utilisateur__telephone="0611111111",
            est_diplome_med_num=True,
            nom_diplome_med_num="Titre REMN",
            cv=True,
        ),
        "en_pause": CandidatFactory(
            commune__departement=gironde,
            utilisateur__prenom="Hugo",
            utilisateur__nom="Petit",
            statut=Candidat.Statut.NON_DISPONIBLE,
        ),
        "lyonnais": CandidatFactory(
            commune__departement=rhone,
            commune__nom="Lyon",
            utilisateur__prenom="Karim",
            utilisateur__nom="Haddad",
            utilisateur__email="karim.haddad@exemple.fr",
        ),
        "supprime": CandidatFactory(
            commune=None,
            departement=gironde,
            date_naissance=None,
            motivation="",
            supprime_le=timezone.now(),
            motif_suppression="autre",
            utilisateur__prenom="Zoé",
            utilisateur__nom="Effacée",
        ),
    }


def personnel(texte: str) -> list[str]:
    """The personal data of the candidate of Bordeaux that appear in a text."""
    traces = ["ines.bernard@exemple.fr", "0611111111", "06 11 11 11 11", "17/05/1990", "1990-05-17"]
    return [t for t in traces if t in texte]


@pytest.mark.django_db
def test_la_prefecture_voit_son_departement_sans_donnees_personnelles(client, vivier):
    prefecture = habilitation(Role.PREFECTURE, departement=DepartementFactory(code="33"))
    client.force_login(prefecture.utilisateur)
    reponse = client.get(reverse("candidats:liste"))
    assert "Inès B." in reponse.text and "Hugo P." in reponse.text
    assert "Karim" not in reponse.text  # another département
    assert "Zoé" not in reponse.text  # deleted
    assert "Bernard" not in reponse.text  # only the initial of the name
    assert not personnel(reponse.text)
    assert "2 candidats" in reponse.text

    detail = client.get(reverse("candidats:detail", args=[vivier["bordelaise"].pk]))
    assert "Inès B." in detail.text and "Titre REMN" in detail.text
    assert not personnel(detail.text)
    assert reverse("candidats:cv", args=[vivier["bordelaise"].pk]) not in detail.text
    assert client.get(reverse("candidats:detail", args=[vivier["lyonnais"].pk])).status_code == 404


@pytest.mark.django_db
def test_l_anct_voit_tout_le_vivier_et_les_coordonnees_en_detail(client, vivier):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(reverse("candidats:liste"))
    assert "Inès B." in reponse.text and "Karim H." in reponse.text
    assert "ines.bernard@exemple.fr" not in reponse.text
    detail = client.get(reverse("candidats:detail", args=[vivier["bordelaise"].pk]))
    assert "ines.bernard@exemple.fr" in detail.text and "06 11 11 11 11" in detail.text
    assert reverse("candidats:cv", args=[vivier["bordelaise"].pk]) in detail.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filtres,presents,absents",
    [
        ({"departement": "69"}, ["Karim H."], ["Inès B.", "Hugo P."]),
        ({"situation": "est_diplome_med_num"}, ["Inès B."], ["Karim H.", "Hugo P."]),
        ({"statut": "non_disponible"}, ["Hugo P."], ["Inès B.", "Karim H."]),
        ({"statut": "inconnu"}, [], ["Inès B.", "Karim H.", "Hugo P."]),
    ],
)
def test_filtres_de_la_liste(client, vivier, filtres, presents, absents):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(reverse("candidats:liste"), filtres)
    for nom in presents:
        assert nom in reponse.text
    for nom in absents:
        assert nom not in reponse.text


@pytest.mark.django_db
def test_la_prefecture_ne_filtre_pas_hors_de_son_departement(client, vivier):
    prefecture = habilitation(Role.PREFECTURE, departement=DepartementFactory(code="33"))
    client.force_login(prefecture.utilisateur)
    reponse = client.get(reverse("candidats:liste"), {"departement": "69"})
    assert "Karim" not in reponse.text
    assert "Sélectionnez un choix valide" in reponse.text


@pytest.mark.django_db
def test_pagination(client):
    gironde = DepartementFactory(code="33")
    commune = CommuneFactory(departement=gironde)
    for _ in range(51):
        CandidatFactory(commune=commune)
    client.force_login(habilitation(Role.ANCT).utilisateur)
    premiere = client.get(reverse("candidats:liste"))
    assert len(re.findall(r'href="/candidats/\d+/"', premiere.text)) == 50
    assert "51 candidats" in premiere.text and "1 / 2" in premiere.text
    seconde = client.get(reverse("candidats:liste"), {"page": 2})
    assert len(re.findall(r'href="/candidats/\d+/"', seconde.text)) == 1
    assert "2 / 2" in seconde.text


@pytest.mark.django_db
def test_export_csv_filtre_sans_courriel_ni_telephone(client, vivier):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(reverse("candidats:liste"), {"departement": "33", "format": "csv"})
    assert reponse.streaming
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    lignes = list(csv.reader(io.StringIO(contenu), delimiter=";"))
    assert lignes[0][:3] == ["Numéro", "Candidat", "Commune"]
    assert sorted(ligne[1] for ligne in lignes[1:]) == ["Hugo P.", "Inès B."]
    assert not personnel(contenu) and "@" not in contenu and "Bernard" not in contenu


@pytest.mark.django_db
def test_export_xlsx_de_la_prefecture(client, vivier):
    prefecture = habilitation(Role.PREFECTURE, departement=DepartementFactory(code="33"))
    client.force_login(prefecture.utilisateur)
    reponse = client.get(reverse("candidats:liste"), {"format": "xlsx"})
    classeur = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    valeurs = [list(ligne) for ligne in classeur.active.iter_rows(values_only=True)]
    assert len(valeurs) == 3  # header + the two candidates of Gironde
    texte = repr(valeurs)
    assert "Karim" not in texte and "@" not in texte and not personnel(texte)


@pytest.mark.django_db
def test_export_format_inconnu(client, vivier):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    assert client.get(reverse("candidats:liste"), {"format": "pdf"}).status_code == 404


# --- The candidate's space ----------------------------------------------------------------------
@pytest.fixture
def connecte(client, bordeaux):
    candidat = CandidatFactory(
        commune=bordeaux, utilisateur__email="alix@exemple.fr", utilisateur__prenom="Alix"
    )
    client.force_login(candidat.utilisateur)
    return candidat


@pytest.mark.django_db
def test_pause_et_reprise_depuis_l_espace(client, connecte):
    url = reverse("candidats:disponibilite")
    reponse = client.post(url, {"action": "pause"}, follow=True)
    assert "Votre candidature est en pause" in reponse.text
    assert "Je suis de nouveau disponible" in reponse.text
    connecte.refresh_from_db()
    assert connecte.statut == Candidat.Statut.NON_DISPONIBLE
    reponse = client.post(url, {"action": "reprise"}, follow=True)
    assert "Vous êtes de nouveau disponible" in reponse.text
    assert "Je ne suis plus disponible" in reponse.text
    assert client.get(url).status_code == 405
    assert client.post(url, {"action": "pirate"}).status_code == 404


@pytest.mark.django_db
def test_modifier_son_profil(client, connecte):
    url = reverse("candidats:modifier")
    page = client.get(url)
    assert 'value="33000 Bordeaux"' in page.text
    donnees = donnees_inscription(prenom="Alexis", distance_max="100", telephone="0700000000")
    reponse = client.post(url, donnees, follow=True)
    assert "Votre profil est mis à jour" in reponse.text
    connecte.refresh_from_db()
    assert connecte.distance_max == 100 and connecte.utilisateur.prenom == "Alexis"
    assert Evenement.objects.filter(action="candidat.modification").exists()


@pytest.mark.django_db
def test_modifier_ne_tolere_pas_une_nouvelle_date_passee(client, connecte):
    connecte.disponible_le = timezone.localdate() - timedelta(days=30)
    connecte.save()
    url = reverse("candidats:modifier")
    # The recorded date, now in the past, is kept as is…
    reponse = client.post(
        url, donnees_inscription(disponible_le=connecte.disponible_le.isoformat()), follow=True
    )
    assert "Votre profil est mis à jour" in reponse.text
    # …but a new date in the past is refused.
    hier = (timezone.localdate() - timedelta(days=1)).isoformat()
    reponse = client.post(url, donnees_inscription(disponible_le=hier, prenom="Autre"))
    assert "ne peut pas être dans le passé" in reponse.text
    connecte.utilisateur.refresh_from_db()
    assert connecte.utilisateur.prenom == "Alix"


@pytest.mark.django_db
def test_deposer_remplacer_et_supprimer_son_cv(client, connecte, fichiers_cv, courriels):
    url = reverse("candidats:cv_deposer")
    with courriels.envoi():
        reponse = client.post(url, {"cv": SimpleUploadedFile("cv.pdf", pdf_de_test())}, follow=True)
    assert "Votre CV est enregistré" in reponse.text
    [premier] = fichiers_cv()
    # A PNG renamed .pdf is refused; the current CV stays.
    reponse = client.post(url, {"cv": SimpleUploadedFile("cv.pdf", PNG)})
    assert "c’est une image PNG" in reponse.text and 'id="id_cv-desc-error"' in reponse.text
    assert fichiers_cv() == [premier]
    reponse = client.post(url, {})
    assert "Choisissez le fichier PDF de votre CV." in reponse.text
    with courriels.envoi():
        client.post(url, {"cv": SimpleUploadedFile("cv2.pdf", pdf_de_test("v2"))})
    assert len(fichiers_cv()) == 1 and fichiers_cv() != [premier]
    with courriels.envoi():
        reponse = client.post(reverse("candidats:cv_supprimer"), follow=True)
    assert "Votre CV est supprimé" in reponse.text and "Déposer mon CV" in reponse.text
    assert fichiers_cv() == []


@pytest.mark.django_db
def test_partager_et_retirer_ses_resultats_pix(client, connecte):
    url = reverse("candidats:pix")
    niveaux = {"informations": 4, "communication": 5, "contenus": 3, "protection": 9,
               "environnement": 4}  # fmt: skip
    reponse = client.post(url, {"score": 420, **niveaux})
    assert "inférieure ou égale à 8" in reponse.text
    assert 'id="id_protection-desc-error"' in reponse.text
    connecte.refresh_from_db()
    assert not connecte.pix_partage
    reponse = client.post(url, {"score": 420, **niveaux, "protection": 4}, follow=True)
    assert "Vos résultats Pix sont partagés" in reponse.text
    assert "420" in reponse.text and "Intermédiaire" in reponse.text
    reponse = client.post(reverse("candidats:pix_retirer"), follow=True)
    assert "ne sont plus partagés" in reponse.text
    connecte.refresh_from_db()
    assert connecte.pix_score is None


@pytest.mark.django_db
def test_telecharger_ses_donnees(client, connecte):
    reponse = client.get(reverse("candidats:mes_donnees"))
    assert reponse["Content-Disposition"].startswith("attachment")
    donnees = json.loads(reponse.content)
    assert donnees["compte"]["email"] == "alix@exemple.fr"
    assert donnees["candidature"]["commune"]["nom"] == "Bordeaux"
    assert Evenement.objects.filter(action="candidat.export_donnees").count() == 1


@pytest.mark.django_db
def test_supprimer_son_compte(client, connecte, courriels, fichiers_cv):
    url = reverse("candidats:supprimer")
    reponse = client.post(url, {"motif": "emploi_trouve", "mot_de_passe": "mauvais"})
    assert "Mot de passe incorrect." in reponse.text
    reponse = client.post(url, {"mot_de_passe": MOT_DE_PASSE})
    assert "Choisissez le motif de la suppression." in reponse.text
    connecte.refresh_from_db()
    assert not connecte.est_supprime
    with courriels.envoi():
        reponse = client.post(
            url, {"motif": "emploi_trouve", "mot_de_passe": MOT_DE_PASSE}, follow=True
        )
    assert "Votre compte candidat est supprimé" in reponse.text
    assert reponse.redirect_chain[-1][0] == reverse("public:accueil")
    # Logged out, and the old credentials no longer open anything.
    assert client.get(reverse("candidats:espace")).status_code == 302
    reponse = client.post(
        reverse("comptes:connexion"), {"username": "alix@exemple.fr", "password": MOT_DE_PASSE}
    )
    assert "incorrect" in reponse.text
    connecte.refresh_from_db()
    assert connecte.est_supprime and connecte.sexe and connecte.departement_id == "33"


# --- CV retention command -----------------------------------------------------------------------
@pytest.mark.django_db
def test_commande_purger_cv_simulation_par_defaut(capsys, fichiers_cv, courriels):
    vieux = CandidatFactory(cv__depose_le=timezone.now() - timedelta(days=190))
    CandidatFactory(cv=True)
    call_command("purger_cv")
    sortie = capsys.readouterr().out
    assert f"candidat n° {vieux.pk}" in sortie and "Simulation" in sortie
    assert len(fichiers_cv()) == 2
    with courriels.envoi():
        call_command("purger_cv", "--execute")
    assert "1 CV supprimé(s)" in capsys.readouterr().out
    assert len(fichiers_cv()) == 1
    call_command("purger_cv", "--execute")
    assert "0 CV supprimé(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_la_liste_ne_fait_pas_une_requete_par_candidat(client, django_assert_max_num_queries):
    commune = CommuneFactory(departement=DepartementFactory(code="33"))
    for _ in range(30):
        CandidatFactory(commune=commune)
    client.force_login(habilitation(Role.ANCT).utilisateur)
    with django_assert_max_num_queries(12):
        reponse = client.get(reverse("candidats:liste"))
    assert "30 candidats" in reponse.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "saisie", ["Bordeaux (33063)", "33000 Bordeaux", "Bordeaux", "Bordeaux (33000)"]
)
def test_inscription_accepte_nom_code_postal_ou_les_deux(client, bordeaux, courriels, saisie):
    """One commune field everywhere (issue 16): « Bordeaux (33063) » as the activity form
    writes it, « 33000 Bordeaux » as this form suggests it, or the name alone."""
    page = client.get(INSCRIPTION)
    assert "noyau/communes.js" in page.text and "data-communes" in page.text
    with courriels.envoi():
        client.post(INSCRIPTION, donnees_inscription(commune=saisie))
    assert Candidat.objects.get().commune_id == "33063"
