"""The national dashboard's choropleth: each département painted from its own figures."""

import re

import pytest
from django.urls import reverse

from comptes.roles import Role
from comptes.tests.factories import habilitation
from territoires.choroplethe import PALETTE, PALIERS_POURCENTAGE, SANS_DONNEE

TABLEAU = reverse("pilotage:tableau")


def peintures(html: str) -> dict[str, str]:
    return {
        code: couleur
        for couleur, code in re.findall(
            r'fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="0.6" data-code="(\w+)"', html
        )
    }


@pytest.mark.django_db
@pytest.mark.parametrize("indicateur", ["cible", "postes"])
def test_chaque_departement_a_la_couleur_de_son_chiffre(client, jeu, indicateur):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(TABLEAU, {"indicateur": indicateur})
    lignes = reponse.context["lignes"]
    peints = peintures(reponse.text)
    couleurs = PALIERS_POURCENTAGE.couleurs()
    verifies = 0
    for ligne in lignes:
        base = ligne.cible if indicateur == "cible" else ligne.dotation
        attendu = (
            SANS_DONNEE
            if not base
            else couleurs[PALIERS_POURCENTAGE.classe(100 * ligne.occupes / base)]
        )
        if ligne.code in peints:
            assert peints[ligne.code] == attendu, ligne.code
            verifies += 1
    assert verifies and set(peints.values()) <= {*PALETTE, SANS_DONNEE}
    assert "Voir les données : " in reponse.text  # the accessible table
