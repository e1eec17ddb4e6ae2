import csv

from django.contrib.sessions.exceptions import SessionInterrupted
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseServerError,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from activite.rules import HorairesInvalides, decrire_horaires, osm_vers_grille
from noyau.exports import neutraliser
from noyau.problemes import est_api, probleme
from noyau.saisie import SaisieIllisible

from . import cartes, donnees_ouvertes, schema_lieux, selectors
from .forms import RechercheForm
from .rules import ouvert_a
from .selectors import Criteres

PAGES_LEGALES = {
    "accessibilite": "Déclaration d’accessibilité",
    "mentions-legales": "Mentions légales",
    "donnees-personnelles": "Données personnelles",
}
PAR_PAGE = 10


def accueil(request):
    return render(request, "public/accueil.html")


def page_legale(request, page):
    return render(request, f"public/{page}.html", {"titre": PAGES_LEGALES[page]})


def _rechercher(request):
    """(form, origin, criteria, results, whether a place or territory must be chosen).

    Without a point or a territory, a national list by name helps nobody (and sorts
    every place): the page shows the map and the count per département instead.
    """
    form = RechercheForm(request.GET or None)
    maintenant = timezone.localtime()
    origine = None
    criteres = Criteres()
    if form.is_bound and form.is_valid():
        criteres = form.criteres()
        origine = form.origine()
    a_choisir = not origine and not criteres.territoire
    if (form.is_bound and not form.is_valid()) or a_choisir:
        resultats = []
    elif origine:
        resultats = selectors.les_plus_proches(origine[0], origine[1], criteres, maintenant)
    else:
        resultats = selectors.lieux_filtres(criteres, maintenant)
    return form, origine, criteres, resultats, a_choisir


def carte(request):
    """Find the nearest places: by commune, postal code or position; list first, then map.

    Works without JavaScript (a GET form); the optional script only fills the position.
    """
    form, origine, criteres, resultats, a_choisir = _rechercher(request)
    maintenant = timezone.localtime()
    page = Paginator(resultats, PAR_PAGE).get_page(request.GET.get("page"))
    for lieu in page:
        lieu.ouvert = ouvert_a(lieu.horaires, maintenant)
    premier_numero = page.start_index() if page.paginator.count else 0
    par_departement = []
    if origine:
        carte_svg = cartes.carte_resultats(origine[:2], list(page), premier_numero)
    else:
        par_departement = selectors.par_departement(criteres)
        carte_svg = cartes.carte_par_departement(
            "Nombre de lieux par département", par_departement, "lieu", "lieux"
        )
    return render(
        request,
        "public/carte.html",
        {
            "form": form,
            "page_obj": page,
            "premier_numero": premier_numero,
            "origine": origine,
            "autres_communes": form.communes[1:] if origine and form.communes else [],
            "carte": carte_svg,
            "par_departement": par_departement,
            "nombre": page.paginator.count,
            "a_choisir": a_choisir and not form.errors,
            "total_national": sum(d["n"] for d in par_departement) if not origine else None,
            "plafond": selectors.NOMBRE_MAXIMUM,
        },
    )


def export_carte(request):
    """The places of the search, in the open-data schema (CSV, ``|``-joined lists)."""
    _, _, _, resultats, _ = _rechercher(request)
    tampon = _Tampon()
    ecrivain = csv.writer(tampon, quoting=csv.QUOTE_ALL, lineterminator="\n")

    def lignes():
        yield ecrivain.writerow(schema_lieux.colonnes())
        for trouve in resultats:
            cellules = schema_lieux.ligne_csv(schema_lieux.vers_schema(trouve))
            yield ecrivain.writerow([neutraliser(c) for c in cellules])

    reponse = StreamingHttpResponse(lignes(), content_type="text/csv; charset=utf-8")
    reponse["Content-Disposition"] = 'attachment; filename="lieux-mediation-numerique.csv"'
    return reponse


class _Tampon:
    def write(self, valeur):
        return valeur


def lieu(request, pk):
    trouve = selectors.lieu_public(pk)
    if trouve is None:
        raise Http404("Lieu introuvable")
    try:
        semaine = decrire_horaires(osm_vers_grille(trouve.horaires))
    except HorairesInvalides:
        semaine = None
    return render(
        request,
        "public/lieu.html",
        {
            "lieu": trouve,
            "ouvert": ouvert_a(trouve.horaires, timezone.localtime()),
            "semaine": semaine if semaine and any(h != "Fermé" for _, h in semaine) else None,
            "fiche": schema_lieux.vers_schema(trouve),
            "carte": cartes.carte_lieu(trouve),
            "premier_numero": 1,
        },
    )


def coordinateurs(request):
    """The coordinators' map of the programme: who coordinates advisors, where."""
    departement = request.GET.get("departement") or None
    liste = selectors.coordinateurs(departement)
    par_departement: dict[str, dict] = {}
    for c in liste:
        d = c["departement"]
        commune = c["commune"]
        entree = par_departement.setdefault(
            d.code,
            {
                "commune__departement_id": d.code,
                "commune__departement__nom": d.nom,
                "n": 0,
                "lat": commune.latitude if commune else None,
                "lon": commune.longitude if commune else None,
            },
        )
        entree["n"] += 1
    return render(
        request,
        "public/coordinateurs.html",
        {
            "coordinateurs": liste,
            "carte": cartes.carte_par_departement(
                "Nombre de coordinateurs par département",
                list(par_departement.values()),
                "coordinateur",
                "coordinateurs",
            ),
            "departement": departement,
        },
    )


def donnees(request):
    return render(
        request,
        "public/donnees_ouvertes.html",
        {
            "manifeste": donnees_ouvertes.manifeste(),
            "fichiers": donnees_ouvertes.FICHIERS,
            "schema": schema_lieux.schema(),
            "url_api": reverse("api_v1:openapi-view"),
        },
    )


def fichier_donnees(request, nom):
    if nom not in donnees_ouvertes.FICHIERS:
        raise Http404("Fichier inconnu")
    chemin = donnees_ouvertes.chemin(nom)
    if not default_storage.exists(chemin):
        raise Http404("Fichier pas encore généré")
    extension = nom.rsplit(".", 1)[1]
    return FileResponse(
        default_storage.open(chemin),
        as_attachment=True,
        filename=nom,
        content_type=donnees_ouvertes.TYPES[extension],
    )


def statistiques(request):
    return render(
        request,
        "public/statistiques.html",
        {"chiffres": selectors.chiffres_cles(), "titre": "Chiffres clés du dispositif"},
    )


MESSAGE_400 = (
    "Le service n’a pas pu comprendre cette requête. Revenez à la page précédente, "
    "rechargez-la puis recommencez ; si le problème revient, déconnectez-vous puis "
    "reconnectez-vous."
)
MESSAGES_400 = {
    SessionInterrupted: "Votre session a pris fin pendant cette requête (par exemple après "
    "une déconnexion dans un autre onglet) : rien n’a été enregistré. Reconnectez-vous puis "
    "recommencez votre saisie.",
    RequestDataTooBig: "Votre envoi est trop volumineux. Réduisez la taille des fichiers "
    "ou du texte envoyés, puis recommencez.",
    TooManyFieldsSent: "Votre envoi contient trop de champs. Revenez à la page précédente, "
    "rechargez-la puis recommencez.",
}


def erreur_400(request, exception=None):
    """Every 400: Django's own (a session that could not be saved, an oversized body) and
    the refusal of unreadable input; each says what to do."""
    if isinstance(exception, SaisieIllisible):
        message = str(exception)
    else:
        message = next(
            (m for type_, m in MESSAGES_400.items() if isinstance(exception, type_)), MESSAGE_400
        )
    if est_api(request):
        return probleme(request, 400, message)
    return render(request, "erreurs/400.html", {"message": message}, status=400)


def erreur_404(request, exception=None):
    if est_api(request):
        return probleme(request, 404, "Ressource introuvable.")
    return render(request, "erreurs/404.html", status=404)


def erreur_403(request, exception=None):
    if est_api(request):
        return probleme(request, 403, "Accès refusé.")
    return render(request, "erreurs/403.html", status=403)


def erreur_csrf(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without (or with a stale) CSRF token."""
    return render(request, "erreurs/403_csrf.html", status=403)


def erreur_500(request):
    # No context processors: the error may come from the database or the session.
    import sys

    from django.db import InterfaceError, OperationalError

    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        # The database is unreachable (a restart, a failover): say so, and when to retry.
        # The next request reconnects by itself (CONN_HEALTH_CHECKS): no restart needed.
        reponse = HttpResponse(get_template("erreurs/indisponible.html").render(), status=503)
        reponse["Retry-After"] = "30"
        return reponse
    if est_api(request):
        return probleme(request, 500, "Une erreur inattendue s’est produite.")
    return HttpResponseServerError(get_template("erreurs/500.html").render())
