"""Fixtures of the activity tests. The browser fixtures (``page``, ``page_mobile``) come
from the plugin ``tests.navigateur.fixtures`` that the root conftest loads."""

import pytest


@pytest.fixture(autouse=True)
def _mots_de_passe_rapides(settings):
    """Accounts are created by the dozen here: a fast hasher keeps the tests quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
