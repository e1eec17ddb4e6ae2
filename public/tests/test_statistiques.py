"""The national key figures page: posts, advisors in post, accompaniments."""

from django.urls import reverse

from activite import services
from activite.tests.factories import donnees_collectif

from .conftest import lieu_public


def test_chiffres_cles(client, gironde):
    lieu = lieu_public(gironde["bordeaux"])
    services.creer_activite(lieu.conseiller, donnees_collectif(participants=9, lieu=lieu))
    contenu = client.get(reverse("public:statistiques")).content.decode()
    assert (
        '<p class="fr-h2 fr-mb-1w">9</p><h2 class="fr-tile__title fr-text--md">Accompagnements'
        in contenu
    )
    assert (
        '<p class="fr-h2 fr-mb-1w">1</p><h2 class="fr-tile__title fr-text--md">Conseillers en poste'
        in contenu
    )
    assert reverse("activite:statistiques_publiques") in contenu
