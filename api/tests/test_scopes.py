"""Each token reaches only its scopes: every route against every scope; operator and
advisor scopes also need the owner's role, checked at every call."""

import pytest

from comptes.models import Habilitation
from comptes.roles import Role

from ..choix import Scope
from .factories import client_api, entetes

ROUTES = {
    ("get", "/api/v1/lieux"): Scope.LIEUX,
    ("get", "/api/v1/lieux/retires?modifie_depuis=2020-01-01T00:00:00Z"): Scope.LIEUX,
    ("get", "/api/v1/conseillers"): Scope.CONSEILLERS,
    ("get", "/api/v1/structures"): Scope.STRUCTURES,
    ("get", "/api/v1/conventions"): Scope.CONVENTIONS,
    ("get", "/api/v1/postes"): Scope.CONVENTIONS,
    ("get", "/api/v1/statistiques"): Scope.STATISTIQUES,
    ("post", "/api/v1/activites"): Scope.ACTIVITES,
}


def _appeler(client, methode, chemin, jeton):
    if methode == "post":
        return client.post(chemin, {}, content_type="application/json", **entetes(jeton))
    return client.get(chemin, **entetes(jeton))


@pytest.mark.parametrize(("methode", "chemin"), list(ROUTES))
@pytest.mark.parametrize("scope", list(Scope))
def test_chaque_route_n_ouvre_qu_a_son_scope(client, db, methode, chemin, scope):
    _, jeton = client_api([scope])
    reponse = _appeler(client, methode, chemin, jeton)
    if scope == ROUTES[(methode, chemin)]:
        # The route opens (an empty POST body is then refused as invalid, not forbidden).
        assert reponse.status_code == (422 if methode == "post" else 200)
    else:
        assert reponse.status_code == 403
        assert reponse["Content-Type"] == "application/problem+json"
        assert f"« {ROUTES[(methode, chemin)].value} »" in reponse.json()["detail"]


def test_un_jeton_conventions_se_ferme_quand_le_proprietaire_perd_son_role(client, db):
    client_api_, jeton = client_api([Scope.CONVENTIONS])
    assert client.get("/api/v1/conventions", **entetes(jeton)).status_code == 200
    Habilitation.objects.filter(utilisateur=client_api_.proprietaire).update(active=False)
    reponse = client.get("/api/v1/conventions", **entetes(jeton))
    assert reponse.status_code == 403
    assert "n’a plus le rôle requis" in reponse.json()["detail"]


def test_sante_sans_jeton(client, db):
    assert client.get("/api/v1/sante").json() == {"statut": "ok"}


def test_les_conseillers_n_exposent_que_des_champs_publics(client, db):
    from activite.tests.factories import conseiller_numerique
    from structures.tests.factories import StructureFactory

    conseiller = conseiller_numerique(
        structure=StructureFactory(), utilisateur__telephone="0556102030"
    )
    _, jeton = client_api([Scope.CONSEILLERS])
    [ligne] = client.get("/api/v1/conseillers", **entetes(jeton)).json()["donnees"]
    assert ligne["conseiller_id"] == conseiller.pk
    assert set(ligne) == {
        "id",
        "conseiller_id",
        "prenom",
        "nom",
        "structure_id",
        "structure_nom",
        "departement",
        "commune_insee",
        "en_poste_depuis",
        "en_poste",
        "modifie_le",
    }
    assert conseiller.email not in str(ligne)


def test_seuls_les_conseillers_en_poste_sont_listes(client, db):
    from activite.tests.factories import conseiller_numerique
    from structures.tests.factories import StructureFactory

    en_poste = conseiller_numerique(structure=StructureFactory())
    parti = conseiller_numerique(structure=StructureFactory())
    Habilitation.objects.filter(utilisateur=parti).update(active=False)
    _, jeton = client_api([Scope.CONSEILLERS])
    donnees = client.get("/api/v1/conseillers", **entetes(jeton)).json()["donnees"]
    assert [d["conseiller_id"] for d in donnees] == [en_poste.pk]
    assert Habilitation.objects.filter(role=Role.CONSEILLER).count() == 2
