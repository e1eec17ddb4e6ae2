from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from comptes.acces import role_requis
from comptes.roles import Role
from noyau.exports import reponse_export

from . import services
from .forms import CalculCiblesForm, ImportIndicateursForm
from .models import CalculCibles, Departement, IndicateursDepartement
from .selectors import cibles_for_user, rechercher_communes

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


# --- Département targets ---------------------------------------------------------------

ENTETES_CIBLES = [
    "Code",
    "Département",
    "Population",
    "Indice de vulnérabilité",
    "Part équité",
    "Part démographie",
    "Part vulnérabilité",
    "Cible",
    "Cible initiale",
    "Cible précédente",
    "Dotation (postes attribués)",
    "Valeur actuelle (postes occupés)",
]


def _lignes_export(lignes):
    for ligne in lignes:
        c = ligne["cible"]
        d = ligne["departement"]
        yield [
            d.code,
            d.nom,
            d.population,
            round(c.indice_vulnerabilite, 3) if c else None,
            round(c.part_equite, 2) if c else None,
            round(c.part_demographie, 2) if c else None,
            round(c.part_vulnerabilite, 2) if c else None,
            c.valeur if c else None,
            ligne.get("initiale"),
            ligne.get("precedente"),
            ligne["dotation"],
            ligne["occupes"],
        ]


@role_requis(Role.ANCT, Role.PREFECTURE, Role.HUB)
def cibles(request):
    lignes = cibles_for_user(request.perimetre)
    if request.GET.get("format"):
        return reponse_export(
            request.GET["format"], "cibles-departementales", ENTETES_CIBLES, _lignes_export(lignes)
        )
    est_anct = request.habilitation.role == Role.ANCT
    form = CalculCiblesForm(request.POST or None) if est_anct else None
    apercu, erreur = None, None
    if form is not None and request.method == "POST" and form.is_valid():
        total, ponderations = form.cleaned_data["total"], form.ponderations()
        try:
            if "enregistrer" in request.POST:
                services.enregistrer_cibles(
                    total,
                    ponderations,
                    commentaire=form.cleaned_data["commentaire"],
                    auteur=request.user,
                    request=request,
                )
                messages.success(request, f"Cibles enregistrées : {total} postes répartis.")
                return redirect("territoires:cibles")
            noms = dict(Departement.objects.values_list("code", "nom"))
            apercu = [(r, noms[r.code]) for r in services.apercu_cibles(total, ponderations)]
        except services.CalculImpossible as e:
            erreur = str(e)
    dernier = CalculCibles.objects.select_related("auteur").first()
    contexte = {
        "lignes": lignes,
        "form": form,
        "apercu": apercu,
        "erreur": erreur,
        "dernier": dernier,
        "total": sum(ligne["cible"].valeur for ligne in lignes if ligne["cible"]),
        "total_dotation": sum(ligne["dotation"] for ligne in lignes),
        "total_occupes": sum(ligne["occupes"] for ligne in lignes),
    }
    return render(request, "territoires/cibles.html", contexte)


@role_requis(Role.ANCT)
def indicateurs(request):
    form = ImportIndicateursForm(request.POST or None, request.FILES or None)
    erreurs = []
    if request.method == "POST" and form.is_valid():
        resultat = services.importer_indicateurs(
            form.cleaned_data["fichier"].read(), auteur=request.user, request=request
        )
        if not resultat.erreurs:
            messages.success(
                request, f"Indicateurs importés pour {resultat.lignes} département(s)."
            )
            return redirect("territoires:indicateurs")
        erreurs = resultat.erreurs
    valeurs = IndicateursDepartement.objects.select_related("departement").order_by(
        "departement_id"
    )
    page = Paginator(valeurs, 120).get_page(request.GET.get("page"))
    return render(
        request,
        "territoires/indicateurs.html",
        {
            "form": form,
            "erreurs": erreurs,
            "page_obj": page,
            "manquants": Departement.objects.filter(indicateurs__isnull=True).count(),
        },
    )
