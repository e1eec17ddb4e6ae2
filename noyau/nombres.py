"""Numbers as a French reader expects them: one home for money, percentages and counts.

- thousands grouped by a narrow no-break space (U+202F): « 12 345 » ;
- a decimal comma: « 1 823,03 » ;
- a no-break space (U+00A0) before the unit, so that « € » or « % » never starts a line:
  « 100 000,00 € », « 46,8 % ».

Pure functions (no Django): templates reach them through the ``euros``, ``pourcentage`` and
``nombre`` filters (``noyau.templatetags.nombres``, built into every template), Python code
(messages, e-mails, help texts) calls them directly. Exports keep numbers as numbers.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

MILLIERS = "\u202f"  # espace fine insécable
AVANT_UNITE = "\u00a0"  # espace insécable
VIDE = "—"


def _decimal(valeur) -> Decimal | None:
    if valeur is None or valeur == "" or isinstance(valeur, bool):
        return None
    try:
        nombre = valeur if isinstance(valeur, Decimal) else Decimal(str(valeur))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return nombre if nombre.is_finite() else None


def _grouper(entier: str) -> str:
    groupes = []
    while len(entier) > 3:
        groupes.insert(0, entier[-3:])
        entier = entier[:-3]
    groupes.insert(0, entier)
    return MILLIERS.join(groupes)


def formater(valeur, decimales: int = 0, *, fixes: bool = True) -> str:
    """A number with ``decimales`` digits after the comma (rounded half up), grouped by
    thousands. With ``fixes=False`` trailing zeros go: 50.0 → « 50 », 46.80 → « 46,8 »."""
    nombre = _decimal(valeur)
    if nombre is None:
        return VIDE if valeur is None or valeur == "" else str(valeur)
    arrondi = nombre.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)
    signe = "-" if arrondi < 0 else ""
    entier, _, fraction = f"{abs(arrondi):f}".partition(".")
    if not fixes:
        fraction = fraction.rstrip("0")
    texte = _grouper(entier) + (f",{fraction}" if fraction else "")
    return signe + texte


def nombre(valeur) -> str:
    """A count: 12345 → « 12 345 »; None → « — »."""
    return formater(valeur, 0)


def euros(valeur, decimales: int = 2) -> str:
    """An amount in euros: Decimal("100000") → « 100 000,00 € »; None → « — »."""
    texte = formater(valeur, decimales)
    return texte if _decimal(valeur) is None else f"{texte}{AVANT_UNITE}€"


def pourcentage(valeur, decimales: int = 1) -> str:
    """A percentage already multiplied by 100, with at most one decimal:
    46.784 → « 46,8 % », 50 → « 50 % », None → « — »."""
    texte = formater(valeur, decimales, fixes=False)
    return texte if _decimal(valeur) is None else f"{texte}{AVANT_UNITE}%"


def lire_montant(texte: str) -> Decimal:
    """What a person types for an amount, as a Decimal: « 2 100 », « 1 823,03 »,
    « 2100.50 », « 2 100,50 € ». Spaces (of any kind) group thousands; one comma or one
    point is the decimal separator. Raises ValueError for anything else (« 1.823,03 »,
    « 2,100,00 », « deux mille »)."""
    propre = texte.strip().removesuffix("€").removesuffix("EUR").strip()
    for espace in (" ", "\u00a0", "\u202f", "\u2009", "'"):
        propre = propre.replace(espace, "")
    signe = ""
    if propre[:1] in "+-":
        signe, propre = propre[:1].replace("+", ""), propre[1:]
    separateurs = [c for c in propre if c in ",."]
    if len(separateurs) > 1:
        raise ValueError(texte)
    propre = propre.replace(",", ".")
    entier, _, fraction = propre.partition(".")
    if not entier.isdigit() or (fraction and not fraction.isdigit()):
        raise ValueError(texte)
    if not entier.isascii() or not fraction.isascii():
        raise ValueError(texte)
    return Decimal(f"{signe}{entier}.{fraction or '0'}")
