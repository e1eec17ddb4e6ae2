#!/usr/bin/env python
"""Benchmark of the steering dashboards on the activity benchmark's national data set.

    .venv/bin/python bench/pilotage.py [--repetitions 20]

Reads the bench database (BENCH_DATABASE_URL, default …/conum_bench) filled by
``bench/generer_activite.py``. That generator creates structures, advisors, teams and
reports but no conventions: the first run adds what the dashboards read besides activity —
one signed convention per structure with one post per advisor (+1 vacant for a third of
them), posts filled by the advisors, one returned post in 5 %, and one target per
département (population-weighted) — idempotent (skipped when posts exist).

Prints p50 / p95 (ms) of each dashboard page through the Django test client (view,
queries, template): national (ANCT), national grouped by région, prefecture of the busiest
département, hub, national network, coordinator, structure; plus the alerts page and the
advisors list (first page) of the national admin. Target: p95 < 300 ms.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != RACINE / "bench"]
sys.path.insert(0, str(RACINE))

from bench._commun import chronometrer, p50_p95, preparer_django, url_bench  # noqa: E402

CIBLE_MS = 300


def completer(aujourd_hui) -> None:
    """Conventions, posts and targets for the generated structures (once)."""
    from django.db import transaction
    from django.db.models import Count

    from comptes.models import Habilitation
    from comptes.roles import Role
    from conventions.choix import EtatPoste, StatutConvention
    from conventions.models import Convention, Poste
    from structures.models import Structure
    from territoires.models import CalculCibles, Cible, Departement

    if Poste.objects.exists():
        return
    print("Ajout des conventions, postes et cibles (une fois)…", flush=True)
    with transaction.atomic():
        structures = list(Structure.objects.order_by("pk"))
        conseillers = dict(
            Habilitation.objects.filter(role=Role.CONSEILLER, structure__isnull=False)
            .values("structure_id")
            .annotate(n=Count("pk"))
            .values_list("structure_id", "n")
        )
        conventions = Convention.objects.bulk_create(
            [
                Convention(
                    structure=s,
                    statut=StatutConvention.SIGNEE,
                    date_decision=aujourd_hui - timedelta(days=400 + s.pk % 300),
                    date_signature=aujourd_hui - timedelta(days=380 + s.pk % 300),
                    date_debut=aujourd_hui - timedelta(days=380 + s.pk % 300),
                    date_fin=aujourd_hui + timedelta(days=30 + s.pk % 700),
                )
                for s in structures
            ]
        )
        postes = []
        for c in conventions:
            n = conseillers.get(c.structure_id, 0)
            debut = c.date_debut
            etats = [EtatPoste.OCCUPE] * n + ([EtatPoste.VACANT] if c.pk % 3 == 0 else [])
            if c.pk % 20 == 0:
                etats.append(EtatPoste.RENDU)
            for etat in etats:
                postes.append(
                    Poste(
                        convention=c,
                        structure_id=c.structure_id,
                        etat=etat,
                        date_attribution=debut,
                        recruter_avant=debut + timedelta(days=90),
                        date_rendu=debut + timedelta(days=120) if etat == EtatPoste.RENDU else None,
                    )
                )
        Poste.objects.bulk_create(postes, batch_size=5000)
        departements = list(Departement.objects.all())
        population = sum(d.population for d in departements) or 1
        calcul = CalculCibles.objects.create(
            total_national=4000,
            poids_equite="0.3",
            poids_demographie="0.4",
            poids_vulnerabilite="0.3",
            poids_pauvrete="0.4",
            poids_chomage="0.3",
            poids_non_couverture="0.3",
        )
        Cible.objects.bulk_create(
            [
                Cible(
                    calcul=calcul,
                    departement=d,
                    valeur=max(3, round(4000 * d.population / population)),
                    indice_vulnerabilite=0.5,
                    part_equite=0.3,
                    part_demographie=0.4,
                    part_vulnerabilite=0.3,
                )
                for d in departements
            ]
        )
    print(f"  {len(conventions)} conventions, {len(postes)} postes.", flush=True)


def analyser() -> None:
    """ANALYZE the tables never analysed since they were filled (the generator analyses the
    reports and rollups only): without statistics the planner picks nested loops over the
    4,000 advisors, and a server with autovacuum off (this one) never fixes it."""
    from django.db import connection

    with connection.cursor() as curseur:
        curseur.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE n_live_tup > 0 AND "
            "last_analyze IS NULL AND last_autoanalyze IS NULL"
        )
        tables = [t for (t,) in curseur.fetchall()]
        for table in tables:
            curseur.execute(f'ANALYZE "{table}"')
    if tables:
        print(f"ANALYZE de {len(tables)} tables jamais analysées.", flush=True)


def lecteurs() -> dict[str, object]:
    """One user per dashboard level (created once, tagged by e-mail)."""
    from django.db.models import Count

    from comptes.models import Habilitation, Utilisateur
    from comptes.roles import Role
    from structures.models import Reseau, Structure

    def compte(nom: str, **portee):
        email = f"bench-pilotage-{nom}@bench.conum.fr"
        utilisateur, _ = Utilisateur.objects.get_or_create(email=email, defaults={"password": "!"})
        h, _ = Habilitation.objects.get_or_create(utilisateur=utilisateur, **portee)
        return utilisateur, h

    busiest = (
        Structure.objects.values("departement_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("departement_id", flat=True)
        .first()
    )
    plus_grosse = (
        Habilitation.objects.filter(role=Role.CONSEILLER)
        .values("structure_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("structure_id", flat=True)
        .first()
    )
    reseau = Reseau.objects.annotate(n=Count("structures")).order_by("-n").first()
    comptes = {
        "national": compte("anct", role=Role.ANCT),
        "prefecture": compte("prefecture", role=Role.PREFECTURE, departement_id=busiest),
        "hub": compte("hub", role=Role.HUB),
        "reseau": compte("reseau", role=Role.GRAND_RESEAU, reseau=reseau),
        "structure": compte("structure", role=Role.STRUCTURE, structure_id=plus_grosse),
    }
    hub = comptes["hub"][1]
    from territoires.models import Departement

    voisins = Departement.objects.filter(region__departements__code=busiest).distinct()
    hub.departements.set(voisins)
    coordination = (
        Habilitation.objects.filter(role=Role.COORDINATEUR)
        .annotate(n=Count("membres"))
        .order_by("-n")
        .first()
    )
    if coordination is not None:
        comptes["coordinateur"] = (coordination.utilisateur, coordination)
    return {nom: u for nom, (u, _) in comptes.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark des tableaux de bord du pilotage")
    parser.add_argument("--repetitions", type=int, default=20)
    args = parser.parse_args(argv)
    url = preparer_django(url_bench())
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from activite.models import Activite

    settings.ALLOWED_HOSTS = ["*"]
    print(f"Base : {url.rsplit('/', 1)[-1]}")
    if not Activite.objects.exists():
        print("La base de benchmark est vide : lancez bench/generer_activite.py d’abord.")
        return 1
    completer(timezone.localdate())
    analyser()
    from comptes.models import Habilitation
    from comptes.roles import Role

    print(
        f"{Activite.objects.count():,} comptes rendus, "
        f"{Habilitation.objects.filter(role=Role.CONSEILLER).count():,} conseillers".replace(
            ",", " "
        )
    )
    pages = [
        ("national", "/pilotage/", "tableau national (ANCT)"),
        ("national", "/pilotage/?par=region", "tableau national par région"),
        ("prefecture", "/pilotage/", "tableau de préfecture (département le plus chargé)"),
        ("hub", "/pilotage/", "tableau de hub (une région)"),
        ("reseau", "/pilotage/", "tableau de grand réseau"),
        ("coordinateur", "/pilotage/", "tableau de coordinateur"),
        ("structure", "/pilotage/", "tableau de structure"),
        ("national", "/pilotage/alertes/", "alertes nationales"),
        ("national", "/pilotage/conseillers/", "liste nationale des conseillers (page 1)"),
        ("prefecture", "/pilotage/conseillers/?groupe=jamais", "conseillers sans CRA (préfecture)"),
    ]
    utilisateurs = lecteurs()
    echecs = 0
    print(f"\n{'page':55} {'p50':>9} {'p95':>9}  cible p95 < {CIBLE_MS} ms")
    for qui, chemin, libelle in pages:
        if qui not in utilisateurs:
            continue
        client = Client()
        client.force_login(utilisateurs[qui])

        def vue(client=client, chemin=chemin):
            reponse = client.get(chemin, HTTP_HOST="127.0.0.1")
            assert reponse.status_code == 200, (chemin, reponse.status_code)

        p50, p95 = p50_p95(chronometrer(vue, args.repetitions, 2))
        ok = p95 < CIBLE_MS
        echecs += not ok
        print(f"{libelle:55} {p50:7.1f} ms {p95:7.1f} ms  {'✓' if ok else '✗'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
