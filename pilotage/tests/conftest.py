import pytest

from .factories import generer


@pytest.fixture
def jeu(db):
    return generer(graine=7)
