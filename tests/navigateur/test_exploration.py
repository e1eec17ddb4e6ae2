"""Every page, for every role that may open it, looked at by Chromium at 1280 and 375 px.

The world is the demo (``seed_demo`` over a handful of départements), built once per
xdist worker and removed afterwards; each role is signed in once and keeps its browser
context. Each page must answer under 400, log no console error and no uncaught page
error, have nothing blocked by the CSP, not overflow a 375-px screen sideways, and have
no serious or critical axe-core violation. A URL the resolver knows and the crawl does
not open fails ``test_chaque_url_est_couverte``.

``CONUM_EXPLORATION_JOURNAL=fichier.jsonl`` appends every defect found (one JSON line per
page and kind): the counts by kind that the issue notes quote.
"""

from __future__ import annotations

import json
import os

import pytest
from django.urls import reverse

from comptes.roles import Role

from . import exploration
from .fixtures import violations_graves

# ``django_db`` (not transactional) only so that the test database exists when the crawl
# runs alone: the world is committed once by the module fixture, and everything the pages
# need (sessions, URLs and their objects) is written before the first test.
pytestmark = [pytest.mark.navigateur, pytest.mark.django_db]

COMMUNES = {  # the communes the demo's structures and places need
    "33063": "33",
    "33281": "33",
    "69123": "69",
    "93066": "93",
    "97411": "974",
    "59350": "59",
}
EMAILS = {
    Role.ANCT: "anct@demo.conseiller-numerique.fr",
    Role.PREFECTURE: "prefecture33@demo.conseiller-numerique.fr",
    Role.HUB: "hub@demo.conseiller-numerique.fr",
    Role.STRUCTURE: "structure@demo.conseiller-numerique.fr",
    Role.GRAND_RESEAU: "reseau@demo.conseiller-numerique.fr",
    Role.OPERATEUR: "operateur@demo.conseiller-numerique.fr",
    Role.ORGANISME_FORMATION: "formation@demo.conseiller-numerique.fr",
    Role.CANDIDAT: "candidat@demo.conseiller-numerique.fr",
    Role.CONSEILLER: "conseiller1@demo.conseiller-numerique.fr",
    Role.COORDINATEUR: "coordinateur@demo.conseiller-numerique.fr",
}

# Collects CSP violations (the console message alone does not always name the resource).
SCRIPT_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""


class Monde:
    """The demo world, a live server and one browser context per (role, width)."""

    def __init__(self, navigateur, serveur):
        self.navigateur = navigateur
        self.serveur = serveur
        self.contextes = {}
        self.habilitations = {}
        self.cookies = {r: self._cookie_de_session(r) for r in EMAILS}
        self.urls = {}
        exclues = [
            (exclue, role)
            for exclue in exploration.EXCLUSIONS
            for role in exploration.roles(exclue, exploration.routes()[exclue])
        ]
        for nom, role in exploration.visites() + exclues:
            try:
                self.urls[nom, role] = self._url(nom, role)
            except LookupError as erreur:
                self.urls[nom, role] = erreur

    def habilitation(self, role):
        from comptes.models import Habilitation

        if role not in self.habilitations:
            self.habilitations[role] = Habilitation.objects.select_related(
                "utilisateur", "departement", "region", "structure", "reseau", "organisme"
            ).get(utilisateur__email=EMAILS[role], role=role)
        return self.habilitations[role]

    def page(self, role: str, largeur: int):
        cle = (role, largeur)
        if cle not in self.contextes:
            options = {"base_url": self.serveur.url, "locale": "fr-FR"}
            if largeur < 600:
                options.update(viewport={"width": largeur, "height": 740}, is_mobile=True)
            else:
                options.update(viewport={"width": largeur, "height": 900})
            contexte = self.navigateur.new_context(**options)
            contexte.add_init_script(SCRIPT_CSP)
            if role != exploration.ANONYME:
                contexte.add_cookies([self.cookies[role]])
            self.contextes[cle] = (contexte, contexte.new_page())
        return self.contextes[cle][1]

    def _cookie_de_session(self, role):
        from django.conf import settings
        from django.test import Client

        from comptes.acces import CLE_SESSION

        h = self.habilitation(role)
        client = Client()
        client.force_login(h.utilisateur, backend="comptes.backends.AuthentificationBackend")
        session = client.session
        session[CLE_SESSION] = h.pk
        session.save()
        return {
            "name": settings.SESSION_COOKIE_NAME,
            "value": session.session_key,
            "url": self.serveur.url,
        }

    def url(self, nom: str, role: str) -> str:
        url = self.urls[nom, role]
        if isinstance(url, LookupError):
            raise url
        return url

    def _url(self, nom: str, role: str) -> str:
        from comptes.acces import perimetre

        fonction = exploration.PARAMETRES.get(nom)
        motif = exploration.routes()[nom]
        if fonction is None:
            if motif.pattern.converters:
                raise LookupError(f"{nom} : aucun objet pour ses paramètres (PARAMETRES)")
            return reverse(nom)
        h = None if role == exploration.ANONYME else self.habilitation(role)
        return reverse(nom, kwargs=fonction(h, perimetre(h)))

    def fermer(self):
        for contexte, _ in self.contextes.values():
            contexte.close()


@pytest.fixture(scope="module")
def monde(django_db_setup, django_db_blocker, navigateur):
    from django.core.management import call_command
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from territoires.tests.factories import CommuneFactory, DepartementFactory

    reglages = override_settings(
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        ALLOWED_HOSTS=["localhost", "127.0.0.1"],
        TACHES_IMMEDIATES=True,
    )
    reglages.enable()
    # The live server runs in a thread of this process: the database stays open to it for
    # the whole module, and everything written is committed (and flushed at the end).
    with django_db_blocker.unblock():
        try:
            for code in ("24", "40", "47", "64"):
                DepartementFactory(code=code)
            for insee, dep in COMMUNES.items():
                CommuneFactory(code_insee=insee, departement=DepartementFactory(code=dep))
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
            _completer_le_monde()
            serveur = LiveServer("localhost")
            m = Monde(navigateur, serveur)
            yield m
            m.fermer()
            serveur.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)
            reglages.disable()


def _completer_le_monde():
    """What the demo over a handful of départements lacks for every page to show itself:
    chefs-lieux (the dashboards' map places each département there), the open-data files
    (generated nightly in production) and an advisor in the demo network's scope."""
    from comptes.models import Habilitation
    from comptes.tests.factories import habilitation
    from public import donnees_ouvertes
    from structures.models import Structure
    from territoires.models import Commune, Departement

    membre = Structure.objects.filter(reseau__isnull=False).order_by("pk").first()
    if (
        membre
        and not Habilitation.objects.filter(
            role=Role.CONSEILLER, structure__reseau=membre.reseau_id
        ).exists()
    ):
        habilitation(Role.CONSEILLER, structure=membre)

    for d in Departement.objects.filter(chef_lieu=""):
        commune = Commune.objects.filter(departement=d).order_by("code_insee").first()
        if commune:
            Departement.objects.filter(pk=d.pk).update(chef_lieu=commune.code_insee)
    donnees_ouvertes.generer()


def _journaliser(nom, role, largeur, defauts):
    chemin = os.environ.get("CONUM_EXPLORATION_JOURNAL")
    if not chemin or not defauts:
        return
    with open(chemin, "a", encoding="utf-8") as f:
        for genre, detail in defauts:
            ligne = {"url": nom, "role": role, "largeur": largeur, "genre": genre}
            f.write(json.dumps({**ligne, "detail": detail}, ensure_ascii=False) + "\n")


def inspecter(page, url: str, largeur: int) -> list[tuple[str, str]]:
    """The defects a person would notice on this page, as (kind, detail)."""
    defauts = []
    console, erreurs = [], []

    def sur_console(message):
        if message.type == "error":
            console.append(message.text)

    def sur_erreur(erreur):
        erreurs.append(str(erreur))

    page.on("console", sur_console)
    page.on("pageerror", sur_erreur)
    try:
        reponse = page.goto(url, wait_until="load")
        statut = reponse.status if reponse else 0
        if statut >= 400:
            defauts.append(("statut", f"{statut} sur {url}"))
        if "/comptes/connexion/?next=" in page.url:
            defauts.append(("statut", f"{url} renvoie à la connexion"))
        for texte in console:
            genre = "csp" if "Content Security Policy" in texte else "console"
            defauts.append((genre, texte[:300]))
        defauts += [("erreur-js", e[:300]) for e in erreurs]
        defauts += [("csp", v) for v in page.evaluate("window.__csp || []")]
        if largeur < 600:
            largeur_page = page.evaluate("document.documentElement.scrollWidth")
            if largeur_page > largeur:
                defauts.append(("debordement", f"{largeur_page} px de large"))
        defauts += [("axe", v) for v in violations_graves(page)]
    finally:
        page.remove_listener("console", sur_console)
        page.remove_listener("pageerror", sur_erreur)
    return defauts


@pytest.mark.parametrize("largeur", exploration.LARGEURS)
@pytest.mark.parametrize(
    ("nom", "role"), exploration.visites(), ids=[f"{n}-{r}" for n, r in exploration.visites()]
)
def test_page(monde, nom, role, largeur):
    url = monde.url(nom, role)
    defauts = inspecter(monde.page(role, largeur), url, largeur)
    _journaliser(nom, role, largeur, defauts)
    assert defauts == [], f"{url} ({role}, {largeur} px)"


def test_chaque_url_est_couverte():
    """No URL escapes the crawl: each one is visited (with its parameters) or excluded as a
    non-page, and the exclusions name real URLs."""
    routes = exploration.routes()
    assert set(exploration.EXCLUSIONS) <= set(routes), "exclusion d’une URL inconnue"
    sans_parametres = [
        nom
        for nom, motif in routes.items()
        if nom not in exploration.EXCLUSIONS
        and motif.pattern.converters
        and nom not in exploration.PARAMETRES
    ]
    assert sans_parametres == []
    visitees = {nom for nom, _ in exploration.visites()}
    assert visitees | set(exploration.EXCLUSIONS) == set(routes)


# What an excluded URL must answer to a GET, by kind.
def _est_une_action(reponse):
    return reponse.status == 405


def _est_un_fichier(reponse):
    type_ = reponse.headers.get("content-type", "")
    return reponse.status < 400 and (
        "attachment" in reponse.headers.get("content-disposition", "")
        or not type_.startswith("text/html")
    )


def _est_du_json(reponse):
    type_ = reponse.headers.get("content-type", "").split(";")[0]
    return type_ == "application/json" or type_.endswith("+json")  # problem+json: 401


def _est_un_prefixe(reponse):
    return reponse.status == 404


def _est_une_integration_fermee(reponse):
    return reponse.status == 404


CONTROLES = {
    "integration": _est_une_integration_fermee,
    "post": _est_une_action,
    "fichier": _est_un_fichier,
    "json": _est_du_json,
    "prefixe": _est_un_prefixe,
}


def test_exclusions_ne_sont_pas_des_pages(monde):
    """Each excluded URL really is a non-page: a GET by a role that may open it answers
    405 (an action), a file, or JSON."""
    from playwright.sync_api import Error

    pas_conformes = []
    for nom, genre in exploration.EXCLUSIONS.items():
        motif = exploration.routes()[nom]
        roles = exploration.roles(nom, motif)
        role, url = roles[0], None
        if not motif.pattern.converters:
            url = reverse(nom)
        elif genre == "post":  # refused before any object is looked up
            url = reverse(nom, kwargs=dict.fromkeys(motif.pattern.converters, "1"))
        else:
            for role in roles:  # the first role with an object in its scope
                try:
                    url = monde.url(nom, role)
                    break
                except LookupError:
                    continue
        if url is None:
            pas_conformes.append((nom, "aucun objet pour ses paramètres"))
            continue
        if genre == "post" and role == exploration.ANONYME:
            role = Role.ANCT  # behind login_required, anonymous users are sent to sign in
        page = monde.page(role, 1280)
        try:
            requete = url + exploration.REQUETES.get(nom, "")
            reponse = page.context.request.get(requete, max_redirects=0)
        except Error as erreur:
            pas_conformes.append((nom, str(erreur)[:100]))
            continue
        if not CONTROLES[genre](reponse):
            pas_conformes.append((nom, f"{reponse.status} {reponse.headers.get('content-type')}"))
    assert pas_conformes == [], "\n".join(f"{n} : {d}" for n, d in pas_conformes)
