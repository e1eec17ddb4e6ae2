"""Acceptance: on generated data, "filled / allocated" per structure and per département is
exactly what the contracts and conventions say."""

import random
from collections import Counter

import pytest
from django.db import transaction
from django.utils import timezone

from conventions.choix import STATUTS_EN_COURS, EtatPoste, StatutConvention, TypePoste
from conventions.models import Contrat, Convention, Poste
from conventions.selectors import avec_postes, postes_de_structure, postes_par_departement
from conventions.services import Attributions
from recrutement import services as recrutement
from recrutement.tests.factories import ajouter_postes, gestionnaire, structure_avec_postes
from structures.models import Structure
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .factories import il_y_a, recrutement_finalise

PASSE = {"date_debut": il_y_a(60), "fiche_publiee_le": il_y_a(100)}


def recalcul():
    """From the contracts and conventions only, never from the post's state."""
    attribues, occupes = Counter(), Counter()
    for p in Poste.objects.select_related("convention", "structure"):
        if p.convention.statut in STATUTS_EN_COURS and p.etat != EtatPoste.RENDU:
            attribues[p.structure_id] += 1
    for c in Contrat.objects.en_cours():
        occupes[c.structure_id] += 1
    return attribues, occupes


@pytest.mark.django_db
@pytest.mark.parametrize("graine", [1, 2])
def test_occupes_sur_attribues_egal_contrats_et_conventions(graine):
    hasard = random.Random(graine)
    departements = [DepartementFactory(code=c) for c in ("33", "47", "974")]
    structures = []
    for i in range(6):
        commune = CommuneFactory(departement=departements[i % 3])
        s = structure_avec_postes(commune, postes=hasard.randint(1, 3))
        gestionnaire(s)
        structures.append(s)
    for s in structures:
        for _ in range(hasard.randint(0, Poste.objects.filter(structure=s).count())):
            mer = recrutement_finalise(s, **PASSE)
            sort = hasard.random()
            if sort < 0.25:
                recrutement.declarer_rupture(mer.pk, date_rupture=il_y_a(1), motif="demission")
                recrutement.valider_rupture(mer.pk)
            elif sort < 0.4:
                recrutement.declarer_rupture(mer.pk, date_rupture=il_y_a(1), motif="licenciement")
    # Some structures return their vacant posts, one convention ends, one gets an amendment.
    for s in structures:
        vacants = Poste.objects.filter(structure=s, etat=EtatPoste.VACANT).count()
        if vacants and hasard.random() < 0.5:
            with transaction.atomic():
                a = Attributions([s.pk])
                total = a.nombre(s.pk, TypePoste.CONSEILLER) - 1
                a.fixer(
                    s,
                    TypePoste.CONSEILLER,
                    total,
                    date_decision=timezone.localdate(),
                    recruter_avant=timezone.localdate(),
                )
                a.enregistrer()
    ajouter_postes(structures[0], 2)
    fin = structures[-1]
    if not Contrat.objects.en_cours().filter(structure=fin).exists():
        Convention.objects.filter(structure=fin, statut__in=STATUTS_EN_COURS).update(
            statut=StatutConvention.TERMINEE, date_fin=timezone.localdate()
        )

    attribues, occupes = recalcul()
    for s in avec_postes(Structure.objects.all()):
        assert (s.postes_occupes, s.postes_attribues) == (occupes[s.pk], attribues[s.pk]), s
        compte = postes_de_structure(s)
        assert (compte["occupes"], compte["attribues"]) == (occupes[s.pk], attribues[s.pk])
    par_departement = postes_par_departement()
    for d in departements:
        ids = [s.pk for s in structures if s.departement_id == d.code]
        attendu = {
            "attribues": sum(attribues[i] for i in ids),
            "occupes": sum(occupes[i] for i in ids),
        }
        assert par_departement.get(d.code, {"attribues": 0, "occupes": 0}) == attendu
    # Never "1/0": a filled post is always an allocated one.
    assert all(occupes[i] <= attribues[i] for i in occupes)
    assert sum(occupes.values()) > 0
