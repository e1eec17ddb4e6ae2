"""Pure rules of the partner API: client secrets and pagination cursors. No ORM.

A secret carries 256 bits of randomness, so a single SHA-256 is enough to store it
(a slow password hash protects low-entropy human passwords, not random tokens); the
comparison is constant-time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
from datetime import UTC, datetime

PREFIXE_IDENTIFIANT = "cnfs_"


def nouvel_identifiant() -> str:
    return PREFIXE_IDENTIFIANT + secrets.token_hex(8)


def nouveau_secret() -> str:
    return secrets.token_urlsafe(32)


def empreinte(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def secret_correspond(secret: str, empreinte_stockee: str) -> bool:
    return hmac.compare_digest(empreinte(secret), empreinte_stockee)


def decouper_jeton(jeton: str) -> tuple[str, str] | None:
    """``identifiant:secret`` → (identifiant, secret), or None when malformed."""
    identifiant, separateur, secret = (jeton or "").strip().partition(":")
    if not separateur or not identifiant or not secret:
        return None
    return identifiant, secret


class CurseurInvalide(ValueError):
    pass


def en_utc(moment: datetime) -> datetime:
    """An aware timestamp in UTC (PostgreSQL refuses offsets beyond ±15:59); naive means
    UTC; out-of-range shifts of year 1 or 9999 are clamped."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.min if moment.year < 2 else datetime.max).replace(tzinfo=UTC)


def encoder_curseur(horodatage: datetime | None, pk: int) -> str:
    """An opaque cursor on (timestamp, id): the last row of a page."""
    brut = json.dumps([horodatage.isoformat() if horodatage else None, pk])
    return base64.urlsafe_b64encode(brut.encode()).decode().rstrip("=")


def decoder_curseur(curseur: str) -> tuple[datetime | None, int]:
    try:
        brut = base64.urlsafe_b64decode(curseur + "=" * (-len(curseur) % 4))
        horodatage, pk = json.loads(brut)
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise ValueError
        moment = datetime.fromisoformat(horodatage) if horodatage is not None else None
        if moment is not None and moment.tzinfo is None:
            raise ValueError
        return (en_utc(moment) if moment is not None else None), pk
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise CurseurInvalide("Curseur de pagination invalide.") from None


UNITES_DEBIT = {
    "s": 1,
    "sec": 1,
    "min": 60,
    "m": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def lire_debit(debit: str) -> tuple[int, int]:
    """« 600/min » → (600, 60): requests allowed per window of that many seconds
    (« 20/10min »: 20 per 10 minutes)."""
    nombre, _, periode = debit.strip().partition("/")
    multiple = periode.rstrip("abcdefghijklmnopqrstuvwxyz")
    unite = periode[len(multiple) :]
    if unite not in UNITES_DEBIT or not nombre.isdigit() or not (multiple or "1").isdigit():
        raise ValueError(f"Débit illisible : {debit!r} (exemple : « 600/min »)")
    return int(nombre), int(multiple or 1) * UNITES_DEBIT[unite]
