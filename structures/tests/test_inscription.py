"""The public sign-up of a structure and its application (request A)."""

import html
import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comptes.models import Evenement, Habilitation, Utilisateur
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, UtilisateurFactory, habilitation
from instruction.choix import PosteCoordinateur, StatutDemande, TypeDemande
from instruction.models import Demande
from noyau.tests.outils import chemin_du_lien, sans_nonce
from structures import services
from structures.choix import Nature, StatutStructure, TypeStructure
from structures.models import Structure
from structures.tests.factories import ReseauFactory, StructureFactory

SIRET = "21330063500017"
URL = reverse("structures:inscription")


def donnees(**surcharges) -> dict:
    base = {
        "siret": "213 300 635 00017",
        "nom": "Mairie de Bordeaux",
        "type": TypeStructure.COMMUNE,
        "reseau": "",
        "adresse": "Place Pey-Berland",
        "commune": "Bordeaux (33000)",
        "contact_prenom": "Claire",
        "contact_nom": "Dupuis",
        "contact_fonction": "Directrice générale des services",
        "contact_email": "Claire.Dupuis@mairie-bordeaux.fr",
        "contact_telephone": "05 56 10 20 30",
        "mot_de_passe1": MOT_DE_PASSE,
        "mot_de_passe2": MOT_DE_PASSE,
        "nombre_postes": "2",
        "poste_coordinateur": PosteCoordinateur.TEMPS_PARTIEL,
        "lieux_missions": "Médiathèque Mériadeck et permanences dans les mairies de quartier.",
        "date_debut_souhaitee": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "politiques_prioritaires": ["QPV", "FRANCE_SERVICES"],
        "motivation": "Beaucoup d’habitants de nos quartiers prioritaires renoncent à leurs "
        "droits faute d’accompagnement aux démarches en ligne.",
        "candidat_identifie": "non",
        "engagement": "on",
    }
    base.update(surcharges)
    return {k: v for k, v in base.items() if v is not None}


def erreur_du_champ(page: str, champ: str) -> str:
    """The error text shown right under a field (the DSFR ``…-desc-error`` block)."""
    trouve = re.search(rf'id="id_{champ}-desc-error">(.*?)</div>', page, re.S)
    assert trouve, f"pas d’erreur affichée sous le champ {champ}"
    return html.unescape(re.sub(r"<[^>]+>", " ", trouve.group(1)))


def lien(message) -> str:
    return chemin_du_lien(message, r"https?://\S+/comptes/verifier/\S+")


@pytest.mark.django_db
def test_inscription_complete_puis_confirmation_connexion_et_espace(client, communes, courriels):
    reseau = ReseauFactory(nom="Réseau national des centres sociaux connectés")
    with courriels.envoi():
        reponse = client.post(URL, donnees(reseau=reseau.pk), follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("structures:inscription_envoyee")
    assert "claire.dupuis@mairie-bordeaux.fr" in reponse.text

    structure = Structure.objects.get()
    assert structure.siret == SIRET
    assert structure.statut == StatutStructure.CREEE
    assert structure.departement_id == "33" and structure.commune == communes["bordeaux"]
    assert structure.code_postal == "33000"
    assert structure.nature == Nature.PUBLIQUE
    assert structure.reseau == reseau
    assert structure.contact_telephone == "0556102030"

    gestionnaire = Utilisateur.objects.get(email="claire.dupuis@mairie-bordeaux.fr")
    assert not gestionnaire.is_active  # until the address is confirmed
    assert gestionnaire.telephone == "0556102030"
    assert Habilitation.objects.filter(
        utilisateur=gestionnaire, role=Role.STRUCTURE, structure=structure
    ).exists()

    demande = Demande.objects.get()
    assert (demande.type, demande.statut) == (TypeDemande.A, StatutDemande.DEPOSEE)
    assert demande.nombre_postes == 2
    assert demande.poste_coordinateur == PosteCoordinateur.TEMPS_PARTIEL
    assert demande.politiques_prioritaires == ["QPV", "FRANCE_SERVICES"]
    assert demande.engagement_le is not None and demande.deposee_par == gestionnaire
    assert [(h.de, h.vers) for h in demande.historique.all()] == [("", StatutDemande.DEPOSEE)]
    assert Evenement.objects.filter(action="structure.inscription", cible_id=str(structure.pk))

    sujets = sorted(m.subject for m in courriels.outbox)
    assert sujets == [
        "[Conseiller numérique] Confirmez votre adresse électronique",
        "[Conseiller numérique] Votre candidature est enregistrée",
    ]
    recapitulatif = next(m for m in courriels.outbox if "candidature" in m.subject)
    assert "Mairie de Bordeaux (SIRET 21330063500017)" in recapitulatif.body
    assert "postes de conseillers numériques souhaités : 2" in recapitulatif.body

    # The link of the confirmation e-mail activates the account; the manager logs in.
    confirmation = next(m for m in courriels.outbox if "Confirmez" in m.subject)
    reponse = client.get(lien(confirmation), follow=True)
    assert "Votre adresse électronique est confirmée" in reponse.text
    gestionnaire.refresh_from_db()
    assert gestionnaire.is_active
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": "claire.dupuis@mairie-bordeaux.fr", "password": MOT_DE_PASSE},
        follow=True,
    )
    assert reponse.redirect_chain[-1][0] == reverse("structures:espace")
    assert "<h1>Mairie de Bordeaux</h1>" in reponse.text
    assert "Non traitée" in reponse.text
    assert "préfecture de votre département" in reponse.text


@pytest.mark.django_db
def test_avant_confirmation_la_connexion_est_refusee(client, communes, courriels):
    with courriels.envoi():
        client.post(URL, donnees())
    reponse = client.post(
        reverse("comptes:connexion"),
        {"username": "claire.dupuis@mairie-bordeaux.fr", "password": MOT_DE_PASSE},
    )
    assert "pas encore confirmée" in reponse.text


@pytest.mark.django_db
def test_association_privee_et_nature_jamais_saisie(client, communes, courriels):
    with courriels.envoi():
        client.post(
            URL,
            donnees(
                siret="77567227200017",
                nom="Les Connectés",
                type=TypeStructure.ASSOCIATION,
                nature="publique",  # not a field: ignored
            ),
        )
    structure = Structure.objects.get()
    assert structure.nature == Nature.PRIVEE
    assert "nature" not in {f.name for f in Structure._meta.get_fields()}


AUTRE_SIRET = StructureFactory.build().siret


@pytest.mark.django_db
@pytest.mark.parametrize(
    "champ,valeur,message",
    [
        ("siret", "21330063500018", "clé de contrôle est fausse"),
        ("siret", "2133006350001", "14 chiffres (vous en avez saisi 13)"),
        ("siret", "", "Ce champ est obligatoire"),
        ("type", TypeStructure.ENTREPRISE, "entreprise à but lucratif n’est pas éligible"),
        ("type", TypeStructure.SERVICE_ETAT, "services de l’État ne peuvent pas"),
        ("type", "SOCIETE", "Sélectionnez un choix valide"),
        ("commune", "Xyzzyville", "Aucune commune ne correspond"),
        ("commune", "Saint-Denis", "Plusieurs communes portent ce nom"),
        ("commune", "", "Ce champ est obligatoire."),
        ("contact_email", "pas-une-adresse", "Saisissez une adresse de courriel valide"),
        ("contact_telephone", "12", "Numéro de téléphone invalide"),
        ("mot_de_passe2", "Autre-mot-de-passe-2026", "ne correspondent pas"),
        ("mot_de_passe1", "court", "trop court"),
        ("nombre_postes", "-1", "ne peut pas être négatif"),
        ("nombre_postes", "500", "Au-delà de 100 postes"),
        ("nombre_postes", "0", "au moins un poste de conseiller, ou un poste de coordinateur"),
        ("poste_coordinateur", "mi-temps", "Sélectionnez un choix valide"),
        ("date_debut_souhaitee", "2020-01-01", "ne peut pas être dans le passé"),
        ("date_debut_souhaitee", "demain", "Saisissez une date valide"),
        ("politiques_prioritaires", ["QPV", "LUNE"], "Sélectionnez un choix valide"),
        ("motivation", "Parce que.", "50 caractères au moins"),
        ("motivation", "x" * 2501, "limitée à 2500 caractères"),
        ("lieux_missions", "", "Ce champ est obligatoire"),
        ("candidat_identifie", "", "Ce champ est obligatoire"),
        ("engagement", None, "Cochez la case d’engagement"),
    ],
)
def test_saisie_invalide_erreur_en_francais_sous_le_champ_et_rien_d_enregistre(
    client, communes, courriels, champ, valeur, message
):
    surcharge = {champ: valeur}
    if champ == "nombre_postes" and valeur == "0":
        surcharge["poste_coordinateur"] = PosteCoordinateur.AUCUN
    if champ == "mot_de_passe1":
        surcharge["mot_de_passe2"] = valeur
    with courriels.envoi():
        reponse = client.post(URL, donnees(**surcharge))
    assert reponse.status_code == 200
    assert message in erreur_du_champ(reponse.text, champ)
    assert "Le formulaire contient" in reponse.text
    assert not Structure.objects.exists()
    assert not Utilisateur.objects.exists()
    assert not Demande.objects.exists()
    assert courriels.outbox == []


@pytest.mark.django_db
def test_siret_deja_inscrit_refuse_avec_un_message_clair(client, communes, courriels):
    StructureFactory(siret=SIRET, nom="Mairie de Bordeaux")
    with courriels.envoi():
        reponse = client.post(URL, donnees())
    assert "déjà inscrite avec ce SIRET" in erreur_du_champ(reponse.text, "siret")
    assert Structure.objects.count() == 1
    assert not Utilisateur.objects.exists() and not Demande.objects.exists()
    assert courriels.outbox == []


@pytest.mark.django_db
def test_adresse_deja_utilisee_par_un_compte_repond_comme_une_nouvelle(client, communes, courriels):
    UtilisateurFactory(email="claire.dupuis@mairie-bordeaux.fr")
    with courriels.envoi():
        connue = client.post(URL, donnees(), follow=True)
    assert not Structure.objects.exists() and not Demande.objects.exists()
    with courriels.envoi():
        nouvelle = client.post(URL, donnees(contact_email="nouvelle@exemple.fr"), follow=True)
    titulaire = courriels.outbox[0]
    assert titulaire.to == ["claire.dupuis@mairie-bordeaux.fr"]
    assert "rien n’a été enregistré" in titulaire.body and "refaites la démarche" in titulaire.body
    assert connue.redirect_chain == nouvelle.redirect_chain
    # The same page, but for the address typed.
    assert sans_nonce(connue.text).replace("claire.dupuis@mairie-bordeaux.fr", "@") == (
        sans_nonce(nouvelle.text).replace("nouvelle@exemple.fr", "@")
    )
    assert "existe déjà" not in connue.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "saisie,code_insee",
    [
        ("Bordeaux (33000)", "33063"),
        ("bordeaux", "33063"),
        ("33700", "33281"),
        ("Saint-Denis (97400)", "97411"),
        ("Saint-Denis (93200)", "93066"),
    ],
)
def test_la_commune_se_saisit_sans_javascript(client, communes, courriels, saisie, code_insee):
    with courriels.envoi():
        client.post(URL, donnees(commune=saisie))
    assert Structure.objects.get().commune_id == code_insee


@pytest.mark.django_db
def test_commune_ambigue_propose_les_choix(client, communes):
    reponse = client.post(URL, donnees(commune="Saint-Denis"))
    erreur = erreur_du_champ(reponse.text, "commune")
    assert "Saint-Denis (93200)" in erreur and "Saint-Denis (97400)" in erreur
    assert "Indiquez aussi le code postal" in erreur


@pytest.mark.django_db
def test_une_personne_connectee_inscrit_une_structure_sans_recreer_de_compte(
    client, communes, courriels
):
    candidat = habilitation(Role.CANDIDAT)
    client.force_login(candidat.utilisateur)
    page = client.get(URL)
    assert 'name="mot_de_passe1"' not in page.text and 'name="contact_email"' not in page.text
    with courriels.envoi():
        reponse = client.post(URL, donnees(contact_email=None), follow=True)
    assert reponse.redirect_chain[-1][0] == reverse("structures:espace")
    structure = Structure.objects.get()
    assert structure.contact_email == candidat.utilisateur.email
    assert Habilitation.objects.filter(
        utilisateur=candidat.utilisateur, role=Role.STRUCTURE, structure=structure
    ).exists()
    assert Utilisateur.objects.count() == 1
    # Only the summary: the address is already confirmed.
    assert [m.subject for m in courriels.outbox] == [
        "[Conseiller numérique] Votre candidature est enregistrée"
    ]


def _inscrire(siret, email, commune):
    return services.inscrire_structure(
        siret=siret,
        structure={
            "nom": "Mairie",
            "type": TypeStructure.COMMUNE,
            "adresse": "1 place de la Mairie",
            "commune": commune,
            "contact_prenom": "Léa",
            "contact_nom": "Morel",
            "contact_fonction": "DGS",
            "contact_email": email,
            "contact_telephone": "0556000000",
        },
        demande={"nombre_postes": 1, "engagement": True},
        mot_de_passe=MOT_DE_PASSE,
    )


@pytest.mark.django_db
def test_le_service_refuse_un_type_inelegible_et_un_siret_faux(communes):
    with pytest.raises(services.InscriptionImpossible, match="2014-856") as refus:
        services.inscrire_structure(
            siret=SIRET,
            structure={"type": TypeStructure.ENTREPRISE},
            demande={},
            mot_de_passe=MOT_DE_PASSE,
        )
    assert refus.value.champ == "type"
    with pytest.raises(services.InscriptionImpossible, match="clé de contrôle"):
        _inscrire("21330063500018", "a@exemple.fr", communes["bordeaux"])
    assert not Structure.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deux_inscriptions_simultanees_du_meme_siret(communes):
    """Two sign-ups with the same SIRET at once: one structure; the other is told clearly,
    and nothing of it is kept (no account, no request)."""
    commune = communes["bordeaux"]
    barriere = threading.Barrier(2)
    resultats = []

    def inscrire(email):
        try:
            barriere.wait()
            _inscrire(SIRET, email, commune)
            resultats.append("ok")
        except services.InscriptionImpossible as erreur:
            resultats.append((erreur.champ, str(erreur)))
        finally:
            connection.close()

    fils = [
        threading.Thread(target=inscrire, args=(e,)) for e in ("un@mairie.fr", "deux@mairie.fr")
    ]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(resultats, key=str) == sorted(
        ["ok", ("siret", services.MESSAGE_SIRET_DEJA_INSCRIT)], key=str
    )
    assert Structure.objects.count() == 1
    assert Utilisateur.objects.count() == 1
    assert Demande.objects.count() == 1
    assert Habilitation.objects.count() == 1


@pytest.mark.django_db
def test_course_perdue_le_message_s_affiche_sous_le_siret(client, communes, courriels, monkeypatch):
    """The form passed, but another sign-up took the SIRET meanwhile: the page says so."""

    def course_perdue(**kwargs):
        raise services.InscriptionImpossible(services.MESSAGE_SIRET_DEJA_INSCRIT, "siret")

    monkeypatch.setattr(services, "inscrire_structure", course_perdue)
    with courriels.envoi():
        reponse = client.post(URL, donnees())
    assert reponse.status_code == 200
    assert "déjà inscrite avec ce SIRET" in erreur_du_champ(reponse.text, "siret")
    assert courriels.outbox == []
