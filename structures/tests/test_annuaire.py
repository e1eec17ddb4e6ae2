"""The directory of companies at structure sign-up, against a local HTTP server
(pytest-httpserver) replaying recorded answers: found, closed, unknown, slow, down.

Issue 19: « look the SIRET up in the public Recherche d'entreprises API to prefill name,
address, legal category and to refuse a closed establishment; a short timeout, and when
the directory is unreachable the sign-up goes on with the checksum alone and marks the
structure « à vérifier » for the prefecture. »
"""

import json
import socket
import time
from pathlib import Path

import pytest
from django.urls import reverse
from werkzeug import Response

from comptes.roles import Role
from comptes.tests.factories import habilitation
from structures import annuaire
from structures.choix import TypeStructure
from structures.models import Structure
from structures.rules import type_depuis_categorie
from structures.tests.test_inscription import SIRET, URL, donnees, erreur_du_champ

ENREGISTREMENTS = Path(__file__).parent / "annuaire"
SIRET_FERME = "73282932000058"
SIRET_INCONNU = "73282932000074"  # valid checksum; the recorded answer has no result


def reponse(nom: str) -> dict:
    return json.loads((ENREGISTREMENTS / f"{nom}.json").read_text())


@pytest.fixture
def annuaire_local(httpserver, settings):
    settings.ANNUAIRE_ENTREPRISES_URL = httpserver.url_for("/")
    settings.ANNUAIRE_ENTREPRISES_DELAI = 0.5
    return httpserver


@pytest.mark.django_db
def test_trouve_preremplit_nom_adresse_type_et_commune(client, communes, annuaire_local):
    annuaire_local.expect_request(
        "/search", query_string={"q": SIRET, "page": "1", "per_page": "5"}
    ).respond_with_json(reponse("trouve"))
    page = client.get(URL, {"siret": "213 300 635 00017"})
    assert page.status_code == 200
    assert "« COMMUNE DE BORDEAUX » trouvée dans le répertoire SIRENE" in page.text
    form = page.context["form"]
    assert form["nom"].value() == "COMMUNE DE BORDEAUX"
    assert form["adresse"].value() == "place Pey Berland"
    assert form["type"].value() == TypeStructure.COMMUNE
    assert form["commune"].value() == "33000 Bordeaux"
    assert form["siret"].value() == SIRET


@pytest.mark.django_db
def test_trouve_inscription_garde_la_categorie(client, communes, courriels, annuaire_local):
    annuaire_local.expect_request("/search").respond_with_json(reponse("trouve"))
    with courriels.envoi():
        client.post(URL, donnees())
    structure = Structure.objects.get()
    assert structure.categorie_juridique == "7210"
    assert not structure.siret_a_verifier


@pytest.mark.django_db
def test_etablissement_ferme_refuse(client, communes, annuaire_local):
    annuaire_local.expect_request("/search").respond_with_json(reponse("ferme"))
    page = client.get(URL, {"siret": SIRET_FERME})
    assert "Cet établissement est fermé depuis le 30/06/2022" in page.text
    reponse_post = client.post(URL, donnees(siret=SIRET_FERME, type=TypeStructure.ASSOCIATION))
    assert reponse_post.status_code == 200
    assert "fermé depuis le 30/06/2022" in erreur_du_champ(reponse_post.text, "siret")
    assert not Structure.objects.exists()


@pytest.mark.django_db
def test_siret_inconnu_refuse(client, communes, annuaire_local):
    annuaire_local.expect_request("/search").respond_with_json(reponse("inconnu"))
    reponse_post = client.post(URL, donnees(siret=SIRET_INCONNU))
    assert "introuvable dans le répertoire SIRENE" in erreur_du_champ(reponse_post.text, "siret")
    assert not Structure.objects.exists()


def _lent(requete):
    time.sleep(1.5)
    return Response(json.dumps(reponse("trouve")), content_type="application/json")


@pytest.mark.django_db
def test_annuaire_lent_inscription_acceptee_et_a_verifier(
    client, communes, courriels, annuaire_local
):
    annuaire_local.expect_request("/search").respond_with_handler(_lent)
    with courriels.envoi():
        reponse_post = client.post(URL, donnees())
    # The directory would have answered « found » after 1.5 s: the 0.5 s timeout came first.
    assert reponse_post.status_code == 302
    structure = Structure.objects.get()
    assert structure.siret_a_verifier


@pytest.mark.django_db
@pytest.mark.parametrize("panne", ["erreur_503", "arrete"])
def test_annuaire_en_panne_inscription_acceptee_et_a_verifier(
    client, communes, courriels, annuaire_local, panne, settings
):
    if panne == "erreur_503":
        annuaire_local.expect_request("/search").respond_with_data("indisponible", status=503)
    else:
        # A port nobody listens on: connection refused. The shared httpserver is left running
        # for the tests that come after this one in the same worker.
        with socket.socket() as libre:
            libre.bind(("127.0.0.1", 0))
            port = libre.getsockname()[1]
        settings.ANNUAIRE_ENTREPRISES_URL = f"http://127.0.0.1:{port}/"
    page = client.get(URL, {"siret": SIRET})
    assert "L’annuaire des entreprises ne répond pas" in page.text
    with courriels.envoi():
        assert client.post(URL, donnees()).status_code == 302
    structure = Structure.objects.get()
    assert structure.siret_a_verifier
    # The prefecture sees it in its list and on the structure's page.
    agent = habilitation(Role.PREFECTURE, departement=structure.departement).utilisateur
    client.force_login(agent)
    assert "SIRET à vérifier" in client.get(reverse("structures:liste")).text
    assert (
        "l’annuaire des entreprises ne répondait pas"
        in client.get(reverse("structures:detail", args=[structure.pk])).text
    )


@pytest.mark.django_db
def test_sans_reglage_pas_d_appel_et_pas_de_recherche(client, communes, courriels, settings):
    settings.ANNUAIRE_ENTREPRISES_URL = ""
    page = client.get(URL, {"siret": SIRET})
    assert "Rechercher dans l’annuaire" not in page.text
    with courriels.envoi():
        client.post(URL, donnees())
    structure = Structure.objects.get()
    assert not structure.siret_a_verifier and structure.categorie_juridique == ""


@pytest.mark.parametrize(
    "categorie,attendu",
    [
        ("7210", TypeStructure.COMMUNE),
        ("7346", TypeStructure.EPCI),
        ("7361", TypeStructure.CCAS_CIAS),
        ("7410", TypeStructure.GIP),
        ("9220", TypeStructure.ASSOCIATION),
        ("9260", TypeStructure.ASSOCIATION),
        ("7172", TypeStructure.SERVICE_ETAT),
        ("7354", TypeStructure.COLLECTIVITE),
        ("7379", TypeStructure.ETABLISSEMENT_PUBLIC),
        ("5710", ""),  # SAS: social economy or not, the person says
        ("", ""),
    ],
)
def test_type_depuis_categorie_juridique(categorie, attendu):
    assert type_depuis_categorie(categorie) == attendu


def test_reponse_illisible_vaut_indisponible(httpserver, settings):
    settings.ANNUAIRE_ENTREPRISES_URL = httpserver.url_for("/")
    settings.ANNUAIRE_ENTREPRISES_DELAI = 0.5
    httpserver.expect_request("/search").respond_with_data("<html>maintenance</html>")
    assert annuaire.verifier(SIRET).a_verifier
