"""Forms of the activity space: reports (individual and workshop), places with their week
grid of opening hours, beneficiaries, and the filters of lists and statistics.

Every rule gives a French message next to its field; services re-check the same rules.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from dsfr.widgets import InlineCheckboxSelectMultiple, InlineRadioSelect

from noyau.champ_commune import ChampCommune
from noyau.formulaires import Formulaire
from territoires.models import Departement, Region

from . import choix, rules
from .choix import (
    AVERTISSEMENT_NOTES,
    DUREE_PERSONNALISEE,
    DUREES,
    THEMATIQUES_ADMINISTRATIVES,
    THEMATIQUES_MEDIATION,
    Genre,
    StatutSocial,
    TrancheAge,
    TypeActivite,
    TypeLieu,
)
from .models import Activite, Beneficiaire, Lieu

# --- Commune field: the platform's one (``noyau.champ_commune``) ---------------------------------

# --- Activity reports -----------------------------------------------------------------------

OUI_NON = [("oui", "Oui"), ("non", "Non")]


def _choix_thematiques(liste):
    return [(t.value, t.label) for t in liste]


class _ActiviteForm(Formulaire):
    """Fields shared by both types of report."""

    type_activite: str = ""

    # One token per form shown: the same form submitted twice records one report
    # (``services.creer_activite``). Re-shown after an error, the form keeps its token.
    cle = forms.UUIDField(widget=forms.HiddenInput, required=False)

    date = forms.DateField(
        label="Date de l’accompagnement",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "Indiquez la date de l’accompagnement."},
    )
    duree = forms.ChoiceField(
        label="Durée",
        choices=[(str(m), libelle) for m, libelle in DUREES]
        + [(DUREE_PERSONNALISEE, "Personnaliser")],
        widget=InlineRadioSelect,
        error_messages={"required": "Indiquez la durée."},
    )
    duree_heures = forms.IntegerField(
        label="Heures (durée personnalisée)", required=False, min_value=0, max_value=23
    )
    duree_minutes = forms.IntegerField(
        label="Minutes (durée personnalisée)", required=False, min_value=0, max_value=59
    )
    type_lieu = forms.ChoiceField(
        label="Lieu de l’accompagnement",
        choices=TypeLieu.choices,
        widget=InlineRadioSelect,
        error_messages={"required": "Indiquez où a eu lieu l’accompagnement."},
    )
    lieu = forms.ModelChoiceField(
        label="Lieu d’activité",
        queryset=Lieu.objects.none(),
        required=False,
        empty_label="Choisissez un de vos lieux",
        help_text="Si vous avez choisi « Lieu d’activité ».",
        error_messages={"invalid_choice": "Choisissez un de vos lieux d’activité."},
    )
    commune = ChampCommune(
        label="Commune de l’accompagnement",
        required=False,
        help_text="Si vous avez choisi « À domicile » ou « Autre lieu » (nom ou code postal).",
    )
    thematiques_mediation = forms.MultipleChoiceField(
        label="Thématiques de médiation numérique",
        choices=_choix_thematiques(THEMATIQUES_MEDIATION),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    thematiques_administratives = forms.MultipleChoiceField(
        label="Thématiques de démarches administratives",
        help_text="Cochez d’abord « Aide aux démarches administratives ».",
        choices=_choix_thematiques(THEMATIQUES_ADMINISTRATIVES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    precisions_demarche = forms.CharField(
        label="Préciser le nom de la démarche administrative réalisée",
        max_length=255,
        required=False,
    )
    materiel = forms.MultipleChoiceField(
        label="Matériel numérique utilisé",
        choices=choix.Materiel.choices,
        widget=InlineCheckboxSelectMultiple,
        required=False,
    )
    notes = forms.CharField(
        label="Notes",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=AVERTISSEMENT_NOTES,
    )

    def __init__(self, *args, conseiller, structure=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.conseiller = conseiller
        self.structure = structure
        # A name shared by several communes is read in the advisor's département.
        departement = getattr(structure, "departement_id", None)
        for nom in ("commune", "commune_residence"):
            if nom in self.fields:
                self.fields[nom].departement = departement
        self.fields["lieu"].queryset = Lieu.objects.filter(
            conseiller=conseiller, supprime_le__isnull=True
        )
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean(self):
        donnees = super().clean()
        jour = donnees.get("date")
        if jour and rules.date_dans_le_futur(jour, timezone.localdate()):
            self.add_error("date", "La date de l’accompagnement ne peut pas être dans le futur.")
        self._nettoyer_duree(donnees)
        self._nettoyer_lieu(donnees)
        self._nettoyer_thematiques(donnees)
        return donnees

    def _nettoyer_duree(self, donnees):
        duree = donnees.get("duree")
        if duree == DUREE_PERSONNALISEE:
            total = (donnees.get("duree_heures") or 0) * 60 + (donnees.get("duree_minutes") or 0)
            if total < 1:
                self.add_error(
                    "duree_heures", "Indiquez les heures ou les minutes de la durée personnalisée."
                )
            donnees["minutes"] = total
        elif duree:
            donnees["minutes"] = int(duree)

    def _nettoyer_lieu(self, donnees):
        type_lieu = donnees.get("type_lieu")
        manque_lieu = type_lieu == TypeLieu.LIEU_ACTIVITE and not donnees.get("lieu")
        if manque_lieu and "lieu" not in self.errors:
            self.add_error("lieu", "Choisissez un de vos lieux d’activité.")
        sans_commune = type_lieu in (TypeLieu.DOMICILE, TypeLieu.AUTRE) and not donnees.get(
            "commune"
        )
        if sans_commune and "commune" not in self.errors:
            self.add_error("commune", "Indiquez la commune de l’accompagnement.")
        if (
            type_lieu == TypeLieu.A_DISTANCE
            and not donnees.get("commune")
            and not (self.structure and self.structure.commune_id)
            and "commune" not in self.errors
        ):
            self.add_error(
                "commune",
                "Votre structure n’a pas de commune connue : indiquez la commune de rattachement.",
            )

    def _nettoyer_thematiques(self, donnees):
        mediation = donnees.get("thematiques_mediation") or []
        administratives = donnees.get("thematiques_administratives") or []
        thematiques = [*mediation, *administratives]
        donnees["thematiques"] = thematiques
        for erreur in rules.erreurs_thematiques(thematiques, donnees.get("precisions_demarche")):
            if erreur == rules.ERREUR_THEMATIQUES_ADMINISTRATIVES:
                self.add_error("thematiques_administratives", erreur)
            elif erreur == rules.ERREUR_PRECISIONS_DEMARCHE:
                self.add_error("precisions_demarche", erreur)
            else:
                self.add_error("thematiques_mediation", erreur)

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        return {
            "type": self.type_activite,
            "date": d["date"],
            "duree": d["minutes"],
            "type_lieu": d["type_lieu"],
            "lieu": d.get("lieu") if d["type_lieu"] == TypeLieu.LIEU_ACTIVITE else None,
            "commune": d.get("commune") if d["type_lieu"] != TypeLieu.LIEU_ACTIVITE else None,
            "thematiques": d["thematiques"],
            "precisions_demarche": d.get("precisions_demarche") or "",
            "materiel": d.get("materiel") or [],
            "notes": d.get("notes") or "",
        }

    @classmethod
    def initial_depuis(cls, activite: Activite, dupliquer: bool = False) -> dict:
        """Initial values from an existing report (edit, or duplicate dated today)."""
        duree = str(activite.duree)
        initial = {
            "date": timezone.localdate() if dupliquer else activite.date,
            "duree": duree if duree in dict(cls.base_fields["duree"].choices) else "personnaliser",
            "duree_heures": activite.duree // 60,
            "duree_minutes": activite.duree % 60,
            "type_lieu": activite.type_lieu,
            "lieu": activite.lieu_id,
            "commune": activite.commune if activite.type_lieu != TypeLieu.LIEU_ACTIVITE else None,
            "thematiques_mediation": [
                t for t in activite.thematiques if t not in THEMATIQUES_ADMINISTRATIVES
            ],
            "thematiques_administratives": [
                t for t in activite.thematiques if t in THEMATIQUES_ADMINISTRATIVES
            ],
            "precisions_demarche": activite.precisions_demarche,
            "materiel": activite.materiel,
            "notes": activite.notes,
        }
        return initial


class ActiviteIndividuelleForm(_ActiviteForm):
    type_activite = TypeActivite.INDIVIDUEL

    beneficiaire = forms.ModelChoiceField(
        label="Bénéficiaire",
        queryset=Beneficiaire.objects.none(),
        required=False,
        empty_label="Bénéficiaire anonyme",
        help_text="Un de vos bénéficiaires enregistrés (son profil est repris), ou anonyme.",
        error_messages={"invalid_choice": "Choisissez un de vos bénéficiaires."},
    )
    genre = forms.ChoiceField(
        label="Genre", choices=Genre.choices, widget=InlineRadioSelect, required=False
    )
    tranche_age = forms.ChoiceField(
        label="Tranche d’âge",
        choices=[("", "Non communiqué"), *TrancheAge.choices[:-1]],
        required=False,
    )
    statut_social = forms.ChoiceField(
        label="Statut du bénéficiaire",
        choices=[("", "Non communiqué ou hétérogène"), *StatutSocial.choices[:-1]],
        required=False,
    )
    commune_residence = ChampCommune(label="Commune de résidence du bénéficiaire", required=False)
    deja_accompagne = forms.BooleanField(label="Bénéficiaire déjà accompagné", required=False)
    autonomie = forms.ChoiceField(
        label="Niveau d’autonomie du bénéficiaire",
        choices=choix.Autonomie.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    oriente_vers_structure = forms.ChoiceField(
        label="Le bénéficiaire est-il orienté vers une autre structure ?",
        choices=OUI_NON,
        widget=InlineRadioSelect,
        required=False,
    )
    structure_de_redirection = forms.ChoiceField(
        label="Structure de redirection",
        choices=[("", "—"), *choix.StructureDeRedirection.choices],
        required=False,
        help_text="Si le bénéficiaire est orienté.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["beneficiaire"].queryset = Beneficiaire.objects.filter(
            conseiller=self.conseiller, supprime_le__isnull=True
        ).order_by("nom", "prenom")

    def clean(self):
        donnees = super().clean()
        if donnees.get("structure_de_redirection") and donnees.get("oriente_vers_structure") != (
            "oui"
        ):
            self.add_error(
                "structure_de_redirection",
                "Indiquez d’abord que le bénéficiaire est orienté vers une autre structure.",
            )
        return donnees

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        oriente = {"oui": True, "non": False}.get(d.get("oriente_vers_structure"))
        return {
            **super().donnees_service(),
            "beneficiaire": d.get("beneficiaire"),
            "genre": d.get("genre") or Genre.NON_COMMUNIQUE,
            "tranche_age": d.get("tranche_age") or TrancheAge.NON_COMMUNIQUE,
            "statut_social": d.get("statut_social") or StatutSocial.NON_COMMUNIQUE,
            "commune_residence": d.get("commune_residence"),
            "deja_accompagne": d.get("deja_accompagne", False),
            "autonomie": d.get("autonomie") or "",
            "oriente_vers_structure": oriente,
            "structure_de_redirection": d.get("structure_de_redirection") if oriente else "",
        }

    @classmethod
    def initial_depuis(cls, activite, dupliquer=False):
        initial = super().initial_depuis(activite, dupliquer)
        genre, tranche, statut = (
            activite.genre_unique(),
            activite.tranche_unique(),
            activite.statut_unique(),
        )
        initial.update(
            beneficiaire=activite.beneficiaire_id,
            genre=genre if genre != Genre.NON_COMMUNIQUE else "",
            tranche_age=tranche if tranche != TrancheAge.NON_COMMUNIQUE else "",
            statut_social=statut if statut != StatutSocial.NON_COMMUNIQUE else "",
            commune_residence=activite.commune_residence,
            deja_accompagne=bool(activite.deja_accompagnes) and not activite.beneficiaire_id,
            autonomie=activite.autonomie,
            oriente_vers_structure={True: "oui", False: "non"}.get(
                activite.oriente_vers_structure, ""
            ),
            structure_de_redirection=activite.structure_de_redirection,
        )
        return initial


def _compteur(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


GROUPES_PARTICIPANTS = [g[:4] for g in rules.GROUPES_PARTICIPANTS]


class ActiviteCollectiveForm(_ActiviteForm):
    type_activite = TypeActivite.COLLECTIF

    titre_atelier = forms.CharField(label="Titre de l’atelier", max_length=200, required=False)
    niveau = forms.ChoiceField(
        label="Niveau de l’atelier",
        choices=choix.NiveauAtelier.choices,
        widget=InlineRadioSelect,
        required=False,
    )
    participants = forms.IntegerField(
        label="Nombre de participants",
        min_value=1,
        max_value=10000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": "Indiquez le nombre de participants.",
            "min_value": "Un atelier compte au moins un participant.",
        },
    )
    deja_accompagnes = _compteur("Dont déjà accompagnés")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefixe, _, enum, _ in GROUPES_PARTICIPANTS:
            for valeur, libelle in enum.choices:
                self.fields[f"{prefixe}_{valeur}"] = _compteur(libelle)

    def groupes(self):
        """(title, bound fields) of each split, for the template."""
        titres = {"genre": "Genre", "tranche": "Tranches d’âge", "statut": "Statut"}
        return [
            (titres[prefixe], [self[f"{prefixe}_{v}"] for v in enum.values])
            for prefixe, _, enum, _ in GROUPES_PARTICIPANTS
        ]

    def clean(self):
        donnees = super().clean()
        total = donnees.get("participants")
        if not total:
            return donnees
        atelier = rules.verifier_atelier(
            total,
            donnees.get("deja_accompagnes") or 0,
            {
                prefixe: {v: donnees.get(f"{prefixe}_{v}") for v in enum.values}
                for prefixe, _, enum, _ in GROUPES_PARTICIPANTS
            },
        )
        for champ, erreur in atelier.erreurs.items():
            self.add_error(champ, erreur)
        for prefixe, valeurs in atelier.repartitions.items():
            donnees[f"repartition_{prefixe}"] = valeurs
        return donnees

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        return {
            **super().donnees_service(),
            "titre_atelier": d.get("titre_atelier") or "",
            "niveau": d.get("niveau") or "",
            "participants": d["participants"],
            "deja_accompagnes": d.get("deja_accompagnes") or 0,
            "genres": d["repartition_genre"],
            "tranches": d["repartition_tranche"],
            "statuts": d["repartition_statut"],
        }

    @classmethod
    def initial_depuis(cls, activite, dupliquer=False):
        initial = super().initial_depuis(activite, dupliquer)
        initial.update(
            titre_atelier=activite.titre_atelier,
            niveau=activite.niveau,
            participants=activite.participants,
            deja_accompagnes=activite.deja_accompagnes,
        )
        for prefixe, _, enum, _ in GROUPES_PARTICIPANTS:
            for v in enum.values:
                initial[f"{prefixe}_{v}"] = getattr(activite, f"{prefixe}_{v}")
        return initial


FORMULAIRES_ACTIVITE = {
    TypeActivite.INDIVIDUEL: ActiviteIndividuelleForm,
    TypeActivite.COLLECTIF: ActiviteCollectiveForm,
}


# --- Places ---------------------------------------------------------------------------------

PLAGES = [("1", "première plage"), ("2", "seconde plage")]


def _heure(label):
    return forms.TimeField(
        label=label,
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "class": "fr-input"}, format="%H:%M"),
        error_messages={"invalid": "Heure invalide (HH:MM)."},
    )


def _cases(label, choices, **kwargs):
    return forms.MultipleChoiceField(
        label=label, choices=choices, widget=forms.CheckboxSelectMultiple, required=False, **kwargs
    )


class LieuForm(Formulaire):
    nom = forms.CharField(label="Nom du lieu", max_length=200)
    adresse = forms.CharField(
        label="Adresse", max_length=255, help_text="Numéro et voie, ex. : 12 rue des Lilas"
    )
    complement_adresse = forms.CharField(
        label="Complément d’adresse", max_length=255, required=False
    )
    commune = ChampCommune(label="Commune")
    itinerance = _cases("Itinérance", choix.ITINERANCE)
    typologies = forms.MultipleChoiceField(
        label="Typologies du lieu",
        choices=choix.TYPOLOGIES,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Plusieurs choix possibles (touche Ctrl ou Maj).",
    )
    pivot = forms.CharField(
        label="SIRET ou RNA",
        max_length=14,
        required=False,
        help_text="14 chiffres pour un SIRET, W suivi de 9 caractères pour un RNA.",
    )
    structure_parente = forms.CharField(label="Structure parente", max_length=200, required=False)
    presentation_resume = forms.CharField(
        label="Présentation résumée",
        max_length=280,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="280 caractères au plus.",
    )
    presentation_detail = forms.CharField(
        label="Présentation détaillée", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    telephone = forms.CharField(label="Téléphone", max_length=20, required=False)
    courriels = forms.CharField(
        label="Adresses électroniques",
        required=False,
        max_length=500,
        help_text="Séparées par des virgules.",
    )
    site_web = forms.URLField(label="Site web", required=False, assume_scheme="https")
    fiche_acces_libre = forms.URLField(
        label="Fiche Acceslibre",
        required=False,
        assume_scheme="https",
        help_text=f"Adresse commençant par {rules.PREFIXE_ACCES_LIBRE}",
    )
    prise_rdv = forms.URLField(
        label="Prise de rendez-vous en ligne", required=False, assume_scheme="https"
    )
    services = _cases("Services proposés", choix.SERVICES)
    modalites_accompagnement = _cases("Types d’accompagnement", choix.MODALITES_ACCOMPAGNEMENT)
    publics_specifiquement_adresses = _cases(
        "Publics spécifiquement adressés",
        choix.PUBLICS_SPECIFIQUEMENT_ADRESSES,
        help_text="Aucun : tout public.",
    )
    prise_en_charge_specifique = _cases(
        "Prise en charge spécifique", choix.PRISE_EN_CHARGE_SPECIFIQUE
    )
    modalites_acces = _cases("Modalités d’accès au service", choix.MODALITES_ACCES)
    frais_a_charge = _cases("Frais à charge", choix.FRAIS_A_CHARGE)
    dispositif_programmes_nationaux = _cases(
        "Dispositifs et programmes nationaux", choix.DISPOSITIF_PROGRAMMES_NATIONAUX
    )
    formations_labels = _cases("Formations et labels", choix.FORMATIONS_LABELS)
    autres_formations_labels = forms.CharField(
        label="Autres formations et labels",
        required=False,
        max_length=500,
        help_text="Séparés par des virgules.",
    )
    latitude = forms.FloatField(
        label="Latitude",
        required=False,
        min_value=-90,
        max_value=90,
        help_text="Laissez vide : position de la commune.",
    )
    longitude = forms.FloatField(
        label="Longitude",
        required=False,
        min_value=-180,
        max_value=180,
        help_text="Laissez vide : position de la commune.",
    )
    visible_cartographie = forms.BooleanField(
        label="Rendre ce lieu visible sur la cartographie", required=False
    )

    def __init__(self, *args, lieu: Lieu | None = None, **kwargs):
        self.lieu = lieu
        self.horaires_brutes = ""
        initial = kwargs.setdefault("initial", {})
        if lieu is not None:
            for champ in LIEU_CHAMPS_SIMPLES:
                initial.setdefault(champ, getattr(lieu, champ))
            initial.setdefault("commune", lieu.commune)
            initial.setdefault("courriels", ", ".join(lieu.courriels))
            initial.setdefault("autres_formations_labels", ", ".join(lieu.autres_formations_labels))
            try:
                grille = rules.osm_vers_grille(lieu.horaires)
                if any(len(plages) > 2 for plages in grille):
                    raise rules.HorairesInvalides("plus de deux plages")
                for (code, _), plages in zip(choix.JOURS, grille, strict=True):
                    for (numero, _), (debut, fin) in zip(PLAGES, plages, strict=False):
                        initial.setdefault(f"{code}_{numero}_debut", debut)
                        initial.setdefault(f"{code}_{numero}_fin", fin)
            except rules.HorairesInvalides:
                self.horaires_brutes = lieu.horaires
        super().__init__(*args, **kwargs)
        for code, jour in choix.JOURS:
            for numero, plage in PLAGES:
                self.fields[f"{code}_{numero}_debut"] = _heure(f"{jour}, {plage} : ouverture")
                self.fields[f"{code}_{numero}_fin"] = _heure(f"{jour}, {plage} : fermeture")

    def jours(self):
        """(day label, [(range label, opening field, closing field)]) for the week grid."""
        return [
            (
                jour,
                code,
                [
                    (plage, self[f"{code}_{numero}_debut"], self[f"{code}_{numero}_fin"])
                    for numero, plage in PLAGES
                ],
            )
            for code, jour in choix.JOURS
        ]

    def clean_telephone(self):
        try:
            return rules.normaliser_telephone(self.cleaned_data["telephone"])
        except ValueError as erreur:
            raise ValidationError(str(erreur)) from None

    def clean_pivot(self):
        pivot = self.cleaned_data["pivot"].replace(" ", "")
        if pivot and not rules.pivot_valide(pivot):
            raise ValidationError(
                "Indiquez un SIRET valide (14 chiffres) ou un numéro RNA (W suivi de 9 caractères)."
            )
        return pivot

    def clean_courriels(self):
        adresses = [a.strip() for a in self.cleaned_data["courriels"].split(",") if a.strip()]
        for adresse in adresses:
            try:
                validate_email(adresse)
            except ValidationError:
                raise ValidationError(f"Adresse électronique invalide : {adresse}") from None
        return adresses

    def clean_autres_formations_labels(self):
        texte = self.cleaned_data["autres_formations_labels"]
        return [v.strip()[:100] for v in texte.split(",") if v.strip()]

    def clean_fiche_acces_libre(self):
        url = self.cleaned_data["fiche_acces_libre"]
        if url and not url.startswith(rules.PREFIXE_ACCES_LIBRE):
            raise ValidationError(f"La fiche doit commencer par {rules.PREFIXE_ACCES_LIBRE}")
        return url

    def clean(self):
        donnees = super().clean()
        grille = []
        for code, jour in choix.JOURS:
            plages = []
            for numero, _ in PLAGES:
                debut = donnees.get(f"{code}_{numero}_debut")
                fin = donnees.get(f"{code}_{numero}_fin")
                if f"{code}_{numero}_debut" in self.errors or f"{code}_{numero}_fin" in self.errors:
                    continue
                if bool(debut) != bool(fin):
                    self.add_error(
                        f"{code}_{numero}_debut" if not debut else f"{code}_{numero}_fin",
                        f"{jour} : indiquez l’heure d’ouverture et l’heure de fermeture.",
                    )
                elif debut:
                    plages.append((debut.strftime("%H:%M"), fin.strftime("%H:%M")))
            try:
                grille.append(rules.valider_plages(plages))
            except rules.HorairesInvalides as erreur:
                self.add_error(f"{code}_1_debut", f"{jour} : {erreur}")
                grille.append(())
        if not any(grille) and self.horaires_brutes:
            donnees["horaires"] = self.horaires_brutes  # unchanged: not editable in the grid
        else:
            donnees["horaires"] = rules.grille_vers_osm(tuple(grille))
        return donnees

    def donnees_service(self) -> dict:
        d = self.cleaned_data
        donnees = {champ: d.get(champ) for champ in LIEU_CHAMPS_SERVICE}
        commune = d["commune"]
        donnees["code_postal"] = commune.code_postal_principal or (
            self.lieu.code_postal if self.lieu else ""
        )
        if d.get("latitude") is None or d.get("longitude") is None:
            donnees["latitude"], donnees["longitude"] = commune.latitude, commune.longitude
        return donnees


LIEU_CHAMPS_SIMPLES = [
    "nom",
    "adresse",
    "complement_adresse",
    "itinerance",
    "typologies",
    "pivot",
    "structure_parente",
    "presentation_resume",
    "presentation_detail",
    "telephone",
    "site_web",
    "fiche_acces_libre",
    "prise_rdv",
    "services",
    "modalites_accompagnement",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "modalites_acces",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "latitude",
    "longitude",
    "visible_cartographie",
]
LIEU_CHAMPS_SERVICE = [
    *LIEU_CHAMPS_SIMPLES,
    "commune",
    "courriels",
    "autres_formations_labels",
    "horaires",
]


# --- Beneficiaries --------------------------------------------------------------------------


class BeneficiaireForm(Formulaire):
    prenom = forms.CharField(
        label="Prénom",
        max_length=150,
        error_messages={"required": "Veuillez renseigner un prénom."},
    )
    nom = forms.CharField(
        label="Nom", max_length=150, error_messages={"required": "Veuillez renseigner un nom."}
    )
    annee_naissance = forms.IntegerField(
        label="Année de naissance",
        required=False,
        help_text="La tranche d’âge en est déduite.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    commune = ChampCommune(label="Commune de résidence", required=False)
    adresse = forms.CharField(label="Adresse", max_length=255, required=False)
    telephone = forms.CharField(label="Numéro de téléphone", max_length=20, required=False)
    pas_de_telephone = forms.BooleanField(label="Pas de téléphone", required=False)
    email = forms.EmailField(label="Adresse électronique", required=False)
    genre = forms.ChoiceField(
        label="Genre", choices=Genre.choices, widget=forms.RadioSelect, required=False
    )
    statut_social = forms.ChoiceField(
        label="Statut social",
        choices=[("", "Non communiqué ou hétérogène"), *StatutSocial.choices[:-1]],
        required=False,
    )
    notes = forms.CharField(
        label="Notes supplémentaires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=AVERTISSEMENT_NOTES,
    )

    def clean_annee_naissance(self):
        annee = self.cleaned_data["annee_naissance"]
        if annee is not None and not 1900 <= annee <= timezone.localdate().year:
            raise ValidationError(
                f"L’année de naissance doit être comprise entre 1900 et {timezone.localdate().year}."
            )
        return annee

    def clean_telephone(self):
        texte = self.cleaned_data["telephone"]
        if not texte:
            return ""
        compact = re.sub(r"[\s.\-]", "", texte)
        if not re.fullmatch(r"(0\d{9}|\+\d{8,14})", compact):
            raise ValidationError("Numéro de téléphone invalide, ex. : 06 12 34 56 78.")
        return compact

    def clean(self):
        donnees = super().clean()
        if donnees.get("pas_de_telephone") and donnees.get("telephone"):
            self.add_error("telephone", "Vous avez coché « Pas de téléphone ».")
        return donnees

    def donnees_service(self) -> dict:
        d = dict(self.cleaned_data)
        d["genre"] = d.get("genre") or Genre.NON_COMMUNIQUE
        d["statut_social"] = d.get("statut_social") or StatutSocial.NON_COMMUNIQUE
        return d

    @staticmethod
    def initial_depuis(b: Beneficiaire) -> dict:
        return {
            "prenom": b.prenom,
            "nom": b.nom,
            "annee_naissance": b.annee_naissance,
            "commune": b.commune,
            "adresse": b.adresse,
            "telephone": b.telephone,
            "pas_de_telephone": b.pas_de_telephone,
            "email": b.email,
            "genre": b.genre if b.genre != Genre.NON_COMMUNIQUE else "",
            "statut_social": b.statut_social
            if b.statut_social != StatutSocial.NON_COMMUNIQUE
            else "",
            "notes": b.notes,
        }


# --- Filters ----------------------------------------------------------------------------------

LIMITE_LISTE = 200  # above, a choice list is replaced by a text field


class FiltresForm(Formulaire):
    """Filters of the statistics page and of the exports. Fields depend on the scope."""

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
    type = forms.ChoiceField(
        label="Type", choices=[("", "Tous les types"), *TypeActivite.choices], required=False
    )
    thematique = forms.ChoiceField(
        label="Thématique",
        required=False,
        choices=[
            ("", "Toutes les thématiques"),
            ("Médiation numérique", _choix_thematiques(THEMATIQUES_MEDIATION)),
            ("Démarches administratives", _choix_thematiques(THEMATIQUES_ADMINISTRATIVES)),
        ],
    )

    LIBELLES = {
        "region": "Région",
        "departement": "Département",
        "structure": "Structure",
        "conseiller": "Conseiller",
        "lieu": "Lieu d’activité",
    }
    AIDES_TEXTE = {
        "structure": "SIRET de la structure.",
        "conseiller": "Adresse électronique du conseiller.",
    }

    def __init__(self, *args, options: dict, **kwargs):
        """``options`` maps each optional filter to a list of (value, label) choices, or to a
        function that turns a typed text (e-mail, SIRET) into an id within the scope (or
        raises ValidationError); ``commune``: True to offer the commune filter."""
        super().__init__(*args, **kwargs)
        self.resolveurs = {}
        for nom, libelle in self.LIBELLES.items():
            valeur = options.get(nom)
            if valeur is None:
                continue
            if callable(valeur):
                self.resolveurs[nom] = valeur
                self.fields[nom] = forms.CharField(
                    label=libelle, required=False, help_text=self.AIDES_TEXTE.get(nom, "")
                )
            else:
                self.fields[nom] = forms.ChoiceField(
                    label=libelle, required=False, choices=[("", "Tous"), *valeur]
                )
        if options.get("commune"):
            self.fields["commune"] = ChampCommune(label="Commune", required=False)

    def clean(self):
        donnees = super().clean()
        du, au = donnees.get("du"), donnees.get("au")
        if du and au and du > au:
            self.add_error("au", "La fin de la période précède son début.")
        for nom, resoudre in self.resolveurs.items():
            texte = (donnees.get(nom) or "").strip()
            if texte:
                try:
                    donnees[nom] = resoudre(texte)
                except ValidationError as erreur:
                    self.add_error(nom, erreur)
        return donnees

    def filtres(self) -> dict:
        """Cleaned values as keyword arguments of ``statistiques.Filtres``."""
        d = self.cleaned_data
        departements = None
        if d.get("departement"):
            departements = frozenset({d["departement"]})
        elif d.get("region"):
            departements = frozenset(
                Departement.objects.filter(region_id=d["region"]).values_list("code", flat=True)
            )
        commune = d.get("commune")

        def entier(nom):
            valeur = d.get(nom)
            return int(valeur) if valeur not in (None, "") else None

        return {
            "du": d.get("du"),
            "au": d.get("au"),
            "type": d.get("type") or None,
            "thematique": d.get("thematique") or None,
            "departements": departements,
            "commune": commune.code_insee if commune else None,
            "conseiller_id": entier("conseiller"),
            "structure_id": entier("structure"),
            "lieu_id": entier("lieu"),
        }


def choix_regions():
    return list(Region.objects.order_by("nom").values_list("code", "nom"))


def choix_departements(codes=None):
    qs = Departement.objects.order_by("code")
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return [(d.code, d.libelle) for d in qs]
