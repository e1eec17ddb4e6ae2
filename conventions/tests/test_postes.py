"""Conventions and posts: database invariants, allocation and return through Attributions."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from conventions.choix import EtatPoste, StatutConvention, TypePoste
from conventions.models import Convention, Poste
from conventions.selectors import avec_postes, postes_par_departement
from conventions.services import Attributions, PostesOccupes
from instruction.tests.factories import structure_validee
from structures.models import Structure

JOUR = date(2026, 3, 5)


@pytest.mark.django_db
def test_un_poste_rendu_a_sa_date_de_restitution():
    poste = Poste.objects.filter(structure=structure_validee(postes=1)).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Poste.objects.filter(pk=poste.pk).update(etat=EtatPoste.RENDU)
    with pytest.raises(IntegrityError), transaction.atomic():
        Poste.objects.filter(pk=poste.pk).update(date_rendu=JOUR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Poste.objects.filter(pk=poste.pk).update(etat=EtatPoste.RENDU, date_rendu=date(2020, 1, 1))


@pytest.mark.django_db
def test_une_seule_convention_en_cours_par_structure():
    structure = structure_validee(postes=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.create(structure=structure, date_decision=JOUR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Convention.objects.filter(structure=structure).update(statut=StatutConvention.TERMINEE)


@pytest.mark.django_db
def test_un_poste_libre_est_une_requete_simple():
    structure = structure_validee(postes=3, occupes=1)
    assert Poste.objects.libres().filter(structure=structure).count() == 2
    Convention.objects.filter(structure=structure).update(
        statut=StatutConvention.TERMINEE, date_fin=JOUR
    )
    assert not Poste.objects.libres().filter(structure=structure).exists()


@pytest.mark.django_db
def test_attribuer_puis_rendre_seulement_des_postes_vacants():
    structure = structure_validee(postes=2, occupes=1)
    with transaction.atomic():
        a = Attributions([structure.pk])
        ajoutes, _ = a.fixer(
            structure, TypePoste.CONSEILLER, 4, date_decision=JOUR, recruter_avant=JOUR
        )
        a.enregistrer()
    assert len(ajoutes) == 2
    assert Poste.objects.attribues().filter(structure=structure).count() == 4
    assert Convention.objects.get(structure=structure).avenants.get().nombre_postes == 2
    with transaction.atomic():
        a = Attributions([structure.pk])
        with pytest.raises(PostesOccupes, match="un poste doit être vacant pour être rendu"):
            a.fixer(structure, TypePoste.CONSEILLER, 0, date_decision=JOUR, recruter_avant=JOUR)
    with transaction.atomic():
        a = Attributions([structure.pk])
        _, rendus = a.fixer(
            structure, TypePoste.CONSEILLER, 1, date_decision=JOUR, recruter_avant=JOUR
        )
        a.enregistrer()
    assert len(rendus) == 3 and all(p.etat == EtatPoste.RENDU for p in rendus)
    assert Poste.objects.get(structure=structure, etat=EtatPoste.OCCUPE)


@pytest.mark.django_db
def test_occupes_sur_attribues_par_structure_et_par_departement():
    structure = structure_validee(postes=8, occupes=7)
    annotee = avec_postes(Structure.objects.filter(pk=structure.pk)).get()
    assert (annotee.postes_occupes, annotee.postes_attribues) == (7, 8)
    assert postes_par_departement()[structure.departement_id] == {"attribues": 8, "occupes": 7}
