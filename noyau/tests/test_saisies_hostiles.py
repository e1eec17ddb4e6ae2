"""Hostile input against every input the URL registry knows: never a server error, never
a change (issue 15).

« Bad input gets a clear French error and changes nothing — never a server error. »

On the demo data set, each role's pages are discovered by following links from its space
(as a browser would), and each page's inputs are read from its HTML: the parameters of its
links and GET forms (searches, filters, exports), the fields of its POST forms. Each input
then receives, one at a time, a NUL byte, control characters, 10,000 characters, bytes
that are not UTF-8 and bidirectional marks:

- a parameter: the page and its CSV export must answer below 500;
- a form field (every other field at the value the page gave it): a 4xx or the form again
  with an error, and no row added or removed anywhere (one count of every table);
- every registered URL pattern with text in its path gets the same values in the path;
- every query parameter and body field of the partner API, read from its OpenAPI schema,
  with a token holding every scope: 4xx, nothing saved.

The figures (pages, fields, requests, errors) are printed with ``-s``.
"""

from __future__ import annotations

import json
import re
import time
from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from activite.models import Lieu
from api import services as api_services
from api.choix import Scope
from api.v1 import api as api_v1
from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import habilitation

from .test_seed_demo import territoires_minimaux  # noqa: F401 (fixture)

HOSTILES = {
    "nul": "a\x00b",
    "controle": "a\x1b[2Jb\x07\x08",
    "long": "x" * 10_000,
    "utf8": b"caf\xe9\xff\xfe",
    "rtl": "abc\u202edcba\u200f",
}
# Pages never followed: leaving the session, Django's admin (ANCT only; its forms are
# Django's own and the middleware refuses unreadable input there as everywhere).
EXCLUS = ("/static/", "/media/", "/administration/", "/comptes/deconnexion/")
# Tables that a refused request may still write: the session, the login attempts counted by
# django-axes, the job queue, the API rate counters.
VOLATILES = ("django_session", "axes_", "procrastinate_", "api_compteurdebit")
MARQUES_D_ERREUR = (
    "fr-alert--error",
    "fr-error-text",
    "fr-message--error",
    "fr-input-group--error",
)
PARAMETRE_DE_CHEMIN = re.compile(r"<(?:(?P<convertisseur>\w+):)?(?P<nom>\w+)>")
VISITES_PAR_NOM = 1  # pages walked per URL name (and text arguments)


class Page(HTMLParser):
    """Links and forms of an HTML page, as a browser would submit them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.liens: list[str] = []
        self.formulaires: list[dict] = []
        self._formulaire = None
        self._select = None
        self._zone = None
        self.feed(html)

    def handle_starttag(self, balise, attributs):
        a = {k: (v if v is not None else "") for k, v in attributs}
        if balise == "a" and a.get("href"):
            self.liens.append(a["href"])
        elif balise == "form":
            self._formulaire = {
                "methode": a.get("method", "get").lower(),
                "action": a.get("action", ""),
                "champs": [],  # (name, value or None, kind)
            }
            self.formulaires.append(self._formulaire)
        elif self._formulaire is None or not a.get("name") and balise != "option":
            return
        elif balise == "input":
            genre = a.get("type", "text").lower()
            if genre in ("checkbox", "radio"):
                valeur = a.get("value", "on") if "checked" in a else None
            elif genre in ("submit", "image", "reset", "button"):
                return
            else:
                valeur = a.get("value", "")
            self._formulaire["champs"].append([a["name"], valeur, genre])
        elif balise == "button" and a.get("type", "submit") == "submit":
            if not any(c[2] == "bouton" for c in self._formulaire["champs"]):
                self._formulaire["champs"].append([a["name"], a.get("value", ""), "bouton"])
        elif balise == "select":
            self._select = [a["name"], None, "select", "multiple" in a]
            self._formulaire["champs"].append(self._select)
        elif balise == "option" and self._select is not None:
            if "selected" in a or self._select[1] is None and not self._select[3]:
                self._select[1] = a.get("value", "")
        elif balise == "textarea":
            self._zone = [a["name"], "", "textarea"]
            self._formulaire["champs"].append(self._zone)

    def handle_data(self, donnees):
        if self._zone is not None:
            self._zone[1] += donnees

    def handle_endtag(self, balise):
        if balise == "form":
            self._formulaire = None
        elif balise == "select":
            self._select = None
        elif balise == "textarea":
            self._zone = None


def _nom(chemin: str) -> str | None:
    try:
        correspondance = resolve(chemin)
    except Resolver404:
        return None
    return correspondance.view_name


def _cle(chemin: str) -> str | None:
    """The URL name, with its text arguments (``espace/<str:role>/``: one page per role)."""
    try:
        correspondance = resolve(chemin)
    except Resolver404:
        return None
    textes = [str(v) for v in correspondance.kwargs.values() if not str(v).isdigit()]
    return "/".join([correspondance.view_name, *textes])


def _interne(lien: str, base: str) -> tuple[str, list] | None:
    morceaux = urlsplit(lien)
    if morceaux.scheme or morceaux.netloc or lien.startswith(("mailto:", "tel:", "#")):
        return None
    chemin = morceaux.path or base
    if not chemin.startswith("/") or chemin.startswith(EXCLUS):
        return None
    return chemin, parse_qsl(morceaux.query, keep_blank_values=True)


def _comptes() -> dict:
    """table → rows, for every table of the project, in one query."""
    tables = sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if not m._meta.db_table.startswith(VOLATILES) and m._meta.managed
    )
    colonnes = ", ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT {colonnes}")
        return dict(zip(tables, curseur.fetchone(), strict=True))


def _corps(paires) -> str:
    return urlencode(paires)


def _motifs(resolveur=None, prefixe="") -> list[tuple[str, str, list[str]]]:
    """Every registered pattern: (name, route, its non-integer path parameters)."""
    resolveur = resolveur or get_resolver()
    motifs = []
    for motif in resolveur.url_patterns:
        route = prefixe + str(motif.pattern)
        if isinstance(motif, URLResolver):
            if route.startswith("administration/"):
                continue
            motifs += _motifs(motif, route)
        elif isinstance(motif, URLPattern):
            nom = motif.name or ""
            espace = ":".join(resolveur.namespace for _ in [0] if resolveur.namespace)
            parametres = [
                n
                for n, c in motif.pattern.converters.items()
                if type(c).__name__ not in ("IntConverter",)
            ]
            motifs.append((f"{espace}:{nom}" if espace else nom, route, parametres))
    return motifs


class Releve:
    def __init__(self):
        self.requetes = 0
        self.erreurs: list[str] = []
        self.changements: list[str] = []
        self.acceptes: list[str] = []

    def noter(self, reponse, quoi: str, *, formulaire: bool = False) -> None:
        self.requetes += 1
        if reponse.status_code >= 500:
            self.erreurs.append(f"{reponse.status_code} {quoi}")
        elif formulaire and reponse.status_code < 400:
            texte = b"".join(reponse.streaming_content) if reponse.streaming else reponse.content
            if not any(m.encode() in texte for m in MARQUES_D_ERREUR):
                self.acceptes.append(f"{reponse.status_code} {quoi}")


def _explorer(clients: dict[str, Client], releve: Releve):
    """Pages reached by following links from each role's space: url name → [(role, path,
    query parameters seen, the page)]."""
    pages: dict[str, list] = defaultdict(list)
    parametres: dict[str, set] = defaultdict(set)
    for role, client in clients.items():
        depart = client.get("/espace/" if role != "anonyme" else "/", follow=True)
        a_visiter = [depart.redirect_chain[-1][0] if depart.redirect_chain else "/"]
        vus = set()
        premiere = True
        while a_visiter:
            chemin_complet = a_visiter.pop(0)
            chemin, requete = _interne(chemin_complet, "/") or (None, None)
            if chemin is None or chemin in vus:
                continue
            vus.add(chemin)
            nom = _cle(chemin)
            if nom is not None:
                parametres[nom].update(k for k, _ in requete)
            # Each role's first page is walked even when another role saw its URL name.
            if nom is None or len(pages.get(nom, ())) >= VISITES_PAR_NOM and not premiere:
                continue
            premiere = False
            reponse = client.get(chemin, follow=True)
            releve.noter(reponse, f"GET {chemin} ({role})")
            if reponse.streaming or "html" not in reponse.get("Content-Type", ""):
                continue
            page = Page(reponse.content.decode("utf-8", "replace"))
            if len(pages.get(nom, ())) < VISITES_PAR_NOM:
                pages[nom].append((role, chemin, page))
            for lien in page.liens:
                interne = _interne(lien, chemin)
                if interne:
                    cible = _cle(interne[0])
                    if cible:
                        parametres[cible].update(k for k, _ in interne[1])
                    a_visiter.append(interne[0])
            for f in page.formulaires:
                if f["methode"] == "get":
                    cible = _cle(urlsplit(f["action"]).path or chemin)
                    if cible:
                        parametres[cible].update(c[0] for c in f["champs"])
    return pages, parametres


def _json_hostile(corps: dict, champ: str, valeur) -> bytes:
    if isinstance(valeur, bytes):  # not UTF-8: written raw into the JSON text
        return json.dumps({**corps, champ: "@@"}).encode().replace(b'"@@"', b'"' + valeur + b'"')
    return json.dumps({**corps, champ: valeur}).encode()


def _api(clients, releve) -> tuple[int, int]:
    """Every query parameter and body field of the API's OpenAPI schema, with a token that
    holds every scope (owner: the demo advisor, also operator)."""
    conseiller = (
        Habilitation.objects.filter(role=Role.CONSEILLER, utilisateur__email__contains="@demo.")
        .first()
        .utilisateur
    )
    habilitation(Role.OPERATEUR, utilisateur=conseiller)
    client_api, secret = api_services.creer_client(
        nom="Saisies hostiles",
        proprietaire=conseiller,
        scopes=list(Scope.values),
        expire_le=timezone.now() + timedelta(days=1),
    )
    jeton = {"HTTP_AUTHORIZATION": f"Bearer {client_api.identifiant}:{secret}"}
    lieu = Lieu.objects.filter(conseiller=conseiller, supprime_le__isnull=True).first()
    corps_valide = {
        "type": "collectif",
        "date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "duree": 60,
        "type_lieu": "lieu_activite",
        "lieu_id": lieu.pk if lieu else None,
        "thematiques": ["email"],
        "titre_atelier": "Atelier",
        "participants": 3,
    }
    schema = api_v1.get_openapi_schema(path_prefix="/api/v1")
    composants = schema["components"]["schemas"]
    client = Client(raise_request_exception=False)
    nb_parametres = nb_champs = 0
    avant = _comptes()
    for chemin, operations in schema["paths"].items():
        if "{" in chemin:
            continue
        for methode, operation in operations.items():
            for parametre in operation.get("parameters", []):
                if parametre["in"] != "query":
                    continue
                nb_parametres += 1
                for etiquette, valeur in HOSTILES.items():
                    reponse = client.get(
                        f"{chemin}?{_corps([(parametre['name'], valeur)])}", **jeton
                    )
                    releve.noter(reponse, f"API GET {chemin} ?{parametre['name']}={etiquette}")
            contenu = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if methode != "post" or not contenu:
                continue
            reference = contenu["schema"]["$ref"].rsplit("/", 1)[-1]
            for champ in composants[reference]["properties"]:
                nb_champs += 1
                for etiquette, valeur in HOSTILES.items():
                    reponse = client.post(
                        chemin,
                        _json_hostile(corps_valide, champ, valeur),
                        content_type="application/json",
                        **jeton,
                    )
                    releve.noter(reponse, f"API POST {chemin} {champ}={etiquette}")
                    if not 400 <= reponse.status_code < 500:
                        releve.acceptes.append(
                            f"{reponse.status_code} API POST {chemin} {champ}={etiquette}"
                        )
    apres = _comptes()
    if apres != avant:
        releve.changements.append(f"API : {[t for t in avant if apres[t] != avant[t]]}")
    return nb_parametres, nb_champs


@pytest.mark.django_db
def test_aucune_saisie_hostile_ne_casse_ni_ne_change_rien(territoires_minimaux, capsys, settings):  # noqa: F811
    settings.API_DEBIT = "100000/min"
    debut = time.monotonic()
    call_command("seed_demo")
    capsys.readouterr()
    releve = Releve()
    clients = {"anonyme": Client(raise_request_exception=False)}
    for role in Role.values:
        h = (
            Habilitation.objects.filter(role=role, utilisateur__email__contains="@demo.")
            .select_related("utilisateur")
            .first()
        )
        client = Client(raise_request_exception=False)
        client.force_login(h.utilisateur)
        client.post("/comptes/role/", {"habilitation": h.pk})
        clients[role] = client

    pages, parametres = _explorer(clients, releve)
    erreurs_exploration = list(releve.erreurs)
    temps = {"exploration": time.monotonic() - debut, "requetes": releve.requetes}

    # 1. Every parameter of every page, and of its export.
    nb_parametres = 0
    for nom, visites in pages.items():
        role, chemin, _ = visites[0]
        noms_parametres = sorted(parametres[nom] - {"csrfmiddlewaretoken"})
        for parametre in noms_parametres:
            nb_parametres += 1
            for etiquette, valeur in HOSTILES.items():
                for export in ([], [("format", "csv")]):
                    if export and parametre == "format":
                        continue
                    url = f"{chemin}?{_corps([(parametre, valeur), *export])}"
                    reponse = clients[role].get(url)
                    releve.noter(
                        reponse, f"GET {chemin} ?{parametre}={etiquette} {export} ({role})"
                    )

    temps["parametres"] = time.monotonic() - debut
    # 2. Every field of every POST form, one at a time, the others as the page gave them.
    nb_formulaires = nb_champs = 0
    deja = set()
    for visites in pages.values():
        for role, chemin, page in visites:
            for formulaire in page.formulaires:
                action = urlsplit(formulaire["action"]).path or chemin
                cle = (_nom(action), tuple(sorted(c[0] for c in formulaire["champs"])))
                if formulaire["methode"] != "post" or cle in deja or cle[0] is None:
                    continue
                deja.add(cle)
                nb_formulaires += 1
                client = clients[role]
                champs = [c for c in formulaire["champs"] if c[0] != "csrfmiddlewaretoken"]
                noms = list(dict.fromkeys(c[0] for c in champs))
                genres = defaultdict(list)
                for c in champs:
                    genres[c[0]].append(c[2])
                avant = _comptes()
                for champ in noms:
                    # A lone checkbox only says « ticked », whatever its value (as in
                    # every browser): it gets no hostile value; a group of them is a choice.
                    if genres[champ] == ["checkbox"]:
                        continue
                    nb_champs += 1
                    for etiquette, valeur in HOSTILES.items():
                        paires = [
                            (c[0], c[1]) for c in champs if c[0] != champ and c[1] is not None
                        ]
                        paires.append((champ, valeur))
                        reponse = client.post(
                            action,
                            _corps(paires),
                            content_type="application/x-www-form-urlencoded",
                        )
                        releve.noter(
                            reponse,
                            f"POST {action} {champ}[{genres[champ][0]}]={etiquette} ({role})",
                            formulaire=True,
                        )
                apres = _comptes()
                if apres != avant:
                    ecarts = {t: apres[t] - avant[t] for t in avant if apres[t] != avant[t]}
                    releve.changements.append(f"POST {action} ({role}) : {ecarts}")

    temps["formulaires"] = time.monotonic() - debut
    # 3. Every registered pattern with text in its path.
    nb_motifs_texte = 0
    motifs = _motifs()
    for _nom_motif, route, noms in motifs:
        if not noms or route.startswith("api/"):
            continue
        nb_motifs_texte += 1
        for etiquette, valeur in HOSTILES.items():
            brut = valeur if isinstance(valeur, bytes) else valeur.encode()
            segment = quote(brut, safe="")

            def remplacer(m, segment=segment, noms=noms):
                return segment if m.group("nom") in noms else "1"

            chemin = "/" + PARAMETRE_DE_CHEMIN.sub(remplacer, route)
            for role in ("anonyme", Role.ANCT):
                releve.noter(clients[role].get(chemin), f"GET {route} {etiquette} ({role})")

    temps["motifs"] = time.monotonic() - debut
    # 4. The partner API, from its OpenAPI schema.
    nb_api_parametres, nb_api_champs = _api(clients, releve)

    atteints = {c.split("/")[0] for c in pages} | {c[0] for c in deja}
    tous = {nom for nom, route, _ in motifs if not route.startswith("api/")}
    atteints_pages = {c.split("/")[0] for c in pages}
    duree = time.monotonic() - debut
    print(
        f"\nURL nommées : {len(tous)}, pages atteintes : {len(atteints_pages & tous)}, "
        f"cibles de formulaires : {len({c[0] for c in deja})}, couvertes : {len(atteints & tous)}"
        f"\nparamètres : {nb_parametres}, formulaires POST : {nb_formulaires}, champs : {nb_champs}"
        f", motifs à texte : {nb_motifs_texte}\nAPI : {nb_api_parametres} paramètres, "
        f"{nb_api_champs} champs de corps\nrequêtes : {releve.requetes}, erreurs 5xx : "
        f"{len(releve.erreurs)} (exploration : {len(erreurs_exploration)}), changements : "
        f"{len(releve.changements)}, acceptés sans erreur : {len(releve.acceptes)}, {duree:.0f} s"
        f"\nnon atteintes : {sorted(tous - atteints)}\n{temps}"
    )
    for ligne in releve.erreurs[:80] + releve.changements[:40] + releve.acceptes[:80]:
        print("  ", ligne)
    assert not releve.erreurs
    assert not releve.changements
