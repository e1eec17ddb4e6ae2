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


def test_la_structure_lit_son_menu_avec_ses_mots():
    """Issue 14: « a structure's navigation shows « Pilotage » and « Instruction » »: words
    of the national team. A town hall reads what it does."""
    items = liens(Role.STRUCTURE, "/")
    libelles = [i["libelle"] for i in items]
    assert "Pilotage" not in libelles and "Instruction" not in libelles
    assert libelles[:5] == [
        "Accueil de mon espace",
        "Ma demande",
        "Mes recrutements",
        "Ma convention",
        "Mon activité",
    ]
    groupes = {
        i["libelle"]: [s["url"] for s in i["sous_liens"]] for i in items if "sous_liens" in i
    }
    assert reverse("structures:espace") in groupes["Ma demande"]
    assert reverse("instruction:mes_demandes") in groupes["Ma demande"]
    assert reverse("recrutement:espace") in groupes["Mes recrutements"]
    assert reverse("conventions:ma_convention") in groupes["Ma convention"]
    assert reverse("pilotage:obligations") in groupes["Ma convention"]
    assert reverse("pilotage:tableau") in groupes["Mon activité"]
    assert reverse("activite:statistiques") in groupes["Mon activité"]
    # The national team keeps its own groups.
    assert "Pilotage" in [i["libelle"] for i in liens(Role.ANCT, "/")]
