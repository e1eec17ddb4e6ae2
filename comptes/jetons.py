"""Signed links sent by e-mail: confirming an address, accepting an invitation."""

from django.conf import settings
from django.core import signing

SEL_VERIFICATION = "comptes.verification-email"
SEL_INVITATION = "comptes.invitation"
VALIDITE_VERIFICATION = 60 * 60 * 24 * 3  # three days


def jeton_verification(utilisateur) -> str:
    return signing.dumps({"u": utilisateur.pk, "e": utilisateur.email}, salt=SEL_VERIFICATION)


def lire_jeton_verification(jeton: str) -> dict | None:
    try:
        return signing.loads(jeton, salt=SEL_VERIFICATION, max_age=VALIDITE_VERIFICATION)
    except signing.BadSignature:
        return None


def jeton_invitation(invitation) -> str:
    return signing.dumps(invitation.pk, salt=SEL_INVITATION)


def lire_jeton_invitation(jeton: str) -> int | None:
    try:
        return signing.loads(
            jeton, salt=SEL_INVITATION, max_age=settings.INVITATION_VALIDITE_JOURS * 86400
        )
    except signing.BadSignature:
        return None
