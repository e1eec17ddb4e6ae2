#!/usr/bin/env python
"""Generate a national-scale activity data set into a SEPARATE database.

    .venv/bin/python bench/generer_activite.py --rapports 20000000 --conseillers 4000

The database (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/conum_bench)
is dropped, recreated, migrated and loaded with the territories; then:

- structures (¾ of the advisors), grands réseaux, advisors with their conseiller role,
  coordinators with their teams, 1 to 3 places per advisor, registered beneficiaries:
  Django ``bulk_create`` (a few thousand rows) or COPY;
- the reports: PostgreSQL ``COPY … FROM STDIN`` (psycopg 3 ``cursor.copy``), advisor by
  advisor over ``--annees`` years of working days, with secondary indexes and foreign-key
  triggers off during the load and rebuilt after it;
- the rollups: computed in SQL from the raw reports by the very statements of
  ``manage.py recalculer_statistiques`` (``INSERT … SELECT … GROUP BY``), indexes rebuilt
  after the load.

Realistic shape: départements weighted by population, 85 % individual accompaniments,
workshops of 3 to 15 people, 1 to 3 themes (a quarter with administrative procedures),
``--part-suivis`` of individual accompaniments linked to a registered beneficiary.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

# The project root comes first: bench/activite.py must not hide the « activite » app.
RACINE = Path(__file__).resolve().parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != RACINE / "bench"]
sys.path.insert(0, str(RACINE))

from bench._commun import creer_base, preparer_django, url_bench  # noqa: E402

RESEAUX = [
    "Croix-Rouge française",
    "Groupe SOS",
    "Emmaüs Connect",
    "La Poste",
    "UNAF",
    "La Ligue de l’enseignement",
    "Familles rurales",
    "FACE",
    "PIMMS",
    "APF France handicap",
    "UNIJ",
    "Confédération des MJC",
    "Régies de quartier",
    "Chambres d’agriculture",
]


def journal(message: str, debut: float) -> None:
    print(f"[{time.monotonic() - debut:7.1f} s] {message}", flush=True)


def _siret(n: int) -> str:
    """A 14-digit SIRET passing the Luhn check."""
    base = f"{(n * 7919 + 13) % 10**13:013d}"
    for chiffre in range(10):
        candidat = base + str(chiffre)
        total = 0
        for i, c in enumerate(reversed(candidat)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return candidat
    raise AssertionError


def _index_secondaires(curseur, table: str) -> list[tuple[str, str]]:
    """(name, definition) of a table's indexes and constraints other than checks/FKs."""
    curseur.execute(
        """
        SELECT c.conname, pg_get_constraintdef(c.oid), 'contrainte'
          FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
         WHERE t.relname = %s AND c.contype IN ('p', 'u')
        UNION ALL
        SELECT i.indexname, i.indexdef, 'index' FROM pg_indexes i
         WHERE i.tablename = %s AND NOT EXISTS (
               SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """,
        [table, table],
    )
    return curseur.fetchall()


def _retirer_index(curseur, table: str, garder_pk: bool) -> list[tuple[str, str, str]]:
    definitions = _index_secondaires(curseur, table)
    retires = []
    for nom, definition, genre in definitions:
        if genre == "contrainte":
            if garder_pk and definition.startswith("PRIMARY KEY"):
                continue
            curseur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{nom}"')
        else:
            curseur.execute(f'DROP INDEX "{nom}"')
        retires.append((nom, definition, genre))
    return retires


def _remettre_index(curseur, table: str, retires) -> None:
    for nom, definition, genre in retires:
        if genre == "contrainte":
            curseur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{nom}" {definition}')
        else:
            curseur.execute(definition)


def generer(args) -> None:
    debut = time.monotonic()
    url = url_bench()
    creer_base(url, recreer=True)
    preparer_django(url)

    from django.core.management import call_command
    from django.db import connection

    from activite import agregats
    from activite.choix import (
        THEMATIQUES_ADMINISTRATIVES,
        Genre,
        StatutSocial,
        Thematique,
        TrancheAge,
    )
    from activite.models import Activite, Beneficiaire, Lieu
    from comptes.models import Habilitation, MembreEquipe, Utilisateur
    from comptes.roles import Role
    from structures.choix import StatutStructure
    from structures.models import Reseau, Structure
    from territoires.models import Commune, Departement

    journal(f"base {connection.settings_dict['NAME']} recréée", debut)
    call_command("migrate", verbosity=0)
    call_command("charger_territoires", verbosity=0)
    journal("schéma migré, territoires chargés", debut)

    rng = random.Random(args.graine)
    aujourd_hui = date.today()
    premier = aujourd_hui - timedelta(days=int(365.25 * args.annees))
    jours = [
        premier + timedelta(days=i)
        for i in range((aujourd_hui - premier).days + 1)
        if (premier + timedelta(days=i)).weekday() < 5
    ]
    textes_jours = {j: j.isoformat() for j in jours}

    # --- Territories, structures, advisors, places -----------------------------------
    departements = list(Departement.objects.filter(type="departement"))
    poids = [max(d.population, 1) for d in departements]
    communes_par_dep: dict[str, list] = {}
    for code, dep, population in Commune.objects.values_list(
        "code_insee", "departement_id", "population"
    ):
        communes_par_dep.setdefault(dep, []).append((code, population or 1))
    commune_objets = {
        c.code_insee: c
        for c in Commune.objects.only(
            "code_insee", "latitude", "longitude", "codes_postaux", "departement_id"
        )
    }

    def commune_de(dep: str) -> str:
        liste = communes_par_dep[dep]
        return rng.choices([c for c, _ in liste], weights=[p for _, p in liste])[0]

    reseaux = Reseau.objects.bulk_create([Reseau(nom=n) for n in RESEAUX])
    n_structures = max(1, args.conseillers * 3 // 4)
    structures = []
    for i in range(n_structures):
        dep = rng.choices(departements, weights=poids)[0]
        structures.append(
            Structure(
                nom=f"Structure d’accueil {i + 1}",
                siret=_siret(i + 1),
                statut=StatutStructure.VALIDATION_COSELEC,
                departement_id=dep.code,
                commune_id=commune_de(dep.code),
                reseau=reseaux[i % len(reseaux)] if rng.random() < 0.15 else None,
            )
        )
    Structure.objects.bulk_create(structures, batch_size=2000)
    journal(f"{n_structures} structures", debut)

    conseillers = Utilisateur.objects.bulk_create(
        [
            Utilisateur(
                email=f"conseiller{i + 1}@bench.conum.fr",
                prenom="Conseiller",
                nom=f"Numéro {i + 1}",
                password="!",
            )
            for i in range(args.conseillers)
        ],
        batch_size=2000,
    )
    employeur = [
        structures[i] if i < n_structures else rng.choice(structures)
        for i in range(args.conseillers)
    ]
    Habilitation.objects.bulk_create(
        [
            Habilitation(utilisateur=u, role=Role.CONSEILLER, structure=s)
            for u, s in zip(conseillers, employeur, strict=True)
        ],
        batch_size=2000,
    )
    # Coordinators: one per 30 advisors of a département, members since various dates.
    par_dep: dict[str, list] = {}
    for u, s in zip(conseillers, employeur, strict=True):
        par_dep.setdefault(s.departement_id, []).append(u)
    coordinateurs, membres = [], []
    for dep, equipe in par_dep.items():
        for k in range(0, len(equipe), 30):
            coordinateur = Utilisateur(
                email=f"coordinateur-{dep}-{k}@bench.conum.fr", nom="Coordinateur", password="!"
            )
            coordinateurs.append((coordinateur, equipe[k : k + 30]))
    Utilisateur.objects.bulk_create([c for c, _ in coordinateurs])
    habilitations = Habilitation.objects.bulk_create(
        [Habilitation(utilisateur=c, role=Role.COORDINATEUR) for c, _ in coordinateurs]
    )
    for h, (_, equipe) in zip(habilitations, coordinateurs, strict=True):
        for u in equipe:
            entree = rng.choice(jours)
            sortie = rng.choice(jours) if rng.random() < 0.2 else None
            if sortie is not None and sortie < entree:
                entree, sortie = sortie, entree
            membres.append(MembreEquipe(coordination=h, conseiller=u, debut=entree, fin=sortie))
    MembreEquipe.objects.bulk_create(membres, batch_size=5000)
    journal(f"{args.conseillers} conseillers, {len(coordinateurs)} coordinateurs", debut)

    lieux_par_conseiller: dict[int, list[tuple[int, str, str]]] = {}
    lieux = []
    for u, s in zip(conseillers, employeur, strict=True):
        for k in range(rng.choice([1, 1, 2, 2, 3])):
            code = s.commune_id if k == 0 else commune_de(s.departement_id)
            c = commune_objets[code]
            lieux.append(
                Lieu(
                    conseiller=u,
                    structure=s,
                    nom=f"Lieu {k + 1} de {u.nom}",
                    adresse="1 place de la Mairie",
                    commune_id=code,
                    code_postal=(c.codes_postaux or ["00000"])[0],
                    latitude=c.latitude,
                    longitude=c.longitude,
                    horaires="Mo-Fr 09:00-12:00,14:00-17:00",
                    visible_cartographie=True,
                )
            )
    Lieu.objects.bulk_create(lieux, batch_size=5000)
    for lieu in lieux:
        lieux_par_conseiller.setdefault(lieu.conseiller_id, []).append(
            (lieu.pk, lieu.commune_id, commune_objets[lieu.commune_id].departement_id)
        )
    journal(f"{len(lieux)} lieux", debut)

    # --- Registered beneficiaries (COPY) ------------------------------------------------
    par_conseiller = args.rapports // args.conseillers
    n_benef = max(1, round(par_conseiller * 0.85 * args.part_suivis / 4))
    beneficiaires: dict[int, list[int]] = {}
    genres, statuts = Genre.values, StatutSocial.values
    table_b = Beneficiaire._meta.db_table
    identifiant = 0
    with connection.cursor() as curseur:
        colonnes = (
            "id, conseiller_id, prenom, nom, annee_naissance, genre, statut_social, adresse, "
            "telephone, pas_de_telephone, email, notes, anonyme, cree_le, modifie_le"
        )
        with curseur.cursor.copy(f"COPY {table_b} ({colonnes}) FROM STDIN") as copie:
            lignes = []
            for u in conseillers:
                ids = []
                for _ in range(n_benef):
                    identifiant += 1
                    ids.append(identifiant)
                    lignes.append(
                        f"{identifiant}\t{u.pk}\tPrénom\tNom {identifiant}\t"
                        f"{rng.randint(1935, 2012)}\t{rng.choice(genres)}\t{rng.choice(statuts)}"
                        f"\t\t\tf\t\t\tf\t{premier} 12:00:00+00\t{premier} 12:00:00+00\n"
                    )
                beneficiaires[u.pk] = ids
                if len(lignes) > 20000:
                    copie.write("".join(lignes))
                    lignes = []
            copie.write("".join(lignes))
        curseur.execute(f"SELECT setval(pg_get_serial_sequence('{table_b}', 'id'), {identifiant})")
    journal(f"{identifiant} bénéficiaires suivis", debut)

    # --- Report templates: everything but who, where and when ---------------------------
    mediation = [
        t
        for t in Thematique.values
        if t not in THEMATIQUES_ADMINISTRATIVES and t != "aide_aux_demarches_administratives"
    ]
    poids_themes = [1 + (len(mediation) - i) for i in range(len(mediation))]
    tranches = TrancheAge.values

    def compteurs(valeurs, n, reste):
        compte = dict.fromkeys(valeurs, 0)
        for _ in range(n):
            compte[reste if rng.random() < 0.3 else rng.choice(valeurs)] += 1
        return "\t".join(str(compte[v]) for v in valeurs)

    modeles = []
    for _ in range(args.modeles):
        collectif = rng.random() < 0.15
        n = rng.randint(3, 15) if collectif else 1
        themes = rng.choices(mediation, weights=poids_themes, k=rng.choice([1, 1, 2, 2, 3]))
        themes = list(dict.fromkeys(themes))
        precision = ""
        if not collectif and rng.random() < 0.25:
            themes += [
                "aide_aux_demarches_administratives",
                rng.choice(THEMATIQUES_ADMINISTRATIVES),
            ]
            precision = rng.choice(["", "", "Carte grise", "Prime d’activité"])
        materiel = rng.sample(["ordinateur", "telephone", "tablette"], k=rng.choice([0, 1, 1, 2]))
        type_lieu = rng.choices(
            ["lieu_activite", "a_distance", "domicile", "autre"], weights=[70, 10, 10, 10]
        )[0]
        if collectif:
            type_lieu = "lieu_activite"
        oriente = "" if collectif else rng.choice(["\\N", "t", "f", "f"])
        if collectif:
            oriente = "\\N"
        redirection = "aide_sociale" if oriente == "t" else ""
        suivi = (not collectif) and rng.random() < args.part_suivis
        fixe = "\t".join(
            [
                "collectif" if collectif else "individuel",
                str(
                    rng.choice([120, 90, 60])
                    if collectif
                    else rng.choice([15, 30, 30, 45, 60, 60, 90])
                ),
                type_lieu,
                "{" + ",".join(themes) + "}",
                precision,
                "{" + ",".join(materiel) + "}",
                "",
                "" if collectif else rng.choice(["", "autonome", "partiellement_autonome"]),
                oriente,
                redirection,
                rng.choice(["Découvrir sa tablette", "Arnaques en ligne"]) if collectif else "",
                rng.choice(["debutant", "intermediaire"]) if collectif else "",
                str(n),
                compteurs(genres, n, "non_communique"),
                compteurs(tranches, n, "non_communique"),
                compteurs(statuts, n, "non_communique"),
            ]
        )
        deja = rng.randint(0, n // 2) if collectif else int(rng.random() < 0.4)
        modeles.append((type_lieu, suivi, deja, fixe))

    colonnes = (
        "id, conseiller_id, structure_id, departement_id, commune_id, lieu_id, date, cree_le, "
        "beneficiaire_id, deja_accompagnes, type, duree, type_lieu, thematiques, "
        "precisions_demarche, materiel, notes, autonomie, oriente_vers_structure, "
        "structure_de_redirection, titre_atelier, niveau, participants, "
        + ", ".join(f"genre_{g}" for g in genres)
        + ", "
        + ", ".join(f"tranche_{t}" for t in tranches)
        + ", "
        + ", ".join(f"statut_{s}" for s in statuts)
    )
    table = Activite._meta.db_table
    with connection.cursor() as curseur:
        retires = _retirer_index(curseur, table, garder_pk=True)
        curseur.execute("SET session_replication_role = replica")  # FK triggers off
        identifiant = 0
        reste = args.rapports - par_conseiller * args.conseillers
        with curseur.cursor.copy(f"COPY {table} ({colonnes}) FROM STDIN") as copie:
            for numero, (u, s) in enumerate(zip(conseillers, employeur, strict=True)):
                n = par_conseiller + (1 if numero < reste else 0)
                mes_lieux = lieux_par_conseiller[u.pk]
                voisines = [commune_de(s.departement_id) for _ in range(4)]
                dep_structure = s.departement_id
                mes_benef = beneficiaires[u.pk]
                vus: set[int] = set()
                lignes = []
                for jour in sorted(rng.choices(jours, k=n)):
                    type_lieu, suivi, deja, fixe = rng.choice(modeles)
                    if type_lieu == "lieu_activite":
                        lieu_id, commune, dep = rng.choice(mes_lieux)
                        lieu = str(lieu_id)
                    else:
                        lieu = "\\N"
                        commune = (
                            s.commune_id if type_lieu == "a_distance" else rng.choice(voisines)
                        )
                        dep = dep_structure
                    if suivi:
                        b = rng.choice(mes_benef)
                        beneficiaire = str(b)
                        deja = 1 if b in vus else 0
                        vus.add(b)
                    else:
                        beneficiaire = "\\N"
                    identifiant += 1
                    texte = textes_jours[jour]
                    lignes.append(
                        f"{identifiant}\t{u.pk}\t{s.pk}\t{dep}\t{commune}\t{lieu}\t{texte}\t"
                        f"{texte} 17:00:00+00\t{beneficiaire}\t{deja}\t{fixe}\n"
                    )
                copie.write("".join(lignes))
                if (numero + 1) % 500 == 0:
                    journal(f"  {identifiant} comptes rendus copiés", debut)
        curseur.execute("SET session_replication_role = DEFAULT")
        curseur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {identifiant})")
        journal(f"{identifiant} comptes rendus chargés par COPY", debut)
        curseur.execute("SET maintenance_work_mem = '1GB'")
        curseur.execute("SET max_parallel_maintenance_workers = 2")
        _remettre_index(curseur, table, retires)
        journal("index des comptes rendus reconstruits", debut)
        curseur.execute(f"VACUUM ANALYZE {table}")
        journal("VACUUM ANALYZE des comptes rendus", debut)

        # --- Rollups: the statements of recalculer_statistiques ----------------------------
        curseur.execute("SET work_mem = '512MB'")
        for t in agregats.TABLES:
            retires_t = _retirer_index(curseur, t, garder_pk=False)
            sql = next(s for s in agregats.sql_recalcul() if s.startswith(f"INSERT INTO {t} "))
            curseur.execute(sql)
            lignes_t = curseur.rowcount
            _remettre_index(curseur, t, retires_t)
            curseur.execute(f"VACUUM ANALYZE {t}")
            journal(f"agrégats {t} : {lignes_t} lignes", debut)
    journal("terminé", debut)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rapports", type=int, default=20_000_000)
    parser.add_argument("--conseillers", type=int, default=4000)
    parser.add_argument("--annees", type=float, default=4)
    parser.add_argument("--part-suivis", type=float, default=0.05, dest="part_suivis")
    parser.add_argument("--modeles", type=int, default=50_000, help="report templates")
    parser.add_argument("--graine", type=int, default=42)
    generer(parser.parse_args(argv))


if __name__ == "__main__":
    main()
