"""Scoped reads of reports, places and beneficiaries, and the filter options of a scope.

The reports a role may list and export are exactly those its statistics count:
``activites_for_user`` derives them from the same ``statistiques.Portee``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from comptes.models import Utilisateur
from comptes.roles import Role
from comptes.selectors import conseillers_en_poste
from structures.models import Structure

from . import forms
from .models import Activite, Beneficiaire, Lieu
from .statistiques import Filtres, Portee


def q_portee(portee: Portee) -> Q:
    """The reports of a scope, as a filter on ``Activite``."""
    q = Q()
    if portee.departements is not None:
        q &= Q(departement_id__in=portee.departements)
    if portee.structures is not None:
        q &= Q(structure_id__in=portee.structures)
    if portee.conseillers is not None:
        q &= Q(conseiller_id__in=portee.conseillers)
    if portee.suivis is not None:
        membres = Q(pk__in=[])
        for conseiller_id, intervalles in portee.intervalles().items():
            for debut, fin in intervalles:
                periode = Q(conseiller_id=conseiller_id)
                if debut is not None:
                    periode &= Q(date__gte=debut)
                if fin is not None:
                    periode &= Q(date__lte=fin)
                membres |= periode
        q &= membres
    return q


def q_filtres(f: Filtres) -> Q:
    q = Q()
    if f.du:
        q &= Q(date__gte=f.du)
    if f.au:
        q &= Q(date__lte=f.au)
    if f.type:
        q &= Q(type=f.type)
    if f.departements is not None:
        q &= Q(departement_id__in=f.departements)
    if f.conseiller_id is not None:
        q &= Q(conseiller_id=f.conseiller_id)
    if f.structure_id is not None:
        q &= Q(structure_id=f.structure_id)
    if f.lieu_id is not None:
        q &= Q(lieu_id=f.lieu_id)
    if f.commune is not None:
        q &= Q(commune_id=f.commune)
    if f.thematique:
        q &= Q(thematiques__contains=[f.thematique])
    return q


def activites_for_user(portee: Portee, filtres: Filtres | None = None):
    """Live reports of a scope (and filters), most recent first."""
    qs = Activite.objects.filter(q_portee(portee), supprime_le__isnull=True)
    if filtres is not None:
        qs = qs.filter(q_filtres(filtres))
    return qs.order_by("-date", "-pk")


def mes_activites(conseiller):
    return Activite.objects.filter(conseiller=conseiller, supprime_le__isnull=True).select_related(
        "lieu", "commune", "beneficiaire"
    )


def mes_lieux(conseiller):
    return Lieu.objects.filter(conseiller=conseiller, supprime_le__isnull=True).select_related(
        "commune"
    )


def mes_beneficiaires(conseiller, recherche: str = ""):
    qs = Beneficiaire.objects.filter(conseiller=conseiller, supprime_le__isnull=True)
    for mot in recherche.split():
        qs = qs.filter(Q(nom__icontains=mot) | Q(prenom__icontains=mot))
    return qs.select_related("commune").order_by("nom", "prenom", "pk")


# --- Filter options of a scope ---------------------------------------------------------------


def _conseillers_de(portee: Portee):
    """Advisor accounts of a scope (for the choice list of the advisor filter)."""
    if portee.conseillers is not None:
        return Utilisateur.objects.filter(pk__in=portee.conseillers)
    if portee.suivis is not None:
        return Utilisateur.objects.filter(pk__in={c for c, _, _ in portee.suivis})
    habilitations = conseillers_en_poste()
    if portee.structures is not None:
        habilitations = habilitations.filter(structure_id__in=portee.structures)
    if portee.departements is not None:
        habilitations = habilitations.filter(structure__departement_id__in=portee.departements)
    return Utilisateur.objects.filter(pk__in=habilitations.values("utilisateur_id"))


def _structures_de(portee: Portee):
    qs = Structure.objects.all()
    if portee.structures is not None:
        qs = qs.filter(pk__in=portee.structures)
    if portee.departements is not None:
        qs = qs.filter(departement_id__in=portee.departements)
    return qs


def _liste_ou_texte(qs, libelle, resoudre):
    """A choice list for small scopes, a text field resolved within the scope otherwise."""
    if qs.count() <= forms.LIMITE_LISTE:
        return [(str(o.pk), libelle(o)) for o in qs]
    return resoudre


def options_filtres(portee: Portee, role: str) -> dict:
    """Which filters a scope offers (see ``forms.FiltresForm``)."""
    options: dict = {"commune": True}
    conseillers = _conseillers_de(portee).order_by("nom", "prenom", "pk")

    def resoudre_conseiller(texte):
        utilisateur = conseillers.filter(email__iexact=texte).first()
        if utilisateur is None:
            raise ValidationError("Aucun conseiller de votre périmètre n’a cette adresse.")
        return utilisateur.pk

    structures = _structures_de(portee).order_by("nom", "pk")

    def resoudre_structure(texte):
        structure = structures.filter(siret=texte.replace(" ", "")).first()
        if structure is None:
            raise ValidationError("Aucune structure de votre périmètre n’a ce SIRET.")
        return structure.pk

    if role != Role.CONSEILLER:
        options["conseiller"] = _liste_ou_texte(
            conseillers, lambda u: f"{u.nom_complet or u.email}", resoudre_conseiller
        )
    if role not in (Role.CONSEILLER, Role.STRUCTURE, Role.COORDINATEUR):
        options["structure"] = _liste_ou_texte(
            structures, lambda s: f"{s.nom} ({s.siret})", resoudre_structure
        )
    if portee.national:
        options["region"] = forms.choix_regions()
        options["departement"] = forms.choix_departements()
    elif portee.departements is not None and len(portee.departements) > 1:
        options["departement"] = forms.choix_departements(portee.departements)
    elif role == Role.GRAND_RESEAU:
        options["departement"] = forms.choix_departements(
            structures.values_list("departement_id", flat=True)
        )
    lieux = Lieu.objects.filter(conseiller__in=conseillers.values("pk")).order_by("nom", "pk")
    if portee.departements is not None:
        lieux = lieux.filter(commune__departement_id__in=portee.departements)
    if role == Role.CONSEILLER or lieux.count() <= forms.LIMITE_LISTE:
        options["lieu"] = [(str(lieu.pk), lieu.nom) for lieu in lieux]
    return options
