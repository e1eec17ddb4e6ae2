import pytest

from candidats import demo, rules
from candidats.models import Candidat
from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture
def communes(db):
    for insee, dep in {"33063": "33", "69123": "69", "93066": "93", "97411": "974"}.items():
        CommuneFactory(code_insee=insee, departement=DepartementFactory(code=dep))


@pytest.mark.django_db
def test_demo_varie_et_idempotente(communes, fichiers_cv):
    compte = Utilisateur.objects.create_user(
        email=demo.EMAIL_CANDIDAT_DEMO, password="x", prenom="Camille", nom="Candidate"
    )
    Habilitation.objects.create(utilisateur=compte, role=Role.CANDIDAT)
    contexte = {}
    demo.creer(contexte)
    assert Candidat.objects.count() == demo.NOMBRE + 1
    assert "Candidats : 301 dans le vivier" in contexte["resume"][0]
    assert set(Candidat.objects.values_list("statut", flat=True)) == set(Candidat.Statut.values)
    assert set(Candidat.objects.values_list("departement", flat=True)) == {"33", "69", "93", "974"}
    for champ in rules.CHAMPS_SITUATION:
        assert Candidat.objects.filter(**{champ: True}).exists(), champ
    assert Candidat.objects.filter(pix_partage_le__isnull=False).exists()
    avec_cv = Candidat.objects.exclude(cv="")
    assert len(fichiers_cv()) == avec_cv.count() > 5
    assert avec_cv.first().cv.read().startswith(b"%PDF-")
    assert Habilitation.objects.filter(role=Role.CANDIDAT).count() == demo.NOMBRE + 1
    # The demo account has a complete profile, with a CV and Pix results.
    profil = Candidat.objects.get(utilisateur=compte)
    assert profil.cv and profil.pix_partage and profil.commune.code_insee == "33063"

    avant = (Utilisateur.objects.count(), Candidat.objects.count(), len(fichiers_cv()))
    demo.creer({})
    assert (Utilisateur.objects.count(), Candidat.objects.count(), len(fichiers_cv())) == avant
