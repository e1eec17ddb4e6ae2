"""Writing a report through the API goes through the form's service: same rules, same
rollups, same audit event; refusals are clear and change nothing."""

import threading

import pytest
from django.db import connection
from django.test import Client

from activite.models import Activite, AgregatTerritoireMois
from activite.tests.factories import LieuFactory, hier
from comptes.models import Evenement
from comptes.roles import Role

from ..choix import Scope
from .factories import client_api, entetes

URL = "/api/v1/activites"


@pytest.fixture
def conseiller(db):
    client_api_, jeton = client_api([Scope.ACTIVITES])
    conseiller = client_api_.proprietaire
    lieu = LieuFactory(conseiller=conseiller)
    return {"utilisateur": conseiller, "lieu": lieu, "jeton": jeton}


def _atelier(lieu, **surcharges):
    corps = {
        "type": "collectif",
        "date": hier().isoformat(),
        "duree": 90,
        "type_lieu": "lieu_activite",
        "lieu_id": lieu.pk,
        "thematiques": ["email", "navigation_sur_internet"],
        "titre_atelier": "Premiers pas sur internet",
        "niveau": "debutant",
        "participants": 8,
        "repartition": {"genres": {"feminin": 5, "masculin": 2}},
    }
    corps.update(surcharges)
    return corps


def _poster(client, jeton, corps):
    return client.post(URL, corps, content_type="application/json", **entetes(jeton))


def _accompagnements() -> int:
    return sum(AgregatTerritoireMois.objects.values_list("accompagnements", flat=True))


def test_un_atelier_enregistre_compte_dans_les_statistiques(client, conseiller):
    reponse = _poster(client, conseiller["jeton"], _atelier(conseiller["lieu"]))
    assert reponse.status_code == 201, reponse.content
    activite = Activite.objects.get(pk=reponse.json()["id"])
    assert activite.conseiller == conseiller["utilisateur"]
    assert (activite.genre_feminin, activite.genre_masculin, activite.genre_non_communique) == (
        5,
        2,
        1,
    )
    assert reponse.json()["accompagnements"] == 8
    assert _accompagnements() == 8
    assert Evenement.objects.filter(action="activite.creee", cible_id=str(activite.pk)).exists()


def test_accompagnement_individuel_anonyme(client, conseiller):
    corps = {
        "type": "individuel",
        "date": hier().isoformat(),
        "duree": 45,
        "type_lieu": "lieu_activite",
        "lieu_id": conseiller["lieu"].pk,
        "thematiques": ["aide_aux_demarches_administratives", "travail_formation"],
        "precisions_demarche": "Actualisation France Travail",
        "genre": "feminin",
        "tranche_age": "soixante_dix_plus",
        "autonomie": "autonome",
    }
    reponse = _poster(client, conseiller["jeton"], corps)
    if reponse.status_code == 422:
        pytest.fail(str(reponse.json()))
    assert Activite.objects.get().tranche_unique() == "soixante_dix_plus"


@pytest.mark.parametrize(
    ("surcharges", "message"),
    [
        ({"date": "2099-01-01"}, "ne peut pas être dans le futur"),
        ({"repartition": {"genres": {"feminin": 9}}}, "dépasse le nombre de participants"),
        ({"deja_accompagnes": 9}, "déjà accompagnés (9) dépassent"),
        ({"type_lieu": "domicile", "lieu_id": None}, "Indiquez la commune"),
        ({"commune_insee": "99999", "type_lieu": "domicile"}, "Commune inconnue"),
    ],
)
def test_refus_metier_clairs_et_rien_n_est_enregistre(client, conseiller, surcharges, message):
    reponse = _poster(client, conseiller["jeton"], _atelier(conseiller["lieu"], **surcharges))
    assert reponse.status_code == 422
    assert reponse["Content-Type"] == "application/problem+json"
    assert message in reponse.json()["detail"]
    assert not Activite.objects.exists() and _accompagnements() == 0


def test_le_lieu_d_un_autre_conseiller_est_refuse(client, conseiller):
    autre = LieuFactory()
    reponse = _poster(client, conseiller["jeton"], _atelier(autre))
    assert reponse.status_code == 422
    assert reponse.json()["detail"] == "Choisissez un de vos lieux d’activité."
    assert not Activite.objects.exists()


def test_valeur_hors_liste_422_par_champ(client, conseiller):
    reponse = _poster(
        client, conseiller["jeton"], _atelier(conseiller["lieu"], thematiques=["cuisine"])
    )
    assert reponse.status_code == 422
    assert reponse.json()["erreurs"][0]["champ"].startswith("entree.thematiques")


def test_json_illisible_400(client, conseiller):
    reponse = client.post(
        URL, "{pas du json", content_type="application/json", **entetes(conseiller["jeton"])
    )
    assert reponse.status_code in (400, 422)
    assert reponse["Content-Type"] == "application/problem+json"


@pytest.mark.django_db(transaction=True)
def test_deux_envois_simultanes_sont_tous_deux_comptes():
    client_api_, jeton = client_api([Scope.ACTIVITES])
    lieu = LieuFactory(conseiller=client_api_.proprietaire)
    barriere = threading.Barrier(2)
    statuts = []

    def envoyer(participants):
        try:
            barriere.wait()
            statuts.append(
                _poster(
                    Client(), jeton, _atelier(lieu, participants=participants, repartition=None)
                ).status_code
            )
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer, args=(n,)) for n in (3, 4)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert statuts == [201, 201]
    assert Activite.objects.count() == 2
    assert _accompagnements() == 7
    assert client_api_.proprietaire.habilitations.filter(role=Role.CONSEILLER).exists()


def test_limite_de_debit_429_avec_retry_after(client, db, settings):
    settings.API_DEBIT = "2/min"
    _, jeton = client_api([Scope.LIEUX])
    statuts = [client.get("/api/v1/lieux", **entetes(jeton)).status_code for _ in range(3)]
    assert statuts == [200, 200, 429]
    reponse = client.get("/api/v1/lieux", **entetes(jeton))
    assert reponse["Content-Type"] == "application/problem+json"
    assert int(reponse["Retry-After"]) >= 1
    # Another client has its own counter.
    _, autre = client_api([Scope.LIEUX])
    assert client.get("/api/v1/lieux", **entetes(autre)).status_code == 200


@pytest.mark.parametrize(
    "notes", ["a\u0000b", "a\u001bb", "a\u202eb", "a\u200fb", "a\ufffdb"], ids=repr
)
def test_notes_avec_caractere_invisible_422_rien_d_enregistre(client, conseiller, notes):
    """Issue 15: a NUL byte in « notes » was a 500 (PostgreSQL cannot store it)."""
    reponse = _poster(client, conseiller["jeton"], _atelier(conseiller["lieu"], notes=notes))
    assert reponse.status_code == 422, reponse.content
    assert reponse["Content-Type"] == "application/problem+json"
    assert [e["champ"] for e in reponse.json()["erreurs"]] == ["entree.notes"]
    assert "Retapez" in reponse.json()["erreurs"][0]["message"]
    assert not Activite.objects.exists()


def test_corps_qui_n_est_pas_de_l_utf8_est_refuse(client, conseiller):
    corps = b'{"type": "collectif", "notes": "caf\xe9"}'
    reponse = client.post(
        URL, corps, content_type="application/json", **entetes(conseiller["jeton"])
    )
    assert reponse.status_code in (400, 422), reponse.content
    assert reponse["Content-Type"] == "application/problem+json"
    assert not Activite.objects.exists()


from activite.tests.cas_ateliers import CAS_TRANCHES  # noqa: E402


@pytest.mark.parametrize("participants,tranches,erreur", CAS_TRANCHES)
def test_une_regle_des_tranches_d_age_pour_l_api(
    client, conseiller, participants, tranches, erreur
):
    """The API's answer to the table the form answers the same way (cas_ateliers)."""
    corps = _atelier(
        conseiller["lieu"],
        participants=participants,
        deja_accompagnes=0,
        repartition={"tranches": tranches},
    )
    reponse = _poster(client, conseiller["jeton"], corps)
    if erreur:
        assert reponse.status_code == 422
        assert erreur in reponse.json()["detail"] and "tranche d’âge" in reponse.json()["detail"]
        assert not Activite.objects.exists()
    else:
        assert reponse.status_code == 201, reponse.content
        assert Activite.objects.get().tranche_non_communique == participants - sum(
            v for k, v in tranches.items() if k != "non_communique"
        )


def test_idempotency_key_rejoue_sans_doubler(client, conseiller):
    """``POST /activites`` with the same Idempotency-Key twice: one report, the same answer."""
    corps = _atelier(conseiller["lieu"])
    cle = {"HTTP_IDEMPOTENCY_KEY": "3f1c9a7e-5b2d-4e8f-9a61-0c2b7d4e8f10"}
    premier = client.post(
        URL, corps, content_type="application/json", **entetes(conseiller["jeton"]), **cle
    )
    second = client.post(
        URL, corps, content_type="application/json", **entetes(conseiller["jeton"]), **cle
    )
    assert premier.status_code == second.status_code == 201
    assert premier.json() == second.json()
    assert "Idempotent-Replayed" not in premier and second["Idempotent-Replayed"] == "true"
    assert Activite.objects.count() == 1 and _accompagnements() == 8
    # Without the header, each call is a report.
    _poster(client, conseiller["jeton"], corps)
    assert Activite.objects.count() == 2


def test_idempotency_key_invalide_refusee_sans_rien_enregistrer(client, conseiller):
    reponse = client.post(
        URL,
        _atelier(conseiller["lieu"]),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="x" * 65,
        **entetes(conseiller["jeton"]),
    )
    assert reponse.status_code == 422
    assert "Idempotency-Key" in reponse.json()["detail"]
    assert not Activite.objects.exists()


def test_base_injoignable_503_a_rejouer(client, conseiller, monkeypatch):
    """The database went away: a 503 in French with Retry-After, not a 500; nothing saved."""
    from django.db import OperationalError

    from activite import services

    def injoignable(*args, **kwargs):
        raise OperationalError("connection to server failed")

    monkeypatch.setattr(services, "creer_activite", injoignable)
    reponse = _poster(client, conseiller["jeton"], _atelier(conseiller["lieu"]))
    assert reponse.status_code == 503 and reponse["Retry-After"] == "30"
    corps = reponse.json()
    assert corps["title"] == "Service momentanément indisponible"
    assert "Idempotency-Key" in corps["detail"]
    assert not Activite.objects.exists()


@pytest.mark.parametrize("repartition", ["a", 3, ["genres"]], ids=repr)
def test_une_repartition_qui_n_est_pas_un_objet_est_refusee(client, conseiller, repartition):
    """Found by the hostile-input walk: a string passed as an empty split (201)."""
    corps = _atelier(conseiller["lieu"], repartition=repartition)
    reponse = _poster(client, conseiller["jeton"], corps)
    assert reponse.status_code == 422, reponse.content
    assert not Activite.objects.exists()
