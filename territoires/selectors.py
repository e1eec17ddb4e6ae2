"""Read-only queries: commune search (autocomplete), proximity, département targets."""

import re

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db.models import Case, CharField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Greatest

from comptes.acces import Perimetre, filtrer_par_departement

from .models import CalculCibles, Cible, Commune, Departement
from .rules import boite_englobante, distance_km, normaliser

LIMITE_PAR_DEFAUT = 20
SEUIL_SIMILARITE = 0.3
_CODE = re.compile(r"^[0-9]{2,5}$|^2[ABab][0-9]{0,3}$")


def _rechercher_par_code(code: str, limite: int) -> list[Commune]:
    """Postal code prefix, or INSEE code prefix (exact matches first)."""
    code = code.upper()
    qs = (
        Commune.objects.select_related("departement")
        .alias(cps=_codes_postaux_texte())
        .filter(
            Q(code_insee__startswith=code) | Q(cps__startswith=code) | Q(cps__contains=f" {code}")
        )
        .alias(
            rang=Case(
                When(Q(codes_postaux__contains=[code]) | Q(code_insee=code), then=0),
                default=1,
                output_field=IntegerField(),
            )
        )
        .order_by("rang", F("population").desc(nulls_last=True), "nom", "code_insee")
    )
    return list(qs[:limite])


def _codes_postaux_texte():
    return Func(
        F("codes_postaux"),
        Value(" "),
        function="array_to_string",
        output_field=CharField(),
    )


def rechercher_communes(texte: str | None, limite: int = LIMITE_PAR_DEFAUT) -> list[Commune]:
    """Communes for an autocomplete field, most relevant first.

    Digits (2 to 5, or a Corsican "2A…"): postal code or INSEE code prefix. Otherwise the
    normalised name: names that start with the text first (exact name, then by population),
    then names that are merely similar (trigram similarity, for typos and inner words).
    """
    texte = (texte or "").strip()
    if not texte or limite <= 0:
        return []
    compact = texte.replace(" ", "")
    if _CODE.match(compact):
        return _rechercher_par_code(compact, limite)
    if compact.isdigit():
        return []

    requete = normaliser(texte)
    if not requete:
        return []
    base = Commune.objects.select_related("departement")
    prefixe = list(
        base.filter(nom_recherche__startswith=requete)
        .alias(
            rang=Case(When(nom_recherche=requete, then=0), default=1, output_field=IntegerField())
        )
        .order_by("rang", F("population").desc(nulls_last=True), "nom", "code_insee")[:limite]
    )
    if len(prefixe) >= limite or len(requete) < 3:
        return prefixe

    deja = [c.code_insee for c in prefixe]
    similaires = (
        base.filter(
            Q(nom_recherche__trigram_similar=requete)
            | Q(nom_recherche__trigram_word_similar=requete)
        )
        .exclude(code_insee__in=deja)
        .annotate(
            similarite=Greatest(
                TrigramSimilarity("nom_recherche", requete),
                TrigramWordSimilarity(requete, "nom_recherche"),
            )
        )
        .filter(similarite__gte=SEUIL_SIMILARITE)
        .order_by("-similarite", F("population").desc(nulls_last=True), "nom", "code_insee")
    )
    return prefixe + list(similaires[: limite - len(prefixe)])


def communes_proches(lat: float, lon: float, rayon_km: float) -> list[Commune]:
    """Communes whose point lies within ``rayon_km`` of (lat, lon), nearest first.

    A bounding box narrows the candidates in SQL (indexed), then the exact great-circle
    distance is computed in Python; each commune gets a ``distance_km`` attribute.
    """
    if rayon_km < 0:
        return []
    lat_min, lat_max, lon_min, lon_max = boite_englobante(lat, lon, rayon_km)
    dans_boite = Q(latitude__gte=lat_min, latitude__lte=lat_max)
    if lon_min < -180:
        longitudes = Q(longitude__gte=lon_min + 360) | Q(longitude__lte=lon_max)
    elif lon_max > 180:
        longitudes = Q(longitude__gte=lon_min) | Q(longitude__lte=lon_max - 360)
    else:
        longitudes = Q(longitude__gte=lon_min, longitude__lte=lon_max)
    resultats = []
    for commune in Commune.objects.select_related("departement").filter(dans_boite & longitudes):
        distance = distance_km(lat, lon, commune.latitude, commune.longitude)
        if distance <= rayon_km:
            commune.distance_km = distance
            resultats.append(commune)
    resultats.sort(key=lambda c: (c.distance_km, c.code_insee))
    return resultats


def cibles_for_user(p: Perimetre) -> list[dict]:
    """Per département in scope: current target, first and previous targets with dates,
    posts allocated (dotation) and posts filled (valeur actuelle)."""
    from conventions.selectors import postes_par_departement

    calculs = list(CalculCibles.objects.order_by("cree_le", "pk").values_list("pk", "cree_le"))
    departements = filtrer_par_departement(Departement.objects.order_by("code"), p, champ="code")
    postes = postes_par_departement(None if p.national else p.departements)
    vides = {"attribues": 0, "occupes": 0}
    if not calculs:
        return [
            {
                "departement": d,
                "cible": None,
                "dotation": postes.get(d.code, vides)["attribues"],
                "occupes": postes.get(d.code, vides)["occupes"],
            }
            for d in departements
        ]
    retenus = {calculs[0][0], calculs[-1][0]}
    if len(calculs) > 1:
        retenus.add(calculs[-2][0])
    valeurs: dict[tuple[int, str], Cible] = {
        (c.calcul_id, c.departement_id): c
        for c in Cible.objects.filter(calcul_id__in=retenus, departement__in=departements)
    }
    (premier, date_premier), (dernier, date_dernier) = calculs[0], calculs[-1]
    precedent = calculs[-2][0] if len(calculs) > 1 else None
    lignes = []
    for d in departements:
        cible = valeurs.get((dernier, d.code))
        initiale = valeurs.get((premier, d.code))
        lignes.append(
            {
                "departement": d,
                "cible": cible,
                "initiale": initiale.valeur if initiale else None,
                "date_initiale": date_premier,
                "precedente": valeurs[(precedent, d.code)].valeur
                if precedent and (precedent, d.code) in valeurs
                else None,
                "date_cible": date_dernier,
                "dotation": postes.get(d.code, vides)["attribues"],
                "occupes": postes.get(d.code, vides)["occupes"],
            }
        )
    return lignes
