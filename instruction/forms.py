"""Forms of requests, prefecture opinions and committees (DSFR rendering)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from noyau.formulaires import Formulaire
from structures.models import Structure
from structures.rules import SiretInvalide, valider_siret

from .choix import Avis, Resultat, StatutDemande, TypeDemande
from .rules import POSTES_MAX_PAR_DEMANDE
from .services import COMMENTAIRE_MAX, COMMENTAIRE_MIN

T = TypeDemande
MOTIVATION_MIN = 20
MOTIVATION_MAX = 2500

# The reasons the real platform offered when posts are given back (avenant "retrait").
MOTIFS_RESTITUTION = [
    ("", "Choisissez un motif"),
    ("besoin", "Le besoin n’est pas ou plus justifié"),
    ("recrutement", "Ma structure rencontre des difficultés de recrutement"),
    ("finances", "Ma structure n’a pas ou plus les capacités financières nécessaires"),
    ("visibilite", "Je manque de visibilité sur les prochains mois"),
    ("fin", "Fin de subventionnement"),
]
MOTIFS_SORTIE = [
    ("", "Choisissez votre situation"),
    ("anticipee", "G.1 – Quitter le dispositif avant la fin de la convention"),
    ("sans_recrutement", "G.2 – Quitter le dispositif sans avoir recruté"),
]

INTRODUCTIONS = {
    T.A: "Demandez à intégrer le dispositif : la préfecture donne son avis, puis le comité de "
    "sélection de l’ANCT décide.",
    T.B: "Demandez le renouvellement de votre convention (reconventionnement) : il est instruit "
    "avec la convention, sans avis de la préfecture ni comité.",
    T.C: "Demandez un poste supplémentaire (avenant à votre convention) : la préfecture donne "
    "son avis, puis le comité de sélection décide.",
    T.D: "La rupture d’un contrat se déclare depuis la fiche du contrat (« Ma convention »).",
    T.E: "Rendez un ou plusieurs postes vacants : le comité de sélection enregistre la "
    "restitution et le poste revient au national.",
    T.F: "Indiquez que vous ne renouvellerez pas votre convention : le comité enregistre votre "
    "décision ; les postes vacants sont rendus, les postes occupés le seront à la fin de leur "
    "contrat.",
    T.G: "Quittez le dispositif : avant la fin de la convention (G.1) ou sans avoir recruté "
    "(G.2). Tous vos postes doivent être vacants. Envoyez aussi un courrier recommandé à la "
    "Banque des Territoires.",
    T.H: "Transférez un poste vacant à une autre structure de votre département : vous rendez "
    "le poste, la structure d’accueil dépose une demande A ou C marquée comme transfert. La "
    "préfecture donne son avis et le comité de sélection décide. Seule une convention en "
    "cours peut être transférée.",
}


def _champ_postes(label: str, minimum: int = 0, maximum: int | None = None):
    messages = {
        "min_value": f"Indiquez un nombre de postes supérieur ou égal à {minimum}.",
        "invalid": "Indiquez un nombre entier de postes.",
        "required": "Indiquez un nombre de postes.",
    }
    if maximum is not None:
        messages["max_value"] = (
            f"Une demande porte sur {maximum} postes au plus : déposez une autre demande "
            "après la décision du comité si le besoin persiste."
        )
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        initial=1,
        error_messages=messages,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ChampSiret(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def clean(self, valeur):
        valeur = super().clean(valeur)
        if not valeur:
            return None
        try:
            siret = valider_siret(valeur)
        except SiretInvalide as erreur:
            raise ValidationError(str(erreur)) from None
        structure = Structure.objects.filter(siret=siret).first()
        if structure is None:
            raise ValidationError(
                "Aucune structure n’est inscrite avec ce SIRET : elle doit d’abord s’inscrire "
                "sur la plateforme."
            )
        return structure


class DemandeForm(Formulaire):
    """The fields of a request, by type (A–H)."""

    def __init__(self, *args, type_demande: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.type_demande = t = type_demande
        f = self.fields
        if t in (T.A, T.C):
            f["nombre_postes"] = _champ_postes(
                "Nombre de postes de conseillers numériques demandés",
                0,
                POSTES_MAX_PAR_DEMANDE,
            )
            f["nombre_postes"].help_text = (
                f"De 0 à {POSTES_MAX_PAR_DEMANDE} : 0 si vous ne demandez qu’un poste de "
                "coordinateur."
            )
            f["coordinateur"] = forms.BooleanField(
                label="Je demande aussi un poste de conseiller numérique coordinateur",
                required=False,
            )
            f["siret_origine"] = ChampSiret(
                label="Transfert : SIRET de la structure qui vous cède son poste (facultatif)",
                required=False,
                help_text="Seulement si une structure de votre département vous transfère un "
                "poste : elle a déposé une demande de transfert (H) à votre nom.",
            )
            f["date_debut_souhaitee"] = forms.DateField(
                label="Date de début souhaitée (facultatif)",
                required=False,
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                help_text="Au format jj/mm/aaaa.",
            )
        if t == T.A:
            f["lieux_missions"] = forms.CharField(
                label="Lieux d’exercice et missions prévus",
                max_length=MOTIVATION_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        if t in (T.E, T.H):
            f["nombre_postes"] = _champ_postes(
                "Nombre de postes de conseillers à rendre"
                if t == T.E
                else "Nombre de postes de conseillers à transférer",
                1 if t == T.H else 0,
            )
            f["nombre_postes"].help_text = "Seuls des postes vacants peuvent être rendus."
        if t == T.E:
            f["coordinateur"] = forms.BooleanField(
                label="Je rends aussi le poste de coordinateur (vacant)", required=False
            )
            f["motif_liste"] = forms.ChoiceField(label="Motif", choices=MOTIFS_RESTITUTION)
        if t == T.G:
            f["motif_liste"] = forms.ChoiceField(label="Votre situation", choices=MOTIFS_SORTIE)
        if t == T.H:
            f["siret_destination"] = ChampSiret(
                label="SIRET de la structure d’accueil du poste",
                help_text="Elle doit être inscrite sur la plateforme et située dans votre "
                "département.",
            )
        obligatoire = t in (T.A, T.C, T.F, T.H)
        f["motivation"] = forms.CharField(
            label="Motivation" if t in (T.A, T.C) else "Précisions",
            required=obligatoire,
            min_length=MOTIVATION_MIN if obligatoire else None,
            max_length=MOTIVATION_MAX,
            widget=forms.Textarea(attrs={"rows": 4}),
            help_text=f"Entre {MOTIVATION_MIN} et {MOTIVATION_MAX} caractères."
            if obligatoire
            else f"Facultatif, {MOTIVATION_MAX} caractères au plus.",
            error_messages={
                "required": "Expliquez votre demande.",
                "min_length": f"Expliquez votre demande en {MOTIVATION_MIN} caractères au moins.",
            },
        )
        if t == T.A:
            f["engagement"] = forms.BooleanField(
                label="Je m’engage, au nom de la structure, à respecter les engagements du "
                "dispositif.",
                error_messages={"required": "Cochez la case d’engagement pour déposer la demande."},
            )

    def clean_date_debut_souhaitee(self):
        valeur = self.cleaned_data.get("date_debut_souhaitee")
        if valeur and valeur < timezone.localdate():
            raise ValidationError("La date de début souhaitée ne peut pas être passée.")
        return valeur

    def clean(self):
        donnees = super().clean()
        vide = not donnees.get("nombre_postes") and not donnees.get("coordinateur")
        if self.type_demande in (T.A, T.C) and not self.errors and vide:
            self.add_error(
                "nombre_postes",
                "Indiquez au moins un poste de conseiller ou cochez le poste de coordinateur.",
            )
        if self.type_demande == T.E and not self.errors and vide:
            self.add_error("nombre_postes", "Indiquez le nombre de postes à rendre.")
        return donnees

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        motivation = d.get("motivation", "")
        if d.get("motif_liste"):
            libelle = dict(MOTIFS_RESTITUTION + MOTIFS_SORTIE)[d["motif_liste"]]
            motivation = f"{libelle}. {motivation}".strip()
        return {
            "nombre_postes": d.get("nombre_postes") or 0,
            "coordinateur": bool(d.get("coordinateur")),
            "structure_origine": d.get("siret_origine"),
            "structure_destination": d.get("siret_destination"),
            "motivation": motivation,
            "date_debut_souhaitee": d.get("date_debut_souhaitee"),
            "lieux_missions": d.get("lieux_missions", ""),
            "engagement": bool(d.get("engagement")),
        }


class AvisForm(Formulaire):
    avis = forms.ChoiceField(
        label="Avis de la préfecture",
        choices=Avis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez un avis favorable ou défavorable."},
    )
    commentaire = forms.CharField(
        label="Commentaire",
        min_length=COMMENTAIRE_MIN,
        max_length=COMMENTAIRE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Entre {COMMENTAIRE_MIN} et {COMMENTAIRE_MAX} caractères : il est lu par le "
        "comité de sélection, pas par la structure.",
        error_messages={
            "required": "Motivez votre avis en quelques mots.",
            "min_length": f"Motivez votre avis en {COMMENTAIRE_MIN} caractères au moins.",
            "max_length": f"Le commentaire est limité à {COMMENTAIRE_MAX} caractères.",
        },
    )
    mention_transfert = forms.BooleanField(
        label="Cette demande est un transfert de poste entre deux structures du département",
        required=False,
    )


class ClassementForm(Formulaire):
    """One rank field per favourable open request of the prefecture's départements."""

    def __init__(self, *args, avis_liste=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.avis_liste = list(avis_liste)
        for a in self.avis_liste:
            self.fields[f"rang_{a.pk}"] = forms.IntegerField(
                label=f"Rang de {a.demande.structure.nom} ({a.demande.type})",
                min_value=1,
                initial=a.rang,
                error_messages={
                    "min_value": "Un rang est un nombre entier supérieur ou égal à 1.",
                    "invalid": "Un rang est un nombre entier.",
                    "required": "Indiquez un rang.",
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "fr-input"}),
            )

    def lignes(self):
        return [(a, self[f"rang_{a.pk}"]) for a in self.avis_liste]

    def rangs_par_departement(self) -> dict[str, dict[int, int]]:
        sortie: dict[str, dict[int, int]] = {}
        for a in self.avis_liste:
            sortie.setdefault(a.departement_id, {})[a.pk] = self.cleaned_data[f"rang_{a.pk}"]
        return sortie


class ComiteForm(Formulaire):
    date = forms.DateField(
        label="Date du comité",
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Tous les 15 jours par défaut. Au format jj/mm/aaaa.",
        error_messages={"required": "Indiquez la date du comité.", "invalid": "Date invalide."},
    )


class DerogationForm(Formulaire):
    resultat = forms.ChoiceField(
        label="Décision", choices=Resultat.choices, widget=forms.RadioSelect
    )
    postes = forms.IntegerField(
        label="Postes accordés (si acceptée)",
        min_value=0,
        required=False,
        error_messages={"min_value": "Le nombre de postes ne peut pas être négatif."},
    )
    motif = forms.CharField(
        label="Motif de la décision modifiée",
        min_length=COMMENTAIRE_MIN,
        max_length=COMMENTAIRE_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Il figure au journal des décisions et dans le courriel à la structure.",
        error_messages={
            "required": "Expliquez pourquoi vous modifiez la décision proposée.",
            "min_length": f"Expliquez la décision en {COMMENTAIRE_MIN} caractères au moins.",
        },
    )

    def clean(self):
        donnees = super().clean()
        if donnees.get("resultat") == Resultat.ACCEPTEE and not donnees.get("postes"):
            self.add_error("postes", "Indiquez le nombre de postes accordés (1 au moins).")
        return donnees


class ConfirmationForm(Formulaire):
    confirmation = forms.BooleanField(
        label="Je confirme ces décisions : elles seront notifiées aux structures et aux "
        "préfectures et ne pourront plus être modifiées.",
        error_messages={"required": "Cochez la case pour confirmer le comité."},
    )


class FiltresDemandesForm(Formulaire):
    type = forms.ChoiceField(
        label="Type", choices=[("", "Tous")] + TypeDemande.choices, required=False
    )
    statut = forms.ChoiceField(
        label="Statut", choices=[("", "Tous")] + StatutDemande.choices, required=False
    )
    departement = forms.ChoiceField(label="Département", required=False, choices=[])
    q = forms.CharField(label="Structure (nom ou SIRET)", required=False, max_length=100)

    def __init__(self, *args, departements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departement"].choices = [("", "Tous")] + [
            (d.code, d.libelle) for d in departements
        ]

    def filtres(self) -> dict:
        if not self.is_valid():
            return {k: v for k, v in self.cleaned_data.items() if v} if self.cleaned_data else {}
        return {k: v for k, v in self.cleaned_data.items() if v}


class FiltresPropositionsForm(Formulaire):
    resultat = forms.ChoiceField(
        label="Décision", choices=[("", "Toutes")] + Resultat.choices, required=False
    )
    departement = forms.CharField(label="Département (code)", required=False, max_length=3)
