import pytest


@pytest.fixture(autouse=True)
def stockage_temporaire(settings, tmp_path):
    """CVs are written to a temporary folder, one per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def hachage_rapide(settings):
    """Argon2 is slow on purpose; these tests create many accounts and do not test hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fichiers_cv(stockage_temporaire):
    """The CV files currently in storage."""

    def lister():
        dossier = stockage_temporaire / "prive" / "candidats" / "cv"
        return sorted(p.name for p in dossier.iterdir()) if dossier.exists() else []

    return lister
