"""Pages of the activity space: reports, places, beneficiaries, statistics and exports."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from comptes.acces import perimetre, role_requis
from comptes.roles import Role
from comptes.selectors import conseillers_en_poste, conseillers_en_poste_for_user
from noyau import documents
from noyau.exports import reponse_export, reponse_xlsx

from . import exports, selectors, services
from .choix import AVERTISSEMENT_NOTES, TrancheAge, TypeActivite, TypeLieu
from .forms import FORMULAIRES_ACTIVITE, BeneficiaireForm, FiltresForm, LieuForm
from .rules import HorairesInvalides, decrire_horaires, libelle_duree, osm_vers_grille
from .statistiques import (
    PORTEE_PUBLIQUE,
    ROLES_STATISTIQUES,
    Filtres,
    calculer,
    portee_pour,
)

conseiller_requis = role_requis(Role.CONSEILLER)
statistiques_requises = role_requis(*ROLES_STATISTIQUES)
PAR_PAGE = 30


# --- The advisor's home ----------------------------------------------------------------------


@conseiller_requis
def accueil(request):
    """Where an advisor lands: « Nouveau compte rendu » first, then their own figures."""
    portee = portee_pour(request.habilitation)
    aujourd_hui = timezone.localdate()
    contexte = {
        "total": calculer(portee, Filtres()),
        "mois": calculer(portee, Filtres(du=aujourd_hui.replace(day=1), au=aujourd_hui)),
        "derniers": selectors.activites_for_user(portee, Filtres()).order_by("-date", "-pk")[:3],
        "structure": request.habilitation.structure,
    }
    return render(request, "activite/accueil.html", contexte)


# --- Reports --------------------------------------------------------------------------------


@conseiller_requis
def nouveau(request):
    """First step: choose between an individual accompaniment and a workshop."""
    return render(request, "activite/nouveau.html", {"types": TypeActivite})


def _formulaire_activite(request, type_activite, initial):
    classe = FORMULAIRES_ACTIVITE[type_activite]
    structure = services.structure_employeuse(request.user)
    return classe(
        request.POST or None,
        initial=initial,
        conseiller=request.user,
        structure=structure,
    )


def _rendre_formulaire(request, form, titre, activite=None):
    contexte = {
        "form": form,
        "titre": titre,
        "activite": activite,
        "collectif": form.type_activite == TypeActivite.COLLECTIF,
        "avertissement": AVERTISSEMENT_NOTES,
        "a_des_lieux": form.fields["lieu"].queryset.exists(),
    }
    return render(request, "activite/activite_form.html", contexte)


def _identifiant(valeur: str) -> int:
    """An identifier taken from the address: anything but a number is a page not found."""
    if not valeur.isascii() or not valeur.isdigit() or len(valeur) > 18:
        raise Http404
    return int(valeur)


@conseiller_requis
def creer(request, type_activite):
    if type_activite not in FORMULAIRES_ACTIVITE:
        raise Http404
    initial = {"date": timezone.localdate(), "duree": "60"}
    classe = FORMULAIRES_ACTIVITE[type_activite]
    if request.GET.get("depuis"):
        source = get_object_or_404(
            selectors.mes_activites(request.user),
            pk=_identifiant(request.GET["depuis"]),
            type=type_activite,
        )
        initial = classe.initial_depuis(source, dupliquer=True)
    if request.GET.get("beneficiaire") and type_activite == TypeActivite.INDIVIDUEL:
        beneficiaire = get_object_or_404(
            selectors.mes_beneficiaires(request.user), pk=_identifiant(request.GET["beneficiaire"])
        )
        initial["beneficiaire"] = beneficiaire.pk
    if not request.GET.get("depuis") and selectors.mes_lieux(request.user).count() == 1:
        initial.setdefault("type_lieu", TypeLieu.LIEU_ACTIVITE)
        initial.setdefault("lieu", selectors.mes_lieux(request.user).get().pk)
    initial["cle"] = uuid.uuid4()
    form = _formulaire_activite(request, type_activite, initial)
    if request.method == "POST" and form.is_valid():
        cle = form.cleaned_data.get("cle")
        try:
            activite = services.creer_activite(
                request.user, form.donnees_service(), cle=str(cle) if cle else None, request=request
            )
        except services.ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            debut = (
                "Ce compte rendu était déjà enregistré (formulaire envoyé deux fois)"
                if activite.deja_enregistree
                else "Compte rendu enregistré"
            )
            messages.success(
                request,
                f"{debut} : {activite.get_type_display().lower()} du {activite.date:%d/%m/%Y}.",
            )
            return redirect("activite:activites")
    titre = (
        "Nouvel accompagnement individuel"
        if type_activite == "individuel"
        else ("Nouvel atelier collectif")
    )
    return _rendre_formulaire(request, form, titre)


@conseiller_requis
def activites(request):
    """« Mes comptes rendus »: the advisor's reports, most recent first."""
    form = FiltresForm(request.GET or None, options={"commune": False})
    qs = selectors.mes_activites(request.user)
    if form.is_bound and form.is_valid():
        f = Filtres(**form.filtres())
        qs = qs.filter(selectors.q_filtres(f))
    page = Paginator(qs.order_by("-date", "-pk"), PAR_PAGE).get_page(request.GET.get("page"))
    for activite in page:
        activite.duree_libelle = libelle_duree(activite.duree)
    requete = request.GET.copy()
    requete.pop("page", None)
    contexte = {"form": form, "page_obj": page, "requete": requete.urlencode()}
    return render(request, "activite/activites.html", contexte)


def _mon_activite(request, pk):
    return get_object_or_404(selectors.mes_activites(request.user), pk=pk)


@conseiller_requis
def activite(request, pk):
    a = _mon_activite(request, pk)
    contexte = {"a": a, "duree": libelle_duree(a.duree), "lignes": _resume_activite(a)}
    return render(request, "activite/activite.html", contexte)


def _resume_activite(a) -> list[tuple[str, str]]:
    ligne = exports.ligne_activite(a, complet=True)
    valeurs = dict(zip([*exports.ENTETES_ACTIVITES, exports.ENTETE_NOTES], ligne, strict=True))
    cles = [
        "Date",
        "Type",
        "Participants",
        "Bénéficiaire",
        "Canaux d’accompagnement",
        "Nom du lieu",
        "Commune",
        "Durée (min)",
        "Nom de l’atelier",
        "Niveau d’autonomie (ou de l’atelier)",
        "Matériel numérique utilisé",
        "Thématique(s) d’accompagnement",
        "Nom de la démarche administrative",
        "Bénéficiaire réorienté",
        "Structure de redirection",
        "Genre du bénéficiaire",
        "Tranche d’âge du bénéficiaire",
        "Statut du bénéficiaire",
        "Déjà accompagnés",
        "Enregistré le",
        "Dernière modification le",
        "Notes",
    ]
    resume = []
    for cle in cles:
        valeur = valeurs[cle]
        if isinstance(valeur, list):
            valeur = ", ".join(valeur)
        if cle == "Date":
            valeur = valeur.strftime("%d/%m/%Y")
        if valeur not in ("", None, []):
            resume.append((cle, str(valeur)))
    return resume


@conseiller_requis
def modifier(request, pk):
    a = _mon_activite(request, pk)
    classe = FORMULAIRES_ACTIVITE[a.type]
    form = _formulaire_activite(request, a.type, classe.initial_depuis(a))
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_activite(
                a, form.donnees_service(), acteur=request.user, request=request
            )
        except services.ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, "Compte rendu modifié.")
            return redirect("activite:activite", pk=a.pk)
    return _rendre_formulaire(request, form, f"Modifier le compte rendu du {a.date:%d/%m/%Y}", a)


@conseiller_requis
def dupliquer(request, pk):
    a = _mon_activite(request, pk)
    return redirect(reverse("activite:creer", args=[a.type]) + f"?depuis={a.pk}")


@conseiller_requis
@require_http_methods(["GET", "POST"])
def supprimer(request, pk):
    a = _mon_activite(request, pk)
    if request.method == "POST":
        try:
            services.supprimer_activite(a, acteur=request.user, request=request)
        except services.ActionImpossible as erreur:
            messages.error(request, str(erreur))
        else:
            messages.success(request, "Compte rendu supprimé.")
        return redirect("activite:activites")
    return render(
        request,
        "activite/confirmer.html",
        {
            "titre": "Supprimer ce compte rendu ?",
            "texte": f"{a} ({a.participants} accompagnement{'s' if a.participants > 1 else ''}). "
            "Il ne sera plus compté dans les statistiques.",
            "retour": reverse("activite:activite", args=[a.pk]),
            "bouton": "Supprimer le compte rendu",
        },
    )


# --- Places ---------------------------------------------------------------------------------


@conseiller_requis
def lieux(request):
    liste = list(selectors.mes_lieux(request.user).order_by("nom", "pk"))
    for lieu in liste:
        try:
            lieu.semaine = decrire_horaires(osm_vers_grille(lieu.horaires))
        except HorairesInvalides:
            lieu.semaine = None
    return render(request, "activite/lieux.html", {"lieux": liste})


def _rendre_lieu(request, form, titre, lieu=None):
    return render(request, "activite/lieu_form.html", {"form": form, "titre": titre, "lieu": lieu})


@conseiller_requis
def lieu_creer(request):
    form = LieuForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lieu = services.creer_lieu(request.user, form.donnees_service(), request=request)
        messages.success(request, f"Lieu « {lieu.nom} » enregistré.")
        return redirect("activite:lieux")
    return _rendre_lieu(request, form, "Déclarer un lieu d’activité")


@conseiller_requis
def lieu_modifier(request, pk):
    lieu = get_object_or_404(selectors.mes_lieux(request.user), pk=pk)
    form = LieuForm(request.POST or None, lieu=lieu)
    if request.method == "POST" and form.is_valid():
        try:
            services.modifier_lieu(lieu, form.donnees_service(), request=request)
        except services.ActionImpossible as erreur:
            form.add_error("commune", str(erreur))
        else:
            messages.success(request, f"Lieu « {lieu.nom} » mis à jour.")
            return redirect("activite:lieux")
    return _rendre_lieu(request, form, f"Modifier « {lieu.nom} »", lieu)


@conseiller_requis
@require_http_methods(["GET", "POST"])
def lieu_supprimer(request, pk):
    lieu = get_object_or_404(selectors.mes_lieux(request.user), pk=pk)
    if request.method == "POST":
        services.supprimer_lieu(lieu, request=request)
        messages.success(request, f"Lieu « {lieu.nom} » retiré de vos lieux.")
        return redirect("activite:lieux")
    return render(
        request,
        "activite/confirmer.html",
        {
            "titre": f"Retirer « {lieu.nom} » de vos lieux ?",
            "texte": "Les comptes rendus déjà enregistrés dans ce lieu restent comptés ; "
            "il disparaît de la cartographie et de vos formulaires.",
            "retour": reverse("activite:lieux"),
            "bouton": "Retirer le lieu",
        },
    )


# --- Beneficiaries --------------------------------------------------------------------------


@conseiller_requis
def beneficiaires(request):
    recherche = request.GET.get("recherche", "")[:100]
    qs = selectors.mes_beneficiaires(request.user, recherche)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "activite/beneficiaires.html", {"page_obj": page, "recherche": recherche}
    )


@conseiller_requis
def beneficiaire_creer(request):
    form = BeneficiaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        b = services.creer_beneficiaire(request.user, form.donnees_service(), request=request)
        messages.success(request, f"Bénéficiaire « {b} » enregistré.")
        return redirect("activite:beneficiaire", pk=b.pk)
    return render(
        request,
        "activite/beneficiaire_form.html",
        {"form": form, "titre": "Enregistrer un bénéficiaire"},
    )


def _mon_beneficiaire(request, pk):
    return get_object_or_404(selectors.mes_beneficiaires(request.user), pk=pk)


@conseiller_requis
def beneficiaire(request, pk):
    b = _mon_beneficiaire(request, pk)
    historique = selectors.mes_activites(request.user).filter(beneficiaire=b).order_by("-date")
    annee = timezone.localdate().year
    contexte = {
        "b": b,
        "tranche_age": _libelle_tranche(b, annee),
        "historique": historique[:50],
        "nombre": historique.count(),
    }
    return render(request, "activite/beneficiaire.html", contexte)


def _libelle_tranche(b, annee) -> str:
    return TrancheAge(b.tranche_age(annee)).label


@conseiller_requis
def beneficiaire_modifier(request, pk):
    b = _mon_beneficiaire(request, pk)
    form = BeneficiaireForm(request.POST or None, initial=BeneficiaireForm.initial_depuis(b))
    if request.method == "POST" and form.is_valid():
        services.modifier_beneficiaire(b, form.donnees_service(), request=request)
        messages.success(request, "Bénéficiaire mis à jour.")
        return redirect("activite:beneficiaire", pk=b.pk)
    return render(
        request,
        "activite/beneficiaire_form.html",
        {"form": form, "titre": f"Modifier « {b} »", "b": b},
    )


@conseiller_requis
@require_http_methods(["GET", "POST"])
def beneficiaire_supprimer(request, pk):
    b = _mon_beneficiaire(request, pk)
    if request.method == "POST":
        services.supprimer_beneficiaire(b, request=request)
        messages.success(request, "Bénéficiaire supprimé : ses données personnelles sont effacées.")
        return redirect("activite:beneficiaires")
    return render(
        request,
        "activite/confirmer.html",
        {
            "titre": f"Supprimer « {b} » ?",
            "texte": "Son identité et ses coordonnées seront effacées. Ses accompagnements "
            "restent comptés, de façon anonyme, dans les statistiques.",
            "retour": reverse("activite:beneficiaire", args=[b.pk]),
            "bouton": "Supprimer et anonymiser",
        },
    )


# --- Statistics and exports -----------------------------------------------------------------


def _portee_et_filtres(request):
    portee = portee_pour(request.habilitation)
    options = selectors.options_filtres(portee, request.habilitation.role)
    form = FiltresForm(request.GET or None, options=options)
    filtres = Filtres()
    if form.is_bound and form.is_valid():
        filtres = Filtres(**form.filtres())
    return portee, form, filtres


def _description_filtres(form) -> list[tuple[str, str]]:
    if not form.is_bound or not form.is_valid():
        return []
    description = []
    for nom, champ in form.fields.items():
        valeur = form.cleaned_data.get(nom)
        if valeur in (None, "", []):
            continue
        if hasattr(champ, "choices"):
            libelles = {}
            for cle, libelle in champ.choices:
                if isinstance(libelle, (list, tuple)):
                    libelles.update(dict(libelle))
                else:
                    libelles[cle] = libelle
            valeur = libelles.get(str(valeur), valeur)
        elif hasattr(valeur, "strftime"):
            valeur = valeur.strftime("%d/%m/%Y")
        description.append((str(champ.label), str(valeur)))
    return description


def _histogramme(serie, format_date: str) -> dict:
    """Geometry of a vertical bar chart (integers, as strings: no localisation)."""
    largeur, ecart, hauteur = 20, 4, 120
    maximum = max((n for _, n in serie), default=0) or 1
    barres = []
    for i, (jour, n) in enumerate(serie):
        h = round(n / maximum * (hauteur - 4)) if n else 0
        barres.append(
            {
                "x": str(i * (largeur + ecart)),
                "y": str(hauteur - h),
                "l": str(largeur),
                "h": str(h),
                "libelle": jour.strftime(format_date),
                "n": n,
            }
        )
    plus_haut = max((n for _, n in serie), default=0)
    return {
        "largeur": str(max(len(serie), 1) * (largeur + ecart)),
        "hauteur": str(hauteur),
        # Gridlines at the top of the tallest bar and at half of it: the axis reads
        # ``plus_haut`` and its half, so the bars can be read without the data table.
        "y_haut": str(4),
        "y_milieu": str(hauteur - (hauteur - 4) // 2),
        "plus_haut": plus_haut,
        "milieu": plus_haut / 2,
        "barres": barres,
        "premier": barres[0]["libelle"] if barres else "",
        "dernier": barres[-1]["libelle"] if barres else "",
    }


def _contexte_graphiques(stats) -> dict:
    return {
        "histogramme_mois": _histogramme(stats.par_mois, "%m/%y"),
        "histogramme_jours": _histogramme(stats.par_jour, "%d/%m"),
    }


def _contexte_statistiques(request) -> dict:
    """What the statistics page shows; its PDF report shows the same."""
    portee, form, filtres = _portee_et_filtres(request)
    stats = calculer(portee, filtres)
    return {
        "form": form,
        "s": stats,
        "requete": request.GET.urlencode(),
        "titre": "Mes statistiques"
        if request.habilitation.role == Role.CONSEILLER
        else ("Statistiques d’activité"),
        "filtres_actifs": _description_filtres(form),
        "public": False,
        # Advisors in post today, in the viewer's scope (not for an advisor's own page).
        "en_poste": None
        if request.habilitation.role == Role.CONSEILLER
        else conseillers_en_poste_for_user(perimetre(request.habilitation)).count(),
        **_contexte_graphiques(stats),
    }


@statistiques_requises
def statistiques(request):
    return render(request, "activite/statistiques.html", _contexte_statistiques(request))


def _rapport_pdf(request, contexte: dict, nom: str) -> HttpResponse:
    html = render_to_string(
        "activite/statistiques_pdf.html", {**contexte, "maintenant": timezone.now()}, request
    )
    pdf = documents.html_en_pdf(html, feuilles=("activite/activite.css",))
    reponse = HttpResponse(pdf, content_type="application/pdf")
    reponse["Content-Disposition"] = (
        f'attachment; filename="{nom}-{timezone.localdate():%Y-%m-%d}.pdf"'
    )
    return reponse


@statistiques_requises
def statistiques_pdf(request):
    """The statistics page as a PDF report: the same figures, charts and tables."""
    return _rapport_pdf(request, _contexte_statistiques(request), "statistiques")


@statistiques_requises
def statistiques_export(request):
    portee, form, filtres = _portee_et_filtres(request)
    stats = calculer(portee, filtres)
    lignes = exports.lignes_statistiques(stats, _description_filtres(form))
    nom = f"statistiques-{timezone.localdate():%Y-%m-%d}"
    return reponse_xlsx(nom, exports.ENTETES_STATISTIQUES, lignes, feuille="Statistiques")


@statistiques_requises
def export_activites(request):
    """Every report of the scope (and filters), one row per report, CSV or XLSX."""
    portee, form, filtres = _portee_et_filtres(request)
    complet = request.habilitation.role == Role.CONSEILLER
    entetes = [*exports.ENTETES_ACTIVITES, *([exports.ENTETE_NOTES] if complet else [])]
    qs = selectors.activites_for_user(portee, filtres)
    lignes = exports.lignes_activites(qs, complet)
    nom = f"comptes-rendus-{timezone.localdate():%Y-%m-%d}"
    return reponse_export(request.GET.get("format", ""), nom, entetes, lignes)


def _contexte_publiques() -> dict:
    stats = calculer(PORTEE_PUBLIQUE, Filtres())
    return {
        "s": stats,
        "titre": "Statistiques nationales des conseillers numériques",
        "public": True,
        "en_poste": conseillers_en_poste().count(),
        **_contexte_graphiques(stats),
    }


def statistiques_publiques_pdf(request):
    """The national statistics as a PDF report, for everyone."""
    return _rapport_pdf(request, _contexte_publiques(), "statistiques-nationales")


def statistiques_publiques(request):
    """National totals, for everyone, without logging in."""
    return render(request, "activite/statistiques.html", _contexte_publiques())
