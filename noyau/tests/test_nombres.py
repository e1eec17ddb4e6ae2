"""French numbers, money and words: one table per helper, read as a French reader would.

Issue 14 saw « 100000,00 € », « 10000.00 € », « 46,784 % », « 1 poste(s) », « au centre de
Agen »: each of these is a line below."""

import re
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template

from noyau import mots, nombres
from noyau.formulaires import ChampMontant, Formulaire

F = "\u202f"  # thousands: narrow no-break space
U = "\u00a0"  # before the unit: no-break space


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (Decimal("100000"), f"100{F}000,00{U}€"),
        (Decimal("10000.00"), f"10{F}000,00{U}€"),
        (Decimal("1823.03"), f"1{F}823,03{U}€"),
        (Decimal("1801.8"), f"1{F}801,80{U}€"),
        (Decimal("999.995"), f"1{F}000,00{U}€"),  # half up, to the cent
        (Decimal("0.005"), f"0,01{U}€"),
        (Decimal("-1234.5"), f"-1{F}234,50{U}€"),
        (0, f"0,00{U}€"),
        (70000, f"70{F}000,00{U}€"),
        (Decimal("1234567.89"), f"1{F}234{F}567,89{U}€"),
        (None, "—"),
    ],
)
def test_euros(valeur, attendu):
    assert nombres.euros(valeur) == attendu


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [
        (46.784, f"46,8{U}%"),
        (Decimal("33.35"), f"33,4{U}%"),
        (50, f"50{U}%"),
        (50.0, f"50{U}%"),
        (Decimal("12.50"), f"12,5{U}%"),
        (0.04, f"0{U}%"),
        (100, f"100{U}%"),
        (1234.56, f"1{F}234,6{U}%"),
        (None, "—"),
    ],
)
def test_pourcentage_une_decimale_au_plus(valeur, attendu):
    assert nombres.pourcentage(valeur) == attendu


@pytest.mark.parametrize(
    ("valeur", "attendu"),
    [(0, "0"), (999, "999"), (1000, f"1{F}000"), (12345678, f"12{F}345{F}678"), (None, "—")],
)
def test_nombre(valeur, attendu):
    assert nombres.nombre(valeur) == attendu


def test_les_filtres_sont_dans_tous_les_gabarits_sans_load():
    gabarit = Template(
        "{{ m|euros }} | {{ p|pourcentage }} | {{ n|nombre }} | {{ n|pluriel:'poste libre' }}"
        " | {{ un|pluriel:'bénéficiaire anonyme' }} | au centre {{ ville|de }}"
    )
    rendu = gabarit.render(
        Context({"m": Decimal("100000"), "p": 46.784, "n": 12345, "un": 1, "ville": "Agen"})
    )
    assert rendu == (
        f"100{F}000,00{U}€ | 46,8{U}% | 12{F}345 | 12{F}345 postes libres"
        " | 1 bénéficiaire anonyme | au centre d’Agen"
    )


@pytest.mark.parametrize(
    ("n", "attendu"),
    [
        (0, "0 poste"),
        (1, "1 poste"),
        (2, "2 postes"),
        (1500, f"1{F}500 postes"),
    ],
)
def test_pluriel(n, attendu):
    assert mots.compter(n, "poste") == attendu


def test_pluriel_irregulier():
    assert mots.compter(1, "bureau", "bureaux") == "1 bureau"
    assert mots.compter(3, "bureau", "bureaux") == "3 bureaux"
    assert mots.accorder(2, "poste libre") == "postes libres"


@pytest.mark.parametrize(
    ("nom", "de", "le"),
    [
        ("Agen", "d’Agen", "l’Agen"),
        ("Bordeaux", "de Bordeaux", "le Bordeaux"),
        ("Évry-Courcouronnes", "d’Évry-Courcouronnes", "l’Évry-Courcouronnes"),
        ("Île-de-France", "d’Île-de-France", "l’Île-de-France"),
        ("Yerres", "d’Yerres", "l’Yerres"),
        ("Hyères", "d’Hyères", "l’Hyères"),
        ("Hayange", "de Hayange", "le Hayange"),
        ("Havre", "de Havre", "le Havre"),
        ("", "de ", "le "),
    ],
)
def test_elision(nom, de, le):
    assert mots.de(nom) == de
    assert mots.le(nom) == le


class _Form(Formulaire):
    salaire = ChampMontant(label="Salaire brut mensuel", min_value=Decimal("0.01"))
    aides = ChampMontant(label="Autres aides", required=False, min_value=Decimal("0"))


@pytest.mark.parametrize(
    ("saisi", "attendu"),
    [
        ("2 100", Decimal("2100")),
        ("2\u00a0100", Decimal("2100")),
        ("2\u202f100", Decimal("2100")),
        ("1 823,03", Decimal("1823.03")),
        ("1823,03", Decimal("1823.03")),
        ("2100.50", Decimal("2100.50")),
        ("2 100,50 €", Decimal("2100.50")),
        ("  2100  ", Decimal("2100")),
        ("2100,5", Decimal("2100.5")),
    ],
)
def test_champ_montant_lit_ce_que_l_aide_montre(saisi, attendu):
    form = _Form(data={"salaire": saisi})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["salaire"] == attendu
    assert form.cleaned_data["aides"] is None


@pytest.mark.parametrize(
    ("saisi", "message"),
    [
        ("deux mille", "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03."),
        ("1.823,03", "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03."),
        ("2,100,00", "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03."),
        ("12e3", "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03."),
        ("NaN", "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03."),
        ("2100,505", "Deux chiffres après la virgule au plus (les centimes)."),
        ("0", "Le montant doit être d’au moins 0,01\u00a0€."),
        ("-5", "Le montant doit être d’au moins 0,01\u00a0€."),
        ("123456789012", "Ce montant est trop élevé : vérifiez-le."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_champ_montant_refuse_en_francais(saisi, message):
    form = _Form(data={"salaire": saisi})
    assert not form.is_valid()
    assert form.errors["salaire"] == [message]


def test_champ_montant_reaffiche_en_francais_et_sans_type_number():
    form = _Form(initial={"salaire": Decimal("2100.5")})
    html = str(form["salaire"])
    assert 'value="2 100,50"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html
    assert "step=" not in html
    # What the person typed comes back as typed after an error elsewhere.
    form = _Form(data={"salaire": "2 100", "aides": "oups"})
    assert not form.is_valid()
    assert 'value="2 100"' in str(form["salaire"])


def test_champ_montant_est_un_decimalfield():
    assert isinstance(ChampMontant(), forms.DecimalField)


def test_aucun_gabarit_n_affiche_un_montant_ou_un_taux_sans_son_filtre():
    """« 100000,00 € » and « 46,784 % » came from templates writing the unit after a raw
    value. The ``euros`` and ``pourcentage`` filters print the unit themselves, so a value
    followed by « € » or « % » in a template is one that skipped them."""
    from pathlib import Path

    from django.conf import settings

    racine = Path(settings.BASE_DIR)
    brut = re.compile(r"\}\}\s*(?:&nbsp;|\u00a0|\u202f)?\s*(?:€|%(?!\}))")
    fautes = []
    gabarits = [*racine.glob("templates/**/*"), *racine.glob("*/templates/**/*")]
    for gabarit in gabarits:
        if gabarit.suffix not in (".html", ".txt"):
            continue
        if ".venv" in gabarit.parts:
            continue
        for numero, ligne in enumerate(gabarit.read_text().splitlines(), start=1):
            if brut.search(ligne):
                fautes.append(f"{gabarit.relative_to(racine)}:{numero}: {ligne.strip()[:120]}")
    assert not fautes, "\n".join(fautes)
