"""CV downloads (issue « Hardening »): « Each CV download is recorded (who, when), the
candidate sees in her space which structures downloaded her CV, and the structure's access
follows one rule written in one place » — ``recrutement.rules.champs_visibles``: a CV
carries the contact details, so it opens with them, at the pre-selection."""

import pytest
from django.urls import reverse

from candidats import services as candidats_services
from candidats.models import TelechargementCV
from candidats.tests.factories import pdf_de_test
from comptes.roles import Role
from comptes.tests.factories import habilitation
from recrutement import rules as R

from .factories import MiseEnRelationFactory, candidat_a, gestionnaire, structure_avec_postes


@pytest.mark.django_db
def test_chaque_telechargement_est_enregistre_et_montre_a_la_candidate(client, lieux):
    lea = candidat_a(lieux["merignac"], cv=pdf_de_test("CV de Léa"), utilisateur__prenom="Léa")
    mairie = structure_avec_postes(lieux["bordeaux"], nom="Mairie de Bordeaux")
    voisine = structure_avec_postes(lieux["bordeaux"], nom="Centre social voisin")
    url = reverse("candidats:cv", args=[lea.pk])

    # A matching structure that has not pre-selected her: 404, nothing recorded.
    client.force_login(gestionnaire(voisine).utilisateur)
    MiseEnRelationFactory(candidat=lea, structure=voisine, statut=R.NOUVELLE)
    assert client.get(url).status_code == 404
    # Pre-selected: the CV opens, and the download is recorded (who, for which structure).
    agent = gestionnaire(mairie).utilisateur
    client.force_login(agent)
    MiseEnRelationFactory(candidat=lea, structure=mairie, statut=R.INTERESSEE)
    reponse = client.get(url)
    assert reponse.status_code == 200 and b"CV de L" in b"".join(reponse.streaming_content)
    client.get(url)
    client.force_login(habilitation(Role.ANCT).utilisateur)
    assert client.get(url).status_code == 200
    assert TelechargementCV.objects.filter(candidat=lea).count() == 3
    assert TelechargementCV.objects.filter(structure=mairie, par=agent).count() == 2

    # She sees who downloaded it; her own downloads are not counted.
    client.force_login(lea.utilisateur)
    assert client.get(url).status_code == 200
    page = client.get(reverse("candidats:espace")).text
    assert "Qui a téléchargé mon CV" in page
    espace = page.split('id="titre-telechargements"')[1].split("</section>")[0]
    assert espace.count("Mairie de Bordeaux") == 2
    assert "L’équipe nationale du programme (ANCT)" in espace
    assert "Centre social voisin" not in espace
    assert TelechargementCV.objects.filter(candidat=lea).count() == 3
    export = client.get(reverse("candidats:mes_donnees")).json()
    assert [t["par"] for t in export["telechargements_cv"]][-2:] == ["Mairie de Bordeaux"] * 2


@pytest.mark.django_db
def test_les_telechargements_partent_avec_la_candidate(lieux, courriels):
    lea = candidat_a(lieux["merignac"], cv=True)
    mairie = structure_avec_postes(lieux["bordeaux"])
    TelechargementCV.objects.create(candidat=lea, role=Role.STRUCTURE, structure=mairie)
    with courriels.envoi():
        candidats_services.supprimer_compte(lea.pk, motif="autre")
    assert not TelechargementCV.objects.exists()


@pytest.mark.django_db
def test_une_structure_sans_lien_ni_presselection_ne_voit_pas_le_cv(client, lieux):
    lea = candidat_a(lieux["merignac"], cv=True)
    mairie = structure_avec_postes(lieux["bordeaux"])
    client.force_login(gestionnaire(mairie).utilisateur)
    url = reverse("candidats:cv", args=[lea.pk])
    lien = None
    for statut in (None, R.NOUVELLE, R.NON_INTERESSEE):
        if statut and lien is None:
            lien = MiseEnRelationFactory(candidat=lea, structure=mairie, statut=statut)
        elif statut:
            lien.statut = statut
            lien.save()
        assert client.get(url).status_code == 404
        assert not TelechargementCV.objects.exists()
