"""French words that depend on what follows or on a count: elision (« de Bordeaux »,
« d’Agen »; « le Havre », « l’Isle ») and plurals (« 1 poste », « 3 postes »).

Pure functions; the templates call them through the ``de``, ``le`` and ``pluriel`` filters
(``noyau.templatetags.nombres``)."""

from __future__ import annotations

import unicodedata

from . import nombres

APOSTROPHE = "’"
VOYELLES = set("aeiouy")
# Most names starting with « h » keep « de » / « le » (« le Havre », « de Hayange », « le
# hub »); these common words and places have a mute h and elide (« l’hôtel », « d’Hyères »).
H_MUETS = ("hopital", "hotel", "habitat", "habitant", "heure", "hyeres", "herault", "homme")


def _elide(nom: str) -> bool:
    texte = unicodedata.normalize("NFD", nom.strip()).lower()
    texte = "".join(c for c in texte if unicodedata.category(c) != "Mn")
    if not texte:
        return False
    if texte[0] in VOYELLES:
        return True
    return texte.startswith(H_MUETS)


def de(nom) -> str:
    """« de Bordeaux », « d’Agen », « d’Évry », « de Hambourg »."""
    nom = str(nom or "").strip()
    return f"d{APOSTROPHE}{nom}" if _elide(nom) else f"de {nom}"


def le(nom) -> str:
    """« le centre », « l’atelier »."""
    nom = str(nom or "").strip()
    return f"l{APOSTROPHE}{nom}" if _elide(nom) else f"le {nom}"


def pluriel(n) -> bool:
    """French plural: 0 and 1 take the singular (« 0 poste », « 1,5 heure »), 2 and more
    the plural."""
    try:
        return abs(float(n)) >= 2
    except (TypeError, ValueError):
        return False


def accorder(n, singulier: str, pluriel_: str | None = None) -> str:
    """The word alone, agreed with ``n``: pluriel_ defaults to the singular plus « s »
    on each word (« poste libre » → « postes libres »)."""
    if not pluriel(n):
        return singulier
    return pluriel_ or " ".join(f"{m}s" for m in singulier.split(" "))


def compter(n, singulier: str, pluriel_: str | None = None) -> str:
    """« 1 poste libre », « 12 345 bénéficiaires anonymes »."""
    return f"{nombres.nombre(n)} {accorder(n, singulier, pluriel_)}"
