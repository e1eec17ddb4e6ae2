"""The browsable documentation page, generated from the OpenAPI schema of the code."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .choix import ROLES_REQUIS, Scope

METHODES = ("get", "post", "put", "patch", "delete")


def _type(schema: dict) -> str:
    if "anyOf" in schema:
        return " ou ".join(_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if schema.get("format"):
        return f"{schema.get('type', '')} ({schema['format']})"
    return schema.get("type", "")


def contexte(request, api) -> dict:
    prefixe = reverse("api_v1:openapi-json").rsplit("/openapi.json", 1)[0]
    schema = api.get_openapi_schema(path_prefix=prefixe)
    operations = []
    for chemin, par_methode in schema["paths"].items():
        for methode in METHODES:
            op = par_methode.get(methode)
            if op is None:
                continue
            securite = op.get("security") or []
            operations.append(
                {
                    "methode": methode.upper(),
                    "chemin": chemin,
                    "resume": op.get("summary", ""),
                    "ancre": op.get("operationId", chemin),
                    "authentifiee": bool(securite),
                    "autorisation": op.get("x-autorisation", ""),
                    "parametres": [
                        {
                            "nom": p["name"],
                            "ou": p["in"],
                            "requis": p.get("required", False),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description", "")
                            or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "corps": _type(
                        op.get("requestBody", {})
                        .get("content", {})
                        .get("application/json", {})
                        .get("schema", {})
                    )
                    if "requestBody" in op
                    else "",
                    "reponses": sorted(op.get("responses", {})),
                }
            )
    return {
        "titre": "Documentation de l’API partenaires",
        "api": schema["info"],
        "operations": operations,
        "scopes": [(s.value, s.label, sorted(ROLES_REQUIS.get(s, ()))) for s in Scope],
        "url_openapi": reverse("api_v1:openapi-json"),
        "url_base": f"{settings.SITE_URL}{prefixe}",
        "debit": getattr(settings, "API_DEBIT", "600/min"),
    }
