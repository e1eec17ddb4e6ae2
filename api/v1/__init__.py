"""Version 1 of the partner API, mounted at /api/v1/.

OpenAPI 3.1 at /api/v1/openapi.json (generated from the code), a documentation page at
/api/v1/documentation/ served from our own template (no CDN), errors in RFC 9457.
"""

from django.shortcuts import render
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from .. import problemes
from ..auth import DebitParClient
from ..problemes import TYPE_PROBLEME
from ..schemas import Sante
from . import ecriture, lecture


class Documentation(DocsBase):
    """A DSFR page generated from the OpenAPI schema: readable without JavaScript."""

    def render_page(self, request, api, **kwargs):
        from ..documentation import contexte

        return render(request, "api/documentation.html", contexte(request, api))


class Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Error responses are documented as ``application/problem+json``."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for code, reponse in operation.get("responses", {}).items():
                    contenu = reponse.get("content", {})
                    if int(code) >= 400 and "application/json" in contenu:
                        reponse["content"] = {TYPE_PROBLEME: contenu["application/json"]}
        return schema


api = Api(
    title="API partenaires – Conseiller numérique France Services",
    version="1",
    description=(
        "Lieux d’activité (schéma des lieux de médiation numérique), conseillers en poste, "
        "structures, conventions et postes, statistiques agrégées, et enregistrement de "
        "comptes rendus d’activité. Authentification : `Authorization: Bearer "
        "<identifiant>:<secret>`. Pagination par curseur (`apres`). Erreurs au format "
        "RFC 9457 (`application/problem+json`)."
    ),
    urls_namespace="api_v1",
    docs=Documentation(),
    docs_url="/documentation/",
    openapi_url="/openapi.json",
    throttle=[DebitParClient()],
)
problemes.installer(api)


@api.get(
    "/sante",
    auth=None,
    response={200: Sante, 429: problemes.Probleme},
    summary="État du service",
    tags=["Service"],
)
def sante(request):
    return {"statut": "ok"}


api.add_router("/", lecture.router)
api.add_router("/", ecriture.router)
