from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.functional import lazy

from candidats.forms import ChampDate
from candidats.rules import PALIERS_PIX
from conventions.choix import TypePoste
from noyau.formulaires import ChampMontant, Formulaire
from noyau.nombres import euros
from territoires.models import Departement

from . import rules
from .models import MiseEnRelation

OUI_NON = [("", "Indifférent"), ("oui", "Oui"), ("non", "Non")]
TRIS = [
    ("distance", "Distance"),
    ("disponibilite", "Date de disponibilité"),
    ("code_postal", "Code postal"),
]


class FiltresForm(Formulaire):
    """Filters and sorting of the recruitment space and of the pool search (GET). Unknown
    values are refused, not silently ignored."""

    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        help_text="Prénom, nom, commune ou code postal",
    )
    pix = forms.MultipleChoiceField(
        label="Palier Pix",
        required=False,
        choices=[(str(k), v) for k, v in PALIERS_PIX.items()],
        widget=forms.CheckboxSelectMultiple,
    )
    cv = forms.ChoiceField(label="CV déposé", required=False, choices=OUI_NON)
    deja_forme = forms.ChoiceField(
        label="Déjà formé (ancien conseiller numérique)", required=False, choices=OUI_NON
    )
    diplome = forms.ChoiceField(
        label="Diplômé en médiation numérique", required=False, choices=OUI_NON
    )
    tri = forms.ChoiceField(label="Trier par", required=False, choices=TRIS)

    def filtres(self) -> dict:
        d = self.cleaned_data
        return {
            k: d.get(k) or v
            for k, v in (("pix", []), ("cv", ""), ("deja_forme", ""), ("diplome", ""), ("q", ""))
        }


class RechercheVivierForm(FiltresForm):
    departement = forms.ChoiceField(label="Département", required=False)

    field_order = ["departement", "q", "pix", "cv", "deja_forme", "diplome", "tri"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Toute la France")] + [
            (d.code, d.libelle) for d in Departement.objects.order_by("code")
        ]
        self.fields["tri"].choices = [
            ("disponibilite", "Date de disponibilité"),
            ("distance", "Distance"),
            ("code_postal", "Code postal"),
        ]


class AjoutCandidatForm(Formulaire):
    email = forms.EmailField(
        label="Adresse électronique du candidat",
        help_text="Celle qu’il a utilisée pour s’inscrire au vivier. Format attendu : nom@domaine.fr",
        error_messages={
            "required": "Indiquez l’adresse électronique du candidat.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )


def _aide_salaire() -> str:
    smic = rules.smic_mensuel(timezone.localdate())
    return f"Au moins le SMIC : {euros(smic)} brut par mois pour 35 heures."


class ValidationForm(Formulaire):
    """ "Valider cette candidature": the planned contract and the clothing size."""

    type_poste = forms.ChoiceField(label="Poste", choices=TypePoste.choices)
    type_contrat = forms.ChoiceField(
        label="Type de contrat",
        choices=[("", "Choisissez")] + MiseEnRelation.TypeContrat.choices,
        error_messages={"required": "Choisissez le type de contrat."},
    )
    date_debut = ChampDate(
        label="Date de début du contrat",
        error_messages={
            "required": "Indiquez la date de début du contrat.",
            "invalid": "Saisissez une date valide, par exemple 01/09/2026.",
        },
    )
    duree_mois = forms.IntegerField(
        label="Durée du contrat (en mois)",
        required=False,
        min_value=1,
        max_value=rules.DUREE_CONTRAT_MAX_MOIS,
        help_text="Laissez vide pour un CDI.",
        error_messages={
            "invalid": "Saisissez un nombre de mois.",
            "min_value": "La durée est d’au moins 1 mois.",
            "max_value": f"La durée est d’au plus {rules.DUREE_CONTRAT_MAX_MOIS} mois.",
        },
    )
    salaire = ChampMontant(
        label="Salaire brut mensuel (en euros)",
        max_digits=8,
        min_value=Decimal("0.01"),
        help_text=lazy(_aide_salaire, str)(),
        error_messages={
            "required": "Indiquez le salaire brut mensuel.",
            "min_value": "Le salaire doit être positif.",
            "max_digits": "Vérifiez le montant du salaire.",
        },
    )
    taille_tenue = forms.ChoiceField(
        label="Taille de la tenue du conseiller",
        choices=[("", "Choisissez")] + MiseEnRelation.TailleTenue.choices,
        help_text="Pour la tenue aux couleurs du dispositif.",
        error_messages={"required": "Choisissez la taille de la tenue."},
    )
    fiche_publiee_le = ChampDate(
        label="Date de publication de la fiche de poste",
        help_text=(
            f"Au moins {rules.DELAI_PUBLICATION_JOURS} jours avant la signature du contrat. "
            "Format attendu : JJ/MM/AAAA"
        ),
        error_messages={
            "required": "Indiquez la date de publication de la fiche de poste.",
            "invalid": "Saisissez une date valide, par exemple 01/06/2026.",
        },
    )

    def __init__(self, *args, types_poste: list[str], outre_mer: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.outre_mer = outre_mer
        choix = [(t, lib) for t, lib in TypePoste.choices if t in types_poste]
        self.fields["type_poste"].choices = choix or TypePoste.choices
        if len(choix) <= 1:
            self.fields["type_poste"].widget = forms.HiddenInput()
            self.fields["type_poste"].initial = choix[0][0] if choix else TypePoste.CONSEILLER

    def clean(self):
        d = super().clean()
        if self.errors:
            return d
        erreurs = rules.erreurs_contrat(
            type_contrat=d.get("type_contrat", ""),
            date_debut=d.get("date_debut"),
            duree_mois=d.get("duree_mois"),
            salaire=d.get("salaire"),
            fiche_publiee_le=d.get("fiche_publiee_le"),
            outre_mer=self.outre_mer,
            aujourd_hui=timezone.localdate(),
        )
        champs = {"date_debut": "date_debut", "salaire": "salaire"}
        for champ, message in erreurs.items():
            self.add_error(champs.get(champ, champ), message)
        return d


class MotifForm(Formulaire):
    motif = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Indiquez le motif : la structure le recevra."},
    )
