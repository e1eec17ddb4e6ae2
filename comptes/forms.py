from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError

from formation.models import OrganismeFormation
from noyau import courriels
from noyau.formulaires import Formulaire
from structures.models import Reseau, Structure
from territoires.models import Departement, Region

from .acces import roles_sans_mot_de_passe
from .models import Utilisateur
from .roles import CHAMP_PORTEE, Role


class ConnexionForm(Formulaire, AuthenticationForm):
    # However long, the identifier goes to authenticate(): the failure is then counted by
    # django-axes (which stores it cut, comptes.backends.identifiant_axes) and refused with
    # the usual message, instead of escaping the count through a length error.
    longueur_libre = ("username",)
    username = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. "
        "Après plusieurs échecs, le compte est bloqué pendant 30 minutes.",
        "inactive": "Votre adresse électronique n’est pas encore confirmée : suivez le lien "
        "reçu par courriel lors de votre inscription.",
    }

    def confirm_login_allowed(self, user):
        if not user.is_active:
            code = "inactive"
            if user.email_verifie_le:
                raise ValidationError("Ce compte est désactivé.", code=code)
            raise ValidationError(self.error_messages[code], code=code)
        reserves = roles_sans_mot_de_passe()
        if reserves:
            roles = set(user.habilitations.filter(active=True).values_list("role", flat=True))
            if roles and roles <= reserves:
                libelles = ", ".join(sorted(Role(r).label for r in roles))
                raise ValidationError(
                    f"La connexion par mot de passe est désactivée pour votre rôle ({libelles}) :"
                    " utilisez le bouton « S’identifier avec ProConnect ».",
                    code="proconnect",
                )


class ChampsMotDePasse(forms.Form):
    """Two password fields checked against the project's password rules."""

    mot_de_passe1 = forms.CharField(
        label="Mot de passe",
        strip=False,
        help_text="Au moins 12 caractères, pas uniquement des chiffres, pas trop courant.",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    mot_de_passe2 = forms.CharField(
        label="Confirmation du mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def utilisateur_pour_validation(self):
        return None

    def clean_mot_de_passe2(self):
        m1 = self.cleaned_data.get("mot_de_passe1")
        m2 = self.cleaned_data.get("mot_de_passe2")
        if m1 and m2 and m1 != m2:
            raise ValidationError("Les deux mots de passe ne correspondent pas.")
        return m2

    def _post_clean(self):
        super()._post_clean()
        mot_de_passe = self.cleaned_data.get("mot_de_passe2")
        if mot_de_passe:
            try:
                password_validation.validate_password(
                    mot_de_passe, self.utilisateur_pour_validation()
                )
            except ValidationError as erreur:
                self.add_error("mot_de_passe1", erreur)


class InscriptionForm(Formulaire, ChampsMotDePasse):
    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    field_order = ["prenom", "nom", "email", "mot_de_passe1", "mot_de_passe2"]

    def clean_email(self):
        # A known address is not refused here (that would tell who has an account):
        # ``services.inscrire_ou_prevenir`` tells its owner by e-mail.
        return self.cleaned_data["email"].strip().lower()

    def utilisateur_pour_validation(self):
        return Utilisateur(
            email=self.cleaned_data.get("email", ""),
            prenom=self.cleaned_data.get("prenom", ""),
            nom=self.cleaned_data.get("nom", ""),
        )


class CompteInviteForm(Formulaire, ChampsMotDePasse):
    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    field_order = ["prenom", "nom", "mot_de_passe1", "mot_de_passe2"]


class MotDePasseInviteForm(Formulaire, ChampsMotDePasse):
    """The invited person's existing account has no usable password: they choose one."""

    def __init__(self, *args, utilisateur, **kwargs):
        super().__init__(*args, **kwargs)
        self.utilisateur = utilisateur

    def utilisateur_pour_validation(self):
        return self.utilisateur


class MotDePasseOublieForm(Formulaire, PasswordResetForm):
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def get_users(self, email):
        """Every active account of that address, including one that never had a usable
        password (created for the person by a partner or a structure): following the link
        proves the mailbox, and it is how such a person gets a password. Django's default
        skips those accounts, so the page said « sent » and nothing left."""
        return Utilisateur.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        courriels.envoyer(
            to_email,
            "Réinitialisation de votre mot de passe",
            "comptes/courriels/reinitialisation",
            context,
        )


class NouveauMotDePasseForm(Formulaire, SetPasswordForm):
    error_messages = {"password_mismatch": "Les deux mots de passe ne correspondent pas."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields[
            "new_password1"
        ].help_text = "Au moins 12 caractères, pas uniquement des chiffres, pas trop courant."
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"


class InvitationForm(Formulaire):
    """National admin: invite anyone to any role, with the scope that role requires."""

    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    role = forms.ChoiceField(label="Rôle", choices=Role.choices)
    departement = forms.ModelChoiceField(
        label="Département (préfecture départementale)",
        queryset=Departement.objects.all(),
        required=False,
    )
    region = forms.ModelChoiceField(
        label="Région (préfecture de région)", queryset=Region.objects.all(), required=False
    )
    departements = forms.ModelMultipleChoiceField(
        label="Départements (hub)", queryset=Departement.objects.all(), required=False
    )
    structure = forms.ModelChoiceField(
        label="Structure", queryset=Structure.objects.all(), required=False
    )
    reseau = forms.ModelChoiceField(
        label="Grand réseau", queryset=Reseau.objects.all(), required=False
    )
    organisme = forms.ModelChoiceField(
        label="Organisme de formation", queryset=OrganismeFormation.objects.all(), required=False
    )

    def clean(self):
        donnees = super().clean()
        role = donnees.get("role")
        if not role:
            return donnees
        requis = CHAMP_PORTEE.get(role)
        for champ in ("structure", "reseau", "organisme"):
            if champ == requis and not donnees.get(champ):
                self.add_error(champ, "Ce rôle demande de choisir ce périmètre.")
            elif champ != requis and donnees.get(champ):
                self.add_error(champ, "Ce périmètre ne s’applique pas au rôle choisi.")
        a_dep, a_reg = bool(donnees.get("departement")), bool(donnees.get("region"))
        if role == Role.PREFECTURE:
            if a_dep == a_reg:
                self.add_error(
                    "departement", "Une préfecture a soit un département, soit une région."
                )
        else:
            if a_dep:
                self.add_error("departement", "Seule une préfecture a un département.")
            if a_reg:
                self.add_error("region", "Seule une préfecture de région a une région.")
        if role == Role.HUB and not donnees.get("departements"):
            self.add_error("departements", "Un hub couvre au moins un département.")
        elif role != Role.HUB and donnees.get("departements"):
            self.add_error("departements", "Seul un hub couvre une liste de départements.")
        return donnees


class InvitationGestionnaireForm(Formulaire):
    """A structure manager invites another manager of the same structure."""

    email = forms.EmailField(label="Adresse électronique du gestionnaire invité")


class InvitationEquipeForm(Formulaire):
    email = forms.EmailField(
        label="Adresse électronique du conseiller",
        help_text="L’adresse de son compte sur la plateforme. Format attendu : nom@domaine.fr",
    )
