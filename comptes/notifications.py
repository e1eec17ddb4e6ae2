"""In-app notifications: what an e-mail said, kept in the user's space, read once."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Notification


def notifier(utilisateur, titre: str, message: str = "", lien: str = "", cle: str = ""):
    """Record a notice for ``utilisateur``; with ``cle``, at most once per user and key
    (a second call returns None)."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                destinataire=utilisateur, titre=titre[:200], message=message, lien=lien, cle=cle
            )
    except IntegrityError:
        if not cle:
            raise
        return None


def non_lues(utilisateur) -> int:
    return Notification.objects.filter(destinataire=utilisateur, lue_le__isnull=True).count()


def marquer_lues(utilisateur, ids=None) -> int:
    """Mark the user's notices read (all, or those of ``ids``); another user's are never
    touched."""
    qs = Notification.objects.filter(destinataire=utilisateur, lue_le__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(lue_le=timezone.now())
