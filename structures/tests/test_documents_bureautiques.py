"""The kit as .docx, .odt and PDF, filled in with the structure's own data, parsed back.

Issue 19: « the kit (job description, interview guide with its grid, model contract, model
deliberation) as .docx and .odt filled with the structure's own data, and as PDF ».
"""

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document as DocumentWord
from odf import opendocument, teletype
from odf import table as odf_table
from odf import text as odf_text
from pypdf import PdfReader

from comptes.roles import Role
from comptes.tests.factories import habilitation
from structures.kit import CRITERES, DOCUMENTS
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory

SIRET = "21330281500015"


@pytest.fixture
def gestionnaire(db):
    commune = CommuneFactory(nom="Mérignac", departement__code="33", codes_postaux=["33700"])
    structure = StructureFactory(
        nom="Mairie de Mérignac",
        siret=SIRET,
        commune=commune,
        departement=commune.departement,
        adresse="60 avenue du Maréchal de Lattre de Tassigny",
        code_postal="33700",
        contact_prenom="Claire",
        contact_nom="Dupuis",
        contact_fonction="Directrice générale des services",
        contact_email="claire.dupuis@merignac.fr",
    )
    return habilitation(Role.STRUCTURE, structure=structure)


def telecharger(client, slug, format):
    reponse = client.get(reverse("structures:document_format", args=[slug, format]))
    assert reponse.status_code == 200
    assert reponse["Content-Disposition"] == f'attachment; filename="{slug}.{format}"'
    return reponse


def texte_docx(contenu: bytes) -> tuple[str, list]:
    doc = DocumentWord(io.BytesIO(contenu))
    paragraphes = "\n".join(p.text for p in doc.paragraphs)
    tableaux = [[[c.text for c in r.cells] for r in t.rows] for t in doc.tables]
    return paragraphes, tableaux


def texte_odt(contenu: bytes) -> tuple[str, list]:
    doc = opendocument.load(io.BytesIO(contenu))
    hors_tableaux = [
        teletype.extractText(e) for e in doc.text.childNodes if e.qname[1] in ("p", "h", "list")
    ]
    tableaux = [
        [
            [teletype.extractText(c) for c in r.getElementsByType(odf_table.TableCell)]
            for r in t.getElementsByType(odf_table.TableRow)
        ]
        for t in doc.getElementsByType(odf_table.Table)
    ]
    assert doc.getElementsByType(odf_text.H)
    return "\n".join(hors_tableaux), tableaux


def texte_pdf(contenu: bytes) -> str:
    lecteur = PdfReader(io.BytesIO(contenu))
    polices = {
        str(p["/Resources"]["/Font"][k].get_object()["/BaseFont"])
        for p in lecteur.pages
        for k in p["/Resources"]["/Font"]
    }
    assert any("Marianne" in p for p in polices), polices  # the shipped DSFR font
    return "\n".join(p.extract_text() for p in lecteur.pages)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_chaque_document_en_trois_formats_au_nom_de_la_structure(client, gestionnaire, slug):
    client.force_login(gestionnaire.utilisateur)
    docx = telecharger(client, slug, "docx")
    assert docx["Content-Type"].endswith("wordprocessingml.document")
    assert zipfile.is_zipfile(io.BytesIO(docx.content))
    texte, _ = texte_docx(docx.content)
    assert DOCUMENTS[slug].titre in texte
    assert f"Mairie de Mérignac – SIRET {SIRET}" in texte
    assert "60 avenue du Maréchal de Lattre de Tassigny, 33700 Mérignac" in texte
    assert "[nom de la structure]" not in texte.lower()

    odt = telecharger(client, slug, "odt")
    assert odt["Content-Type"] == "application/vnd.oasis.opendocument.text"
    texte, _ = texte_odt(odt.content)
    assert DOCUMENTS[slug].titre in texte and f"SIRET {SIRET}" in texte
    assert "[nom de la structure]" not in texte.lower()

    pdf = telecharger(client, slug, "pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    texte = " ".join(texte_pdf(pdf.content).split())
    assert f"SIRET {SIRET}" in texte


@pytest.mark.django_db
def test_la_grille_d_entretien_est_un_vrai_tableau(client, gestionnaire):
    client.force_login(gestionnaire.utilisateur)
    _, tableaux = texte_docx(telecharger(client, "guide-entretien", "docx").content)
    grille = next(t for t in tableaux if t[0][0] == "Critère")
    assert [ligne[0] for ligne in grille[1 : len(CRITERES) + 1]] == [c[0] for c in CRITERES]
    _, tableaux = texte_odt(telecharger(client, "guide-entretien", "odt").content)
    grille = next(t for t in tableaux if t[0][0] == "Critère")
    assert [ligne[0] for ligne in grille[1 : len(CRITERES) + 1]] == [c[0] for c in CRITERES]


@pytest.mark.django_db
def test_contrat_et_fiche_remplis(client, gestionnaire):
    client.force_login(gestionnaire.utilisateur)
    texte, _ = texte_docx(telecharger(client, "modele-contrat", "docx").content)
    assert (
        "Mairie de Mérignac, représentée par Claire Dupuis, Directrice générale des services"
        in texte
    )
    texte, _ = texte_odt(telecharger(client, "fiche-de-poste", "odt").content)
    assert "Employeur : Mairie de Mérignac, Mérignac" in texte
    assert "Claire Dupuis (claire.dupuis@merignac.fr)" in texte


@pytest.mark.django_db
def test_format_inconnu_et_autre_role(client, gestionnaire):
    client.force_login(gestionnaire.utilisateur)
    url = reverse("structures:document_format", args=["fiche-de-poste", "exe"])
    assert client.get(url).status_code == 404
    client.force_login(habilitation(Role.PREFECTURE).utilisateur)
    url = reverse("structures:document_format", args=["fiche-de-poste", "pdf"])
    assert client.get(url).status_code == 404
