import pytest
from django.urls import reverse

from territoires.models import Commune
from territoires.selectors import communes_proches, rechercher_communes

pytestmark = pytest.mark.django_db


def codes(communes):
    return [c.code_insee for c in communes]


# --- On the real data -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("texte", "premier"),
    [
        ("saint etienne", "42218"),
        ("Saint-Étienne", "42218"),
        ("st etienne", "42218"),
        ("SAINT ETIENNE", "42218"),
        ("marseille", "13055"),
        ("marsei", "13055"),  # prefix: the most populous name starting with "marsei"
        ("mars", "42141"),  # an exact name comes first: Mars (Loire), before Marseille
        ("paris", "75056"),
        ("noumea", "98818"),
        ("papeete", "98735"),
        ("lhay les roses", None),  # tolerated typo: the trigram part must find it
        ("l'hay les roses", "94038"),
        ("chatel guyon", "63103"),
        ("montpelier", "34172"),  # typo
        ("ajaccio", "2A004"),
    ],
)
def test_recherche_par_nom(territoires_reels, texte, premier):
    resultats = rechercher_communes(texte)
    assert resultats, texte
    if premier is None:
        assert "94038" in codes(resultats)[:5]
    else:
        assert resultats[0].code_insee == premier


def test_recherche_saint_etienne_classement(territoires_reels):
    resultats = rechercher_communes("saint etienne", limite=20)
    assert len(resultats) == 20
    assert resultats[0].nom == "Saint-Étienne"
    # then the other "Saint-Étienne-…" communes, most populous first
    suivants = resultats[1:]
    assert all(c.nom_recherche.startswith("saint etienne") for c in suivants)
    populations = [c.population for c in suivants]
    assert populations == sorted(populations, reverse=True)


def test_recherche_nom_partiel_et_mot_interieur(territoires_reels):
    assert "06088" in codes(rechercher_communes("nic"))  # Nice
    # an inner word, not a prefix: trigram word similarity
    assert "42218" in codes(rechercher_communes("etienne"))


def test_recherche_par_code_postal(territoires_reels):
    exact = rechercher_communes("75116")
    assert codes(exact) == ["75056"]

    resultats = rechercher_communes("42000")
    assert resultats[0].code_insee == "42218"

    prefixe = rechercher_communes("690", limite=50)
    assert "69123" in codes(prefixe)  # Lyon, 69001…69009
    assert all(
        any(cp.startswith("690") for cp in c.codes_postaux) or c.code_insee.startswith("690")
        for c in prefixe
    )

    # Several communes share 97500 (Saint-Pierre-et-Miquelon): exact matches first.
    assert set(codes(rechercher_communes("97500"))) == {"97501", "97502"}


def test_recherche_par_code_insee(territoires_reels):
    assert rechercher_communes("75056")[0].code_insee == "75056"
    assert rechercher_communes("2A004")[0].code_insee == "2A004"
    assert rechercher_communes("2a00")[0].departement_id == "2A"


@pytest.mark.parametrize("texte", ["", "  ", "1", "123456", "-", "'"])
def test_recherche_vide_ou_invalide(territoires_reels, texte):
    assert rechercher_communes(texte) == []


def test_limite(territoires_reels):
    assert len(rechercher_communes("saint", limite=5)) == 5
    assert rechercher_communes("saint", limite=0) == []


def test_communes_proches_reelles(territoires_reels):
    paris = Commune.objects.get(code_insee="75056")
    proches = communes_proches(paris.latitude, paris.longitude, 10)
    assert proches[0].code_insee == "75056"
    assert proches[0].distance_km == 0
    assert "92012" in codes(proches)  # Boulogne-Billancourt
    assert all(c.distance_km <= 10 for c in proches)
    distances = [c.distance_km for c in proches]
    assert distances == sorted(distances)
    assert "78646" not in codes(proches)  # Versailles, ~14 km away


def test_vue_json(client, territoires_reels):
    reponse = client.get(reverse("territoires:communes"), {"q": "saint etienne"})
    assert reponse.status_code == 200
    donnees = reponse.json()
    assert len(donnees) == 20
    assert donnees[0] == {
        "code": "42218",
        "nom": "Saint-Étienne",
        "departement": "42",
        "codes_postaux": ["42000", "42100", "42230"],
    }

    par_code_postal = client.get(reverse("territoires:communes"), {"q": "75116"}).json()
    assert [c["code"] for c in par_code_postal] == ["75056"]

    assert client.get(reverse("territoires:communes")).json() == []
    assert client.post(reverse("territoires:communes"), {"q": "paris"}).status_code == 405
