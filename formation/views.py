from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from comptes.acces import role_requis
from comptes.roles import Role
from noyau.exports import reponse_export

from . import exports, rules, selectors, services
from .forms import (
    DispenseForm,
    FiltresApprenantsForm,
    InscriptionForm,
    ModuleForm,
    MotifForm,
    PositionnementForm,
    PresencesForm,
    ReaffectationForm,
    ResultatsForm,
    SessionForm,
    ValidationForm,
)
from .models import Session
from .services import ActionImpossible

PAR_PAGE = 25
LECTEURS = (Role.STRUCTURE, Role.PREFECTURE, Role.HUB, Role.COORDINATEUR)
SUIVI = (Role.ORGANISME_FORMATION, Role.ANCT, *LECTEURS)


def _scope(request) -> int | None:
    """The body whose learners the user may change (None: the national team)."""
    p = request.perimetre
    return None if p.national else p.organisme_id


def _liste(request, gabarit: str, titre: str):
    qs = selectors.apprenants(request.perimetre)
    donnees = {k: v for k, v in request.GET.items() if k not in ("page", "format")}
    filtres = FiltresApprenantsForm(donnees or None, national=request.perimetre.national)
    if filtres.is_valid():
        d = filtres.cleaned_data
        qs = selectors.filtrer(
            qs,
            etat=d["etat"],
            parcours=d["parcours"],
            departement=d["departement"],
            q=d["q"],
            sans_organisme=d.get("sans_organisme", False),
        )
    elif filtres.is_bound:
        qs = qs.none()
    else:
        qs = selectors.filtrer(qs)
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"],
            f"formation-{timezone.localdate():%Y-%m-%d}",
            exports.ENTETES,
            exports.lignes(qs.iterator(chunk_size=2000)),
        )
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    return render(
        request,
        gabarit,
        {
            "titre": titre,
            "filtres": filtres,
            "page_obj": Paginator(qs, PAR_PAGE).get_page(request.GET.get("page")),
            "parametres": parametres.urlencode(),
        },
    )


@role_requis(Role.ORGANISME_FORMATION, Role.ANCT)
def apprenants(request):
    """The body's learners (the national team: every learner)."""
    return _liste(request, "formation/apprenants.html", "Apprenants")


@role_requis(*LECTEURS)
def conseillers(request):
    """The structure's, prefecture's or coordinator's read view of training states."""
    return _liste(request, "formation/apprenants.html", "Formation des conseillers")


def _formulaires(request, apprenant, liee=None):
    """The forms the user may submit on this learner; ``liee`` replaces one by its bound
    version (with errors)."""
    formulaires = {}
    p = request.perimetre
    if p.role == Role.ORGANISME_FORMATION and apprenant.organisme_id == p.organisme_id:
        e = apprenant.etat
        if e in (rules.A_POSITIONNER, rules.POSITIONNE, rules.INSCRIT):
            formulaires["positionner"] = PositionnementForm(
                prefix="positionner",
                initial={"catalogue": apprenant.catalogue, "le": timezone.localdate()},
            )
        if e in (rules.A_POSITIONNER, rules.POSITIONNE):
            formulaires["dispenser"] = DispenseForm(
                prefix="dispenser", initial={"le": timezone.localdate()}
            )
        if e in (rules.POSITIONNE, rules.INSCRIT):
            formulaires["inscrire"] = InscriptionForm(
                prefix="inscrire", sessions=_sessions_possibles(apprenant)
            )
        if e == rules.EN_FORMATION:
            formulaires["valider"] = ValidationForm(
                prefix="valider", initial={"le": timezone.localdate()}
            )
        if e in (rules.EN_FORMATION, rules.FORME):
            formulaires["resultats"] = ResultatsForm(prefix="resultats")
        if e in rules.EN_POSTE:
            formulaires["module"] = ModuleForm(prefix="module")
        if rules.TRANSITIONS[e] and rules.ABANDON in rules.TRANSITIONS[e]:
            formulaires["abandon"] = MotifForm(prefix="abandon")
    if p.role == Role.ANCT and apprenant.etat not in (
        rules.EN_FORMATION,
        rules.FORME,
        rules.ABANDON,
    ):
        formulaires["reaffecter"] = ReaffectationForm(prefix="reaffecter")
    if liee is not None:
        nom, form = liee
        formulaires[nom] = form
    return formulaires


def _sessions_possibles(apprenant):
    return (
        Session.objects.filter(
            organisme_id=apprenant.organisme_id,
            parcours=apprenant.parcours,
            statut=Session.Statut.PLANIFIEE,
        )
        .select_related("centre__commune")
        .order_by("date_debut")
    )


def _fiche(request, apprenant, liee=None, status=200):
    modules = list(apprenant.modules.all())
    aujourd_hui = timezone.localdate()
    annees = {m.date.year for m in modules if m.type_module == rules.THEMATIQUE}
    contexte = {
        "apprenant": apprenant,
        "formulaires": _formulaires(request, apprenant, liee),
        "modules": modules,
        "presences": apprenant.presences.all(),
        "annees_manquantes": rules.annees_manquantes(
            apprenant.date_prise_poste, annees, aujourd_hui
        ),
        "module_annee_a_faire": rules.module_de_l_annee_a_faire(
            apprenant.date_prise_poste, annees, aujourd_hui
        ),
        "module_1_manquant": rules.module_1_coordinateur_manquant(
            apprenant.coordinateur, {m.type_module for m in modules}
        ),
    }
    return render(request, "formation/apprenant.html", contexte, status=status)


@role_requis(*SUIVI)
def apprenant(request, pk):
    a = get_object_or_404(selectors.apprenants(request.perimetre), pk=pk)
    return _fiche(request, a)


def _agir(request, pk, nom, form, action, succes: str):
    """Run a learner action: 404 out of scope, the form's errors or the rule's message
    shown on the learner's page, else back to it with a confirmation."""
    a = get_object_or_404(selectors.apprenants(request.perimetre), pk=pk)
    if nom not in _formulaires(request, a):
        raise Http404("Action indisponible")
    if form.is_valid():
        try:
            action(a, form)
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, succes)
            return redirect("formation:apprenant", pk=a.pk)
    return _fiche(request, a, liee=(nom, form), status=400)


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def positionner(request, pk):
    def action(a, form):
        d = form.cleaned_data
        services.positionner(
            a.pk,
            scope=_scope(request),
            score=d["score"],
            le=d["le"],
            catalogue=d["catalogue"],
            parcours=d["parcours"],
            motif=d["motif"],
            modules=d["modules"],
            par=request.user,
            request=request,
        )

    form = PositionnementForm(request.POST, prefix="positionner")
    return _agir(request, pk, "positionner", form, action, "Le positionnement est enregistré.")


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def dispenser(request, pk):
    def action(a, form):
        services.dispenser(
            a.pk,
            scope=_scope(request),
            le=form.cleaned_data["le"],
            par=request.user,
            request=request,
        )

    return _agir(
        request,
        pk,
        "dispenser",
        DispenseForm(request.POST, prefix="dispenser"),
        action,
        "La dispense est enregistrée.",
    )


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def inscrire(request, pk):
    a = get_object_or_404(selectors.apprenants(request.perimetre), pk=pk)

    def action(a, form):
        services.inscrire(
            a.pk,
            form.cleaned_data["session"].pk,
            scope=_scope(request),
            par=request.user,
            request=request,
        )

    form = InscriptionForm(request.POST, prefix="inscrire", sessions=_sessions_possibles(a))
    return _agir(request, pk, "inscrire", form, action, "L’inscription est enregistrée.")


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def valider(request, pk):
    def action(a, form):
        services.valider_formation(
            a.pk,
            scope=_scope(request),
            le=form.cleaned_data["le"],
            par=request.user,
            request=request,
        )

    return _agir(
        request,
        pk,
        "valider",
        ValidationForm(request.POST, prefix="valider"),
        action,
        "La formation est validée : le conseiller peut prendre son poste.",
    )


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def resultats(request, pk):
    def action(a, form):
        services.enregistrer_resultats(
            a.pk, scope=_scope(request), par=request.user, request=request, **form.valeurs()
        )

    return _agir(
        request,
        pk,
        "resultats",
        ResultatsForm(request.POST, prefix="resultats"),
        action,
        "Les résultats sont enregistrés.",
    )


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def abandon(request, pk):
    def action(a, form):
        services.declarer_abandon(
            a.pk,
            scope=_scope(request),
            motif=form.cleaned_data["motif"],
            par=request.user,
            request=request,
        )

    return _agir(
        request,
        pk,
        "abandon",
        MotifForm(request.POST, prefix="abandon"),
        action,
        "L’abandon est enregistré.",
    )


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def module(request, pk):
    def action(a, form):
        d = form.cleaned_data
        services.enregistrer_module(
            a.pk,
            scope=_scope(request),
            type_module=d["type_module"],
            code=d["code"],
            heures=d["heures"],
            le=d["le"],
            presentiel=d["presentiel"],
            ville=d["ville"].strip(),
            par=request.user,
            request=request,
        )

    return _agir(
        request,
        pk,
        "module",
        ModuleForm(request.POST, prefix="module"),
        action,
        "Le module est enregistré.",
    )


@require_POST
@role_requis(Role.ANCT)
def reaffecter(request, pk):
    def action(a, form):
        d = form.cleaned_data
        services.reaffecter(
            a.pk, d["organisme"].pk, motif=d["motif"], par=request.user, request=request
        )

    return _agir(
        request,
        pk,
        "reaffecter",
        ReaffectationForm(request.POST, prefix="reaffecter"),
        action,
        "L’apprenant est réaffecté.",
    )


# --- Sessions ----------------------------------------------------------------------------------


@role_requis(Role.ORGANISME_FORMATION, Role.ANCT)
def sessions(request):
    p = request.perimetre
    organisme = request.habilitation.organisme if p.role == Role.ORGANISME_FORMATION else None
    form = None
    if organisme is not None:
        form = SessionForm(request.POST or None, organisme=organisme)
        if request.method == "POST" and form.is_valid():
            d = form.cleaned_data
            try:
                session = services.creer_session(
                    organisme_id=organisme.pk,
                    parcours=d["parcours"],
                    date_debut=d["date_debut"],
                    centre_id=d["centre"].pk if d["centre"] else None,
                    capacite=d["capacite"],
                    par=request.user,
                    request=request,
                )
            except ActionImpossible as erreur:
                form.add_error(None, str(erreur))
            else:
                messages.success(request, "La session est planifiée.")
                return redirect("formation:session", pk=session.pk)
    elif request.method == "POST":
        raise Http404("Action indisponible")
    qs = selectors.sessions(p).order_by("-date_debut", "pk")
    return render(
        request,
        "formation/sessions.html",
        {
            "form": form,
            "page_obj": Paginator(qs, PAR_PAGE).get_page(request.GET.get("page")),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


@role_requis(Role.ORGANISME_FORMATION, Role.ANCT)
def session(request, pk):
    s = get_object_or_404(selectors.sessions(request.perimetre), pk=pk)
    return _page_session(request, s)


def _page_session(request, s, presences=None, erreur="", status=200):
    inscrits = list(
        s.apprenants.select_related(
            "mise_en_relation__candidat__utilisateur", "mise_en_relation__structure"
        ).order_by("pk")
    )
    en_formation = [a for a in inscrits if a.etat == rules.EN_FORMATION]
    peut_agir = request.perimetre.role == Role.ORGANISME_FORMATION
    if presences is None and peut_agir and s.statut == Session.Statut.OUVERTE and en_formation:
        presences = PresencesForm(
            initial={"jour": timezone.localdate(), "presents": [str(a.pk) for a in en_formation]},
            apprenants=en_formation,
        )
    return render(
        request,
        "formation/session.html",
        {
            "session": s,
            "inscrits": inscrits,
            "peut_agir": peut_agir,
            "presences": presences,
            "erreur": erreur,
        },
        status=status,
    )


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def ouvrir(request, pk):
    s = get_object_or_404(selectors.sessions(request.perimetre), pk=pk)
    try:
        s = services.ouvrir_session(s.pk, scope=_scope(request), par=request.user, request=request)
    except ActionImpossible as erreur:
        return _page_session(request, s, erreur=str(erreur), status=400)
    messages.success(request, f"Session ouverte {s.get_mode_display().lower()}.")
    return redirect("formation:session", pk=s.pk)


@require_POST
@role_requis(Role.ORGANISME_FORMATION)
def presences(request, pk):
    s = get_object_or_404(selectors.sessions(request.perimetre), pk=pk)
    en_formation = list(s.apprenants.filter(etat=rules.EN_FORMATION).order_by("pk"))
    form = PresencesForm(request.POST, apprenants=en_formation)
    if form.is_valid():
        try:
            services.enregistrer_presences(
                s.pk,
                form.cleaned_data["jour"],
                {int(x) for x in form.cleaned_data["presents"]},
                scope=_scope(request),
                par=request.user,
                request=request,
            )
        except ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, "L’émargement est enregistré.")
            return redirect("formation:session", pk=s.pk)
    return _page_session(request, s, presences=form, status=400)


# --- The advisor, the late ones ---------------------------------------------------------------


@role_requis(Role.CONSEILLER)
def mon_parcours(request):
    a = selectors.apprenants(request.perimetre).order_by("-affecte_le").first()
    if a is None:
        return render(request, "formation/mon_parcours.html", {"apprenant": None})
    return _fiche(request, a)


@role_requis(Role.ANCT, Role.PREFECTURE, Role.HUB, Role.STRUCTURE, Role.ORGANISME_FORMATION)
def retards(request):
    liste = selectors.en_retard(request.perimetre, timezone.localdate())
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"],
            f"module-annuel-en-retard-{timezone.localdate():%Y-%m-%d}",
            exports.ENTETES_RETARDS,
            exports.lignes_retards(liste),
        )
    page = Paginator(liste, PAR_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.avec_apprenants(list(page.object_list))
    return render(request, "formation/retards.html", {"page_obj": page})
