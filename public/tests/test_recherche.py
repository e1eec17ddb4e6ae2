"""The public search: nearest places first, filters, place page, without JavaScript."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from territoires.rules import distance_km

from .. import selectors
from .conftest import lieu_public

PARIS = ZoneInfo("Europe/Paris")
LUNDI_10H = datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)


def _noms(reponse) -> list[str]:
    """Place names in the order the result list shows them."""
    html = reponse.content.decode()
    return re.findall(r'<a href="/trouver-un-conseiller/lieux/\d+/">([^<]+)</a>', html)


def test_recherche_par_commune_donne_les_lieux_du_plus_proche_au_plus_lointain(client, lieux):
    reponse = client.get(reverse("public:carte"), {"q": "Mérignac"})
    assert reponse.status_code == 200
    assert _noms(reponse) == [
        "France Services Mérignac",
        "Médiathèque Mériadeck",  # ~5 km
        "Mairie de Libourne",  # ~32 km
        "Espace numérique Arcachon",  # ~50 km
    ]
    assert "4 lieux les plus proches de Mérignac (33700)" in reponse.content.decode()


def test_recherche_par_code_postal(client, lieux):
    reponse = client.get(reverse("public:carte"), {"q": "33500"})
    assert _noms(reponse)[0] == "Mairie de Libourne"


def test_recherche_par_position_du_navigateur(client, lieux):
    # Near Arcachon: the form's hidden fields, filled by the optional script.
    reponse = client.get(reverse("public:carte"), {"lat": "44.66", "lon": "-1.17"})
    noms = _noms(reponse)
    assert noms[0] == "Espace numérique Arcachon"
    assert "de votre position" in reponse.content.decode()


def test_les_distances_suivent_la_formule_et_sont_croissantes(lieux):
    resultats = selectors.les_plus_proches(44.84, -0.64, selectors.Criteres(), LUNDI_10H)
    distances = [lieu.distance_km for lieu in resultats]
    assert distances == sorted(distances)
    for lieu in resultats:
        assert lieu.distance_km == pytest.approx(
            distance_km(44.84, -0.64, lieu.latitude, lieu.longitude)
        )


def test_les_plus_proches_elargit_le_rayon_sans_perdre_l_ordre(gironde):
    """Eight places at growing distances; asking for three gives exactly the three nearest."""
    for i in range(8):
        lieu_public(
            gironde["bordeaux"], nom=f"Lieu {i}", latitude=44.84 + 0.05 * i, longitude=-0.58
        )
    resultats = selectors.les_plus_proches(44.84, -0.58, selectors.Criteres(), LUNDI_10H, nombre=3)
    assert [lieu.nom for lieu in resultats] == ["Lieu 0", "Lieu 1", "Lieu 2"]


def test_distance_affichee(client, lieux):
    reponse = client.get(reverse("public:carte"), {"q": "Mérignac"})
    contenu = reponse.content.decode()
    # Mérignac → Bordeaux: about 5.1 km.
    assert "à 5,1 km" in contenu


def test_un_lieu_non_visible_ou_retire_n_apparait_nulle_part(client, gironde, lieux):
    cache = lieu_public(gironde["bordeaux"], nom="Lieu caché", visible_cartographie=False)
    retire = lieu_public(gironde["bordeaux"], nom="Lieu retiré", supprime_le=timezone.now())
    reponse = client.get(reverse("public:carte"), {"q": "Bordeaux"})
    assert "Lieu caché" not in _noms(reponse) and "Lieu retiré" not in _noms(reponse)
    assert client.get(reverse("public:lieu", args=[cache.pk])).status_code == 404
    assert client.get(reverse("public:lieu", args=[retire.pk])).status_code == 404


@pytest.mark.parametrize(
    ("filtres", "attendus"),
    [
        (
            {"services": "Aide aux démarches administratives"},
            {"Médiathèque Mériadeck", "Espace numérique Arcachon"},
        ),
        ({"gratuit": "on"}, {"Médiathèque Mériadeck", "Espace numérique Arcachon"}),
        ({"week_end": "on"}, {"France Services Mérignac"}),
        ({"ouvert_maintenant": "on"}, {"Médiathèque Mériadeck", "Espace numérique Arcachon"}),
    ],
)
def test_filtres(client, lieux, filtres, attendus):
    with time_machine.travel(LUNDI_10H, tick=False):
        reponse = client.get(reverse("public:carte"), {"q": "Bordeaux", **filtres})
    assert set(_noms(reponse)) == attendus


def test_filtre_departement_sans_position(client, lieux, gironde):
    from territoires.tests.factories import CommuneFactory

    ailleurs = CommuneFactory(departement__code="40", nom="Dax", latitude=43.71, longitude=-1.05)
    lieu_public(ailleurs, nom="Lieu landais")
    reponse = client.get(reverse("public:carte"), {"departement": "40"})
    assert _noms(reponse) == ["Lieu landais"]


def test_commune_inconnue_message_clair_et_aucun_resultat(client, lieux):
    reponse = client.get(reverse("public:carte"), {"q": "Zzyzx"})
    contenu = reponse.content.decode()
    assert "Aucune commune ne correspond à « Zzyzx »" in contenu
    assert _noms(reponse) == []


def test_sans_recherche_la_carte_nationale_et_le_tableau_par_departement(client, lieux):
    reponse = client.get(reverse("public:carte"))
    contenu = reponse.content.decode()
    assert "<caption>Lieux par département</caption>" in contenu
    assert "33 – Gironde" in contenu
    svg = contenu.split("<svg", 1)[1].split("</svg>")[0]
    assert "http" not in svg  # no tile server, no external asset
    assert "style=" not in svg  # the CSP forbids inline styles: presentation attributes only
    # Coordinates are numbers a browser reads (« 347,4 » blanked the national map).
    positions = re.findall(r'\b(?:cx|cy|r|x|y)="([^"]*)"', svg)
    assert positions and all(float(v) >= 0 for v in positions)


def test_carte_locale_numerote_comme_la_liste(client, lieux):
    reponse = client.get(reverse("public:carte"), {"q": "Mérignac"})
    svg = reponse.content.decode().split("<svg", 1)[1].split("</svg>", 1)[0]
    assert [int(n) for n in re.findall(r">(\d+)</text>", svg)] == [1, 2, 3, 4]


def test_pagination_de_dix_en_dix(client, gironde):
    for i in range(12):
        lieu_public(gironde["bordeaux"], nom=f"Lieu {i:02d}", latitude=44.84 + 0.01 * i)
    page2 = client.get(reverse("public:carte"), {"q": "Bordeaux", "page": 2})
    assert len(_noms(page2)) == 2
    assert 'start="11"' in page2.content.decode()


def test_fiche_lieu(client, lieux):
    with time_machine.travel(LUNDI_10H, tick=False):
        reponse = client.get(reverse("public:lieu", args=[lieux["bordeaux"].pk]))
    contenu = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Médiathèque Mériadeck" in contenu and "Ouvert maintenant" in contenu
    assert "Lundi" in contenu and "09:00 – 12:00, 14:00 – 17:00" in contenu
    assert "Conseillers numériques" in contenu
    assert "Tout public" in contenu


def test_coordinateurs(client, gironde):
    from comptes.roles import Role
    from comptes.tests.factories import habilitation
    from structures.tests.factories import StructureFactory

    structure = StructureFactory(departement=gironde["departement"], commune=gironde["bordeaux"])
    habilitation(Role.COORDINATEUR, structure=structure, utilisateur__nom="Dupont")
    reponse = client.get(reverse("public:coordinateurs"))
    contenu = reponse.content.decode()
    assert "1 coordinateur" in contenu and "Dupont" in contenu and structure.nom in contenu
    assert (
        "0 coordinateur"
        in client.get(reverse("public:coordinateurs"), {"departement": "75"}).content.decode()
    )


def test_export_des_resultats_au_format_du_schema(client, lieux):
    import csv
    import io

    from .. import schema_lieux

    reponse = client.get(reverse("public:export_carte"), {"q": "Mérignac"})
    lignes = list(csv.DictReader(io.StringIO(b"".join(reponse.streaming_content).decode())))
    assert list(lignes[0]) == schema_lieux.colonnes()
    assert [ligne["nom"] for ligne in lignes] == [
        "France Services Mérignac",
        "Médiathèque Mériadeck",
        "Mairie de Libourne",
        "Espace numérique Arcachon",
    ]
    page = client.get(reverse("public:carte"), {"q": "Mérignac"}).content.decode()
    assert "Télécharger ces 4 lieux" in page


def test_filtre_region(client, lieux):
    from territoires.tests.factories import CommuneFactory

    ailleurs = CommuneFactory(departement__code="75", departement__region__code="11")
    lieu_public(ailleurs, nom="Lieu parisien")
    reponse = client.get(reverse("public:carte"), {"region": "11"})
    assert _noms(reponse) == ["Lieu parisien"]
