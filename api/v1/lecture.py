"""Read endpoints. Every list is keyset-paginated on (modifie_le, id) and filtered by
``modifie_depuis``. Places stamp ``modifie_le`` in Django (``auto_now``); structures,
conventions, posts and habilitations have it set by a PostgreSQL trigger, so that
``QuerySet.update()`` and ``bulk_update()`` in the services move them forward too.

A timestamp is taken before its transaction commits: a sync that passed it in the
meantime never sees the row. Partners therefore resume with ``modifie_depuis`` a few
minutes before the last ``modifie_le`` they read (and upsert by id), rather than from the
bare cursor. With ``modifie_depuis``, rows that left a list (an advisor no longer in post,
a structure merged as a duplicate) are returned too, flagged, so a partner can drop them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.db.models import Count, Q
from ninja import Field, Query, Router

from activite.models import Lieu
from comptes.selectors import conseillers_en_poste, conseillers_en_poste_ou_partis, est_en_poste
from conventions.choix import EtatPoste
from conventions.models import Convention, Poste
from public import schema_lieux
from public.donnees_ouvertes import statistiques_departements_mois
from public.selectors import lieux_publics
from structures.models import Structure

from .. import schemas
from ..auth import acces
from ..choix import Scope
from ..pagination import TAILLE_DEFAUT, TAILLE_MAXIMUM, paginer
from ..problemes import ParametreInconnu, Probleme
from ..rules import en_utc

router = Router()
ERREURS = {frozenset({400, 401, 403, 422, 429}): Probleme}
CODE_DEPARTEMENT = r"^(\d{2,3}|2[AB])$"


class Pagination(schemas.Entree):
    taille: int = Field(TAILLE_DEFAUT, ge=1, le=TAILLE_MAXIMUM, description="Lignes par page")
    apres: str | None = Field(
        None, min_length=1, max_length=200, description="Curseur de la page suivante"
    )


def verifier_parametres(request, *noms: str) -> None:
    """Unknown query parameters are refused, so that a misspelt filter is not silently
    ignored (``departemnt=33`` would otherwise return the whole country)."""
    inconnus = sorted(set(request.GET) - {"taille", "apres", *noms})
    if inconnus:
        raise ParametreInconnu(", ".join(inconnus))


def _depuis(moment: datetime | None) -> datetime | None:
    return en_utc(moment) if moment is not None else None


_REPRISE = "reprenez quelques minutes avant le dernier modifie_le lu"
MODIFIE_DEPUIS = Query(
    description=f"Lignes modifiées à partir de cet instant (inclus) ; {_REPRISE}"
)
MODIFIE_DEPUIS_SORTIES = Query(
    description=(
        "Lignes modifiées à partir de cet instant (inclus), sorties de la liste comprises "
        f"(à retirer de votre copie) ; {_REPRISE}"
    )
)


def _page(request, lignes, curseur) -> dict:
    suivant = None
    if curseur:
        parametres = request.GET.copy()
        parametres["apres"] = curseur
        suivant = request.build_absolute_uri(f"{request.path}?{parametres.urlencode()}")
    return {"donnees": lignes, "curseur_suivant": curseur, "liens": {"suivant": suivant}}


@router.get(
    "/lieux",
    response={200: schemas.PageLieux, **ERREURS},
    **acces(Scope.LIEUX),
    summary="Lieux d’activité publics, au schéma des lieux de médiation numérique",
    tags=["Lieux"],
)
def lieux(
    request,
    pagination: Query[Pagination],
    departement: Annotated[str | None, Query(pattern=CODE_DEPARTEMENT)] = None,
    modifie_depuis: Annotated[schemas.HorodatageISO | None, MODIFIE_DEPUIS] = None,
):
    verifier_parametres(request, "departement", "modifie_depuis")
    qs = lieux_publics()
    if departement:
        qs = qs.filter(commune__departement_id=departement)
    if modifie_depuis := _depuis(modifie_depuis):
        qs = qs.filter(modifie_le__gte=modifie_depuis)
    lignes, curseur = paginer(qs, "modifie_le", pagination.apres, pagination.taille)
    donnees = [{**schema_lieux.vers_schema(lieu), "modifie_le": lieu.modifie_le} for lieu in lignes]
    return _page(request, donnees, curseur)


@router.get(
    "/lieux/retires",
    response={200: schemas.PageLieuxRetires, **ERREURS},
    **acces(Scope.LIEUX),
    summary="Lieux retirés de la carte depuis une date (supprimés ou masqués)",
    tags=["Lieux"],
)
def lieux_retires(
    request,
    modifie_depuis: Annotated[schemas.HorodatageISO, MODIFIE_DEPUIS],
    pagination: Query[Pagination],
):
    """What a partner syncing /lieux must remove: its copy keeps a place until told."""
    verifier_parametres(request, "modifie_depuis")
    qs = Lieu.objects.exclude(visible_cartographie=True, supprime_le__isnull=True).filter(
        modifie_le__gte=en_utc(modifie_depuis)
    )
    lignes, curseur = paginer(
        qs.only("pk", "modifie_le"), "modifie_le", pagination.apres, pagination.taille
    )
    donnees = [
        {"id": schema_lieux.identifiant(lieu), "modifie_le": lieu.modifie_le} for lieu in lignes
    ]
    return _page(request, donnees, curseur)


@router.get(
    "/conseillers",
    response={200: schemas.PageConseillers, **ERREURS},
    **acces(Scope.CONSEILLERS),
    summary="Conseillers en poste (champs publics)",
    tags=["Conseillers"],
)
def conseillers(
    request,
    pagination: Query[Pagination],
    departement: Annotated[str | None, Query(pattern=CODE_DEPARTEMENT)] = None,
    modifie_depuis: Annotated[schemas.HorodatageISO | None, MODIFIE_DEPUIS_SORTIES] = None,
):
    verifier_parametres(request, "departement", "modifie_depuis")
    if modifie_depuis := _depuis(modifie_depuis):
        qs = conseillers_en_poste_ou_partis().filter(modifie_le__gte=modifie_depuis)
    else:
        qs = conseillers_en_poste()
    qs = qs.select_related("utilisateur", "structure")
    if departement:
        qs = qs.filter(structure__departement_id=departement)
    lignes, curseur = paginer(qs, "modifie_le", pagination.apres, pagination.taille)
    donnees = [
        {
            "id": h.pk,
            "conseiller_id": h.utilisateur_id,
            "prenom": h.utilisateur.prenom,
            "nom": h.utilisateur.nom,
            "structure_id": h.structure_id,
            "structure_nom": h.structure.nom,
            "departement": h.structure.departement_id,
            "commune_insee": h.structure.commune_id,
            "en_poste_depuis": h.cree_le,
            "en_poste": est_en_poste(h),
            "modifie_le": h.modifie_le,
        }
        for h in lignes
    ]
    return _page(request, donnees, curseur)


@router.get(
    "/structures",
    response={200: schemas.PageStructures, **ERREURS},
    **acces(Scope.STRUCTURES),
    summary="Structures d’accueil",
    tags=["Structures"],
)
def structures(
    request,
    pagination: Query[Pagination],
    departement: Annotated[str | None, Query(pattern=CODE_DEPARTEMENT)] = None,
    creee_depuis: schemas.HorodatageISO | None = None,
    modifie_depuis: Annotated[schemas.HorodatageISO | None, MODIFIE_DEPUIS_SORTIES] = None,
):
    verifier_parametres(request, "departement", "creee_depuis", "modifie_depuis")
    if modifie_depuis := _depuis(modifie_depuis):
        # Duplicates are listed too (statut « doublon », doublon_de): drop them.
        qs = Structure.objects.filter(modifie_le__gte=modifie_depuis)
    else:
        qs = Structure.objects.filter(doublon_de__isnull=True)
    if departement:
        qs = qs.filter(departement_id=departement)
    if creee_depuis := _depuis(creee_depuis):
        qs = qs.filter(cree_le__gte=creee_depuis)
    lignes, curseur = paginer(qs, "modifie_le", pagination.apres, pagination.taille)
    donnees = [
        {
            "id": s.pk,
            "nom": s.nom,
            "siret": s.siret,
            "type": s.type,
            "statut": s.statut,
            "departement": s.departement_id,
            "commune_insee": s.commune_id,
            "code_postal": s.code_postal,
            "doublon_de": s.doublon_de_id,
            "cree_le": s.cree_le,
            "modifie_le": s.modifie_le,
        }
        for s in lignes
    ]
    return _page(request, donnees, curseur)


@router.get(
    "/conventions",
    response={200: schemas.PageConventions, **ERREURS},
    **acces(Scope.CONVENTIONS),
    summary="Conventions et leurs postes (opérateur)",
    tags=["Conventions"],
)
def conventions(
    request,
    pagination: Query[Pagination],
    departement: Annotated[str | None, Query(pattern=CODE_DEPARTEMENT)] = None,
    modifie_depuis: Annotated[schemas.HorodatageISO | None, MODIFIE_DEPUIS] = None,
):
    verifier_parametres(request, "departement", "modifie_depuis")
    qs = Convention.objects.select_related("structure").annotate(
        n_rendus=Count("postes", filter=Q(postes__etat=EtatPoste.RENDU)),
        n_occupes=Count("postes", filter=Q(postes__etat=EtatPoste.OCCUPE)),
        n_vacants=Count("postes", filter=Q(postes__etat=EtatPoste.VACANT)),
    )
    if departement:
        qs = qs.filter(structure__departement_id=departement)
    if modifie_depuis := _depuis(modifie_depuis):
        qs = qs.filter(modifie_le__gte=modifie_depuis)
    lignes, curseur = paginer(qs, "modifie_le", pagination.apres, pagination.taille)
    donnees = [
        {
            "id": c.pk,
            "structure_id": c.structure_id,
            "structure_siret": c.structure.siret,
            "phase": c.phase,
            "statut": c.statut,
            "date_decision": c.date_decision,
            "date_signature": c.date_signature,
            "date_debut": c.date_debut,
            "date_fin": c.date_fin,
            "cree_le": c.cree_le,
            "modifie_le": c.modifie_le,
            "postes": {
                "attribues": c.n_occupes + c.n_vacants,
                "occupes": c.n_occupes,
                "vacants": c.n_vacants,
                "rendus": c.n_rendus,
            },
        }
        for c in lignes
    ]
    return _page(request, donnees, curseur)


@router.get(
    "/postes",
    response={200: schemas.PagePostes, **ERREURS},
    **acces(Scope.CONVENTIONS),
    summary="Postes attribués (opérateur)",
    tags=["Conventions"],
)
def postes(
    request,
    pagination: Query[Pagination],
    convention_id: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    modifie_depuis: Annotated[schemas.HorodatageISO | None, MODIFIE_DEPUIS] = None,
):
    verifier_parametres(request, "convention_id", "modifie_depuis")
    qs = Poste.objects.all()
    if convention_id is not None:
        qs = qs.filter(convention_id=convention_id)
    if modifie_depuis := _depuis(modifie_depuis):
        qs = qs.filter(modifie_le__gte=modifie_depuis)
    lignes, curseur = paginer(qs, "modifie_le", pagination.apres, pagination.taille)
    donnees = [
        {
            "id": p.pk,
            "convention_id": p.convention_id,
            "structure_id": p.structure_id,
            "type": p.type,
            "etat": p.etat,
            "date_attribution": p.date_attribution,
            "recruter_avant": p.recruter_avant,
            "date_rendu": p.date_rendu,
            "modifie_le": p.modifie_le,
        }
        for p in lignes
    ]
    return _page(request, donnees, curseur)


@router.get(
    "/statistiques",
    response={200: schemas.Statistiques, **ERREURS},
    **acces(Scope.STATISTIQUES),
    summary="Activité agrégée par mois et par département",
    tags=["Statistiques"],
)
def statistiques(
    request,
    du: schemas.DateISO | None = None,
    au: schemas.DateISO | None = None,
    departement: Annotated[str | None, Query(pattern=CODE_DEPARTEMENT)] = None,
):
    verifier_parametres(request, "du", "au", "departement")
    lignes = statistiques_departements_mois(du, au, departement)
    totaux = {c: sum(ligne[c] for ligne in lignes) for c in schemas.Compteurs.model_fields}
    return {"totaux": totaux, "par_mois_et_departement": lignes}
