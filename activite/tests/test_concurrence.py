"""Concurrent writes never lose a rollup increment, and a report is deleted only once."""

import threading

import pytest
from django.db import connection

from .. import agregats, services
from ..models import AgregatTerritoireMois, PresenceBeneficiaire
from .factories import (
    BeneficiaireFactory,
    LieuFactory,
    conseiller_numerique,
    donnees_collectif,
    donnees_individuel,
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
def test_deux_comptes_rendus_simultanes_sont_tous_deux_comptes():
    conseiller = conseiller_numerique()
    lieu = LieuFactory(conseiller=conseiller)
    beneficiaire = BeneficiaireFactory(conseiller=conseiller)
    autre = conseiller_numerique()
    lieu_autre = LieuFactory(conseiller=autre, commune=lieu.commune)
    erreurs = _en_parallele(
        lambda: services.creer_activite(conseiller, donnees_collectif(participants=7, lieu=lieu)),
        lambda: services.creer_activite(
            conseiller, donnees_individuel(lieu=lieu, beneficiaire=beneficiaire)
        ),
        lambda: services.creer_activite(autre, donnees_collectif(participants=5, lieu=lieu_autre)),
    )
    assert erreurs == []
    [ligne] = AgregatTerritoireMois.objects.filter(type="collectif")
    assert (ligne.accompagnements, ligne.ateliers) == (12, 2)
    assert PresenceBeneficiaire.objects.get().n == 1
    maintenus = {t: agregats.lignes_non_nulles(t) for t in agregats.TABLES}
    agregats.recalculer()
    assert maintenus == {t: agregats.lignes_non_nulles(t) for t in agregats.TABLES}


@pytest.mark.django_db(transaction=True)
def test_supprimer_deux_fois_en_meme_temps_ne_decompte_qu_une_fois():
    conseiller = conseiller_numerique()
    activite = services.creer_activite(
        conseiller, donnees_collectif(participants=9, lieu=LieuFactory(conseiller=conseiller))
    )
    erreurs = _en_parallele(
        lambda: services.supprimer_activite(activite, acteur=conseiller),
        lambda: services.supprimer_activite(activite, acteur=conseiller),
    )
    assert [str(e) for e in erreurs] == ["Ce compte rendu a été supprimé."]
    assert AgregatTerritoireMois.objects.get().accompagnements == 0
