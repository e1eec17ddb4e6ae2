"""E-mails to a structure's managers about its subsidy (its declared contact if none)."""

from django.conf import settings
from django.urls import reverse

from noyau import courriels


def ecrire_a_la_structure(structure, sujet: str, gabarit: str, **contexte) -> None:
    from recrutement.services import gestionnaires

    adresses = gestionnaires(structure)
    if adresses:
        courriels.envoyer(
            adresses,
            sujet,
            f"conventions/courriels/{gabarit}",
            {
                "structure": structure,
                "lien": settings.SITE_URL + reverse("conventions:ma_convention"),
                **contexte,
            },
        )
