from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import role_requis
from comptes.roles import Role
from comptes.services import ActionImpossible
from noyau.exports import reponse_export
from noyau.mots import compter
from structures.choix import StatutStructure
from structures.selectors import departements_for_user

from . import services
from .choix import Avis, Resultat, StatutComite, TypeDemande, TypePoste
from .forms import (
    INTRODUCTIONS,
    AvisForm,
    ClassementForm,
    ComiteForm,
    ConfirmationForm,
    DemandeForm,
    DerogationForm,
    FiltresDemandesForm,
    FiltresPropositionsForm,
)
from .models import AvisPrefecture, Comite, DecisionComite, Demande, Derogation
from .rules import (
    AVIS_PREFECTURE,
    COMITE,
    Depot,
    date_prochain_comite,
    motif_refus_depot,
)
from .selectors import (
    a_instruire_for_user,
    classement_for_user,
    comite_en_preparation,
    date_dernier_comite,
    demandes_de_structure,
    demandes_for_user,
    etat_national,
    filtrer_demandes,
    sans_avis_for_user,
)

T = TypeDemande
PAR_PAGE = 50
ROLES_DEMANDE = (Role.STRUCTURE, Role.PREFECTURE, Role.HUB, Role.ANCT)


# --- Structure ------------------------------------------------------------------------------


def _motif_sans_saisie(type_demande: str, situation) -> str | None:
    """Why a request of this type cannot be filed at all now (before any input)."""
    depot = Depot(
        type=type_demande,
        nombre_postes=1,
        coordinateur=False,
        autre_statut=StatutStructure.CREEE if type_demande == T.H else None,
        autre_departement=situation.departement if type_demande == T.H else None,
    )
    return motif_refus_depot(depot, situation)


@role_requis(Role.STRUCTURE)
def mes_demandes(request):
    structure = request.habilitation.structure
    situation = services.situation(structure)
    types = [
        {
            "type": t,
            "libelle": t.label,
            "introduction": INTRODUCTIONS[t],
            "motif": _motif_sans_saisie(t, situation),
            "avis": t in AVIS_PREFECTURE,
            "comite": t in COMITE,
        }
        for t in TypeDemande
    ]
    contexte = {
        "structure": structure,
        "demandes": demandes_de_structure(structure),
        "types": types,
        "situation": situation,
        "transferts_recus": Demande.objects.filter(
            structure_destination=structure, type=T.H, statut__in=services.OUVERTS
        ).select_related("structure"),
    }
    return render(request, "instruction/mes_demandes.html", contexte)


@role_requis(Role.STRUCTURE)
def deposer(request, type_demande):
    if type_demande not in TypeDemande.values:
        raise Http404("Type de demande inconnu")
    structure = request.habilitation.structure
    motif = _motif_sans_saisie(type_demande, services.situation(structure))
    form = DemandeForm(request.POST or None, type_demande=type_demande)
    if request.method == "POST" and motif is None and form.is_valid():
        try:
            demande = services.deposer_depuis_espace(
                structure=structure,
                type=type_demande,
                par=request.user,
                request=request,
                **form.donnees_service(),
            )
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(
                request,
                f"Votre demande « {demande.get_type_display()} » est déposée. "
                + demande.prochaine_etape,
            )
            return redirect("instruction:mes_demandes")
    contexte = {
        "form": form,
        "type": TypeDemande(type_demande),
        "introduction": INTRODUCTIONS[type_demande],
        "motif": motif,
    }
    return render(request, "instruction/deposer.html", contexte)


@require_POST
@role_requis(Role.STRUCTURE)
def annuler(request, pk):
    demande = get_object_or_404(demandes_for_user(request.perimetre), pk=pk)
    try:
        services.annuler_demande(demande, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, f"La demande « {demande.get_type_display()} » est retirée.")
    return redirect("instruction:mes_demandes")


# --- Any role concerned: one request ------------------------------------------------------------


@role_requis(*ROLES_DEMANDE)
def demande(request, pk):
    demande = get_object_or_404(
        demandes_for_user(request.perimetre).prefetch_related("historique__par"), pk=pk
    )
    role = request.habilitation.role
    avis = AvisPrefecture.objects.filter(demande=demande).select_related("donne_par").first()
    contexte = {
        "demande": demande,
        "avis": avis if role != Role.STRUCTURE else None,
        "decisions": DecisionComite.objects.filter(demande=demande).select_related("comite"),
        "peut_donner_avis": role == Role.PREFECTURE
        and demande.type in AVIS_PREFECTURE
        and demande.est_ouverte,
        "peut_annuler": role == Role.STRUCTURE and demande.est_ouverte,
        "agent": role != Role.STRUCTURE,
    }
    return render(request, "instruction/demande.html", contexte)


# --- Prefecture ----------------------------------------------------------------------------------


@role_requis(Role.PREFECTURE)
def a_instruire(request):
    p = request.perimetre
    classement = list(classement_for_user(p))
    form = ClassementForm(request.POST or None, avis_liste=classement)
    if request.method == "POST" and form.is_valid():
        try:
            for departement, rangs in form.rangs_par_departement().items():
                services.classer(departement, rangs, par=request.user, request=request)
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, "Le classement des demandes favorables est enregistré.")
            return redirect("instruction:a_instruire")
    sans_avis = sans_avis_for_user(p)
    avec_avis = (
        a_instruire_for_user(p)
        .filter(avis__isnull=False)
        .exclude(avis__avis=Avis.FAVORABLE, avis__rang__isnull=False)
    )
    contexte = {
        "sans_avis": Paginator(sans_avis, PAR_PAGE).get_page(request.GET.get("page")),
        "nombre_sans_avis": sans_avis.count(),
        "form": form,
        "avec_avis": avec_avis[:200],
    }
    return render(request, "instruction/a_instruire.html", contexte)


@role_requis(Role.PREFECTURE)
def avis(request, pk):
    demande = get_object_or_404(
        a_instruire_for_user(request.perimetre).select_related("avis"), pk=pk
    )
    existant = getattr(demande, "avis", None)
    initial = (
        {
            "avis": existant.avis,
            "commentaire": existant.commentaire,
            "mention_transfert": existant.mention_transfert,
        }
        if existant
        else {"mention_transfert": demande.transfert or demande.type == T.H}
    )
    form = AvisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.donner_avis(
                demande,
                avis=form.cleaned_data["avis"],
                commentaire=form.cleaned_data["commentaire"],
                mention_transfert=form.cleaned_data["mention_transfert"],
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(
                request,
                f"Avis {Avis(form.cleaned_data['avis']).label.lower()} enregistré pour "
                f"{demande.structure.nom}.",
            )
            return redirect("instruction:a_instruire")
    return render(
        request, "instruction/avis.html", {"demande": demande, "form": form, "existant": existant}
    )


# --- ANCT: requests ---------------------------------------------------------------------------

ENTETES_DEMANDES = [
    "Numéro",
    "Type",
    "Libellé",
    "Statut",
    "Structure",
    "SIRET",
    "Code département",
    "Postes de conseillers",
    "Poste de coordinateur",
    "Transfert",
    "Structure d’origine",
    "Structure d’accueil (H)",
    "Avis de la préfecture",
    "Rang",
    "Déposée le",
    "Close le",
]


def _lignes_demandes(qs):
    for d in qs.iterator(chunk_size=2000):
        avis = getattr(d, "avis", None)
        yield [
            d.pk,
            d.type,
            d.get_type_display(),
            d.get_statut_display(),
            d.structure.nom,
            d.structure.siret,
            d.structure.departement_id,
            d.nombre_postes,
            d.get_poste_coordinateur_display(),
            "oui" if d.transfert else "non",
            d.structure_origine.nom if d.structure_origine else "",
            d.structure_destination.nom if d.structure_destination else "",
            avis.get_avis_display() if avis else "",
            avis.rang if avis else None,
            d.deposee_le,
            d.cloturee_le,
        ]


@role_requis(Role.ANCT)
def demandes(request):
    p = request.perimetre
    form = FiltresDemandesForm(request.GET or None, departements=departements_for_user(p))
    filtres = form.filtres() if request.GET else {}
    qs = filtrer_demandes(demandes_for_user(p), **filtres).order_by("-deposee_le", "-pk")
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"], "demandes", ENTETES_DEMANDES, _lignes_demandes(qs)
        )
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    contexte = {
        "form": form,
        "page_obj": page,
        "total": page.paginator.count,
        "parametres": parametres.urlencode(),
    }
    return render(request, "instruction/demandes.html", contexte)


# --- ANCT: committees ----------------------------------------------------------------------------


@role_requis(Role.ANCT)
def comites(request):
    en_preparation = comite_en_preparation()
    form = None
    if en_preparation is None:
        prochaine = date_prochain_comite(date_dernier_comite(), timezone.localdate())
        form = ComiteForm(request.POST or None, initial={"date": prochaine})
        if request.method == "POST" and form.is_valid():
            try:
                comite = services.preparer_comite(
                    date_comite=form.cleaned_data["date"], par=request.user, request=request
                )
            except ActionImpossible as erreur:
                form.add_error(None, str(erreur))
            else:
                messages.success(request, f"Le {comite} est en préparation.")
                return redirect("instruction:comite", comite.pk)
    etat = etat_national()
    contexte = {
        "en_preparation": en_preparation,
        "form": form,
        "page_obj": Paginator(Comite.objects.all(), PAR_PAGE).get_page(request.GET.get("page")),
        "etat": etat,
    }
    return render(request, "instruction/comites.html", contexte)


def _propositions(comite: Comite):
    """The committee's lines: proposed (in preparation) or recorded (confirmed)."""
    if comite.est_confirme:
        decisions = (
            DecisionComite.objects.filter(comite=comite)
            .select_related("demande", "structure", "demande__avis")
            .order_by("pk")
        )
        return None, [
            {
                "demande": d.demande,
                "structure": d.structure,
                "type_poste": d.type_poste,
                "resultat": d.resultat,
                "postes_demandes": d.postes_demandes,
                "postes_accordes": d.postes_accordes,
                "classe": "",
                "motif": d.motif,
                "derogation": d.motif.startswith("Décision modifiée"),
            }
            for d in decisions
        ]
    etat = etat_national()
    bilan = services.apercu(comite, etat)
    demandes = {
        d.pk: d
        for d in Demande.objects.filter(
            pk__in={p.demande for p in bilan.propositions}
        ).select_related("structure", "avis")
    }
    return bilan, [
        {
            "demande": demandes[p.demande],
            "structure": demandes[p.demande].structure,
            "type_poste": p.type_poste,
            "resultat": p.resultat,
            "postes_demandes": p.postes_demandes,
            "postes_accordes": p.postes_accordes,
            "classe": p.classe,
            "motif": p.motif,
            "derogation": p.derogation,
            "reste": p.reste,
        }
        for p in bilan.propositions
    ]


@role_requis(Role.ANCT)
def comite(request, pk):
    comite = get_object_or_404(Comite, pk=pk)
    bilan, lignes = _propositions(comite)
    compte = dict.fromkeys(Resultat.values, 0)
    postes = dict.fromkeys(Resultat.values, 0)
    for ligne in lignes:
        compte[ligne["resultat"]] += 1
        postes[ligne["resultat"]] += ligne["postes_accordes"]
    filtres = FiltresPropositionsForm(request.GET or None)
    if filtres.is_valid():
        resultat = filtres.cleaned_data.get("resultat")
        dep = (filtres.cleaned_data.get("departement") or "").strip().upper()
        if resultat:
            lignes = [ligne for ligne in lignes if ligne["resultat"] == resultat]
        if dep:
            lignes = [ligne for ligne in lignes if ligne["structure"].departement_id == dep]
    contexte = {
        "comite": comite,
        "bilan": bilan,
        "page_obj": Paginator(lignes, PAR_PAGE).get_page(request.GET.get("page")),
        "total": len(lignes),
        "compte": [(Resultat(r).label, compte[r], postes[r]) for r in Resultat.values],
        "filtres": filtres,
        "confirmation": ConfirmationForm() if not comite.est_confirme else None,
        "aujourd_hui": timezone.localdate(),
        "derogations": comite.derogations.select_related("demande__structure", "par"),
    }
    return render(request, "instruction/comite.html", contexte)


@require_POST
@role_requis(Role.ANCT)
def confirmer(request, pk):
    comite = get_object_or_404(Comite, pk=pk)
    form = ConfirmationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Cochez la case pour confirmer le comité.")
        return redirect("instruction:comite", comite.pk)
    try:
        bilan = services.confirmer_comite(comite, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        comite.refresh_from_db()
        compte = bilan.par_resultat()
        messages.success(
            request,
            f"Le {comite} est confirmé : "
            f"{compter(compte[Resultat.ACCEPTEE], 'décision d’acceptation', 'décisions d’acceptation')}, "
            f"{compte[Resultat.REFUSEE]} de refus, {compte[Resultat.EN_ATTENTE]} en attente ; "
            f"{compter(bilan.attribues, 'poste attribué')}. Les structures et les préfectures sont "
            "prévenues par courriel.",
        )
    return redirect("instruction:comite", comite.pk)


@role_requis(Role.ANCT)
def derogation(request, pk, demande_pk, type_poste):
    comite = get_object_or_404(Comite, pk=pk, statut=StatutComite.EN_PREPARATION)
    if type_poste not in TypePoste.values:
        raise Http404("Type de poste inconnu")
    demande = get_object_or_404(Demande.objects.select_related("structure"), pk=demande_pk)
    existante = Derogation.objects.filter(
        comite=comite, demande=demande, type_poste=type_poste
    ).first()
    if request.method == "POST" and "annuler" in request.POST and existante:
        services.annuler_derogation(comite, existante, par=request.user, request=request)
        messages.success(request, "La décision proposée est rétablie.")
        return redirect("instruction:comite", comite.pk)
    proposition = next(
        (
            p
            for p in services.apercu(comite).propositions
            if p.demande == demande.pk and p.type_poste == type_poste
        ),
        None,
    )
    if proposition is None:
        raise Http404("Demande absente de ce comité")
    initial = (
        {"resultat": existante.resultat, "postes": existante.postes, "motif": existante.motif}
        if existante
        else {"resultat": proposition.resultat, "postes": proposition.postes_accordes}
    )
    form = DerogationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.deroger(
                comite,
                demande,
                type_poste=type_poste,
                resultat=form.cleaned_data["resultat"],
                postes=form.cleaned_data.get("postes") or 0,
                motif=form.cleaned_data["motif"],
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, f"Décision modifiée pour {demande.structure.nom}.")
            return redirect("instruction:comite", comite.pk)
    contexte = {
        "comite": comite,
        "demande": demande,
        "proposition": proposition,
        "type_poste": TypePoste(type_poste),
        "form": form,
        "existante": existante,
    }
    return render(request, "instruction/derogation.html", contexte)
