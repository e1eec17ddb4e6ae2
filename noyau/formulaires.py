"""Base classes that render every form with the DSFR markup (labels, hints, linked errors),
and hold every typed value to the rules of ``noyau.saisie``.

Each text field refuses control characters, bidirectional marks and the replacement
character (a field error that says what to do), an e-mail field anything over 254
characters, and a text field that sets no length of its own anything over
``saisie.LONGUEUR_TEXTE``; a file's name follows the same rule.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from dsfr.forms import DsfrBaseForm

from . import saisie
from .nombres import MILLIERS, euros, formater, lire_montant


def valider_texte(valeur) -> None:
    message = saisie.probleme(str(valeur))
    if message:
        raise ValidationError(message, code="caracteres")


def valider_nom_de_fichier(fichier) -> None:
    nom = getattr(fichier, "name", "") or ""
    message = saisie.probleme(nom)
    if message:
        raise ValidationError(f"Nom du fichier : {message}", code="caracteres")


def _longueur_maximale(champ: forms.CharField) -> int:
    if isinstance(champ, forms.EmailField):
        # Django's default for an e-mail field is 320, beyond what an address can be.
        return min(champ.max_length or saisie.LONGUEUR_EMAIL, saisie.LONGUEUR_EMAIL)
    return champ.max_length or saisie.LONGUEUR_TEXTE


class SaisieSaine:
    """Adds the shared text rules to every field of the form (instance copies only)."""

    # Fields whose length is checked elsewhere (the login identifier: see ConnexionForm).
    longueur_libre: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for nom, champ in self.fields.items():
            if isinstance(champ, (forms.UUIDField, forms.JSONField)):
                continue  # their value is not text once read (UUID, JSON)
            if isinstance(champ, forms.CharField):
                champ.validators.append(valider_texte)
                if nom not in self.longueur_libre:
                    maximum = _longueur_maximale(champ)
                    if not any(
                        isinstance(v, MaxLengthValidator) and v.limit_value <= maximum
                        for v in champ.validators
                    ):
                        champ.validators.append(MaxLengthValidator(maximum))
            elif isinstance(champ, forms.FileField):
                champ.validators.append(valider_nom_de_fichier)


class Formulaire(SaisieSaine, DsfrBaseForm):
    pass


class FormulaireModele(SaisieSaine, DsfrBaseForm, forms.ModelForm):
    pass


class ChampMontant(forms.DecimalField):
    """An amount in euros, read as a person types it: « 2 100 », « 1 823,03 », « 2100.50 »,
    « 2 100,50 € » (``noyau.nombres.lire_montant``). A text input with a decimal keypad
    (a ``type=number`` input would refuse the spaces the help texts show), redisplayed in
    French (« 2 100,50 »). Bad input gets one clear French message."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03.",
        "max_decimal_places": "Deux chiffres après la virgule au plus (les centimes).",
        "max_digits": "Ce montant est trop élevé : vérifiez-le.",
        "max_whole_digits": "Ce montant est trop élevé : vérifiez-le.",
    }

    def __init__(self, *, max_digits=10, decimal_places=2, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        # The limits in French (« 0,01 € »), unless the form says it in its own words.
        propres = kwargs.get("error_messages") or {}
        if self.min_value is not None and "min_value" not in propres:
            self.error_messages["min_value"] = (
                f"Le montant doit être d’au moins {euros(self.min_value)}."
            )
        if self.max_value is not None and "max_value" not in propres:
            self.error_messages["max_value"] = (
                f"Le montant doit être d’au plus {euros(self.max_value)}."
            )

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal):
            return value
        try:
            return lire_montant(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
            return formater(value, self.decimal_places or 0).replace(MILLIERS, " ")
        return value

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max, meaningless on a text input.
        return forms.Field.widget_attrs(self, widget)
