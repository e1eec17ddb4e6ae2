"""The life of a post, through the screens only (issue 14 §1).

Factories set up the world before step 1 (territories, the agents of each role, candidates
in the pool); from then on every change goes through a page, as a person would make it, and
each step checks what that person reads. The clock moves between steps with time-machine.
Any browser console error or uncaught page error fails the journey.
"""

import os
import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from candidats.tests.factories import CandidatFactory
from comptes.roles import Role
from comptes.tests.factories import MOT_DE_PASSE, HabilitationFactory, UtilisateurFactory
from conventions.tests.factories import PDF
from structures.tests.factories import siret_valide
from territoires.tests.factories import CommuneFactory, DepartementFactory, RegionFactory

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]

PARIS = ZoneInfo("Europe/Paris")
T0 = time.monotonic()
SIRET = siret_valide(4711)
EMAIL_STRUCTURE = "dgs@mairie-agen.fr"
MOTIVATION = (
    "Beaucoup d’habitants du quartier viennent en mairie pour leurs démarches en ligne et "
    "repartent sans solution : un conseiller les accompagnera au quotidien."
)


# --- The world before step 1 ------------------------------------------------------------------


def _monde():
    region = RegionFactory(code="75", nom="Nouvelle-Aquitaine")
    lot_et_garonne = DepartementFactory(
        code="47", nom="Lot-et-Garonne", region=region, population=330000, chef_lieu="47001"
    )
    agen = CommuneFactory(
        code_insee="47001",
        nom="Agen",
        departement=lot_et_garonne,
        codes_postaux=["47000"],
        latitude=44.2033,
        longitude=0.6163,
    )
    boe = CommuneFactory(
        code_insee="47031",
        nom="Boé",
        departement=lot_et_garonne,
        codes_postaux=["47550"],
        latitude=44.1606,
        longitude=0.6292,
    )
    prefecture = HabilitationFactory(
        role=Role.PREFECTURE,
        departement=lot_et_garonne,
        utilisateur__email="pref@lot-et-garonne.gouv.fr",
        utilisateur__prenom="Paule",
        utilisateur__nom="Préfète",
    )
    anct = HabilitationFactory(
        role=Role.ANCT, utilisateur__email="comite@anct.gouv.fr", utilisateur__prenom="Anne"
    )
    operateur = HabilitationFactory(
        role=Role.OPERATEUR,
        utilisateur__email="instruction@caissedesdepots.fr",
        utilisateur__prenom="Olivier",
    )
    # Two candidates of the pool near Agen: one with an account and a password, one whose
    # account never had a usable password (registered by a partner, say).
    jeanne = CandidatFactory(
        commune=agen,
        departement=lot_et_garonne,
        utilisateur__email="jeanne.dupont@exemple.fr",
        utilisateur__prenom="Jeanne",
        utilisateur__nom="Dupont",
        cv=True,
    )
    sans_mdp = UtilisateurFactory(
        email="louis.sans-mot-de-passe@exemple.fr", prenom="Louis", nom="Bernard"
    )
    sans_mdp.set_unusable_password()
    sans_mdp.save()
    louis = CandidatFactory(commune=boe, departement=lot_et_garonne, utilisateur=sans_mdp)
    return {
        "agen": agen,
        "boe": boe,
        "prefecture": prefecture.utilisateur,
        "anct": anct.utilisateur,
        "operateur": operateur.utilisateur,
        "jeanne": jeanne,
        "louis": louis,
    }


# --- Helpers ----------------------------------------------------------------------------------


class Navigateur:
    """One browser context per person; every console error of every page is kept."""

    def __init__(self, navigateur, base_url, erreurs):
        self.navigateur, self.base_url, self.erreurs = navigateur, base_url, erreurs
        self.pages = []

    def personne(self, *, largeur=1280, mobile=False):
        contexte = self.navigateur.new_context(
            base_url=self.base_url,
            locale="fr-FR",
            viewport={"width": largeur, "height": 900},
            is_mobile=mobile,
        )
        page = contexte.new_page()
        page.set_default_timeout(20000)
        self.pages.append(page)
        page.on(
            "console",
            lambda m: self.erreurs.append(f"{page.url} : {m.text}") if m.type == "error" else None,
        )
        page.on("pageerror", lambda e: self.erreurs.append(f"{page.url} : {e}"))
        if os.environ.get("PARCOURS_TEMPS"):
            page.on("load", lambda p: print(f"{time.monotonic() - T0:6.1f} s  {p.url}"))
        return page


def connecter(page, email, mot_de_passe=MOT_DE_PASSE):
    print(f"{time.monotonic() - T0:6.1f} s  connexion de {email}")
    page.goto("/comptes/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(mot_de_passe)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def cocher(case) -> None:
    """A DSFR box or radio is ticked by clicking its label, as a person does."""
    identifiant = case.get_attribute("id")
    case.page.locator(f"label[for='{identifiant}']").click()
    assert case.is_checked()


def texte(page) -> str:
    """What the page says (its text, as written: badges are upper-cased by CSS only)."""
    return " ".join(page.locator("main").text_content().split())


def titre(page) -> str:
    return " ".join(page.locator("h1").first.inner_text().split())


def message(page) -> str:
    """The messages shown after an action (DSFR alerts)."""
    return " ".join(" ".join(page.locator(".fr-alert").all_text_contents()).split())


# What a person must read but another part of issue 14 delivers (French money format…):
# checked at every step, reported together at the end, so that one missing format does not
# hide the rest of the journey. The test fails if any is missing.
MANQUES: list[str] = []


def attendre(page, attendu: str) -> None:
    if attendu not in texte(page):
        MANQUES.append(f"{page.url} : « {attendu} » n’est pas affiché")


def lien_du_courriel(destinataire: str, sujet: str) -> str:
    courriels = [m for m in mail.outbox if destinataire in m.to and sujet in m.subject]
    assert courriels, (destinataire, sujet, [(m.to, m.subject) for m in mail.outbox])
    liens = re.findall(r"https?://\S+", courriels[-1].body)
    assert liens, courriels[-1].body
    return liens[0]


@pytest.fixture
def monde(live_server, settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    # E-mail links point at the configured site address: here, the live server.
    settings.SITE_URL = live_server.url
    return _monde()


class Horloge:
    """Moves the clock forward only: the browser keeps its own clock, and a cookie dated in
    its past would be dropped."""

    def __init__(self):
        self.decalage = timedelta(0)
        self.voyage = None

    def avancer(self, **duree):
        self.decalage += timedelta(**duree)
        if self.voyage is not None:
            self.voyage.stop()
        self.voyage = time_machine.travel(datetime.now(PARIS) + timedelta(**duree), tick=True)
        self.voyage.start()

    def arreter(self):
        if self.voyage is not None:
            self.voyage.stop()


@pytest.fixture
def horloge():
    h = Horloge()
    yield h
    h.arreter()


@pytest.fixture
def personnes(navigateur, live_server):
    erreurs: list[str] = []
    personnes = Navigateur(navigateur, live_server.url, erreurs)
    MANQUES.clear()
    yield personnes
    if os.environ.get("PARCOURS_CAPTURES"):  # to look at the screens when writing a step
        for i, page in enumerate(personnes.pages):
            chemin = f"{os.environ['PARCOURS_CAPTURES']}/page{i}"
            page.screenshot(path=chemin + ".png", full_page=True)
            with open(chemin + ".html", "w") as f:
                f.write(page.content())
    assert MANQUES == [], "Ce que la personne ne voit pas :\n" + "\n".join(MANQUES)
    assert erreurs == [], "Erreurs dans la console du navigateur :\n" + "\n".join(erreurs)


# --- The journey ------------------------------------------------------------------------------


def etape_1_la_structure_s_inscrit(page):
    page.goto("/structures/inscription/")
    assert titre(page) == "Inscrire une structure d’accueil"
    page.get_by_label("Numéro SIRET").fill(SIRET[:3] + " " + SIRET[3:6] + " " + SIRET[6:])
    page.get_by_label("Nom de la structure", exact=True).fill("Mairie d’Agen")
    page.get_by_label("Type juridique").select_option(label="Commune")
    page.get_by_label("Adresse (numéro et voie)").fill("Place du Docteur Esquirol")
    page.get_by_label("Commune").fill("47000 Agen")
    page.get_by_label("Prénom", exact=True).fill("Claire")
    page.get_by_label("Nom", exact=True).fill("Durand")
    page.get_by_label("Fonction").fill("Directrice générale des services")
    page.get_by_label("Adresse électronique").fill(EMAIL_STRUCTURE)
    page.get_by_label("Téléphone").fill("05 53 69 47 47")
    page.get_by_label(re.compile(r"^\s*Mot de passe")).fill(MOT_DE_PASSE)
    page.get_by_label("Confirmation du mot de passe").fill(MOT_DE_PASSE)
    page.get_by_label("Nombre de postes de conseillers numériques souhaités").fill("2")
    cocher(page.get_by_role("group", name="Souhaitez-vous aussi un poste").get_by_label("Non"))
    page.get_by_label("Lieux d’exercice et missions prévus").fill(
        "Accueil de la mairie, médiathèque, permanences au centre social du Pin."
    )
    page.get_by_label("Date de début de mission souhaitée").fill(
        (datetime.now(PARIS) + timedelta(days=45)).date().isoformat()
    )
    cocher(page.get_by_label("Quartier prioritaire de la politique de la ville (QPV)"))
    page.get_by_label("Motivation").fill(MOTIVATION)
    cocher(page.get_by_role("group", name="Avez-vous déjà identifié un").get_by_label("Non"))
    cocher(page.get_by_label("Je m’engage"))
    page.get_by_role("button", name="Déposer la candidature").click()
    page.wait_for_load_state()
    assert "Mairie d’Agen" in texte(page), texte(page)
    assert EMAIL_STRUCTURE in texte(page)
    # The e-mail received: its link confirms the address.
    page.goto(lien_du_courriel(EMAIL_STRUCTURE, "Confirmez"))
    assert "Votre adresse électronique est confirmée" in message(page)
    connecter(page, EMAIL_STRUCTURE)
    assert titre(page) == "Mairie d’Agen"
    assert "Prochaine étape" in texte(page)


def etape_2_la_prefecture_donne_un_avis_favorable(page, monde):
    connecter(page, monde["prefecture"].email)
    page.goto("/instruction/prefecture/")
    assert titre(page).startswith("Demandes à instruire")
    ligne = page.get_by_role("row").filter(has_text="Mairie d’Agen")
    assert "A. Intégrer le dispositif" in ligne.inner_text()
    ligne.get_by_role("link", name="Donner l’avis").click()
    assert titre(page) == "Avis sur la demande de Mairie d’Agen"
    cocher(page.get_by_label("Favorable", exact=True))
    page.get_by_label("Commentaire").fill(
        "Projet porté par les élus, en lien avec la France Services du quartier du Pin."
    )
    page.get_by_role("button", name="Enregistrer l’avis").click()
    assert "Avis favorable enregistré pour Mairie d’Agen." in message(page)


def etape_3_l_anct_prepare_et_confirme_le_comite(page, monde):
    connecter(page, monde["anct"].email)
    page.goto("/instruction/comites/")
    assert titre(page) == "Comités de sélection"
    # The committee is planned a week ahead, then confirmed today (issue 14 §3: confirmed
    # early, it used to date its decisions in the future and the signature was refused).
    prevu = (datetime.now(PARIS) + timedelta(days=8)).date()
    page.get_by_label("Date du comité").fill(prevu.isoformat())
    page.get_by_role("button", name="Préparer le comité").click()
    assert "est en préparation" in message(page)
    ligne = page.get_by_role("row").filter(has_text="Mairie d’Agen")
    assert "Acceptée" in ligne.text_content()
    raison = ligne.locator("td").nth(5).inner_text()
    assert raison.strip(), "the preview gives the reason of each line"
    aujourd_hui = datetime.now(PARIS).date()
    assert f"datés du jour de la confirmation ({aujourd_hui:%d/%m/%Y})" in texte(page)
    cocher(page.get_by_label(re.compile("Je confirme ces décisions")))
    page.get_by_role("button", name="Confirmer les décisions du comité").click()
    assert "est confirmé : 1 décision d’acceptation" in message(page), message(page)
    assert f"du {aujourd_hui:%d/%m/%Y}" in titre(page)
    return raison


def etape_4_la_structure_recrute(page, monde):
    page.goto("/structures/espace/")
    assert titre(page) == "Mairie d’Agen"
    vu = texte(page)
    assert "Décision du comité de sélection n° 1" in vu
    assert "2 postes accordés" in vu
    echeance = re.search(r"Recrutez avant le (\d\d/\d\d/\d{4})", vu)
    assert echeance, vu
    page.get_by_role("link", name="Voir les candidats qui correspondent à votre structure").click()
    assert titre(page) == "Recruter votre conseiller numérique"
    liste = texte(page)
    assert "Jeanne D." in liste and "Louis B." in liste, liste
    for nom in ("Jeanne D.", "Louis B."):
        page.goto("/recrutement/")
        page.get_by_role("link", name=nom, exact=True).click()
        page.get_by_role("button", name="Présélectionner").click()
        assert "Candidat présélectionné" in message(page)
        page.get_by_role("link", name="Valider cette candidature").click()
        page.get_by_label("Type de contrat").select_option(label="CDI")
        debut = (datetime.now(PARIS) + timedelta(days=14)).date()
        page.get_by_label("Date de début du contrat").fill(debut.isoformat())
        page.get_by_label(re.compile(r"^\s*Salaire brut mensuel")).fill("2 100")
        page.get_by_label(re.compile(r"^\s*Taille de la tenue")).select_option(label="M")
        publiee = (datetime.now(PARIS) - timedelta(days=40)).date()
        page.get_by_label(re.compile(r"^\s*Date de publication de la fiche")).fill(
            publiee.isoformat()
        )
        page.get_by_role("button", name="Valider cette candidature").click()
        assert "Candidature validée" in message(page), texte(page)
        attendre(page, "2 100,00 €")


def etape_5_l_anct_valide_les_recrutements(page):
    page.goto("/recrutement/validations/")
    assert titre(page) == "Recrutements à valider"
    for nom in ("Jeanne D.", "Louis B."):
        page.get_by_role("button", name=f"Valider le recrutement de {nom}").click()
        assert f"Recrutement validé : {nom} est en poste." in message(page)
    assert "Aucun recrutement à valider." in texte(page)


PIECES = [
    "Fiche SIRENE de la structure",
    "Pièce d’identité des représentants légaux",
    "Délibération de l’organe délibérant",
    "Contrat de travail signé",
    "Relevé d’identité bancaire",
]


def etape_6_la_structure_depose_les_pieces(page):
    for nom in ("Jeanne Dupont", "Louis Bernard"):
        page.goto("/structures/espace/")
        prochaine = page.locator(".fr-callout").filter(
            has_text=f"complétez le dossier de subvention de {nom}"
        )
        assert "déposez les 5 pièces suivantes" in prochaine.text_content()
        for libelle in PIECES:
            assert libelle in prochaine.text_content()
        prochaine.get_by_role("link", name=re.compile("Déposer les pièces")).click()
        assert titre(page).startswith("Dossier de subvention n°")
        assert "Il manque encore 5 pièces" in texte(page)
        for i, libelle in enumerate(PIECES):
            page.get_by_label("Pièce", exact=True).select_option(label=libelle)
            page.get_by_label(re.compile(r"^\s*Fichier")).set_input_files(
                {"name": f"piece-{i}.pdf", "mimeType": "application/pdf", "buffer": PDF}
            )
            page.get_by_role("button", name="Déposer la pièce").click()
            assert "La pièce est déposée" in message(page), texte(page)
        assert "Toutes les pièces requises sont déposées." in texte(page)
    page.goto("/structures/espace/")
    assert "complétez le dossier de subvention" not in texte(page)


def etape_7_l_operateur_instruit_et_signe(page, monde):
    connecter(page, monde["operateur"].email)
    page.goto("/conventions/dossiers/")
    liens = page.get_by_role("row").filter(has_text="Mairie d’Agen").get_by_role("link")
    adresses = [liens.nth(i).get_attribute("href") for i in range(liens.count())]
    adresses = sorted({a for a in adresses if re.search(r"/dossiers/\d+/$", a)})
    assert len(adresses) == 2, adresses
    for adresse in adresses:
        page.goto(adresse)
        assert "Toutes les pièces requises sont déposées." in texte(page)
        for libelle in PIECES:
            page.get_by_role("button", name=f"Accepter la pièce « {libelle} »").click()
            assert "La pièce est vérifiée." in message(page)
        page.get_by_role("button", name="Accepter et calculer la subvention").click()
        assert "Dossier accepté : subvention de" in message(page), texte(page)
        attendre(page, "Subvention : 50 000,00 €")
    page.get_by_role("link", name="Voir la convention et l’échéancier").click()
    assert titre(page) == "Convention de Mairie d’Agen"
    aujourd_hui = datetime.now(PARIS).date()
    page.get_by_label("Date de signature").fill(aujourd_hui.isoformat())
    page.get_by_role("button", name="Enregistrer la signature").click()
    assert "La convention est signée ; l’échéancier est calculé." in message(page), texte(page)
    echeancier(page)
    return page.url


def echeancier(page):
    """The tranche schedule: 20 %, 30 %, 50 % of 50,000 € per post, in French money format."""
    vu = texte(page)
    assert "Subventions et échéancier" in vu
    for montant in ("10 000,00 €", "15 000,00 €", "25 000,00 €"):
        attendre(page, montant)
    assert page.locator("table").filter(has_text="Due le").count() == 2


INVITATION = "Vous êtes invité sur la plateforme Conseiller numérique"


def accueil_du_conseiller(page, prenom):
    """The advisor's home leads with « Nouveau compte rendu » and their own figures."""
    assert titre(page) == f"Bonjour {prenom}", (page.url, texte(page)[:400])
    premier = page.locator("main a.fr-btn").first
    assert premier.inner_text().strip() == "Nouveau compte rendu"
    assert "Vos accompagnements" in texte(page)


def etape_8_jeanne_accepte_l_invitation(page):
    """A candidate with a password: the link, then « Se connecter », then the invitation."""
    page.goto(lien_du_courriel("jeanne.dupont@exemple.fr", INVITATION))
    assert titre(page) == "Vous êtes invité"
    page.locator("main").get_by_role("link", name="Se connecter").click()
    page.get_by_label("Adresse électronique").fill("jeanne.dupont@exemple.fr")
    page.get_by_label("Mot de passe", exact=True).fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Se connecter").click()
    assert titre(page) == "Vous êtes invité"
    page.get_by_role("button", name="Accepter l’invitation").click()
    assert "Vous avez désormais le rôle" in message(page)
    accueil_du_conseiller(page, "Jeanne")


def etape_8_louis_sans_mot_de_passe(page):
    """A candidate whose account never had a usable password sets one on the invitation."""
    page.goto(lien_du_courriel("louis.sans-mot-de-passe@exemple.fr", INVITATION))
    assert titre(page) == "Vous êtes invité"
    assert "Choisissez votre mot de passe" in texte(page), texte(page)
    page.get_by_label(re.compile(r"^\s*Mot de passe")).fill(MOT_DE_PASSE)
    page.get_by_label("Confirmation du mot de passe").fill(MOT_DE_PASSE)
    page.get_by_role("button", name="Choisir mon mot de passe et accepter").click()
    assert "Vous avez désormais le rôle" in message(page), texte(page)
    accueil_du_conseiller(page, "Louis")


def etape_9_le_conseiller_rend_compte_sur_son_telephone(page):
    assert page.viewport_size["width"] == 375
    # Two weeks later: the session has expired; Louis logs in with the password he chose.
    connecter(page, "louis.sans-mot-de-passe@exemple.fr")
    accueil_du_conseiller(page, "Louis")
    page.get_by_role("link", name="Nouveau compte rendu").first.click()
    assert titre(page) == "Nouveau compte rendu"
    page.get_by_role("link", name="Accompagnement individuel").click()
    cocher(page.get_by_label("À distance", exact=True))
    page.get_by_label("Commune de l’accompagnement").fill("47000 Agen")
    cocher(page.get_by_label("Navigation sur internet", exact=True))
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    assert "Compte rendu enregistré : accompagnement individuel du" in message(page), texte(page)
    page.goto("/activite/comptes-rendus/nouveau/")
    page.get_by_role("link", name="Atelier collectif").click()
    cocher(page.get_by_label("À distance", exact=True))
    page.get_by_label("Commune de l’accompagnement").fill("47000 Agen")
    page.get_by_label("Titre de l’atelier").fill("Premiers pas sur la tablette")
    page.get_by_label("Nombre de participants").fill("6")
    cocher(page.get_by_label("Prendre en main du matériel", exact=True))
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    assert "Compte rendu enregistré : atelier collectif du" in message(page), texte(page)
    largeur = page.evaluate("document.documentElement.scrollWidth")
    assert largeur <= 375, f"la page déborde : {largeur} px"
    page.goto("/espace/")
    chiffres = texte(page)
    assert "7 ce mois-ci" in chiffres or "7 depuis votre arrivée" in chiffres, chiffres


def chiffre_statistiques(page, libelle="Accompagnements") -> str:
    bloc = page.locator(".conum-chiffre").filter(
        has=page.locator(".conum-chiffre__libelle", has_text=libelle)
    )
    return bloc.locator(".conum-chiffre__valeur").first.inner_text().strip()


def chiffres_pilotage(page) -> dict:
    """« N postes occupés », « N conseillers en poste » on a dashboard."""
    vu = texte(page)
    return {
        cle: (re.search(rf"(\d[\d\s\u202f\u00a0]*) {cle}", vu) or [None, None])[1]
        for cle in ("postes occupés", "conseillers en poste")
    }


def etape_10_les_chiffres_partout(structure, prefecture, anct, public, monde):
    """7 accompaniments (1 individual + a workshop of 6), 2 posts filled, 2 advisors in post,
    on every page that shows them."""
    connecter(structure, EMAIL_STRUCTURE)
    connecter(prefecture, monde["prefecture"].email)
    connecter(anct, monde["anct"].email)
    for page in (structure, prefecture, anct):
        page.goto("/activite/statistiques/")
        assert chiffre_statistiques(page) == "7", (page.url, texte(page)[:600])
    structure.goto("/structures/espace/")
    assert "Postes occupés / attribués : 2/2" in texte(structure)
    for page in (prefecture, anct):
        page.goto("/pilotage/")
        vus = chiffres_pilotage(page)
        if vus != {"postes occupés": "2", "conseillers en poste": "2"}:
            MANQUES.append(f"{page.url} : {vus} au lieu de 2 postes occupés, 2 conseillers")
    public.goto("/chiffres-cles/")
    assert titre(public) == "Chiffres clés du dispositif"
    tuiles = {
        " ".join(t.locator("h2").inner_text().split()): t.locator("p.fr-h2").inner_text().strip()
        for t in public.locator(".fr-tile").all()
    }
    assert tuiles["Accompagnements réalisés"] == "7", tuiles
    if (tuiles["Postes attribués"], tuiles["Conseillers en poste"]) != ("2", "2"):
        MANQUES.append(f"/chiffres-cles/ : {tuiles}")
    attendre(public, "dont 2 occupés")


def test_la_vie_d_un_poste(monde, personnes, horloge):
    structure = personnes.personne()
    etape_1_la_structure_s_inscrit(structure)
    etape_2_la_prefecture_donne_un_avis_favorable(personnes.personne(), monde)
    anct = personnes.personne()
    etape_3_l_anct_prepare_et_confirme_le_comite(anct, monde)
    etape_4_la_structure_recrute(structure, monde)
    etape_5_l_anct_valide_les_recrutements(anct)
    etape_6_la_structure_depose_les_pieces(structure)
    operateur = personnes.personne()
    etape_7_l_operateur_instruit_et_signe(operateur, monde)
    structure.goto("/conventions/ma-convention/")
    echeancier(structure)
    jeanne = personnes.personne()
    etape_8_jeanne_accepte_l_invitation(jeanne)
    louis = personnes.personne(largeur=375, mobile=True)
    etape_8_louis_sans_mot_de_passe(louis)
    horloge.avancer(days=16)  # the contracts have started
    etape_9_le_conseiller_rend_compte_sur_son_telephone(louis)
    etape_10_les_chiffres_partout(
        structure, personnes.personne(), anct, personnes.personne(), monde
    )


# --- The rest of a post's life ----------------------------------------------------------------


@pytest.fixture
def structure_en_fonctionnement(monde):
    """Before step 1 of this second journey: Mairie d’Agen has a signed convention and two
    advisors in post (built by the services, as the first journey does through the screens)."""
    from conventions.tests.factories import il_y_a, recrutement_finalise, subvention_acceptee
    from recrutement.tests.factories import structure_avec_postes

    y = structure_avec_postes(monde["agen"], postes=2, nom="Mairie d’Agen")
    HabilitationFactory(role=Role.STRUCTURE, structure=y, utilisateur__email=EMAIL_STRUCTURE)
    premier = recrutement_finalise(y, date_debut=il_y_a(-20))
    second = recrutement_finalise(y, date_debut=il_y_a(-20))
    for mer in (premier, second):
        subvention_acceptee(mer, signer_le=il_y_a(0))
    return {"y": y, "premier": premier, "second": second}


def declarer_et_valider_la_rupture(structure, anct, mer):
    nom = mer.candidat.utilisateur.nom_complet
    structure.goto("/conventions/ma-convention/")
    structure.get_by_role("link", name=nom).first.click()
    assert titre(structure) == f"Contrat de {nom}"
    aujourd_hui = datetime.now(PARIS).date()
    structure.get_by_label("Date de la rupture").fill(aujourd_hui.isoformat())
    structure.get_by_label("Motif", exact=True).select_option(label="Démission")
    structure.get_by_role("button", name="Déclarer la rupture").click()
    assert "La rupture est déclarée ; l’équipe nationale va la valider." in message(structure)
    anct.goto("/conventions/a-valider/")
    assert titre(anct) == "Ruptures, renouvellements et prolongations à valider"
    anct.get_by_role("button", name=f"Valider la rupture de {nom}").click()
    assert "La rupture est validée : le poste est vacant" in message(anct), texte(anct)


def comite(anct, structure_nom):
    """ANCT prepares a committee today and confirms it; the line of that structure."""
    anct.goto("/instruction/comites/")
    anct.get_by_role("button", name="Préparer le comité").click()
    assert "est en préparation" in message(anct), texte(anct)
    ligne = anct.get_by_role("row").filter(has_text=structure_nom).first.text_content()
    cocher(anct.get_by_label(re.compile("Je confirme ces décisions")))
    anct.get_by_role("button", name="Confirmer les décisions du comité").click()
    assert "est confirmé" in message(anct), texte(anct)
    return " ".join(ligne.split())


def test_rupture_poste_vacant_restitution_puis_comite(
    monde, structure_en_fonctionnement, personnes, horloge
):
    horloge.avancer(days=30)  # both contracts have run for ten days
    structure, anct = personnes.personne(), personnes.personne()
    connecter(structure, EMAIL_STRUCTURE)
    connecter(anct, monde["anct"].email)
    structure.goto("/structures/espace/")
    assert "Postes occupés / attribués : 2/2" in texte(structure)

    # A rupture declared and validated: the post is vacant.
    declarer_et_valider_la_rupture(structure, anct, structure_en_fonctionnement["premier"])
    structure.goto("/structures/espace/")
    assert "Postes occupés / attribués : 1/2 (1 vacant)" in texte(structure), texte(structure)

    # The structure returns it (E).
    structure.goto("/instruction/mes-demandes/")
    structure.get_by_role("link", name=re.compile("Déposer une demande E")).click()
    assert titre(structure) == "E. Restituer un poste"
    structure.get_by_label(re.compile(r"^\s*Nombre de postes de conseillers à rendre")).fill("1")
    structure.get_by_label("Motif", exact=True).select_option(
        label="Le besoin n’est pas ou plus justifié"
    )
    structure.get_by_label(re.compile(r"^\s*Précisions")).fill(
        "La médiathèque a recruté une médiatrice sur ses fonds propres."
    )
    structure.get_by_role("button", name="Déposer la demande").click()
    assert "est déposée" in message(structure), texte(structure)

    # The next committee frees it.
    ligne = comite(anct, "Mairie d’Agen")
    assert "Acceptée" in ligne, ligne
    assert "1 libéré" in texte(anct), texte(anct)
    structure.goto("/structures/espace/")
    assert "Postes occupés / attribués : 1/1" in texte(structure), texte(structure)


def donner_avis(prefecture, structure_nom, *, transfert=False):
    prefecture.goto("/instruction/prefecture/")
    prefecture.get_by_role(
        "link", name=f"Donner l’avis sur la demande de {structure_nom}", exact=True
    ).click()
    cocher(prefecture.get_by_label("Favorable", exact=True))
    if transfert:
        case = prefecture.get_by_label(re.compile("Cette demande est un transfert de poste"))
        if case.count() and not case.is_checked():
            cocher(case)
    prefecture.get_by_label("Commentaire").fill(
        "Transfert cohérent : le CCAS reprend les permanences du quartier."
    )
    prefecture.get_by_role("button", name="Enregistrer l’avis").click()
    assert f"Avis favorable enregistré pour {structure_nom}." in message(prefecture)


def test_transfert_d_un_poste_et_de_sa_subvention(
    monde, structure_en_fonctionnement, personnes, horloge
):
    """H: Mairie d’Agen transfers a vacant post to the CCAS of Boé, in the same département;
    the subsidy follows it [002 « H »]."""
    from recrutement import services as recrutement
    from structures.tests.factories import StructureFactory

    # Before step 1: one of Agen's advisors left (rupture validated), the post is vacant;
    # the CCAS of Boé has registered on the platform.
    horloge.avancer(days=30)
    premier = structure_en_fonctionnement["premier"]
    recrutement.declarer_rupture(
        premier.pk, date_rupture=datetime.now(PARIS).date(), motif="demission"
    )
    recrutement.valider_rupture(premier.pk)
    z = StructureFactory(
        nom="CCAS de Boé",
        type="CCAS_CIAS",
        commune=monde["boe"],
        departement=monde["boe"].departement,
    )
    HabilitationFactory(role=Role.STRUCTURE, structure=z, utilisateur__email="ccas@boe.fr")

    structure, cedee, prefecture, anct, operateur = (personnes.personne() for _ in range(5))
    connecter(structure, EMAIL_STRUCTURE)
    structure.goto("/instruction/mes-demandes/")
    structure.get_by_role("link", name=re.compile("Déposer une demande H")).click()
    structure.get_by_label(re.compile(r"^\s*Nombre de postes de conseillers à transférer")).fill(
        "1"
    )
    structure.get_by_label(re.compile(r"^\s*SIRET de la structure d’accueil")).fill(z.siret)
    structure.get_by_label(re.compile(r"^\s*Précisions")).fill(
        "Le CCAS de Boé reprend les permanences que tenait notre conseillère."
    )
    structure.get_by_role("button", name="Déposer la demande").click()
    assert "est déposée" in message(structure), texte(structure)

    connecter(cedee, "ccas@boe.fr")
    cedee.goto("/instruction/mes-demandes/")
    proposition = cedee.locator(".fr-callout").filter(has_text="proposé en transfert")
    assert "Mairie d’Agen" in proposition.text_content()
    cedee.get_by_role("link", name=re.compile("Déposer une demande A")).click()
    cedee.get_by_label(re.compile(r"^\s*Nombre de postes")).fill("1")
    cedee.get_by_label(re.compile(r"^\s*Transfert : SIRET")).fill(
        structure_en_fonctionnement["y"].siret
    )
    cedee.get_by_label(re.compile(r"^\s*Lieux d’exercice")).fill(
        "Permanences au CCAS et à la médiathèque."
    )
    cedee.get_by_label(re.compile(r"^\s*Motivation")).fill(MOTIVATION)
    cocher(cedee.get_by_label(re.compile("Je m’engage")))
    cedee.get_by_role("button", name="Déposer la demande").click()
    assert "est déposée" in message(cedee), texte(cedee)

    connecter(prefecture, monde["prefecture"].email)
    donner_avis(prefecture, "Mairie d’Agen", transfert=True)
    donner_avis(prefecture, "CCAS de Boé", transfert=True)

    connecter(anct, monde["anct"].email)
    ligne = comite(anct, "CCAS de Boé")
    assert "Acceptée" in ligne and "transfert" in ligne, ligne

    # The subsidy follows the post: the operator moves it to the CCAS's convention.
    connecter(operateur, monde["operateur"].email)
    operateur.goto("/conventions/")
    operateur.get_by_role("row").filter(has_text="CCAS de Boé").get_by_role("link").first.click()
    assert titre(operateur) == "Convention de CCAS de Boé"
    assert "Subventions à transférer" in texte(operateur), texte(operateur)
    operateur.get_by_role("button", name=re.compile("Transférer la subvention")).click()
    assert "transf" in message(operateur), texte(operateur)
    cedee.goto("/conventions/ma-convention/")
    assert "reçue par transfert" in texte(cedee), texte(cedee)


def test_renouvellement_de_la_convention(monde, structure_en_fonctionnement, personnes, horloge):
    """B: the structure asks to renew its convention; no prefecture opinion, no committee:
    the operator accepts and signs the renewal convention [002 « B »]."""
    horloge.avancer(days=30)
    structure, operateur = personnes.personne(), personnes.personne()
    connecter(structure, EMAIL_STRUCTURE)
    structure.goto("/instruction/mes-demandes/")
    structure.get_by_role("link", name=re.compile("Déposer une demande B")).click()
    assert titre(structure).startswith("B. ")
    for champ in structure.locator("main textarea").all():
        champ.fill("Les deux conseillers sont en poste ; nous poursuivons le projet trois ans.")
    engagement = structure.get_by_label(re.compile("Je m’engage"))
    if engagement.count():
        cocher(engagement)
    structure.get_by_role("button", name="Déposer la demande").click()
    assert "est déposée" in message(structure), texte(structure)

    connecter(operateur, monde["operateur"].email)
    operateur.goto("/conventions/renouvellements/")
    assert titre(operateur) == "Renouvellements demandés"
    operateur.get_by_role("button", name="Accepter le renouvellement de Mairie d’Agen").click()
    assert "La convention de renouvellement est ouverte, à signer." in message(operateur)
    aujourd_hui = datetime.now(PARIS).date()
    operateur.get_by_label("Date de signature").fill(aujourd_hui.isoformat())
    operateur.get_by_role("button", name="Enregistrer la signature").click()
    assert "La convention est signée" in message(operateur), texte(operateur)
    structure.goto("/conventions/ma-convention/")
    assert titre(structure) == "Convention de Mairie d’Agen"
    assert f"signée le {aujourd_hui:%d/%m/%Y}" in texte(structure), texte(structure)[:500]
