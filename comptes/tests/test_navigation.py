"""The navigation groups its entries into DSFR sub-menus once a role has many of them."""

import pytest
from django.urls import reverse

from comptes.navigation import SEUIL_SOUS_MENUS, liens
from comptes.roles import Role
from comptes.tests.factories import habilitation


def test_l_anct_a_des_sous_menus_et_les_liens_restent_tous_accessibles():
    items = liens(Role.ANCT, "/")
    assert len(items) <= SEUIL_SOUS_MENUS
    groupes = {i["libelle"]: i for i in items if "sous_liens" in i}
    assert {"Pilotage", "Instruction", "Administration"} <= set(groupes)
    urls = [s["url"] for g in groupes.values() for s in g["sous_liens"]]
    assert reverse("pilotage:tableau") in urls and reverse("comptes:journal") in urls


def test_le_lien_actif_marque_son_groupe():
    items = liens(Role.ANCT, reverse("comptes:journal"))
    [groupe] = [i for i in items if i.get("actif") and "sous_liens" in i]
    assert groupe["libelle"] == "Administration"


def test_peu_d_entrees_restent_a_plat():
    assert all("sous_liens" not in i for i in liens(Role.CANDIDAT, "/"))


@pytest.mark.django_db
def test_le_menu_est_rendu_en_sous_menus_dsfr(client):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(reverse("pilotage:tableau")).text
    assert 'class="fr-nav__btn"' in page and 'class="fr-collapse fr-menu"' in page
    assert 'aria-current="page"' in page
