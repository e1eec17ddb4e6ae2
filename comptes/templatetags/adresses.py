"""``{% echec_courriel adresse %}``: a badge next to an address the mail provider rejected."""

from django import template
from django.utils.html import format_html

from comptes.suivi_courriels import adresses_en_echec

register = template.Library()


@register.simple_tag(takes_context=True)
def echec_courriel(context, email):
    request = context.get("request")
    if not email or request is None:
        return ""
    adresse = adresses_en_echec(request).get(str(email).lower())
    if adresse is None:
        return ""
    return format_html(
        ' <span class="fr-badge fr-badge--error fr-badge--sm">Courriel en échec'
        '<span class="fr-sr-only"> : {}</span></span>'
        ' <span class="fr-text--xs">{} le {}</span>',
        adresse.get_motif_display(),
        adresse.get_motif_display(),
        adresse.signale_le.strftime("%d/%m/%Y"),
    )
