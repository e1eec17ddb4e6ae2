"""Pages of the employment contracts: the structure follows its contracts, declares or
cancels a rupture, asks for an extension or a renewal; the national team (ANCT) validates
ruptures, renewals and extensions. Thin: read through ``selectors`` (scoped, 404 outside),
act through ``contrats`` and ``recrutement.services``; a refused form comes back with its
errors next to its fields."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import role_requis
from comptes.roles import Role
from comptes.services import ActionImpossible
from recrutement import rules as regles_recrutement
from recrutement import services as recrutement
from recrutement.models import MiseEnRelation
from recrutement.services import ContratInvalide

from . import contrats as services_contrats
from . import selectors
from .choix import StatutProlongation
from .forms import (
    PiecesRuptureForm,
    ProlongationForm,
    RenouvellementContratForm,
    RuptureForm,
)
from .models import DemandeProlongation

PAR_PAGE = 25


def _page(request, qs):
    return Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))


# --- Contracts (structures) -------------------------------------------------------------------


def _contexte_contrat(request, c, **formulaires):
    est_structure = request.habilitation.role == Role.STRUCTURE
    mer = c.mise_en_relation
    contexte = {
        "contrat": c,
        "mer": mer,
        "historique": c.poste.contrats.select_related("candidat__utilisateur").order_by(
            "date_debut"
        ),
        "prolongations": c.prolongations.all(),
        "est_structure": est_structure,
        "rupture_en_attente": mer.statut == regles_recrutement.NOUVELLE_RUPTURE,
        "renouvellement": MiseEnRelation.objects.filter(
            renouvelle=mer, statut=regles_recrutement.RENOUVELLEMENT_INITIEE
        ).first(),
    }
    if est_structure and c.en_cours:
        contexte["form_rupture"] = formulaires.get("rupture") or RuptureForm()
        if c.date_fin is not None:
            contexte["form_prolongation"] = formulaires.get("prolongation") or ProlongationForm()
        if contexte["renouvellement"] is None:
            contexte["form_renouvellement"] = (
                formulaires.get("renouvellement") or RenouvellementContratForm()
            )
    return contexte


@role_requis(Role.STRUCTURE, Role.OPERATEUR, Role.ANCT, Role.PREFECTURE)
def contrat(request, pk):
    c = get_object_or_404(selectors.contrats_for_user(request.perimetre), pk=pk)
    return render(request, "conventions/contrat.html", _contexte_contrat(request, c))


def _contrat_de_la_structure(request, pk):
    return get_object_or_404(selectors.contrats_for_user(request.perimetre), pk=pk)


def _avec_erreurs(request, c, nom: str, form):
    """The contract page again, the form bound with its errors next to its fields."""
    contexte = _contexte_contrat(request, c, **{nom: form})
    return render(request, "conventions/contrat.html", contexte, status=400)


@require_POST
@role_requis(Role.STRUCTURE)
def rupture(request, pk):
    c = _contrat_de_la_structure(request, pk)
    form = RuptureForm(request.POST)
    if form.is_valid():
        try:
            if not c.en_cours:
                raise ActionImpossible("Ce contrat n’est plus en cours.")
            recrutement.declarer_rupture(
                c.mise_en_relation_id,
                date_rupture=form.cleaned_data["date_rupture"],
                motif=form.cleaned_data["motif"],
                structure_id=request.perimetre.structure_id,
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error("date_rupture", str(erreur))
        else:
            messages.success(request, "La rupture est déclarée ; l’équipe nationale va la valider.")
            return redirect("conventions:contrat", c.pk)
    return _avec_erreurs(request, c, "rupture", form)


@require_POST
@role_requis(Role.STRUCTURE)
def annuler_rupture(request, pk):
    c = _contrat_de_la_structure(request, pk)
    if c.mise_en_relation.statut != regles_recrutement.NOUVELLE_RUPTURE:
        messages.error(request, "Aucune rupture en attente sur ce contrat.")
        return redirect("conventions:contrat", c.pk)
    try:
        recrutement.annuler_rupture(
            c.mise_en_relation_id,
            structure_id=request.perimetre.structure_id,
            par=request.user,
            request=request,
        )
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, "La rupture est annulée.")
    return redirect("conventions:contrat", c.pk)


@require_POST
@role_requis(Role.STRUCTURE)
def prolongation(request, pk):
    c = _contrat_de_la_structure(request, pk)
    form = ProlongationForm(request.POST)
    if form.is_valid():
        try:
            services_contrats.demander_prolongation(
                c.pk,
                fin_souhaitee=form.cleaned_data["fin_souhaitee"],
                structure_id=request.perimetre.structure_id,
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error("fin_souhaitee", str(erreur))
        else:
            messages.success(
                request, "La demande de prolongation est transmise à l’équipe nationale."
            )
            return redirect("conventions:contrat", c.pk)
    return _avec_erreurs(request, c, "prolongation", form)


@require_POST
@role_requis(Role.STRUCTURE)
def renouveler_contrat(request, pk):
    c = _contrat_de_la_structure(request, pk)
    form = RenouvellementContratForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            recrutement.initier_renouvellement(
                c.mise_en_relation_id,
                type_contrat=d["type_contrat"],
                date_debut=d["date_debut"],
                duree_mois=d["duree_mois"],
                salaire=d["salaire"],
                structure_id=request.perimetre.structure_id,
                par=request.user,
                request=request,
            )
        except ContratInvalide as erreur:
            for champ, message in erreur.erreurs.items():
                form.add_error(champ if champ in form.fields else None, message)
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(
                request, "Le renouvellement est demandé ; l’équipe nationale va le valider."
            )
            return redirect("conventions:contrat", c.pk)
    return _avec_erreurs(request, c, "renouvellement", form)


# --- ANCT: ruptures and extensions ----------------------------------------------------------------


@role_requis(Role.ANCT)
def a_valider(request):
    ruptures = MiseEnRelation.objects.filter(
        statut=regles_recrutement.NOUVELLE_RUPTURE
    ).select_related("structure", "candidat__utilisateur", "contrat")
    renouvellements_contrats = MiseEnRelation.objects.filter(
        statut=regles_recrutement.RENOUVELLEMENT_INITIEE
    ).select_related("structure", "candidat__utilisateur")
    prolongations = DemandeProlongation.objects.filter(
        statut=StatutProlongation.DEMANDEE
    ).select_related("contrat__structure", "contrat__candidat__utilisateur")
    return render(
        request,
        "conventions/a_valider.html",
        {
            "ruptures": _page(request, ruptures.order_by("date_rupture", "pk")),
            "prolongations": prolongations.order_by("demandee_le")[:200],
            "renouvellements_contrats": renouvellements_contrats.order_by("validee_le")[:200],
            "aujourd_hui": timezone.localdate(),
        },
    )


@require_POST
@role_requis(Role.ANCT)
def valider_rupture(request, pk):
    mer = get_object_or_404(MiseEnRelation, pk=pk, statut=regles_recrutement.NOUVELLE_RUPTURE)
    try:
        recrutement.valider_rupture(mer.pk, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(
            request, "La rupture est validée : le poste est vacant, la personne revient au vivier."
        )
    return redirect("conventions:a_valider")


@require_POST
@role_requis(Role.ANCT)
def pieces_rupture(request, pk):
    """Hold a declared rupture until pieces arrive, or mark its file complete."""
    mer = get_object_or_404(MiseEnRelation, pk=pk, statut=regles_recrutement.NOUVELLE_RUPTURE)
    try:
        if request.POST.get("decision") == "complet":
            recrutement.completer_dossier_rupture(mer.pk, par=request.user, request=request)
            messages.success(request, "Le dossier de rupture est complet : il peut être validé.")
        elif (form := PiecesRuptureForm(request.POST)).is_valid():
            recrutement.demander_pieces_rupture(
                mer.pk, pieces=form.cleaned_data["pieces"], par=request.user, request=request
            )
            messages.success(request, "La structure est prévenue des pièces manquantes.")
        else:
            erreur = next(iter(form.errors.values()))[0]
            messages.error(request, f"Pièces demandées : {erreur}")
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    return redirect("conventions:a_valider")


@require_POST
@role_requis(Role.ANCT)
def valider_renouvellement_contrat(request, pk):
    mer = get_object_or_404(MiseEnRelation, pk=pk, statut=regles_recrutement.RENOUVELLEMENT_INITIEE)
    try:
        recrutement.valider_renouvellement(mer.pk, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, "Le renouvellement est validé : le nouveau contrat court.")
    return redirect("conventions:a_valider")


@require_POST
@role_requis(Role.ANCT)
def traiter_prolongation(request, pk):
    demande = get_object_or_404(DemandeProlongation, pk=pk)
    valider = request.POST.get("decision") == "valider"
    try:
        services_contrats.traiter_prolongation(
            demande.pk, valider=valider, par=request.user, request=request
        )
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, "La prolongation est " + ("validée." if valider else "refusée."))
    return redirect("conventions:a_valider")
