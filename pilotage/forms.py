"""Filters of the steering lists (GET: invalid values are ignored) and the report form."""

from django import forms

from comptes.roles import Role
from noyau.formulaires import ChampMontant, Formulaire

from . import rules


class FiltresConseillersForm(Formulaire):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        help_text="Nom, adresse électronique ou structure",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    departement = forms.ModelChoiceField(
        label="Département", queryset=None, required=False, empty_label="Tous"
    )
    groupe = forms.ChoiceField(
        label="Comptes rendus",
        choices=[("", "Tous")] + list(rules.GROUPES_CRA.items()),
        required=False,
    )

    def __init__(self, *args, departements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].queryset = departements
        if not departements.exists():
            del self.fields["departement"]

    def filtres(self) -> dict:
        self.is_valid()
        donnees = {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v}
        if "departement" in donnees:
            donnees["departement"] = donnees["departement"].code
        return donnees


class FiltresGestionnairesForm(Formulaire):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        help_text="Nom ou adresse électronique",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    role = forms.ChoiceField(
        label="Rôle",
        choices=[("", "Tous")]
        + [c for c in Role.choices if c[0] not in ("candidat", "conseiller")],
        required=False,
    )

    def filtres(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v}


class PeriodeForm(Formulaire):
    du = forms.DateField(
        label="Du",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    au = forms.DateField(
        label="Au",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    par = forms.ChoiceField(
        label="Regrouper par",
        choices=[("departement", "Département"), ("region", "Région")],
        required=False,
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("du") and donnees.get("au") and donnees["du"] > donnees["au"]:
            self.add_error("au", "La fin de la période doit suivre son début.")
        return donnees


OUI_NON = [("", "Choisir"), ("oui", "Oui"), ("non", "Non")]


def _booleen(valeur):
    return {"oui": True, "non": False}.get(valeur)


class RapportForm(Formulaire):
    """A report for one period. The hosting-conditions questions are asked with the advisor."""

    conseiller = forms.ModelChoiceField(
        label="Conseiller associé au bilan", queryset=None, required=False, empty_label="Aucun"
    )
    materiel_fourni = forms.TypedChoiceField(
        label="Le conseiller dispose-t-il du matériel nécessaire (ordinateur, téléphone) ?",
        choices=OUI_NON,
        coerce=_booleen,
        empty_value=None,
        required=False,
    )
    frais_deplacement = forms.TypedChoiceField(
        label="Les frais de déplacement sont-ils pris en charge ?",
        choices=OUI_NON,
        coerce=_booleen,
        empty_value=None,
        required=False,
    )
    espace_travail = forms.TypedChoiceField(
        label="Le conseiller dispose-t-il d’un espace de travail ?",
        choices=OUI_NON,
        coerce=_booleen,
        empty_value=None,
        required=False,
    )
    montant_utilise = ChampMontant(
        label="Montant de la subvention utilisé sur la période (€)",
        required=False,
        min_value=0,
        help_text="Exemple : 12 500 ou 12 500,50",
    )
    commentaire = forms.CharField(
        label="Commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    CHAMPS_PAR_TYPE = {
        rules.CONDITIONS_ACCUEIL: (
            "conseiller",
            "materiel_fourni",
            "frais_deplacement",
            "espace_travail",
            "commentaire",
        ),
        rules.UTILISATION_SUBVENTION: ("montant_utilise", "commentaire"),
        rules.RAPPORT_ACTIVITE: ("commentaire",),
    }

    def __init__(self, *args, type_, conseillers, **kwargs):
        super().__init__(*args, **kwargs)
        for nom in list(self.fields):
            if nom not in self.CHAMPS_PAR_TYPE[type_]:
                del self.fields[nom]
        if "conseiller" in self.fields:
            self.fields["conseiller"].queryset = conseillers
        for nom in ("materiel_fourni", "frais_deplacement", "espace_travail"):
            if nom in self.fields:
                self.fields[nom].required = True
        if type_ == rules.UTILISATION_SUBVENTION:
            self.fields["montant_utilise"].required = True
        if type_ == rules.RAPPORT_ACTIVITE:
            self.fields["commentaire"].required = True
            self.fields["commentaire"].label = "Bilan de l’activité de la structure sur l’année"
