"""The steering pages: one dashboard per level, the lists behind it, alerts, reports owed
by host structures, notifications and the catalogue of e-mails. Thin: reads come from
``selectors``/``alertes``/``obligations``, changes from ``services``."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from activite.models import AgregatMois
from comptes.acces import role_requis
from comptes.models import MembreEquipe, Notification, Utilisateur
from comptes.notifications import marquer_lues
from comptes.roles import Role
from comptes.selectors import conseillers_en_poste
from conventions.choix import MotifSuspension, StatutConvention
from conventions.models import Convention
from conventions.selectors import ATTRIBUE, OCCUPE
from noyau import courriels, documents
from noyau.exports import reponse_export
from structures.models import Structure
from territoires import choroplethe

from . import alertes, carte, finances, obligations, rules, selectors, services
from .forms import FiltresConseillersForm, FiltresGestionnairesForm, PeriodeForm, RapportForm

PAR_PAGE = 50
ROLES_LISTES = selectors.ROLES_TABLEAU


def _parametres(request) -> str:
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    return parametres.urlencode()


# --- Dashboards ---------------------------------------------------------------------------------


@role_requis(*selectors.ROLES_TABLEAU)
def tableau(request):
    """Where do we stand, and what needs me now: the figures of the scope, then alerts."""
    p = request.perimetre
    aujourd_hui = timezone.localdate()
    form = PeriodeForm(request.GET or None)
    periode = form.cleaned_data if form.is_valid() else {}
    conseillers = selectors.activite_conseillers(p)
    contexte = {
        "form": form,
        "formation": selectors.etat_formation(p),
        "finances": finances.subventions(p, aujourd_hui),
        "groupes": [
            (code, rules.GROUPES_CRA[code], n)
            for code, n in selectors.groupes_cra(p, aujourd_hui, conseillers).items()
        ],
        "alertes": [
            (code, alertes.LIBELLES[code], n)
            for code, n in alertes.compter_for_user(p, aujourd_hui).items()
        ],
    }
    if p.role in selectors.ROLES_TERRITORIAUX:
        par_region = periode.get("par") == "region"
        departements = selectors.territoires(
            p, du=periode.get("du"), au=periode.get("au"), conseillers=conseillers
        )
        lignes = selectors.regrouper(departements) if par_region else departements
        if request.GET.get("format", "pdf") != "pdf":
            return reponse_export(
                request.GET["format"],
                "territoires",
                ENTETES_TERRITOIRES,
                _lignes_territoires(lignes),
            )
        contexte.update(
            lignes=lignes,
            total=selectors.total(lignes),
            par_region=par_region,
            carte=carte.carte(departements),
            **_choroplethe(request, departements),
            pipeline=selectors.pipeline(p),
            recrutement=selectors.recrutement(p, aujourd_hui),
            parametres=_parametres(request),
        )
        if p.role == Role.PREFECTURE:
            from instruction.selectors import sans_avis_for_user

            contexte["sans_avis"] = sans_avis_for_user(p).count()
    else:
        lignes_conseillers = selectors.liste_conseillers(p, aujourd_hui=aujourd_hui)
        premiers = list(lignes_conseillers[:10])
        for h in premiers:
            h.groupe = rules.GROUPES_CRA[rules.groupe_cra(h.dernier_cra, aujourd_hui)]
        contexte.update(
            total=_total_portee(p),
            conseillers=premiers,
            nb_conseillers=lignes_conseillers.count(),
            recrutement=selectors.recrutement(p, aujourd_hui),
            pipeline=selectors.pipeline(p) if p.role != Role.COORDINATEUR else None,
        )
        if p.role == Role.STRUCTURE:
            contexte["obligations"] = [
                o
                for o in obligations.obligations(
                    Structure.objects.filter(pk=p.structure_id), aujourd_hui
                )
                if o.statut != "deposee"
            ]
    if request.GET.get("format") == "pdf":
        return _tableau_pdf(request, contexte)
    return render(request, "pilotage/tableau.html", contexte)


INDICATEURS_CARTE = {
    "cible": (
        "Cible atteinte : postes occupés rapportés à la cible, par département",
        choroplethe.PALIERS_POURCENTAGE,
    ),
    "postes": (
        "Postes pourvus : postes occupés rapportés à la dotation, par département",
        choroplethe.PALIERS_POURCENTAGE,
    ),
    "activite": (
        "Activité : personnes accompagnées par conseiller en poste, par département",
        choroplethe.Paliers(bornes=(10, 50, 100)),
    ),
}


def _choroplethe(request, departements) -> dict:
    """The choropleth of the indicator chosen in the query string (target by default)."""
    choisi = request.GET.get("indicateur", "cible")
    if choisi not in INDICATEURS_CARTE:
        choisi = "cible"
    titre, paliers = INDICATEURS_CARTE[choisi]
    valeurs = choroplethe.indicateurs(departements)[choisi]
    noms = {ligne.code: ligne.nom for ligne in departements}
    return {
        "choroplethe": choroplethe.carte(valeurs, noms, paliers, titre=titre),
        "indicateur": choisi,
        "indicateurs_carte": [
            (code, t.split(" :")[0]) for code, (t, _) in INDICATEURS_CARTE.items()
        ],
    }


def _tableau_pdf(request, contexte):
    """The dashboard as a PDF report: the page's own figures, tables and map."""
    portee = request.habilitation.libelle_portee()
    titre = f"Tableau de bord – {portee}" if portee else "Tableau de bord national"
    pdf = documents.page_en_pdf(
        request, "pilotage/tableau.html", contexte, titre=titre, feuilles=("pilotage/pilotage.css",)
    )
    reponse = HttpResponse(pdf, content_type="application/pdf")
    nom = f"tableau-de-bord-{timezone.localdate():%Y-%m-%d}.pdf"
    reponse["Content-Disposition"] = f'attachment; filename="{nom}"'
    return reponse


def _total_portee(p) -> selectors.LigneTerritoire:
    """The same figures as a territory line, for a scope made of advisors (structure,
    network, team): reports and people from the per-advisor monthly rollups."""
    conseillers = selectors.conseillers_for_user(p)
    ids = list(conseillers.values_list("utilisateur_id", flat=True))
    en_poste = len(ids)
    actives = (
        selectors.avec_activite(conseillers)
        .filter(Q(dernier_cra__isnull=False) | Q(utilisateur__last_login__isnull=False))
        .count()
    )
    postes = selectors.postes_for_user(p)
    filtre_activite = Q(conseiller_id__in=ids)
    if p.role == Role.STRUCTURE:
        filtre_activite = Q(structure_id=p.structure_id)
    elif p.role == Role.GRAND_RESEAU:
        filtre_activite = Q(structure_id__in=selectors.structures_for_user(p).values("pk"))
    somme = AgregatMois.objects.filter(filtre_activite).aggregate(
        cra=Sum("activites"), accompagnements=Sum("accompagnements")
    )
    return selectors.LigneTerritoire(
        code="",
        nom="Total",
        dotation=postes.filter(ATTRIBUE).count(),
        occupes=postes.filter(OCCUPE).count(),
        en_poste=en_poste,
        actives=actives,
        cra=somme["cra"] or 0,
        accompagnements=somme["accompagnements"] or 0,
    )


ENTETES_TERRITOIRES = [
    "Code",
    "Nom",
    "Cible",
    "Dotation de conseillers",
    "Postes occupés",
    "Conseillers en poste",
    "Conum activés sur l’espace",
    "Taux d’activation (%)",
    "CRA enregistrés",
    "Personnes accompagnées",
]


def _lignes_territoires(lignes):
    for ligne in lignes:
        yield [
            ligne.code,
            ligne.nom,
            ligne.cible,
            ligne.dotation,
            ligne.occupes,
            ligne.en_poste,
            ligne.actives,
            ligne.taux_activation,
            ligne.cra,
            ligne.accompagnements,
        ]


# --- Advisors -----------------------------------------------------------------------------------


ENTETES_CONSEILLERS = [
    "Id conseiller",
    "Nom",
    "Prénom",
    "Email",
    "Structure",
    "Code département",
    "Dernier CRA",
    "Groupe CRA",
    "Compte activé",
]


@role_requis(*ROLES_LISTES)
def conseillers(request):
    p = request.perimetre
    aujourd_hui = timezone.localdate()
    form = FiltresConseillersForm(
        request.GET or None, departements=selectors.departements_for_user(p)
    )
    filtres = form.filtres() if request.GET else {}
    qs = selectors.liste_conseillers(p, aujourd_hui=aujourd_hui, **filtres)
    if "format" in request.GET:
        lignes = (
            [
                h.utilisateur_id,
                h.utilisateur.nom,
                h.utilisateur.prenom,
                h.utilisateur.email,
                h.structure.nom,
                h.structure.departement_id,
                h.dernier_cra,
                rules.GROUPES_CRA[rules.groupe_cra(h.dernier_cra, aujourd_hui)],
                h.dernier_cra is not None or h.utilisateur.last_login is not None,
            ]
            for h in qs.iterator(chunk_size=500)
        )
        return reponse_export(request.GET["format"], "conseillers", ENTETES_CONSEILLERS, lignes)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    for h in page:
        h.groupe = rules.GROUPES_CRA[rules.groupe_cra(h.dernier_cra, aujourd_hui)]
    return render(
        request,
        "pilotage/conseillers.html",
        {
            "form": form,
            "page_obj": page,
            "total": page.paginator.count,
            "parametres": _parametres(request),
        },
    )


@role_requis(*ROLES_LISTES)
def conseiller(request, pk):
    """One advisor of the scope: employer, reporting group, last 12 months of activity."""
    p = request.perimetre
    h = get_object_or_404(
        selectors.avec_activite(selectors.conseillers_for_user(p)).select_related(
            "utilisateur", "structure__departement"
        ),
        utilisateur_id=pk,
    )
    aujourd_hui = timezone.localdate()
    debut = rules.ajouter_mois(aujourd_hui.replace(day=1), -11)
    mois = (
        AgregatMois.objects.filter(conseiller_id=pk, mois__gte=debut)
        .values("mois")
        .annotate(cra=Sum("activites"), accompagnements=Sum("accompagnements"))
        .order_by("mois")
    )
    equipes = MembreEquipe.objects.filter(conseiller_id=pk).select_related(
        "coordination__utilisateur"
    )
    return render(
        request,
        "pilotage/conseiller.html",
        {
            "h": h,
            "groupe": rules.GROUPES_CRA[rules.groupe_cra(h.dernier_cra, aujourd_hui)],
            "mois": mois,
            "equipes": equipes,
        },
    )


# --- Managers -----------------------------------------------------------------------------------

ENTETES_GESTIONNAIRES = ["Id", "Rôle", "Email", "Nom", "Prénom", "Périmètre", "Invité le", "Actif"]


@role_requis(Role.ANCT, Role.OPERATEUR, Role.PREFECTURE, Role.HUB, Role.GRAND_RESEAU)
def gestionnaires(request):
    p = request.perimetre
    form = FiltresGestionnairesForm(request.GET or None)
    filtres = form.filtres() if request.GET else {}
    qs = selectors.gestionnaires_for_user(p).select_related(
        "utilisateur", "structure", "departement", "region", "reseau", "organisme"
    )
    if filtres.get("role"):
        qs = qs.filter(role=filtres["role"])
    for mot in filtres.get("q", "").split():
        qs = qs.filter(
            Q(utilisateur__nom__unaccent__icontains=mot)
            | Q(utilisateur__prenom__unaccent__icontains=mot)
            | Q(utilisateur__email__icontains=mot)
        )
    qs = qs.order_by("role", "utilisateur__nom", "pk")
    if "format" in request.GET:
        lignes = (
            [
                h.pk,
                h.get_role_display(),
                h.utilisateur.email,
                h.utilisateur.nom,
                h.utilisateur.prenom,
                h.libelle_portee() if h.role != Role.HUB else "",
                h.cree_le,
                h.utilisateur.is_active,
            ]
            for h in qs.iterator(chunk_size=500)
        )
        return reponse_export(request.GET["format"], "gestionnaires", ENTETES_GESTIONNAIRES, lignes)
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "pilotage/gestionnaires.html",
        {
            "form": form,
            "page_obj": page,
            "total": page.paginator.count,
            "parametres": _parametres(request),
        },
    )


# --- Alerts -------------------------------------------------------------------------------------

# Per kind, the page shows the most urgent ones (only those are built); the export has them all.
AFFICHEES = 50


@role_requis(*alertes.PAR_ROLE)
def liste_alertes(request):
    p = request.perimetre
    if "format" in request.GET:
        par_type = alertes.alertes_for_user(p)
        lignes = (
            [
                a.libelle_type,
                a.objet,
                a.detail,
                request.build_absolute_uri(a.lien) if a.lien else "",
            ]
            for liste in par_type.values()
            for a in liste
        )
        return reponse_export(
            request.GET["format"], "alertes", ["Alerte", "Objet", "Détail", "Lien"], lignes
        )
    return render(
        request,
        "pilotage/alertes.html",
        {
            "par_type": [
                (alertes.LIBELLES[t], t, premieres, nombre)
                for t, (premieres, nombre) in alertes.premieres_for_user(p, AFFICHEES).items()
            ],
            "affichees": AFFICHEES,
        },
    )


# --- Reports owed by host structures ----------------------------------------------------------


@role_requis(Role.STRUCTURE)
def mes_obligations(request):
    structure = request.habilitation.structure
    liste = obligations.obligations(Structure.objects.filter(pk=structure.pk), timezone.localdate())
    liste.sort(key=lambda o: (o.statut == "deposee", o.periode.echeance))
    return render(
        request, "pilotage/obligations.html", {"obligations": liste, "structure": structure}
    )


@role_requis(Role.STRUCTURE)
def deposer(request, type_, debut):
    if type_ not in rules.OBLIGATIONS:
        raise Http404
    try:
        periode_debut = date.fromisoformat(debut)
    except ValueError:
        raise Http404 from None
    structure = request.habilitation.structure
    attendue = next(
        (
            o
            for o in obligations.obligations(
                Structure.objects.filter(pk=structure.pk), timezone.localdate(), types=[type_]
            )
            if o.periode.debut == periode_debut
        ),
        None,
    )
    if attendue is None:
        raise Http404
    conseillers = conseillers_en_poste().filter(structure=structure).select_related("utilisateur")
    utilisateurs = Utilisateur.objects.filter(pk__in=conseillers.values("utilisateur_id"))
    form = RapportForm(request.POST or None, type_=type_, conseillers=utilisateurs)
    if request.method == "POST" and form.is_valid() and attendue.rapport is None:
        try:
            services.deposer_rapport(
                structure,
                type_,
                periode_debut,
                par=request.user,
                request=request,
                **form.cleaned_data,
            )
        except services.ActionImpossible as erreur:
            form.add_error(None, str(erreur))
        else:
            messages.success(request, f"{attendue.periode.libelle} : rapport déposé.")
            return redirect("pilotage:obligations")
    return render(request, "pilotage/deposer.html", {"form": form, "obligation": attendue})


@role_requis(Role.ANCT, Role.OPERATEUR, Role.PREFECTURE)
def obligations_en_retard(request):
    """Structures late with their reports: how many, the oldest due date; exportable."""
    p = request.perimetre
    liste = obligations.retards_par_structure(
        selectors.structures_for_user(p), timezone.localdate()
    )
    if "format" in request.GET:
        lignes = (
            [
                r.structure.nom,
                r.structure.siret,
                r.structure.departement_id,
                r.nombre,
                r.plus_ancienne,
            ]
            for r in liste
        )
        return reponse_export(
            request.GET["format"],
            "rapports-en-retard",
            [
                "Structure",
                "SIRET",
                "Département",
                "Rapports en retard",
                "Le plus ancien attendu le",
            ],
            lignes,
        )
    page = Paginator(liste, PAR_PAGE).get_page(request.GET.get("page"))
    # The operator may hold the payments of a late structure: its signed convention.
    conventions = {}
    if p.role == Role.OPERATEUR:
        conventions = dict(
            Convention.objects.filter(
                structure_id__in=[r.structure.pk for r in page], statut=StatutConvention.SIGNEE
            ).values_list("structure_id", "pk")
        )
    lignes = [(r, conventions.get(r.structure.pk)) for r in page]
    return render(
        request,
        "pilotage/retards.html",
        {
            "page_obj": page,
            "lignes": lignes,
            "motif_suspension": MotifSuspension.REPORTING,
            "total": sum(r.nombre for r in liste),
            "structures": len(liste),
        },
    )


# --- Notifications and e-mails -----------------------------------------------------------------


@login_required
def notifications(request):
    qs = Notification.objects.filter(destinataire=request.user)
    if request.method == "POST":
        marquer_lues(request.user)
        messages.success(request, "Toutes vos notifications sont marquées comme lues.")
        return redirect("pilotage:notifications")
    page = Paginator(qs, PAR_PAGE).get_page(request.GET.get("page"))
    return render(request, "pilotage/notifications.html", {"page_obj": page})


@login_required
@require_POST
def lire_notification(request, pk):
    notification = get_object_or_404(Notification, pk=pk, destinataire=request.user)
    marquer_lues(request.user, [notification.pk])
    if notification.lien.startswith("/"):
        return redirect(notification.lien)
    return redirect("pilotage:notifications")


@role_requis(Role.ANCT)
def catalogue(request):
    return render(request, "pilotage/catalogue.html", {"modeles": courriels.catalogue()})


@role_requis(Role.ANCT)
def apercu_courriel(request, gabarit):
    modeles = {m.gabarit: m for m in courriels.catalogue()}
    if gabarit not in modeles:
        raise Http404
    # Placeholders for the arguments of the links an e-mail builds (the reset link needs
    # both, else the preview fails on an empty URL argument).
    texte, html = courriels.rendre(gabarit, {"uid": "exemple", "token": "exemple-de-jeton"})
    return render(
        request,
        "pilotage/apercu_courriel.html",
        {"modele": modeles[gabarit], "texte": texte, "html": html},
    )
