"""Base classes that render every form with the DSFR markup (labels, hints, linked errors)."""

from django import forms
from dsfr.forms import DsfrBaseForm


class Formulaire(DsfrBaseForm):
    pass


class FormulaireModele(DsfrBaseForm, forms.ModelForm):
    pass
