"""RFC 9457 problem documents (``application/problem+json``): the one shape of every
error answered under ``/api/``, by the partner API's handlers and by the middleware that
refuses unreadable input before any view runs."""

from __future__ import annotations

import json
from http import HTTPStatus

from django.conf import settings
from django.http import HttpResponse

TYPE_PROBLEME = "application/problem+json"

TITRES = {
    400: "Requête invalide",
    401: "Authentification requise",
    403: "Accès refusé",
    404: "Ressource introuvable",
    422: "Données invalides",
    429: "Trop de requêtes",
    500: "Erreur interne",
    503: "Service momentanément indisponible",
}


def probleme(request, statut: int, detail: str, erreurs=None, entetes=None) -> HttpResponse:
    corps = {
        "type": f"{settings.SITE_URL}/api/v1/documentation/#erreur-{statut}",
        "title": TITRES.get(statut) or HTTPStatus(statut).phrase,
        "status": statut,
        "detail": detail,
        "instance": request.path,
    }
    if erreurs is not None:
        corps["erreurs"] = erreurs
    reponse = HttpResponse(
        json.dumps(corps, ensure_ascii=False), status=statut, content_type=TYPE_PROBLEME
    )
    for nom, valeur in (entetes or {}).items():
        reponse[nom] = valeur
    return reponse


def est_api(request) -> bool:
    return request.path_info.startswith("/api/")
