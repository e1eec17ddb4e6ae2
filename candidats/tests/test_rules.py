from datetime import UTC, date, datetime

import pytest

from candidats import rules
from candidats.demo import pdf_minimal

AUJOURD_HUI = date(2026, 3, 15)
PDF = pdf_minimal(["CV"])
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.mark.parametrize(
    "disponible_le,attendu",
    [
        (date(2026, 3, 15), None),
        (date(2026, 9, 1), None),
        (date(2026, 3, 14), "La date de disponibilité ne peut pas être dans le passé."),
    ],
)
def test_disponibilite_jamais_dans_le_passe(disponible_le, attendu):
    assert rules.erreur_disponibilite(disponible_le, AUJOURD_HUI) == attendu


@pytest.mark.parametrize(
    "naissance,attendu",
    [
        (date(1990, 5, 17), None),
        (date(2010, 3, 15), None),  # 16 today
        (date(2010, 3, 16), "Vous devez avoir au moins 16 ans pour vous inscrire."),
        (date(2026, 4, 1), "La date de naissance ne peut pas être dans le futur."),
        (date(1900, 1, 1), "Vérifiez l’année de votre date de naissance."),
    ],
)
def test_date_de_naissance(naissance, attendu):
    assert rules.erreur_date_naissance(naissance, AUJOURD_HUI) == attendu


@pytest.mark.parametrize(
    "situations,diplome,attendu",
    [
        ({"est_en_emploi"}, "", {}),
        (set(), "", {"situations": "Cochez au moins une situation."}),
        (
            {"est_diplome_med_num"},
            "  ",
            {"nom_diplome_med_num": "Indiquez le nom de votre diplôme en médiation numérique."},
        ),
        ({"est_diplome_med_num"}, "Titre REMN", {}),
        ({"a_experience_med_num", "est_demandeur_emploi"}, "", {}),
    ],
)
def test_situations(situations, diplome, attendu):
    assert rules.erreurs_situation(situations, diplome) == attendu


@pytest.mark.parametrize(
    "nom,taille,debut,fin,attendu",
    [
        ("cv.pdf", len(PDF), PDF, PDF, None),
        ("CV Final.PDF", len(PDF), PDF, PDF, None),
        ("cv.pdf", 0, b"", b"", "Le fichier est vide."),
        (
            "cv.pdf",
            6 * 1024 * 1024,
            PDF,
            PDF,
            "Le fichier pèse 6,0 Mo : la taille maximale est de 5 Mo.",
        ),
        ("cv.docx", len(PDF), PDF, PDF, "Le CV doit être un fichier PDF (extension .pdf)."),
        ("photo.pdf", len(PNG), PNG, PNG, "c’est une image PNG dont le nom se termine par .pdf"),
        ("cv.pdf", 300, b"PK\x03\x04" + b"x" * 50, b"x", "un document Word"),
        ("cv.pdf", 300, b"<html>" + b"x" * 50, b"x", "Ce fichier n’est pas un PDF valide."),
        ("cv.pdf", 300, b"%PDF-1.7\n" + b"x" * 50, b"xxx", "incomplet ou endommagé"),
    ],
)
def test_cv_juge_sur_son_contenu(nom, taille, debut, fin, attendu):
    erreur = rules.erreur_cv(nom, taille, debut, fin)
    if attendu is None:
        assert erreur is None
    else:
        assert attendu in erreur


def test_cv_de_5_mo_exactement_accepte():
    assert rules.erreur_cv("cv.pdf", rules.CV_TAILLE_MAX, PDF, PDF) is None
    assert rules.erreur_cv("cv.pdf", rules.CV_TAILLE_MAX + 1, PDF, PDF) is not None


@pytest.mark.parametrize(
    "instant,mois,attendu",
    [
        (datetime(2026, 8, 31, 3, tzinfo=UTC), 6, datetime(2026, 2, 28, 3, tzinfo=UTC)),
        (datetime(2026, 3, 15, tzinfo=UTC), 6, datetime(2025, 9, 15, tzinfo=UTC)),
        (datetime(2026, 1, 10, tzinfo=UTC), 24, datetime(2024, 1, 10, tzinfo=UTC)),
        (datetime(2024, 3, 31, tzinfo=UTC), 1, datetime(2024, 2, 29, tzinfo=UTC)),
    ],
)
def test_limite_de_conservation_des_cv(instant, mois, attendu):
    assert rules.limite_retention_cv(instant, mois) == attendu


@pytest.mark.parametrize(
    "naissance,tranche,libelle",
    [(date(1990, 5, 17), 1990, "1990–1994"), (date(1994, 12, 31), 1990, "1990–1994"),
     (date(2003, 1, 1), 2000, "2000–2004")],
)  # fmt: skip
def test_tranche_de_naissance(naissance, tranche, libelle):
    assert rules.tranche_naissance(naissance) == tranche
    assert rules.libelle_tranche(tranche) == libelle


@pytest.mark.parametrize(
    "niveaux,palier",
    [
        ({"a": 1, "b": 2, "c": 2}, 1),
        ({"a": 3, "b": 3, "c": 3}, 2),
        ({"a": 4, "b": 5, "c": 6}, 3),
        ({"a": 8, "b": 8}, 3),
        ({}, 1),
    ],
)
def test_palier_pix(niveaux, palier):
    assert rules.palier_pix(niveaux) == palier


def test_erreurs_pix():
    complet = {code: 3 for code, _ in rules.DOMAINES_PIX}
    assert rules.erreurs_pix(400, complet) == {}
    assert rules.erreurs_pix(2000, complet) == {
        "score": "Le score Pix est compris entre 0 et 1024."
    }
    assert rules.erreurs_pix(400, {**complet, "protection": 9}) == {
        "protection": "Le niveau est compris entre 0 et 8."
    }
    assert "informations" in rules.erreurs_pix(400, {})


@pytest.mark.parametrize(
    "prenom,nom,attendu",
    [("Camille", "Martin", "Camille M."), ("Jean-Marc", "le Goff", "Jean-Marc L."),
     ("Zoé", "", "Zoé"), ("", "", "Candidat")],
)  # fmt: skip
def test_nom_public_prenom_et_initiale(prenom, nom, attendu):
    assert rules.nom_public(prenom, nom) == attendu


@pytest.mark.parametrize(
    "saisie,attendu",
    [
        ("06 12 34 56 78", "0612345678"),
        ("06.12.34.56.78", "0612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+262 692 12 34 56", "+262692123456"),
        ("12345", None),
        ("06 12 34 56 7a", None),
        ("1612345678", None),
    ],
)
def test_telephone(saisie, attendu):
    assert rules.normaliser_telephone(saisie) == attendu


@pytest.mark.parametrize(
    "de,vers,permise",
    [
        ("disponible", "non_disponible", True),
        ("non_disponible", "disponible", True),
        ("disponible", "recrute", True),
        ("recrute", "non_disponible", False),
        ("recrute", "disponible", True),
    ],
)
def test_transitions_de_statut(de, vers, permise):
    assert rules.transition_permise(de, vers) is permise


def test_email_anonyme_ne_contient_rien_de_personnel():
    assert rules.email_anonyme(42) == "compte-supprime-42@anonyme.invalid"


def test_pdf_minimal_a_une_table_des_objets_juste():
    """Each xref entry points at its object: readers open the demo CVs without repairing."""
    pdf = pdf_minimal(["Camille Martin", "Bordeaux (33)"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    debut_xref = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[debut_xref:].startswith(b"xref\n0 6\n")
    entrees = pdf[debut_xref:].split(b"\n")[3:8]
    for numero, entree in enumerate(entrees, start=1):
        position = int(entree[:10])
        assert pdf[position:].startswith(b"%d 0 obj" % numero)


@pytest.mark.parametrize(
    "numero,affiche",
    [("0612345678", "06 12 34 56 78"), ("+262692123456", "+262692123456"), ("", "")],
)
def test_telephone_affiche_par_paires(numero, affiche):
    assert rules.formater_telephone(numero) == affiche
