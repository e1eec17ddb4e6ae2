import pytest
from django.urls import reverse

from comptes.models import Evenement
from comptes.roles import Role
from comptes.tests.factories import HabilitationFactory, habilitation
from territoires.models import CalculCibles, Cible, IndicateursDepartement
from territoires.tests.factories import DepartementFactory

URL = reverse("territoires:cibles")
URL_INDICATEURS = reverse("territoires:indicateurs")
POIDS = {
    "poids_equite": "0.2",
    "poids_demographie": "0.5",
    "poids_vulnerabilite": "0.3",
    "poids_pauvrete": "0.4",
    "poids_chomage": "0.3",
    "poids_non_couverture": "0.3",
}


@pytest.fixture
def trois_departements():
    deps = []
    for code, population, pauvrete in [
        ("33", 1_600_000, 13),
        ("47", 330_000, 19),
        ("93", 1_650_000, 28),
    ]:
        d = DepartementFactory(code=code, population=population)
        IndicateursDepartement.objects.create(
            departement=d,
            taux_pauvrete=pauvrete,
            taux_chomage=8,
            couverture_numerique=80,
            source="test",
        )
        deps.append(d)
    return deps


@pytest.mark.django_db
def test_anct_previsualise_puis_enregistre(client, trois_departements):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.post(URL, {"total": "100", **POIDS, "apercu": ""})
    assert "Aperçu (non enregistré)" in reponse.text
    assert not CalculCibles.objects.exists()
    reponse = client.post(
        URL,
        {"total": "100", **POIDS, "commentaire": "Comité de mai", "enregistrer": ""},
        follow=True,
    )
    assert "Cibles enregistrées : 100 postes répartis." in reponse.text
    calcul = CalculCibles.objects.get()
    assert sum(Cible.objects.filter(calcul=calcul).values_list("valeur", flat=True)) == 100
    assert Evenement.objects.filter(action="cibles.calcul").count() == 1
    assert "Total : <strong>100</strong>" in reponse.text


@pytest.mark.django_db
def test_ponderations_incoherentes_refusees(client, trois_departements):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.post(URL, {"total": "100", **POIDS, "poids_equite": "0.9", "enregistrer": ""})
    assert "doivent totaliser 1" in reponse.text
    reponse = client.post(URL, {"total": "0", **POIDS, "enregistrer": ""})
    assert "supérieure ou égale à 1" in reponse.text
    assert not CalculCibles.objects.exists()


@pytest.mark.django_db
def test_indicateurs_manquants_expliques(client, trois_departements):
    DepartementFactory(code="2A")
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.post(URL, {"total": "100", **POIDS, "enregistrer": ""})
    assert "Indicateurs manquants pour 1 département(s) : 2A" in reponse.text
    assert not CalculCibles.objects.exists()


@pytest.mark.django_db
def test_historique_initiale_precedente_actuelle(client, trois_departements):
    from territoires.rules import Ponderations
    from territoires.services import enregistrer_cibles

    for total in (30, 60, 90):
        enregistrer_cibles(total, Ponderations())
    h = habilitation(Role.PREFECTURE, departement=trois_departements[0])
    client.force_login(h.utilisateur)
    reponse = client.get(URL)
    valeurs = [
        c.valeur for c in Cible.objects.filter(departement_id="33").order_by("calcul__cree_le")
    ]
    assert f"{valeurs[0]} (" in reponse.text and f" · {valeurs[1]} · {valeurs[2]} (" in reponse.text


@pytest.mark.django_db
def test_chaque_perimetre_ne_voit_que_ses_departements(client, trois_departements):
    from territoires.rules import Ponderations
    from territoires.services import enregistrer_cibles

    enregistrer_cibles(100, Ponderations())
    prefecture = habilitation(Role.PREFECTURE, departement=trois_departements[1])
    client.force_login(prefecture.utilisateur)
    reponse = client.get(URL)
    assert "47 – " in reponse.text and "33 – " not in reponse.text and "93 – " not in reponse.text
    assert "Recalculer les cibles" not in reponse.text
    export = b"".join(client.get(URL + "?format=csv").streaming_content).decode()
    assert "\n47;" in export and "\n33;" not in export
    hub = HabilitationFactory(hub=True, departements=[trois_departements[0], trois_departements[2]])
    client.force_login(hub.utilisateur)
    reponse = client.get(URL)
    assert "33 – " in reponse.text and "93 – " in reponse.text and "47 – " not in reponse.text
    # A prefecture cannot post a computation.
    client.force_login(prefecture.utilisateur)
    client.post(URL, {"total": "5", **POIDS, "enregistrer": ""})
    assert CalculCibles.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_acces_par_role(client, role):
    client.force_login(habilitation(role).utilisateur)
    attendu_cibles = 200 if role in (Role.ANCT, Role.PREFECTURE, Role.HUB) else 404
    assert client.get(URL).status_code == attendu_cibles
    assert client.get(URL_INDICATEURS).status_code == (200 if role == Role.ANCT else 404)


def fichier(contenu: str, nom="indicateurs.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(nom, contenu.encode("utf-8"), content_type="text/csv")


@pytest.mark.django_db
def test_import_csv_valide(client, trois_departements):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    contenu = 'code_departement,taux_pauvrete,taux_chomage,couverture_numerique,source\n33,14.5,7.1,91,INSEE 2021\n47,"19,2",9,70%,INSEE 2021\n'
    reponse = client.post(URL_INDICATEURS, {"fichier": fichier(contenu)}, follow=True)
    assert "Indicateurs importés pour 2 département(s)." in reponse.text
    assert float(IndicateursDepartement.objects.get(pk="47").taux_pauvrete) == 19.2
    assert Evenement.objects.filter(action="cibles.import_indicateurs").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "contenu,message",
    [
        (
            "code_departement;taux_pauvrete;taux_chomage;couverture_numerique\n99;1;1;1\n",
            "département « 99 » inconnu",
        ),
        (
            "code_departement;taux_pauvrete;taux_chomage;couverture_numerique\n33;abc;1;1\n",
            "n’est pas un nombre",
        ),
        (
            "code_departement;taux_pauvrete;taux_chomage;couverture_numerique\n33;120;1;1\n",
            "entre 0 et 100",
        ),
        (
            "code_departement;taux_pauvrete;taux_chomage;couverture_numerique\n33;1;1;1\n33;2;2;2\n",
            "apparaît deux fois",
        ),
        ("code;pauvrete\n33;1\n", "Colonnes manquantes"),
    ],
)
def test_import_csv_invalide_ne_change_rien(client, trois_departements, contenu, message):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    avant = list(IndicateursDepartement.objects.values_list("departement_id", "taux_pauvrete"))
    # A valid first line must not be saved when a later one is wrong.
    contenu = (
        contenu.replace("\n", "\n47;50;50;50\n", 1)
        if "Colonnes" not in contenu and "deux fois" not in contenu
        else contenu
    )
    reponse = client.post(URL_INDICATEURS, {"fichier": fichier(contenu)})
    assert message in reponse.text
    assert "Aucune donnée n’a été modifiée" in reponse.text
    assert (
        list(IndicateursDepartement.objects.values_list("departement_id", "taux_pauvrete")) == avant
    )


@pytest.mark.django_db
def test_import_fichier_pas_csv(client, trois_departements):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.post(URL_INDICATEURS, {"fichier": fichier("x", nom="indicateurs.pdf")})
    assert "Le fichier doit être au format CSV" in reponse.text


@pytest.mark.django_db
def test_fichier_d_exemple_livre_complet():
    """The shipped sample covers every département of the reference file."""
    from territoires.demo import FICHIER_EXEMPLE

    lignes = FICHIER_EXEMPLE.read_text(encoding="utf-8").splitlines()
    assert len(lignes) == 1 + 107
    assert all("DONNÉES D’EXEMPLE" in ligne for ligne in lignes[1:])
