"""The same report form submitted twice records one report (issue « Hardening »: « A report
saved at the instant the database went away was answered with an error, so its author
resubmits and creates a duplicate. Submitting the same report form twice (double click, or
resubmission after an error) records it once. »)."""

import re
import threading
import uuid

import pytest
from django.db import connection
from django.urls import reverse

from comptes.models import Evenement

from .. import agregats, services
from ..models import Activite, AgregatTerritoireMois
from .factories import LieuFactory, conseiller_numerique, donnees_collectif
from .test_views import _saisie_atelier, gironde, moi  # noqa: F401


def _cle(page: str) -> str:
    return re.search(r'name="cle" value="([^"]+)"', page).group(1)


@pytest.mark.django_db
def test_le_formulaire_envoye_deux_fois_n_enregistre_qu_un_compte_rendu(client, moi):  # noqa: F811
    client.force_login(moi["conseiller"])
    url = reverse("activite:creer", args=["collectif"])
    cle = _cle(client.get(url).text)
    saisie = {**_saisie_atelier(moi["lieu"]), "cle": cle}
    premier = client.post(url, saisie, follow=True)
    assert "Compte rendu enregistré : atelier collectif" in premier.text
    # The author did not see the answer (a timeout, an error page) and sends it again.
    second = client.post(url, saisie, follow=True)
    assert "Ce compte rendu était déjà enregistré" in second.text
    assert Activite.objects.count() == 1
    assert sum(AgregatTerritoireMois.objects.values_list("accompagnements", flat=True)) == 10
    assert Evenement.objects.filter(action="activite.creee").count() == 1
    # A new form is a new report.
    autre = {**saisie, "cle": _cle(client.get(url).text)}
    client.post(url, autre)
    assert Activite.objects.count() == 2


@pytest.mark.django_db
def test_un_formulaire_reaffiche_apres_une_erreur_garde_sa_cle(client, moi):  # noqa: F811
    client.force_login(moi["conseiller"])
    url = reverse("activite:creer", args=["collectif"])
    cle = _cle(client.get(url).text)
    erreur = client.post(url, {**_saisie_atelier(moi["lieu"], date=""), "cle": cle})
    assert erreur.status_code == 200 and _cle(erreur.text) == cle
    client.post(url, {**_saisie_atelier(moi["lieu"]), "cle": cle})
    client.post(url, {**_saisie_atelier(moi["lieu"]), "cle": cle})
    assert Activite.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_deux_envois_simultanes_de_la_meme_cle_font_un_compte_rendu():
    conseiller = conseiller_numerique()
    lieu = LieuFactory(conseiller=conseiller)
    cle = str(uuid.uuid4())
    barriere = threading.Barrier(2)
    resultats, erreurs = [], []

    def envoyer():
        try:
            barriere.wait()
            resultats.append(
                services.creer_activite(
                    conseiller, donnees_collectif(participants=7, lieu=lieu), cle=cle
                )
            )
        except Exception as erreur:
            erreurs.append(erreur)
        finally:
            connection.close()

    fils = [threading.Thread(target=envoyer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert erreurs == []
    assert len({a.pk for a in resultats}) == 1
    assert sorted(a.deja_enregistree for a in resultats) == [False, True]
    assert Activite.objects.count() == 1
    assert AgregatTerritoireMois.objects.get().accompagnements == 7
    maintenus = {t: agregats.lignes_non_nulles(t) for t in agregats.TABLES}
    agregats.recalculer()
    assert maintenus == {t: agregats.lignes_non_nulles(t) for t in agregats.TABLES}


@pytest.mark.django_db
def test_la_cle_est_celle_du_conseiller():
    """Another advisor's report with the same key is another report."""
    cle = str(uuid.uuid4())
    a, b = conseiller_numerique(), conseiller_numerique()
    services.creer_activite(a, donnees_collectif(lieu=LieuFactory(conseiller=a)), cle=cle)
    services.creer_activite(b, donnees_collectif(lieu=LieuFactory(conseiller=b)), cle=cle)
    assert Activite.objects.count() == 2
