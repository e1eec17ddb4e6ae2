"""Documents people open in their office suite: .docx, .odt and PDF, offline.

One input shape for all three: a title, a few header lines (who the document is for), and
blocks ``(genre, contenu)`` with genre in h2, h3, p, note, ul, ol, table (``{"legende",
"entetes", "lignes"}``) — the shape of the structures' kit (``structures.kit``).

- ``.docx``: python-docx (Word, LibreOffice, OnlyOffice);
- ``.odt``: odfpy (OpenDocument, the State's reference format [RGI]);
- PDF: WeasyPrint from HTML, fonts shipped with the DSFR (Marianne), and a URL fetcher that
  serves the platform's static files only: a PDF never reaches the network.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# --- .docx --------------------------------------------------------------------------------


def en_docx(titre: str, entete: list[str], blocs: list) -> bytes:
    from docx import Document as DocumentWord
    from docx.shared import Pt

    doc = DocumentWord()
    doc.core_properties.title = titre
    doc.core_properties.language = "fr-FR"
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    for ligne in entete:
        doc.add_paragraph(ligne).runs[0].italic = True
    doc.add_heading(titre, level=1)
    for genre, contenu in blocs:
        if genre == "h2":
            doc.add_heading(contenu, level=2)
        elif genre == "h3":
            doc.add_heading(contenu, level=3)
        elif genre == "p":
            doc.add_paragraph(contenu)
        elif genre == "note":
            doc.add_paragraph(contenu, style="Intense Quote")
        elif genre in ("ul", "ol"):
            style_liste = "List Bullet" if genre == "ul" else "List Number"
            for item in contenu:
                doc.add_paragraph(item, style=style_liste)
        elif genre == "table":
            doc.add_paragraph(contenu["legende"]).runs[0].bold = True
            table = doc.add_table(rows=1, cols=len(contenu["entetes"]))
            table.style = "Table Grid"
            for cellule, texte in zip(table.rows[0].cells, contenu["entetes"], strict=True):
                cellule.text = texte
                cellule.paragraphs[0].runs[0].bold = True
            for ligne in contenu["lignes"]:
                for cellule, texte in zip(table.add_row().cells, ligne, strict=True):
                    cellule.text = texte
    sortie = io.BytesIO()
    doc.save(sortie)
    return sortie.getvalue()


# --- .odt ---------------------------------------------------------------------------------


def en_odt(titre: str, entete: list[str], blocs: list) -> bytes:
    from odf import style as s
    from odf import table as t
    from odf import text as x
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    doc.meta.addElement(__import__("odf.dc", fromlist=["Title"]).Title(text=titre))
    styles = {}
    for nom, taille, gras in (
        ("Titre1", "18pt", True),
        ("Titre2", "14pt", True),
        ("Titre3", "12pt", True),
    ):
        st = s.Style(name=nom, family="paragraph")
        st.addElement(s.TextProperties(fontsize=taille, fontweight="bold" if gras else "normal"))
        st.addElement(s.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm"))
        doc.styles.addElement(st)
        styles[nom] = st
    note = s.Style(name="Note", family="paragraph")
    note.addElement(s.ParagraphProperties(borderleft="0.1cm solid #000091", padding="0.2cm"))
    doc.styles.addElement(note)
    entete_style = s.Style(name="Entete", family="paragraph")
    entete_style.addElement(s.TextProperties(fontstyle="italic"))
    doc.styles.addElement(entete_style)
    gras = s.Style(name="Gras", family="paragraph")
    gras.addElement(s.TextProperties(fontweight="bold"))
    doc.styles.addElement(gras)

    corps = doc.text
    for ligne in entete:
        corps.addElement(x.P(stylename=entete_style, text=ligne))
    corps.addElement(x.H(outlinelevel=1, stylename=styles["Titre1"], text=titre))
    for genre, contenu in blocs:
        if genre == "h2":
            corps.addElement(x.H(outlinelevel=2, stylename=styles["Titre2"], text=contenu))
        elif genre == "h3":
            corps.addElement(x.H(outlinelevel=3, stylename=styles["Titre3"], text=contenu))
        elif genre == "p":
            corps.addElement(x.P(text=contenu))
        elif genre == "note":
            corps.addElement(x.P(stylename=note, text=contenu))
        elif genre in ("ul", "ol"):
            liste = x.List()
            for i, item in enumerate(contenu, start=1):
                element = x.ListItem()
                element.addElement(x.P(text=item if genre == "ul" else f"{i}. {item}"))
                liste.addElement(element)
            corps.addElement(liste)
        elif genre == "table":
            corps.addElement(x.P(stylename=gras, text=contenu["legende"]))
            tableau = t.Table(name=contenu["legende"][:30] or "Tableau")
            tableau.addElement(t.TableColumn(numbercolumnsrepeated=len(contenu["entetes"])))
            for ligne, est_entete in [(contenu["entetes"], True)] + [
                (ligne, False) for ligne in contenu["lignes"]
            ]:
                rangee = t.TableRow()
                for texte in ligne:
                    cellule = t.TableCell(valuetype="string")
                    cellule.addElement(x.P(stylename=gras if est_entete else None, text=texte))
                    rangee.addElement(cellule)
                tableau.addElement(rangee)
            corps.addElement(tableau)
    sortie = io.BytesIO()
    doc.write(sortie)
    return sortie.getvalue()


# --- PDF ----------------------------------------------------------------------------------


PREFIXE_STATIQUE = "conum-statique:/"


def _chercheur_local():
    """WeasyPrint's URL fetcher, limited to the platform's static files and data: URLs."""
    from weasyprint.urls import URLFetcher

    class ChercheurLocal(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(PREFIXE_STATIQUE):
                chemin = finders.find(url[len(PREFIXE_STATIQUE) :].lstrip("/"))
                if chemin:
                    return super().fetch(Path(chemin).as_uri(), headers)
            raise ValueError(f"ressource refusée hors ligne : {url[:80]}")

    return ChercheurLocal()


# The DSFR colour variables the platform's own style sheets use, as print values.
COULEURS_DSFR = {
    "--background-action-high-blue-france": "#000091",
    "--background-alt-grey": "#f6f6f6",
    "--background-contrast-grey": "#eeeeee",
    "--border-default-grey": "#dddddd",
}
_VARIABLE = re.compile(r"var\((--[a-z0-9-]+)\)")
_SVG = re.compile(r"(<svg\b[^>]*>)")


def feuille_imprimable(chemin_statique: str) -> str:
    """A static style sheet with the DSFR variables it uses replaced by their values."""
    chemin = finders.find(chemin_statique)
    css = Path(chemin).read_text(encoding="utf-8") if chemin else ""
    return _VARIABLE.sub(lambda m: COULEURS_DSFR.get(m.group(1), "inherit"), css)


def html_en_pdf(html: str, feuilles: tuple[str, ...] = ()) -> bytes:
    """A PDF from HTML; resources as ``conum-statique:/<chemin statique>`` only.

    ``feuilles``: the page's own static style sheets. They apply to the document, and are
    also copied into each inline SVG, since WeasyPrint styles SVG (charts, maps) only from
    a style sheet inside it: the charts keep the page's colours."""
    from weasyprint import CSS, HTML

    css = "\n".join(feuille_imprimable(f) for f in feuilles)
    if css:
        html = _SVG.sub(lambda m: f"{m.group(1)}<style>{css}</style>", html)
    document = HTML(string=html, url_fetcher=_chercheur_local(), base_url=PREFIXE_STATIQUE)
    return document.write_pdf(stylesheets=[CSS(string=css)] if css else None)


def en_pdf(titre: str, entete: list[str], blocs: list) -> bytes:
    html = render_to_string(
        "noyau/documents/document.html", {"titre": titre, "entete": entete, "blocs": blocs}
    )
    return html_en_pdf(html)


_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)


def page_en_pdf(
    request, gabarit: str, contexte: dict, *, titre: str, feuilles: tuple[str, ...] = ()
) -> bytes:
    """A page of the platform as a PDF report: its main content as rendered for the person
    (same template, same context, so the same figures), without forms and buttons."""
    from django.utils import timezone

    page = render_to_string(gabarit, contexte, request)
    trouve = _MAIN.search(page)
    html = render_to_string(
        "noyau/documents/rapport.html",
        {
            "titre": titre,
            "contenu": trouve.group(1) if trouve else "",
            "maintenant": timezone.now(),
        },
    )
    return html_en_pdf(html, feuilles=feuilles)
