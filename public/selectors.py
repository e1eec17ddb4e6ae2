"""Reads of the public pages: public places near a point, their filters, key figures.

A place is public when its advisor made it visible on the map and has not removed it.
Distances are great-circle (``territoires.rules.distance_km``); the nearest places are
found by widening a bounding box (indexed columns of few rows) until enough match.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.core.cache import cache
from django.db.models import Avg, Count, Q

from activite.models import Lieu
from comptes.models import Habilitation
from comptes.roles import Role
from comptes.selectors import conseillers_en_poste
from territoires.models import Commune
from territoires.rules import boite_englobante, distance_km

from .rules import ouvert_a, ouvert_le_week_end

RAYONS_KM = (5, 15, 40, 100, 300, 1000, 20000)
NOMBRE_MAXIMUM = 100


def lieux_publics():
    return Lieu.objects.filter(visible_cartographie=True, supprime_le__isnull=True).select_related(
        "commune", "commune__departement", "structure"
    )


@dataclass
class Criteres:
    services: list[str] = field(default_factory=list)
    publics: list[str] = field(default_factory=list)
    prises_en_charge: list[str] = field(default_factory=list)
    gratuit: bool = False
    rdv_en_ligne: bool = False
    ouvert_maintenant: bool = False
    week_end: bool = False
    departement: str | None = None
    region: str | None = None

    @property
    def territoire(self) -> bool:
        return bool(self.departement or self.region)

    def filtre_sql(self) -> Q:
        """Within a filter any value matches (OR); across filters all must (AND)."""
        q = Q()
        if self.services:
            q &= Q(services__overlap=self.services)
        if self.publics:
            q &= Q(publics_specifiquement_adresses__overlap=self.publics)
        if self.prises_en_charge:
            q &= Q(prise_en_charge_specifique__overlap=self.prises_en_charge)
        if self.gratuit:
            q &= Q(frais_a_charge__contains=["Gratuit"])
        if self.rdv_en_ligne:
            q &= ~Q(prise_rdv="")
        if self.departement:
            q &= Q(commune__departement_id=self.departement)
        if self.region:
            q &= Q(commune__departement__region_id=self.region)
        return q

    def retient_horaires(self, horaires: str, maintenant: datetime) -> bool:
        """The filters on opening hours, evaluated in Python (OSM strings)."""
        if self.ouvert_maintenant and not ouvert_a(horaires, maintenant):
            return False
        return not self.week_end or ouvert_le_week_end(horaires)

    def retient(self, lieu: Lieu, maintenant: datetime) -> bool:
        return self.retient_horaires(lieu.horaires, maintenant)

    @property
    def filtre_horaires(self) -> bool:
        return self.ouvert_maintenant or self.week_end


def _dans_boite(lat: float, lon: float, rayon_km: float) -> Q:
    lat_min, lat_max, lon_min, lon_max = boite_englobante(lat, lon, rayon_km)
    q = Q(latitude__gte=lat_min, latitude__lte=lat_max)
    if lon_min < -180:
        return q & (Q(longitude__gte=lon_min + 360) | Q(longitude__lte=lon_max))
    if lon_max > 180:
        return q & (Q(longitude__gte=lon_min) | Q(longitude__lte=lon_max - 360))
    return q & Q(longitude__gte=lon_min, longitude__lte=lon_max)


def les_plus_proches(
    lat: float,
    lon: float,
    criteres: Criteres,
    maintenant: datetime,
    nombre: int = NOMBRE_MAXIMUM,
) -> list[Lieu]:
    """The ``nombre`` public places nearest to (lat, lon) that meet the criteria, nearest
    first; each carries ``distance_km``. Once ``nombre`` places lie within a radius, no
    place outside it can be nearer, so the search stops there. Candidates are read as
    four columns; only the retained places are loaded in full."""
    base = Lieu.objects.filter(
        criteres.filtre_sql(), visible_cartographie=True, supprime_le__isnull=True
    )
    retenus: list[tuple[float, int]] = []
    for rayon in RAYONS_KM:
        retenus = []
        candidats = base.filter(_dans_boite(lat, lon, rayon)).values_list(
            "pk", "latitude", "longitude", "horaires"
        )
        for pk, lat_lieu, lon_lieu, horaires in candidats:
            distance = distance_km(lat, lon, lat_lieu, lon_lieu)
            if distance <= rayon and criteres.retient_horaires(horaires, maintenant):
                retenus.append((distance, pk))
        if len(retenus) >= nombre:
            break
    retenus.sort()
    distances = {pk: d for d, pk in retenus[:nombre]}
    lieux = list(lieux_publics().filter(pk__in=distances))
    for lieu in lieux:
        lieu.distance_km = distances[lieu.pk]
    lieux.sort(key=lambda lieu: (lieu.distance_km, lieu.nom, lieu.pk))
    return lieux[:nombre]


def lieux_filtres(criteres: Criteres, maintenant: datetime):
    """Without a position: the matching places by name (a list when hours filter)."""
    qs = lieux_publics().filter(criteres.filtre_sql()).order_by("nom", "pk")
    if not criteres.filtre_horaires:
        return qs
    return [lieu for lieu in qs.iterator(chunk_size=2000) if criteres.retient(lieu, maintenant)]


def lieu_public(pk: int) -> Lieu | None:
    return lieux_publics().select_related("conseiller").filter(pk=pk).first()


def par_departement(criteres: Criteres) -> list[dict]:
    """Public places per département, with the mean position of its places (map bubbles).
    Cached five minutes per set of filters: a map of counts may lag a little."""
    cle = "public:par_departement:" + hashlib.sha256(repr(criteres).encode()).hexdigest()
    lignes = cache.get(cle)
    if lignes is None:
        lignes = list(
            lieux_publics()
            .filter(criteres.filtre_sql())
            .values("commune__departement_id", "commune__departement__nom")
            .annotate(n=Count("pk"), lat=Avg("latitude"), lon=Avg("longitude"))
            .order_by("commune__departement_id")
        )
        cache.set(cle, lignes, 300)
    return lignes


def coordinateurs(departement: str | None = None) -> list[dict]:
    """Active coordinators with their structure and the number of advisors they follow."""
    qs = (
        Habilitation.objects.filter(role=Role.COORDINATEUR, active=True, structure__isnull=False)
        .select_related("utilisateur", "structure__commune", "structure__departement")
        .annotate(suivis=Count("membres", filter=Q(membres__fin__isnull=True)))
        .order_by("structure__departement_id", "utilisateur__nom", "pk")
    )
    if departement:
        qs = qs.filter(structure__departement_id=departement)
    return [
        {
            "nom": h.utilisateur.nom_complet,
            "structure": h.structure,
            "commune": h.structure.commune,
            "departement": h.structure.departement,
            "suivis": h.suivis,
        }
        for h in qs
    ]


def communes_reperes(lat_min, lat_max, lon_min, lon_max, nombre: int = 8) -> list[Commune]:
    """The most populated communes of a box: landmarks on a local map."""
    return list(
        Commune.objects.filter(
            latitude__gte=lat_min,
            latitude__lte=lat_max,
            longitude__gte=lon_min,
            longitude__lte=lon_max,
        )
        .exclude(population__isnull=True)
        .order_by("-population", "code_insee")[:nombre]
    )


def silhouette_metropole(pas: float = 0.25) -> list[tuple[float, float]]:
    """Cells (south-west corner) of a ``pas``-degree grid holding at least one commune of
    mainland France and Corsica: the country's outline drawn from the shipped reference,
    with no tile server. Cached: it changes only when the reference is reloaded."""
    cle = f"public:silhouette:{pas}"
    cellules = cache.get(cle)
    if cellules is None:
        points = Commune.objects.filter(
            latitude__gte=41, latitude__lte=51.5, longitude__gte=-5.5, longitude__lte=10
        ).values_list("latitude", "longitude")
        cellules = sorted({(lat // pas * pas, lon // pas * pas) for lat, lon in points})
        cache.set(cle, cellules, 24 * 3600)
    return cellules


def chiffres_cles() -> dict:
    """National key figures: posts (conventions), advisors in post, accompaniments (rollups)."""
    from activite.statistiques import PORTEE_PUBLIQUE, Filtres, SourceAgregats
    from conventions.selectors import postes_par_departement

    postes = postes_par_departement()
    totaux = SourceAgregats(PORTEE_PUBLIQUE, Filtres()).totaux()
    en_poste = conseillers_en_poste()
    return {
        "postes_attribues": sum(p["attribues"] for p in postes.values()),
        "postes_occupes": sum(p["occupes"] for p in postes.values()),
        # One row per advisor and employer, as the dashboards and the API count them.
        "conseillers": en_poste.count(),
        "structures": en_poste.values("structure_id").distinct().count(),
        "coordinateurs": Habilitation.objects.filter(role=Role.COORDINATEUR, active=True).count(),
        "lieux": lieux_publics().count(),
        "accompagnements": totaux["accompagnements"],
        "activites": totaux["activites"],
        "ateliers": totaux["ateliers"],
    }
