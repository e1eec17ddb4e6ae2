"""Writing the audit log. Every business action of every app records one event here."""

from django.contrib.contenttypes.models import ContentType

from .models import Evenement


def journaliser(
    action: str,
    description: str,
    *,
    acteur=None,
    cible=None,
    role: str = "",
    details: dict | None = None,
    request=None,
) -> Evenement:
    if request is not None:
        if acteur is None and request.user.is_authenticated:
            acteur = request.user
        habilitation = getattr(request, "habilitation", None)
        if not role and habilitation is not None:
            role = habilitation.role
    return Evenement.objects.create(
        action=action,
        description=description,
        acteur=acteur if acteur is not None and acteur.pk else None,
        role=role,
        cible_type=ContentType.objects.get_for_model(cible) if cible is not None else None,
        cible_id=str(cible.pk) if cible is not None else "",
        details=details or {},
        adresse_ip=_adresse_ip(request),
    )


def _adresse_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None
