"""Keyset pagination on (modifie_le, id): following ``suivant`` visits every row once, in
order, even when rows share a timestamp; ``modifie_depuis`` resumes a sync."""

from datetime import timedelta

from django.utils import timezone

from activite.models import Lieu
from activite.tests.factories import LieuFactory

from ..choix import Scope
from .factories import client_api, entetes


def _tout_lire(client, url, jeton):
    vus, pages = [], 0
    while url:
        corps = client.get(url, **entetes(jeton)).json()
        vus += [ligne["id"] for ligne in corps["donnees"]]
        url = corps["liens"]["suivant"]
        pages += 1
    return vus, pages


def test_parcours_complet_sans_doublon_ni_oubli(client, db):
    lieux = [LieuFactory(visible_cartographie=True) for _ in range(7)]
    meme_instant = timezone.now() - timedelta(days=1)
    # Three places share one timestamp: the id breaks the tie.
    Lieu.objects.filter(pk__in=[lieu.pk for lieu in lieux[:3]]).update(modifie_le=meme_instant)
    _, jeton = client_api([Scope.LIEUX])
    vus, pages = _tout_lire(client, "/api/v1/lieux?taille=2", jeton)
    attendus = [
        f"conum-lieu-{pk}"
        for pk in Lieu.objects.order_by("modifie_le", "pk").values_list("pk", flat=True)
    ]
    assert vus == attendus and pages == 4


def test_modifie_depuis(client, db):
    ancien = LieuFactory(visible_cartographie=True)
    Lieu.objects.filter(pk=ancien.pk).update(modifie_le=timezone.now() - timedelta(days=30))
    recent = LieuFactory(visible_cartographie=True)
    _, jeton = client_api([Scope.LIEUX])
    depuis = (timezone.now() - timedelta(days=1)).isoformat()
    corps = client.get("/api/v1/lieux", {"modifie_depuis": depuis}, **entetes(jeton)).json()
    assert [ligne["id"] for ligne in corps["donnees"]] == [f"conum-lieu-{recent.pk}"]


def test_curseur_invalide_400_probleme(client, db):
    _, jeton = client_api([Scope.LIEUX])
    reponse = client.get("/api/v1/lieux", {"apres": "n'importe quoi"}, **entetes(jeton))
    assert reponse.status_code == 400
    assert reponse.json()["detail"] == "Curseur de pagination invalide."


def test_taille_hors_limites_422_par_champ(client, db):
    _, jeton = client_api([Scope.LIEUX])
    reponse = client.get("/api/v1/lieux", {"taille": 501}, **entetes(jeton))
    assert reponse.status_code == 422
    assert reponse["Content-Type"] == "application/problem+json"
    assert reponse.json()["erreurs"][0]["champ"] == "taille"


def test_lieux_au_format_du_schema(client, db):
    from public import schema_lieux

    LieuFactory(visible_cartographie=True, services=["Aide aux démarches administratives"])
    LieuFactory(visible_cartographie=False)
    _, jeton = client_api([Scope.LIEUX])
    [ligne] = client.get("/api/v1/lieux", **entetes(jeton)).json()["donnees"]
    assert ligne["services"] == ["Aide aux démarches administratives"]
    sans_horodatage = {k: v for k, v in ligne.items() if k != "modifie_le"}
    assert schema_lieux.erreurs(sans_horodatage) == []
