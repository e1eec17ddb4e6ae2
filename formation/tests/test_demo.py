import pytest

from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation
from conventions.choix import TypePoste
from formation import demo, demo_apprenants
from formation import rules as R
from formation.models import Apprenant, Centre, ModuleSuivi, Session
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .factories import recrutement_finalise, structure_a


@pytest.mark.django_db
def test_demo_tous_les_etats_et_idempotente(client):
    for code, nom, dep in (("33063", "Bordeaux", "33"), ("69123", "Lyon", "69")):
        CommuneFactory(code_insee=code, nom=nom, departement=DepartementFactory(code=dep))
    contexte = {}
    demo.creer(contexte)
    assert contexte["organisme"].nom == demo_apprenants.NOM_ORGANISME
    assert Centre.objects.filter(organisme=contexte["organisme"]).count() == 2
    gironde, rhone = structure_a("33"), structure_a("69")
    for _ in range(22):
        recrutement_finalise(gironde)
    recrutement_finalise(rhone)
    recrutement_finalise(gironde, type_poste=TypePoste.COORDINATEUR)
    conseiller1 = UtilisateurFactory(email=demo_apprenants.COMPTES_CONSEILLERS[0])
    habilitation(Role.CONSEILLER, utilisateur=conseiller1, structure=gironde)

    contexte = {}
    demo_apprenants.creer(contexte)
    assert set(Apprenant.objects.values_list("etat", flat=True)) == set(R.LIBELLES_ETATS)
    modes = dict(Session.objects.exclude(mode="").values_list("centre__commune__nom", "mode"))
    assert modes == {"Bordeaux": R.PRESENTIEL, "Lyon": R.DISTANCE, None: R.DISTANCE}
    assert Apprenant.objects.get(utilisateur=conseiller1).etat == R.FORME
    assert ModuleSuivi.objects.filter(type_module=R.COORDINATION_1).exists()
    assert "Formation : 24 apprenants" in contexte["resume"][0]

    client.force_login(conseiller1)
    assert "Formé" in client.get("/formation/ma-formation/").content.decode()

    avant = (Apprenant.objects.count(), Session.objects.count(), ModuleSuivi.objects.count())
    demo.creer({})
    demo_apprenants.creer({})
    assert (
        Apprenant.objects.count(),
        Session.objects.count(),
        ModuleSuivi.objects.count(),
    ) == avant
