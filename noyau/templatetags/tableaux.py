"""``{% tableau %}…{% fintableau %}``: a table in the DSFR table component, reachable with
the keyboard when it scrolls.

    {% load tableaux %}
    {% tableau "fr-table--sm" %}
      <table><caption>Conventions</caption>…</table>
    {% fintableau %}

On a phone a wide table scrolls inside its container (``fr-table__container``), not the
page; that container takes the focus (``tabindex="0"``) so that keyboard users can scroll
it too (RGAA / axe ``scrollable-region-focusable``), and it is a named region: the
table's caption, read from the table itself. The first column stays in view while the
rest scrolls (``static/css/conum.css``), so each row keeps what names it.
"""

import re

from django import template
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe

register = template.Library()

_LEGENDE = re.compile(r"<caption[^>]*>(.*?)</caption>", re.DOTALL | re.IGNORECASE)


def nom_du_tableau(html: str) -> str:
    trouvee = _LEGENDE.search(html)
    texte = " ".join(strip_tags(trouvee.group(1)).split()) if trouvee else ""
    return texte or "Tableau"


class NoeudTableau(template.Node):
    def __init__(self, classes, contenu):
        self.classes = classes
        self.contenu = contenu

    def render(self, context):
        html = self.contenu.render(context)
        classes = self.classes.resolve(context) if self.classes else ""
        return format_html(
            '<div class="{}"><div class="fr-table__wrapper">'
            '<div class="fr-table__container" tabindex="0" role="region" aria-label="{}">'
            '<div class="fr-table__content">{}</div></div></div></div>',
            " ".join(filter(None, ("fr-table", classes))),
            nom_du_tableau(html),
            mark_safe(html),
        )


@register.tag("tableau")
def tableau(parser, jeton):
    morceaux = jeton.split_contents()
    if len(morceaux) > 2:
        raise template.TemplateSyntaxError("{% tableau %} prend au plus un argument (classes).")
    classes = parser.compile_filter(morceaux[1]) if len(morceaux) == 2 else None
    contenu = parser.parse(("fintableau",))
    parser.delete_first_token()
    return NoeudTableau(classes, contenu)
