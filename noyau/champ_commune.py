"""A form field to choose one of the 35,000 communes, usable without JavaScript.

The person types "33000 Bordeaux", "Bordeaux", "Bordeaux (33063)", "Bordeaux (33000)", a
postal code or an INSEE code; the field finds the commune, or explains what is ambiguous
("several communes match: …"). A name shared by several communes is settled by the
département the form gives as context (the advisor's, for an activity report), if exactly
one of them is there. This is the one commune field of the platform. With
JavaScript, ``noyau/communes.js`` suggests communes while typing (from
``/territoires/communes/``) in the same "code postal + nom" form.

Load ``noyau/communes.js`` in the page (``{% block js %}``) for the suggestions.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from territoires.models import Commune
from territoires.rules import normaliser
from territoires.selectors import rechercher_communes

_CODE = re.compile(r"^\d{5}$")
_INSEE_CORSE = re.compile(r"^2[AB]\d{3}$", re.IGNORECASE)
_CP_NOM = re.compile(r"^(?P<cp>\d{5})\s*(?P<nom>.*)$")
_NOM_CP = re.compile(r"^(?P<nom>.*?)\s*\(?(?P<cp>\d{5})\)?$")
_NOM_INSEE = re.compile(r"^(?P<nom>.*?)\s*\((?P<insee>\d{5}|2[AB]\d{3})\)$", re.IGNORECASE)
SUGGESTIONS = 5


def libelle_commune(commune: Commune) -> str:
    """How a commune is written in the field: "33000 Bordeaux"."""
    return f"{commune.code_postal_principal} {commune.nom}".strip()


def _liste(communes) -> str:
    return ", ".join(f"{c.nom} ({c.code_postal_principal or c.departement_id})" for c in communes)


def trouver_commune(texte: str, departement: str | None = None) -> Commune:
    """The commune the text designates, or a ValidationError that says what to type."""
    texte = " ".join((texte or "").split())
    if not texte:
        raise ValidationError("Ce champ est obligatoire.", code="required")
    base = Commune.objects.select_related("departement")
    avec_insee = _NOM_INSEE.match(texte)
    if avec_insee:  # « Bordeaux (33063) »: the INSEE code decides, when it is one
        commune = base.filter(code_insee=avec_insee.group("insee").upper()).first()
        if commune is not None:
            return commune
    if _INSEE_CORSE.match(texte):
        commune = base.filter(code_insee=texte.upper()).first()
        if commune:
            return commune
    if _CODE.match(texte):
        par_cp = list(base.filter(codes_postaux__contains=[texte])[: SUGGESTIONS + 1])
        if len(par_cp) == 1:
            return par_cp[0]
        if par_cp:
            raise ValidationError(
                "Plusieurs communes ont ce code postal : %(liste)s. Ajoutez le nom de la "
                "commune après le code postal.",
                params={"liste": _liste(par_cp[:SUGGESTIONS])},
                code="ambigu",
            )
        # An INSEE code typed instead of a postal code.
        commune = base.filter(code_insee=texte).first()
        if commune:
            return commune
        raise ValidationError("Aucune commune n’a ce code postal.", code="inconnu")
    correspondance = _CP_NOM.match(texte) or _NOM_CP.match(texte)
    if correspondance and correspondance.group("nom"):
        cp, nom = correspondance.group("cp"), normaliser(correspondance.group("nom"))
        du_cp = base.filter(codes_postaux__contains=[cp])
        if not du_cp.exists():
            raise ValidationError(
                "Aucune commune n’a le code postal %(cp)s : vérifiez-le.",
                params={"cp": cp},
                code="inconnu",
            )
        exactes = list(du_cp.filter(nom_recherche=nom)[:2]) or list(
            du_cp.filter(nom_recherche__startswith=nom)[:2]
        )
        if len(exactes) == 1:
            return exactes[0]
        texte = correspondance.group("nom")
    nom = normaliser(texte)
    exactes = list(base.filter(nom_recherche=nom).order_by("-population")[: SUGGESTIONS + 1])
    if len(exactes) == 1:
        return exactes[0]
    if departement:
        ici = [c for c in exactes if c.departement_id == departement]
        if len(ici) == 1:
            return ici[0]
    if exactes:
        raise ValidationError(
            "Plusieurs communes portent ce nom : %(liste)s. Indiquez aussi le code postal, "
            "par exemple « %(exemple)s ».",
            params={"liste": _liste(exactes[:SUGGESTIONS]), "exemple": libelle_commune(exactes[0])},
            code="ambigu",
        )
    proches = rechercher_communes(texte, limite=SUGGESTIONS)
    if proches:
        raise ValidationError(
            "Aucune commune ne porte exactement ce nom. Vouliez-vous dire : %(liste)s ?",
            params={"liste": _liste(proches)},
            code="inconnu",
        )
    raise ValidationError(
        "Aucune commune ne correspond. Saisissez le code postal puis le nom, par exemple "
        "« 33000 Bordeaux ».",
        code="inconnu",
    )


class ChampCommune(forms.CharField):
    """``departement``: the form's context, to settle a name shared by several communes."""

    def __init__(self, *, departement: str | None = None, **kwargs):
        self.departement = departement
        kwargs.setdefault(
            "help_text",
            "Nom, code postal ou les deux, par exemple « Mérignac » ou « 33000 Bordeaux ».",
        )
        kwargs.setdefault("max_length", 120)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "autocomplete": "off",
                "data-communes": reverse_lazy("territoires:communes"),
                "spellcheck": "false",
            }
        )

    def prepare_value(self, value):
        """A Commune as initial value shows as "33000 Bordeaux"; typed text stays as typed."""
        if isinstance(value, Commune):
            return libelle_commune(value)
        return super().prepare_value(value)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return None
        return trouver_commune(value, self.departement)

    def has_changed(self, initial, data):
        return self.prepare_value(initial) != (data or "")
