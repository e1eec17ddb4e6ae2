#!/usr/bin/env python
"""Benchmark of the activity statistics and of the report write path.

    .venv/bin/python bench/activite.py [--repetitions 30] [--ecritures 2000]

Reads the bench database (BENCH_DATABASE_URL, default …/conum_bench) filled by
``bench/generer_activite.py``; if it is empty, generates a small data set first and says so.

Prints, in milliseconds (p50 / p95):
- the national statistics page, one département with a period filter, one advisor —
  built by ``activite.statistiques.calculer`` from the rollups;
- the same figures from a plain aggregate over the raw reports (``SourceBrute``), and the
  ratio; both sources are checked to give the same page;
- the national page through the Django test client (view, filters and template);
- the write throughput of reports through ``services.creer_activite`` (rollups updated in
  the same transaction), in reports per second; the reports are then soft-deleted through
  ``services.supprimer_activite`` (also timed) so the data set stays as generated.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

# The project root comes first: bench/activite.py must not hide the « activite » app.
RACINE = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != RACINE / "bench"]
sys.path.insert(0, str(RACINE))

from bench._commun import chronometrer, p50_p95, preparer_django, url_bench  # noqa: E402

CIBLES = {"national": 150, "departement": 150, "conseiller": 50}


def _donnees(rng, lieux, aujourd_hui):
    from activite.choix import Genre, StatutSocial, TrancheAge

    lieu = rng.choice(lieux)
    jour = aujourd_hui - timedelta(days=rng.randint(0, 60))
    if rng.random() < 0.15:
        n = rng.randint(3, 15)
        return {
            "type": "collectif",
            "date": jour,
            "duree": 120,
            "type_lieu": "lieu_activite",
            "lieu": lieu,
            "thematiques": ["securite_numerique"],
            "materiel": ["telephone"],
            "titre_atelier": "Arnaques en ligne",
            "niveau": "debutant",
            "participants": n,
            "deja_accompagnes": n // 3,
            "genres": {g: (n if g == Genre.NON_COMMUNIQUE else 0) for g in Genre.values},
            "tranches": {
                t: (n if t == TrancheAge.NON_COMMUNIQUE else 0) for t in TrancheAge.values
            },
            "statuts": {
                s: (n if s == StatutSocial.NON_COMMUNIQUE else 0) for s in StatutSocial.values
            },
        }
    return {
        "type": "individuel",
        "date": jour,
        "duree": rng.choice([15, 30, 45, 60]),
        "type_lieu": "lieu_activite",
        "lieu": lieu,
        "thematiques": rng.sample(["email", "sante", "navigation_sur_internet", "bureautique"], 2),
        "materiel": ["ordinateur"],
        "genre": rng.choice(Genre.values),
        "tranche_age": rng.choice(TrancheAge.values),
        "statut_social": rng.choice(StatutSocial.values),
        "deja_accompagne": rng.random() < 0.4,
    }


def _ligne(nom, durees, cible=None):
    p50, p95 = p50_p95(durees)
    verdict = ""
    if cible is not None:
        verdict = "  ✓" if p95 < cible else f"  ✗ (cible p95 < {cible} ms)"
    return f"  {nom:<48} p50 {p50:9.1f} ms   p95 {p95:9.1f} ms   (n={len(durees)}){verdict}"


def mesurer(args) -> None:
    preparer_django(url_bench())
    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from activite.models import Activite, AgregatTerritoireMois
    from activite.statistiques import Filtres, Portee, SourceBrute, calculer
    from comptes.models import Habilitation
    from comptes.roles import Role

    if not Activite.objects.exists():
        print("Base de bench vide : génération d’un petit jeu (200 000 comptes rendus).")
        print(
            "Échelle nationale : bench/generer_activite.py --rapports 20000000 --conseillers 4000"
        )
        from bench import generer_activite

        generer_activite.main(["--rapports", "200000", "--conseillers", "200"])
    aujourd_hui = timezone.localdate()
    with connection.cursor() as curseur:
        curseur.execute(
            f"SELECT reltuples::bigint FROM pg_class WHERE relname = '{Activite._meta.db_table}'"
        )
        volume = curseur.fetchone()[0]
        curseur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        taille = curseur.fetchone()[0]
    conseillers = Habilitation.objects.filter(role=Role.CONSEILLER).count()
    print(
        f"Base {connection.settings_dict['NAME']} : ~{volume:,} comptes rendus, "
        f"{conseillers} conseillers, {taille}".replace(",", " ")
    )

    departement = (
        AgregatTerritoireMois.objects.values("departement")
        .annotate(n=Sum("activites"))
        .order_by("-n")
        .first()["departement"]
    )
    conseiller_id = (
        Activite.objects.filter(supprime_le__isnull=True)
        .order_by("?")
        .values_list("conseiller_id", flat=True)
        .first()
    )
    du = aujourd_hui - timedelta(days=365 - 17)
    au = aujourd_hui - timedelta(days=20)
    cas = [
        (
            "national",
            "Page nationale (toutes périodes)",
            Portee("France", national=True),
            Filtres(),
        ),
        (
            "departement",
            f"Département {departement}, du {du:%d/%m/%Y} au {au:%d/%m/%Y}",
            Portee(departement, departements=frozenset({departement})),
            Filtres(du=du, au=au),
        ),
        (
            "conseiller",
            "Un conseiller (toutes périodes)",
            Portee("Conseiller", conseillers=frozenset({conseiller_id})),
            Filtres(),
        ),
    ]
    resultats = {}
    parties = set(args.parties.split(","))
    if "brut" in parties:
        parties.add("lectures")  # the ratio needs the rollup figures
    if "lectures" in parties:
        print("\nStatistiques (service calculer, agrégats)")
    for cle, libelle, portee, filtres in cas if "lectures" in parties else []:
        durees = chronometrer(
            lambda p=portee, f=filtres: calculer(p, f, aujourd_hui=aujourd_hui), args.repetitions, 2
        )
        resultats[cle] = durees
        print(_ligne(libelle, durees, CIBLES[cle]))

    if "brut" in parties:
        print("\nLes mêmes chiffres par agrégat simple sur les comptes rendus bruts")
    for cle, libelle, portee, filtres in cas if "brut" in parties else []:
        repetitions = args.repetitions_brut if cle == "national" else max(args.repetitions_brut, 5)
        brut = []
        for _ in range(repetitions):
            debut = time.perf_counter()
            page_brute = calculer(
                portee, filtres, source_classe=SourceBrute, aujourd_hui=aujourd_hui
            )
            brut.append((time.perf_counter() - debut) * 1000)
        page = calculer(portee, filtres, aujourd_hui=aujourd_hui)
        identique = "identiques" if page == page_brute else "DIFFÉRENTS"
        rapport = p50_p95(brut)[0] / p50_p95(resultats[cle])[0]
        print(
            _ligne(libelle, brut) + f"   ×{rapport:,.0f} – chiffres {identique}".replace(",", " ")
        )

    if "vue" in parties:
        mesurer_vue(args)
    if "ecritures" in parties:
        mesurer_ecritures(args)


def mesurer_vue(args) -> None:
    from django.test import Client

    from comptes.models import Habilitation, Utilisateur
    from comptes.roles import Role

    print("\nPage nationale par le client de test (vue, filtres, gabarit)")
    anct = Utilisateur.objects.filter(email="bench-anct@bench.conum.fr").first()
    if anct is None:
        anct = Utilisateur.objects.create(email="bench-anct@bench.conum.fr", password="!")
        Habilitation.objects.create(utilisateur=anct, role=Role.ANCT)
    client = Client()
    client.force_login(anct)

    def vue():
        reponse = client.get("/activite/statistiques/", HTTP_HOST="127.0.0.1")
        assert reponse.status_code == 200, reponse.status_code

    print(
        _ligne(
            "GET /activite/statistiques/ (ANCT)",
            chronometrer(vue, max(5, args.repetitions // 3), 1),
        )
    )


def mesurer_ecritures(args) -> None:
    print("\nÉcriture de comptes rendus par les services (agrégats dans la même transaction)")
    for ecrivains in sorted({1, args.ecrivains}):
        crees, duree = ecrire(args.ecritures, ecrivains)
        debit = crees / duree
        verdict = "✓" if debit >= 300 else "✗ (cible ≥ 300/s)"
        print(
            f"  {ecrivains} écrivain{'s' if ecrivains > 1 else ''} : {crees} comptes rendus en "
            f"{duree:.1f} s, {debit:,.0f} comptes rendus/s {verdict}".replace(",", " ")
        )


def _ecrivain(numero: int, nombre: int, depart, file) -> None:
    """One writing process: its own connection, ``nombre`` reports through the services,
    timed between a common start signal and its last commit; then soft-deleted."""
    preparer_django(url_bench())
    from django.utils import timezone

    from activite import services
    from activite.models import Lieu
    from comptes.models import Habilitation, Utilisateur
    from comptes.roles import Role

    rng = random.Random(100 + numero)
    aujourd_hui = timezone.localdate()
    ids = list(
        Habilitation.objects.filter(role=Role.CONSEILLER).values_list("utilisateur_id", flat=True)
    )
    choisis = rng.sample(ids, min(200, len(ids)))
    lieux: dict[int, list] = {}
    for lieu in Lieu.objects.filter(conseiller_id__in=choisis, supprime_le__isnull=True):
        lieux.setdefault(lieu.conseiller_id, []).append(lieu)
    utilisateurs = {u.pk: u for u in Utilisateur.objects.filter(pk__in=lieux)}
    travaux = [
        (utilisateurs[c], _donnees(rng, lieux[c], aujourd_hui))
        for c in rng.choices(list(lieux), k=nombre)
    ]
    for conseiller in utilisateurs.values():
        services.structure_employeuse(conseiller)  # read once per user, as a request does
    depart.wait()  # every writer is ready: start together
    debut = time.perf_counter()
    crees = [services.creer_activite(conseiller, donnees) for conseiller, donnees in travaux]
    fin = time.perf_counter()
    file.put((len(crees), debut, fin))
    for activite in crees:
        services.supprimer_activite(activite, acteur=activite.conseiller)


def ecrire(total: int, ecrivains: int) -> tuple[int, float]:
    """``total`` reports written by ``ecrivains`` processes at once: (count, seconds)."""
    import multiprocessing

    contexte = multiprocessing.get_context("spawn")
    depart = contexte.Barrier(ecrivains)
    file = contexte.Queue()
    processus = [
        contexte.Process(target=_ecrivain, args=(i, total // ecrivains, depart, file))
        for i in range(ecrivains)
    ]
    for p in processus:
        p.start()
    resultats = [file.get() for _ in processus]
    for p in processus:
        p.join()
    crees = sum(n for n, _, _ in resultats)
    duree = max(f for _, _, f in resultats) - min(d for _, d, _ in resultats)
    return crees, duree


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark des statistiques d’activité")
    parser.add_argument("--repetitions", type=int, default=30)
    parser.add_argument("--repetitions-brut", type=int, default=3, dest="repetitions_brut")
    parser.add_argument("--ecritures", type=int, default=2000)
    parser.add_argument("--ecrivains", type=int, default=2, help="concurrent writers")
    parser.add_argument(
        "--parties",
        default="lectures,brut,vue,ecritures",
        help="comma-separated: lectures, brut, vue, ecritures",
    )
    mesurer(parser.parse_args(argv))


if __name__ == "__main__":
    main()
