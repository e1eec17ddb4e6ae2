"""The partner API's rate limit is one count shared by every web process (issue 15: with
three gunicorn workers, 55 of 60 calls went through at 20/min, each worker counting its
own), kept in a table created by ``migrate``."""

import json
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from .. import rules
from ..choix import Scope
from ..models import CompteurDebit
from ..tasks import purger_compteurs_debit
from .factories import client_api, entetes

RACINE = Path(__file__).resolve().parents[2]

# A web worker of its own: a separate Python process, with its own connection and cache.
TRAVAILLEUR = """
import json, os, sys
import django
django.setup()
from django.test import Client
client = Client()
jeton = os.environ["JETON"]
statuts = [
    client.get("/api/v1/lieux", HTTP_AUTHORIZATION=f"Bearer {jeton}").status_code
    for _ in range(int(os.environ["APPELS"]))
]
print(json.dumps(statuts))
"""


@pytest.mark.parametrize(
    ("debit", "attendu"),
    [
        ("600/min", (600, 60)),
        ("20/min", (20, 60)),
        ("5/10s", (5, 10)),
        ("100/h", (100, 3600)),
        ("1000/day", (1000, 86400)),
    ],
)
def test_lire_debit(debit, attendu):
    assert rules.lire_debit(debit) == attendu


@pytest.mark.parametrize("debit", ["", "abc", "10/semaine", "-1/min", "10/xmin"])
def test_debit_illisible(debit):
    with pytest.raises(ValueError, match="Débit illisible"):
        rules.lire_debit(debit)


def _url_de_la_base() -> str:
    """The test database, for another process (TCP or the embedded server's socket)."""
    r = connection.settings_dict
    hote = r["HOST"] or r.get("OPTIONS", {}).get("host") or "localhost"
    identite = f"{quote(r['USER'])}:{quote(r['PASSWORD'] or '')}"
    return f"postgres://{identite}@{quote(hote, safe='')}:{r['PORT'] or 5432}/{r['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_deux_processus_partagent_le_meme_compteur(settings):
    """Two worker processes, 8 calls each, at 6 per hour: 6 answered in all, not 12."""
    _, jeton = client_api([Scope.LIEUX])
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "conum.settings",
        "DATABASE_URL": _url_de_la_base(),
        "ALLOWED_HOSTS": "testserver",
        "API_DEBIT": "6/hour",
        "JETON": jeton,
        "APPELS": "8",
    }
    processus = [
        subprocess.Popen(
            [sys.executable, "-c", TRAVAILLEUR],
            cwd=RACINE,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    statuts = []
    for p in processus:
        sortie, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        statuts += json.loads(sortie.strip().splitlines()[-1])
    assert statuts.count(200) == 6
    assert statuts.count(429) == 10
    assert CompteurDebit.objects.get().nombre == 16


@pytest.mark.django_db(transaction=True)
def test_requetes_simultanees_sur_deux_connexions_comptees_une_a_une(settings):
    """Threads each with their own database connection: no increment is lost."""
    settings.API_DEBIT = "10/hour"
    _, jeton = client_api([Scope.LIEUX])
    statuts = []
    verrou = threading.Lock()
    depart = threading.Barrier(4)

    def appeler():
        try:
            depart.wait()
            for _ in range(5):
                code = Client().get("/api/v1/lieux", **entetes(jeton)).status_code
                with verrou:
                    statuts.append(code)
        finally:
            connection.close()

    fils = [threading.Thread(target=appeler) for _ in range(4)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(statuts) == [200] * 10 + [429] * 10
    assert CompteurDebit.objects.get().nombre == 20


@pytest.mark.django_db
def test_la_fenetre_repart_apres_sa_fin(client, settings):
    settings.API_DEBIT = "1/min"
    api_client, jeton = client_api([Scope.LIEUX])
    assert client.get("/api/v1/lieux", **entetes(jeton)).status_code == 200
    reponse = client.get("/api/v1/lieux", **entetes(jeton))
    assert reponse.status_code == 429 and 1 <= int(reponse["Retry-After"]) <= 60
    CompteurDebit.objects.filter(cle=f"client:{api_client.pk}").update(
        debut=CompteurDebit.objects.get().debut - timedelta(minutes=2)
    )
    assert client.get("/api/v1/lieux", **entetes(jeton)).status_code == 200
    assert CompteurDebit.objects.get().nombre == 1


def test_la_table_des_compteurs_vient_de_migrate():
    migration = (RACINE / "api" / "migrations" / "0002_compteur_debit.py").read_text()
    assert "CompteurDebit" in migration


@pytest.mark.django_db
def test_la_purge_de_nuit_retire_les_compteurs_perimes():
    maintenant = timezone.now()
    CompteurDebit.objects.create(cle="ip:1", debut=maintenant - timedelta(days=2), nombre=3)
    CompteurDebit.objects.create(cle="client:1", debut=maintenant, nombre=1)
    assert purger_compteurs_debit(timestamp=0) == 1
    assert list(CompteurDebit.objects.values_list("cle", flat=True)) == ["client:1"]
