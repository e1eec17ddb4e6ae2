import pytest


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    """These tests create many accounts and do not test password hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
