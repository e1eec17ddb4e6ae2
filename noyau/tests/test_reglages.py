from django.core.checks import run_checks
from django.test import RequestFactory

from public.views import erreur_500


def test_check_deploy_signale_une_cle_secrete_locale(settings):
    settings.SECRET_KEY_FROM_ENV = False
    ids = {m.id for m in run_checks(include_deployment_checks=True)}
    assert "conum.W001" in ids
    settings.SECRET_KEY_FROM_ENV = True
    assert "conum.W001" not in {m.id for m in run_checks(include_deployment_checks=True)}


def test_reglages_de_production_surs_par_defaut(settings):
    # The test run does not set DEBUG, SECURE_COOKIES nor SECURE_HSTS_SECONDS.
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31536000


def test_en_tetes_de_securite(client, db):
    reponse = client.get("/")
    csp = reponse["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "frame-ancestors 'none'" in csp
    # The DSFR scripts carry the nonce of this response.
    nonce = csp.split("'nonce-", 1)[1].split("'", 1)[0]
    assert f'nonce="{nonce}"' in reponse.text
    assert reponse["X-Frame-Options"] == "DENY"


def test_page_500_sans_base_de_donnees():
    reponse = erreur_500(RequestFactory().get("/"))
    assert reponse.status_code == 500
    assert "Erreur inattendue" in reponse.content.decode()
