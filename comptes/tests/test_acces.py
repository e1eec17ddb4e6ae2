"""Every role against every page of the foundation: its own pages answer, others 404."""

import pytest
from django.urls import reverse

from comptes.navigation import ACCUEILS
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation

PAGES_PUBLIQUES = ["/", "/accessibilite/", "/mentions-legales/", "/donnees-personnelles/"]

# Protected pages and the only roles that may open them.
PAGES_PROTEGEES = {
    **{reverse("comptes:accueil_role", args=[r]): {r} for r in Role.values},
    reverse("comptes:invitations"): {Role.ANCT},
    reverse("comptes:journal"): {Role.ANCT},
    reverse("comptes:gestionnaires"): {Role.STRUCTURE},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, role):
    client.force_login(habilitation(role).utilisateur)
    for url, roles in PAGES_PROTEGEES.items():
        reponse = client.get(url)
        attendu = 200 if role in roles else 404
        assert reponse.status_code == attendu, f"{role} sur {url}"


def accueil(role: str) -> str:
    """The home page of a role: another app's page when one registered it, else the generic one."""
    if role in ACCUEILS:
        return reverse(ACCUEILS[role])
    return reverse("comptes:accueil_role", args=[role])


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_atterrit_sur_son_espace(client, role):
    h = habilitation(role)
    client.force_login(h.utilisateur)
    reponse = client.get(reverse("comptes:espace"), follow=True)
    assert reponse.status_code == 200
    # The role's home may itself send on (a candidate without a profile creates it first).
    assert reponse.redirect_chain[0][0] == accueil(role)


@pytest.mark.django_db
def test_anonyme_voit_les_pages_publiques_et_doit_se_connecter_ailleurs(client):
    for url in PAGES_PUBLIQUES:
        assert client.get(url).status_code == 200, url
    for url in PAGES_PROTEGEES:
        reponse = client.get(url)
        assert reponse.status_code == 302, url
        assert reponse["Location"].startswith(reverse("comptes:connexion"))


@pytest.mark.django_db
def test_un_compte_sans_role_ne_voit_que_les_pages_publiques(client):
    client.force_login(UtilisateurFactory())
    assert "aucun rôle" in client.get(reverse("comptes:espace")).text
    for url in PAGES_PUBLIQUES:
        assert client.get(url).status_code == 200
    for url in PAGES_PROTEGEES:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_role_inconnu_repond_404(client):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    assert client.get("/espace/pirate/").status_code == 404


@pytest.mark.django_db
def test_changer_de_role(client):
    h_structure = habilitation(Role.STRUCTURE)
    h_candidat = habilitation(Role.CANDIDAT, utilisateur=h_structure.utilisateur)
    client.force_login(h_structure.utilisateur)
    reponse = client.post(
        reverse("comptes:changer_role"), {"habilitation": h_candidat.pk}, follow=True
    )
    assert [url for url, _ in reponse.redirect_chain][:2] == [
        reverse("comptes:espace"),
        accueil(Role.CANDIDAT),
    ]
    assert client.get(reverse("comptes:espace"))["Location"] == accueil(Role.CANDIDAT)
    # The header offers the switch between the two roles.
    assert "Changer de rôle" in reponse.text


@pytest.mark.django_db
def test_on_ne_peut_pas_prendre_le_role_d_un_autre(client):
    moi = habilitation(Role.CANDIDAT)
    autre = habilitation(Role.ANCT)
    client.force_login(moi.utilisateur)
    reponse = client.post(reverse("comptes:changer_role"), {"habilitation": autre.pk})
    assert reponse.status_code == 404
    assert client.get(reverse("comptes:journal")).status_code == 404


@pytest.mark.django_db
def test_habilitation_desactivee_ne_donne_plus_acces(client):
    h = habilitation(Role.ANCT, active=False)
    client.force_login(h.utilisateur)
    assert client.get(reverse("comptes:journal")).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_administration_technique_reservee_a_l_anct(client, role):
    h = habilitation(role)
    h.utilisateur.is_staff = True
    h.utilisateur.save()
    client.force_login(h.utilisateur)
    reponse = client.get("/administration/")
    if role == Role.ANCT:
        assert reponse.status_code == 200
    else:
        assert reponse.status_code == 302
        assert "/administration/login/" in reponse["Location"]


@pytest.mark.django_db
def test_pages_d_erreur_en_francais(client):
    reponse = client.get("/cette-page-n-existe-pas/")
    assert reponse.status_code == 404
    assert "Page introuvable" in reponse.text


@pytest.mark.django_db
def test_prefecture_de_region_couvre_les_departements_de_sa_region(client):
    from comptes.acces import perimetre
    from territoires.tests.factories import DepartementFactory, RegionFactory

    region = RegionFactory(code="75")
    DepartementFactory(code="33", region=region)
    DepartementFactory(code="47", region=region)
    DepartementFactory(code="69")
    h = habilitation(Role.PREFECTURE, departement=None, region=region)
    assert perimetre(h).departements == frozenset({"33", "47"})
    client.force_login(h.utilisateur)
    assert client.get(reverse("comptes:espace"), follow=True).status_code == 200
