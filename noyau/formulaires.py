"""Base classes that render every form with the DSFR markup (labels, hints, linked errors),
and hold every typed value to the rules of ``noyau.saisie``.

Each text field refuses control characters, bidirectional marks and the replacement
character (a field error that says what to do), an e-mail field anything over 254
characters, and a text field that sets no length of its own anything over
``saisie.LONGUEUR_TEXTE``; a file's name follows the same rule.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from dsfr.forms import DsfrBaseForm

from . import saisie


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
