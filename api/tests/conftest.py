import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _mots_de_passe_rapides(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _compteurs_de_debit_vides():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
