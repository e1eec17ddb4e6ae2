#!/usr/bin/env python
"""Benchmark of the public search and of the partner API on a national set of places.

    .venv/bin/python bench/public.py [--lieux 20000] [--repetitions 20]

Own database (PUBLIC_BENCH_DATABASE_URL, default …/conum_bench_public): created, migrated
and loaded with the territories on first run, then filled with ``--lieux`` public places
(one advisor each, in communes drawn by population, OSM hours from six patterns). Prints
p50 / p95 (ms) of: search by commune (a big city, a rural commune), by position, with the
« open now » filter, the national map page, one place page, and one API page of 500
places; plus the time to generate the open-data files. Target: p95 < 300 ms per page.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != RACINE / "bench"]
sys.path.insert(0, str(RACINE))

from bench._commun import chronometrer, creer_base, p50_p95, preparer_django  # noqa: E402

URL = os.environ.get(
    "PUBLIC_BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/conum_bench_public"
)
HORAIRES = [
    "Mo-Fr 09:00-12:00,14:00-17:00",
    "Tu-Sa 10:00-18:00",
    "Mo,We,Fr 14:00-18:00",
    "Mo-Th 09:00-12:00",
    "We-Sa 10:00-13:00,14:00-19:00",
    "",
]
SERVICES = [
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Accès internet et matériel informatique",
]


def remplir(nombre: int) -> None:
    from django.core.management import call_command

    from activite.models import Lieu
    from comptes.models import Habilitation, Utilisateur
    from comptes.roles import Role
    from structures.models import Structure
    from territoires.models import Commune

    if not Commune.objects.exists():
        call_command("charger_territoires", verbosity=0)
    deja = Lieu.objects.count()
    if deja >= nombre:
        return
    debut = time.perf_counter()
    rng = random.Random(42)
    communes = list(Commune.objects.exclude(population__isnull=True))
    poids = [c.population or 1 for c in communes]
    tirees = rng.choices(communes, weights=poids, k=nombre - deja)
    structures = Structure.objects.bulk_create(
        [
            Structure(
                nom=f"Structure {i}",
                siret=f"{90000000000000 + deja + i}",
                departement_id=c.departement_id,
                commune=c,
            )
            for i, c in enumerate(tirees)
        ],
        batch_size=2000,
    )
    utilisateurs = Utilisateur.objects.bulk_create(
        [
            Utilisateur(email=f"bench-lieu-{deja + i}@exemple.fr", prenom="Camille", nom=f"N{i}")
            for i in range(len(tirees))
        ],
        batch_size=2000,
    )
    Habilitation.objects.bulk_create(
        [
            Habilitation(utilisateur=u, role=Role.CONSEILLER, structure=s)
            for u, s in zip(utilisateurs, structures, strict=True)
        ],
        batch_size=2000,
    )
    Lieu.objects.bulk_create(
        [
            Lieu(
                conseiller=u,
                structure=s,
                nom=f"Lieu {deja + i}",
                adresse="1 place de la Mairie",
                commune=c,
                code_postal=c.code_postal_principal or "00000",
                latitude=c.latitude + rng.uniform(-0.01, 0.01),
                longitude=c.longitude + rng.uniform(-0.01, 0.01),
                horaires=rng.choice(HORAIRES),
                services=rng.sample(SERVICES, rng.randint(1, 3)),
                frais_a_charge=["Gratuit"],
                visible_cartographie=True,
            )
            for i, (u, s, c) in enumerate(zip(utilisateurs, structures, tirees, strict=True))
        ],
        batch_size=2000,
    )
    print(f"{len(tirees)} lieux créés en {time.perf_counter() - debut:.1f} s", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lieux", type=int, default=20000)
    parser.add_argument("--repetitions", type=int, default=20)
    args = parser.parse_args()
    creer_base(URL)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    preparer_django(URL)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    remplir(args.lieux)

    from datetime import timedelta

    from django.core.files.storage import InMemoryStorage
    from django.test import Client
    from django.utils import timezone

    from activite.models import Lieu
    from api import services
    from api.choix import Scope
    from public import donnees_ouvertes

    client = Client()
    lieu = Lieu.objects.order_by("pk").first()
    client_api, secret = services.creer_client(
        nom="bench",
        proprietaire=lieu.conseiller,
        scopes=[Scope.LIEUX],
        expire_le=timezone.now() + timedelta(hours=1),
    )
    jeton = {"HTTP_AUTHORIZATION": f"Bearer {client_api.identifiant}:{secret}"}
    from django.conf import settings

    settings.API_DEBIT = "1000000/min"
    mesures = {
        "recherche « Lyon »": lambda: client.get("/trouver-un-conseiller/", {"q": "Lyon"}),
        "recherche « 23200 » (rural)": lambda: client.get(
            "/trouver-un-conseiller/", {"q": "23200"}
        ),
        "recherche par position": lambda: client.get(
            "/trouver-un-conseiller/", {"lat": "45.76", "lon": "4.84"}
        ),
        "position + ouvert maintenant": lambda: client.get(
            "/trouver-un-conseiller/", {"lat": "45.76", "lon": "4.84", "ouvert_maintenant": "on"}
        ),
        "carte nationale": lambda: client.get("/trouver-un-conseiller/"),
        "fiche lieu": lambda: client.get(f"/trouver-un-conseiller/lieux/{lieu.pk}/"),
        "API /lieux (500)": lambda: client.get("/api/v1/lieux", {"taille": 500}, **jeton),
    }
    print(f"{Lieu.objects.count()} lieux publics ; p50 / p95 en ms")
    depassement = False
    for nom, appel in mesures.items():
        reponse = appel()
        assert reponse.status_code == 200, (nom, reponse.status_code)
        p50, p95 = p50_p95(chronometrer(appel, args.repetitions))
        depassement |= p95 > 300
        print(f"  {nom:<32} {p50:8.1f} {p95:8.1f}", flush=True)
    debut = time.perf_counter()
    manifeste = donnees_ouvertes.generer(InMemoryStorage())
    print(
        f"  données ouvertes : {manifeste['lieux']} lieux en "
        f"{time.perf_counter() - debut:.1f} s ({manifeste['fichiers']})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
