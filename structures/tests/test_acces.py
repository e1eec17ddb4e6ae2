"""Every role against every page of structures: its own pages answer, others 404."""

import pytest
from django.urls import reverse

from comptes.acces import Perimetre
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation
from structures.selectors import departements_for_user, structures_for_user
from structures.tests.factories import StructureFactory
from territoires.tests.factories import DepartementFactory

AGENTS = {Role.PREFECTURE, Role.HUB, Role.GRAND_RESEAU, Role.OPERATEUR, Role.ANCT}


def habilitation_avec_structure_visible(role):
    """A habilitation of the role and a structure inside its scope (when it has one)."""
    gironde = DepartementFactory(code="33")
    if role == Role.PREFECTURE:
        h = habilitation(role, departement=gironde)
        return h, StructureFactory(departement=gironde)
    if role == Role.HUB:
        h = habilitation(role, departements=[gironde])
        return h, StructureFactory(departement=gironde)
    if role == Role.GRAND_RESEAU:
        h = habilitation(role)
        return h, StructureFactory(reseau=h.reseau)
    h = habilitation(role)
    return h, StructureFactory(departement=gironde)


def pages(structure):
    return {
        reverse("structures:liste"): AGENTS,
        reverse("structures:liste") + "?format=csv": AGENTS,
        reverse("structures:detail", args=[structure.pk]): AGENTS,
        reverse("structures:espace"): {Role.STRUCTURE},
        reverse("structures:document", args=["fiche-de-poste"]): {Role.STRUCTURE},
        reverse("structures:telecharger_document", args=["modele-contrat"]): {Role.STRUCTURE},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, role):
    h, structure = habilitation_avec_structure_visible(role)
    client.force_login(h.utilisateur)
    for url, roles in pages(structure).items():
        attendu = 200 if role in roles else 404
        assert client.get(url).status_code == attendu, f"{role} sur {url}"
    # The public sign-up answers everyone.
    assert client.get(reverse("structures:inscription")).status_code == 200


@pytest.mark.django_db
def test_anonyme_doit_se_connecter_sauf_pour_s_inscrire(client):
    structure = StructureFactory()
    for url in pages(structure):
        reponse = client.get(url)
        assert reponse.status_code == 302, url
        assert reponse["Location"].startswith(reverse("comptes:connexion"))
    assert client.get(reverse("structures:inscription")).status_code == 200
    assert client.get(reverse("structures:inscription_envoyee")).status_code == 200


@pytest.mark.django_db
def test_compte_sans_role(client):
    client.force_login(UtilisateurFactory())
    for url in pages(StructureFactory()):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PREFECTURE, Role.HUB, Role.GRAND_RESEAU])
def test_fiche_hors_perimetre_repond_404(client, role):
    h, _ = habilitation_avec_structure_visible(role)
    ailleurs = StructureFactory(departement=DepartementFactory(code="69"))
    client.force_login(h.utilisateur)
    assert client.get(reverse("structures:detail", args=[ailleurs.pk])).status_code == 404
    assert ailleurs.nom not in client.get(reverse("structures:liste")).text


@pytest.mark.django_db
def test_perimetre_de_plusieurs_departements(client):
    """A regional prefecture's scope is the set of its départements (comptes.acces)."""
    landes = StructureFactory(departement=DepartementFactory(code="40"))
    gironde = StructureFactory(departement=DepartementFactory(code="33"))
    rhone = StructureFactory(departement=DepartementFactory(code="69"))
    p = Perimetre(role=Role.PREFECTURE, departements=frozenset({"33", "40"}))
    assert set(structures_for_user(p)) == {landes, gironde}
    assert rhone not in structures_for_user(p)
    assert set(departements_for_user(p).values_list("code", flat=True)) == {"33", "40"}
