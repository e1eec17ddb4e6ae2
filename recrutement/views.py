from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import role_requis
from comptes.roles import Role
from noyau.exports import reponse_export
from structures.rules import STATUTS_ACTIFS

from . import exports, rules, selectors, services
from .forms import AjoutCandidatForm, FiltresForm, MotifForm, RechercheVivierForm, ValidationForm
from .services import ActionImpossible, ContratInvalide

PAR_PAGE = 20
ONGLETS = dict(rules.ONGLETS)


def _parametres(request) -> str:
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    return parametres.urlencode()


def _page(request, o, ids):
    """One page of candidates: the paginator slices the ids, the rows of the page only are
    read with their annotations, and each says which fields the structure may see."""
    page = Paginator(ids, PAR_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.lignes(o, page.object_list)
    for c in page.object_list:
        c.champs = rules.champs_visibles(c.lien_statut)
        c.lien_libelle = rules.LIBELLES_STATUTS.get(c.lien_statut, "")
    return page


def _etat(structure):
    etat = selectors.etat_postes(structure.pk)
    jours = rules.jours_restants(etat.echeance, timezone.localdate()) if etat.echeance else None
    return etat, jours


# --- The structure's recruitment space ---------------------------------------------------------


@role_requis(Role.STRUCTURE)
def espace(request):
    structure = request.habilitation.structure
    etat, jours = _etat(structure)
    if structure.statut not in STATUTS_ACTIFS or not etat.actif:
        return render(request, "recrutement/inactif.html", {"structure": structure, "etat": etat})
    o = selectors.offre(structure)
    statut = request.GET.get("statut") or rules.NOUVELLE
    if statut not in ONGLETS:
        raise Http404("Onglet inconnu")
    filtres = FiltresForm(request.GET or None)
    nouvelles = selectors.plus_proches_nouvelles(o)
    if filtres.is_valid():
        ids = selectors.ids_onglet(
            o,
            statut,
            nouvelles_ids=nouvelles.ids,
            filtres=filtres.filtres(),
            tri=filtres.cleaned_data["tri"] or "distance",
        )
    elif filtres.is_bound:
        ids = []
    else:
        ids = selectors.ids_onglet(o, statut, nouvelles_ids=nouvelles.ids)
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"],
            f"candidats-{statut}-{timezone.localdate():%Y-%m-%d}",
            exports.ENTETES,
            exports.lignes(o, ids),
        )
    compteurs = selectors.compteurs(o, nouvelles)
    contexte = {
        "structure": structure,
        "etat": etat,
        "jours_restants": jours,
        "offre": o,
        "onglets": [
            {
                "code": code,
                "libelle": libelle,
                "nombre": compteurs[code],
                "actif": code == statut,
            }
            for code, libelle in rules.ONGLETS
        ],
        "nouvelles": nouvelles,
        "limite": rules.LIMITE_NOUVELLES,
        "statut": statut,
        "libelle_onglet": ONGLETS[statut],
        "filtres": filtres,
        "page_obj": _page(request, o, ids),
        "parametres": _parametres(request),
    }
    return render(request, "recrutement/espace.html", contexte)


@role_requis(Role.STRUCTURE)
def vivier(request):
    """Search the whole available pool beyond the matches, and pre-select someone."""
    structure = request.habilitation.structure
    etat, _ = _etat(structure)
    if structure.statut not in STATUTS_ACTIFS or not etat.actif:
        return render(request, "recrutement/inactif.html", {"structure": structure, "etat": etat})
    donnees = request.GET or {"departement": structure.departement_id, "tri": "distance"}
    filtres = RechercheVivierForm(donnees)
    o = selectors.offre(structure)
    ids = []
    if filtres.is_valid():
        departement = filtres.cleaned_data["departement"]
        tri = filtres.cleaned_data["tri"] or "disponibilite"
        if tri == "distance" and not departement:
            tri = "disponibilite"  # the distance to 100,000 people is not worth sorting
        ids = selectors.ids_vivier(o, departement=departement, filtres=filtres.filtres(), tri=tri)
    contexte = {
        "structure": structure,
        "filtres": filtres,
        "page_obj": _page(request, o, ids),
        "parametres": _parametres(request),
    }
    return render(request, "recrutement/vivier.html", contexte)


def _candidat_de_la_structure(request, pk):
    structure = request.habilitation.structure
    candidat = get_object_or_404(
        selectors.candidats_de_structure(structure.pk).select_related(
            "utilisateur", "commune", "departement"
        ),
        pk=pk,
    )
    return structure, candidat


@role_requis(Role.STRUCTURE)
def candidat(request, pk):
    """The candidate card: what the structure may see (rules.champs_visibles), the link's
    status and history, the actions the status allows."""
    structure, candidat = _candidat_de_la_structure(request, pk)
    fiche = selectors.fiche(structure, candidat)
    contexte = {
        "structure": structure,
        "candidat": candidat,
        "fiche": fiche,
        "lien": fiche.lien,
        "champs": fiche.champs,
        "libelle_statut": rules.LIBELLES_STATUTS.get(fiche.statut, "Nouvelle candidature"),
    }
    return render(request, "recrutement/candidat.html", contexte)


def _action(request, pk, fonction, succes):
    structure, candidat = _candidat_de_la_structure(request, pk)
    try:
        fonction(structure=structure, candidat_id=candidat.pk, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, succes)
    return redirect("recrutement:candidat", pk=candidat.pk)


@require_POST
@role_requis(Role.STRUCTURE)
def preselectionner(request, pk):
    return _action(
        request,
        pk,
        services.preselectionner,
        "Candidat présélectionné : il en est informé par courriel et ses coordonnées "
        "sont maintenant visibles.",
    )


@require_POST
@role_requis(Role.STRUCTURE)
def non_retenu(request, pk):
    return _action(request, pk, services.ne_pas_retenir, "Candidat non retenu.")


@require_POST
@role_requis(Role.STRUCTURE)
def remettre(request, pk):
    return _action(
        request,
        pk,
        services.remettre_en_nouvelle,
        "Le candidat est de nouveau parmi les nouvelles candidatures.",
    )


@role_requis(Role.STRUCTURE)
def valider(request, pk):
    """ "Valider cette candidature": the contract form, then the validation."""
    structure, candidat = _candidat_de_la_structure(request, pk)
    lien = selectors.lien_vivant(structure.pk, candidat.pk)
    if lien is None or lien.statut != rules.INTERESSEE:
        if lien is not None and lien.statut == rules.RECRUTEE:
            messages.info(request, "Cette candidature est déjà validée.")
        else:
            messages.error(
                request,
                "Présélectionnez d’abord ce candidat, puis validez sa candidature après "
                "l’entretien.",
            )
        return redirect("recrutement:candidat", pk=candidat.pk)
    etat = selectors.etat_postes(structure.pk)
    form = ValidationForm(
        request.POST if request.method == "POST" else None,
        types_poste=list(etat.libres_par_type),
        outre_mer=structure.departement.outre_mer,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.valider_candidature(
                structure=structure,
                candidat_id=candidat.pk,
                type_contrat=d["type_contrat"],
                date_debut=d["date_debut"],
                duree_mois=d["duree_mois"],
                salaire=d["salaire"],
                taille_tenue=d["taille_tenue"],
                fiche_publiee_le=d["fiche_publiee_le"],
                type_poste=d["type_poste"],
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
                request,
                "Candidature validée : le poste est réservé et le dossier de subvention est "
                "transmis à l’opérateur. Le candidat en est informé par courriel.",
            )
            return redirect("recrutement:candidat", pk=candidat.pk)
    contexte = {"structure": structure, "candidat": candidat, "form": form, "etat": etat}
    return render(request, "recrutement/valider.html", contexte)


@require_POST
@role_requis(Role.STRUCTURE)
def annuler_validation(request, pk):
    structure, candidat = _candidat_de_la_structure(request, pk)
    lien = selectors.lien_vivant(structure.pk, candidat.pk)
    if lien is None:
        raise Http404("Aucune mise en relation")
    try:
        services.annuler_validation(
            lien.pk,
            par=request.user,
            acteur=rules.STRUCTURE,
            structure_id=structure.pk,
            request=request,
        )
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, "Validation retirée : le poste est de nouveau libre.")
    return redirect("recrutement:candidat", pk=candidat.pk)


@role_requis(Role.STRUCTURE)
def ajouter(request):
    """The structure brings its own candidate, found by e-mail once signed up."""
    structure = request.habilitation.structure
    form = AjoutCandidatForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            mer = services.ajouter_candidat(
                structure=structure,
                email=form.cleaned_data["email"],
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error("email", str(erreur))
        else:
            messages.success(
                request, "Candidat ajouté à vos présélectionnés : il en est informé par courriel."
            )
            return redirect("recrutement:candidat", pk=mer.candidat_id)
    return render(request, "recrutement/ajouter.html", {"structure": structure, "form": form})


# --- National team: recruitments to validate ----------------------------------------------------


@role_requis(Role.ANCT)
def validations(request):
    page = Paginator(selectors.recrutements_a_valider(), PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "recrutement/validations.html", {"page_obj": page})


@require_POST
@role_requis(Role.ANCT)
def finaliser(request, pk):
    mer = get_object_or_404(selectors.mises_en_relation_for_user(request.perimetre), pk=pk)
    try:
        services.finaliser_recrutement(mer.pk, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, f"Recrutement validé : {mer.candidat.nom_public} est en poste.")
    return redirect("recrutement:validations")


@role_requis(Role.ANCT)
def annuler_recrutement(request, pk):
    mer = get_object_or_404(
        selectors.mises_en_relation_for_user(request.perimetre).filter(statut=rules.RECRUTEE),
        pk=pk,
    )
    form = MotifForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.annuler_validation(
                mer.pk,
                par=request.user,
                acteur=rules.ANCT,
                motif=form.cleaned_data["motif"],
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, "Recrutement annulé : la structure en est informée.")
            return redirect("recrutement:validations")
    return render(request, "recrutement/annuler.html", {"mer": mer, "form": form})


# --- Deadlines: overdue structures (prefecture, national team) ----------------------------------


@role_requis(*selectors.ROLES_RETARDS)
def retards(request):
    aujourd_hui = timezone.localdate()
    qs = selectors.structures_en_retard_for_user(request.perimetre, aujourd_hui)
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"],
            f"structures-en-retard-{aujourd_hui:%Y-%m-%d}",
            exports.ENTETES_RETARDS,
            exports.lignes_retards(qs, aujourd_hui),
        )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for s in page:
        s.jours_de_retard = -rules.jours_restants(s.echeance_depassee, aujourd_hui)
    return render(request, "recrutement/retards.html", {"page_obj": page})
