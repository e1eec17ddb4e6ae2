import pytest
from django.core.management import call_command

from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from structures.models import Structure
from territoires.tests.factories import CommuneFactory, DepartementFactory

COMMUNES = {"33063": "33", "69123": "69", "93066": "93", "97411": "974", "59350": "59"}


@pytest.fixture
def territoires_minimaux():
    for code in ("24", "40", "47", "64"):
        DepartementFactory(code=code)
    for insee, dep in COMMUNES.items():
        CommuneFactory(code_insee=insee, departement=DepartementFactory(code=dep))


@pytest.mark.django_db
def test_seed_demo_un_compte_par_role_et_idempotent(territoires_minimaux, capsys):
    call_command("seed_demo")
    sortie = capsys.readouterr().out
    roles = set(Habilitation.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    for role in Role.values:
        # One printed login per role, and it is a real account holding that role.
        email = (
            Habilitation.objects.filter(role=role, utilisateur__email__contains="@demo.")
            .values_list("utilisateur__email", flat=True)
            .first()
        )
        assert email in sortie, role
    assert "Demo-Conum-2026!" in sortie
    comptes = (Utilisateur.objects.count(), Habilitation.objects.count(), Structure.objects.count())
    call_command("seed_demo")
    assert (
        Utilisateur.objects.count(),
        Habilitation.objects.count(),
        Structure.objects.count(),
    ) == comptes


@pytest.mark.django_db
def test_seed_demo_exige_les_territoires():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="charger_territoires"):
        call_command("seed_demo")


@pytest.mark.django_db
def test_seed_demo_se_relance_apres_un_comite_confirme_dans_la_demo(territoires_minimaux, capsys):
    """The README: « make demo peut être relancé ». A person confirms the demo's committee in
    preparation (dated a few days ahead), then runs the demo again: it starts, and the
    convention that committee created can be signed."""
    from django.utils import timezone

    from conventions import paiements
    from conventions.models import Convention
    from instruction import services
    from instruction.models import Comite

    call_command("seed_demo")
    comite = Comite.objects.get(statut="en_preparation")
    assert comite.date > timezone.localdate()
    anct = Utilisateur.objects.filter(habilitations__role=Role.ANCT).first()
    services.confirmer_comite(comite, par=anct)
    comite.refresh_from_db()
    assert comite.date == timezone.localdate()  # never in the future once confirmed
    nouvelles = Convention.objects.filter(date_decision=comite.date)
    assert not Convention.objects.filter(date_decision__gt=timezone.localdate()).exists()

    call_command("seed_demo")
    assert "Données de démonstration prêtes" in capsys.readouterr().out
    for convention in nouvelles.filter(statut="a_signer"):
        signee = paiements.signer_convention(convention.pk, date_signature=timezone.localdate())
        assert signee.statut == "signee"
