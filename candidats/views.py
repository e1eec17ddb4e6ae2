import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from comptes.acces import choisir_habilitation, habilitations_actives, role_requis
from comptes.roles import Role
from noyau.exports import reponse_export

from . import selectors, services
from .forms import (
    CreationProfilForm,
    CvForm,
    FiltresForm,
    InscriptionCandidatForm,
    ModificationProfilForm,
    PixForm,
    SuppressionForm,
)
from .services import ActionImpossible

PAR_PAGE = 50


def _donnees(request):
    """(data, files) for a form: bound on POST, even an empty one; unbound on GET."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


# --- Sign-up ----------------------------------------------------------------------------
def inscription(request):
    if request.user.is_authenticated:
        return redirect("candidats:creer_profil")
    form = InscriptionCandidatForm(*_donnees(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.inscrire_candidat(
                email=d["email"],
                prenom=d["prenom"],
                nom=d["nom"],
                telephone=d["telephone"],
                mot_de_passe=d["mot_de_passe1"],
                profil=form.profil(),
                cv=d.get("cv"),
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error("email", str(erreur))
        else:
            return redirect("comptes:inscription_envoyee")
    return render(request, "candidats/inscription.html", {"form": form})


@login_required
def creer_profil(request):
    """An account without a candidate profile (e.g. a former agent) joins the pool."""
    if selectors.profil_de(request.user) is not None:
        return redirect("candidats:espace")
    form = CreationProfilForm(*_donnees(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.creer_profil(
                request.user,
                profil=form.profil(),
                cv=form.cleaned_data.get("cv"),
                request=request,
            )
        except ActionImpossible as erreur:
            messages.error(request, str(erreur))
            return redirect("candidats:espace")
        if hasattr(request, "_habilitations"):
            del request._habilitations  # read again: the candidate role was just added
        candidat = next(h for h in habilitations_actives(request) if h.role == Role.CANDIDAT)
        choisir_habilitation(request, candidat)
        messages.success(request, "Votre profil de candidat est enregistré.")
        return redirect("candidats:espace")
    return render(request, "candidats/creer_profil.html", {"form": form})


# --- The candidate's space -----------------------------------------------------------------
def espace_candidat(vue):
    """role_requis(CANDIDAT), then the view gets the profile; without one, the page to create it."""

    @role_requis(Role.CANDIDAT)
    @wraps(vue)
    def enveloppe(request, *args, **kwargs):
        candidat = selectors.profil_de(request.user)
        if candidat is None:
            return redirect("candidats:creer_profil")
        return vue(request, candidat, *args, **kwargs)

    return enveloppe


@espace_candidat
def espace(request, candidat):
    from recrutement.selectors import structures_du_candidat

    contexte = {
        "candidat": candidat,
        "retention_mois": services.retention_cv_mois(),
        "mises_en_relation": structures_du_candidat(candidat),
        "telechargements_cv": selectors.telechargements_cv(candidat),
    }
    return render(request, "candidats/espace.html", contexte)


@espace_candidat
def modifier(request, candidat):
    form = ModificationProfilForm(_donnees(request)[0], candidat=candidat)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        services.modifier_profil(
            candidat.pk,
            prenom=d["prenom"],
            nom=d["nom"],
            telephone=d["telephone"],
            profil=form.profil(),
            request=request,
        )
        messages.success(request, "Votre profil est mis à jour.")
        return redirect("candidats:espace")
    return render(request, "candidats/modifier.html", {"form": form, "candidat": candidat})


@require_POST
@espace_candidat
def disponibilite(request, candidat):
    action = request.POST.get("action")
    try:
        if action == "pause":
            services.mettre_en_pause(candidat.pk, request=request)
            messages.success(
                request,
                "Votre candidature est en pause : les structures ne vous verront plus "
                "comme disponible. Vous pouvez la reprendre à tout moment.",
            )
        elif action == "reprise":
            services.reprendre(candidat.pk, request=request)
            messages.success(request, "Vous êtes de nouveau disponible.")
        else:
            raise Http404
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    return redirect("candidats:espace")


@espace_candidat
def cv_deposer(request, candidat):
    form = CvForm(*_donnees(request))
    if request.method == "POST" and form.is_valid():
        services.remplacer_cv(candidat.pk, form.cleaned_data["cv"], request=request)
        messages.success(request, "Votre CV est enregistré.")
        return redirect("candidats:espace")
    return render(request, "candidats/cv.html", {"form": form, "candidat": candidat})


@require_POST
@espace_candidat
def cv_supprimer(request, candidat):
    services.supprimer_cv(candidat.pk, request=request)
    messages.success(request, "Votre CV est supprimé.")
    return redirect("candidats:espace")


@never_cache
@role_requis(*Role.values)
def cv(request, pk):
    """The CV file, for those allowed to see it; 404 for anyone else."""
    candidat = get_object_or_404(selectors.cv_for_user(request.perimetre), pk=pk)
    stockage = candidat.cv.storage
    if not stockage.exists(candidat.cv.name):
        raise Http404("CV introuvable")
    services.enregistrer_telechargement_cv(candidat, request.perimetre)
    u = candidat.utilisateur
    nom = "-".join(p for p in ("CV", u.prenom, u.nom) if p).replace(" ", "-")
    return FileResponse(
        stockage.open(candidat.cv.name, "rb"),
        as_attachment=True,
        filename=f"{nom}.pdf",
        content_type="application/pdf",
    )


@espace_candidat
def pix(request, candidat):
    form = PixForm(_donnees(request)[0], candidat=candidat)
    if request.method == "POST" and form.is_valid():
        services.partager_pix(
            candidat.pk,
            score=form.cleaned_data["score"],
            niveaux=form.niveaux(),
            request=request,
        )
        messages.success(request, "Vos résultats Pix sont partagés avec votre candidature.")
        return redirect("candidats:espace")
    return render(request, "candidats/pix.html", {"form": form, "candidat": candidat})


@require_POST
@espace_candidat
def pix_retirer(request, candidat):
    services.retirer_pix(candidat.pk, request=request)
    messages.success(request, "Vos résultats Pix ne sont plus partagés : ils sont effacés.")
    return redirect("candidats:espace")


@never_cache
@espace_candidat
def mes_donnees(request, candidat):
    donnees = services.exporter_donnees(candidat, request=request)
    reponse = HttpResponse(
        json.dumps(donnees, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    nom = f"mes-donnees-conseiller-numerique-{timezone.localdate():%Y-%m-%d}.json"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


@espace_candidat
def supprimer(request, candidat):
    form = SuppressionForm(_donnees(request)[0], utilisateur=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.supprimer_compte(
                candidat.pk, motif=form.cleaned_data["motif"], request=request
            )
        except ActionImpossible as erreur:
            messages.error(request, str(erreur))
            return redirect("comptes:espace")
        request.user.refresh_from_db()
        if not request.user.is_active:
            logout(request)
            messages.success(
                request,
                "Votre compte candidat est supprimé, ainsi que vos données personnelles.",
            )
            return redirect("public:accueil")
        messages.success(
            request,
            "Votre profil de candidat est supprimé. Votre compte reste ouvert pour vos "
            "autres rôles.",
        )
        return redirect("comptes:espace")
    return render(request, "candidats/supprimer.html", {"form": form, "candidat": candidat})


# --- Agents ------------------------------------------------------------------------------------
@role_requis(*selectors.ROLES_LISTE)
def liste(request):
    filtres = FiltresForm(request.GET or None, perimetre=request.perimetre)
    candidats = selectors.candidats_for_user(request.perimetre)
    if filtres.is_valid():
        candidats = selectors.filtrer(
            candidats,
            departement=filtres.cleaned_data["departement"],
            situation=filtres.cleaned_data["situation"],
            statut=filtres.cleaned_data["statut"],
        )
    elif filtres.is_bound:
        candidats = candidats.none()
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"],
            f"candidats-{timezone.localdate():%Y-%m-%d}",
            selectors.ENTETES_EXPORT,
            selectors.lignes_export(candidats),
        )
    page = Paginator(candidats.order_by("-cree_le", "-pk"), PAR_PAGE).get_page(
        request.GET.get("page")
    )
    parametres = request.GET.copy()
    parametres.pop("page", None)
    contexte = {
        "filtres": filtres,
        "page_obj": page,
        "parametres": parametres.urlencode(),
    }
    return render(request, "candidats/liste.html", contexte)


@role_requis(*selectors.ROLES_LISTE)
def detail(request, pk):
    candidat = get_object_or_404(selectors.candidats_for_user(request.perimetre), pk=pk)
    contexte = {
        "candidat": candidat,
        "coordonnees": selectors.peut_voir_coordonnees(request.perimetre, candidat),
    }
    return render(request, "candidats/detail.html", contexte)
