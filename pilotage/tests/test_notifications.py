"""In-app notifications (own only, marked read) and the e-mail catalogue page (ANCT)."""

import pytest
from django.urls import reverse

from comptes.models import Notification
from comptes.notifications import notifier
from comptes.roles import Role
from comptes.tests.factories import UtilisateurFactory, habilitation


@pytest.mark.django_db
def test_chacun_ne_voit_que_ses_notifications(client):
    moi, autre = UtilisateurFactory(), UtilisateurFactory()
    notifier(moi, "Rapport à déposer", lien=reverse("pilotage:obligations"), cle="a")
    assert notifier(moi, "Rapport à déposer", cle="a") is None  # once per key
    tiers = notifier(autre, "Pas pour vous")
    client.force_login(moi)
    page = client.get(reverse("pilotage:notifications"))
    assert "Rapport à déposer" in page.text and "Pas pour vous" not in page.text
    assert client.post(reverse("pilotage:lire_notification", args=[tiers.pk])).status_code == 404
    [mienne] = Notification.objects.filter(destinataire=moi)
    reponse = client.post(reverse("pilotage:lire_notification", args=[mienne.pk]))
    assert reponse.url == reverse("pilotage:obligations")
    mienne.refresh_from_db()
    assert mienne.lue_le is not None
    tiers.refresh_from_db()
    assert tiers.lue_le is None


@pytest.mark.django_db
def test_catalogue_des_courriels_reserve_a_l_anct(client):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(reverse("pilotage:catalogue"))
    assert "pilotage/courriels/sans_cra" in page.text
    apercu = client.get(reverse("pilotage:apercu_courriel", args=["pilotage/courriels/sans_cra"]))
    assert "Opération soutenue par l’État" in apercu.text
    # The HTML version is shown as its source: rendered, its inline styles broke the CSP.
    source = apercu.text.split("Afficher le code HTML", 1)[1]
    assert "&lt;" in source and 'style="' not in source
    assert client.get(reverse("pilotage:apercu_courriel", args=["../settings"])).status_code == 404
    client.force_login(habilitation(Role.PREFECTURE).utilisateur)
    assert client.get(reverse("pilotage:catalogue")).status_code == 404
