from django import forms

from noyau.formulaires import Formulaire

from .rules import Ponderations

POIDS = {
    "equite": "Facteur « équité »",
    "demographie": "Facteur « démographie »",
    "vulnerabilite": "Facteur « vulnérabilité »",
    "pauvrete": "Indice de vulnérabilité : taux de pauvreté",
    "chomage": "Indice de vulnérabilité : taux de chômage",
    "non_couverture": "Indice de vulnérabilité : absence de couverture numérique",
}
TAILLE_MAX_IMPORT = 1024 * 1024


class CalculCiblesForm(Formulaire):
    total = forms.IntegerField(
        label="Objectif national (nombre de postes)", min_value=1, max_value=100_000, initial=4000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        defaut = Ponderations()
        for nom, libelle in POIDS.items():
            self.fields[f"poids_{nom}"] = forms.DecimalField(
                label=libelle,
                min_value=0,
                max_value=1,
                decimal_places=3,
                initial=getattr(defaut, nom),
                help_text="Entre 0 et 1.",
            )
        self.fields["commentaire"] = forms.CharField(
            label="Motif du calcul",
            required=False,
            max_length=500,
            widget=forms.Textarea(attrs={"rows": 2}),
        )

    def ponderations(self) -> Ponderations:
        return Ponderations(**{nom: float(self.cleaned_data[f"poids_{nom}"]) for nom in POIDS})

    def clean(self):
        donnees = super().clean()
        if all(f"poids_{nom}" in donnees for nom in POIDS):
            for erreur in self.ponderations().erreurs():
                self.add_error(None, erreur)
        return donnees


class ImportIndicateursForm(Formulaire):
    fichier = forms.FileField(
        label="Fichier CSV des indicateurs",
        help_text="Colonnes : code_departement;taux_pauvrete;taux_chomage;couverture_numerique;source "
        "(séparateur « ; » ou « , », encodage UTF-8, 1 Mo au plus).",
    )

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_IMPORT:
            raise forms.ValidationError("Le fichier dépasse 1 Mo.")
        if not fichier.name.lower().endswith(".csv"):
            raise forms.ValidationError("Le fichier doit être au format CSV (extension .csv).")
        return fichier
