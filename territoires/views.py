from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .selectors import rechercher_communes

LIMITE_AUTOCOMPLETION = 20


@require_GET
@cache_control(max_age=300)
def communes_json(request):
    """Commune autocomplete: GET ?q=<name, postal code or INSEE code> → at most 20 matches."""
    texte = request.GET.get("q", "")[:100]
    communes = rechercher_communes(texte, limite=LIMITE_AUTOCOMPLETION)
    return JsonResponse(
        [
            {
                "code": c.code_insee,
                "nom": c.nom,
                "departement": c.departement_id,
                "codes_postaux": c.codes_postaux,
            }
            for c in communes
        ],
        safe=False,
    )
