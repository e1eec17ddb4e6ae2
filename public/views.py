from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template

PAGES_LEGALES = {
    "accessibilite": "Déclaration d’accessibilité",
    "mentions-legales": "Mentions légales",
    "donnees-personnelles": "Données personnelles",
}


def accueil(request):
    return render(request, "public/accueil.html")


def page_legale(request, page):
    return render(request, f"public/{page}.html", {"titre": PAGES_LEGALES[page]})


def erreur_404(request, exception=None):
    return render(request, "erreurs/404.html", status=404)


def erreur_403(request, exception=None):
    return render(request, "erreurs/403.html", status=403)


def erreur_500(request):
    # No context processors: the error may come from the database or the session.
    return HttpResponseServerError(get_template("erreurs/500.html").render())
