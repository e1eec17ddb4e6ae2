"""Alerts, recomputed from the records on every read: each names its record and links to
it, and disappears as soon as the record no longer matches (nothing to close by hand).

``alertes_for_user(perimetre)`` gathers the kinds the viewer's role cares about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from comptes.acces import Perimetre
from comptes.roles import Role
from conventions.choix import EtatPoste, StatutConvention
from conventions.models import Convention, Poste
from conventions.selectors import ATTRIBUE, OCCUPE
from noyau import mots
from noyau.nombres import euros

from . import obligations, rules, selectors

# Posts vacant for more than this many days since their allocation.
JOURS_POSTE_VACANT = 120
MOIS_FIN_CONVENTION = 3

RETARD_RECRUTEMENT = "retard_recrutement"
FIN_CONVENTION = "fin_convention"
POSTE_VACANT = "poste_vacant"
ANOMALIE_POSTES = "anomalie_postes"
CONTRAT_POSTE_RENDU = "contrat_poste_rendu"
SANS_CRA = "sans_cra"
OBLIGATION_EN_RETARD = "obligation_en_retard"
TRANCHE_EN_RETARD = "tranche_en_retard"
LIBELLES = {
    RETARD_RECRUTEMENT: "Structures en retard de recrutement",
    FIN_CONVENTION: "Conventions qui se terminent dans moins de 3 mois (renouvellement ?)",
    POSTE_VACANT: f"Postes vacants depuis plus de {JOURS_POSTE_VACANT} jours",
    ANOMALIE_POSTES: "Anomalies : plus de postes occupés qu’attribués (« 1/0 »)",
    CONTRAT_POSTE_RENDU: "Anomalies : recrutement sur un poste rendu",
    SANS_CRA: "Conseillers sans compte rendu depuis deux mois",
    OBLIGATION_EN_RETARD: "Rapports de structure en retard",
    TRANCHE_EN_RETARD: "Tranches de subvention en retard",
}
# Which kinds each role is shown (its scope then restricts the records).
PAR_ROLE = {
    Role.ANCT: list(LIBELLES),
    Role.OPERATEUR: [FIN_CONVENTION, OBLIGATION_EN_RETARD, TRANCHE_EN_RETARD],
    Role.PREFECTURE: [
        RETARD_RECRUTEMENT,
        FIN_CONVENTION,
        POSTE_VACANT,
        ANOMALIE_POSTES,
        SANS_CRA,
        OBLIGATION_EN_RETARD,
    ],
    Role.HUB: [RETARD_RECRUTEMENT, POSTE_VACANT, SANS_CRA],
    Role.GRAND_RESEAU: [RETARD_RECRUTEMENT, FIN_CONVENTION, POSTE_VACANT, SANS_CRA],
    Role.STRUCTURE: [
        RETARD_RECRUTEMENT,
        FIN_CONVENTION,
        POSTE_VACANT,
        SANS_CRA,
        OBLIGATION_EN_RETARD,
    ],
    Role.COORDINATEUR: [SANS_CRA],
}


@dataclass(frozen=True)
class Alerte:
    type: str
    cle: str  # stable: "<type>:<record>", used to notify once
    objet: str
    detail: str
    lien: str
    structure_id: int | None = None
    conseiller_id: int | None = None

    @property
    def libelle_type(self) -> str:
        return LIBELLES[self.type]


def _lien_structure(p: Perimetre, structure_id: int) -> str:
    if p.role == Role.STRUCTURE:
        return reverse("structures:espace")
    if p.role in (Role.COORDINATEUR, None):
        return ""
    return reverse("structures:detail", args=[structure_id])


def _lien_conseiller(conseiller_id: int) -> str:
    return reverse("pilotage:conseiller", args=[conseiller_id])


def _premieres(lignes, premieres: int | None):
    """The rows to build alerts from, and how many there are in all (None: all of them).

    The alerts page shows the first ``premieres`` of each kind: a national scope has thousands
    of alerts, and building each (its link through ``reverse``) cost more than the queries."""
    if premieres is None:
        return lignes, None
    if isinstance(lignes, list):
        return lignes[:premieres], len(lignes)
    return list(lignes[:premieres]), lignes.count()


def _resultat(liste: list[Alerte], total: int | None):
    return liste if total is None else (liste, total)


def retards_recrutement(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    """Structures with a free post past its recruitment deadline (the oldest one named)."""
    from recrutement import rules as R
    from recrutement.models import MiseEnRelation

    recrute = MiseEnRelation.objects.filter(poste=OuterRef("pk"), statut__in=R.RECRUTES)
    en_retard = (
        Poste.objects.libres()
        .filter(structure__in=selectors.structures_for_user(p), recruter_avant__lt=aujourd_hui)
        .filter(~Exists(recrute))
        .order_by("structure_id", "recruter_avant")
        .distinct("structure_id")
        .values_list("structure_id", "structure__nom", "recruter_avant")
    )
    if compter:
        return en_retard.count()
    # The most overdue first.
    lignes, total = _premieres(sorted(en_retard, key=lambda ligne: (ligne[2], ligne[0])), premieres)
    return _resultat(
        [
            Alerte(
                RETARD_RECRUTEMENT,
                f"{RETARD_RECRUTEMENT}:{structure_id}:{echeance.isoformat()}",
                nom,
                f"Date limite de recrutement dépassée depuis le {echeance:%d/%m/%Y}",
                _lien_structure(p, structure_id),
                structure_id=structure_id,
            )
            for structure_id, nom, echeance in lignes
        ],
        total,
    )


def fins_convention(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    limite = aujourd_hui + timedelta(days=MOIS_FIN_CONVENTION * 31)
    conventions = (
        Convention.objects.filter(
            structure__in=selectors.structures_for_user(p),
            statut=StatutConvention.SIGNEE,
            date_fin__gte=aujourd_hui,
            date_fin__lte=limite,
        )
        .select_related("structure")
        .order_by("date_fin", "pk")
    )
    if compter:
        return conventions.count()
    conventions, total = _premieres(conventions, premieres)
    return _resultat(
        [
            Alerte(
                FIN_CONVENTION,
                f"{FIN_CONVENTION}:{c.pk}:{c.date_fin.isoformat()}",
                c.structure.nom,
                f"La convention se termine le {c.date_fin:%d/%m/%Y}",
                _lien_structure(p, c.structure_id),
                structure_id=c.structure_id,
            )
            for c in conventions
        ],
        total,
    )


def postes_vacants(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    limite = aujourd_hui - timedelta(days=JOURS_POSTE_VACANT)
    postes = (
        Poste.objects.libres()
        .filter(structure__in=selectors.structures_for_user(p), date_attribution__lt=limite)
        .select_related("structure")
        .order_by("date_attribution", "pk")
    )
    if compter:
        return postes.count()
    postes, total = _premieres(postes, premieres)
    return _resultat(
        [
            Alerte(
                POSTE_VACANT,
                f"{POSTE_VACANT}:{poste.pk}",
                poste.structure.nom,
                f"Poste n° {poste.pk} vacant depuis son attribution le "
                f"{poste.date_attribution:%d/%m/%Y}",
                _lien_structure(p, poste.structure_id),
                structure_id=poste.structure_id,
            )
            for poste in postes
        ],
        total,
    )


def anomalies_postes(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    """Structures with more posts filled than allocated ("1/0",
    ``instruction.rules.anomalie_postes``), found by one grouped query."""
    lignes = (
        Poste.objects.filter(structure__in=selectors.structures_for_user(p))
        .values("structure_id", "structure__nom")
        .annotate(occupes=Count("pk", filter=OCCUPE), attribues=Count("pk", filter=ATTRIBUE))
        .filter(occupes__gt=F("attribues"))
        .order_by("structure__nom", "structure_id")
    )
    if compter:
        return lignes.count()
    # Few rows (one per structure in anomaly): read them once rather than count, then slice.
    lignes, total = _premieres(list(lignes), premieres)
    return _resultat(
        [
            Alerte(
                ANOMALIE_POSTES,
                f"{ANOMALIE_POSTES}:{ligne['structure_id']}",
                ligne["structure__nom"],
                f"{mots.compter(ligne['occupes'], 'poste occupé')} pour "
                f"{mots.compter(ligne['attribues'], 'attribué')}",
                _lien_structure(p, ligne["structure_id"]),
                structure_id=ligne["structure_id"],
            )
            for ligne in lignes
        ],
        total,
    )


def contrats_postes_rendus(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    from recrutement import rules as R
    from recrutement.models import MiseEnRelation

    liens = (
        MiseEnRelation.objects.filter(
            statut__in=R.RECRUTES,
            poste__etat=EtatPoste.RENDU,
            structure__in=selectors.structures_for_user(p),
        )
        .select_related("structure", "poste")
        .order_by("pk")
    )
    if compter:
        return liens.count()
    liens, total = _premieres(liens, premieres)
    return _resultat(
        [
            Alerte(
                CONTRAT_POSTE_RENDU,
                f"{CONTRAT_POSTE_RENDU}:{m.pk}",
                m.structure.nom,
                f"Recrutement n° {m.pk} sur le poste n° {m.poste_id}, rendu le "
                f"{m.poste.date_rendu:%d/%m/%Y}",
                _lien_structure(p, m.structure_id),
                structure_id=m.structure_id,
            )
            for m in liens
        ],
        total,
    )


def sans_cra(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    """Advisors in post for two months at least whose last report is older than two months."""
    limite = aujourd_hui - timedelta(days=rules.JOURS_INACTIVITE_ALERTE)
    conseillers = (
        selectors.avec_activite(selectors.conseillers_for_user(p))
        .filter(cree_le__date__lt=limite)
        .filter(Q(dernier_cra__isnull=True) | Q(dernier_cra__lt=limite))
        .select_related("utilisateur", "structure")
        .order_by("utilisateur__nom", "pk")
    )
    if compter:
        return conseillers.count()
    conseillers, total = _premieres(conseillers, premieres)
    return _resultat(
        [
            Alerte(
                SANS_CRA,
                f"{SANS_CRA}:{h.utilisateur_id}:{aujourd_hui:%Y-%m}",
                h.utilisateur.nom_complet or h.utilisateur.email,
                (
                    f"Dernier compte rendu le {h.dernier_cra:%d/%m/%Y}"
                    if h.dernier_cra
                    else "Aucun compte rendu enregistré"
                )
                + f" ({h.structure.nom})",
                _lien_conseiller(h.utilisateur_id),
                structure_id=h.structure_id,
                conseiller_id=h.utilisateur_id,
            )
            for h in conseillers
        ],
        total,
    )


def obligations_en_retard(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    """One alert per structure late with its reports (how many, since when)."""
    retards = obligations.retards_par_structure(selectors.structures_for_user(p), aujourd_hui)
    if compter:
        return len(retards)
    retards, total = _premieres(retards, premieres)
    return _resultat(
        [
            Alerte(
                OBLIGATION_EN_RETARD,
                f"{OBLIGATION_EN_RETARD}:{r.structure.pk}:{r.plus_ancienne.isoformat()}",
                r.structure.nom,
                f"{mots.compter(r.nombre, 'rapport')} en retard, le plus ancien attendu le "
                f"{r.plus_ancienne:%d/%m/%Y}",
                reverse("pilotage:obligations")
                if p.role == Role.STRUCTURE
                else _lien_structure(p, r.structure.pk),
                structure_id=r.structure.pk,
            )
            for r in retards
        ],
        total,
    )


def tranches_en_retard(p: Perimetre, aujourd_hui: date, compter: bool = False, premieres=None):
    """Subsidy tranches past their due date and not paid (conventions' ``Tranche``)."""
    try:
        from conventions.models import Tranche
    except ImportError:  # the conventions app has not shipped its tranches yet
        return 0 if compter else _resultat([], None if premieres is None else 0)
    tranches = (
        Tranche.objects.filter(due_le__lt=aujourd_hui)
        .exclude(statut__in=("payee", "annulee"))
        .filter(subvention__convention__structure__in=selectors.structures_for_user(p))
        .select_related("subvention__convention__structure")
        .order_by("due_le", "pk")
    )
    if compter:
        return tranches.count()
    tranches, total = _premieres(tranches, premieres)
    return _resultat(
        [
            Alerte(
                TRANCHE_EN_RETARD,
                f"{TRANCHE_EN_RETARD}:{t.pk}",
                t.subvention.convention.structure.nom,
                f"Tranche {t.rang} de {euros(t.montant)} due le {t.due_le:%d/%m/%Y} "
                f"({t.get_statut_display().lower()})",
                _lien_structure(p, t.subvention.convention.structure_id),
                structure_id=t.subvention.convention.structure_id,
            )
            for t in tranches
        ],
        total,
    )


CALCULS = {
    RETARD_RECRUTEMENT: retards_recrutement,
    FIN_CONVENTION: fins_convention,
    POSTE_VACANT: postes_vacants,
    ANOMALIE_POSTES: anomalies_postes,
    CONTRAT_POSTE_RENDU: contrats_postes_rendus,
    SANS_CRA: sans_cra,
    OBLIGATION_EN_RETARD: obligations_en_retard,
    TRANCHE_EN_RETARD: tranches_en_retard,
}


def alertes_for_user(
    p: Perimetre, aujourd_hui: date | None = None, types: list[str] | None = None
) -> dict[str, list[Alerte]]:
    """Alerts of the viewer's scope, by kind (only the kinds of their role)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    retenus = [t for t in PAR_ROLE.get(p.role, []) if types is None or t in types]
    return {t: CALCULS[t](p, aujourd_hui) for t in retenus}


def premieres_for_user(
    p: Perimetre, premieres: int, aujourd_hui: date | None = None
) -> dict[str, tuple[list[Alerte], int]]:
    """Per kind of the viewer's role, the first ``premieres`` alerts (in the order of
    ``alertes_for_user``) and how many there are in all: what the alerts page shows."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    return {t: CALCULS[t](p, aujourd_hui, premieres=premieres) for t in PAR_ROLE.get(p.role, [])}


def compter_for_user(p: Perimetre, aujourd_hui: date | None = None) -> dict[str, int]:
    """How many alerts of each kind (the dashboard's summary): counts in the database, no
    alert built."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    return {t: CALCULS[t](p, aujourd_hui, compter=True) for t in PAR_ROLE.get(p.role, [])}
