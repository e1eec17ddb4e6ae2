"""Streamed exports of any filtered list, in CSV and XLSX, in constant memory.

Rows come from an iterator (``queryset.iterator(chunk_size=…)``), never from a list.
CSV is written as it is read; XLSX is built row by row by XlsxWriter in constant_memory
mode into a temporary file that is then streamed and deleted.

Exports are data, never formulas (OWASP « CSV Injection »): a text that a spreadsheet would
read as a formula — it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return,
or their full-width forms — gets a leading apostrophe in CSV, and in XLSX is written as a
string cell with Excel's quote prefix (the text itself unchanged, never evaluated, even
after editing the cell). XlsxWriter never turns text into formulas, numbers or links.
Numbers (a negative amount included) and dates stay typed cells; a text made only of
digits, spaces and separators with one leading sign (« +33 6 12 34 56 78 ») cannot call
anything and is left as is.
"""

import csv
import re
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


# =, +, -, @, TAB, CR and the full-width =, +, -, @ (read as formulas by some spreadsheets).
DEBUT_DE_FORMULE = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NOMBRE_ECRIT = re.compile(r"^[+-]?[0-9][0-9 .,\u00a0\u202f]*$")


def est_formule(texte: str) -> bool:
    """True when a spreadsheet could evaluate this text as a formula."""
    return texte.startswith(DEBUT_DE_FORMULE) and not _NOMBRE_ECRIT.match(texte)


def neutraliser(texte: str) -> str:
    """The text as a CSV cell that a spreadsheet shows and never evaluates."""
    return "'" + texte if est_formule(texte) else texte


def cellule_csv(valeur) -> str:
    """A value as CSV text: numbers as written, dates in French, text neutralised."""
    if valeur is None or isinstance(valeur, (bool, int, float, Decimal, date)):
        return _texte(valeur)
    return neutraliser(_texte(valeur))


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
        yield "\ufeff" + ecrivain.writerow([cellule_csv(e) for e in entetes])
        for ligne in lignes:
            yield ecrivain.writerow([cellule_csv(v) for v in ligne])

    reponse = StreamingHttpResponse(flux(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{nom}.csv"'
    return reponse


def _ecrire_ligne(onglet, numero: int, ligne: Sequence, formats: dict) -> None:
    for colonne, valeur in enumerate(ligne):
        if valeur is None:
            continue
        if isinstance(valeur, Decimal):
            onglet.write_number(numero, colonne, float(valeur), formats["centimes"])
        elif isinstance(valeur, (int, float)) and not isinstance(valeur, bool):
            onglet.write_number(numero, colonne, valeur)
        elif isinstance(valeur, datetime):
            moment = timezone.localtime(valeur) if timezone.is_aware(valeur) else valeur
            onglet.write_datetime(
                numero, colonne, moment.replace(tzinfo=None), formats["horodatage"]
            )
        elif isinstance(valeur, date):
            onglet.write_datetime(numero, colonne, valeur, formats["date"])
        else:
            texte = _texte(valeur)
            format_ = formats["texte_protege"] if est_formule(texte) else None
            onglet.write_string(numero, colonne, texte, format_)


def reponse_xlsx(
    nom: str, entetes: Sequence[str], lignes: Iterable[Sequence], feuille: str = "Export"
) -> FileResponse:
    # Closed (and so deleted) by FileResponse once streamed.
    fichier = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    classeur = xlsxwriter.Workbook(
        fichier,
        {
            "constant_memory": True,
            "in_memory": False,
            # Text stays text: never a formula, a number or a hyperlink.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    onglet = classeur.add_worksheet(feuille[:31])
    formats = {
        "date": classeur.add_format({"num_format": "dd/mm/yyyy"}),
        "horodatage": classeur.add_format({"num_format": "dd/mm/yyyy hh:mm"}),
        "texte_protege": classeur.add_format({"quote_prefix": True}),
        # Amounts (Decimal) stay numbers, shown with their cents and grouped thousands in
        # the reader's own spreadsheet locale (« 1 234,50 » in a French one).
        "centimes": classeur.add_format({"num_format": "#,##0.00"}),
    }
    gras = classeur.add_format({"bold": True})
    for colonne, entete in enumerate(entetes):
        onglet.write_string(0, colonne, str(entete), gras)
    for numero, ligne in enumerate(lignes, start=1):
        _ecrire_ligne(onglet, numero, ligne, formats)
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
