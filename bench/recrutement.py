#!/usr/bin/env python
"""Benchmark of the recruitment space: the matching page of a structure at national scale.

    .venv/bin/python bench/recrutement.py                 # 100,000 candidates, 60 structures
    .venv/bin/python bench/run.py recrutement -- --repetitions 10
    .venv/bin/python bench/recrutement.py --candidats 20000 --echantillon 20
    .venv/bin/python bench/recrutement.py --regenerer     # a fresh data set

The database (BENCH_RECRUTEMENT_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/conum_bench_recrutement — never the demo's or the
tests') is generated once, then reused by later runs (``--regenerer`` starts again): it is
dropped, recreated, migrated and loaded with the territories; then:

- candidates with their accounts, by PostgreSQL COPY: communes weighted by population
  (mainland and overseas), travel radius 5 km to "anywhere" as on the real platform,
  availability dates over two years, 10 % paused, 2 % recruited, 40 % with a CV (the file
  name only), 20 % with Pix results;
- structures in the committee-validated status with a convention and 1 to 4 vacant
  posts, a wished start date for half of them (``bulk_create``);
- about 30 links per structure in the "before recruitment" statuses, and a recruitment
  on an occupied post for every recruited candidate.

Then, for a sample of structures (weighted by population, so dense areas are in, and Paris
always), it times what the matching page runs — the matching query (the 1,000 nearest
eligible candidates, read ring after ring, then the candidates' radius), the tab counters
and the 20 rows of the first page — and prints p50 / p95 in milliseconds. Target: p95
under 50 ms for the matching query. ``--complet`` also times counting every match without
the limit, for comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

# The project root comes first: bench/recrutement.py must not hide the « recrutement » app.
RACINE = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != RACINE / "bench"]
sys.path.insert(0, str(RACINE))

from bench._commun import chronometrer, creer_base, p50_p95, preparer_django  # noqa: E402

URL_DEFAUT = "postgres://postgres@127.0.0.1:5432/conum_bench_recrutement"
# Travel radius chosen by candidates (km → share): "anywhere" is 2,000 km.
DISTANCES = [(5, 6), (10, 12), (15, 10), (20, 22), (40, 25), (100, 15), (2000, 10)]
STATUTS_LIENS = [("nouvelle", 10), ("interessee", 35), ("nonInteressee", 55)]


def url() -> str:
    return os.environ.get("BENCH_RECRUTEMENT_DATABASE_URL", URL_DEFAUT)


def journal(message: str, debut: float) -> None:
    print(f"[{time.monotonic() - debut:7.1f} s] {message}", flush=True)


def _siret(n: int) -> str:
    base = f"{(n * 7919 + 31) % 10**13:013d}"
    for chiffre in range(10):
        candidat = base + str(chiffre)
        total = 0
        for i, c in enumerate(reversed(candidat)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return candidat
    raise AssertionError


def generer(args, debut: float) -> None:
    from django.core.management import call_command
    from django.db import connection

    from candidats.models import Candidat
    from comptes.models import Utilisateur
    from conventions.models import Convention, Poste
    from instruction.models import Demande
    from recrutement.models import MiseEnRelation
    from structures.models import Structure
    from territoires.models import Commune

    journal(f"base {connection.settings_dict['NAME']} recréée", debut)
    call_command("migrate", verbosity=0)
    call_command("charger_territoires", verbosity=0)
    journal("schéma migré, territoires chargés", debut)

    rng = random.Random(args.graine)
    aujourd_hui = date.today()
    maintenant = datetime.now(UTC)
    communes = list(Commune.objects.values_list("code_insee", "departement_id", "population"))
    poids = [max(p or 0, 50) for _, _, p in communes]

    # --- Candidates and their accounts (COPY) ------------------------------------------
    n = args.candidats
    table_u, table_c = Utilisateur._meta.db_table, Candidat._meta.db_table
    choisies = rng.choices(communes, weights=poids, k=n)
    distances = rng.choices([d for d, _ in DISTANCES], weights=[p for _, p in DISTANCES], k=n)
    statuts = []
    with connection.cursor() as curseur:
        curseur.execute(f"SELECT coalesce(max(id), 0) FROM {table_u}")
        premier_u = curseur.fetchone()[0] + 1
        with curseur.cursor.copy(
            f"COPY {table_u} (id, password, last_login, is_superuser, email, prenom, nom, "
            "telephone, is_active, is_staff, date_joined, email_verifie_le) FROM STDIN"
        ) as copie:
            for i in range(n):
                verifie = maintenant if rng.random() < 0.95 else None
                copie.write_row(
                    (
                        premier_u + i,
                        "!",
                        None,
                        False,
                        f"candidat{i}@bench.invalid",
                        rng.choice(["Camille", "Léa", "Hugo", "Karim", "Fatou", "Yanis"]),
                        f"Nom{i}",
                        "0612345678",
                        verifie is not None,
                        False,
                        maintenant,
                        verifie,
                    )
                )
        curseur.execute(
            f"SELECT setval(pg_get_serial_sequence('{table_u}', 'id'), {premier_u + n})"
        )
        with curseur.cursor.copy(
            f"COPY {table_c} (id, utilisateur_id, sexe, date_naissance, tranche_naissance, "
            "commune_id, departement_id, distance_max, disponible_le, est_demandeur_emploi, "
            "est_en_emploi, est_en_formation, est_diplome_med_num, nom_diplome_med_num, "
            "a_experience_med_num, motivation, cv, cv_depose_le, pix_score, pix_niveaux, "
            "pix_partage_le, consentement_le, statut, statut_modifie_le, cree_le, modifie_le, "
            "supprime_le, motif_suppression) FROM STDIN"
        ) as copie:
            for i in range(n):
                code, dep, _ = choisies[i]
                tirage = rng.random()
                statut = (
                    "non_disponible"
                    if tirage < 0.10
                    else "recrute"
                    if tirage < 0.12
                    else "disponible"
                )
                statuts.append(statut)
                diplome = rng.random() < 0.12
                cv = rng.random() < 0.4
                pix = rng.random() < 0.2
                niveaux = {
                    k: rng.randint(0, 8)
                    for k in (
                        "informations",
                        "communication",
                        "contenus",
                        "protection",
                        "environnement",
                    )
                }
                copie.write_row(
                    (
                        i + 1,
                        premier_u + i,
                        rng.choice(["femme", "homme"]),
                        date(1990, 1, 1),
                        1990,
                        code,
                        dep,
                        distances[i],
                        aujourd_hui + timedelta(days=rng.randint(-700, 180)),
                        True,
                        False,
                        False,
                        diplome,
                        "Titre professionnel REMN" if diplome else "",
                        rng.random() < 0.3,
                        "Je souhaite accompagner les habitants de mon territoire. "
                        * rng.randint(1, 6),
                        f"prive/candidats/cv/bench-{i}.pdf" if cv else "",
                        maintenant if cv else None,
                        rng.randint(100, 700) if pix else None,
                        json.dumps(niveaux if pix else {}),
                        maintenant if pix else None,
                        maintenant,
                        statut,
                        maintenant,
                        maintenant,
                        maintenant,
                        None,
                        "",
                    )
                )
        curseur.execute(f"SELECT setval(pg_get_serial_sequence('{table_c}', 'id'), {n + 1})")
        curseur.execute(f"ANALYZE {table_u}; ANALYZE {table_c}")
    journal(f"{n} candidats (COPY)", debut)

    # --- Structures, conventions, vacant posts, wished start dates ---------------------
    nb = args.structures
    lieux = rng.choices(communes, weights=poids, k=nb)
    structures = Structure.objects.bulk_create(
        [
            Structure(
                nom=f"Structure {i}",
                siret=_siret(i),
                type="COMMUNE",
                statut="VALIDATION_COSELEC",
                departement_id=dep,
                commune_id=code,
            )
            for i, (code, dep, _) in enumerate(lieux)
        ],
        batch_size=2000,
    )
    decision = aujourd_hui - timedelta(days=40)
    conventions = Convention.objects.bulk_create(
        [Convention(structure=s, statut="a_signer", date_decision=decision) for s in structures],
        batch_size=2000,
    )
    Poste.objects.bulk_create(
        [
            Poste(
                convention=c,
                structure_id=c.structure_id,
                etat="vacant",
                date_attribution=decision,
                recruter_avant=decision + timedelta(days=90),
            )
            for c in conventions
            for _ in range(rng.randint(1, 4))
        ],
        batch_size=5000,
    )
    Demande.objects.bulk_create(
        [
            Demande(
                structure=s,
                type="A",
                statut="acceptee",
                nombre_postes=2,
                date_debut_souhaitee=aujourd_hui + timedelta(days=rng.randint(-60, 120)),
                engagement_le=maintenant,
                deposee_le=maintenant,
                cloturee_le=maintenant,
            )
            for s in structures
            if rng.random() < 0.5
        ],
        batch_size=2000,
    )
    journal(f"{nb} structures validées, leurs conventions et postes", debut)

    # --- Links: before recruitment, and recruitments on occupied posts ------------------
    par_dep: dict[str, list[int]] = {}
    for i, (_, dep, _) in enumerate(choisies):
        if statuts[i] == "disponible":
            par_dep.setdefault(dep, []).append(i + 1)
    liens = []
    for s in structures:
        proches = par_dep.get(s.departement_id) or []
        for candidat_id in rng.sample(proches, min(len(proches), args.liens)):
            statut = rng.choices([v for v, _ in STATUTS_LIENS], [p for _, p in STATUTS_LIENS])[0]
            liens.append(
                MiseEnRelation(
                    candidat_id=candidat_id,
                    structure=s,
                    statut=statut,
                    origine="matching",
                    cree_le=maintenant,
                    statut_modifie_le=maintenant,
                )
            )
    recrutes = [i + 1 for i, s in enumerate(statuts) if s == "recrute"]
    occupes = Poste.objects.bulk_create(
        [
            Poste(
                convention=c,
                structure_id=c.structure_id,
                etat="occupe",
                date_attribution=decision,
                recruter_avant=decision + timedelta(days=90),
            )
            for c in rng.choices(conventions, k=len(recrutes))
        ],
        batch_size=5000,
    )
    for candidat_id, poste in zip(recrutes, occupes, strict=True):
        liens.append(
            MiseEnRelation(
                candidat_id=candidat_id,
                structure_id=poste.structure_id,
                statut="finalisee",
                origine="matching",
                poste=poste,
                type_contrat="cdi",
                date_debut_contrat=decision,
                salaire_brut_mensuel=Decimal("1900.00"),
                taille_tenue="M",
                fiche_poste_publiee_le=decision - timedelta(days=45),
                validee_le=maintenant,
                finalisee_le=maintenant,
                cree_le=maintenant,
                statut_modifie_le=maintenant,
            )
        )
    MiseEnRelation.objects.bulk_create(liens, batch_size=5000, ignore_conflicts=True)
    with connection.cursor() as curseur:
        curseur.execute("ANALYZE")
    journal(f"{len(liens)} mises en relation", debut)


def mesurer(args, debut: float) -> None:
    from django.db import connection

    from recrutement import rules, selectors
    from structures.models import Structure

    rng = random.Random(args.graine + 1)
    structures = list(
        Structure.objects.filter(statut="VALIDATION_COSELEC", commune__isnull=False).select_related(
            "commune", "departement"
        )
    )
    poids = [max(s.commune.population or 0, 50) for s in structures]
    echantillon = {s.pk: s for s in rng.choices(structures, weights=poids, k=args.echantillon)}
    # The densest place of the sample data: a structure in Paris when there is one.
    paris = [s for s in structures if s.commune_id == "75056"]
    if paris:
        echantillon[paris[0].pk] = paris[0]
    print(f"\n{len(echantillon)} structures mesurées, {args.repetitions} fois chacune")

    mesures: dict[str, list[float]] = {"voisinage": [], "page": [], "total": []}
    if args.complet:
        mesures["complet"] = []
    tailles = []
    for structure in echantillon.values():
        o = selectors.offre(structure)
        nouvelles = selectors.plus_proches_nouvelles(o)
        tailles.append(len(nouvelles.ids))

        def voisinage(o=o):
            return selectors.plus_proches_nouvelles(o)

        def page(o=o, n=nouvelles):
            selectors.compteurs(o, n)
            pks = selectors.ids_onglet(o, "nouvelle", nouvelles_ids=n.ids)
            return selectors.lignes(o, pks[:20])

        def total(structure=structure):
            o2 = selectors.offre(structure)
            n = selectors.plus_proches_nouvelles(o2)
            selectors.compteurs(o2, n)
            pks = selectors.ids_onglet(o2, "nouvelle", nouvelles_ids=n.ids)
            selectors.lignes(o2, pks[:20])

        mesures["voisinage"] += chronometrer(voisinage, args.repetitions)
        mesures["page"] += chronometrer(page, args.repetitions)
        mesures["total"] += chronometrer(total, args.repetitions)
        if args.complet:
            mesures["complet"] += chronometrer(
                lambda o=o: selectors.nouvelles(o).count(), args.repetitions
            )

    tailles.sort()
    print(
        f"nouvelles candidatures par structure : médiane {tailles[len(tailles) // 2]}, "
        f"min {tailles[0]}, max {tailles[-1]}"
    )
    libelles = {
        "voisinage": "requête de correspondance (les 1 000 plus proches)",
        "page": "compteurs des onglets + 20 lignes de la page",
        "total": "page complète (offre, correspondance, compteurs, lignes)",
        "complet": "pour comparaison : compter toutes les correspondances",
    }
    for cle, durees in mesures.items():
        p50, p95 = p50_p95(durees)
        print(f"{libelles[cle]:<58} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    if args.plan:
        structure = next(iter(echantillon.values()))
        o = selectors.offre(structure)
        base = selectors._eligibles(o).filter(~selectors._deja_traites(o)).order_by()
        lat_min, lat_max, lon_min, lon_max = rules.boite(o.lieu.latitude, o.lieu.longitude, 5)
        qs = (
            base.filter(
                commune__latitude__range=(lat_min, lat_max),
                commune__longitude__range=(lon_min, lon_max),
                distance__lte=5,
            )
            .order_by("distance", "disponible_le", "pk")
            .values_list("pk", flat=True)
        )
        with connection.cursor() as curseur:
            sql, params = qs[: rules.LIMITE_NOUVELLES + 1].query.sql_with_params()
            curseur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print("\n".join(ligne for (ligne,) in curseur.fetchall()))
    journal("mesures terminées", debut)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidats", type=int, default=100_000)
    parser.add_argument("--structures", type=int, default=2000)
    parser.add_argument("--liens", type=int, default=30, help="liens par structure")
    parser.add_argument("--echantillon", type=int, default=60, help="structures mesurées")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--graine", type=int, default=42)
    parser.add_argument(
        "--regenerer",
        action="store_true",
        help="régénérer la base même si elle contient déjà le bon nombre de candidats",
    )
    parser.add_argument("--plan", action="store_true", help="afficher le plan d’une requête")
    parser.add_argument(
        "--complet",
        action="store_true",
        help="mesurer aussi le comptage de toutes les correspondances (sans limite)",
    )
    args = parser.parse_args()

    debut = time.monotonic()
    adresse = url()
    creer_base(adresse, recreer=args.regenerer)
    preparer_django(adresse)
    if args.regenerer or not _donnees_presentes(args.candidats):
        if not args.regenerer:
            creer_base(adresse, recreer=True)
            journal("base absente ou d’une autre taille : génération", debut)
        generer(args, debut)
    else:
        journal(f"{args.candidats} candidats déjà générés : mesures sur la base existante", debut)
    mesurer(args, debut)


def _donnees_presentes(candidats: int) -> bool:
    from django.db import connection
    from django.db.utils import ProgrammingError

    try:
        with connection.cursor() as curseur:
            curseur.execute("SELECT count(*) FROM candidats_candidat")
            return curseur.fetchone()[0] == candidats
    except ProgrammingError:
        return False
    finally:
        connection.close()  # the database may be dropped next


if __name__ == "__main__":
    main()
