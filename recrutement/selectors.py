"""Scoped reads of recruitment: the live matching, the structure's links, the pool search,
the posts and deadlines, the overdue structures, the candidate's side.

The matching (``plus_proches_nouvelles``) is the hot path of the recruitment space. It
reads the candidates' commune coordinates through the ``commune_position`` index, ring after
ring around the structure (a box, then the exact great-circle distance in SQL), keeps the
1,000 nearest eligible candidates as the real platform did, then those whose own radius
reaches the structure. Overseas territories match within themselves only. A page then
reads the annotations of its 20 rows only (``lignes``). See bench/recrutement.py for the
figures at 100,000 candidates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import ASin, Cast, Cos, Least, Power, Radians, Sin, Sqrt
from django.utils import timezone

from candidats.models import Candidat
from candidats.rules import DOMAINES_PIX
from candidats.selectors import vivier
from comptes.acces import Perimetre, filtrer_par_departement
from comptes.roles import Role
from conventions.models import Poste
from instruction.choix import StatutDemande
from instruction.models import Demande
from instruction.rules import DEMANDES_DE_POSTES
from structures.models import Structure
from structures.rules import STATUTS_ACTIFS
from territoires.models import Departement
from territoires.rules import normaliser

from . import rules
from .models import HistoriqueMiseEnRelation, MiseEnRelation

R = rules

# --- Posts -----------------------------------------------------------------------------------


def postes_libres(structure_id: int, type_poste: str | None = None):
    """Free allocated posts: vacant, in a running convention, not held by a recruitment."""
    qs = Poste.objects.libres().filter(structure_id=structure_id)
    if type_poste:
        qs = qs.filter(type=type_poste)
    recrutement = MiseEnRelation.objects.filter(poste=OuterRef("pk"), statut__in=R.RECRUTES)
    return qs.filter(~Exists(recrutement))


@dataclass(frozen=True)
class EtatPostes:
    attribues: int
    recrutes: int
    libres: int
    libres_par_type: dict[str, int]
    echeance: date | None  # the nearest deadline of a free post

    @property
    def actif(self) -> bool:
        """The structure has allocated posts: its recruitment space is open."""
        return self.attribues > 0


def etat_postes(structure_id: int) -> EtatPostes:
    """ "X recrutés / Y postes" (a post is taken once filled or reserved by a validated
    candidature), free posts by type and the nearest deadline (2 queries)."""
    attribues = Poste.objects.attribues().filter(structure_id=structure_id).count()
    libres = list(
        postes_libres(structure_id).order_by("recruter_avant").values_list("type", "recruter_avant")
    )
    par_type: dict[str, int] = {}
    for type_poste, _ in libres:
        par_type[type_poste] = par_type.get(type_poste, 0) + 1
    return EtatPostes(
        attribues=attribues,
        recrutes=attribues - len(libres),
        libres=len(libres),
        libres_par_type=par_type,
        echeance=libres[0][1] if libres else None,
    )


def structure_active(structure: Structure) -> bool:
    return (
        structure.statut in STATUTS_ACTIFS
        and Poste.objects.attribues().filter(structure_id=structure.pk).exists()
    )


# --- The structure's matching parameters ------------------------------------------------------


@dataclass(frozen=True)
class Offre:
    """Where and when a structure recruits."""

    structure: Structure
    lieu: R.Lieu | None
    date_debut_souhaitee: date | None
    reference: date  # candidates must be available by this date


def date_debut_souhaitee(structure_id: int) -> date | None:
    """The start date wished in the structure's latest accepted request for posts."""
    return (
        Demande.objects.filter(
            structure_id=structure_id,
            type__in=sorted(DEMANDES_DE_POSTES),
            statut=StatutDemande.ACCEPTEE,
            date_debut_souhaitee__isnull=False,
        )
        .order_by("-deposee_le", "-pk")
        .values_list("date_debut_souhaitee", flat=True)
        .first()
    )


def offre(structure: Structure, aujourd_hui: date | None = None) -> Offre:
    aujourd_hui = aujourd_hui or timezone.localdate()
    commune = structure.commune
    lieu = None
    if commune is not None:
        departement = structure.departement
        lieu = R.Lieu(commune.latitude, commune.longitude, departement.code, departement.outre_mer)
    souhaitee = date_debut_souhaitee(structure.pk)
    return Offre(structure, lieu, souhaitee, R.date_reference(souhaitee, aujourd_hui))


# --- SQL pieces ---------------------------------------------------------------------------------


def distance_sql(lieu: R.Lieu, prefixe: str = "commune__"):
    """Great-circle distance in km from ``lieu`` to the commune reached by ``prefixe``: the
    haversine formula of rules.distance_km, in plain SQL trigonometry (no extension)."""
    phi1 = math.radians(lieu.latitude)
    lambda1 = math.radians(lieu.longitude)
    lat = Radians(F(f"{prefixe}latitude"))
    lon = Radians(F(f"{prefixe}longitude"))
    deux = Value(2.0)
    h = Power(Sin((lat - Value(phi1)) / deux), deux) + Value(math.cos(phi1)) * Cos(lat) * Power(
        Sin((lon - Value(lambda1)) / deux), deux
    )
    return Value(2 * R.RAYON_TERRE_KM) * ASin(Least(Value(1.0), Sqrt(h)))


def _codes_outre_mer() -> list[str]:
    return list(Departement.objects.filter(outre_mer=True).values_list("code", flat=True))


def _recrute_quelque_part():
    return Exists(MiseEnRelation.objects.filter(candidat=OuterRef("pk"), statut__in=R.RECRUTES))


def a_ete_en_poste():
    """Has been in post as a conseiller numérique (the real platform's "Formation CCP1").

    Computed from the links, not stored: a former advisor who is available again (after a
    rupture or the end of a contract) is back in the pool with this flag. The training app
    may later widen it with a recorded certification.
    """
    return Exists(
        MiseEnRelation.objects.filter(candidat=OuterRef("pk"), statut__in=R.EN_POSTE_UN_JOUR)
    )


def vivier_disponible():
    """The candidates a structure may recruit: confirmed, not deleted, not paused, not
    recruited (nor being recruited) anywhere."""
    return vivier().filter(statut=Candidat.Statut.DISPONIBLE).filter(~_recrute_quelque_part())


def _meme_territoire(qs, lieu: R.Lieu):
    if lieu.outre_mer:
        return qs.filter(departement_id=lieu.departement)
    return qs.exclude(departement_id__in=_codes_outre_mer())


def _eligibles(o: Offre):
    """The pool candidates a structure may be offered before the distance: available by its
    date, in its territory; annotated with ``distance`` (km)."""
    qs = vivier_disponible().filter(disponible_le__lte=o.reference)
    return _meme_territoire(qs, o.lieu).annotate(distance=distance_sql(o.lieu))


def _a_portee():
    """The structure lies within the candidate's own travel distance."""
    return Q(distance__lte=F("distance_max"))


def correspondances(o: Offre):
    """Every candidate who matches a structure's needs (rules.raison_hors_correspondance),
    annotated with ``distance`` (km). Live: nothing is stored until the structure acts.
    The box of the largest radius lets the index pre-filter the communes; candidates who
    travel "anywhere" skip it."""
    if o.lieu is None:
        return Candidat.objects.none()
    lat_min, lat_max, lon_min, lon_max = R.boite(o.lieu.latitude, o.lieu.longitude, R.RAYON_MAX_KM)
    return _eligibles(o).filter(
        Q(distance_max=R.DISTANCE_PARTOUT)
        | Q(
            commune__latitude__range=(lat_min, lat_max),
            commune__longitude__range=(lon_min, lon_max),
        ),
        _a_portee(),
    )


def _liens(structure_id: int):
    return MiseEnRelation.objects.filter(structure_id=structure_id, candidat=OuterRef("pk"))


def _deja_traites(o: Offre):
    """A live link other than "nouvelle": the structure has acted on the candidate."""
    return Exists(_liens(o.structure.pk).exclude(statut__in=R.CLOS | {R.NOUVELLE}))


def nouvelles(o: Offre):
    """Every match the structure has not acted on (a link set back to "nouvelle" counts as
    not acted on)."""
    return correspondances(o).filter(~_deja_traites(o))


def _lien_le_plus_pertinent(structure_id: int):
    """The link that speaks for the pair: a live one first, else the latest."""
    return _liens(structure_id).order_by(
        Case(When(statut__in=R.CLOS | {R.RENOUVELLEMENT_INITIEE}, then=1), default=0),
        "-statut_modifie_le",
        "-pk",
    )


def avec_lien(qs, structure_id: int):
    """Annotate each candidate with its link to the structure (``lien_id``, ``lien_statut``,
    None without one) and ``deja_forme``."""
    lien = _lien_le_plus_pertinent(structure_id)
    return qs.annotate(
        lien_id=Subquery(lien.values("pk")[:1]),
        lien_statut=Subquery(lien.values("statut")[:1]),
        deja_forme=a_ete_en_poste(),
    )


@dataclass(frozen=True)
class Nouvelles:
    """The new matches among the nearest candidates, nearest first (their ids); ``plafonnees``
    when the neighbourhood was cut at ``rules.LIMITE_NOUVELLES`` candidates."""

    ids: list[int]
    plafonnees: bool


def plus_proches_nouvelles(o: Offre, limite: int = R.LIMITE_NOUVELLES) -> Nouvelles:
    """The "nouvelles candidatures" tab, as the real platform's matching (§4.2): among the
    ``limite`` nearest eligible candidates the structure has not acted on, those whose own
    travel distance reaches the structure, nearest first.

    The neighbourhood is read ring after ring through the ``commune_position`` index (a
    box, then the exact distance of each commune), so no candidate is read twice; each ring
    is sized from the density met so far (``rules.rayon_suivant``). A dense city stops at
    the first ring of 5 km, a rural structure a few rings later: a page costs about
    the same wherever the structure is, and the whole pool stays reachable through the
    pool search.
    """
    if o.lieu is None:
        return Nouvelles([], False)
    base = _eligibles(o).filter(~_deja_traites(o)).order_by()
    voisins: list[tuple[int, float, int]] = []
    interieur, rayon = 0.0, R.PREMIER_RAYON_KM
    while True:
        anneau = base.filter(distance__gt=interieur) if interieur else base
        if rayon is not None:
            lat_min, lat_max, lon_min, lon_max = R.boite(o.lieu.latitude, o.lieu.longitude, rayon)
            anneau = anneau.filter(
                commune__latitude__range=(lat_min, lat_max),
                commune__longitude__range=(lon_min, lon_max),
                distance__lte=rayon,
            )
        reste = limite + 1 - len(voisins)
        voisins += anneau.order_by("distance", "disponible_le", "pk").values_list(
            "pk", "distance", "distance_max"
        )[:reste]
        if len(voisins) > limite or rayon is None:
            break
        interieur, rayon = float(rayon), R.rayon_suivant(rayon, len(voisins), limite + 1)
    voisins = voisins[:limite]
    return Nouvelles(
        [pk for pk, distance, rayon_candidat in voisins if distance <= rayon_candidat],
        len(voisins) == limite,
    )


def _annoter_distance(qs, o: Offre):
    if o.lieu is not None:
        return qs.annotate(distance=distance_sql(o.lieu))
    return qs.annotate(distance=Value(None, output_field=FloatField()))


def _candidats_onglet(o: Offre, statut: str, nouvelles_ids: list[int] | None):
    if statut == R.NOUVELLE:
        return Candidat.objects.filter(pk__in=nouvelles_ids or [])
    liens = _liens(o.structure.pk)
    if statut == "toutes":
        # Every candidate of the other tabs, the new matches included (« Toutes » counted
        # 0 beside « Nouvelles candidatures (43) »).
        liens = liens.exclude(statut__in=R.HORS_TOUTES)
        if nouvelles_ids is None:
            nouvelles_ids = plus_proches_nouvelles(o).ids
        return vivier().filter(Exists(liens) | Q(pk__in=nouvelles_ids or []))
    return vivier().filter(Exists(liens.filter(statut=statut)))


def ids_onglet(
    o: Offre,
    statut: str,
    *,
    nouvelles_ids: list[int] | None = None,
    filtres: dict | None = None,
    tri: str = "distance",
):
    """The ids of a tab's candidates, filtered and sorted: a list, or a query of ids that
    the paginator slices. The rows of one page are then read by ``lignes``: the costly
    annotations (distance, link, "déjà formé") are computed for 20 rows, not for all.

    Tabs: the nearest new matches for "nouvelle" (``plus_proches_nouvelles``), the links of
    that status otherwise, every link (except a renewal's bookkeeping) for "toutes"."""
    filtres = {cle: valeur for cle, valeur in (filtres or {}).items() if valeur}
    if statut == R.NOUVELLE and nouvelles_ids is None:
        nouvelles_ids = plus_proches_nouvelles(o).ids
    qs = filtrer(_candidats_onglet(o, statut, nouvelles_ids), **filtres)
    if statut == R.NOUVELLE and tri == "distance":
        gardes = set(qs.values_list("pk", flat=True)) if filtres else None
        return [pk for pk in nouvelles_ids if gardes is None or pk in gardes]
    return trier(_annoter_distance(qs, o), tri).values_list("pk", flat=True)


def ids_vivier(o: Offre, *, departement: str = "", filtres: dict | None = None, tri: str):
    """Any available candidate beyond the matches (§4.3 "search beyond matching"), without
    those already linked to the structure; by default in the structure's département."""
    deja = _liens(o.structure.pk).exclude(statut__in=R.CLOS)
    qs = vivier_disponible().filter(~Exists(deja))
    if departement:
        qs = qs.filter(departement_id=departement)
    qs = filtrer(qs, **(filtres or {}))
    if tri == "distance":
        qs = _annoter_distance(qs, o)
    return trier(qs, tri).values_list("pk", flat=True)


def lignes(o: Offre, ids: list[int]) -> list[Candidat]:
    """The candidates of ``ids``, in that order, with ``distance`` (km), their link to the
    structure (``lien_id``, ``lien_statut``) and ``deja_forme``."""
    ids = list(ids)
    qs = avec_lien(
        _annoter_distance(vivier().filter(pk__in=ids).select_related("utilisateur", "commune"), o),
        o.structure.pk,
    )
    par_id = {c.pk: c for c in qs}
    return [par_id[pk] for pk in ids if pk in par_id]


def compteurs(o: Offre, n: Nouvelles | None = None) -> dict[str, int]:
    """Counters of the tabs, counted as the tabs list them: the new matches (at most the
    limit), one grouped count of the links of candidates still in the pool, and « Toutes »
    as the union of the others."""
    n = n or plus_proches_nouvelles(o)
    par_statut = dict(
        MiseEnRelation.objects.filter(structure_id=o.structure.pk, candidat__in=vivier())
        .order_by()
        .values_list("statut")
        .annotate(n=Count("pk"))
    )
    resultat = {code: par_statut.get(code, 0) for code, _ in R.ONGLETS if code != "toutes"}
    resultat[R.NOUVELLE] = len(n.ids)
    resultat["toutes"] = _candidats_onglet(o, "toutes", n.ids).count()
    return resultat


# --- Filters and sorting (every tab and the pool search) ---------------------------------------


def _pix_moyenne():
    somme = None
    for code, _ in DOMAINES_PIX:
        niveau = Cast(KeyTextTransform(code, "pix_niveaux"), IntegerField())
        somme = niveau if somme is None else somme + niveau
    return Cast(somme, FloatField()) / Value(float(len(DOMAINES_PIX)))


def filtrer(
    qs,
    *,
    pix: list[str] | tuple = (),
    cv: str = "",
    deja_forme: str = "",
    diplome: str = "",
    q: str = "",
):
    """PIX paliers (1 débutant, 2 intermédiaire, 3 avancé: candidats.rules.palier_pix in
    SQL), with/without a CV, already trained, graduate in mediation, free text (first name,
    name, commune, postal code). Empty values are no filter."""
    if pix:
        qs = qs.filter(pix_partage_le__isnull=False).annotate(pix_moyenne=_pix_moyenne())
        condition = Q(pk__in=[])
        for palier in pix:
            condition |= {
                "1": Q(pix_moyenne__lt=3),
                "2": Q(pix_moyenne__gte=3, pix_moyenne__lt=5),
                "3": Q(pix_moyenne__gte=5),
            }.get(str(palier), Q(pk__in=[]))
        qs = qs.filter(condition)
    if cv == "oui":
        qs = qs.exclude(cv="")
    elif cv == "non":
        qs = qs.filter(cv="")
    if deja_forme in ("oui", "non"):
        qs = qs.filter(a_ete_en_poste() if deja_forme == "oui" else ~a_ete_en_poste())
    if diplome == "oui":
        qs = qs.filter(est_diplome_med_num=True)
    elif diplome == "non":
        qs = qs.filter(est_diplome_med_num=False)
    texte = (q or "").strip()
    if texte:
        compact = texte.replace(" ", "")
        if compact.isdigit() and len(compact) == 5:
            qs = qs.filter(commune__codes_postaux__contains=[compact])
        else:
            condition = Q(commune__nom_recherche__contains=normaliser(texte))
            for mot in texte.split()[:4]:
                condition |= Q(utilisateur__prenom__unaccent__icontains=mot) | Q(
                    utilisateur__nom__unaccent__icontains=mot
                )
            qs = qs.filter(condition)
    return qs


TRIS: dict[str, tuple[str, ...]] = {
    "distance": ("distance", "disponible_le", "pk"),
    "disponibilite": ("disponible_le", "pk"),
    "code_postal": ("commune__codes_postaux__0", "disponible_le", "pk"),
}


def trier(qs, tri: str):
    return qs.order_by(*TRIS.get(tri, TRIS["distance"]))


# --- Scopes -------------------------------------------------------------------------------------


def mises_en_relation_for_user(p: Perimetre):
    """Links in the scope: a structure its own, the national team all of them, a candidate
    those about them that a structure turned into interest or more."""
    qs = MiseEnRelation.objects.select_related("candidat__utilisateur", "structure")
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(structure_id=p.structure_id)
    if p.role == Role.ANCT:
        return qs
    if p.role == Role.CANDIDAT and p.utilisateur_id:
        return qs.filter(candidat__utilisateur_id=p.utilisateur_id)
    return qs.none()


def candidats_de_structure(structure_id: int):
    """Candidates a structure may open: those linked to it, and, when it has allocated
    posts, the available pool (its matches and the pool search)."""
    lies = Exists(MiseEnRelation.objects.filter(structure_id=structure_id, candidat=OuterRef("pk")))
    actif = (
        Structure.objects.filter(pk=structure_id, statut__in=sorted(STATUTS_ACTIFS)).exists()
        and Poste.objects.attribues().filter(structure_id=structure_id).exists()
    )
    if not actif:
        return vivier().filter(lies)
    return vivier().filter(lies | (Q(statut=Candidat.Statut.DISPONIBLE) & ~_recrute_quelque_part()))


def statut_du_lien(structure_id: int, candidat_id: int) -> str | None:
    return (
        MiseEnRelation.objects.filter(structure_id=structure_id, candidat_id=candidat_id)
        .order_by(
            Case(When(statut__in=R.CLOS | {R.RENOUVELLEMENT_INITIEE}, then=1), default=0),
            "-statut_modifie_le",
            "-pk",
        )
        .values_list("statut", flat=True)
        .first()
    )


def lien_vivant(structure_id: int, candidat_id: int) -> MiseEnRelation | None:
    return (
        MiseEnRelation.objects.filter(structure_id=structure_id, candidat_id=candidat_id)
        .exclude(statut__in=R.CLOS | {R.RENOUVELLEMENT_INITIEE})
        .first()
    )


@dataclass(frozen=True)
class Fiche:
    """What the candidate card shows a structure."""

    lien: MiseEnRelation | None
    statut: str | None
    champs: frozenset[str]
    distance: float | None
    deja_forme: bool
    correspond: bool
    recrute_ailleurs: bool
    historique: list


def fiche(structure: Structure, candidat: Candidat) -> Fiche:
    o = offre(structure)
    lien = lien_vivant(structure.pk, candidat.pk)
    statut = lien.statut if lien else statut_du_lien(structure.pk, candidat.pk)
    distance = None
    if o.lieu is not None and candidat.commune is not None:
        commune = candidat.commune
        distance = R.distance_km(
            o.lieu, R.Lieu(commune.latitude, commune.longitude, candidat.departement_id, False)
        )
    liens = MiseEnRelation.objects.filter(candidat=candidat)
    return Fiche(
        lien=lien,
        statut=statut,
        champs=R.champs_visibles(statut),
        distance=distance,
        deja_forme=liens.filter(statut__in=R.EN_POSTE_UN_JOUR).exists(),
        correspond=correspondances(o).filter(pk=candidat.pk).exists(),
        recrute_ailleurs=liens.filter(statut__in=R.RECRUTES).exclude(structure=structure).exists(),
        historique=list(historique(structure.pk, candidat.pk)),
    )


def historique(structure_id: int, candidat_id: int):
    """Every status change between a structure and a candidate, oldest first (all their
    successive links)."""
    return HistoriqueMiseEnRelation.objects.filter(
        mise_en_relation__structure_id=structure_id, mise_en_relation__candidat_id=candidat_id
    ).order_by("le", "pk")


# --- Candidate side -----------------------------------------------------------------------------

# What the candidate is told: interest, a validated candidature, the recruitment.
STATUTS_VUS_PAR_LE_CANDIDAT = frozenset({R.INTERESSEE} | R.AVEC_CONTRAT)


def structures_du_candidat(candidat: Candidat):
    """The structures that marked the candidate interested or recruited them, newest first."""
    return (
        MiseEnRelation.objects.filter(candidat=candidat, statut__in=STATUTS_VUS_PAR_LE_CANDIDAT)
        .select_related("structure__commune")
        .order_by("-statut_modifie_le", "-pk")
    )


# --- National team: recruitments to validate ---------------------------------------------------


def recrutements_a_valider():
    return (
        MiseEnRelation.objects.filter(statut=R.RECRUTEE)
        .select_related("candidat__utilisateur", "structure__departement", "poste")
        .order_by("validee_le", "pk")
    )


# --- Deadlines ----------------------------------------------------------------------------------

ROLES_RETARDS = (Role.PREFECTURE, Role.ANCT)


def structures_en_retard_for_user(p: Perimetre, aujourd_hui: date | None = None):
    """Structures with at least one free allocated post whose recruitment deadline has
    passed, annotated with ``postes_en_retard`` and ``echeance_depassee`` (the oldest)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    if p.role not in ROLES_RETARDS:
        return Structure.objects.none()
    recrutement = MiseEnRelation.objects.filter(poste=OuterRef("pk"), statut__in=R.RECRUTES)
    en_retard = (
        Poste.objects.libres()
        .filter(structure=OuterRef("pk"), recruter_avant__lt=aujourd_hui)
        .filter(~Exists(recrutement))
    )
    compte = en_retard.order_by().values("structure").annotate(n=Count("pk")).values("n")[:1]
    plus_ancienne = en_retard.order_by("recruter_avant").values("recruter_avant")[:1]
    qs = filtrer_par_departement(Structure.objects.all(), p)
    return (
        qs.filter(Exists(en_retard))
        .annotate(
            postes_en_retard=Subquery(compte, output_field=IntegerField()),
            echeance_depassee=Subquery(plus_ancienne),
        )
        .select_related("departement", "commune")
        .order_by("echeance_depassee", "nom", "pk")
    )


def echeances_a_rappeler(aujourd_hui: date):
    """(structure id, nearest deadline) of the structures with a free post whose deadline
    is within the largest reminder window and not past."""
    horizon = aujourd_hui.toordinal() + max(R.RAPPELS_JOURS_AVANT)
    recrutement = MiseEnRelation.objects.filter(poste=OuterRef("pk"), statut__in=R.RECRUTES)
    return (
        Poste.objects.libres()
        .filter(
            recruter_avant__gte=aujourd_hui,
            recruter_avant__lte=date.fromordinal(horizon),
            structure__statut__in=sorted(STATUTS_ACTIFS),
        )
        .filter(~Exists(recrutement))
        .order_by()
        .values("structure_id")
        .annotate(echeance=Min("recruter_avant"))
        .order_by("structure_id")
    )
