"""Input that no keyboard produces is refused before any view runs.

A NUL byte, a control character or bytes that are not UTF-8, in the path, the query
string or a form body (urlencoded or multipart), answer 400 with the French error page
(a problem document under ``/api/``), whatever the view: PostgreSQL cannot store NUL, and
a view should not have to think about it. JSON bodies are checked by the API's schemas
(``api.schemas.Entree``), which answer 422 per field. Visible-but-dubious text (bidi
marks, the replacement character, over-long values) is a field error of the form
(``noyau.formulaires``): the user sees which field to retype.
"""

from __future__ import annotations

from django.shortcuts import render
from django.urls import get_resolver

from . import saisie
from .problemes import est_api, probleme

MESSAGE = (
    "Votre envoi contient des caractères que le service ne sait pas lire (caractère nul ou "
    "de contrôle, ou texte dans un autre encodage que UTF-8). Revenez à la page précédente, "
    "retapez votre saisie au clavier au lieu de la coller, puis envoyez-la de nouveau."
)
FORMULAIRES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _illisible(request) -> bool:
    if saisie.CONTROLE.search(request.path_info):
        return True
    try:
        brut = request.META.get("QUERY_STRING", "").encode("iso-8859-1")
    except UnicodeEncodeError:
        return True
    if brut and saisie.octets_illisibles(brut):
        return True
    if request.method != "POST" or request.content_type not in FORMULAIRES:
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return saisie.octets_illisibles(request.body)
    # Multipart: Django decodes each part, replacing invalid bytes with U+FFFD (a field
    # error of the form); control characters are checked here, file names included.
    textes = [*request.POST.keys(), *request.FILES.keys()]
    textes += [v for valeurs in request.POST.lists() for v in valeurs[1]]
    textes += [f.name or "" for fichiers in request.FILES.lists() for f in fichiers[1]]
    return any(saisie.CONTROLE.search(t) for t in textes)


def refuser(request, message: str = MESSAGE):
    """The 400 answer: problem+json under /api/, else the site's 400 page."""
    if est_api(request):
        return probleme(request, 400, message)
    vue = get_resolver().resolve_error_handler(400)
    return vue(request, exception=saisie.SaisieIllisible(message))


class SaisieMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _illisible(request):
            return refuser(request)
        return self.get_response(request)


class PageErreurMiddleware:
    """Django answers a method a view does not take (a GET on a form's target, on the
    logout button's address) with an empty 405: give it the site's French page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reponse = self.get_response(request)
        if reponse.status_code == 405 and not reponse.streaming and not reponse.content:
            if est_api(request):
                nouvelle = probleme(request, 405, "Méthode non autorisée sur cette adresse.")
            else:
                nouvelle = render(request, "erreurs/405.html", status=405)
            if reponse.has_header("Allow"):
                nouvelle["Allow"] = reponse["Allow"]
            return nouvelle
        return reponse
