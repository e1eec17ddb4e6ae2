"""Demo of recruitment: the structures with allocated posts and the candidates around them,
in every status of a mise en relation, so that the recruitment space is alive.

- the posts the instruction demo marked as filled get their advisor: a recruited candidate
  of the pool, in post ("finalisée") — a demo-only fact, as the contracts that will set it
  belong to the conventions issue;
- the Mairie de Bordeaux (the demo structure's login) has pre-selected candidates (the demo
  candidate among them), candidates set aside or put back, a validated candidature on its
  free post, a rupture declared, a renewal pending and a renewal done;
- former advisors, back in the pool after a rupture or the end of their contract, show as
  "déjà formé";
- two structures of one département pre-select the same candidate; the first recruits
  them, the national team validates it and the other one's link closes;
- every other validated structure has a few candidates pre-selected or set aside.

Deterministic (random.Random(42)); everything after the demo-only facts goes through the
services, without e-mails. Idempotent: once a mise en relation exists, nothing is added.
Without allocated posts (instruction's demo not there yet), nothing is created.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from candidats.demo import EMAIL_CANDIDAT_DEMO
from candidats.models import Candidat
from comptes.models import Utilisateur
from comptes.roles import Role
from comptes.services import ActionImpossible
from conventions.models import Poste
from structures.choix import StatutStructure
from structures.models import Structure

from . import rules, selectors, services
from .models import HistoriqueMiseEnRelation, MiseEnRelation

R = rules
BORDEAUX = "21330063500017"
SALAIRES = ["1850.00", "1900.00", "1980.00", "2050.00", "2150.00"]


def _moment(jour) -> datetime:
    return datetime.combine(jour, time(10, 0), tzinfo=timezone.get_current_timezone())


def _contrat(alea: random.Random, debut, *, duree=None) -> dict:
    type_contrat = alea.choice(["cdd", "cdd", "contrat_projet", "cdi"])
    duree = None if type_contrat == R.CDI else duree or alea.choice([24, 30, 36])
    return {
        "type_contrat": type_contrat,
        "date_debut_contrat": debut,
        "duree_contrat_mois": duree,
        "date_fin_contrat": R.date_fin_contrat(type_contrat, debut, duree),
        "salaire_brut_mensuel": Decimal(alea.choice(SALAIRES)),
        "taille_tenue": alea.choice(["S", "M", "M", "L", "XL"]),
        "fiche_poste_publiee_le": debut - timedelta(days=alea.randint(35, 70)),
        "validee_le": _moment(debut - timedelta(days=alea.randint(10, 20))),
    }


def _lien_passe(structure, candidat, statut, contrat: dict, *, poste=None, **extra):
    """A link that reached ``statut`` in the past, with the history real use leaves."""
    debut = contrat["date_debut_contrat"]
    finalise = _moment(debut - timedelta(days=3))
    mer = MiseEnRelation.objects.create(
        candidat=candidat,
        structure=structure,
        statut=statut,
        origine=MiseEnRelation.Origine.MATCHING,
        cree_le=contrat["validee_le"] - timedelta(days=20),
        statut_modifie_le=finalise,
        poste=poste,
        finalisee_le=finalise,
        **contrat,
        **extra,
    )
    etapes = [
        ("", R.INTERESSEE, R.STRUCTURE, mer.cree_le),
        (R.INTERESSEE, R.RECRUTEE, R.STRUCTURE, contrat["validee_le"]),
        (R.RECRUTEE, R.FINALISEE, R.ANCT, finalise),
    ]
    if statut == R.FINALISEE_RUPTURE:
        rupture = _moment(extra["date_rupture"])
        etapes += [
            (R.FINALISEE, R.NOUVELLE_RUPTURE, R.STRUCTURE, rupture - timedelta(days=20)),
            (R.NOUVELLE_RUPTURE, R.FINALISEE_RUPTURE, R.ANCT, rupture + timedelta(days=5)),
        ]
    elif statut == R.TERMINEE_NATURELLE:
        fin = _moment(contrat["date_fin_contrat"] + timedelta(days=1))
        etapes.append((R.FINALISEE, R.TERMINEE_NATURELLE, R.SYSTEME, fin))
    HistoriqueMiseEnRelation.objects.bulk_create(
        HistoriqueMiseEnRelation(mise_en_relation=mer, de=de, vers=vers, acteur=qui, le=le)
        for de, vers, qui, le in etapes
    )
    return mer


def _en_poste(alea, aujourd_hui, structures, conseillers=()) -> list[MiseEnRelation]:
    """Filled posts without their advisor get a recruited candidate of the pool; the
    Mairie de Bordeaux's last ones go to the demo advisor accounts (``conseillers``), whose
    activity then belongs to advisors in post. Theirs are written last, so that the
    Bordeaux stories (rupture, renewals) happen to pool advisors."""
    disponibles = Candidat.objects.filter(
        statut=Candidat.Statut.RECRUTE, supprime_le__isnull=True
    ).exclude(mises_en_relation__statut__in=R.RECRUTES)
    demo = list(disponibles.filter(utilisateur__in=list(conseillers)).order_by("pk"))
    recrutes = list(disponibles.exclude(pk__in=[c.pk for c in demo]).order_by("pk"))
    postes = list(
        Poste.objects.occupes()
        .filter(structure__in=structures)
        .exclude(mises_en_relation__statut__in=R.RECRUTES)
        .select_related("structure")
        .order_by("structure_id", "pk")
    )
    a_bordeaux = [p for p in postes if p.structure.siret == BORDEAUX]
    reserves = a_bordeaux[-len(demo) :] if demo and len(a_bordeaux) > len(demo) else []
    postes = [p for p in postes if p not in reserves]
    liens = []
    for poste, candidat in [
        *zip(postes, recrutes, strict=False),
        *zip(reserves, demo, strict=False),
    ]:
        debut = aujourd_hui - timedelta(days=30 * alea.randint(2, 14))
        liens.append(
            _lien_passe(poste.structure, candidat, R.FINALISEE, _contrat(alea, debut), poste=poste)
        )
    return liens


def _anciens_conseillers(alea, aujourd_hui, structure, candidats) -> None:
    """Former advisors back in the pool: a past contract ended by a rupture, or by its end."""
    for i, candidat in enumerate(candidats):
        debut = aujourd_hui - timedelta(days=30 * alea.randint(20, 30))
        if i % 2 == 0:
            contrat = _contrat(alea, debut, duree=36)
            contrat.update(
                type_contrat="cdd",
                duree_contrat_mois=36,
                date_fin_contrat=R.date_fin_contrat("cdd", debut, 36),
            )
            _lien_passe(
                structure,
                candidat,
                R.FINALISEE_RUPTURE,
                contrat,
                date_rupture=debut + timedelta(days=300),
                motif_rupture=alea.choice(["demission", "CDIsation"]),
            )
        else:
            contrat = _contrat(alea, debut, duree=18)
            contrat.update(
                type_contrat="cdd",
                duree_contrat_mois=18,
                date_fin_contrat=R.date_fin_contrat("cdd", debut, 18),
            )
            _lien_passe(structure, candidat, R.TERMINEE_NATURELLE, contrat)


def _contrat_a_venir(alea, aujourd_hui) -> dict:
    return {
        "type_contrat": alea.choice(["cdd", "contrat_projet"]),
        "date_debut": aujourd_hui + timedelta(days=alea.randint(20, 45)),
        "duree_mois": alea.choice([18, 24, 30]),
        "salaire": Decimal(alea.choice(SALAIRES)),
        "taille_tenue": alea.choice(["S", "M", "L", "XL"]),
        "fiche_publiee_le": aujourd_hui - timedelta(days=alea.randint(15, 40)),
    }


def _proches(structure, exclus: set[int]) -> list[int]:
    ids = selectors.plus_proches_nouvelles(selectors.offre(structure)).ids
    return [pk for pk in ids if pk not in exclus]


def _bordeaux(alea, aujourd_hui, bordeaux, utilise: set[int]) -> None:
    demo = Candidat.objects.filter(
        utilisateur__email=EMAIL_CANDIDAT_DEMO, supprime_le__isnull=True
    ).first()
    proches = _proches(bordeaux, utilise)
    if demo is not None and demo.statut == Candidat.Statut.DISPONIBLE:
        services.preselectionner(structure=bordeaux, candidat_id=demo.pk, notifier=False)
        utilise.add(demo.pk)
    choisis = [pk for pk in proches if pk not in utilise][:9]
    utilise.update(choisis)
    for pk in choisis[:4]:
        services.preselectionner(structure=bordeaux, candidat_id=pk, notifier=False)
    for pk in choisis[4:8]:
        services.ne_pas_retenir(structure=bordeaux, candidat_id=pk)
    if len(choisis) > 8:
        # Set aside, then put back among the new candidates.
        services.ne_pas_retenir(structure=bordeaux, candidat_id=choisis[8])
        services.remettre_en_nouvelle(structure=bordeaux, candidat_id=choisis[8])
    if choisis and selectors.etat_postes(bordeaux.pk).libres:
        services.valider_candidature(
            structure=bordeaux,
            candidat_id=choisis[0],
            notifier=False,
            **_contrat_a_venir(alea, aujourd_hui),
        )
    en_poste = list(
        MiseEnRelation.objects.filter(structure=bordeaux, statut=R.FINALISEE).order_by("pk")
    )
    if len(en_poste) >= 3:
        services.declarer_rupture(
            en_poste[0].pk,
            date_rupture=min(
                aujourd_hui + timedelta(days=20), en_poste[0].date_fin_contrat or aujourd_hui
            ),
            motif="nonReconductionCDD",
        )
        renouvellement = {
            "type_contrat": R.CDI,
            "date_debut": aujourd_hui + timedelta(days=30),
            "duree_mois": None,
            "salaire": Decimal("2100.00"),
        }
        services.initier_renouvellement(en_poste[1].pk, **renouvellement)
        fait = services.initier_renouvellement(en_poste[2].pk, **renouvellement)
        services.valider_renouvellement(fait.pk, par=_anct())


def _anct():
    return Utilisateur.objects.filter(habilitations__role=Role.ANCT).order_by("pk").first()


def _recrutement_complet(alea, aujourd_hui, structures, utilise: set[int]) -> None:
    """Two structures of a département pre-select the same candidate; the first recruits
    them and the national team validates it: the other's link closes. The second then
    validates someone else, awaiting the national team."""
    par_departement: dict[str, list[Structure]] = {}
    for s in structures:
        if selectors.etat_postes(s.pk).libres:
            par_departement.setdefault(s.departement_id, []).append(s)
    paire = next((liste[:2] for liste in par_departement.values() if len(liste) >= 2), None)
    if paire is None:
        return
    a, b = paire
    communs = [pk for pk in _proches(a, utilise) if pk in set(_proches(b, utilise))]
    if len(communs) < 2:
        return
    premier, second = communs[0], communs[1]
    utilise.update((premier, second))
    try:
        # Savepoint: with reduced data (the demo test's few communes) a structure's free
        # posts may be of another type; the demo then skips this story instead of failing.
        with transaction.atomic():
            for s in (a, b):
                services.preselectionner(structure=s, candidat_id=premier, notifier=False)
            mer = services.valider_candidature(
                structure=a,
                candidat_id=premier,
                notifier=False,
                **_contrat_a_venir(alea, aujourd_hui),
            )
            services.finaliser_recrutement(mer.pk, par=_anct(), notifier=False)
            services.preselectionner(structure=b, candidat_id=second, notifier=False)
            services.valider_candidature(
                structure=b,
                candidat_id=second,
                notifier=False,
                **_contrat_a_venir(alea, aujourd_hui),
            )
    except ActionImpossible:
        return


def creer(contexte: dict) -> None:
    resume = contexte.setdefault("resume", [])
    if MiseEnRelation.objects.exists():
        resume.append(
            f"Recrutement : {MiseEnRelation.objects.count()} mises en relation déjà présentes"
        )
        return
    structures = list(
        Structure.objects.filter(
            statut=StatutStructure.VALIDATION_COSELEC,
            commune__isnull=False,
            pk__in=Poste.objects.attribues().values("structure_id"),
        )
        .select_related("commune", "departement")
        .order_by("pk")
    )
    if not structures:
        resume.append("Recrutement : aucun poste attribué, pas de mise en relation créée")
        return
    alea = random.Random(42)
    aujourd_hui = timezone.localdate()
    _en_poste(alea, aujourd_hui, structures, contexte.get("conseillers", ()))
    utilise: set[int] = set()
    bordeaux = next((s for s in structures if s.siret == BORDEAUX), structures[0])
    proches = _proches(bordeaux, utilise)
    anciens = proches[-4:] if len(proches) > 12 else []
    utilise.update(anciens)
    autre = next((s for s in structures if s.pk != bordeaux.pk), bordeaux)
    _anciens_conseillers(
        alea, aujourd_hui, autre, list(Candidat.objects.filter(pk__in=anciens).order_by("pk"))
    )
    _bordeaux(alea, aujourd_hui, bordeaux, utilise)
    _recrutement_complet(alea, aujourd_hui, [s for s in structures if s.pk != bordeaux.pk], utilise)
    for s in structures:
        if (
            s.pk == bordeaux.pk
            or MiseEnRelation.objects.filter(structure=s).exclude(statut=R.FINALISEE).exists()
        ):
            continue
        proches = _proches(s, utilise)[:4]
        utilise.update(proches)
        for i, pk in enumerate(proches):
            if i % 2 == 0:
                services.preselectionner(structure=s, candidat_id=pk, notifier=False)
            else:
                services.ne_pas_retenir(structure=s, candidat_id=pk)

    par_statut = {
        statut: MiseEnRelation.objects.filter(statut=statut).count()
        for statut in R.LIBELLES_STATUTS
    }
    detail = ", ".join(f"{R.LIBELLES_STATUTS[s].lower()} {n}" for s, n in par_statut.items() if n)
    resume.append(
        f"Recrutement : {sum(par_statut.values())} mises en relation – {detail} "
        "(espace de la structure : /recrutement/ ; à valider par l’ANCT : /recrutement/validations/)"
    )
