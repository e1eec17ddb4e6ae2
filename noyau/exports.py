"""Streamed exports of any filtered list, in CSV and XLSX, in constant memory.

Rows come from an iterator (``queryset.iterator(chunk_size=…)``), never from a list.
CSV is written as it is read; XLSX is built row by row by XlsxWriter in constant_memory
mode into a temporary file that is then streamed and deleted.
"""

import csv
import tempfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("csv", "xlsx")


class _Tampon:
    """A file-like object whose write() hands the line back to the CSV writer's caller."""

    def write(self, valeur):
        return valeur


def _texte(valeur) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "oui" if valeur else "non"
    if isinstance(valeur, datetime):
        return timezone.localtime(valeur).strftime("%d/%m/%Y %H:%M")
    if isinstance(valeur, date):
        return valeur.strftime("%d/%m/%Y")
    if isinstance(valeur, (list, tuple)):
        return " | ".join(_texte(v) for v in valeur)
    return str(valeur)


def reponse_csv(
    nom: str, entetes: Sequence[str], lignes: Iterable[Sequence]
) -> StreamingHttpResponse:
    """UTF-8 with a BOM and « ; » separators: what a French spreadsheet opens as is."""
    ecrivain = csv.writer(_Tampon(), delimiter=";")

    def flux():
        yield "\ufeff" + ecrivain.writerow(entetes)
        for ligne in lignes:
            yield ecrivain.writerow([_texte(v) for v in ligne])

    reponse = StreamingHttpResponse(flux(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return reponse


def _cellule(valeur):
    if valeur is None or isinstance(valeur, (int, float, Decimal)) and not isinstance(valeur, bool):
        return float(valeur) if isinstance(valeur, Decimal) else valeur
    return _texte(valeur)


def reponse_xlsx(
    nom: str, entetes: Sequence[str], lignes: Iterable[Sequence], feuille: str = "Export"
) -> FileResponse:
    # Closed (and so deleted) by FileResponse once streamed.
    fichier = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    classeur = xlsxwriter.Workbook(fichier, {"constant_memory": True, "in_memory": False})
    onglet = classeur.add_worksheet(feuille[:31])
    gras = classeur.add_format({"bold": True})
    # Amounts (Decimal) stay numbers, shown with their cents and grouped thousands in the
    # reader's own spreadsheet locale (« 1 234,50 » in a French one).
    centimes = classeur.add_format({"num_format": "#,##0.00"})
    onglet.write_row(0, 0, list(entetes), gras)
    for numero, ligne in enumerate(lignes, start=1):
        for colonne, valeur in enumerate(ligne):
            if isinstance(valeur, Decimal):
                onglet.write_number(numero, colonne, float(valeur), centimes)
            else:
                onglet.write(numero, colonne, _cellule(valeur))
    onglet.freeze_panes(1, 0)
    classeur.close()
    fichier.seek(0)
    return FileResponse(
        fichier,
        as_attachment=True,
        filename=f"{nom}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def reponse_export(format: str, nom: str, entetes: Sequence[str], lignes: Iterable[Sequence]):
    """The export in the asked format (?format=csv|xlsx); anything else is a 404."""
    if format == "csv":
        return reponse_csv(nom, entetes, lignes)
    if format == "xlsx":
        return reponse_xlsx(nom, entetes, lignes)
    raise Http404("Format d’export inconnu")
