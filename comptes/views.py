from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from . import equipes, proconnect, services
from .acces import (
    choisir_habilitation,
    habilitations_actives,
    role_requis,
)
from .forms import (
    CompteInviteForm,
    ConnexionForm,
    InscriptionForm,
    InvitationEquipeForm,
    InvitationForm,
    InvitationGestionnaireForm,
    MotDePasseInviteForm,
    MotDePasseOublieForm,
    NouveauMotDePasseForm,
)
from .jetons import lire_jeton_invitation, lire_jeton_verification
from .models import ConnexionRole, Invitation, InvitationEquipe, MembreEquipe, Utilisateur
from .navigation import ACCUEILS, ESPACES
from .roles import ROLES_PROCONNECT, Role
from .selectors import evenements_for_user, invitations_for_user

BACKEND = "comptes.backends.AuthentificationBackend"


class Connexion(auth_views.LoginView):
    form_class = ConnexionForm
    template_name = "comptes/connexion.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(proconnect=proconnect.est_configure(), **kwargs)

    def form_valid(self, form):
        reponse = super().form_valid(form)
        self.request.session[proconnect.CLE_METHODE] = "mot_de_passe"
        return reponse


class Deconnexion(auth_views.LogoutView):
    """Logs out here, then at ProConnect when the session was opened there."""

    def post(self, request, *args, **kwargs):
        chez_proconnect = proconnect.par_proconnect(request) and proconnect.est_configure()
        url = proconnect.url_deconnexion(request) if chez_proconnect else None
        reponse = super().post(request, *args, **kwargs)
        return redirect(url) if url else reponse


def inscription(request):
    if request.user.is_authenticated:
        return redirect("comptes:espace")
    form = InscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.inscrire_ou_prevenir(
            email=form.cleaned_data["email"],
            prenom=form.cleaned_data["prenom"],
            nom=form.cleaned_data["nom"],
            mot_de_passe=form.cleaned_data["mot_de_passe1"],
            request=request,
        )
        return redirect("comptes:inscription_envoyee")
    return render(request, "comptes/inscription.html", {"form": form})


def inscription_envoyee(request):
    return render(request, "comptes/inscription_envoyee.html")


def verifier_email(request, jeton):
    donnees = lire_jeton_verification(jeton)
    utilisateur = None
    if donnees:
        utilisateur = Utilisateur.objects.filter(pk=donnees["u"], email=donnees["e"]).first()
    if utilisateur is None:
        return render(request, "comptes/lien_invalide.html", status=400)
    services.confirmer_email(utilisateur, request=request)
    messages.success(
        request, "Votre adresse électronique est confirmée : vous pouvez vous connecter."
    )
    return redirect("comptes:connexion")


class MotDePasseOublie(auth_views.PasswordResetView):
    form_class = MotDePasseOublieForm
    template_name = "comptes/mot_de_passe_oublie.html"
    success_url = reverse_lazy("comptes:mot_de_passe_envoye")


class MotDePasseEnvoye(auth_views.PasswordResetDoneView):
    template_name = "comptes/mot_de_passe_envoye.html"


class MotDePasseReinitialiser(auth_views.PasswordResetConfirmView):
    form_class = NouveauMotDePasseForm
    template_name = "comptes/mot_de_passe_reinitialiser.html"
    success_url = reverse_lazy("comptes:mot_de_passe_termine")


class MotDePasseTermine(auth_views.PasswordResetCompleteView):
    template_name = "comptes/mot_de_passe_termine.html"


def invitation(request, jeton):
    invitation_id = lire_jeton_invitation(jeton)
    invitation = Invitation.objects.filter(pk=invitation_id).first() if invitation_id else None
    if invitation is None or invitation.est_expiree or invitation.acceptee_le:
        return render(request, "comptes/lien_invalide.html", status=400)
    compte = Utilisateur.objects.filter(email__iexact=invitation.email).first()
    compte_existe = compte is not None
    sans_mot_de_passe = compte_existe and not compte.has_usable_password()
    form = None
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                habilitation = services.accepter_invitation(
                    invitation.pk, request.user, request=request
                )
            except services.ActionImpossible as erreur:
                messages.error(request, str(erreur))
                return redirect("comptes:espace")
            choisir_habilitation(request, habilitation)
            messages.success(request, f"Vous avez désormais le rôle « {habilitation} ».")
            return redirect("comptes:espace")
    elif sans_mot_de_passe:
        form = MotDePasseInviteForm(request.POST or None, utilisateur=compte)
        if request.method == "POST" and form.is_valid():
            try:
                utilisateur, habilitation = services.choisir_mot_de_passe_invite(
                    invitation=invitation,
                    mot_de_passe=form.cleaned_data["mot_de_passe1"],
                    request=request,
                )
            except services.ActionImpossible as erreur:
                messages.error(request, str(erreur))
                return redirect("comptes:connexion")
            login(request, utilisateur, backend=BACKEND)
            choisir_habilitation(request, habilitation)
            messages.success(request, f"Vous avez désormais le rôle « {habilitation} ».")
            return redirect("comptes:espace")
    elif not compte_existe:
        form = CompteInviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            utilisateur, habilitation = services.creer_compte_invite(
                invitation=invitation,
                prenom=form.cleaned_data["prenom"],
                nom=form.cleaned_data["nom"],
                mot_de_passe=form.cleaned_data["mot_de_passe1"],
                request=request,
            )
            login(request, utilisateur, backend=BACKEND)
            choisir_habilitation(request, habilitation)
            messages.success(request, "Votre compte est créé.")
            return redirect("comptes:espace")
    contexte = {
        "invitation": invitation,
        "form": form,
        "compte_existe": compte_existe,
        "sans_mot_de_passe": sans_mot_de_passe,
    }
    return render(request, "comptes/invitation.html", contexte)


@login_required
def espace(request):
    """Where a logged-in user lands: the home of their active role."""
    if request.habilitation is None:
        return render(request, "comptes/sans_role.html")
    role = request.habilitation.role
    if role in ACCUEILS:
        return redirect(ACCUEILS[role])
    return redirect("comptes:accueil_role", role=role)


def accueil_role(request, role):
    if role not in Role.values:
        raise Http404
    return _vues_accueil[role](request, role=role)


def _accueil(request, role):
    contexte = {"role": Role(role), "espace": ESPACES[role]}
    return render(request, "comptes/espace.html", contexte)


_vues_accueil = {r: role_requis(r)(_accueil) for r in Role.values}


@login_required
@require_POST
def changer_role(request):
    habilitations = {str(h.pk): h for h in habilitations_actives(request)}
    choisie = habilitations.get(request.POST.get("habilitation", ""))
    if choisie is None:
        raise Http404
    choisir_habilitation(request, choisie)
    messages.info(request, f"Vous agissez maintenant en tant que : {choisie}.")
    return redirect("comptes:espace")


@role_requis(Role.ANCT)
def invitations(request):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        donnees = form.cleaned_data
        services.inviter(
            par=request.user,
            email=donnees["email"],
            role=donnees["role"],
            portee=donnees,
            departements=donnees["departements"],
            request=request,
        )
        messages.success(request, f"Invitation envoyée à {donnees['email']}.")
        return redirect("comptes:invitations")
    page = Paginator(invitations_for_user(request.perimetre), 25).get_page(request.GET.get("page"))
    return render(request, "comptes/invitations.html", {"form": form, "page_obj": page})


@role_requis(Role.ANCT)
def modes_connexion(request):
    """The ANCT switches password login off (or back on) for an agent role."""
    if request.method == "POST":
        role = request.POST.get("role", "")
        if role not in ROLES_PROCONNECT:
            messages.error(request, "Ce rôle n’existe pas ou ne se connecte pas par ProConnect.")
            return redirect("comptes:modes_connexion")
        choix = request.POST.get("mot_de_passe")
        if choix not in ("autoriser", "desactiver"):
            # Only the two buttons decide: any other value changes nothing.
            messages.error(request, "Choisissez « Autoriser » ou « Désactiver ».")
            return redirect("comptes:modes_connexion")
        autorise = choix == "autoriser"
        services.regler_connexion(
            par=request.user, role=role, mot_de_passe_autorise=autorise, request=request
        )
        libelle = Role(role).label
        messages.success(
            request,
            f"Rôle « {libelle} » : connexion par mot de passe "
            f"{'autorisée' if autorise else 'désactivée, ProConnect seulement'}.",
        )
        return redirect("comptes:modes_connexion")
    reglages = {r.role: r for r in ConnexionRole.objects.select_related("modifie_par")}
    lignes = [
        {
            "role": role,
            "autorise": reglages[role].mot_de_passe_autorise if role in reglages else True,
            "reglage": reglages.get(role),
        }
        for role in ROLES_PROCONNECT
    ]
    contexte = {"lignes": lignes, "proconnect": proconnect.est_configure()}
    return render(request, "comptes/modes_connexion.html", contexte)


@role_requis(Role.STRUCTURE)
def gestionnaires(request):
    structure = request.habilitation.structure
    form = InvitationGestionnaireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.inviter(
            par=request.user,
            email=form.cleaned_data["email"],
            role=Role.STRUCTURE,
            portee={"structure": structure},
            request=request,
        )
        messages.success(request, f"Invitation envoyée à {form.cleaned_data['email']}.")
        return redirect("comptes:gestionnaires")
    membres = (
        Utilisateur.objects.filter(
            habilitations__structure=structure,
            habilitations__role=Role.STRUCTURE,
            habilitations__active=True,
        )
        .distinct()
        .order_by("nom", "prenom")
    )
    en_attente = invitations_for_user(request.perimetre).filter(acceptee_le__isnull=True)
    contexte = {"form": form, "structure": structure, "membres": membres, "en_attente": en_attente}
    return render(request, "comptes/gestionnaires.html", contexte)


@role_requis(Role.ANCT)
def journal(request):
    evenements = evenements_for_user(request.perimetre).select_related("acteur")
    action = request.GET.get("action", "").strip()
    if action:
        evenements = evenements.filter(action__startswith=action)
    page = Paginator(evenements, 50).get_page(request.GET.get("page"))
    return render(request, "comptes/journal.html", {"page_obj": page, "action": action})


@role_requis(Role.ANCT)
def evenement(request, pk):
    objet = get_object_or_404(evenements_for_user(request.perimetre), pk=pk)
    return render(
        request,
        "comptes/evenement.html",
        {"evenement": objet, "retour": reverse("comptes:journal")},
    )


# --- Coordinators' teams ----------------------------------------------------------------------


@role_requis(Role.COORDINATEUR)
def equipe(request):
    """The coordinator's team: current and past members, pending invitations, invite."""
    coordination = request.habilitation
    form = InvitationEquipeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = equipes.inviter(coordination, form.cleaned_data["email"], request=request)
        except services.ActionImpossible as erreur:
            form.add_error("email", str(erreur))
        else:
            messages.success(request, f"Invitation envoyée à {invitation.conseiller.email}.")
            return redirect("comptes:equipe")
    membres = MembreEquipe.objects.filter(coordination=coordination).select_related("conseiller")
    contexte = {
        "form": form,
        "actuels": [m for m in membres if m.fin is None],
        "anciens": [m for m in membres if m.fin is not None],
        "en_attente": InvitationEquipe.objects.filter(
            coordination=coordination, acceptee_le__isnull=True, refusee_le__isnull=True
        ).select_related("conseiller"),
    }
    return render(request, "comptes/equipe.html", contexte)


@login_required
@require_POST
def equipe_terminer(request, pk):
    """End a follow-up: the coordinator removes a member, or the advisor leaves."""
    try:
        membre = equipes.quitter(pk, request.user, request=request)
    except services.ActionImpossible as erreur:
        raise Http404(str(erreur)) from None
    messages.success(request, f"Suivi terminé le {membre.fin:%d/%m/%Y}.")
    if membre.conseiller_id == request.user.pk:
        return redirect("comptes:mes_coordinations")
    return redirect("comptes:equipe")


@role_requis(Role.CONSEILLER)
def mes_coordinations(request):
    membres = MembreEquipe.objects.filter(conseiller=request.user).select_related(
        "coordination__utilisateur"
    )
    invitations = InvitationEquipe.objects.filter(
        conseiller=request.user, acceptee_le__isnull=True, refusee_le__isnull=True
    ).select_related("coordination__utilisateur")
    return render(
        request,
        "comptes/mes_coordinations.html",
        {
            "membres": membres,
            "invitations": [(i, equipes.jeton(i)) for i in invitations],
        },
    )


@login_required
def equipe_invitation(request, jeton):
    invitation_id = equipes.lire_jeton(jeton)
    invitation = (
        InvitationEquipe.objects.select_related("coordination__utilisateur")
        .filter(pk=invitation_id, conseiller=request.user)
        .first()
        if invitation_id
        else None
    )
    if invitation is None or not invitation.en_attente:
        return render(request, "comptes/lien_invalide.html", status=400)
    if request.method == "POST":
        accepter = request.POST.get("reponse") == "accepter"
        try:
            equipes.repondre(invitation.pk, request.user, accepter=accepter, request=request)
        except services.ActionImpossible as erreur:
            messages.error(request, str(erreur))
        else:
            messages.success(
                request,
                "Vous avez rejoint l’équipe." if accepter else "Vous avez décliné l’invitation.",
            )
        return redirect("comptes:mes_coordinations")
    return render(request, "comptes/equipe_invitation.html", {"invitation": invitation})
