"""An agent logs in with ProConnect in Chromium, through the local OIDC provider, and out.

The ``proconnect`` fixture (tests/integrations/oidc.py) starts a real OIDC provider process
on loopback and points the platform's settings at it; journeys use it the same way."""

import pytest

from comptes.roles import Role
from comptes.tests.factories import habilitation
from tests.navigateur.fixtures import violations_graves

pytestmark = [pytest.mark.navigateur, pytest.mark.django_db(transaction=True)]


def _erreurs_console(page, origine):
    """Console errors on the platform's pages (the provider's own pages load a CDN style
    sheet that this offline machine cannot reach: not ours to judge)."""
    erreurs = []

    def noter(texte):
        if page.url.startswith(origine):
            erreurs.append(texte)

    page.on("console", lambda m: noter(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: noter(str(e)))
    return erreurs


@pytest.mark.parametrize("ecran", ["page", "page_mobile"])
def test_agent_connecte_par_proconnect_puis_deconnecte(request, ecran, proconnect, live_server):
    page = request.getfixturevalue(ecran)
    erreurs = _erreurs_console(page, live_server.url)
    agent = habilitation(Role.PREFECTURE).utilisateur
    proconnect.definir("agent-navigateur", email=agent.email, email_verified=True)

    page.goto("/comptes/connexion/")
    assert violations_graves(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    page.screenshot(path=f"/tmp/proconnect_connexion_{ecran}.png", full_page=True)
    page.get_by_role("link", name="S’identifier avec ProConnect").click()
    # At the provider: pick the identity.
    page.get_by_placeholder("Subject").fill("agent-navigateur")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url("**/pilotage/")
    assert page.locator("h1").is_visible()

    page.goto("/comptes/connexion/")  # an authenticated user is sent to their space
    page.wait_for_url("**/pilotage/")
    page.evaluate("document.querySelector('form[action$=\"/deconnexion/\"]').submit()")
    page.wait_for_url(f"{proconnect.url}/oauth2/end_session**")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/?state=*")
    page.goto("/comptes/connexion/")
    assert page.get_by_role("link", name="S’identifier avec ProConnect").is_visible()
    assert erreurs == []


def test_identite_inconnue_page_claire(page, proconnect, live_server):
    erreurs = _erreurs_console(page, live_server.url)
    proconnect.definir("inconnu", email="inconnu@ailleurs.gouv.fr", email_verified=True)
    page.goto("/comptes/proconnect/")
    page.get_by_placeholder("Subject").fill("inconnu")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url("**/comptes/proconnect/retour/**")
    assert page.locator("h1").inner_text() == "Aucun rôle ne vous est attribué"
    assert violations_graves(page) == []
    page.screenshot(path="/tmp/proconnect_refus.png")
    # Console: the 403 of the page itself is reported by Chromium as a resource error.
    assert [e for e in erreurs if "403" not in e] == []
