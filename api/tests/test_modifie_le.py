"""``modifie_le`` kept by PostgreSQL on structures, conventions, posts and habilitations:
changes made with ``QuerySet.update()`` (which bypasses ``auto_now``) reach the partner
API's ``modifie_depuis`` and cursors."""

import threading
import time
from datetime import datetime, timedelta

import pytest
from django.db import connection, transaction
from django.utils import timezone

from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import EtatPoste, StatutConvention
from conventions.models import Convention, Poste
from structures.choix import StatutStructure
from structures.models import Structure
from structures.tests.factories import StructureFactory

from ..choix import Scope
from .factories import client_api, entetes


def horloge_base() -> datetime:
    """The database's clock, the one the trigger reads."""
    with connection.cursor() as curseur:
        curseur.execute("SELECT clock_timestamp()")
        return curseur.fetchone()[0]


def convention(structure=None, **kwargs) -> Convention:
    return Convention.objects.create(
        structure=structure or StructureFactory(),
        date_decision=timezone.localdate() - timedelta(days=30),
        **kwargs,
    )


def poste(conv: Convention) -> Poste:
    return Poste.objects.create(
        convention=conv,
        structure=conv.structure,
        date_attribution=timezone.localdate() - timedelta(days=30),
        recruter_avant=timezone.localdate() + timedelta(days=60),
    )


def conseiller_en_poste() -> Habilitation:
    return habilitation(Role.CONSEILLER, structure=StructureFactory())


# One line per model: how to build a row, and a real change made by QuerySet.update().
MODELES = {
    "structure": (StructureFactory, {"nom": "Nouveau nom"}),
    "convention": (convention, {"bareme": "AMI 2021"}),
    "poste": (lambda: poste(convention()), {"recruter_avant": timezone.localdate()}),
    "habilitation": (conseiller_en_poste, {"active": False}),
}


@pytest.mark.parametrize("nom", list(MODELES))
def test_update_du_queryset_avance_modifie_le(db, nom):
    fabrique, changement = MODELES[nom]
    ligne = fabrique()
    modele = type(ligne)
    avant = modele.objects.get(pk=ligne.pk).modifie_le
    assert avant is not None and avant <= horloge_base()

    modele.objects.filter(pk=ligne.pk).update(**changement)

    assert modele.objects.get(pk=ligne.pk).modifie_le > avant


@pytest.mark.parametrize("nom", list(MODELES))
def test_un_update_sans_changement_garde_l_horodatage(db, nom):
    fabrique, _ = MODELES[nom]
    ligne = fabrique()
    modele = type(ligne)
    avant = modele.objects.get(pk=ligne.pk).modifie_le
    modele.objects.filter(pk=ligne.pk).update(id=ligne.pk)
    # Nor can the application write the column itself: the database owns it.
    modele.objects.filter(pk=ligne.pk).update(modifie_le=avant - timedelta(days=365))
    assert modele.objects.get(pk=ligne.pk).modifie_le == avant


def test_la_creation_rend_l_horodatage_de_la_base(db):
    structure = StructureFactory()
    assert isinstance(structure.modifie_le, datetime)
    assert structure.modifie_le == Structure.objects.get(pk=structure.pk).modifie_le


# --- The API ---------------------------------------------------------------------------


def _ids(client, url, jeton, **parametres):
    reponse = client.get(url, parametres, **entetes(jeton))
    assert reponse.status_code == 200, reponse.content
    return reponse.json()["donnees"]


def test_structures_modifiees_depuis(client, db):
    changee, _inchangee = StructureFactory(), StructureFactory()
    depuis = horloge_base()
    Structure.objects.filter(pk=changee.pk).update(statut=StatutStructure.VALIDATION_COSELEC)
    _, jeton = client_api([Scope.STRUCTURES])

    donnees = _ids(client, "/api/v1/structures", jeton, modifie_depuis=depuis.isoformat())

    assert [(d["id"], d["statut"]) for d in donnees] == [
        (changee.pk, StatutStructure.VALIDATION_COSELEC)
    ]
    # Shown to the millisecond, rounded down: safe to pass back as modifie_depuis.
    au_millieme = depuis.replace(microsecond=depuis.microsecond // 1000 * 1000)
    assert datetime.fromisoformat(donnees[0]["modifie_le"]) >= au_millieme


def test_conventions_et_postes_modifies_depuis(client, db):
    conv, autre = convention(), convention()
    poste_change, _poste_inchange = poste(conv), poste(autre)
    depuis = horloge_base()
    Convention.objects.filter(pk=conv.pk).update(
        statut=StatutConvention.SIGNEE, date_signature=timezone.localdate()
    )
    Poste.objects.filter(pk=poste_change.pk).update(
        etat=EtatPoste.RENDU, date_rendu=timezone.localdate()
    )
    _, jeton = client_api([Scope.CONVENTIONS])
    parametres = {"modifie_depuis": depuis.isoformat()}

    conventions = _ids(client, "/api/v1/conventions", jeton, **parametres)
    postes = _ids(client, "/api/v1/postes", jeton, **parametres)

    assert [(c["id"], c["statut"]) for c in conventions] == [(conv.pk, "signee")]
    assert [(p["id"], p["etat"]) for p in postes] == [(poste_change.pk, EtatPoste.RENDU)]


def test_un_conseiller_parti_est_signale_depuis_la_date(client, db):
    parti, reste = conseiller_en_poste(), conseiller_en_poste()
    depuis = horloge_base()
    Habilitation.objects.filter(pk=parti.pk).update(active=False)
    _, jeton = client_api([Scope.CONSEILLERS])

    complet = _ids(client, "/api/v1/conseillers", jeton)
    depuis_date = _ids(client, "/api/v1/conseillers", jeton, modifie_depuis=depuis.isoformat())

    # The full list shows who is in post; the sync since a date tells who left.
    assert [d["id"] for d in complet] == [reste.pk]
    assert [(d["id"], d["en_poste"]) for d in depuis_date] == [(parti.pk, False)]


def test_une_structure_devenue_doublon_est_signalee_depuis_la_date(client, db):
    originale, doublon = StructureFactory(), StructureFactory()
    depuis = horloge_base()
    Structure.objects.filter(pk=doublon.pk).update(
        statut=StatutStructure.DOUBLON, doublon_de=originale
    )
    _, jeton = client_api([Scope.STRUCTURES])

    complet = _ids(client, "/api/v1/structures", jeton)
    depuis_date = _ids(client, "/api/v1/structures", jeton, modifie_depuis=depuis.isoformat())

    assert [d["id"] for d in complet] == [originale.pk]
    assert [(d["id"], d["doublon_de"]) for d in depuis_date] == [(doublon.pk, originale.pk)]


def test_un_poste_change_pendant_la_synchronisation_est_relu_a_la_fin(client, db):
    """Pages follow (modifie_le, id): every post is read once in that order, and one
    changed while a partner walks the pages comes again at the end, none skipped."""
    conv = convention()
    postes = [poste(conv) for _ in range(5)]
    Poste.objects.filter(pk__in=[p.pk for p in postes]).update(recruter_avant=timezone.localdate())
    attendus = list(Poste.objects.order_by("modifie_le", "pk").values_list("pk", flat=True))
    _, jeton = client_api([Scope.CONVENTIONS])

    premiere = client.get("/api/v1/postes", {"taille": 2}, **entetes(jeton)).json()
    vus = [p["id"] for p in premiere["donnees"]]
    Poste.objects.filter(pk=vus[0]).update(recruter_avant=timezone.localdate() + timedelta(1))
    url = premiere["liens"]["suivant"]
    while url:
        corps = client.get(url, **entetes(jeton)).json()
        vus += [p["id"] for p in corps["donnees"]]
        url = corps["liens"]["suivant"]

    assert vus == attendus + [attendus[0]]


@pytest.mark.django_db(transaction=True)
def test_deux_modifications_concurrentes_d_une_ligne_l_horodatage_ne_recule_pas():
    """The second writer began its transaction first but waits for the first's row lock;
    its timestamp is read after that wait (clock_timestamp()), so it never goes below the
    first's. With now() (the start of its transaction) the row would move backwards and a
    partner whose cursor had passed the first change would miss the last one."""
    structure = StructureFactory()
    premiere_posee = threading.Event()
    seconde_commencee = threading.Event()
    horodatages = {}

    def premiere():
        try:
            seconde_commencee.wait(5)
            with transaction.atomic():
                Structure.objects.filter(pk=structure.pk).update(nom="Premier")
                horodatages["premiere"] = Structure.objects.get(pk=structure.pk).modifie_le
                premiere_posee.set()
                time.sleep(0.2)  # the second writer now waits for the row lock
        finally:
            connection.close()

    def seconde():
        try:
            with transaction.atomic():
                horloge_base()  # this transaction begins before the first one
                seconde_commencee.set()
                premiere_posee.wait(5)
                Structure.objects.filter(pk=structure.pk).update(nom="Second")
        finally:
            connection.close()

    fils = [threading.Thread(target=premiere), threading.Thread(target=seconde)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()

    finale = Structure.objects.get(pk=structure.pk)
    assert finale.nom == "Second"
    assert finale.modifie_le > horodatages["premiere"]
