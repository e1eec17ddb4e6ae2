"""API clients: secrets are never stored in clear, shown once; expiry, revocation and
renewal close the old access; the owner must hold the roles the scopes require."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comptes.models import Evenement
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation

from .. import services
from ..choix import Scope
from ..models import ClientApi
from .factories import client_api, entetes

LIEUX = "/api/v1/lieux"


def _toute_la_table() -> str:
    with connection.cursor() as curseur:
        curseur.execute("SELECT row_to_json(c)::text FROM api_clientapi c")
        return " ".join(ligne[0] for ligne in curseur.fetchall())


def test_le_secret_n_est_jamais_stocke_en_clair(db):
    client, jeton = client_api([Scope.LIEUX])
    secret = jeton.split(":", 1)[1]
    assert secret not in _toute_la_table()
    evenements = " ".join(str(e.details) + e.description for e in Evenement.objects.all())
    assert secret not in evenements
    assert client.empreinte_secret != secret and len(client.empreinte_secret) == 64


def test_creation_journalisee(db):
    client, _ = client_api([Scope.LIEUX, Scope.STATISTIQUES], nom="Région Nouvelle-Aquitaine")
    evenement = Evenement.objects.get(action="api.client_cree")
    assert evenement.cible_id == str(client.pk)
    assert "Région Nouvelle-Aquitaine" in evenement.description


def test_un_jeton_valide_ouvre_la_route(client, db):
    _, jeton = client_api([Scope.LIEUX])
    assert client.get(LIEUX, **entetes(jeton)).status_code == 200


@pytest.mark.parametrize(
    "jeton",
    ["", "cnfs_inconnu:secret", "mal-forme", "Basic abc"],
)
def test_jeton_absent_ou_faux_401_probleme(client, db, jeton):
    client_api([Scope.LIEUX])
    reponse = client.get(LIEUX, **({"HTTP_AUTHORIZATION": f"Bearer {jeton}"} if jeton else {}))
    assert reponse.status_code == 401
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse["WWW-Authenticate"].startswith("Bearer")
    corps = reponse.json()
    assert corps["status"] == 401 and corps["title"] == "Authentification requise"
    assert corps["instance"] == LIEUX


def test_mauvais_secret_401(client, db):
    client_api_, jeton = client_api([Scope.LIEUX])
    assert client.get(LIEUX, **entetes(client_api_.identifiant + ":faux")).status_code == 401


def test_expire_ou_pas_encore_valable(client, db):
    _, expire = client_api([Scope.LIEUX], valide_du=timezone.now() - timedelta(days=10))
    ClientApi.objects.update(expire_le=timezone.now() - timedelta(seconds=1))
    assert client.get(LIEUX, **entetes(expire)).status_code == 401
    _, futur = client_api(
        [Scope.LIEUX],
        valide_du=timezone.now() + timedelta(days=1),
        expire_le=timezone.now() + timedelta(days=30),
    )
    assert client.get(LIEUX, **entetes(futur)).status_code == 401


def test_revocation(client, db):
    client_api_, jeton = client_api([Scope.LIEUX])
    services.revoquer(client_api_)
    services.revoquer(client_api_)  # twice: nothing more happens
    assert client.get(LIEUX, **entetes(jeton)).status_code == 401
    assert Evenement.objects.filter(action="api.client_revoque").count() == 1


def test_renouvellement_l_ancien_secret_cesse(client, db):
    client_api_, ancien = client_api([Scope.LIEUX])
    nouveau = f"{client_api_.identifiant}:{services.renouveler_secret(client_api_)}"
    assert client.get(LIEUX, **entetes(ancien)).status_code == 401
    assert client.get(LIEUX, **entetes(nouveau)).status_code == 200


def test_le_proprietaire_doit_avoir_le_role_du_scope(db):
    simple = UtilisateurFactory()
    with pytest.raises(services.ClientRefuse, match="Conventions et postes"):
        services.creer_client(
            nom="x",
            proprietaire=simple,
            scopes=[Scope.CONVENTIONS],
            expire_le=timezone.now() + timedelta(days=1),
        )
    assert not ClientApi.objects.exists()


def test_contrainte_scopes_connus_en_base(db):
    from django.db import IntegrityError

    client_api_, _ = client_api([Scope.LIEUX])
    with pytest.raises(IntegrityError):
        ClientApi.objects.filter(pk=client_api_.pk).update(scopes=["tout"])


# --- Admin ---------------------------------------------------------------------------------


@pytest.fixture
def admin_anct(client, db):
    agent = habilitation(
        Role.ANCT, utilisateur__is_staff=True, utilisateur__is_superuser=True
    ).utilisateur
    client.force_login(agent)
    return agent


def test_admin_montre_le_secret_une_seule_fois(client, admin_anct):
    partenaire = UtilisateurFactory()
    reponse = client.post(
        reverse("admin:api_clientapi_add"),
        {
            "nom": "Département de la Gironde",
            "proprietaire": partenaire.pk,
            "scopes": [Scope.LIEUX, Scope.STATISTIQUES],
            "valide_du_0": timezone.localdate().strftime("%d/%m/%Y"),
            "valide_du_1": "00:00:00",
            "expire_le_0": (timezone.localdate() + timedelta(days=365)).strftime("%d/%m/%Y"),
            "expire_le_1": "00:00:00",
        },
        follow=True,
    )
    contenu = reponse.content.decode()
    client_api_ = ClientApi.objects.get()
    assert f"{client_api_.identifiant}:" in contenu
    secret = contenu.split(f"{client_api_.identifiant}:", 1)[1].split(" ", 1)[0]
    assert secret not in _toute_la_table()
    http = client.__class__()
    assert http.get(LIEUX, **entetes(f"{client_api_.identifiant}:{secret}")).status_code == 200
    page = client.get(reverse("admin:api_clientapi_change", args=[client_api_.pk]))
    assert secret not in page.content.decode()


def test_admin_refuse_un_scope_sans_le_role(client, admin_anct):
    partenaire = UtilisateurFactory()
    reponse = client.post(
        reverse("admin:api_clientapi_add"),
        {
            "nom": "Partenaire",
            "proprietaire": partenaire.pk,
            "scopes": [Scope.ACTIVITES],
            "valide_du_0": timezone.localdate().strftime("%d/%m/%Y"),
            "valide_du_1": "00:00:00",
            "expire_le_0": (timezone.localdate() + timedelta(days=30)).strftime("%d/%m/%Y"),
            "expire_le_1": "00:00:00",
        },
    )
    assert "n’a pas le rôle requis" in reponse.content.decode()
    assert not ClientApi.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_deux_renouvellements_simultanes_un_seul_secret_valide():
    import threading

    from django.test import Client

    client_api_, _ = client_api([Scope.LIEUX])
    barriere = threading.Barrier(2)
    secrets = []

    def renouveler():
        try:
            barriere.wait()
            secrets.append(services.renouveler_secret(client_api_))
        finally:
            connection.close()

    fils = [threading.Thread(target=renouveler) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    http = Client()
    statuts = sorted(
        http.get(LIEUX, **entetes(f"{client_api_.identifiant}:{s}")).status_code for s in secrets
    )
    assert statuts == [200, 401]
    assert Evenement.objects.filter(action="api.secret_renouvele").count() == 2
