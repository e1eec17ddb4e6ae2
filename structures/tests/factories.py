import factory

from structures.choix import TypeStructure
from structures.models import Reseau, Structure
from territoires.tests.factories import DepartementFactory


def _siret(n: int) -> str:
    """A SIRET that passes the Luhn check: 13 digits then the check digit.

    The SIREN (first 9 digits) gets its own Luhn key too, as ``stdnum.fr.siret`` checks both.
    """
    siren = f"{(n * 7919 + 10**7) % 10**8:08d}"
    siren += _cle(siren)
    nic = f"{n % 10**4:04d}"
    return siren + nic + _cle(siren + nic)


def _cle(chiffres: str) -> str:
    for chiffre in range(10):
        candidat = chiffres + str(chiffre)
        total = 0
        for i, c in enumerate(reversed(candidat)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return str(chiffre)
    raise AssertionError("unreachable")


siret_valide = _siret


class ReseauFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reseau

    nom = factory.Sequence(lambda n: f"Réseau national {n}")


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    nom = factory.Sequence(lambda n: f"Structure {n}")
    siret = factory.Sequence(_siret)
    type = TypeStructure.COMMUNE
    departement = factory.SubFactory(DepartementFactory)
