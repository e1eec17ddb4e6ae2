import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404

from noyau.exports import reponse_export

ENTETES = ["Nom", "Date", "Montant", "Actif", "Codes"]


def lignes(n):
    for i in range(n):
        yield [
            f"Structure {i}; « spéciale »",
            date(2026, 1, 2),
            Decimal("1234.50"),
            i % 2 == 0,
            ["33", "47"],
        ]


def test_csv_en_flux_lisible_par_un_tableur():
    reponse = reponse_export("csv", "structures", ENTETES, lignes(3))
    assert reponse.streaming
    assert reponse["Content-Disposition"] == 'attachment; filename="structures.csv"'
    contenu = b"".join(reponse.streaming_content).decode("utf-8")
    assert contenu.startswith("\ufeffNom;Date;Montant;Actif;Codes")
    assert '"Structure 0; « spéciale »";02/01/2026;1234.50;oui;33 | 47' in contenu
    assert len(contenu.strip().splitlines()) == 4


def test_xlsx_ouvrable_avec_types_conserves():
    reponse = reponse_export("xlsx", "structures", ENTETES, lignes(1000))
    classeur = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content)))
    feuille = classeur.active
    assert [c.value for c in feuille[1]] == ENTETES
    assert feuille.max_row == 1001
    assert feuille["A2"].value == "Structure 0; « spéciale »"
    assert feuille["C2"].value == 1234.5
    assert feuille["C2"].number_format == "#,##0.00"  # a number, shown with its cents
    assert feuille["E1001"].value == "33 | 47"


def test_format_inconnu():
    with pytest.raises(Http404):
        reponse_export("pdf", "x", ENTETES, lignes(1))
