"""Display helpers of the activity pages."""

from django import template

register = template.Library()


@register.filter
def nombre(valeur) -> str:
    """12345678 → « 12 345 678 » (French thousands separator, a narrow no-break space)."""
    if valeur is None:
        return "—"
    try:
        return f"{int(valeur):,}".replace(",", "\u202f")
    except (TypeError, ValueError):
        return str(valeur)
