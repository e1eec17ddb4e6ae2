"""Project-wide pytest fixtures."""

import pytest

pytest_plugins = ["tests.navigateur.fixtures", "tests.integrations.oidc"]


@pytest.fixture(autouse=True)
def _taches_immediates(settings):
    """Background tasks run in-process right after the transaction commits."""
    settings.TACHES_IMMEDIATES = True


@pytest.fixture
def courriels(mailoutbox, django_capture_on_commit_callbacks):
    """The e-mails sent so far. E-mails leave after commit: wrap the action in ``envoi()``."""

    class Boite(list):
        def envoi(self):
            return django_capture_on_commit_callbacks(execute=True)

    boite = Boite()
    boite.outbox = mailoutbox
    return boite
