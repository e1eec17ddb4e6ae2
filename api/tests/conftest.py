import pytest


@pytest.fixture(autouse=True)
def _mots_de_passe_rapides(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
