"""Template filters for numbers and French words, built into every template
(``TEMPLATES["OPTIONS"]["builtins"]``): no ``{% load %}`` needed.

    {{ subvention.montant|euros }}        100 000,00 €
    {{ ligne.part|pourcentage }}          46,8 %
    {{ total.cra|nombre }}                12 345
    {{ n|pluriel:"poste libre,postes libres" }}   1 poste libre / 3 postes libres
    {{ n|accorde:"poste libre" }}         poste libre / postes libres (the word alone)
    {{ commune.nom|de }}                  de Bordeaux / d’Agen
    {{ centre.nom|le }}                   le Havre / l’Isle-Adam
"""

from django import template

from noyau import mots, nombres

register = template.Library()


@register.filter
def euros(valeur, decimales=2):
    return nombres.euros(valeur, int(decimales))


@register.filter
def pourcentage(valeur, decimales=1):
    return nombres.pourcentage(valeur, int(decimales))


@register.filter
def nombre(valeur):
    return nombres.nombre(valeur)


@register.filter
def pluriel(valeur, formes: str):
    """« 1 poste libre », « 3 postes libres »: the count (grouped) and the right form,
    from "singulier,pluriel". 0 takes the singular, as in French."""
    singulier, _, pluriel_ = formes.partition(",")
    return mots.compter(valeur, singulier, pluriel_ or None)


@register.filter
def accorde(valeur, formes: str):
    """The word alone, agreed with the count: ``{{ n|accorde:"poste occupé,postes occupés" }}``
    (when the count is printed elsewhere, e.g. in its own element)."""
    singulier, _, pluriel_ = formes.partition(",")
    return mots.accorder(valeur, singulier, pluriel_ or None)


@register.filter(name="de")
def de(nom):
    return mots.de(nom)


@register.filter(name="le")
def le(nom):
    return mots.le(nom)
