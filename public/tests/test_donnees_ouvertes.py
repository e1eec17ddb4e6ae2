"""The places export validates against the schema's rules; the files are regenerated
idempotently by the command and served from the documentation page."""

import csv
import io
import json

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse

from activite import services as activite_services
from activite.tests.factories import donnees_collectif, hier

from .. import donnees_ouvertes, schema_lieux
from .conftest import lieu_public


@pytest.fixture
def stockage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return default_storage


@pytest.fixture
def lieu_complet(gironde):
    return lieu_public(
        gironde["bordeaux"],
        nom="Médiathèque Mériadeck",
        pivot="",
        telephone="+33556102030",
        courriels=["contact@mediatheque.fr", "accueil@mediatheque.fr"],
        site_web="https://mediatheque.example.fr",
        typologies=["BIB", "MUNI"],
        services=["Aide aux démarches administratives", "Accès internet et matériel informatique"],
        publics_specifiquement_adresses=["Seniors"],
        prise_en_charge_specifique=["Surdité"],
        frais_a_charge=["Gratuit"],
        itinerance=["Fixe"],
        modalites_acces=["Se présenter", "Ce lieu n’accueille pas de public"],
        modalites_accompagnement=["Accompagnement individuel"],
        formations_labels=["Étapes numériques (La Poste)"],
        fiche_acces_libre="https://acceslibre.beta.gouv.fr/app/33-bordeaux/a/bibliotheque/",
        prise_rdv="https://rdv.example.fr/mediatheque",
        presentation_resume="Un lieu ouvert à tous.",
    )


def test_un_lieu_complet_respecte_toutes_les_regles_du_schema(lieu_complet):
    enregistrement = schema_lieux.vers_schema(lieu_complet)
    assert schema_lieux.erreurs(enregistrement) == []
    assert enregistrement["pivot"] == lieu_complet.structure.siret  # SIRET of the employer
    assert enregistrement["modalites_acces"][1] == "Ce lieu n'accueille pas de public"
    assert "Conseillers numériques" in enregistrement["dispositif_programmes_nationaux"]


def test_un_lieu_minimal_est_valide(gironde):
    lieu = lieu_public(gironde["libourne"], nom="Mairie", horaires="")
    assert schema_lieux.erreurs(schema_lieux.vers_schema(lieu)) == []


@pytest.mark.parametrize(
    ("champ", "valeur", "message"),
    [
        ("nom", "", "nom : champ obligatoire manquant"),
        ("pivot", "12-34", "pivot : « 12-34 » ne respecte pas le format attendu"),
        ("code_postal", "3300", "code_postal : « 3300 » ne respecte pas le format attendu"),
        ("telephone", "05 56 10 20 30", "telephone : « 05 56 10 20 30 » ne respecte pas"),
        ("services", ["Cuisine"], "services : valeur « Cuisine » hors de la liste autorisée"),
        (
            "courriels",
            ["pas-un-courriel"],
            "courriels : « pas-un-courriel » n’est pas au format email",
        ),
        ("presentation_resume", "x" * 281, "presentation_resume : plus de 280 caractères"),
        ("latitude", 95.0, "latitude : hors limites"),
        ("date_maj", "24/11/2026", "date_maj : « 24/11/2026 » n’est pas au format date"),
        ("autres_formations_labels", ["QPV|ZRR"], "contient le séparateur de liste"),
    ],
)
def test_chaque_regle_du_schema_est_verifiee(lieu_complet, champ, valeur, message):
    enregistrement = {**schema_lieux.vers_schema(lieu_complet), champ: valeur}
    assert any(message in e for e in schema_lieux.erreurs(enregistrement))


def test_csv_dans_l_ordre_du_schema_avec_listes_jointes(stockage, lieu_complet):
    donnees_ouvertes.generer(stockage)
    with stockage.open("donnees-ouvertes/lieux-mediation-numerique.csv") as f:
        lignes = list(csv.DictReader(io.StringIO(f.read().decode("utf-8"))))
    assert list(lignes[0]) == schema_lieux.colonnes()
    assert lignes[0]["services"] == (
        "Aide aux démarches administratives|Accès internet et matériel informatique"
    )
    assert lignes[0]["courriels"] == "contact@mediatheque.fr|accueil@mediatheque.fr"
    # Every exported row, read back and split, passes the schema's rules.
    separateur = schema_lieux.schema()["separateur_liste"]
    for ligne in lignes:
        relu = {}
        for champ in schema_lieux.schema()["champs"]:
            valeur = ligne[champ["nom"]]
            if champ.get("liste"):
                relu[champ["nom"]] = valeur.split(separateur) if valeur else []
            elif champ["type"] == "number":
                relu[champ["nom"]] = float(valeur)
            else:
                relu[champ["nom"]] = valeur
        assert schema_lieux.erreurs(relu) == []


def test_un_lieu_non_conforme_est_ecarte_et_compte(stockage, lieu_complet, gironde):
    from activite.models import Lieu

    mauvais = lieu_public(gironde["bordeaux"], nom="Mauvais téléphone")
    Lieu.objects.filter(pk=mauvais.pk).update(telephone="05 56")
    manifeste = donnees_ouvertes.generer(stockage)
    assert manifeste["lieux"] == 1 and manifeste["lieux_rejetes"] == 1
    with stockage.open("donnees-ouvertes/lieux-mediation-numerique.json") as f:
        publies = json.loads(f.read())
    assert [e["nom"] for e in publies] == ["Médiathèque Mériadeck"]


def test_la_commande_est_idempotente(stockage, lieu_complet, capsys):
    conseiller = lieu_complet.conseiller
    activite_services.creer_activite(
        conseiller, donnees_collectif(participants=6, lieu=lieu_complet)
    )
    call_command("generer_donnees_ouvertes")
    premiers = {
        nom: stockage.open(donnees_ouvertes.chemin(nom)).read() for nom in donnees_ouvertes.FICHIERS
    }
    call_command("generer_donnees_ouvertes")
    seconds = {
        nom: stockage.open(donnees_ouvertes.chemin(nom)).read() for nom in donnees_ouvertes.FICHIERS
    }
    assert premiers == seconds
    assert sorted(stockage.listdir("donnees-ouvertes")[1]) == sorted(
        [*donnees_ouvertes.FICHIERS, donnees_ouvertes.MANIFESTE]
    )
    stats = json.loads(seconds["statistiques-departements-mois.json"])
    assert stats == [
        {
            "mois": hier().strftime("%Y-%m"),
            "departement": "33",
            "activites": 1,
            "accompagnements": 6,
            "individuels": 0,
            "ateliers": 1,
            "participants_ateliers": 6,
            "nouveaux": stats[0]["nouveaux"],
            "suivis": 0,
            "anonymes": 6,
            "minutes": stats[0]["minutes"],
        }
    ]
    assert "1 lieu(x) publié(s)" in capsys.readouterr().out


def test_page_de_documentation_et_telechargement(client, stockage, lieu_complet):
    vide = client.get(reverse("public:donnees_ouvertes"))
    assert "pas encore été générés" in vide.content.decode()
    assert (
        client.get(
            reverse("public:fichier_donnees", args=["lieux-mediation-numerique.csv"])
        ).status_code
        == 404
    )
    donnees_ouvertes.generer(stockage)
    page = client.get(reverse("public:donnees_ouvertes")).content.decode()
    assert "1 lieu," in page and "<code>pivot</code>" in page
    reponse = client.get(reverse("public:fichier_donnees", args=["lieux-mediation-numerique.csv"]))
    assert reponse.status_code == 200
    assert b"M\xc3\xa9diath\xc3\xa8que M\xc3\xa9riadeck" in b"".join(reponse.streaming_content)
    assert client.get("/donnees-ouvertes/manifeste.json").status_code == 404  # not listed


def test_le_nom_de_chaque_commune_du_referentiel_respecte_la_regle_du_schema():
    """Read from the shipped reference file: no real commune is refused by the schema."""
    import re

    from territoires.chargement import lire_fichier

    motif = next(c["motif"] for c in schema_lieux.schema()["champs"] if c["nom"] == "commune")
    refusees = [c["nom"] for c in lire_fichier()["communes"] if not re.fullmatch(motif, c["nom"])]
    assert refusees == []


def test_la_tache_nocturne_regenere_les_fichiers(stockage, lieu_complet):
    from ..tasks import generer_donnees_ouvertes

    generer_donnees_ouvertes(timestamp=0)
    assert donnees_ouvertes.manifeste(stockage)["lieux"] == 1
