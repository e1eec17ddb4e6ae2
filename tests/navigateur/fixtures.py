"""Browser tests: Debian's Chromium driven by Playwright, one browser per xdist worker.

A pytest plugin loaded once by the root conftest (``pytest_plugins``): a session fixture
re-exported from several conftests would start Playwright twice in one process, which
its sync API refuses. Any app's tests use ``page`` / ``page_mobile`` directly.
"""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# test itself (factories) are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def navigateur():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez « make test », qui l’installe.")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGUMENTS)
        yield browser
        browser.close()


@pytest.fixture
def page(navigateur, live_server, settings):
    # The live server speaks plain HTTP: secure cookies would never come back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
    contexte = navigateur.new_context(base_url=live_server.url, locale="fr-FR")
    page = contexte.new_page()
    yield page
    contexte.close()


@pytest.fixture
def page_mobile(navigateur, live_server, settings):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    contexte = navigateur.new_context(
        base_url=live_server.url,
        locale="fr-FR",
        viewport={"width": 375, "height": 740},
        is_mobile=True,
    )
    page = contexte.new_page()
    yield page
    contexte.close()


def violations_graves(page) -> list[str]:
    """axe-core (WCAG 2.1 A/AA rules) on the current page: serious and critical issues only."""
    from axe_playwright_python.sync_playwright import Axe

    resultats = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    return [
        f"{v['id']} ({v['impact']}) : {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in resultats.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
