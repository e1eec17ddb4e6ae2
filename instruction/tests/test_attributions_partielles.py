"""Partial grants, second reading (issue 16), through the services and the committee page.

Seed 002, « Modalités de notification lors des Comités de Sélection », Cas 3: « La demande
de poste n'est ni acceptée ni rejetée. Ex : … le nombre de postes disponibles à la date du
comité est inférieur à la demande → L'ANCT garde la candidature en base pour les Comités de
Sélection suivants ».

Reading: a request is never cut down by the rule; the posts left go on down the priority
order to requests they can serve whole; only an ANCT override with a reason grants part of
a request, and then the rest stays open and is asked again at the next committee.
"""

from datetime import date

import pytest

from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.models import Poste
from instruction import services
from instruction.choix import Resultat, StatutDemande
from instruction.tests.test_comite import cibles, comite, deposer_a, favorable, gironde  # noqa: F401
from structures.tests.factories import StructureFactory

D = StatutDemande


def _ligne(c, demande):
    return next(p for p in services.apercu(c).propositions if p.demande == demande.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "demandes,attendu",
    [
        # (posts asked per request, in filing order) → (outcome, posts granted) each
        ([6], [(Resultat.EN_ATTENTE, 0)]),
        ([5], [(Resultat.ACCEPTEE, 5)]),
        ([6, 2], [(Resultat.EN_ATTENTE, 0), (Resultat.ACCEPTEE, 2)]),
        ([3, 3], [(Resultat.ACCEPTEE, 3), (Resultat.EN_ATTENTE, 0)]),
    ],
)
def test_une_demande_plus_grande_que_les_postes_restants_attend(cibles, demandes, attendu):  # noqa: F811
    """The national total is 5, nothing allocated yet."""
    faites = []
    for n in demandes:
        d = deposer_a(StructureFactory(departement=cibles["33"]), postes=n)
        favorable(d)
        faites.append(d)
    c = comite()
    assert [(_ligne(c, d).resultat, _ligne(c, d).postes_accordes) for d in faites] == attendu
    services.confirmer_comite(c)
    for d, (resultat, postes) in zip(faites, attendu, strict=True):
        d.refresh_from_db()
        assert d.statut == (D.ACCEPTEE if resultat == Resultat.ACCEPTEE else D.AJOURNEE)
        assert Poste.objects.filter(structure=d.structure).count() == postes


@pytest.mark.django_db
def test_derogation_partielle_le_reste_reste_ouvert(client, cibles, courriels):  # noqa: F811
    demande = deposer_a(StructureFactory(departement=cibles["33"]), postes=6)
    favorable(demande)
    anct = habilitation(Role.ANCT)
    client.force_login(anct.utilisateur)
    c1 = comite()
    page = client.get(f"/instruction/comites/{c1.pk}/").content.decode()
    assert "ni acceptée ni rejetée, la demande est gardée pour les comités suivants" in page
    assert "5 postes disponibles pour une demande de 6" in page
    services.deroger(
        c1,
        demande,
        type_poste="conseiller",
        resultat=Resultat.ACCEPTEE,
        postes=5,
        motif="Projet prioritaire du schéma départemental, démarrer avec 5 postes.",
    )
    page = client.get(f"/instruction/comites/{c1.pk}/").content.decode()
    assert "partielle : 1 poste reste ouvert" in page
    assert "1 poste reste demandé pour les comités suivants" in page
    habilitation(Role.STRUCTURE, structure=demande.structure)
    with courriels.envoi():
        services.confirmer_comite(c1)
    assert any("acceptée en partie" in m.subject for m in courriels.outbox)
    demande.refresh_from_db()
    assert demande.statut == D.AJOURNEE  # never silently closed
    assert Poste.objects.filter(structure=demande.structure).count() == 5
    # The next committee asks what is left: 1 post, none available yet.
    c2 = comite(date(2026, 3, 19))
    ligne = _ligne(c2, demande)
    assert (ligne.postes_demandes, ligne.resultat) == (1, Resultat.EN_ATTENTE)
