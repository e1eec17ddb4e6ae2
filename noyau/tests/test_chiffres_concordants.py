"""One figure, one value, on every page that shows it — read on the seeded demo, as a
newcomer reads it first.

Issue 14: « the national dashboard and the public key figures show 33 posts filled and 3
advisors in post. "Advisors in post" is defined in five places (public, pilotage, activite
twice, api) that disagree: one definition, one selector, used everywhere, and a test that
the same figure is equal on the dashboard, the public key figures, the statistics and the
API. The demo data must be coherent (every running contract has its advisor in post). »
"""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from api.choix import Scope
from api.tests.factories import client_api, entetes
from comptes.models import Habilitation, Utilisateur
from comptes.selectors import conseillers_en_poste
from conventions.choix import EtatPoste
from conventions.models import Contrat, Poste

from .test_seed_demo import territoires_minimaux  # noqa: F401  (fixture)

CHIFFRE = r"(\d[\d\u202f\u00a0 ]*)"


def _texte(reponse) -> str:
    assert reponse.status_code == 200
    html = re.sub(r"<[^>]+>", " ", reponse.content.decode())
    return re.sub(r"\s+", " ", unescape(html))


def _lire(texte: str, motif: str) -> int:
    trouve = re.search(motif.replace("N", CHIFFRE), texte)
    assert trouve, f"« {motif} » absent de la page"
    return int(re.sub(r"\D", "", trouve.group(1)))


def _api_conseillers(client, jeton, **parametres) -> int:
    """Rows of /api/v1/conseillers, every page followed."""
    n, parametres = 0, {"taille": 100, **parametres}
    while True:
        corps = client.get("/api/v1/conseillers", parametres, **entetes(jeton)).json()
        n += len(corps["donnees"])
        if not corps["curseur_suivant"]:
            return n
        parametres["apres"] = corps["curseur_suivant"]


@pytest.fixture
def demo(db, territoires_minimaux):  # noqa: F811
    call_command("seed_demo")


def _connecter(client, email):
    client.force_login(Utilisateur.objects.get(email=email))


def _la_demo_est_coherente():
    """Every running contract has its advisor in post, and the other way round."""
    en_cours = Contrat.objects.en_cours().select_related("candidat")
    assert en_cours.count() >= 3
    for contrat in en_cours:
        assert conseillers_en_poste().filter(
            utilisateur_id=contrat.candidat.utilisateur_id, structure_id=contrat.structure_id
        ), f"{contrat.candidat} a un contrat en cours mais n’est pas en poste"
    # And the other way round: the demo advisor accounts, whose reports fill the
    # statistics, are employed.
    for h in conseillers_en_poste():
        assert Contrat.objects.en_cours().filter(
            candidat__utilisateur_id=h.utilisateur_id, structure_id=h.structure_id
        ), f"{h.utilisateur} est en poste sans contrat"
    occupes = Poste.objects.filter(etat=EtatPoste.OCCUPE).count()
    assert occupes == en_cours.count() == conseillers_en_poste().count()


def test_conseillers_en_poste_et_postes_occupes_egaux_sur_chaque_page(client, demo):
    """(Seeding the demo is slow: one test checks the demo, then reads every page,
    national then local.)"""
    _la_demo_est_coherente()
    attendu = conseillers_en_poste().count()
    occupes = Poste.objects.filter(etat=EtatPoste.OCCUPE).count()
    assert attendu == occupes > 0

    publics = _texte(client.get(reverse("public:statistiques")))
    statistiques_publiques = _texte(client.get(reverse("activite:statistiques_publiques")))
    _connecter(client, "anct@demo.conseiller-numerique.fr")
    tableau = _texte(client.get(reverse("pilotage:tableau")))
    statistiques = _texte(client.get(reverse("activite:statistiques")))
    cibles = _texte(client.get(reverse("territoires:cibles")))
    _, jeton = client_api([Scope.CONSEILLERS])

    en_poste = {
        "tableau national": _lire(tableau, "N conseillers en poste"),
        "chiffres clés": _lire(publics, "N Conseillers en poste"),
        "statistiques publiques": _lire(statistiques_publiques, "N conseillers en poste"),
        "statistiques (ANCT)": _lire(statistiques, "N conseillers en poste"),
        "API /conseillers": _api_conseillers(client, jeton),
    }
    assert set(en_poste.values()) == {attendu}, en_poste
    postes = {
        "tableau national": _lire(tableau, "N postes occupés"),
        "chiffres clés": _lire(publics, "dont N occupés"),
        "cibles départementales": _lire(cibles, r"valeur actuelle \(postes occupés\) : N"),
    }
    assert set(postes.values()) == {occupes}, postes

    # The same for a prefecture, on its département.
    attendu = conseillers_en_poste().filter(structure__departement_id="33").count()
    assert attendu > 0
    _connecter(client, "prefecture33@demo.conseiller-numerique.fr")
    tableau = _texte(client.get(reverse("pilotage:tableau")))
    statistiques = _texte(client.get(reverse("activite:statistiques")))
    _, jeton = client_api([Scope.CONSEILLERS])
    assert _lire(tableau, "N conseillers en poste") == attendu
    assert _lire(statistiques, "N conseillers? en poste") == attendu
    assert _api_conseillers(client, jeton, departement="33") == attendu


def test_un_compte_desactive_ne_change_pas_le_chiffre_une_rupture_si(client, demo):
    """The five definitions disagreed here: the public page left out an advisor whose
    login was switched off, the dashboards counted them. The contract decides: a login
    switched off changes nothing, a role taken away (validated rupture) counts everywhere."""
    h = conseillers_en_poste().order_by("pk").first()
    avant = conseillers_en_poste().count()
    Utilisateur.objects.filter(pk=h.utilisateur_id).update(is_active=False)
    _connecter(client, "anct@demo.conseiller-numerique.fr")
    tableau = _texte(client.get(reverse("pilotage:tableau")))
    publics = _texte(client.get(reverse("public:statistiques")))
    assert _lire(tableau, "N conseillers en poste") == _lire(publics, "N Conseillers en poste")
    assert _lire(publics, "N Conseillers en poste") == avant
    Habilitation.objects.filter(pk=h.pk).update(active=False)
    tableau = _texte(client.get(reverse("pilotage:tableau")))
    publics = _texte(client.get(reverse("public:statistiques")))
    _, jeton = client_api([Scope.CONSEILLERS])
    assert _lire(tableau, "N conseillers en poste") == avant - 1
    assert _lire(publics, "N Conseillers en poste") == avant - 1
    assert _api_conseillers(client, jeton) == avant - 1
