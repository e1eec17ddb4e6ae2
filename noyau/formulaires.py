"""Base classes that render every form with the DSFR markup (labels, hints, linked errors)."""

from decimal import Decimal

from django import forms
from dsfr.forms import DsfrBaseForm

from .nombres import MILLIERS, euros, formater, lire_montant


class Formulaire(DsfrBaseForm):
    pass


class FormulaireModele(DsfrBaseForm, forms.ModelForm):
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
