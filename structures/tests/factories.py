import factory

from structures.models import Reseau, Structure
from territoires.tests.factories import DepartementFactory


def _siret(n: int) -> str:
    """A SIRET that passes the Luhn check: 13 digits then the check digit."""
    base = f"{(n * 7919) % 10**13:013d}"
    for chiffre in range(10):
        candidat = base + str(chiffre)
        total = 0
        for i, c in enumerate(reversed(candidat)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return candidat
    raise AssertionError("unreachable")


class ReseauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reseau

    nom = factory.Sequence(lambda n: f"Réseau national {n}")


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    nom = factory.Sequence(lambda n: f"Structure {n}")
    siret = factory.Sequence(_siret)
    departement = factory.SubFactory(DepartementFactory)
