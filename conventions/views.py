"""Pages of the operator (files, conventions, payment calendar, renewals B), of structures
(their convention and files), of prefectures (read-only, their département); the contract
pages are in ``views_contrats``. Thin: read through ``selectors`` (scoped, 404
outside), act through ``dossiers`` / ``paiements`` / ``contrats`` / ``recrutement.services``."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import role_requis
from comptes.roles import Role
from comptes.services import ActionImpossible
from noyau.exports import reponse_export
from noyau.nombres import euros

from . import dossiers as services_dossiers
from . import paiements, selectors
from . import renouvellements as renouvellements_services
from .choix import STATUTS_EN_COURS
from .forms import (
    AcceptationForm,
    DemandePiecesForm,
    FiltresCalendrierForm,
    FiltresConventionsForm,
    FiltresDossiersForm,
    LeveeForm,
    MotifForm,
    PaiementForm,
    PieceForm,
    RemboursementForm,
    SignatureForm,
    SuspensionForm,
    TransfertForm,
    VerificationPieceForm,
)
from .models import PieceJustificative, Poste, Subvention, Suspension

PAR_PAGE = 25
NATIONAUX = (Role.OPERATEUR, Role.ANCT)


def _parametres(request) -> str:
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    return parametres.urlencode()


def _page(request, qs, parametre="page"):
    return Paginator(qs, PAR_PAGE).get_page(request.GET.get(parametre))


def _filtrer_structure(qs, donnees, prefixe="structure__"):
    if donnees.get("departement"):
        qs = qs.filter(**{f"{prefixe}departement_id": donnees["departement"].strip()})
    if donnees.get("q"):
        q = donnees["q"].strip()
        qs = qs.filter(Q(**{f"{prefixe}nom__icontains": q}) | Q(**{f"{prefixe}siret": q}))
    return qs


# --- Subsidy files -------------------------------------------------------------------------------

ENTETES_DOSSIERS = [
    "Dossier",
    "Structure",
    "SIRET",
    "Département",
    "Conseiller",
    "Statut",
    "Ouvert le",
]


@role_requis(*NATIONAUX)
def dossiers(request):
    form = FiltresDossiersForm(request.GET or None)
    qs = selectors.dossiers_for_user(request.perimetre).order_by("-ouvert_le", "-pk")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("statut"):
            qs = qs.filter(statut=d["statut"])
        qs = _filtrer_structure(qs, d)
    if "format" in request.GET:
        lignes = (
            [
                dossier.pk,
                dossier.structure.nom,
                dossier.structure.siret,
                dossier.structure.departement_id,
                str(dossier.mise_en_relation.candidat),
                dossier.get_statut_display(),
                dossier.ouvert_le,
            ]
            for dossier in qs.iterator(chunk_size=500)
        )
        return reponse_export(
            request.GET["format"], "dossiers-subvention", ENTETES_DOSSIERS, lignes
        )
    page = _page(request, qs)
    return render(
        request,
        "conventions/dossiers.html",
        {
            "form": form,
            "page_obj": page,
            "total": page.paginator.count,
            "parametres": _parametres(request),
        },
    )


def _dossier_visible(request, pk):
    return get_object_or_404(selectors.dossiers_for_user(request.perimetre), pk=pk)


@role_requis(Role.OPERATEUR, Role.ANCT, Role.STRUCTURE)
def dossier(request, pk):
    d = _dossier_visible(request, pk)
    est_operateur = request.habilitation.role == Role.OPERATEUR
    controle = services_dossiers.liste_de_controle(d)
    contexte = {
        "dossier": d,
        "controle": controle,
        "manquantes": services_dossiers.pieces_manquantes(controle),
        "pieces": d.pieces.order_by("-deposee_le"),
        "contrat": getattr(d.mise_en_relation, "contrat", None),
        "subvention": getattr(d, "subvention", None),
        "est_operateur": est_operateur,
        "est_structure": request.habilitation.role == Role.STRUCTURE,
    }
    if est_operateur and d.ouvert:
        contexte.update(
            form_pieces=DemandePiecesForm(),
            form_acceptation=AcceptationForm(),
            form_refus=MotifForm(),
        )
    if contexte["est_structure"] and d.ouvert:
        contexte["form_piece"] = PieceForm(types=services_dossiers.pieces_requises(d.structure))
    return render(request, "conventions/dossier.html", contexte)


@require_POST
@role_requis(Role.STRUCTURE)
def deposer_piece(request, pk):
    d = _dossier_visible(request, pk)
    form = PieceForm(
        request.POST, request.FILES, types=services_dossiers.pieces_requises(d.structure)
    )
    if form.is_valid():
        try:
            services_dossiers.deposer_piece(
                d.pk,
                type_piece=form.cleaned_data["type_piece"],
                fichier=form.cleaned_data["fichier"],
                structure_id=request.perimetre.structure_id,
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error("fichier", str(erreur))
        else:
            messages.success(request, "La pièce est déposée : l’opérateur va la vérifier.")
            return redirect("conventions:dossier", d.pk)
    controle = services_dossiers.liste_de_controle(d)
    contexte = {
        "dossier": d,
        "controle": controle,
        "manquantes": services_dossiers.pieces_manquantes(controle),
        "pieces": d.pieces.order_by("-deposee_le"),
        "est_structure": True,
        "form_piece": form,
    }
    return render(request, "conventions/dossier.html", contexte, status=400)


@require_POST
@role_requis(Role.OPERATEUR)
def instruire(request, pk):
    d = _dossier_visible(request, pk)
    action = request.POST.get("action")
    try:
        if action == "demander":
            form = DemandePiecesForm(request.POST)
            if not form.is_valid():
                raise ActionImpossible("Indiquez les pièces demandées.")
            services_dossiers.demander_pieces(
                d.pk, message=form.cleaned_data["message"], par=request.user, request=request
            )
            messages.success(request, "La demande de pièces est envoyée à la structure.")
        elif action == "accepter":
            form = AcceptationForm(request.POST)
            if not form.is_valid():
                raise ActionImpossible("Vérifiez les montants saisis.")
            subvention = services_dossiers.accepter_dossier(
                d.pk,
                autres_aides=form.cleaned_data["autres_aides"],
                montant_saisi=form.cleaned_data["montant_saisi"],
                par=request.user,
                request=request,
            )
            messages.success(
                request,
                f"Dossier accepté : subvention de {euros(subvention.montant)}.",
            )
        elif action == "refuser":
            form = MotifForm(request.POST)
            if not form.is_valid():
                raise ActionImpossible("Indiquez le motif du refus.")
            services_dossiers.refuser_dossier(
                d.pk, motif=form.cleaned_data["motif"], par=request.user, request=request
            )
            messages.success(request, "Le dossier est refusé ; la structure en est informée.")
        else:
            raise ActionImpossible("Action inconnue.")
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    return redirect("conventions:dossier", d.pk)


def _piece_visible(request, pk):
    return get_object_or_404(
        PieceJustificative.objects.filter(
            dossier__in=selectors.dossiers_for_user(request.perimetre)
        ),
        pk=pk,
    )


@role_requis(Role.OPERATEUR, Role.ANCT, Role.STRUCTURE)
def piece(request, pk):
    p = _piece_visible(request, pk)
    try:
        fichier = p.fichier.open("rb")
    except FileNotFoundError:
        raise Http404("Fichier introuvable") from None
    return FileResponse(fichier, as_attachment=True, filename=p.nom_fichier)


@require_POST
@role_requis(Role.OPERATEUR)
def verifier_piece(request, pk):
    p = _piece_visible(request, pk)
    form = VerificationPieceForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for erreurs in form.errors.values() for e in erreurs))
        return redirect("conventions:dossier", p.dossier_id)
    try:
        services_dossiers.verifier_piece(
            p.pk,
            accepter=form.cleaned_data["decision"] == "accepter",
            motif=form.cleaned_data["motif"],
            par=request.user,
            request=request,
        )
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, "La pièce est vérifiée.")
    return redirect("conventions:dossier", p.dossier_id)


# --- Conventions --------------------------------------------------------------------------------

ENTETES_CONVENTIONS = [
    "Convention",
    "Structure",
    "SIRET",
    "Département",
    "Phase",
    "Statut",
    "Signée le",
    "Fin",
    "Subvention totale (€)",
    "Paiements suspendus",
]


def _conventions_filtrees(request, form):
    suspendue = Suspension.objects.filter(convention=OuterRef("pk"), levee_le__isnull=True)
    qs = (
        selectors.conventions_for_user(request.perimetre)
        .annotate(suspendue=Exists(suspendue), total=Sum("subventions__montant"))
        .order_by("-date_decision", "-pk")
    )
    if form.is_valid():
        d = form.cleaned_data
        if d.get("statut"):
            qs = qs.filter(statut=d["statut"])
        if d.get("suspendue"):
            qs = qs.filter(suspendue=d["suspendue"] == "oui")
        qs = _filtrer_structure(qs, d)
    return qs


@role_requis(Role.OPERATEUR, Role.ANCT, Role.PREFECTURE)
def conventions(request):
    form = FiltresConventionsForm(request.GET or None)
    qs = _conventions_filtrees(request, form)
    if "format" in request.GET:
        lignes = (
            [
                c.pk,
                c.structure.nom,
                c.structure.siret,
                c.structure.departement_id,
                c.get_phase_display(),
                c.get_statut_display(),
                c.date_signature,
                c.date_fin,
                c.total or 0,
                c.suspendue,
            ]
            for c in qs.iterator(chunk_size=500)
        )
        return reponse_export(request.GET["format"], "conventions", ENTETES_CONVENTIONS, lignes)
    page = _page(request, qs)
    return render(
        request,
        "conventions/conventions.html",
        {
            "form": form,
            "page_obj": page,
            "total": page.paginator.count,
            "parametres": _parametres(request),
        },
    )


def _contexte_convention(request, c):
    role = request.habilitation.role
    postes = c.postes.order_by("pk").prefetch_related("contrats__candidat__utilisateur")
    subs = c.subventions.select_related(
        "poste", "mise_en_relation__candidat__utilisateur"
    ).prefetch_related("tranches")
    contexte = {
        "convention": c,
        "postes": postes,
        "subventions": subs,
        "suspensions": c.suspensions.all(),
        "suspension": paiements.suspension_active(c.pk),
        "remboursements": c.remboursements.all(),
        "verse": paiements.montant_verse(c),
        "est_operateur": role == Role.OPERATEUR,
        "est_structure": role == Role.STRUCTURE,
        "aujourd_hui": timezone.localdate(),
    }
    if role == Role.OPERATEUR:
        contexte["transferts"] = _transferts_possibles(c)
        if c.statut == "a_signer":
            contexte["duree"] = paiements.duree_de(c)
        contexte.update(
            form_signature=SignatureForm(initial={"date_signature": timezone.localdate()}),
            # The late-reports list links here with the reason already chosen.
            form_suspension=SuspensionForm(
                initial={"debut": timezone.localdate(), "motif": request.GET.get("motif")}
            ),
            form_levee=LeveeForm(initial={"le": timezone.localdate()}),
            form_remboursement=RemboursementForm(),
        )
    if role == Role.STRUCTURE:
        contexte["dossiers"] = selectors.dossiers_for_user(request.perimetre).order_by("-ouvert_le")
        contexte["contrats"] = selectors.contrats_for_user(request.perimetre).order_by(
            "-date_debut"
        )
    return contexte


def _transferts_possibles(c):
    """Posts this convention received by transfer (request H) whose subsidy has not
    followed yet: (the giver's subsidy, the received post, the reading at the committee's
    date — the date the post changed hands)."""
    recus = c.postes.filter(origine_transfert__isnull=False).select_related(
        "origine_transfert__convention__structure"
    )
    lignes = []
    for poste in recus:
        origine = (
            Subvention.objects.filter(poste=poste.origine_transfert, transferee_vers__isnull=True)
            .select_related("convention__structure")
            .prefetch_related("tranches")
            .first()
        )
        if origine is None:
            continue
        try:
            calcul = paiements.calcul_transfert(origine, poste.date_attribution)
        except ActionImpossible as erreur:
            calcul = erreur
        lignes.append((origine, poste, calcul))
    return lignes


@require_POST
@role_requis(Role.OPERATEUR)
def transferer(request, pk, poste_pk):
    subvention = get_object_or_404(Subvention, pk=pk)
    form = TransfertForm(request.POST)
    poste = get_object_or_404(Poste, pk=poste_pk, origine_transfert=subvention.poste)
    if not form.is_valid():
        messages.error(request, _erreurs(form))
        return redirect("conventions:convention", poste.convention_id)
    try:
        nouvelle = paiements.transferer_subvention(
            subvention.pk,
            poste_receveur_id=poste.pk,
            date_transfert=form.cleaned_data["date_transfert"],
            par=request.user,
            request=request,
        )
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(
            request,
            f"Subvention transférée : {euros(nouvelle.montant)} au prorata du temps restant.",
        )
    return redirect("conventions:convention", poste.convention_id)


@role_requis(Role.OPERATEUR, Role.ANCT, Role.PREFECTURE, Role.STRUCTURE)
def convention(request, pk):
    c = get_object_or_404(selectors.conventions_for_user(request.perimetre), pk=pk)
    return render(request, "conventions/convention.html", _contexte_convention(request, c))


@role_requis(Role.STRUCTURE)
def ma_convention(request):
    p = request.perimetre
    qs = selectors.conventions_for_user(p)
    c = qs.filter(statut__in=STATUTS_EN_COURS).first() or qs.first()
    if c is not None:
        return render(request, "conventions/convention.html", _contexte_convention(request, c))
    contexte = {
        "convention": None,
        "est_structure": True,
        "dossiers": selectors.dossiers_for_user(p).order_by("-ouvert_le"),
        "contrats": selectors.contrats_for_user(p).order_by("-date_debut"),
    }
    return render(request, "conventions/convention.html", contexte)


def _convention_operateur(request, pk):
    return get_object_or_404(selectors.conventions_for_user(request.perimetre), pk=pk)


def _erreurs(form) -> str:
    return " ".join(e for erreurs in form.errors.values() for e in erreurs)


def _agir_sur_convention(request, c, form, action, succes: str):
    """The operator's actions on a convention share one shape: check the form, call the
    service, say what happened (its refusal, in French, as is), back to the convention."""
    if not form.is_valid():
        messages.error(request, _erreurs(form))
        return redirect("conventions:convention", c.pk)
    try:
        action(form.cleaned_data, par=request.user, request=request)
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
    else:
        messages.success(request, succes)
    return redirect("conventions:convention", c.pk)


@require_POST
@role_requis(Role.OPERATEUR)
def signer(request, pk):
    c = _convention_operateur(request, pk)
    return _agir_sur_convention(
        request,
        c,
        SignatureForm(request.POST),
        lambda d, **qui: paiements.signer_convention(
            c.pk, date_signature=d["date_signature"], reference=d["reference"] or None, **qui
        ),
        "La convention est signée ; l’échéancier est calculé.",
    )


@require_POST
@role_requis(Role.OPERATEUR)
def suspendre(request, pk):
    c = _convention_operateur(request, pk)
    return _agir_sur_convention(
        request,
        c,
        SuspensionForm(request.POST),
        lambda d, **qui: paiements.suspendre(
            c.pk, motif=d["motif"], debut=d["debut"], commentaire=d["commentaire"], **qui
        ),
        "Les paiements de cette convention sont suspendus.",
    )


@require_POST
@role_requis(Role.OPERATEUR)
def lever(request, pk):
    c = _convention_operateur(request, pk)
    return _agir_sur_convention(
        request,
        c,
        LeveeForm(request.POST),
        lambda d, **qui: paiements.lever_suspension(c.pk, le=d["le"], **qui),
        "La suspension est levée.",
    )


@require_POST
@role_requis(Role.OPERATEUR)
def rembourser(request, pk):
    c = _convention_operateur(request, pk)
    return _agir_sur_convention(
        request,
        c,
        RemboursementForm(request.POST),
        lambda d, **qui: paiements.demander_remboursement(
            c.pk, montant=d["montant"], motif=d["motif"], **qui
        ),
        "La demande de remboursement est envoyée à la structure.",
    )


@require_POST
@role_requis(Role.OPERATEUR)
def tranche(request, pk):
    t = get_object_or_404(selectors.tranches_for_user(request.perimetre), pk=pk)
    form = PaiementForm(request.POST)
    retour = request.POST.get("retour") == "calendrier"
    cible = redirect("conventions:calendrier") if retour else None
    if not form.is_valid():
        messages.error(request, _erreurs(form))
    else:
        try:
            if form.cleaned_data["action"] == "exigible":
                paiements.marquer_exigible(t.pk, par=request.user, request=request)
                messages.success(request, f"La tranche {t.rang} est exigible.")
            else:
                paiements.marquer_payee(
                    t.pk, payee_le=form.cleaned_data["payee_le"], par=request.user, request=request
                )
                messages.success(request, f"La tranche {t.rang} est payée.")
        except ActionImpossible as erreur:
            messages.error(request, str(erreur))
    return cible or redirect("conventions:convention", t.subvention.convention_id)


ENTETES_CALENDRIER = [
    "Échéance",
    "Structure",
    "Département",
    "Tranche",
    "Montant (€)",
    "Statut",
    "En retard",
]


@role_requis(*NATIONAUX)
def calendrier(request):
    aujourd_hui = timezone.localdate()
    form = FiltresCalendrierForm(request.GET or None)
    qs = selectors.tranches_for_user(request.perimetre)
    if form.is_valid():
        d = form.cleaned_data
        if d.get("statut"):
            qs = qs.filter(statut=d["statut"])
        qs = _filtrer_structure(qs, d, prefixe="subvention__convention__structure__")
    listes = selectors.calendrier(qs, aujourd_hui)
    if "format" in request.GET:
        lignes = (
            [
                t.due_le,
                t.subvention.convention.structure.nom,
                t.subvention.convention.structure.departement_id,
                t.rang,
                t.montant,
                t.get_statut_display(),
                t.due_le < aujourd_hui,
            ]
            for liste in (listes["en_retard"], listes["a_venir"])
            for t in liste.iterator(chunk_size=500)
        )
        return reponse_export(
            request.GET["format"], "calendrier-paiements", ENTETES_CALENDRIER, lignes
        )
    return render(
        request,
        "conventions/calendrier.html",
        {
            "form": form,
            "en_retard": _page(request, listes["en_retard"]),
            "a_venir": _page(request, listes["a_venir"], "page_a_venir"),
            "total_a_venir": listes["a_venir"].aggregate(s=Sum("montant"))["s"] or 0,
            "total_en_retard": listes["en_retard"].aggregate(s=Sum("montant"))["s"] or 0,
            "est_operateur": request.habilitation.role == Role.OPERATEUR,
            "parametres": _parametres(request),
            "aujourd_hui": aujourd_hui,
        },
    )


# --- Renewals (request B): the operator instructs them with the convention -----------------------


@role_requis(*NATIONAUX)
def renouvellements(request):
    demandes = renouvellements_services.demandes_ouvertes().select_related("structure")
    return render(
        request,
        "conventions/renouvellements.html",
        {
            "page_obj": _page(request, demandes.order_by("deposee_le", "pk")),
            "est_operateur": request.habilitation.role == Role.OPERATEUR,
        },
    )


@require_POST
@role_requis(Role.OPERATEUR)
def traiter_renouvellement(request, pk):
    demande = get_object_or_404(renouvellements_services.demandes_ouvertes(), pk=pk)
    accepter = request.POST.get("decision") == "accepter"
    try:
        nouvelle = renouvellements_services.traiter_renouvellement(
            demande.pk,
            accepter=accepter,
            motif=request.POST.get("motif", ""),
            par=request.user,
            request=request,
        )
    except ActionImpossible as erreur:
        messages.error(request, str(erreur))
        return redirect("conventions:renouvellements")
    if nouvelle is not None:
        messages.success(request, "La convention de renouvellement est ouverte, à signer.")
        return redirect("conventions:convention", nouvelle.pk)
    messages.success(request, "La demande de renouvellement est refusée.")
    return redirect("conventions:renouvellements")
