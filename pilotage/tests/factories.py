"""Generated data for the steering tests: a few départements, structures with signed
conventions and posts in every state, advisors whose reports end at varied dates (so each
reporting group is populated), created through the activity services (rollups included).

jeu = generer(graine=7)   # dict: départements, structures, advisors, habilitations
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from activite import services as activite
from activite.tests.factories import LieuFactory, donnees_individuel
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import EtatPoste, StatutConvention
from conventions.models import Convention, Poste
from structures.choix import StatutStructure
from structures.tests.factories import ReseauFactory, StructureFactory
from territoires.models import CalculCibles, Cible
from territoires.tests.factories import CommuneFactory, DepartementFactory, RegionFactory


def convention_signee(structure, *, debut, fin=None, postes=(EtatPoste.VACANT,)):
    convention = Convention.objects.create(
        structure=structure,
        statut=StatutConvention.SIGNEE,
        date_decision=debut - timedelta(days=20),
        date_signature=debut,
        date_debut=debut,
        date_fin=fin,
    )
    for etat in postes:
        Poste.objects.create(
            convention=convention,
            structure=structure,
            etat=etat,
            date_attribution=debut,
            recruter_avant=debut + timedelta(days=90),
            date_rendu=debut + timedelta(days=100) if etat == EtatPoste.RENDU else None,
        )
    return convention


def generer(graine: int = 7) -> dict:
    rng = random.Random(graine)
    aujourd_hui = timezone.localdate()
    region = RegionFactory(code="75", nom="Nouvelle-Aquitaine")
    autre_region = RegionFactory(code="84", nom="Auvergne-Rhône-Alpes")
    departements = [
        DepartementFactory(code="33", nom="Gironde", region=region),
        DepartementFactory(code="24", nom="Dordogne", region=region),
        DepartementFactory(code="69", nom="Rhône", region=autre_region),
    ]
    calcul = CalculCibles.objects.create(
        total_national=100,
        poids_equite="0.3",
        poids_demographie="0.4",
        poids_vulnerabilite="0.3",
        poids_pauvrete="0.4",
        poids_chomage="0.3",
        poids_non_couverture="0.3",
    )
    reseau = ReseauFactory(nom="Réseau national")
    structures, conseillers = [], []
    # Last report offsets (days ago) that cover every group; None: never reported.
    decalages = [1, 10, 29, 45, 70, 200, 400, None]
    for d in departements:
        Cible.objects.create(
            calcul=calcul,
            departement=d,
            valeur=rng.randint(2, 9),
            indice_vulnerabilite=0.5,
            part_equite=0.3,
            part_demographie=0.4,
            part_vulnerabilite=0.3,
        )
        commune = CommuneFactory(departement=d)
        for _ in range(rng.randint(2, 3)):
            structure = StructureFactory(
                departement=d,
                commune=commune,
                statut=StatutStructure.VALIDATION_COSELEC,
                reseau=reseau if rng.random() < 0.5 else None,
            )
            etats = [rng.choice(list(EtatPoste.values)) for _ in range(rng.randint(1, 4))]
            convention_signee(
                structure, debut=aujourd_hui - timedelta(days=rng.randint(100, 700)), postes=etats
            )
            structures.append(structure)
            for _ in range(rng.randint(1, 3)):
                h = habilitation(Role.CONSEILLER, structure=structure)
                h.cree_le = timezone.now() - timedelta(days=500)
                h.save(update_fields=["cree_le"])
                conseiller = h.utilisateur
                decalage = rng.choice(decalages)
                if decalage is not None:
                    lieu = LieuFactory(conseiller=conseiller, commune=commune)
                    for k in range(rng.randint(1, 3)):
                        activite.creer_activite(
                            conseiller,
                            donnees_individuel(
                                lieu=lieu, date=aujourd_hui - timedelta(days=decalage + 3 * k)
                            ),
                        )
                elif rng.random() < 0.5:
                    conseiller.last_login = timezone.now()
                    conseiller.save(update_fields=["last_login"])
                conseillers.append(conseiller)
    return {
        "departements": departements,
        "structures": structures,
        "conseillers": conseillers,
        "reseau": reseau,
        "aujourd_hui": aujourd_hui,
    }
