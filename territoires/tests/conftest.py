import time

import pytest

from territoires.chargement import charger_fichier
from territoires.models import Commune, Departement, Region


@pytest.fixture(scope="module")
def territoires_reels(django_db_setup, django_db_blocker):
    """The real shipped file, loaded (committed) once per test module, removed afterwards.

    Module scope: if xdist interleaves another module's tests, pytest tears this fixture
    down and sets it up again, so a flush by a transactional test cannot leave it empty.
    """
    with django_db_blocker.unblock():
        debut = time.perf_counter()
        rapport = charger_fichier()
        rapport.duree = time.perf_counter() - debut
    yield rapport
    with django_db_blocker.unblock():
        Commune.objects.all().delete()
        Departement.objects.all().delete()
        Region.objects.all().delete()
