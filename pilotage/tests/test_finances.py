"""The subsidy figures of the dashboards equal a recomputation from the tranches, for each
scope; roles without a subsidy scope get no figures."""

from decimal import Decimal

import pytest
from django.utils import timezone

from comptes.acces import perimetre
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions import conditions, paiements
from conventions.choix import MotifSuspension, StatutTranche
from conventions.models import Tranche
from conventions.tests.factories import il_y_a, recrutement_finalise, subvention_acceptee
from pilotage import finances
from territoires.tests.factories import CommuneFactory, DepartementFactory


@pytest.fixture
def jeu_financier(monkeypatch, settings, tmp_path):
    """Two signed conventions in Gironde, one in Rhône; payments made, one late, one
    convention suspended with a refund claimed."""
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(conditions, "_CONDITIONS", [])  # training enrolment is not the point
    habilitation(Role.ANCT)
    gironde, rhone = DepartementFactory(code="33"), DepartementFactory(code="69")
    bordeaux = CommuneFactory(departement=gironde)
    lyon = CommuneFactory(departement=rhone)
    payee = subvention_acceptee(recrutement_finalise(commune=bordeaux), signer_le=il_y_a(400))
    en_retard = subvention_acceptee(recrutement_finalise(commune=bordeaux), signer_le=il_y_a(60))
    ailleurs = subvention_acceptee(recrutement_finalise(commune=lyon), signer_le=il_y_a(250))
    for tranche in payee.tranches.filter(rang__lte=2):
        paiements.marquer_payee(tranche.pk, payee_le=il_y_a(10))
    paiements.marquer_exigible(ailleurs.tranches.get(rang=1).pk)
    paiements.suspendre(ailleurs.convention_id, motif=MotifSuspension.REPORTING, debut=il_y_a(5))
    paiements.demander_remboursement(
        payee.convention_id, montant=Decimal("1000.00"), motif="Rapport jamais remis."
    )
    return {"33": gironde, "69": rhone, "subventions": (payee, en_retard, ailleurs)}


def recalcul(tranches) -> dict:
    aujourd_hui = timezone.localdate()
    tranches = [t for t in tranches if t.statut != StatutTranche.ANNULEE]
    retard = [
        t
        for t in tranches
        if t.statut in (StatutTranche.PREVUE, StatutTranche.EXIGIBLE) and t.due_le < aujourd_hui
    ]
    return {
        "engage": sum((t.montant for t in tranches), Decimal("0")),
        "verse": sum((t.montant for t in tranches if t.statut == StatutTranche.PAYEE), Decimal(0)),
        "exigible": sum(
            (t.montant for t in tranches if t.statut == StatutTranche.EXIGIBLE), Decimal(0)
        ),
        "en_retard": sum((t.montant for t in retard), Decimal("0")),
        "tranches_en_retard": len(retard),
    }


def en_dict(f: finances.Finances) -> dict:
    return {k: getattr(f, k) for k in recalcul([])}


@pytest.mark.django_db
def test_les_chiffres_nationaux_egalent_les_echeanciers(jeu_financier):
    for role in (Role.ANCT, Role.OPERATEUR):
        f = finances.subventions(perimetre(habilitation(role)), timezone.localdate())
        assert en_dict(f) == recalcul(Tranche.objects.all())
        assert f.verse > 0 and f.tranches_en_retard > 0  # the data set covers both cases
        assert f.reste_a_verser == f.engage - f.verse
        assert f.conventions_suspendues == 1
        assert f.remboursements_demandes == Decimal("1000.00")


@pytest.mark.django_db
def test_une_prefecture_ne_voit_que_son_departement(jeu_financier):
    p = perimetre(habilitation(Role.PREFECTURE, departement=jeu_financier["33"]))
    f = finances.subventions(p, timezone.localdate())
    gironde = Tranche.objects.filter(subvention__convention__structure__departement_id="33")
    assert en_dict(f) == recalcul(gironde)
    assert (
        f.engage
        < finances.subventions(perimetre(habilitation(Role.ANCT)), timezone.localdate()).engage
    )
    assert f.conventions_suspendues == 0  # the suspended one is in Rhône


@pytest.mark.django_db
def test_une_structure_ne_voit_que_ses_tranches(jeu_financier):
    payee = jeu_financier["subventions"][0]
    p = perimetre(habilitation(Role.STRUCTURE, structure=payee.convention.structure))
    f = finances.subventions(p, timezone.localdate())
    assert en_dict(f) == recalcul(payee.tranches.all())


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.HUB, Role.GRAND_RESEAU, Role.COORDINATEUR])
def test_les_roles_sans_subventions_n_ont_pas_de_chiffres(jeu_financier, role):
    assert finances.subventions(perimetre(habilitation(role)), timezone.localdate()) is None


@pytest.mark.django_db
def test_le_tableau_montre_les_subventions_de_son_perimetre(client, jeu_financier):
    from django.urls import reverse

    from noyau.nombres import euros

    tableau = reverse("pilotage:tableau")
    aujourd_hui = timezone.localdate()
    for h in (
        habilitation(Role.OPERATEUR),
        habilitation(Role.PREFECTURE, departement=jeu_financier["33"]),
    ):
        client.force_login(h.utilisateur)
        f = finances.subventions(perimetre(h), aujourd_hui)
        page = client.get(tableau).content.decode()
        assert "<h3>Subventions</h3>" in page
        for montant in (f.engage, f.verse, f.reste_a_verser):
            assert euros(montant) in page
    client.force_login(habilitation(Role.HUB).utilisateur)
    assert "<h3>Subventions</h3>" not in client.get(tableau).content.decode()
