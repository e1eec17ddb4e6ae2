"""Training pages through the test client: roles, scopes (404 outside), forms, exports."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import habilitation
from formation import rules as R
from formation.models import Apprenant, Session

from .factories import (
    ApprenantFactory,
    OrganismeFormationFactory,
    apprenant_positionne,
    centre,
    inscrits,
    recrutement_finalise,
    session,
    structure_a,
)

AUJOURD_HUI = timezone.localdate

PAGES = {
    "formation:apprenants": {Role.ORGANISME_FORMATION, Role.ANCT},
    "formation:conseillers": {Role.STRUCTURE, Role.PREFECTURE, Role.HUB, Role.COORDINATEUR},
    "formation:sessions": {Role.ORGANISME_FORMATION, Role.ANCT},
    "formation:mon_parcours": {Role.CONSEILLER},
    "formation:retards": {
        Role.ANCT,
        Role.PREFECTURE,
        Role.HUB,
        Role.STRUCTURE,
        Role.ORGANISME_FORMATION,
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, role):
    client.force_login(habilitation(role).utilisateur)
    for nom, roles in PAGES.items():
        reponse = client.get(reverse(nom))
        assert reponse.status_code == (200 if role in roles else 404), f"{role} sur {nom}"


@pytest.fixture
def deux_organismes(db):
    """Two bodies, each with one learner; the agent of the first is logged in."""
    lyon = OrganismeFormationFactory(nom="Campus Rhône", departements=["69"])
    gironde = OrganismeFormationFactory(nom="Atelier Gironde", departements=["33"])
    a = ApprenantFactory(organisme=lyon, mise_en_relation=recrutement_finalise(structure_a("69")))
    b = ApprenantFactory(
        organisme=gironde, mise_en_relation=recrutement_finalise(structure_a("33"))
    )
    return lyon, gironde, a, b


@pytest.mark.django_db
class TestPerimetreOrganisme:
    def test_un_organisme_ne_voit_que_ses_apprenants(self, client, deux_organismes):
        lyon, _, a, b = deux_organismes
        client.force_login(habilitation(Role.ORGANISME_FORMATION, organisme=lyon).utilisateur)
        page = client.get(reverse("formation:apprenants")).content.decode()
        assert a.nom in page and b.nom not in page
        assert client.get(reverse("formation:apprenant", args=[a.pk])).status_code == 200
        assert client.get(reverse("formation:apprenant", args=[b.pk])).status_code == 404
        reponse = client.post(
            reverse("formation:positionner", args=[b.pk]),
            {"positionner-score": 50, "positionner-le": AUJOURD_HUI().isoformat()},
        )
        assert reponse.status_code == 404
        b.refresh_from_db()
        assert b.etat == R.A_POSITIONNER
        export = client.get(reverse("formation:apprenants") + "?format=csv")
        contenu = b"".join(export.streaming_content).decode("utf-8-sig")
        assert a.mise_en_relation.candidat.utilisateur.email in contenu
        assert b.mise_en_relation.candidat.utilisateur.email not in contenu
        assert client.get(reverse("formation:apprenants") + "?format=xlsx").status_code == 200

    def test_sessions_d_un_autre_organisme_introuvables(self, client, deux_organismes):
        lyon, gironde, _, _ = deux_organismes
        autre = session(gironde)
        client.force_login(habilitation(Role.ORGANISME_FORMATION, organisme=lyon).utilisateur)
        assert client.get(reverse("formation:session", args=[autre.pk])).status_code == 404
        assert client.post(reverse("formation:ouvrir", args=[autre.pk])).status_code == 404

    def test_structure_et_prefecture_ne_voient_que_les_leurs(self, client, deux_organismes):
        _, _, a, b = deux_organismes
        structure = a.mise_en_relation.structure
        client.force_login(habilitation(Role.STRUCTURE, structure=structure).utilisateur)
        page = client.get(reverse("formation:conseillers")).content.decode()
        assert a.nom in page and b.nom not in page
        assert client.get(reverse("formation:apprenant", args=[b.pk])).status_code == 404
        fiche = client.get(reverse("formation:apprenant", args=[a.pk])).content.decode()
        assert "À positionner" in fiche and "Enregistrer le positionnement" not in fiche
        client.force_login(
            habilitation(
                Role.PREFECTURE, departement=b.mise_en_relation.structure.departement
            ).utilisateur
        )
        page = client.get(reverse("formation:conseillers")).content.decode()
        assert b.nom in page and a.nom not in page
        assert client.get(reverse("formation:apprenant", args=[a.pk])).status_code == 404

    def test_le_conseiller_voit_sa_formation(self, client, deux_organismes):
        _, _, a, _ = deux_organismes
        u = a.mise_en_relation.candidat.utilisateur
        habilitation(Role.CONSEILLER, utilisateur=u, structure=a.mise_en_relation.structure)
        client.force_login(u)
        page = client.get(reverse("formation:mon_parcours")).content.decode()
        assert "Formation de" in page and "Campus Rhône" in page and "À positionner" in page


@pytest.mark.django_db
class TestParcoursDansLesPages:
    @pytest.fixture
    def agent(self, client):
        organisme = OrganismeFormationFactory(departements=["69"])
        client.force_login(habilitation(Role.ORGANISME_FORMATION, organisme=organisme).utilisateur)
        return organisme

    def test_positionnement_errone_montre_l_erreur_et_ne_change_rien(self, client, agent):
        a = ApprenantFactory(organisme=agent)
        reponse = client.post(
            reverse("formation:positionner", args=[a.pk]),
            {
                "positionner-score": 90,
                "positionner-le": AUJOURD_HUI().isoformat(),
                "positionner-catalogue": "2024",
                "positionner-parcours": "2024_315",
            },
        )
        assert reponse.status_code == 400
        assert "indiquez pourquoi" in reponse.content.decode()
        a.refresh_from_db()
        assert a.etat == R.A_POSITIONNER

    def test_positionnement_puis_inscription(self, client, agent):
        a = ApprenantFactory(organisme=agent)
        reponse = client.post(
            reverse("formation:positionner", args=[a.pk]),
            {
                "positionner-score": 50,
                "positionner-le": AUJOURD_HUI().isoformat(),
                "positionner-catalogue": "2024",
            },
            follow=True,
        )
        assert "Le positionnement est enregistré" in reponse.content.decode()
        assert "CCP1 en 175 h" in reponse.content.decode()
        s = session(agent, parcours="2024_175")
        client.post(reverse("formation:inscrire", args=[a.pk]), {"inscrire-session": s.pk})
        a.refresh_from_db()
        assert (a.etat, a.session) == (R.INSCRIT, s)

    def test_ouverture_a_distance_expliquee(self, client, agent):
        s = session(agent, centre=centre(agent), debut=AUJOURD_HUI() + timedelta(days=3))
        inscrits(agent, s, 3)
        reponse = client.post(reverse("formation:ouvrir", args=[s.pk]), follow=True)
        page = reponse.content.decode()
        assert "Seulement 3 conseillers" in page and "il en faut au moins 8" in page
        s.refresh_from_db()
        assert s.mode == R.DISTANCE

    def test_planifier_une_session(self, client, agent):
        lyon = centre(agent)
        reponse = client.post(
            reverse("formation:sessions"),
            {
                "parcours": "2024_70",
                "date_debut": (AUJOURD_HUI() - timedelta(days=1)).isoformat(),
                "centre": lyon.pk,
                "capacite": 12,
            },
        )
        assert reponse.status_code == 400 and "dans le passé" in reponse.content.decode()
        assert not Session.objects.exists()
        client.post(
            reverse("formation:sessions"),
            {
                "parcours": "2024_70",
                "date_debut": (AUJOURD_HUI() + timedelta(days=10)).isoformat(),
                "centre": lyon.pk,
                "capacite": 12,
            },
        )
        assert Session.objects.get().centre == lyon

    def test_reaffectation_par_l_anct(self, client):
        a = ApprenantFactory()
        autre = OrganismeFormationFactory(nom="Nouvel organisme")
        client.force_login(habilitation(Role.ANCT).utilisateur)
        client.post(
            reverse("formation:reaffecter", args=[a.pk]),
            {"reaffecter-organisme": autre.pk, "reaffecter-motif": "Plus proche"},
        )
        assert Apprenant.objects.get(pk=a.pk).organisme == autre


@pytest.mark.django_db
def test_liste_des_retards(client):
    organisme = OrganismeFormationFactory()
    ancien = ApprenantFactory(
        organisme=organisme,
        etat=R.DISPENSE,
        motif_dispense=R.MOTIF_TITRE_REMN,
        date_prise_poste=AUJOURD_HUI() - timedelta(days=800),
    )
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(reverse("formation:retards")).content.decode()
    assert ancien.nom in page and "Module thématique" in page


@pytest.mark.django_db
def test_une_page_de_liste_se_lit_en_requetes_constantes(client, django_assert_max_num_queries):
    organisme = OrganismeFormationFactory()
    s = session(organisme, centre=centre(organisme))
    inscrits(organisme, s, 30)
    client.force_login(habilitation(Role.ORGANISME_FORMATION, organisme=organisme).utilisateur)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("formation:apprenants")).content.decode()
    assert len(re.findall(r'href="/formation/apprenants/\d+/"', page)) == 25  # one page


@pytest.mark.django_db
def test_filtres_de_la_liste(client):
    organisme = OrganismeFormationFactory()
    a_positionner = ApprenantFactory(organisme=organisme)
    positionne = apprenant_positionne(organisme)
    sans = ApprenantFactory(organisme=None)
    client.force_login(habilitation(Role.ANCT).utilisateur)
    url = reverse("formation:apprenants")
    page = client.get(url, {"etat": R.POSITIONNE}).content.decode()
    assert positionne.nom in page and a_positionner.nom not in page
    page = client.get(url, {"sans_organisme": "on"}).content.decode()
    assert sans.nom in page and positionne.nom not in page
    nom = positionne.mise_en_relation.candidat.utilisateur.nom
    page = client.get(url, {"q": nom}).content.decode()
    assert positionne.nom in page and a_positionner.nom not in page
    page = client.get(url, {"etat": "inconnu"}).content.decode()
    assert "Aucun apprenant ne correspond" in page


@pytest.mark.django_db
def test_emargement_validation_resultats_et_module_par_les_pages(client):
    organisme = OrganismeFormationFactory()
    s = session(organisme, debut=AUJOURD_HUI() - timedelta(days=30))
    a, b = inscrits(organisme, s, 2)
    client.force_login(habilitation(Role.ORGANISME_FORMATION, organisme=organisme).utilisateur)
    client.post(reverse("formation:ouvrir", args=[s.pk]))
    client.post(
        reverse("formation:presences", args=[s.pk]),
        {"jour": AUJOURD_HUI().isoformat(), "presents": [str(a.pk)]},
    )
    assert list(a.presences.values_list("present", flat=True)) == [True]
    assert list(b.presences.values_list("present", flat=True)) == [False]

    url = reverse("formation:valider", args=[a.pk])
    reponse = client.post(url, {"valider-le": (AUJOURD_HUI() + timedelta(days=1)).isoformat()})
    assert reponse.status_code == 400 and "futur" in reponse.content.decode()
    reponse = client.post(url, {"valider-le": AUJOURD_HUI().isoformat()}, follow=True)
    assert "le conseiller peut prendre son poste" in reponse.content.decode()
    a.refresh_from_db()
    assert (a.etat, a.date_prise_poste) == (R.FORME, AUJOURD_HUI())

    reponse = client.post(
        reverse("formation:resultats", args=[a.pk]),
        {"resultats-ccp1": "oui"},
    )
    assert reponse.status_code == 400 and "Indiquez la date de ce résultat" in (
        reponse.content.decode()
    )
    client.post(
        reverse("formation:resultats", args=[a.pk]),
        {"resultats-ccp1": "oui", "resultats-date_ccp1": AUJOURD_HUI().isoformat()},
    )
    a.refresh_from_db()
    assert a.ccp1_admis is True

    reponse = client.post(
        reverse("formation:module", args=[a.pk]),
        {
            "module-type_module": R.THEMATIQUE,
            "module-code": "sante",
            "module-heures": 21,
            "module-le": AUJOURD_HUI().isoformat(),
        },
    )
    assert reponse.status_code == 400 and "7 h ou 14 h" in reponse.content.decode()
    assert not a.modules.exists()
    # Out of the learner's state, the action is not offered: 404.
    assert client.post(reverse("formation:dispenser", args=[a.pk]), {}).status_code == 404


@pytest.mark.django_db
def test_le_coordinateur_voit_son_equipe_seulement(client, deux_organismes):
    from comptes.models import MembreEquipe

    _, _, a, b = deux_organismes
    coordination = habilitation(Role.COORDINATEUR)
    MembreEquipe.objects.create(coordination=coordination, conseiller=a.utilisateur)
    client.force_login(coordination.utilisateur)
    page = client.get(reverse("formation:conseillers")).content.decode()
    assert a.nom in page and b.nom not in page
    assert client.get(reverse("formation:apprenant", args=[b.pk])).status_code == 404


@pytest.mark.django_db
def test_export_des_retards(client):
    ancien = ApprenantFactory(
        etat=R.DISPENSE,
        motif_dispense=R.MOTIF_TITRE_REMN,
        date_prise_poste=AUJOURD_HUI() - timedelta(days=800),
    )
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(reverse("formation:retards") + "?format=csv")
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    assert ancien.mise_en_relation.candidat.utilisateur.email in contenu
    assert "Module thématique" in contenu and str(AUJOURD_HUI().year - 1) in contenu
