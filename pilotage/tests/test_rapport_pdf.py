"""The dashboard exported as a PDF report: the page's figures, table and map, parsed back.

Issue 19: « the statistics page and the dashboards exportable as a PDF report … with their
charts » — « the PDF report shows the same figures as the page ».
"""

import html
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from comptes.roles import Role
from comptes.tests.factories import habilitation

TABLEAU = reverse("pilotage:tableau")


def normaliser(valeur: str) -> str:
    return " ".join(valeur.replace("\u202f", " ").replace("\xa0", " ").split())


def pdf(contenu: bytes) -> tuple[str, bytes]:
    lecteur = PdfReader(io.BytesIO(contenu))
    texte = normaliser(" ".join(p.extract_text() for p in lecteur.pages))
    return texte, b"".join(p.get_contents().get_data() for p in lecteur.pages)


def peint(dessins: bytes, couleur: str) -> bool:
    """Whether the PDF fills something with this #rrggbb colour (its « r g b rg » operator)."""
    voulu = [int(couleur[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    for triplet in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", dessins):
        if all(abs(float(v) - w) < 0.005 for v, w in zip(triplet, voulu, strict=True)):
            return True
    return False


def placer_les_departements():
    """Give each generated département a chief town in mainland France, so the map draws it."""
    from territoires.models import Departement
    from territoires.tests.factories import CommuneFactory

    for i, departement in enumerate(Departement.objects.order_by("code")):
        commune = CommuneFactory(
            departement=departement, latitude=44 + (i % 5), longitude=-1 + (i % 6)
        )
        departement.chef_lieu = commune.code_insee
        departement.save(update_fields=["chef_lieu"])


@pytest.mark.django_db
def test_le_rapport_du_tableau_national_reprend_ses_chiffres_et_sa_carte(client, jeu):
    placer_les_departements()
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(TABLEAU)
    assert "Rapport PDF" in page.text
    reponse = client.get(TABLEAU, {"format": "pdf"})
    assert reponse.status_code == 200 and reponse["Content-Type"] == "application/pdf"
    texte, dessins = pdf(reponse.content)
    assert "Tableau de bord national" in texte
    total = page.context["total"]
    for valeur in (total.dotation, total.occupes, total.en_poste, total.cra):
        assert f"{valeur}" in texte
    # Every line of the territories table, with its figures, is in the report.
    for ligne in page.context["lignes"]:
        assert normaliser(html.unescape(f"{ligne.nom} ({ligne.code})")) in texte
    cellules = re.findall(r"<td>([^<]*)</td>", page.text[page.text.index("<caption>Indicateurs") :])
    assert [
        c for c in (normaliser(html.unescape(c)) for c in cellules) if c and c not in texte
    ] == []
    # The map is drawn in the page's colours: each class present on the page is painted.
    couleurs = {"atteinte": "#18753c", "en-cours": "#b34000", "eloignee": "#ce0500"}
    presentes = [c for c in couleurs if re.search(rf'<circle class="[^"]*\b{c}\b', page.text)]
    assert presentes
    for classe in presentes:
        assert peint(dessins, couleurs[classe]), classe


@pytest.mark.django_db
def test_le_rapport_d_une_prefecture_reste_dans_son_departement(client, jeu):
    from territoires.models import Departement

    dep = Departement.objects.order_by("code").first()
    autre = Departement.objects.exclude(pk=dep.pk).order_by("code").first()
    client.force_login(habilitation(Role.PREFECTURE, departement=dep).utilisateur)
    texte, _ = pdf(client.get(TABLEAU, {"format": "pdf"}).content)
    assert f"Tableau de bord – {normaliser(dep.nom)}" in texte or dep.nom in texte
    assert f"({autre.code})" not in texte
