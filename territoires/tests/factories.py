"""factory_boy factories for the reference data, for this app's and other apps' tests.

    from territoires.tests.factories import CommuneFactory
    commune = CommuneFactory(departement__code="75", nom="Paris")

Régions and départements are fetched by code when they exist (django_get_or_create), so
two communes built with ``departement__code="75"`` share one département.
"""

import factory

from territoires.models import Commune, Departement, Region


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n % 100:02d}")
    nom = factory.LazyAttribute(lambda o: f"Région {o.code}")


class DepartementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 95 + 1:02d}")
    nom = factory.LazyAttribute(lambda o: f"Département {o.code}")
    region = factory.SubFactory(RegionFactory)
    type = Departement.Type.DEPARTEMENT
    outre_mer = False
    population = 0
    chef_lieu = ""


def _code_insee(commune, n: int) -> str:
    departement = commune.departement.code
    chiffres = 5 - len(departement)
    return f"{departement}{n % 10**chiffres:0{chiffres}d}"


def _code_postal(commune) -> str:
    departement = commune.departement.code
    prefixe = "20" if departement in ("2A", "2B") else departement
    return f"{prefixe}{commune.code_insee[-3:]}"[:5].ljust(5, "0")


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code_insee",)

    departement = factory.SubFactory(DepartementFactory)
    code_insee = factory.LazyAttributeSequence(_code_insee)
    nom = factory.Sequence(lambda n: f"Commune {n}")
    codes_postaux = factory.LazyAttribute(lambda o: [_code_postal(o)])
    population = 1000
    latitude = 48.8566
    longitude = 2.3522
