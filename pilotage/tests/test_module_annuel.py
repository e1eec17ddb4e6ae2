"""Yearly training module reminders from the daily command (issue 16).

Seed 002, « Formation des conseillers numériques », Cas 2: « Le Conseiller Numérique a déjà
été formé. Il est en formation continue. Obligatoire : 1 MODULE THEMATIQUE / AN »;
coordinators: « MODULE 1 : Incontournables du métier … Obligatoire ».

Reading: the advisor and the structure's managers are reminded once per year missed (the
key names the latest missed year), coordinators once for module 1; the list of late
advisors stays where it was (formation:retards).
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from comptes.roles import Role
from comptes.tests.factories import habilitation
from formation import rules as R
from formation.tests.factories import ApprenantFactory, OrganismeFormationFactory
from pilotage.models import EnvoiProgramme


def _lancer():
    call_command("pilotage_quotidien", "--execute", stdout=StringIO())


@pytest.mark.django_db
@pytest.mark.parametrize(
    "jours_en_poste,rappele",
    [
        (800, True),  # in post for two years, no thematic module: reminded
        (30, False),  # took up the post this year: covered, nothing to remind
    ],
)
def test_rappel_du_module_annuel_une_seule_fois(client, courriels, jours_en_poste, rappele):
    apprenant = ApprenantFactory(
        organisme=OrganismeFormationFactory(),
        etat=R.DISPENSE,
        motif_dispense=R.MOTIF_TITRE_REMN,
        date_prise_poste=timezone.localdate() - timedelta(days=jours_en_poste),
    )
    structure = apprenant.mise_en_relation.structure
    gestionnaire = habilitation(Role.STRUCTURE, structure=structure).utilisateur
    with courriels.envoi():
        _lancer()
    rappels = [m for m in courriels.outbox if "Module annuel" in m.subject]
    if not rappele:
        assert rappels == []
        return
    [rappel] = rappels
    assert set(rappel.to) == {apprenant.utilisateur.email, gestionnaire.email}
    assert "Un module thématique par an est obligatoire" in rappel.body
    assert EnvoiProgramme.objects.filter(cle__startswith="module_annuel:").count() == 1
    # A second run the same day (or the next) sends nothing more.
    with courriels.envoi():
        _lancer()
    assert len([m for m in courriels.outbox if "Module annuel" in m.subject]) == 1
    # What the manager reads in the space: the in-app notice.
    client.force_login(gestionnaire)
    page = client.get("/pilotage/notifications/").content.decode()
    assert "Module annuel de formation continue non suivi" in page
