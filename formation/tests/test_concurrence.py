"""Concurrent requests on PostgreSQL: a session never takes more learners than its places,
and a recruitment validated twice at once gives one learner."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from comptes.services import ActionImpossible
from formation import rules as R
from formation import services
from formation.models import Apprenant, Session

from .factories import (
    OrganismeFormationFactory,
    apprenant_positionne,
    centre,
    inscrits,
    recrutement_finalise,
    session,
)


def _en_parallele(*actions):
    barriere = threading.Barrier(len(actions))
    erreurs = []

    def lancer(action):
        try:
            barriere.wait()
            action()
        except Exception as erreur:
            erreurs.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=lancer, args=(a,)) for a in actions]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    return erreurs


@pytest.mark.django_db(transaction=True)
def test_deux_inscriptions_simultanees_sur_la_derniere_place():
    organisme = OrganismeFormationFactory()
    s = session(organisme, capacite=1)
    a, b = apprenant_positionne(organisme), apprenant_positionne(organisme)
    erreurs = _en_parallele(
        lambda: services.inscrire(a.pk, s.pk, scope=organisme.pk),
        lambda: services.inscrire(b.pk, s.pk, scope=organisme.pk),
    )
    assert len(erreurs) == 1 and isinstance(erreurs[0], ActionImpossible)
    assert "complète" in str(erreurs[0])
    assert Apprenant.objects.filter(session=s, etat=R.INSCRIT).count() == 1


@pytest.mark.django_db(transaction=True)
def test_deux_rattachements_simultanes_font_un_seul_apprenant():
    OrganismeFormationFactory(departements=["69"])
    mer = recrutement_finalise()
    erreurs = _en_parallele(lambda: services.rattacher(mer), lambda: services.rattacher(mer))
    assert erreurs == []
    assert Apprenant.objects.filter(mise_en_relation=mer).count() == 1


@pytest.mark.django_db(transaction=True)
def test_deux_ouvertures_simultanees_du_meme_jour_comptent_ensemble():
    """5 + 3 advisors start the same day in the same centre: both sessions open in person,
    whichever opens first, and the day's locks do not deadlock."""
    organisme = OrganismeFormationFactory()
    lyon = centre(organisme)
    jour = timezone.localdate() + timedelta(days=5)
    s1 = session(organisme, centre=lyon, debut=jour)
    s2 = session(organisme, centre=lyon, debut=jour, parcours="2024_175")
    inscrits(organisme, s1, 5)
    inscrits(organisme, s2, 3)
    erreurs = _en_parallele(
        lambda: services.ouvrir_session(s1.pk, scope=organisme.pk, notifier=False),
        lambda: services.ouvrir_session(s2.pk, scope=organisme.pk, notifier=False),
    )
    assert erreurs == []
    assert set(Session.objects.values_list("mode", flat=True)) == {R.PRESENTIEL}
