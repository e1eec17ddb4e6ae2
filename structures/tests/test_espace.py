"""The structure's space: its application, requests, posts and documents kit."""

from datetime import date

import pytest
from django.urls import reverse

from comptes.roles import Role
from comptes.tests.factories import habilitation
from instruction import services as instruction
from instruction.choix import AvisComite, StatutDemande
from instruction.tests.factories import DemandeFactory
from structures.kit import DOCUMENTS
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory

ESPACE = reverse("structures:espace")


@pytest.fixture
def gestionnaire(db):
    commune = CommuneFactory(nom="Mérignac", departement__code="33")
    structure = StructureFactory(
        nom="Mairie de Mérignac",
        commune=commune,
        departement=commune.departement,
        contact_prenom="Claire",
        contact_nom="Dupuis",
    )
    return habilitation(Role.STRUCTURE, structure=structure)


@pytest.mark.django_db
def test_l_espace_est_l_accueil_du_role_structure(client, gestionnaire):
    client.force_login(gestionnaire.utilisateur)
    reponse = client.get(reverse("comptes:espace"))
    assert reponse["Location"] == ESPACE


@pytest.mark.django_db
def test_candidature_deposee_statut_prochaine_etape_et_aucun_poste(client, gestionnaire):
    DemandeFactory(structure=gestionnaire.structure, nombre_postes=3)
    client.force_login(gestionnaire.utilisateur)
    page = client.get(ESPACE).text
    assert "<h1>Mairie de Mérignac</h1>" in page
    assert "Non traitée" in page
    assert "transmise à la préfecture de votre département" in page
    assert "A. Intégrer le dispositif" in page
    assert "Postes de conseillers demandés : 3" in page
    assert "La préfecture de votre département étudie votre demande" in page
    assert "Aucun poste pour l’instant" in page
    for document in DOCUMENTS.values():
        assert document.titre in page


@pytest.mark.django_db
def test_apres_le_comite_les_postes_et_la_decision_s_affichent(client, gestionnaire):
    demande = DemandeFactory(structure=gestionnaire.structure, nombre_postes=2)
    instruction.changer_statut_demande(
        demande, StatutDemande.EN_INSTRUCTION, motif="Avis favorable"
    )
    instruction.enregistrer_decision_comite(
        structure=gestionnaire.structure,
        demande=demande,
        avis=AvisComite.POSITIF,
        nombre_postes=2,
        numero_comite=87,
        date_comite=date(2025, 3, 13),
        phase="2",
    )
    client.force_login(gestionnaire.utilisateur)
    page = client.get(ESPACE).text
    assert "Validée en comité de sélection" in page
    assert "2 postes attribués</strong> par le comité de sélection n° 87 du 13/03/2025" in page
    assert "Recrutez votre conseiller" in page
    assert "Acceptée" in page and "Avis favorable" in page


@pytest.mark.django_db
@pytest.mark.parametrize("slug", list(DOCUMENTS))
def test_chaque_document_se_lit_et_se_telecharge_au_nom_de_la_structure(client, gestionnaire, slug):
    client.force_login(gestionnaire.utilisateur)
    page = client.get(reverse("structures:document", args=[slug]))
    assert page.status_code == 200
    assert f"<h1>{DOCUMENTS[slug].titre}</h1>".replace("’", "&#x27;") in page.text or (
        DOCUMENTS[slug].titre in page.text
    )
    fichier = client.get(reverse("structures:telecharger_document", args=[slug]))
    assert fichier["Content-Type"] == "text/markdown; charset=utf-8"
    assert fichier["Content-Disposition"] == f'attachment; filename="{slug}.md"'
    texte = fichier.content.decode()
    assert texte.startswith(f"# {DOCUMENTS[slug].titre}")
    assert "[nom de la structure]" not in texte.lower()


@pytest.mark.django_db
def test_la_fiche_de_poste_est_remplie_et_la_grille_est_un_tableau(client, gestionnaire):
    client.force_login(gestionnaire.utilisateur)
    fiche = client.get(reverse("structures:telecharger_document", args=["fiche-de-poste"]))
    assert "Employeur : Mairie de Mérignac, Mérignac" in fiche.content.decode()
    grille = client.get(reverse("structures:document", args=["guide-entretien"])).text
    assert "<caption>Grille d’évaluation d’un candidat</caption>" in grille
    assert "… / 56" in grille


@pytest.mark.django_db
def test_document_inconnu(client, gestionnaire):
    client.force_login(gestionnaire.utilisateur)
    assert client.get(reverse("structures:document", args=["inconnu"])).status_code == 404
    url = reverse("structures:telecharger_document", args=["inconnu"])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_un_gestionnaire_ne_voit_que_sa_structure(client, gestionnaire):
    autre = habilitation(Role.STRUCTURE)
    DemandeFactory(structure=autre.structure, nombre_postes=7)
    client.force_login(gestionnaire.utilisateur)
    page = client.get(ESPACE).text
    assert autre.structure.nom not in page
    assert "Postes de conseillers demandés : 7" not in page
