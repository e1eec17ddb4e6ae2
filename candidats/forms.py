from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from comptes.forms import ChampsMotDePasse
from comptes.models import Utilisateur
from noyau.anti_robot import ProtectionRobots
from noyau.champ_commune import ChampCommune
from noyau.formulaires import Formulaire
from territoires.models import Departement

from . import rules
from .models import Candidat


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "Format attendu : JJ/MM/AAAA")
        super().__init__(input_formats=["%Y-%m-%d", "%d/%m/%Y"], **kwargs)


def lire_cv(fichier) -> None:
    """Checks an uploaded CV by its content (first and last bytes), whatever its name says."""
    taille = fichier.size or 0
    fichier.seek(0)
    debut = fichier.read(rules.CV_OCTETS_LUS)
    fichier.seek(max(0, taille - rules.CV_OCTETS_LUS))
    fin = fichier.read(rules.CV_OCTETS_LUS)
    fichier.seek(0)
    erreur = rules.erreur_cv(fichier.name or "", taille, debut, fin)
    if erreur:
        raise ValidationError(erreur)


class ChampCv(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Votre CV")
        kwargs.setdefault("help_text", "Au format PDF, 5 Mo au maximum.")
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Choisissez le fichier PDF de votre CV.",
                "empty": "Le fichier est vide.",
                "invalid": "Aucun fichier n’a été envoyé. Vérifiez le type d’encodage du formulaire.",
            },
        )
        super().__init__(
            widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}), **kwargs
        )

    def clean(self, data, initial=None):
        fichier = super().clean(data, initial)
        if fichier and fichier is not initial:
            lire_cv(fichier)
        return fichier


def champ_telephone(valeur: str) -> str:
    numero = rules.normaliser_telephone(valeur)
    if numero is None:
        raise ValidationError(
            "Saisissez un numéro de téléphone valide, par exemple 06 12 34 56 78 "
            "ou +262 692 12 34 56."
        )
    return numero


class ProfilForm(Formulaire):
    """The wishes a recruitment needs; shared by the sign-up and the edit forms."""

    sexe = forms.ChoiceField(
        label="Sexe",
        choices=Candidat.Sexe.choices,
        widget=forms.RadioSelect,
        help_text="Pour les statistiques du dispositif uniquement.",
    )
    date_naissance = ChampDate(
        label="Date de naissance",
        help_text="Format attendu : JJ/MM/AAAA. Pour les statistiques du dispositif uniquement.",
    )
    commune = ChampCommune(label="Commune de résidence")
    distance_max = forms.TypedChoiceField(
        label="Jusqu’à quelle distance de chez vous pouvez-vous travailler ?",
        choices=rules.DISTANCES_KM,
        coerce=int,
    )
    disponible_le = ChampDate(label="Date à partir de laquelle vous êtes disponible")
    situations = forms.MultipleChoiceField(
        label="Votre situation",
        choices=rules.SITUATIONS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez tout ce qui vous correspond (au moins une case).",
        error_messages={"required": "Cochez au moins une situation."},
    )
    nom_diplome_med_num = forms.CharField(
        label="Nom de votre diplôme en médiation numérique",
        max_length=200,
        required=False,
        help_text="Obligatoire si vous êtes diplômé(e) en médiation numérique.",
    )
    motivation = forms.CharField(
        label="Votre motivation",
        max_length=rules.MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Pourquoi souhaitez-vous devenir conseiller numérique ? "
        "2 500 caractères au maximum.",
    )

    def __init__(self, *args, candidat: Candidat | None = None, **kwargs):
        self.candidat = candidat
        if candidat is not None:
            initial = kwargs.setdefault("initial", {})
            for champ in (
                "sexe",
                "date_naissance",
                "commune",
                "distance_max",
                "disponible_le",
                "nom_diplome_med_num",
                "motivation",
            ):
                initial.setdefault(champ, getattr(candidat, champ))
            initial.setdefault("situations", candidat.situations)
        super().__init__(*args, **kwargs)

    def clean_date_naissance(self):
        valeur = self.cleaned_data["date_naissance"]
        erreur = rules.erreur_date_naissance(valeur, timezone.localdate())
        if erreur:
            raise ValidationError(erreur)
        return valeur

    def clean_disponible_le(self):
        valeur = self.cleaned_data["disponible_le"]
        # A date already recorded may lie in the past now; only a new date is checked.
        if self.candidat is not None and valeur == self.candidat.disponible_le:
            return valeur
        erreur = rules.erreur_disponibilite(valeur, timezone.localdate())
        if erreur:
            raise ValidationError(erreur)
        return valeur

    def clean(self):
        donnees = super().clean()
        situations = set(donnees.get("situations") or [])
        if "situations" in donnees:
            erreurs = rules.erreurs_situation(situations, donnees.get("nom_diplome_med_num", ""))
            for champ, message in erreurs.items():
                self.add_error(champ, message)
        if "est_diplome_med_num" not in situations:
            donnees["nom_diplome_med_num"] = ""
        return donnees

    def profil(self) -> dict:
        """The cleaned values, as the model fields the services expect."""
        d = self.cleaned_data
        situations = set(d["situations"])
        return {
            "sexe": d["sexe"],
            "date_naissance": d["date_naissance"],
            "commune": d["commune"],
            "distance_max": d["distance_max"],
            "disponible_le": d["disponible_le"],
            **{champ: champ in situations for champ in rules.CHAMPS_SITUATION},
            "nom_diplome_med_num": d["nom_diplome_med_num"].strip(),
            "motivation": d["motivation"].strip(),
        }


class ChampsConsentement(forms.Form):
    consentement = forms.BooleanField(
        label="J’accepte que mes données soient traitées pour ma candidature au dispositif "
        "Conseiller numérique",
        error_messages={
            "required": "Vous devez accepter le traitement de vos données pour vous inscrire."
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consentement"].help_text = format_html(
            "Vos données servent à vous mettre en relation avec les structures qui recrutent "
            "et aux statistiques du dispositif. Vous pouvez les télécharger ou supprimer votre "
            'compte à tout moment. <a href="{}">En savoir plus sur vos données</a>',
            reverse("public:donnees-personnelles"),
        )


class CreationProfilForm(ChampsConsentement, ProfilForm):
    """A logged-in person without a candidate profile joins the pool."""

    cv = ChampCv(required=False)
    field_order = [
        "sexe",
        "date_naissance",
        "commune",
        "distance_max",
        "disponible_le",
        "situations",
        "nom_diplome_med_num",
        "motivation",
        "cv",
        "consentement",
    ]


class InscriptionCandidatForm(ProtectionRobots, ChampsMotDePasse, CreationProfilForm):
    """The public sign-up: account, wishes, optional CV, consent, robot checks."""

    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telephone = forms.CharField(
        label="Téléphone",
        max_length=20,
        help_text="Par exemple 06 12 34 56 78",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    field_order = [
        "prenom",
        "nom",
        "email",
        "telephone",
        "mot_de_passe1",
        "mot_de_passe2",
        *CreationProfilForm.field_order,
        "site_web",
        "jeton_affichage",
    ]

    def clean_email(self):
        # A known address is answered like a new one; its owner is told by e-mail
        # (``services.inscrire_candidat``).
        return self.cleaned_data["email"].strip().lower()

    def clean_telephone(self):
        return champ_telephone(self.cleaned_data["telephone"])

    def utilisateur_pour_validation(self):
        return Utilisateur(
            email=self.cleaned_data.get("email", ""),
            prenom=self.cleaned_data.get("prenom", ""),
            nom=self.cleaned_data.get("nom", ""),
        )


class ModificationProfilForm(ProfilForm):
    prenom = forms.CharField(label="Prénom", max_length=150)
    nom = forms.CharField(label="Nom", max_length=150)
    telephone = forms.CharField(
        label="Téléphone",
        max_length=20,
        help_text="Par exemple 06 12 34 56 78",
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    field_order = ["prenom", "nom", "telephone"]

    def __init__(self, *args, candidat: Candidat, **kwargs):
        initial = kwargs.setdefault("initial", {})
        for champ in ("prenom", "nom", "telephone"):
            initial.setdefault(champ, getattr(candidat.utilisateur, champ))
        super().__init__(*args, candidat=candidat, **kwargs)

    def clean_telephone(self):
        return champ_telephone(self.cleaned_data["telephone"])


class CvForm(Formulaire):
    cv = ChampCv(required=True)


class PixForm(Formulaire):
    score = forms.IntegerField(
        label="Score Pix",
        min_value=0,
        max_value=rules.SCORE_PIX_MAX,
        help_text=f"Le nombre de pix obtenu, entre 0 et {rules.SCORE_PIX_MAX}.",
    )

    def __init__(self, *args, candidat: Candidat | None = None, **kwargs):
        if candidat is not None and candidat.pix_partage:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("score", candidat.pix_score)
            for code, _ in rules.DOMAINES_PIX:
                initial.setdefault(code, candidat.pix_niveaux.get(code))
        super().__init__(*args, **kwargs)
        for code, libelle in rules.DOMAINES_PIX:
            self.fields[code] = forms.IntegerField(
                label=f"Niveau en « {libelle} »",
                min_value=0,
                max_value=rules.NIVEAU_PIX_MAX,
                help_text=f"De 0 à {rules.NIVEAU_PIX_MAX}.",
            )

    def niveaux(self) -> dict[str, int]:
        return {code: self.cleaned_data[code] for code, _ in rules.DOMAINES_PIX}


class SuppressionForm(Formulaire):
    motif = forms.ChoiceField(
        label="Pourquoi supprimez-vous votre compte ?",
        choices=rules.MOTIFS_SUPPRESSION,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez le motif de la suppression."},
    )
    mot_de_passe = forms.CharField(
        label="Votre mot de passe, pour confirmer",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, utilisateur, **kwargs):
        self.utilisateur = utilisateur
        super().__init__(*args, **kwargs)

    def clean_mot_de_passe(self):
        mot_de_passe = self.cleaned_data["mot_de_passe"]
        if not self.utilisateur.check_password(mot_de_passe):
            raise ValidationError("Mot de passe incorrect.")
        return mot_de_passe


class FiltresForm(Formulaire):
    """Filters of the agents' list (GET): unknown values are refused, not silently ignored."""

    departement = forms.ChoiceField(label="Département", required=False)
    situation = forms.ChoiceField(
        label="Situation", required=False, choices=[("", "Toutes"), *rules.SITUATIONS]
    )
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=[("", "Tous"), *Candidat.Statut.choices]
    )

    def __init__(self, *args, perimetre, **kwargs):
        super().__init__(*args, **kwargs)
        departements = Departement.objects.order_by("code")
        if not perimetre.national:
            departements = departements.filter(code__in=perimetre.departements)
        self.fields["departement"].choices = [("", "Tous")] + [
            (d.code, d.libelle) for d in departements
        ]
