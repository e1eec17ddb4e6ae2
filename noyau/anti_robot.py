"""Offline protection of public forms against robots, without any third-party captcha.

Two checks, both invisible to a person:

* a honeypot field, placed off-screen and skipped by keyboard navigation, that a person
  leaves empty and a form-filling robot fills in;
* a signed timestamp written when the form is displayed: a submission that comes back
  faster than a person can type (3 seconds), or after several hours, is refused. The
  signature (SECRET_KEY) prevents a robot from forging an older timestamp.

Use: ``class MonFormulaire(ProtectionRobots, Formulaire)`` and load
``noyau/anti_robot.css`` in the page (``{% block css %}``).
"""

import time

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError

SEL = "noyau.anti-robot"
DELAI_MINIMAL = 3  # seconds
DELAI_MAXIMAL = 4 * 60 * 60  # seconds

MESSAGE_ROBOT = (
    "Votre envoi ressemble à celui d’un robot. Si vous avez rempli le champ caché "
    "« Laissez ce champ vide », videz-le, puis envoyez de nouveau le formulaire."
)
MESSAGE_TROP_RAPIDE = (
    "Le formulaire a été envoyé trop vite après son affichage. "
    "Vérifiez vos réponses, puis envoyez-le de nouveau."
)
MESSAGE_EXPIRE = (
    "Le formulaire a expiré (il était ouvert depuis plusieurs heures). "
    "Vérifiez vos réponses, puis envoyez-le de nouveau."
)


def creer_jeton(instant: float | None = None) -> str:
    """A signed display time; ``instant`` defaults to now."""
    return signing.dumps(int(instant if instant is not None else time.time()), salt=SEL)


def erreur_jeton(jeton: str, maintenant: float | None = None) -> str | None:
    maintenant = maintenant if maintenant is not None else time.time()
    try:
        affiche_le = signing.loads(jeton or "", salt=SEL)
    except signing.BadSignature:
        return MESSAGE_EXPIRE
    if not isinstance(affiche_le, int):
        return MESSAGE_EXPIRE
    ecoule = maintenant - affiche_le
    if ecoule < DELAI_MINIMAL:
        return MESSAGE_TROP_RAPIDE
    if ecoule > DELAI_MAXIMAL:
        return MESSAGE_EXPIRE
    return None


class ProtectionRobots(forms.Form):
    """Mixin for a public form: adds the honeypot and the signed timestamp."""

    site_web = forms.CharField(
        label="Laissez ce champ vide",
        required=False,
        template_name="noyau/champ_pot_de_miel.html",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    jeton_affichage = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jeton_affichage"].initial = creer_jeton()

    def clean(self):
        donnees = super().clean()
        if donnees.get("site_web"):
            raise ValidationError(MESSAGE_ROBOT, code="robot")
        if self.errors:
            # A person who sent an incomplete form quickly is told what to fix, not that
            # they look like a robot; the delay is checked once the rest is valid.
            return donnees
        erreur = erreur_jeton(donnees.get("jeton_affichage", ""))
        if erreur == MESSAGE_EXPIRE:
            # Shown again with a fresh timestamp, so that the next submission can pass.
            self.data = self.data.copy()
            self.data[self.add_prefix("jeton_affichage")] = creer_jeton()
        if erreur:
            raise ValidationError(erreur, code="delai")
        return donnees
