import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from comptes.forms import ChampsMotDePasse
from comptes.models import Utilisateur
from instruction.choix import PolitiquePrioritaire, PosteCoordinateur
from noyau.champ_commune import ChampCommune
from noyau.formulaires import Formulaire

from .choix import Nature, StatutStructure, TypeStructure
from .models import Reseau, Structure
from .rules import SiretInvalide, eligibilite, valider_siret
from .services import MESSAGE_SIRET_DEJA_INSCRIT

MOTIVATION_MIN = 50
MOTIVATION_MAX = 2500
POSTES_MAX = 100
_TELEPHONE = re.compile(r"^(?:\+[1-9][0-9]{6,14}|0[1-9][0-9]{8})$")


def valider_telephone(valeur: str) -> str:
    compact = re.sub(r"[\s.\-()]", "", valeur or "")
    if not _TELEPHONE.match(compact):
        raise ValidationError(
            "Numéro de téléphone invalide : 10 chiffres (ex. 05 56 10 20 30) ou format "
            "international (ex. +262 262 12 34 56)."
        )
    return compact


class ChampDate(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d", "%d/%m/%Y"])
        super().__init__(**kwargs)


OUI_NON = [("oui", "Oui"), ("non", "Non")]

# Sections of the sign-up form, in order: (legend, field names).
SECTIONS = [
    ("Votre structure", ["siret", "nom", "type", "reseau", "adresse", "commune"]),
    (
        "Contact principal, premier gestionnaire de la structure",
        [
            "contact_prenom",
            "contact_nom",
            "contact_fonction",
            "contact_email",
            "contact_telephone",
            "mot_de_passe1",
            "mot_de_passe2",
        ],
    ),
    (
        "Votre projet d’accueil",
        [
            "nombre_postes",
            "poste_coordinateur",
            "lieux_missions",
            "date_debut_souhaitee",
            "politiques_prioritaires",
            "motivation",
            "candidat_identifie",
        ],
    ),
    ("Engagement", ["engagement"]),
]


class InscriptionStructureForm(Formulaire, ChampsMotDePasse):
    """The structure's sign-up and application: the "twelve questions" [003 étape 1].

    For a signed-in user, the account fields are left out: they become the manager.
    """

    siret = forms.CharField(
        label="Numéro SIRET",
        max_length=20,
        help_text="14 chiffres, sur l’avis de situation au répertoire SIRENE. "
        "Une seule inscription par structure porteuse, même pour un recrutement mutualisé.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nom = forms.CharField(label="Nom de la structure", max_length=255)
    type = forms.ChoiceField(
        label="Type juridique",
        choices=[("", "Choisissez le type juridique")] + TypeStructure.choices,
        help_text="Il détermine si la structure est publique ou privée et si elle est éligible.",
    )
    reseau = forms.ModelChoiceField(
        label="Grand réseau national (candidature groupée)",
        queryset=Reseau.objects.all(),
        required=False,
        empty_label="Aucun",
        help_text="Si votre structure candidate dans le cadre du projet global d’un réseau "
        "national, choisissez-le.",
    )
    adresse = forms.CharField(
        label="Adresse (numéro et voie)",
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    commune = ChampCommune(
        label="Commune",
        help_text="Tapez le nom ou le code postal, puis choisissez dans la liste, "
        "par exemple « Bordeaux (33000) ».",
    )
    contact_prenom = forms.CharField(
        label="Prénom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    contact_nom = forms.CharField(
        label="Nom", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    contact_fonction = forms.CharField(
        label="Fonction", max_length=150, help_text="Par exemple : directrice générale des services"
    )
    contact_email = forms.EmailField(
        label="Adresse électronique",
        help_text="Elle servira d’identifiant de connexion. Format attendu : nom@domaine.fr",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_telephone = forms.CharField(
        label="Téléphone",
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    nombre_postes = forms.IntegerField(
        label="Nombre de postes de conseillers numériques souhaités",
        min_value=0,
        max_value=POSTES_MAX,
        initial=1,
        error_messages={
            "min_value": "Le nombre de postes ne peut pas être négatif.",
            "max_value": f"Au-delà de {POSTES_MAX} postes, écrivez à conseiller-numerique@anct.gouv.fr.",
            "invalid": "Indiquez un nombre entier de postes.",
        },
    )
    poste_coordinateur = forms.ChoiceField(
        label="Souhaitez-vous aussi un poste de conseiller numérique coordinateur ?",
        choices=PosteCoordinateur.choices,
        initial=PosteCoordinateur.AUCUN,
        widget=forms.RadioSelect,
        help_text="Le coordinateur anime un groupe de conseillers sur un territoire.",
    )
    lieux_missions = forms.CharField(
        label="Lieux d’exercice et missions prévus",
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Où le conseiller accueillera-t-il le public (mairie, médiathèque, France "
        "Services, permanences itinérantes…) et pour quelles missions ?",
    )
    date_debut_souhaitee = ChampDate(
        label="Date de début de mission souhaitée",
        help_text="Au format jj/mm/aaaa ; pas dans le passé.",
    )
    politiques_prioritaires = forms.MultipleChoiceField(
        label="Liens avec les politiques publiques prioritaires",
        choices=PolitiquePrioritaire.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Cochez tout ce qui concerne le territoire ou la structure.",
    )
    motivation = forms.CharField(
        label="Motivation",
        min_length=MOTIVATION_MIN,
        max_length=MOTIVATION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Entre {MOTIVATION_MIN} et {MOTIVATION_MAX} caractères : les besoins du "
        "territoire, les publics visés, ce que la structure met en place.",
        error_messages={
            "min_length": f"Décrivez votre motivation en {MOTIVATION_MIN} caractères au moins.",
            "max_length": f"La motivation est limitée à {MOTIVATION_MAX} caractères.",
        },
    )
    candidat_identifie = forms.ChoiceField(
        label="Avez-vous déjà identifié un candidat ?",
        choices=OUI_NON,
        widget=forms.RadioSelect,
        help_text="Il devra lui aussi s’inscrire sur la plateforme : tout recrutement passe par elle.",
    )
    engagement = forms.BooleanField(
        label="Je m’engage, au nom de la structure, à respecter les engagements du dispositif : "
        "recruter dans les délais, laisser le conseiller suivre sa formation, lui confier les "
        "missions du dispositif à temps plein et gratuitement pour les usagers, lui donner les "
        "moyens de travailler et rendre compte de son activité.",
        error_messages={"required": "Cochez la case d’engagement pour déposer la candidature."},
    )

    field_order = [nom for _, noms in SECTIONS for nom in noms]

    def __init__(self, *args, utilisateur=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.utilisateur = utilisateur if utilisateur and utilisateur.is_authenticated else None
        self.fields["mot_de_passe1"].help_text = (
            "Pour vous connecter à l’espace de la structure : au moins 12 caractères, "
            "pas uniquement des chiffres, pas trop courant."
        )
        if self.utilisateur:
            for champ in ("contact_email", "mot_de_passe1", "mot_de_passe2"):
                del self.fields[champ]
            self.fields["contact_prenom"].initial = self.utilisateur.prenom
            self.fields["contact_nom"].initial = self.utilisateur.nom
            self.fields["contact_telephone"].initial = self.utilisateur.telephone
        for nom in ("adresse", "lieux_missions", "motivation", "contact_fonction"):
            self.fields[nom].widget.attrs.setdefault("maxlength", self.fields[nom].max_length)

    def sections(self):
        for legende, noms in SECTIONS:
            champs = [self[nom] for nom in noms if nom in self.fields]
            if champs:
                yield legende, champs

    def clean_siret(self):
        try:
            siret = valider_siret(self.cleaned_data["siret"])
        except SiretInvalide as erreur:
            raise ValidationError(str(erreur)) from None
        if Structure.objects.filter(siret=siret).exists():
            raise ValidationError(MESSAGE_SIRET_DEJA_INSCRIT)
        return siret

    def clean_type(self):
        type_structure = self.cleaned_data["type"]
        resultat = eligibilite(type_structure)
        if not resultat.eligible:
            raise ValidationError(resultat.motif)
        return type_structure

    def clean_contact_email(self):
        # A known address is answered like a new one; its owner is told by e-mail
        # (``services.inscrire_structure``).
        return self.cleaned_data["contact_email"].strip().lower()

    def clean_contact_telephone(self):
        return valider_telephone(self.cleaned_data["contact_telephone"])

    def clean_date_debut_souhaitee(self):
        valeur = self.cleaned_data["date_debut_souhaitee"]
        if valeur < timezone.localdate():
            raise ValidationError("La date de début ne peut pas être dans le passé.")
        return valeur

    def clean(self):
        donnees = super().clean()
        postes = donnees.get("nombre_postes")
        coordinateur = donnees.get("poste_coordinateur")
        if postes == 0 and coordinateur == PosteCoordinateur.AUCUN:
            self.add_error(
                "nombre_postes",
                "Demandez au moins un poste de conseiller, ou un poste de coordinateur.",
            )
        return donnees

    def utilisateur_pour_validation(self):
        return Utilisateur(
            email=self.cleaned_data.get("contact_email", ""),
            prenom=self.cleaned_data.get("contact_prenom", ""),
            nom=self.cleaned_data.get("contact_nom", ""),
        )

    def _post_clean(self):
        if self.utilisateur is None:
            super()._post_clean()

    def donnees_structure(self) -> dict:
        d = self.cleaned_data
        return {
            "nom": d["nom"].strip(),
            "type": d["type"],
            "reseau": d.get("reseau"),
            "adresse": d["adresse"].strip(),
            "commune": d["commune"],
            "contact_prenom": d["contact_prenom"].strip(),
            "contact_nom": d["contact_nom"].strip(),
            "contact_fonction": d["contact_fonction"].strip(),
            "contact_email": self.utilisateur.email if self.utilisateur else d["contact_email"],
            "contact_telephone": d["contact_telephone"],
        }

    def donnees_demande(self) -> dict:
        d = self.cleaned_data
        return {
            "nombre_postes": d["nombre_postes"],
            "poste_coordinateur": d["poste_coordinateur"],
            "lieux_missions": d["lieux_missions"].strip(),
            "date_debut_souhaitee": d["date_debut_souhaitee"],
            "politiques_prioritaires": d["politiques_prioritaires"],
            "motivation": d["motivation"].strip(),
            "candidat_identifie": d["candidat_identifie"] == "oui",
            "engagement": d["engagement"],
        }


class FiltresStructuresForm(Formulaire):
    """The agents' list filters (GET). Invalid values are ignored, never an error page."""

    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        help_text="Nom, SIRET ou commune",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    departement = forms.ModelChoiceField(
        label="Département", queryset=None, required=False, empty_label="Tous"
    )
    type = forms.ChoiceField(
        label="Type juridique", choices=[("", "Tous")] + TypeStructure.choices, required=False
    )
    nature = forms.ChoiceField(
        label="Publique ou privée", choices=[("", "Toutes")] + Nature.choices, required=False
    )
    statut = forms.ChoiceField(
        label="Statut", choices=[("", "Tous")] + StatutStructure.choices, required=False
    )

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements
        self.fields["departement"].label_from_instance = lambda d: d.libelle

    def filtres(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return dict(self.cleaned_data)
