from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from comptes.acces import choisir_habilitation, role_requis
from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from conventions.dossiers import dossiers_a_completer
from conventions.models import Convention, Poste
from conventions.selectors import postes_de_structure
from instruction.choix import PosteCoordinateur, StatutDemande
from instruction.rules import anomalie_postes
from instruction.selectors import (
    decisions_de_structure,
    demandes_de_structure,
    derniere_decision_favorable,
)
from noyau import documents
from noyau.exports import reponse_export
from territoires.models import Commune

from . import annuaire, services
from .forms import FiltresStructuresForm, InscriptionStructureForm
from .kit import DOCUMENTS, blocs_remplis, en_markdown
from .kit import entete as kit_entete
from .rules import SiretInvalide, prochaine_etape, valider_siret
from .selectors import (
    ROLES_AGENTS,
    departements_for_user,
    evenements_de_structure,
    liste_for_user,
    structures_for_user,
)

PAR_PAGE = 50
CLE_INSCRIPTION = "structures.inscription"


def _preremplir(siret_saisi: str) -> tuple[dict, str, str]:
    """Initial values from the directory of companies for a SIRET typed in the search box.

    Returns (initial, level, message) where level is a DSFR alert type."""
    try:
        siret = valider_siret(siret_saisi)
    except SiretInvalide as erreur:
        return {"siret": siret_saisi}, "error", str(erreur)
    verification = annuaire.verifier(siret)
    if verification.a_verifier:
        return (
            {"siret": siret},
            "warning",
            "L’annuaire des entreprises ne répond pas : remplissez le formulaire vous-même. "
            "Votre inscription sera acceptée et la préfecture vérifiera le SIRET.",
        )
    if verification.refus:
        return {"siret": siret}, "error", verification.refus
    fiche = verification.etablissement
    initial = {"siret": siret, "nom": fiche.nom, "adresse": fiche.adresse}
    if fiche.type:
        initial["type"] = fiche.type
    commune = Commune.objects.filter(code_insee=fiche.code_insee).first()
    if commune:
        initial["commune"] = commune
    return (
        initial,
        "success",
        f"« {fiche.nom} » trouvée dans le répertoire SIRENE : nom, adresse et type juridique "
        "sont repris de l’annuaire. Vérifiez-les avant de déposer la candidature.",
    )


def inscription(request):
    """Public: a structure registers with its application; its contact becomes its manager.

    With the directory configured, ``?siret=`` prefills the form from it first."""
    initial, annonce = {}, None
    if request.method == "GET" and request.GET.get("siret") and annuaire.est_configure():
        initial, niveau, message = _preremplir(request.GET["siret"])
        annonce = {"niveau": niveau, "message": message}
    form = InscriptionStructureForm(request.POST or None, initial=initial, utilisateur=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            structure, _ = services.inscrire_structure(
                siret=form.cleaned_data["siret"],
                structure=form.donnees_structure(),
                demande=form.donnees_demande(),
                mot_de_passe=form.cleaned_data.get("mot_de_passe1"),
                gestionnaire=form.utilisateur,
                request=request,
            )
        except services.InscriptionImpossible as erreur:
            form.add_error(erreur.champ, str(erreur))
        else:
            if form.utilisateur:
                choisir_habilitation(
                    request,
                    Habilitation.objects.get(
                        utilisateur=form.utilisateur, role=Role.STRUCTURE, structure=structure
                    ),
                )
                messages.success(request, f"La candidature de {structure.nom} est enregistrée.")
                return redirect("structures:espace")
            request.session[CLE_INSCRIPTION] = {
                "nom": form.cleaned_data["nom"],
                "email": form.cleaned_data["contact_email"],
            }
            return redirect("structures:inscription_envoyee")
    contexte = {
        "form": form,
        "annuaire": annuaire.est_configure(),
        "annonce": annonce,
        "siret_recherche": request.GET.get("siret", ""),
    }
    return render(request, "structures/inscription.html", contexte)


def inscription_envoyee(request):
    return render(
        request,
        "structures/inscription_envoyee.html",
        {"inscription": request.session.get(CLE_INSCRIPTION)},
    )


@role_requis(Role.STRUCTURE)
def espace(request):
    """The structure's home: its status and next step, its requests, posts and documents."""
    structure = request.habilitation.structure
    demandes = list(demandes_de_structure(structure))
    decisions = list(decisions_de_structure(structure))
    postes = postes_de_structure(structure)
    contexte = {
        "structure": structure,
        "prochaine_etape": prochaine_etape(structure.statut),
        "dossiers_a_completer": dossiers_a_completer(structure.pk),
        "demandes": demandes,
        "decisions": decisions,
        "derniere_decision": decisions[-1] if decisions else None,
        "decision_postes": derniere_decision_favorable(structure),
        "postes": postes,
        "postes_attribues": postes["attribues"],
        "anomalie": anomalie_postes(postes["occupes"], postes["attribues"]),
        "echeance": Poste.objects.libres()
        .filter(structure=structure)
        .order_by("recruter_avant")
        .first(),
        "convention": Convention.objects.filter(structure=structure).first(),
        "documents": DOCUMENTS.values(),
    }
    return render(request, "structures/espace.html", contexte)


def _document(slug):
    document = DOCUMENTS.get(slug)
    if document is None:
        raise Http404("Document introuvable")
    return document


def _contexte_document(structure) -> dict:
    commune = structure.commune.nom if structure.commune else ""
    contact = " ".join(p for p in (structure.contact_prenom, structure.contact_nom) if p)
    representant = ", ".join(p for p in (contact, structure.contact_fonction) if p)
    lieu = " ".join(p for p in (structure.code_postal, commune) if p)
    return {
        "structure": structure.nom,
        "commune": commune,
        "siret": structure.siret,
        "adresse_complete": ", ".join(p for p in (structure.adresse, lieu) if p),
        "contact": f"{contact} ({structure.contact_email})" if structure.contact_email else contact,
        "representant": representant,
    }


FORMATS_BUREAUTIQUES = {
    "docx": (
        documents.en_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "odt": (documents.en_odt, "application/vnd.oasis.opendocument.text"),
    "pdf": (documents.en_pdf, "application/pdf"),
}


@role_requis(Role.STRUCTURE)
def document_bureautique(request, slug, format):
    """A kit document as .docx, .odt or PDF, filled in with the structure's own data."""
    document = _document(slug)
    if format not in FORMATS_BUREAUTIQUES:
        raise Http404
    produire, type_mime = FORMATS_BUREAUTIQUES[format]
    contexte = _contexte_document(request.habilitation.structure)
    contenu = produire(document.titre, kit_entete(contexte), blocs_remplis(document, contexte))
    reponse = HttpResponse(contenu, content_type=type_mime)
    reponse["Content-Disposition"] = f'attachment; filename="{document.slug}.{format}"'
    return reponse


@role_requis(Role.STRUCTURE)
def document(request, slug):
    document = _document(slug)
    structure = request.habilitation.structure
    contexte = {
        "document": document,
        "blocs": blocs_remplis(document, _contexte_document(structure)),
        "autres": [d for d in DOCUMENTS.values() if d.slug != slug],
    }
    return render(request, "structures/document.html", contexte)


@role_requis(Role.STRUCTURE)
def telecharger_document(request, slug):
    document = _document(slug)
    texte = en_markdown(document, _contexte_document(request.habilitation.structure))
    reponse = HttpResponse(texte, content_type="text/markdown; charset=utf-8")
    reponse["Content-Disposition"] = f'attachment; filename="{document.slug}.md"'
    return reponse


# --- Agents ---------------------------------------------------------------------------------

ENTETES_EXPORT = [
    "SIRET",
    "Nom",
    "Type juridique",
    "Publique ou privée",
    "Statut",
    "Code département",
    "Département",
    "Commune",
    "Code postal",
    "Adresse",
    "Grand réseau",
    "Contact – prénom",
    "Contact – nom",
    "Contact – fonction",
    "Contact – courriel",
    "Contact – téléphone",
    "Inscrite le",
    "Candidature déposée le",
    "Statut de la candidature",
    "Postes demandés",
    "Poste de coordinateur demandé",
    "Postes attribués",
    "Postes occupés",
    "Anomalie (plus de postes occupés qu’attribués)",
    "Dernier comité (numéro)",
    "Dernier comité (date)",
]


def _libelle(choix, valeur) -> str:
    return choix(valeur).label if valeur else ""


def _lignes_export(qs):
    for s in qs.iterator(chunk_size=2000):
        yield [
            s.siret,
            s.nom,
            s.get_type_display(),
            s.nature.label if s.nature else "",
            s.get_statut_display(),
            s.departement_id,
            s.departement.nom,
            s.commune.nom if s.commune else "",
            s.code_postal,
            s.adresse,
            s.reseau.nom if s.reseau else "",
            s.contact_prenom,
            s.contact_nom,
            s.contact_fonction,
            s.contact_email,
            s.contact_telephone,
            s.cree_le,
            s.demande_deposee_le,
            _libelle(StatutDemande, s.demande_statut),
            s.demande_postes,
            _libelle(PosteCoordinateur, s.demande_coordinateur),
            s.postes_attribues,
            s.postes_occupes,
            "oui" if anomalie_postes(s.postes_occupes, s.postes_attribues) else "non",
            s.dernier_comite_numero,
            s.dernier_comite_date,
        ]


@require_GET
@role_requis(*ROLES_AGENTS)
def liste(request):
    """Structures and their applications in the agent's scope: filters, search, export."""
    p = request.perimetre
    form = FiltresStructuresForm(request.GET or None, departements=departements_for_user(p))
    filtres = form.filtres() if request.GET else {}
    structures = liste_for_user(p, **filtres)
    if "format" in request.GET:
        return reponse_export(
            request.GET["format"], "structures", ENTETES_EXPORT, _lignes_export(structures)
        )
    page = Paginator(structures, PAR_PAGE).get_page(request.GET.get("page"))
    for s in page:
        s.anomalie = anomalie_postes(s.postes_occupes, s.postes_attribues)
        s.demande_statut_libelle = _libelle(StatutDemande, s.demande_statut)
    parametres = request.GET.copy()
    parametres.pop("page", None)
    parametres.pop("format", None)
    contexte = {
        "form": form,
        "page_obj": page,
        "parametres": parametres.urlencode(),
        "total": page.paginator.count,
    }
    return render(request, "structures/liste.html", contexte)


@role_requis(*ROLES_AGENTS)
def detail(request, pk):
    structure = get_object_or_404(
        structures_for_user(request.perimetre).select_related(
            "departement", "commune", "reseau", "doublon_de"
        ),
        pk=pk,
    )
    decisions = list(decisions_de_structure(structure))
    postes = postes_de_structure(structure)
    gestionnaires = (
        Utilisateur.objects.filter(
            habilitations__structure=structure,
            habilitations__role=Role.STRUCTURE,
            habilitations__active=True,
        )
        .distinct()
        .order_by("nom", "prenom")
    )
    contexte = {
        "structure": structure,
        "demandes": demandes_de_structure(structure),
        "decisions": decisions,
        "postes_attribues": postes["attribues"],
        "postes": postes,
        "anomalie": anomalie_postes(postes["occupes"], postes["attribues"]),
        "conventions": Convention.objects.filter(structure=structure).prefetch_related("avenants"),
        "gestionnaires": gestionnaires,
        "evenements": evenements_de_structure(structure)[:200],
    }
    return render(request, "structures/detail.html", contexte)
