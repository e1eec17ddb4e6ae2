#!/usr/bin/env python
"""Benchmark of the selection committee: 10,000 pending requests in 101 départements.

    .venv/bin/python bench/comite.py [--database-url postgres://…/conum_bench_comite]
                                     [--demandes 10000] [--departements 101]

The database comes from --database-url, else BENCH_COMITE_DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/conum_bench_comite. It is dropped, created and migrated
by the script (it refuses a database whose name does not start with "conum_bench"), then
filled in bulk: reference territories, targets for 4,000 posts, about 3,000 posts already
allocated, and the requests — applications A, extra posts C, returns E, transfers (H and
the receiving C) — each with its prefecture opinion and rank.

Prints, in seconds: the data generation, the preview (``services.apercu``: the selectors
and the pure rule), and the confirmation (``services.confirmer_comite``: decisions, posts,
conventions, statuses, history, audit events and e-mails queued), with the outcome counts.

Run by ``bench/run.py`` too (``main(argv)``): the measurement runs in a child process so
that its Django database is its own, whatever another benchmark configured.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _commun import creer_base, preparer_django

URL_DEFAUT = "postgres://postgres@127.0.0.1:5432/conum_bench_comite"


def _url(arguments) -> str:
    return arguments.database_url or os.environ.get("BENCH_COMITE_DATABASE_URL", URL_DEFAUT)


def _chrono(libelle: str, fonction):
    debut = time.perf_counter()
    resultat = fonction()
    print(f"{libelle:<58} {time.perf_counter() - debut:8.2f} s", flush=True)
    return resultat


def generer(n_demandes: int, n_departements: int) -> None:
    """Bulk rows: the committee's input at national scale (no service, for speed)."""
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from comptes.models import Habilitation, Utilisateur
    from comptes.roles import Role
    from conventions.choix import EtatPoste, StatutConvention
    from conventions.models import Convention, Poste
    from instruction.choix import Avis, PosteCoordinateur, StatutDemande, TypeDemande
    from instruction.models import AvisPrefecture, Demande, HistoriqueDemande
    from structures.choix import StatutStructure, TypeStructure
    from structures.models import Structure
    from structures.tests.factories import siret_valide
    from territoires.demo import creer as creer_cibles
    from territoires.models import Departement

    T = TypeDemande
    alea = random.Random(42)
    call_command("charger_territoires", verbosity=0)
    creer_cibles({})  # sample indicators and targets for 4,000 posts
    departements = list(
        Departement.objects.filter(type=Departement.Type.DEPARTEMENT).order_by("code")[
            :n_departements
        ]
    )
    maintenant = timezone.now()
    jour = timezone.localdate()
    with transaction.atomic():
        # Prefecture agents: one per département, so outcome e-mails are rendered.
        agents = Utilisateur.objects.bulk_create(
            [Utilisateur(email=f"prefecture{d.code}@bench.fr") for d in departements]
        )
        Habilitation.objects.bulk_create(
            [
                Habilitation(utilisateur=u, role=Role.PREFECTURE, departement=d)
                for u, d in zip(agents, departements, strict=True)
            ]
        )
        # Structures already in the programme (about 3,000 posts), and new candidates.
        n_validees = 2000
        n_nouvelles = n_demandes
        structures = Structure.objects.bulk_create(
            [
                Structure(
                    nom=f"Structure {i}",
                    siret=siret_valide(i),
                    type=TypeStructure.COMMUNE if i % 3 else TypeStructure.ASSOCIATION,
                    departement=departements[i % len(departements)],
                    contact_email=f"structure{i}@bench.fr",
                    statut=StatutStructure.VALIDATION_COSELEC
                    if i < n_validees
                    else StatutStructure.CREEE,
                )
                for i in range(n_validees + n_nouvelles)
            ],
            batch_size=2000,
        )
        validees, nouvelles = structures[:n_validees], structures[n_validees:]
        conventions = Convention.objects.bulk_create(
            [
                Convention(
                    structure=s,
                    statut=StatutConvention.SIGNEE,
                    date_decision=jour - timedelta(days=400),
                    date_signature=jour - timedelta(days=370),
                    date_debut=jour - timedelta(days=370),
                )
                for s in validees
            ],
            batch_size=2000,
        )
        postes = []
        for c in conventions:
            for k in range(1 + alea.randint(0, 1)):
                postes.append(
                    Poste(
                        convention=c,
                        structure=c.structure,
                        etat=EtatPoste.OCCUPE if k else EtatPoste.VACANT,
                        date_attribution=c.date_decision,
                        recruter_avant=c.date_decision + timedelta(days=90),
                    )
                )
        Poste.objects.bulk_create(postes, batch_size=5000)

        # The requests: transfers (H + receiving C), returns (E), extra posts (C), and A.
        demandes = []
        n_transferts, n_e, n_c = 100, 300, 1500
        for i in range(n_transferts):
            cedante, accueil = validees[2 * i], validees[2 * i + 1]
            accueil.departement = cedante.departement
            demandes.append(
                Demande(
                    structure=cedante,
                    type=T.H,
                    nombre_postes=1,
                    structure_destination=accueil,
                    statut=StatutDemande.EN_INSTRUCTION,
                    deposee_le=maintenant - timedelta(days=alea.randint(1, 120)),
                )
            )
            demandes.append(
                Demande(
                    structure=accueil,
                    type=T.C,
                    nombre_postes=1,
                    transfert=True,
                    structure_origine=cedante,
                    statut=StatutDemande.EN_INSTRUCTION,
                    deposee_le=maintenant - timedelta(days=alea.randint(1, 120)),
                )
            )
        Structure.objects.bulk_update(validees[: 2 * n_transferts], ["departement"])
        for s in validees[2 * n_transferts : 2 * n_transferts + n_e]:
            demandes.append(
                Demande(
                    structure=s,
                    type=T.E,
                    nombre_postes=1,
                    deposee_le=maintenant - timedelta(days=alea.randint(1, 120)),
                )
            )
        for s in validees[2 * n_transferts + n_e : 2 * n_transferts + n_e + n_c]:
            demandes.append(
                Demande(
                    structure=s,
                    type=T.C,
                    nombre_postes=alea.choice([1, 1, 2]),
                    statut=StatutDemande.EN_INSTRUCTION,
                    deposee_le=maintenant - timedelta(days=alea.randint(1, 120)),
                )
            )
        reste = n_demandes - len(demandes)
        for s in nouvelles[:reste]:
            demandes.append(
                Demande(
                    structure=s,
                    type=T.A,
                    nombre_postes=alea.choice([1, 1, 1, 2, 2, 3]),
                    poste_coordinateur=PosteCoordinateur.TEMPS_PLEIN
                    if alea.random() < 0.05
                    else PosteCoordinateur.AUCUN,
                    statut=StatutDemande.EN_INSTRUCTION,
                    engagement_le=maintenant,
                    deposee_le=maintenant - timedelta(days=alea.randint(1, 120)),
                )
            )
        Demande.objects.bulk_create(demandes, batch_size=2000)
        HistoriqueDemande.objects.bulk_create(
            [
                HistoriqueDemande(demande=d, vers=d.statut, le=d.deposee_le, motif="Bench")
                for d in demandes
            ],
            batch_size=5000,
        )
        # Prefecture opinions on A, C, H: 90 % favourable, ranked per département.
        rangs: dict[str, int] = {}
        avis = []
        for d in demandes:
            if d.type not in (T.A, T.C, T.H):
                continue
            dep = d.structure.departement_id
            favorable = alea.random() < 0.9
            rang = None
            if favorable and alea.random() < 0.5:
                rangs[dep] = rangs.get(dep, 0) + 1
                rang = rangs[dep]
            avis.append(
                AvisPrefecture(
                    demande=d,
                    departement_id=dep,
                    avis=Avis.FAVORABLE if favorable else Avis.DEFAVORABLE,
                    commentaire="Avis de la préfecture (bench).",
                    rang=rang,
                    mention_transfert=d.transfert or d.type == T.H,
                    donne_le=maintenant,
                )
            )
        AvisPrefecture.objects.bulk_create(avis, batch_size=5000)
    print(
        f"  {len(demandes)} demandes dans {len(departements)} départements, "
        f"{len(postes)} postes déjà attribués, {len(avis)} avis de préfecture",
        flush=True,
    )


def mesurer(arguments) -> None:
    url = _url(arguments)
    nom = url.rsplit("/", 1)[-1]
    if not nom.startswith("conum_bench"):
        raise SystemExit(f"Base « {nom} » refusée : son nom doit commencer par conum_bench.")
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    creer_base(url, recreer=True)
    preparer_django(url)
    from django.core.management import call_command

    from instruction import services
    from instruction.selectors import etat_national

    print(f"Base : {nom}", flush=True)
    _chrono("Migrations", lambda: call_command("migrate", verbosity=0))
    _chrono(
        "Génération des données",
        lambda: generer(arguments.demandes, arguments.departements),
    )
    comite = services.preparer_comite()
    etat = etat_national()
    print(
        f"  objectif national {etat.total_national}, attribués et non rendus {etat.non_rendus}, "
        f"disponibles {etat.disponibles}",
        flush=True,
    )
    bilan = _chrono("Aperçu du comité (sélecteurs + règle pure)", lambda: services.apercu(comite))
    compte = bilan.par_resultat()
    print(
        f"  {len(bilan.propositions)} lignes : {compte['acceptee']} acceptées, "
        f"{compte['refusee']} refusées, {compte['en_attente']} en attente ; "
        f"{bilan.attribues} postes attribués, {bilan.liberes} libérés, "
        f"{bilan.transferes} transférés",
        flush=True,
    )
    bilan = _chrono(
        "Confirmation du comité (tout enregistré, courriels en file)",
        lambda: services.confirmer_comite(comite),
    )
    from conventions.models import Poste
    from instruction.models import DecisionComite

    print(
        f"  {DecisionComite.objects.filter(comite=comite).count()} décisions enregistrées, "
        f"{Poste.objects.non_rendus().count()} postes attribués et non rendus "
        f"(objectif {etat.total_national})",
        flush=True,
    )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark du comité de sélection")
    parser.add_argument("--database-url", dest="database_url", default=None)
    parser.add_argument("--demandes", type=int, default=10_000)
    parser.add_argument("--departements", type=int, default=101)
    parser.add_argument("--enfant", action="store_true", help=argparse.SUPPRESS)
    arguments, _ = parser.parse_known_args(argv)
    if arguments.enfant:
        mesurer(arguments)
        return
    # A child process: its own Django settings and database connection.
    commande = [sys.executable, __file__, "--enfant", "--database-url", _url(arguments)]
    commande += ["--demandes", str(arguments.demandes)]
    commande += ["--departements", str(arguments.departements)]
    subprocess.run(commande, check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
