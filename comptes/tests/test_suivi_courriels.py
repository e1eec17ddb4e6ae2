"""A real mail provider (Brevo through django-anymail): sending through its API (a local
HTTP server stands in for Brevo's), and its webhook reporting bounces and complaints.

Issue 19: « an address that bounces is flagged on the person's record and in the agents'
lists, and the sender of an invitation is told ». The payloads have the shape of Brevo's
transactional webhooks (event, email, id, date, ts, message-id, ts_event, subject, tags,
reason, ts_epoch).
"""

import base64
import json

import pytest
from django.urls import reverse

from comptes import services
from comptes.models import AdresseEnEchec, Evenement, Notification
from comptes.roles import Role
from comptes.tests.factories import habilitation
from territoires.tests.factories import DepartementFactory

URL = reverse("comptes:suivi_brevo")
SECRET = "brevo:cle-partagee-de-test"


def evenement(event: str, email: str, **autres) -> dict:
    return {
        "event": event,
        "email": email,
        "id": 412345,
        "date": "2026-12-04 10:15:02",
        "ts": 1796382902,
        "message-id": "<202612041015.12345678901@smtp-relay.mailin.fr>",
        "ts_event": 1796382902,
        "subject": "[Conseiller numérique] Vous êtes invité sur la plateforme Conseiller numérique",
        "sending_ip": "185.41.28.109",
        "tags": [],
        "ts_epoch": 1796382902000,
        **autres,
    }


def poster(client, charge, secret=SECRET):
    entetes = {}
    if secret:
        entetes["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(secret.encode()).decode()
    return client.post(URL, json.dumps(charge), content_type="application/json", **entetes)


@pytest.fixture
def webhook(settings):
    settings.ANYMAIL = {**settings.ANYMAIL, "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def invitation(db):
    anct = habilitation(Role.ANCT).utilisateur
    return services.inviter(
        par=anct,
        email="agent.introuvable@prefecture.gouv.fr",
        role=Role.PREFECTURE,
        portee={"departement": DepartementFactory()},
    )


@pytest.mark.django_db
def test_rebond_signale_l_adresse_et_previent_l_auteur_de_l_invitation(client, webhook, invitation):
    charge = evenement(
        "hard_bounce",
        "Agent.Introuvable@prefecture.gouv.fr",
        reason="550 5.1.1 <agent.introuvable@prefecture.gouv.fr>: Recipient address rejected",
    )
    assert poster(client, charge).status_code == 200
    adresse = AdresseEnEchec.objects.get()
    assert adresse.email == "agent.introuvable@prefecture.gouv.fr"
    assert adresse.motif == AdresseEnEchec.Motif.REBOND
    assert "Recipient address rejected" in adresse.detail
    notification = Notification.objects.get(destinataire=invitation.invite_par)
    assert notification.titre == (
        "Votre invitation à agent.introuvable@prefecture.gouv.fr n’a pas pu être remise"
    )
    assert Evenement.objects.filter(action="courriel.echec")
    # The same bounce reported twice tells the sender once.
    poster(client, charge)
    assert Notification.objects.filter(destinataire=invitation.invite_par).count() == 1
    # The ANCT sees it in the list of invitations.
    client.force_login(invitation.invite_par)
    page = client.get(reverse("comptes:invitations"))
    assert "Courriel en échec" in page.text
    assert "adresse introuvable (rebond)" in page.text


@pytest.mark.django_db
def test_plainte_signalee(client, webhook):
    h = habilitation(Role.STRUCTURE)
    assert poster(client, evenement("spam", h.utilisateur.email)).status_code == 200
    assert AdresseEnEchec.objects.get().motif == AdresseEnEchec.Motif.PLAINTE
    # The structure's managers page shows it next to the address.
    client.force_login(h.utilisateur)
    assert "signalé comme indésirable" in client.get(reverse("comptes:gestionnaires")).text


@pytest.mark.django_db
def test_rebond_temporaire_ne_change_rien(client, webhook, invitation):
    assert poster(client, evenement("soft_bounce", invitation.email)).status_code == 200
    assert not AdresseEnEchec.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_remise_reussie_retablit_l_adresse(client, webhook, invitation):
    poster(client, evenement("hard_bounce", invitation.email))
    assert AdresseEnEchec.objects.exists()
    poster(client, evenement("delivered", invitation.email))
    assert not AdresseEnEchec.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("secret", [None, "brevo:mauvais-mot-de-passe"])
def test_webhook_non_authentifie_refuse_sans_rien_changer(client, webhook, invitation, secret):
    reponse = poster(client, evenement("hard_bounce", invitation.email), secret=secret)
    assert reponse.status_code in (400, 401, 403)
    assert not AdresseEnEchec.objects.exists()


@pytest.mark.django_db
def test_sans_secret_le_webhook_n_existe_pas(client, invitation):
    reponse = poster(client, evenement("hard_bounce", invitation.email))
    assert reponse.status_code == 404
    assert not AdresseEnEchec.objects.exists()


@pytest.mark.django_db
def test_envoi_par_l_api_brevo(httpserver, settings, courriels):
    """COURRIEL_FOURNISSEUR=brevo: the invitation goes out through Brevo's HTTP API."""
    settings.EMAIL_BACKEND = "anymail.backends.brevo.EmailBackend"
    settings.ANYMAIL = {
        "BREVO_API_KEY": "cle-api-test",
        "BREVO_API_URL": httpserver.url_for("/v3/"),
    }
    httpserver.expect_request(
        "/v3/smtp/email", method="POST", headers={"api-key": "cle-api-test"}
    ).respond_with_json({"messageId": "<202612041015.1@smtp-relay.mailin.fr>"}, status=201)
    anct = habilitation(Role.ANCT).utilisateur
    with courriels.envoi():
        services.inviter(
            par=anct,
            email="nouvel.agent@prefecture.gouv.fr",
            role=Role.PREFECTURE,
            portee={"departement": DepartementFactory()},
        )
    (requete, _), *_ = httpserver.log
    corps = json.loads(requete.data)
    assert corps["to"] == [{"email": "nouvel.agent@prefecture.gouv.fr"}]
    assert corps["subject"].startswith("[Conseiller numérique] Vous êtes invité")
    assert "htmlContent" in corps and "textContent" in corps
