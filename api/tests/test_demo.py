"""The demo clients work with the printed token, and a second run duplicates nothing."""

from comptes.roles import Role
from comptes.tests.factories import habilitation
from structures.tests.factories import StructureFactory

from .. import demo
from ..models import ClientApi


def test_demo_idempotente_et_jeton_imprime_utilisable(client, db):
    habilitation(Role.OPERATEUR)
    habilitation(Role.CONSEILLER, structure=StructureFactory())
    contexte: dict = {}
    demo.creer(contexte)
    demo.creer(contexte)
    assert ClientApi.objects.count() == 2
    ligne = next(r for r in contexte["resume"] if "lecture" in r)
    jeton = ligne.split("Bearer ", 1)[1].split("'", 1)[0]
    reponse = client.get("/api/v1/structures", HTTP_AUTHORIZATION=f"Bearer {jeton}")
    assert reponse.status_code == 200
