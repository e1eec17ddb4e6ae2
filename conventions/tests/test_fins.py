"""The end of a convention, F (not renewed) and G (leaving), through the services and the
pages (issue 16). The readings are in ``conventions/fins.py``.

Seed 002: « F. Ne pas renouveler sa convention — Une structure arrive en fin de convention
et ne souhaite pas renouveler »; « G. Sortir du dispositif — Une structure souhaite sortir
du dispositif avant la fin de sa convention »; « En cas de rupture du contrat avant son
échéance et qui entraîne des frais supplémentaires, ceux-ci seront à la charge de la
structure accueillante » [001 §II.3].
"""

import pytest
from django.utils import timezone

from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions import fins
from conventions.choix import EtatPoste, StatutContrat, StatutConvention, StatutTranche
from conventions.models import Contrat, Convention, Poste
from conventions.rules import ajouter_mois
from conventions.services import Attributions
from recrutement import rules as R

from .factories import recrutement_finalise, subvention_acceptee
from .test_seconde_lecture import _texte


def _vacant(mer):
    contrat = Contrat.objects.get(mise_en_relation=mer)
    Contrat.objects.filter(pk=contrat.pk).update(
        statut=StatutContrat.TERMINE, clos_le=timezone.now()
    )
    Poste.objects.filter(pk=contrat.poste_id).update(etat=EtatPoste.VACANT)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "mois_avant_sortie,statuts",
    [
        # (months between signature and exit) → statuses of tranches 1 (M+1), 2 (M+6), 3 (M+12)
        (8, [StatutTranche.PREVUE, StatutTranche.PREVUE, StatutTranche.ANNULEE]),
        (3, [StatutTranche.PREVUE, StatutTranche.ANNULEE, StatutTranche.ANNULEE]),
        (13, [StatutTranche.PREVUE, StatutTranche.PREVUE, StatutTranche.PREVUE]),
    ],
)
def test_sortie_g_termine_la_convention_et_ses_tranches_non_echues(
    bordeaux, sans_conditions, courriels, mois_avant_sortie, statuts
):
    mer = recrutement_finalise(commune=bordeaux)
    operateur = habilitation(Role.OPERATEUR).utilisateur
    le = timezone.localdate()
    debut = ajouter_mois(le, -mois_avant_sortie)
    subvention = subvention_acceptee(mer, signer_le=debut)
    _vacant(mer)
    attributions = Attributions([mer.structure_id])
    with courriels.envoi():
        attributions.fixer(mer.structure, "conseiller", 0, date_decision=le, recruter_avant=le)
        attributions.enregistrer()
    convention = Convention.objects.get(pk=subvention.convention_id)
    assert (convention.statut, convention.date_fin) == (StatutConvention.TERMINEE, le)
    assert convention.fin_prevue == ajouter_mois(debut, 36)
    assert [t.statut for t in subvention.tranches.order_by("rang")] == statuts
    sujets = {(tuple(m.to), m.subject) for m in courriels.outbox}
    assert any("Votre convention se termine" in s for _, s in sujets)
    assert any(operateur.email in to and "Fin de la convention" in s for to, s in sujets)


@pytest.mark.django_db
def test_non_renouvellement_f_au_terme_contrats_roles_postes(
    client, bordeaux, sans_conditions, courriels
):
    mer = recrutement_finalise(commune=bordeaux)
    debut = ajouter_mois(timezone.localdate(), -37)
    subvention = subvention_acceptee(mer, signer_le=debut)
    convention = Convention.objects.get(pk=subvention.convention_id)
    terme = convention.fin_prevue
    assert terme < timezone.localdate() and convention.statut == StatutConvention.SIGNEE
    # The advisor accepted the invitation: a role on the structure.
    role = Habilitation.objects.create(
        utilisateur=mer.candidat.utilisateur, role=Role.CONSEILLER, structure=mer.structure
    )
    with courriels.envoi():
        assert fins.terminer_conventions_echues() == 1
    assert fins.terminer_conventions_echues() == 0  # idempotent
    convention.refresh_from_db()
    assert (convention.statut, convention.date_fin) == (StatutConvention.TERMINEE, terme)
    contrat = Contrat.objects.get(mise_en_relation=mer)
    mer.refresh_from_db()
    assert contrat.statut == StatutContrat.TERMINE and mer.statut == R.TERMINEE_NATURELLE
    role.refresh_from_db()
    assert not role.active
    assert set(Poste.objects.filter(convention=convention).values_list("etat", flat=True)) == {
        EtatPoste.RENDU
    }
    destinataires = {a for m in courriels.outbox for a in m.to}
    assert mer.candidat.utilisateur.email in destinataires
    # What the structure reads on its convention page.
    gestionnaire = Habilitation.objects.filter(role=Role.STRUCTURE, structure=mer.structure).first()
    client.force_login(gestionnaire.utilisateur)
    page = _texte(client.get(f"/conventions/{convention.pk}/"))
    assert "Terminée" in page and f"au {terme:%d/%m/%Y}" in page
