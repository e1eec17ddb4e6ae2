"""What a typed value may contain: one rule for query strings, forms and API bodies.

No keyboard types a NUL byte, a control character or a byte sequence that is not UTF-8;
PostgreSQL refuses NUL in text, and the others only hide things from the people who read
the data later (a column that looks empty, a line that jumps). Bidirectional formatting
characters (RTL/LTR marks, embeddings, overrides, isolates) make a value read differently
from what it holds (« Trojan Source », CVE-2021-42574). U+FFFD is what remains of
invalid UTF-8 once decoded. All are refused, with a message that says what to do.
Tab, line feed and carriage return are ordinary text.

Pure functions: ``noyau.middleware.SaisieMiddleware`` applies them to every query string
and form body, ``noyau.formulaires.Formulaire`` to every text field (as a field error),
``api.schemas.Entree`` to every string of an API body (422).
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes

# C0 controls but TAB, LF, CR; DEL; C1 controls.
CONTROLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional formatting: ALM, LRM, RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI.
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
REMPLACEMENT = "\ufffd"

# An e-mail address is at most 254 characters (RFC 5321 path limit); a free text that no
# form bounds is cut at this length (a page of text, twice the API's notes).
LONGUEUR_EMAIL = 254
LONGUEUR_TEXTE = 5000

MESSAGE_CONTROLE = (
    "Ce champ contient un caractère invisible non autorisé (caractère de contrôle). "
    "Retapez la valeur au clavier au lieu de la coller."
)
MESSAGE_BIDI = (
    "Ce champ contient un caractère invisible qui change le sens de lecture du texte "
    "(marque de droite à gauche). Retapez la valeur au clavier au lieu de la coller."
)
MESSAGE_ENCODAGE = (
    "Ce champ contient un caractère illisible (« \ufffd »), reste d’un texte mal encodé. "
    "Retapez la valeur au clavier."
)


class SaisieIllisible(ValueError):
    """A request refused for its unreadable input (message: what to do)."""


def probleme(texte: str) -> str | None:
    """The message that refuses ``texte``, or None when it may be kept."""
    if CONTROLE.search(texte):
        return MESSAGE_CONTROLE
    if BIDI.search(texte):
        return MESSAGE_BIDI
    if REMPLACEMENT in texte:
        return MESSAGE_ENCODAGE
    return None


def octets_illisibles(brut: bytes) -> bool:
    """True when form-encoded bytes (a query string, an urlencoded body) decode to
    something other than UTF-8 text free of control characters (``+`` is a space)."""
    for morceau in brut.split(b"&"):
        for partie in morceau.split(b"=", 1):
            try:
                texte = unquote_to_bytes(partie.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return True
            if CONTROLE.search(texte):
                return True
    return False
