"""Scheduled commands: simulation by default, and running each twice sends each e-mail once."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from candidats.models import Candidat
from candidats.tests.factories import CandidatFactory
from comptes.models import Evenement, Notification
from comptes.roles import Role
from comptes.tests.factories import habilitation
from instruction.models import Comite
from pilotage.models import EnvoiProgramme
from structures.tests.factories import StructureFactory

from .factories import convention_signee


def lancer(nom, *args) -> str:
    sortie = StringIO()
    call_command(nom, *args, stdout=sortie)
    return sortie.getvalue()


@pytest.fixture
def situation(db):
    """A silent advisor, a convention ending in two months, a late report: one of each."""
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(nom="Médiathèque de Pessac")
    gestionnaire = habilitation(Role.STRUCTURE, structure=structure).utilisateur
    convention_signee(
        structure, debut=aujourd_hui - timedelta(days=300), fin=aujourd_hui + timedelta(days=60)
    )
    h = habilitation(Role.CONSEILLER, structure=structure)
    h.cree_le = timezone.now() - timedelta(days=200)
    h.save()
    return {"structure": structure, "gestionnaire": gestionnaire, "conseiller": h.utilisateur}


@pytest.mark.django_db
def test_envoi_quotidien_deux_fois_n_envoie_qu_une_fois(situation, courriels):
    simulation = lancer("pilotage_quotidien")
    assert "Simulation" in simulation
    assert EnvoiProgramme.objects.count() == 0

    with courriels.envoi():
        lancer("pilotage_quotidien", "--execute")
    sujets = sorted(m.subject for m in courriels.outbox)
    assert "[Conseiller numérique] Aucun compte rendu d’activité depuis deux mois" in sujets
    assert "[Conseiller numérique] Votre convention se termine bientôt" in sujets
    assert any("Rapport en retard" in s for s in sujets)
    premier = len(courriels.outbox)
    [sans_cra] = [m for m in courriels.outbox if "deux mois" in m.subject]
    assert set(sans_cra.to) == {situation["conseiller"].email, situation["gestionnaire"].email}
    assert Notification.objects.filter(destinataire=situation["gestionnaire"]).count() >= 3
    notifications = Notification.objects.count()

    with courriels.envoi():
        sortie = lancer("pilotage_quotidien", "--execute")
    assert "0 envoi(s) fait(s)" in sortie
    assert len(courriels.outbox) == premier
    assert Notification.objects.count() == notifications
    assert "0 envoi(s) à faire" in lancer("pilotage_quotidien")


@pytest.mark.django_db
def test_les_courriels_portent_la_mention_obligatoire_en_texte_et_html(situation, courriels):
    with courriels.envoi():
        lancer("pilotage_quotidien", "--execute")
    message = courriels.outbox[0]
    mention = "Opération soutenue par l’État dans le cadre du dispositif Conseiller numérique"
    assert mention in message.body
    [(html, type_)] = message.alternatives
    assert type_ == "text/html" and mention in html


@pytest.mark.django_db
def test_purge_rgpd_des_candidats_inactifs(courriels):
    vieux = timezone.now() - timedelta(days=800)
    inactif = CandidatFactory()
    actif = CandidatFactory()
    Candidat.objects.filter(pk=inactif.pk).update(cree_le=vieux, modifie_le=vieux)
    assert "1 candidat(s) à anonymiser" in lancer("purger_candidats")
    with courriels.envoi():
        lancer("purger_candidats", "--execute")
    inactif.refresh_from_db()
    inactif.utilisateur.refresh_from_db()
    assert inactif.supprime_le is not None and inactif.motivation == ""
    assert inactif.get_motif_suppression_display() == (
        "Suppression automatique après inactivité (RGPD)"
    )
    assert inactif.utilisateur.email.endswith("anonyme.invalid")
    actif.refresh_from_db()
    assert actif.supprime_le is None
    assert Evenement.objects.filter(action="candidat.purge_rgpd").count() == 1
    envoyes = len(courriels.outbox)
    with courriels.envoi():
        assert "0 candidat(s) anonymisé(s)" in lancer("purger_candidats", "--execute")
    assert len(courriels.outbox) == envoyes


@pytest.mark.django_db
def test_preparer_comite_une_seule_fois():
    assert "À ouvrir" in lancer("preparer_comite")
    assert Comite.objects.count() == 0
    lancer("preparer_comite", "--execute")
    lancer("preparer_comite", "--execute")
    assert Comite.objects.count() == 1


@pytest.mark.django_db
def test_verifier_agregats_detecte_un_ecart():
    from activite.models import AgregatTerritoireMois

    assert "conformes" in lancer("verifier_agregats")
    AgregatTerritoireMois.objects.create(
        mois=timezone.localdate().replace(day=1), departement="33", type="individuel", activites=3
    )
    with pytest.raises(SystemExit):
        lancer("verifier_agregats")
    lancer("verifier_agregats", "--reparer")
    assert "conformes" in lancer("verifier_agregats")


@pytest.mark.django_db
def test_date_invalide():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Date invalide"):
        lancer("pilotage_quotidien", "--date", "hier")
