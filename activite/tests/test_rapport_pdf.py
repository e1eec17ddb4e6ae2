"""The statistics page exported as a PDF report: same figures, same charts, parsed back.

Issue 19: « the statistics page and the dashboards exportable as a PDF report (WeasyPrint
or equivalent, fonts shipped, no network), with their charts » — « the PDF report shows
the same figures as the page ».
"""

import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from activite.statistiques import ROLES_STATISTIQUES
from activite.tests.test_views import activite_gironde, gironde, moi  # noqa: F401 (fixtures)
from comptes.roles import Role
from comptes.tests.factories import habilitation

URL = reverse("activite:statistiques_pdf")


def chiffres_de_la_page(texte: str) -> list[str]:
    """Every figure the page shows: key figures and every number/share cell of its tables."""
    corps = texte[texte.index('id="titre-generales"') :]
    valeurs = re.findall(r'<(?:td|p) class="conum-(?:nombre|chiffre__valeur)">([^<]+)<', corps)
    return [normaliser(html.unescape(v)) for v in valeurs]


def texte_pdf(contenu: bytes) -> tuple[str, bytes]:
    lecteur = PdfReader(io.BytesIO(contenu))
    texte = " ".join(" ".join(p.extract_text().split()) for p in lecteur.pages)
    dessins = b"".join(p.get_contents().get_data() for p in lecteur.pages)
    return texte, dessins


def normaliser(valeur: str) -> str:
    return " ".join(valeur.replace("\u202f", " ").replace("\xa0", " ").split())


@pytest.mark.django_db
def test_le_rapport_pdf_reprend_tous_les_chiffres_de_la_page(client, activite_gironde):  # noqa: F811
    client.force_login(activite_gironde["conseiller"])
    page = client.get(reverse("activite:statistiques")).text
    assert "Rapport PDF" in page
    reponse = client.get(URL)
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    assert reponse["Content-Disposition"].startswith('attachment; filename="statistiques-')
    texte, dessins = texte_pdf(reponse.content)
    texte = normaliser(texte)
    chiffres = chiffres_de_la_page(page)
    assert "7" in chiffres and any(c.endswith("%") for c in chiffres)
    manquants = [c for c in chiffres if c not in texte]
    assert manquants == []
    assert "Mes statistiques" in texte and "Mairie annexe" in texte
    # The charts are drawn: the histogram bars are rectangles filled in DSFR blue (#000091).
    assert re.search(rb"0 0 0\.5\d* rg", dessins)


@pytest.mark.django_db
def test_le_rapport_suit_les_filtres_et_le_perimetre(client, activite_gironde):  # noqa: F811
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(reverse("activite:statistiques"), {"type": "collectif"}).text
    texte, _ = texte_pdf(client.get(URL, {"type": "collectif"}).content)
    texte = normaliser(texte)
    assert "Type : Atelier collectif" in texte
    assert [c for c in chiffres_de_la_page(page) if c not in texte] == []
    assert "36" in chiffres_de_la_page(page)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in Role.values if r not in ROLES_STATISTIQUES])
def test_rapport_refuse_hors_des_roles_de_statistiques(client, role):
    client.force_login(habilitation(role).utilisateur)
    assert client.get(URL).status_code == 404


@pytest.mark.django_db
def test_rapport_public_national(client, activite_gironde):  # noqa: F811
    page = client.get(reverse("activite:statistiques_publiques")).text
    assert "Rapport PDF" in page
    texte, _ = texte_pdf(client.get(reverse("activite:statistiques_publiques_pdf")).content)
    texte = normaliser(texte)
    assert [c for c in chiffres_de_la_page(page) if c not in texte] == []
