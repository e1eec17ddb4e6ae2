"""The OpenAPI schema and the documentation page: generated from the code, errors in
problem+json, no asset from another site."""

import re

from ..choix import Scope
from .factories import client_api, entetes


def test_schema_openapi_documente_les_erreurs_en_problem_json(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    reponses = schema["paths"]["/api/v1/lieux"]["get"]["responses"]
    assert set(reponses) >= {"200", "400", "401", "403", "422", "429"}
    assert list(reponses["403"]["content"]) == ["application/problem+json"]
    assert schema["paths"]["/api/v1/lieux"]["get"]["x-autorisation"] == "lieux"


def test_page_de_documentation_sans_ressource_externe(client, db):
    reponse = client.get("/api/v1/documentation/")
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "<code>GET /api/v1/lieux</code>" in contenu
    assert "autorisation <code>activites</code>" in contenu
    sources = re.findall(r'(?:src|href)="([^"]+)"', contenu)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_parametre_inconnu_refuse(client, db):
    _, jeton = client_api([Scope.LIEUX])
    reponse = client.get("/api/v1/lieux", {"departemnt": "33"}, **entetes(jeton))
    assert reponse.status_code == 422
    assert reponse.json()["erreurs"] == [{"champ": "departemnt", "message": "paramètre inconnu"}]


def test_filtre_departement(client, db):
    from activite.tests.factories import LieuFactory
    from territoires.tests.factories import CommuneFactory

    gironde = LieuFactory(visible_cartographie=True, commune=CommuneFactory(departement__code="33"))
    LieuFactory(visible_cartographie=True, commune=CommuneFactory(departement__code="40"))
    _, jeton = client_api([Scope.LIEUX])
    corps = client.get("/api/v1/lieux", {"departement": "33"}, **entetes(jeton)).json()
    assert [ligne["id"] for ligne in corps["donnees"]] == [f"conum-lieu-{gironde.pk}"]
