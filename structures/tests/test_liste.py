"""The agents' list of structures: scope, filters, search, pagination, exports, detail."""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptes.journal import journaliser
from comptes.roles import Role
from comptes.tests.factories import habilitation
from instruction import services as instruction
from instruction.choix import AvisComite, StatutDemande
from instruction.tests.factories import DecisionComiteFactory, DemandeFactory
from structures.choix import StatutStructure, TypeStructure
from structures.tests.factories import ReseauFactory, StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory

LISTE = reverse("structures:liste")


def noms(reponse) -> set[str]:
    return {s.nom for s in reponse.context["page_obj"]}


def exporter(client, format, **filtres):
    reponse = client.get(LISTE, {**filtres, "format": format})
    contenu = b"".join(reponse.streaming_content)
    if format == "csv":
        lignes = list(csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";"))
    else:
        feuille = openpyxl.load_workbook(io.BytesIO(contenu)).active
        lignes = [
            [c if c is not None else "" for c in r] for r in feuille.iter_rows(values_only=True)
        ]
    return lignes[0], lignes[1:]


@pytest.fixture
def jeu(db):
    """Structures in Gironde and in the Rhône, of several types and statuses."""
    gironde = DepartementFactory(code="33", nom="Gironde")
    rhone = DepartementFactory(code="69", nom="Rhône")
    bordeaux = CommuneFactory(nom="Bordeaux", departement=gironde)
    merignac = CommuneFactory(nom="Mérignac", departement=gironde)
    lyon = CommuneFactory(nom="Lyon", departement=rhone)
    reseau = ReseauFactory(nom="Croix-Rouge française")
    s = {
        "mairie": StructureFactory(
            nom="Mairie de Bordeaux",
            siret="21330063500017",
            type=TypeStructure.COMMUNE,
            departement=gironde,
            commune=bordeaux,
        ),
        "association": StructureFactory(
            nom="Les Connectés",
            type=TypeStructure.ASSOCIATION,
            departement=gironde,
            commune=merignac,
            reseau=reseau,
        ),
        "ccas": StructureFactory(
            nom="CCAS de Mérignac",
            type=TypeStructure.CCAS_CIAS,
            departement=gironde,
            commune=merignac,
            statut=StatutStructure.REFUS_COSELEC,
        ),
        "lyon": StructureFactory(
            nom="Ville de Lyon",
            type=TypeStructure.COMMUNE,
            departement=rhone,
            commune=lyon,
            reseau=reseau,
        ),
    }
    demande = DemandeFactory(structure=s["mairie"], nombre_postes=3)
    instruction.changer_statut_demande(demande, StatutDemande.EN_INSTRUCTION)
    instruction.enregistrer_decision_comite(
        structure=s["mairie"],
        demande=demande,
        avis=AvisComite.POSITIF,
        nombre_postes=3,
        numero_comite=90,
        date_comite=date(2025, 4, 10),
        phase="2",
    )
    DemandeFactory(structure=s["association"], nombre_postes=1)
    return s


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,attendus",
    [
        (Role.ANCT, {"mairie", "association", "ccas", "lyon"}),
        (Role.OPERATEUR, {"mairie", "association", "ccas", "lyon"}),
        (Role.PREFECTURE, {"mairie", "association", "ccas"}),
        (Role.HUB, {"mairie", "association", "ccas"}),
        (Role.GRAND_RESEAU, {"association", "lyon"}),
    ],
)
def test_chaque_agent_voit_son_perimetre(client, jeu, role, attendus):
    gironde = jeu["mairie"].departement
    portee = {
        Role.PREFECTURE: {"departement": gironde},
        Role.HUB: {"departements": [gironde]},
        Role.GRAND_RESEAU: {"reseau": jeu["lyon"].reseau},
    }.get(role, {})
    client.force_login(habilitation(role, **portee).utilisateur)
    reponse = client.get(LISTE)
    assert noms(reponse) == {jeu[k].nom for k in attendus}
    _, lignes = exporter(client, "csv")
    assert {ligne[1] for ligne in lignes} == {jeu[k].nom for k in attendus}


@pytest.fixture
def anct(client, jeu):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filtres,attendus",
    [
        ({"departement": "69"}, {"lyon"}),
        ({"type": TypeStructure.COMMUNE}, {"mairie", "lyon"}),
        ({"nature": "privee"}, {"association"}),
        ({"nature": "publique"}, {"mairie", "ccas", "lyon"}),
        ({"statut": StatutStructure.VALIDATION_COSELEC}, {"mairie"}),
        ({"statut": StatutStructure.REFUS_COSELEC}, {"ccas"}),
        ({"q": "bordeaux"}, {"mairie"}),  # name
        ({"q": "merignac"}, {"association", "ccas"}),  # commune, without accent
        ({"q": "Mérignac"}, {"association", "ccas"}),
        ({"q": "213 300"}, {"mairie"}),  # SIRET prefix
        ({"q": "connectes"}, {"association"}),  # name, without accent
        ({"departement": "33", "nature": "publique", "q": "mairie"}, {"mairie"}),
        ({"statut": "INCONNU"}, {"mairie", "association", "ccas", "lyon"}),  # ignored
    ],
)
def test_filtres_et_recherche_et_export_de_la_meme_liste(anct, jeu, filtres, attendus):
    reponse = anct.get(LISTE, filtres)
    assert reponse.status_code == 200
    assert noms(reponse) == {jeu[k].nom for k in attendus}
    for format in ("csv", "xlsx"):
        _, lignes = exporter(anct, format, **filtres)
        assert sorted(ligne[1] for ligne in lignes) == sorted(jeu[k].nom for k in attendus)


@pytest.mark.django_db
def test_la_liste_montre_candidature_et_postes(anct, jeu):
    page = anct.get(LISTE).text
    assert "Mairie de Bordeaux" in page
    assert "Validée en comité de sélection" in page
    assert "3 postes demandés" in page
    assert "Publique" in page and "Privée" in page


@pytest.mark.django_db
def test_export_colonnes_et_valeurs(anct, jeu):
    entetes, lignes = exporter(anct, "xlsx", q="Mairie de Bordeaux")
    ligne = dict(zip(entetes, lignes[0], strict=True))
    assert ligne["SIRET"] == "21330063500017"
    assert ligne["Publique ou privée"] == "Publique"
    assert ligne["Statut"] == "Validée en comité de sélection"
    assert ligne["Statut de la candidature"] == "Acceptée"
    assert ligne["Postes demandés"] == 3
    assert ligne["Postes attribués"] == 3
    assert ligne["Dernier comité (numéro)"] == 90
    # A typed date cell, shown dd/mm/yyyy (noyau.exports).
    assert ligne["Dernier comité (date)"] == datetime(2025, 4, 10)
    assert ligne["Code département"] == "33"


@pytest.mark.django_db
def test_format_d_export_inconnu(anct):
    assert anct.get(LISTE, {"format": "pdf"}).status_code == 404


@pytest.mark.django_db
def test_pagination_par_50(anct, jeu):
    gironde = jeu["mairie"].departement
    StructureFactory.create_batch(50, departement=gironde)
    premiere = anct.get(LISTE)
    assert len(premiere.context["page_obj"]) == 50
    assert "54</strong> structures" in premiere.text
    assert "page=2" in premiere.text
    assert len(anct.get(LISTE, {"page": 2}).context["page_obj"]) == 4
    # The export is not paginated: every filtered row.
    _, lignes = exporter(anct, "csv")
    assert len(lignes) == 54


def _requetes(client, url) -> int:
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(url).status_code == 200
    return len(requetes)


@pytest.mark.django_db
def test_le_nombre_de_requetes_ne_croit_pas_avec_les_lignes(
    anct, jeu, django_assert_max_num_queries
):
    gironde = jeu["mairie"].departement
    peu = _requetes(anct, LISTE)
    for structure in StructureFactory.create_batch(45, departement=gironde):
        DemandeFactory(structure=structure)
        DecisionComiteFactory(structure=structure)
    with django_assert_max_num_queries(peu):
        reponse = anct.get(LISTE)
    assert len(reponse.context["page_obj"]) == 49


@pytest.mark.django_db
def test_fiche_d_une_structure_historique_des_decisions_et_journal(client, jeu):
    mairie = jeu["mairie"]
    journaliser("structure.test", "Appel de la préfecture à la mairie", cible=mairie)
    journaliser("structure.test", "Sans rapport", cible=jeu["lyon"])
    client.force_login(habilitation(Role.PREFECTURE, departement=mairie.departement).utilisateur)
    page = client.get(reverse("structures:detail", args=[mairie.pk])).text
    assert "<h1>Mairie de Bordeaux</h1>" in page
    assert "n° 90" in page and "10/04/2025" in page and "Phase 2 (2023-2027)" in page
    assert "Favorable" in page
    assert "Comité de sélection n° 90 du 10/04/2025 : avis favorable" in page  # timeline
    assert "Appel de la préfecture à la mairie" in page
    assert "Sans rapport" not in page
    assert "Postes attribués</dt><dd>3</dd>" in page
