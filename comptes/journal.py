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


# --- Retention of what a failed login leaves ---------------------------------------------------
# A failed or blocked login keeps the identifier typed (often an address, sometimes a
# password typed in the wrong field) and the IP address, to investigate an attack. The CNIL
# recommends keeping such security logs six months to a year (« Journalisation », délibération
# n° 2021-122); six months here, then the identifier and the IP are erased from the event (the
# event itself stays, so the count of failures per day remains), and django-axes' own
# records of attempts and logins older than that are deleted.
RETENTION_ECHECS_MOIS = 6
ACTIONS_ECHEC = ("securite.echec_connexion", "securite.verrouillage")
DESCRIPTION_EFFACEE = {
    "securite.echec_connexion": "Échec de connexion (identifiant effacé au bout de six mois)",
    "securite.verrouillage": "Connexion bloquée après des échecs répétés (identifiant effacé)",
}


def limite_echecs(maintenant=None):
    from django.utils import timezone

    from candidats.rules import ajouter_mois  # the project's one month arithmetic

    return ajouter_mois(maintenant or timezone.now(), -RETENTION_ECHECS_MOIS)


def effacer_echecs_anciens(*, maintenant=None, executer: bool = False) -> int:
    """Erase the identifier and IP of the failed logins older than the retention period;
    returns how many events (still) carry one. Idempotent: an erased event no longer
    matches."""
    from axes.models import AccessAttempt, AccessLog

    limite = limite_echecs(maintenant)
    anciens = Evenement.objects.filter(
        action__in=ACTIONS_ECHEC, cree_le__lt=limite, details__has_key="identifiant"
    )
    if not executer:
        return anciens.count()
    n = 0
    for action, description in DESCRIPTION_EFFACEE.items():
        n += anciens.filter(action=action).update(
            description=description, details={}, adresse_ip=None
        )
    AccessAttempt.objects.filter(attempt_time__lt=limite).delete()
    AccessLog.objects.filter(attempt_time__lt=limite).delete()
    return n
