"""What the read endpoints say: posts per convention, statistics from the rollups,
structures without duplicates."""

from datetime import timedelta

from django.utils import timezone

from activite import services as activite_services
from activite.tests.factories import LieuFactory, conseiller_numerique, donnees_collectif, hier
from conventions.choix import EtatPoste
from conventions.models import Convention, Poste
from structures.choix import StatutStructure
from structures.tests.factories import StructureFactory

from ..choix import Scope
from .factories import client_api, entetes


def test_conventions_et_leurs_postes(client, db):
    structure = StructureFactory()
    jour = timezone.localdate() - timedelta(days=30)
    convention = Convention.objects.create(structure=structure, date_decision=jour)
    for etat in (EtatPoste.VACANT, EtatPoste.OCCUPE, EtatPoste.OCCUPE, EtatPoste.RENDU):
        Poste.objects.create(
            convention=convention,
            structure=structure,
            etat=etat,
            date_attribution=jour,
            recruter_avant=jour + timedelta(days=90),
            date_rendu=jour if etat == EtatPoste.RENDU else None,
        )
    _, jeton = client_api([Scope.CONVENTIONS])
    [ligne] = client.get("/api/v1/conventions", **entetes(jeton)).json()["donnees"]
    assert ligne["structure_siret"] == structure.siret
    assert ligne["postes"] == {"attribues": 3, "occupes": 2, "vacants": 1, "rendus": 1}
    postes = client.get(
        "/api/v1/postes", {"convention_id": convention.pk}, **entetes(jeton)
    ).json()["donnees"]
    assert sorted(p["etat"] for p in postes) == ["occupe", "occupe", "rendu", "vacant"]


def test_statistiques_par_mois_et_departement(client, db):
    conseiller = conseiller_numerique(structure=StructureFactory())
    lieu = LieuFactory(conseiller=conseiller)
    activite_services.creer_activite(conseiller, donnees_collectif(participants=6, lieu=lieu))
    _, jeton = client_api([Scope.STATISTIQUES])
    corps = client.get("/api/v1/statistiques", **entetes(jeton)).json()
    assert corps["totaux"]["accompagnements"] == 6
    assert corps["par_mois_et_departement"][0]["mois"] == hier().strftime("%Y-%m")
    vide = client.get("/api/v1/statistiques", {"du": "2099-01-01"}, **entetes(jeton)).json()
    assert vide["totaux"]["accompagnements"] == 0


def test_structures_sans_les_doublons(client, db):
    originale = StructureFactory()
    StructureFactory(doublon_de=originale, statut=StatutStructure.DOUBLON)
    _, jeton = client_api([Scope.STRUCTURES])
    donnees = client.get("/api/v1/structures", **entetes(jeton)).json()["donnees"]
    assert [s["id"] for s in donnees] == [originale.pk]


def test_un_lieu_retire_de_la_carte_est_signale_par_son_seul_identifiant(client, db):
    from activite.services import supprimer_lieu

    avant = timezone.now()
    public, supprime, masque = (LieuFactory(visible_cartographie=True) for _ in range(3))
    supprimer_lieu(supprime)
    masque.visible_cartographie = False
    masque.save()
    _, jeton = client_api([Scope.LIEUX])
    depuis = {"modifie_depuis": avant.isoformat()}
    lieux = client.get("/api/v1/lieux", depuis, **entetes(jeton)).json()["donnees"]
    assert [lieu["id"] for lieu in lieux] == [f"conum-lieu-{public.pk}"]
    retires = client.get("/api/v1/lieux/retires", depuis, **entetes(jeton)).json()["donnees"]
    assert sorted(r["id"] for r in retires) == sorted(
        f"conum-lieu-{lieu.pk}" for lieu in (supprime, masque)
    )
    assert all(set(r) == {"id", "modifie_le"} for r in retires)  # nothing of a hidden place
    plus_tard = {"modifie_depuis": timezone.now().isoformat()}
    assert client.get("/api/v1/lieux/retires", plus_tard, **entetes(jeton)).json()["donnees"] == []
    sans_date = client.get("/api/v1/lieux/retires", **entetes(jeton))
    assert sans_date.status_code == 422
