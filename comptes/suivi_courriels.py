"""What the mail provider tells back (django-anymail tracking webhooks).

The webhook view is anymail's (Brevo); it checks the shared secret (HTTP basic auth,
``ANYMAIL_WEBHOOK_SECRET``) before any event reaches ``recevoir``. A hard bounce, an
invalid address, a block or a complaint flags the address; a delivery clears it. Soft
bounces are transient and change nothing.
"""

from anymail.signals import EventType, tracking
from anymail.webhooks.brevo import BrevoTrackingWebhookView
from django.conf import settings
from django.dispatch import receiver
from django.http import Http404
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt

from . import services
from .models import AdresseEnEchec

MOTIFS = {
    EventType.BOUNCED: AdresseEnEchec.Motif.REBOND,
    EventType.COMPLAINED: AdresseEnEchec.Motif.PLAINTE,
    EventType.REJECTED: AdresseEnEchec.Motif.BLOQUEE,
}
TRANSITOIRES = {"soft_bounce", "deferred"}


def webhook_configure() -> bool:
    return bool(getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"))


class SuiviBrevo(BrevoTrackingWebhookView):
    """Brevo's transactional webhook; 404 while no secret protects it."""

    warn_if_no_basic_auth = False  # without a secret, dispatch answers 404 before anything

    @method_decorator(csrf_exempt)
    def dispatch(self, request, *args, **kwargs):
        if not webhook_configure():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


@receiver(tracking, dispatch_uid="conum_suivi_courriels")
def recevoir(sender, event, esp_name, **kwargs):
    if not event.recipient:
        return
    type_fournisseur = (event.esp_event or {}).get("event", "") if event.esp_event else ""
    if event.event_type == EventType.DELIVERED:
        services.adresse_retablie(event.recipient)
    elif event.event_type in MOTIFS and type_fournisseur not in TRANSITOIRES:
        services.signaler_adresse_en_echec(
            email=event.recipient,
            motif=MOTIFS[event.event_type],
            detail=event.mta_response or "",
            message_id=event.message_id or "",
        )


def adresses_en_echec(request) -> dict[str, AdresseEnEchec]:
    """Every flagged address (a short table by nature), read once per request."""
    if not hasattr(request, "_adresses_en_echec"):
        request._adresses_en_echec = {a.email.lower(): a for a in AdresseEnEchec.objects.all()}
    return request._adresses_en_echec
