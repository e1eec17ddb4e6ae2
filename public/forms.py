"""The search form of the public map (GET: every search is a shareable URL)."""

from django import forms

from activite import choix
from noyau.formulaires import Formulaire
from territoires.models import Departement, Region
from territoires.selectors import rechercher_communes

from .selectors import Criteres


def _cases(label, choices):
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False
    )


FILTRES = (
    "services",
    "publics",
    "prises_en_charge",
    "gratuit",
    "rdv_en_ligne",
    "ouvert_maintenant",
    "week_end",
    "region",
    "departement",
)


class RechercheForm(Formulaire):
    q = forms.CharField(
        label="Commune ou code postal",
        required=False,
        max_length=100,
        help_text="Exemple : Bordeaux ou 33000",
    )
    lat = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)
    services = _cases("Besoins", choix.SERVICES)
    publics = _cases("Publics accueillis en particulier", choix.PUBLICS_SPECIFIQUEMENT_ADRESSES)
    prises_en_charge = _cases("Prise en charge spécifique", choix.PRISE_EN_CHARGE_SPECIFIQUE)
    gratuit = forms.BooleanField(label="Gratuit", required=False)
    rdv_en_ligne = forms.BooleanField(label="Prise de rendez-vous en ligne", required=False)
    ouvert_maintenant = forms.BooleanField(label="Ouvert maintenant", required=False)
    week_end = forms.BooleanField(label="Ouvert le week-end", required=False)
    region = forms.ChoiceField(label="Région", required=False, choices=[])
    departement = forms.ChoiceField(label="Département", required=False, choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "Toutes les régions")] + [
            (r.code, r.nom) for r in Region.objects.order_by("nom")
        ]
        self.fields["departement"].choices = [("", "Tous les départements")] + [
            (d.code, d.libelle) for d in Departement.objects.order_by("code")
        ]
        self.communes = []

    def clean(self):
        donnees = super().clean()
        lat, lon = donnees.get("lat"), donnees.get("lon")
        if (lat is None) != (lon is None):
            donnees["lat"] = donnees["lon"] = None
        texte = (donnees.get("q") or "").strip()
        if texte and donnees.get("lat") is None:
            self.communes = rechercher_communes(texte, limite=6)
            if not self.communes:
                self.add_error(
                    "q",
                    f"Aucune commune ne correspond à « {texte} ». Vérifiez l’orthographe ou "
                    "saisissez un code postal à 5 chiffres.",
                )
        return donnees

    @property
    def criteres_actifs(self) -> bool:
        """Whether a filter is set (the filter panel then opens by itself)."""
        donnees = getattr(self, "cleaned_data", None) or {}
        return any(donnees.get(champ) for champ in FILTRES)

    def origine(self) -> tuple[float, float, str] | None:
        """(latitude, longitude, description) of the searched point, if any."""
        d = self.cleaned_data
        if d.get("lat") is not None:
            return d["lat"], d["lon"], "votre position"
        if self.communes:
            c = self.communes[0]
            return c.latitude, c.longitude, f"{c.nom} ({c.code_postal_principal or c.code_insee})"
        return None

    def criteres(self) -> Criteres:
        d = self.cleaned_data
        return Criteres(
            services=d.get("services") or [],
            publics=d.get("publics") or [],
            prises_en_charge=d.get("prises_en_charge") or [],
            gratuit=bool(d.get("gratuit")),
            rdv_en_ligne=bool(d.get("rdv_en_ligne")),
            ouvert_maintenant=bool(d.get("ouvert_maintenant")),
            week_end=bool(d.get("week_end")),
            departement=d.get("departement") or None,
            region=d.get("region") or None,
        )
