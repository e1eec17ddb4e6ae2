"""Forms of the operator's, structures' and ANCT's pages. Checks that need the database
(scope, state) stay in the services; these check the shape of the input in French."""

from decimal import Decimal

from django import forms

from candidats.forms import ChampDate
from noyau.formulaires import ChampMontant, Formulaire
from recrutement import rules as regles_recrutement
from recrutement.models import DossierSubvention, MiseEnRelation

from .choix import MotifSuspension, StatutContrat, StatutConvention, StatutTranche, TypePiece
from .dossiers import TAILLE_MAX_PIECE, erreur_fichier
from .rules import ReferenceTranches


def _vide(libelle="Tous"):
    return [("", libelle)]


class FiltresDossiersForm(Formulaire):
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=_vide() + DossierSubvention.Statut.choices
    )
    departement = forms.CharField(label="Département (code)", required=False, max_length=3)
    q = forms.CharField(label="Structure", required=False, max_length=100, help_text="Nom ou SIRET")


class FiltresConventionsForm(Formulaire):
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=_vide() + StatutConvention.choices
    )
    departement = forms.CharField(label="Département (code)", required=False, max_length=3)
    q = forms.CharField(label="Structure", required=False, max_length=100, help_text="Nom ou SIRET")
    suspendue = forms.ChoiceField(
        label="Paiements suspendus",
        required=False,
        choices=[("", "Indifférent"), ("oui", "Oui"), ("non", "Non")],
    )


class FiltresCalendrierForm(Formulaire):
    statut = forms.ChoiceField(
        label="Statut de la tranche",
        required=False,
        choices=_vide() + [(StatutTranche.PREVUE, "Prévue"), (StatutTranche.EXIGIBLE, "Exigible")],
    )
    departement = forms.CharField(label="Département (code)", required=False, max_length=3)


class PieceForm(Formulaire):
    prefix = "piece"

    type_piece = forms.ChoiceField(label="Pièce", choices=TypePiece.choices)
    fichier = forms.FileField(
        label="Fichier",
        help_text="PDF, PNG ou JPEG, 5 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        error_messages={"required": "Choisissez le fichier à déposer."},
    )

    def __init__(self, *args, types=None, **kwargs):
        super().__init__(*args, **kwargs)
        if types is not None:
            self.fields["type_piece"].choices = [(t, TypePiece(t).label) for t in types]

    def clean_fichier(self):
        fichier = self.cleaned_data["fichier"]
        if fichier.size > TAILLE_MAX_PIECE:
            raise forms.ValidationError("Le fichier dépasse 5 Mo.")
        debut = fichier.read(16)
        fichier.seek(0)
        erreur = erreur_fichier(fichier.name, fichier.size, debut)
        if erreur:
            raise forms.ValidationError(erreur)
        return fichier


class DemandePiecesForm(Formulaire):
    prefix = "pieces"

    message = forms.CharField(
        label="Pièces demandées",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez les pièces demandées."},
    )


class PiecesRuptureForm(Formulaire):
    """The pieces the national team asks for before validating a declared rupture."""

    pieces = forms.CharField(
        label="Pièces demandées",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class AcceptationForm(Formulaire):
    prefix = "acceptation"

    autres_aides = ChampMontant(
        label="Autres aides à l’emploi déjà perçues pour ce poste (€)",
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        initial=Decimal("0"),
        help_text="Elles sont déduites de la subvention.",
    )
    montant_saisi = ChampMontant(
        label="Montant de la subvention (€), pour un contrat PEC seulement",
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
    )


class MotifForm(Formulaire):
    prefix = "refus"

    motif = forms.CharField(
        label="Motif",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Indiquez le motif."},
    )


class VerificationPieceForm(Formulaire):
    decision = forms.ChoiceField(
        label="Décision", choices=[("accepter", "Accepter"), ("refuser", "Refuser")]
    )
    motif = forms.CharField(label="Motif du refus", required=False, max_length=500)

    def clean(self):
        donnees = super().clean()
        if donnees.get("decision") == "refuser" and not (donnees.get("motif") or "").strip():
            self.add_error("motif", "Indiquez pourquoi la pièce est refusée.")
        return donnees


class SignatureForm(Formulaire):
    prefix = "signature"

    date_signature = ChampDate(label="Date de signature")
    reference = forms.ChoiceField(
        label="Les tranches courent à partir de",
        required=False,
        choices=[
            ("", "La règle de l’AMI de la structure"),
            (ReferenceTranches.SIGNATURE_CONVENTION.value, "La signature de la convention"),
            (ReferenceTranches.SIGNATURE_CONTRAT.value, "La signature du contrat de travail"),
        ],
    )


class SuspensionForm(Formulaire):
    prefix = "suspension"

    motif = forms.ChoiceField(label="Motif", choices=MotifSuspension.choices)
    debut = ChampDate(label="Suspendue à partir du")
    commentaire = forms.CharField(
        label="Commentaire", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LeveeForm(Formulaire):
    prefix = "levee"

    le = ChampDate(label="Levée le")


class RemboursementForm(Formulaire):
    prefix = "remboursement"

    montant = ChampMontant(label="Montant (€)", min_value=Decimal("0.01"))
    motif = forms.CharField(label="Motif", widget=forms.Textarea(attrs={"rows": 2}))


class PaiementForm(Formulaire):
    action = forms.ChoiceField(
        label="Action", choices=[("exigible", "Marquer exigible"), ("payee", "Marquer payée")]
    )
    payee_le = ChampDate(label="Payée le", required=False)

    def clean(self):
        donnees = super().clean()
        if donnees.get("action") == "payee" and not donnees.get("payee_le"):
            self.add_error("payee_le", "Indiquez la date du paiement.")
        return donnees


class RuptureForm(Formulaire):
    prefix = "rupture"

    date_rupture = ChampDate(label="Date de la rupture")
    motif = forms.ChoiceField(
        label="Motif", choices=[("", "Choisissez un motif")] + MiseEnRelation.MotifRupture.choices
    )


class ProlongationForm(Formulaire):
    prefix = "prolongation"

    fin_souhaitee = ChampDate(label="Nouvelle date de fin souhaitée")


class FiltresContratsForm(Formulaire):
    statut = forms.ChoiceField(
        label="Statut", required=False, choices=_vide() + StatutContrat.choices
    )


class RenouvellementContratForm(Formulaire):
    """A new contract for the same advisor on the same post (the national team validates).
    The SMIC and length rules are recrutement.rules.erreurs_contrat's, shown on the fields."""

    prefix = "renouvellement"

    type_contrat = forms.ChoiceField(
        label="Type du nouveau contrat",
        choices=[("", "Choisissez")] + MiseEnRelation.TypeContrat.choices,
        error_messages={"required": "Choisissez le type de contrat."},
    )
    date_debut = ChampDate(label="Début du nouveau contrat")
    duree_mois = forms.IntegerField(
        label="Durée (en mois)",
        required=False,
        min_value=1,
        max_value=regles_recrutement.DUREE_CONTRAT_MAX_MOIS,
        help_text="Laissez vide pour un CDI.",
    )
    salaire = ChampMontant(
        label="Salaire brut mensuel (en euros)",
        max_digits=8,
        min_value=Decimal("0.01"),
        help_text="Au moins le SMIC en vigueur au début du contrat, par exemple 2 100 ou 1 823,03.",
    )


class TransfertForm(Formulaire):
    date_transfert = ChampDate(label="Date du transfert")
