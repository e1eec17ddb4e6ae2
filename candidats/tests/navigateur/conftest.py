# The project's browser fixtures (Chromium through Playwright).
from tests.navigateur.conftest import navigateur, page, page_mobile  # noqa: F401
