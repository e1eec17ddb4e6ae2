from django import forms
from django.utils import timezone

from candidats.forms import ChampDate
from noyau.formulaires import Formulaire
from territoires.models import Departement

from . import catalogues as C
from . import rules as R
from .models import Centre, OrganismeFormation, Session

VIDE = [("", "Tous")]
CHOIX_PARCOURS = [(p.code, p.libelle) for p in C.PARCOURS]


class FiltresApprenantsForm(Formulaire):
    q = forms.CharField(
        label="Rechercher", required=False, max_length=100, help_text="Nom, adresse ou structure"
    )
    etat = forms.ChoiceField(
        label="État", required=False, choices=VIDE + list(R.LIBELLES_ETATS.items())
    )
    parcours = forms.ChoiceField(label="Parcours", required=False, choices=VIDE + CHOIX_PARCOURS)
    departement = forms.ChoiceField(label="Département de la structure", required=False)
    sans_organisme = forms.BooleanField(
        label="Seulement les conseillers sans organisme (à affecter)", required=False
    )

    def __init__(self, *args, national: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not national:
            del self.fields["sans_organisme"]
        self.fields["departement"].choices = VIDE + [
            (d.code, str(d)) for d in Departement.objects.order_by("code")
        ]


class PositionnementForm(Formulaire):
    score = forms.IntegerField(
        label="Score au test de positionnement",
        min_value=R.SCORE_MIN,
        max_value=R.SCORE_MAX,
        help_text="De 0 à 100",
    )
    le = ChampDate(label="Date du test")
    catalogue = forms.ChoiceField(
        label="Catalogue",
        choices=list(C.LIBELLES_CATALOGUES.items()),
        initial=C.CATALOGUE_EN_VIGUEUR,
    )
    parcours = forms.ChoiceField(
        label="Parcours",
        required=False,
        choices=[("", "Celui que suggère le score")] + CHOIX_PARCOURS,
    )
    motif = forms.CharField(
        label="Pourquoi un autre parcours que celui suggéré",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    modules = forms.MultipleChoiceField(
        label="Modules thématiques choisis (deux au plus, catalogue 2024)",
        required=False,
        choices=[(m.code, f"{m.titre} ({m.heures} h)") for m in C.MODULES_THEMATIQUES],
        widget=forms.CheckboxSelectMultiple,
    )

    def clean(self):
        d = super().clean()
        if "score" in d and "catalogue" in d and d.get("parcours"):
            erreur = R.erreur_choix_parcours(
                d["score"], d["catalogue"], d["parcours"], d.get("motif", "")
            )
            if erreur:
                champ = "motif" if "indiquez pourquoi" in erreur else "parcours"
                self.add_error(champ, erreur)
        if d.get("le") and d["le"] > timezone.localdate():
            self.add_error("le", "La date du test ne peut pas être dans le futur.")
        return d


class DispenseForm(Formulaire):
    le = ChampDate(label="Date de prise de poste")


class ValidationForm(Formulaire):
    le = ChampDate(label="Date de validation (prise de poste)")


class InscriptionForm(Formulaire):
    session = forms.ModelChoiceField(label="Session", queryset=Session.objects.none())

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = (
            sessions if sessions is not None else Session.objects.none()
        )


class SessionForm(Formulaire):
    parcours = forms.ChoiceField(label="Parcours", choices=CHOIX_PARCOURS)
    date_debut = ChampDate(label="Date de début")
    centre = forms.ModelChoiceField(
        label="Centre", required=False, queryset=Centre.objects.none(), empty_label="À distance"
    )
    capacite = forms.IntegerField(label="Nombre de places", min_value=1, max_value=200, initial=20)

    def __init__(self, *args, organisme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = Centre.objects.filter(organisme=organisme).select_related(
            "commune"
        )

    def clean_date_debut(self):
        jour = self.cleaned_data["date_debut"]
        if jour < timezone.localdate():
            raise forms.ValidationError("Une session ne peut pas commencer dans le passé.")
        return jour


OUI_NON_INCONNU = [("", "Pas encore connu"), ("oui", "Obtenu"), ("non", "Non obtenu")]


class ResultatsForm(Formulaire):
    ccp1 = forms.ChoiceField(label="CCP1", required=False, choices=OUI_NON_INCONNU)
    date_ccp1 = ChampDate(label="Date du jury CCP1", required=False)
    pix = forms.ChoiceField(label="Certification Pix", required=False, choices=OUI_NON_INCONNU)
    date_pix = ChampDate(label="Date de la certification Pix", required=False)

    def clean(self):
        d = super().clean()
        for champ, date_champ in (("ccp1", "date_ccp1"), ("pix", "date_pix")):
            if d.get(champ) and not d.get(date_champ):
                self.add_error(date_champ, "Indiquez la date de ce résultat.")
        if not d.get("ccp1") and not d.get("pix"):
            raise forms.ValidationError("Indiquez au moins un résultat.")
        return d

    def valeurs(self) -> dict:
        d = self.cleaned_data
        lire = {"oui": True, "non": False, "": None}
        return {
            "ccp1_admis": lire[d["ccp1"]],
            "date_ccp1": d["date_ccp1"] if d["ccp1"] else None,
            "pix": lire[d["pix"]],
            "date_pix": d["date_pix"] if d["pix"] else None,
        }


class MotifForm(Formulaire):
    motif = forms.CharField(label="Motif", max_length=200)


class ModuleForm(Formulaire):
    type_module = forms.ChoiceField(label="Type", choices=list(R.LIBELLES_TYPES_MODULE.items()))
    code = forms.ChoiceField(
        label="Module thématique",
        required=False,
        choices=[("", "—")] + [(m.code, m.titre) for m in C.MODULES_THEMATIQUES],
    )
    heures = forms.IntegerField(label="Durée (heures)", min_value=1, max_value=500)
    le = ChampDate(label="Date de fin")
    presentiel = forms.BooleanField(label="En présentiel", required=False)
    ville = forms.CharField(label="Ville (présentiel)", required=False, max_length=60)


class ReaffectationForm(Formulaire):
    organisme = forms.ModelChoiceField(
        label="Nouvel organisme de formation", queryset=OrganismeFormation.objects.all()
    )
    motif = forms.CharField(label="Motif", max_length=300)


class PresencesForm(Formulaire):
    jour = ChampDate(label="Jour")
    presents = forms.MultipleChoiceField(
        label="Présents", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, apprenants=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presents"].choices = [(str(a.pk), a.nom) for a in apprenants]
