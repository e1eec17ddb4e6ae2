"""Each alert names its record, links to it and disappears once the cause is solved."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activite import services as activite
from activite.tests.factories import LieuFactory, donnees_individuel
from comptes.acces import perimetre
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import EtatPoste, StatutConvention
from pilotage import alertes
from recrutement import rules as R
from recrutement.tests.factories import MiseEnRelationFactory
from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .factories import convention_signee


@pytest.fixture
def gironde(db):
    return DepartementFactory(code="33", nom="Gironde")


def recrutement(structure, poste, statut=R.RECRUTEE, **kwargs):
    """A recruitment with its complete planned contract (the database requires it)."""
    aujourd_hui = timezone.localdate()
    return MiseEnRelationFactory(
        structure=structure,
        poste=poste,
        statut=statut,
        type_contrat="cdi",
        date_debut_contrat=aujourd_hui - timedelta(days=30),
        salaire_brut_mensuel=1900,
        taille_tenue="L",
        fiche_poste_publiee_le=aujourd_hui - timedelta(days=60),
        validee_le=timezone.now(),
        **kwargs,
    )


def types_de(p, aujourd_hui=None):
    return {
        t: [a.objet for a in liste] for t, liste in alertes.alertes_for_user(p, aujourd_hui).items()
    }


@pytest.mark.django_db
def test_retard_de_recrutement_puis_poste_pourvu(gironde):
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(nom="Mairie de Cenon", departement=gironde)
    convention = convention_signee(structure, debut=aujourd_hui - timedelta(days=200))
    p = perimetre(habilitation(Role.PREFECTURE, departement=gironde))
    [alerte] = alertes.retards_recrutement(p, aujourd_hui)
    assert alerte.objet == "Mairie de Cenon"
    assert alerte.lien == reverse("structures:detail", args=[structure.pk])
    poste = convention.postes.get()
    recrutement(structure, poste)
    assert alertes.retards_recrutement(p, aujourd_hui) == []
    ailleurs = perimetre(habilitation(Role.PREFECTURE, departement=DepartementFactory(code="69")))
    assert types_de(ailleurs)[alertes.RETARD_RECRUTEMENT] == []


@pytest.mark.django_db
def test_fin_de_convention_dans_trois_mois(gironde):
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(departement=gironde)
    convention = convention_signee(
        structure, debut=aujourd_hui - timedelta(days=700), fin=aujourd_hui + timedelta(days=60)
    )
    p = perimetre(habilitation(Role.STRUCTURE, structure=structure))
    [alerte] = alertes.fins_convention(p, aujourd_hui)
    assert alerte.lien == reverse("structures:espace")
    convention.date_fin = aujourd_hui + timedelta(days=400)
    convention.save()
    assert alertes.fins_convention(p, aujourd_hui) == []


@pytest.mark.django_db
def test_anomalie_un_sur_zero_et_recrutement_sur_poste_rendu(gironde):
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(nom="Association 1/0", departement=gironde)
    convention = convention_signee(
        structure, debut=aujourd_hui - timedelta(days=300), postes=[EtatPoste.OCCUPE]
    )
    p = perimetre(habilitation(Role.ANCT))
    assert alertes.anomalies_postes(p, aujourd_hui) == []
    convention.statut = StatutConvention.TERMINEE
    convention.date_fin = aujourd_hui - timedelta(days=1)
    convention.save()
    [anomalie] = alertes.anomalies_postes(p, aujourd_hui)
    assert anomalie.detail == "1 poste occupé pour 0 attribué"  # not « 1 poste(s) » (issue 14)

    rendu = convention_signee(
        StructureFactory(departement=gironde),
        debut=aujourd_hui - timedelta(days=300),
        postes=[EtatPoste.RENDU],
    ).postes.get()
    mer = recrutement(rendu.structure, rendu)
    [contrat] = alertes.contrats_postes_rendus(p, aujourd_hui)
    assert f"Recrutement n° {mer.pk}" in contrat.detail
    mer.statut = R.FINALISEE_RUPTURE
    mer.date_rupture = timezone.localdate()
    mer.motif_rupture = "demission"
    mer.save()
    assert alertes.contrats_postes_rendus(p, aujourd_hui) == []


@pytest.mark.django_db
def test_conseiller_sans_compte_rendu_depuis_deux_mois(gironde):
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(departement=gironde)
    h = habilitation(Role.CONSEILLER, structure=structure)
    h.cree_le = timezone.now() - timedelta(days=300)
    h.save()
    coordination = habilitation(Role.COORDINATEUR)
    coordination.membres.create(conseiller=h.utilisateur)
    p = perimetre(coordination)
    [alerte] = alertes.sans_cra(p, aujourd_hui)
    assert alerte.lien == reverse("pilotage:conseiller", args=[h.utilisateur_id])
    assert "Aucun compte rendu" in alerte.detail
    lieu = LieuFactory(conseiller=h.utilisateur, commune=CommuneFactory(departement=gironde))
    activite.creer_activite(h.utilisateur, donnees_individuel(lieu=lieu, date=aujourd_hui))
    assert alertes.sans_cra(p, aujourd_hui) == []


@pytest.mark.django_db
def test_poste_vacant_depuis_longtemps(gironde):
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(departement=gironde)
    convention = convention_signee(structure, debut=aujourd_hui - timedelta(days=10))
    p = perimetre(habilitation(Role.ANCT))
    assert alertes.postes_vacants(p, aujourd_hui) == []
    plus_tard = aujourd_hui + timedelta(days=alertes.JOURS_POSTE_VACANT + 1)
    assert len(alertes.postes_vacants(p, plus_tard)) == 1
    convention.postes.update(etat=EtatPoste.OCCUPE)
    assert alertes.postes_vacants(p, plus_tard) == []


@pytest.mark.django_db
def test_page_des_alertes_par_role_et_export(client, gironde):
    aujourd_hui = timezone.localdate()
    structure = StructureFactory(nom="Mairie de Lormont", departement=gironde)
    convention_signee(structure, debut=aujourd_hui - timedelta(days=200))
    client.force_login(habilitation(Role.PREFECTURE, departement=gironde).utilisateur)
    reponse = client.get(reverse("pilotage:alertes"))
    assert "Mairie de Lormont" in reponse.text
    export = client.get(reverse("pilotage:alertes"), {"format": "csv"})
    assert "Mairie de Lormont" in b"".join(export.streaming_content).decode("utf-8-sig")
    client.force_login(
        habilitation(Role.PREFECTURE, departement=DepartementFactory(code="69")).utilisateur
    )
    assert "Mairie de Lormont" not in client.get(reverse("pilotage:alertes")).text


@pytest.mark.django_db
def test_les_comptes_du_tableau_egalent_les_listes_d_alertes(jeu):
    from pilotage import obligations
    from pilotage.models import RapportStructure
    from structures.models import Structure

    aujourd_hui = jeu["aujourd_hui"]
    # One report handed in, so that late counts differ from "every period".
    premiere = obligations.obligations(Structure.objects.all(), aujourd_hui)[0]
    RapportStructure.objects.create(
        structure_id=premiere.structure.pk,
        type=premiere.periode.type,
        periode_debut=premiere.periode.debut,
        periode_fin=premiere.periode.fin,
    )
    for role, kwargs in [
        (Role.ANCT, {}),
        (Role.PREFECTURE, {"departement": jeu["departements"][0]}),
        (Role.GRAND_RESEAU, {"reseau": jeu["reseau"]}),
    ]:
        p = perimetre(habilitation(role, **kwargs))
        listes = alertes.alertes_for_user(p, aujourd_hui)
        assert alertes.compter_for_user(p, aujourd_hui) == {t: len(v) for t, v in listes.items()}
    # The SQL walk of the periods equals the Python one (rules.periodes_echues).
    par_structure = {}
    for o in obligations.en_retard(Structure.objects.all(), aujourd_hui):
        par_structure[o.structure.pk] = par_structure.get(o.structure.pk, 0) + 1
    assert {
        r.structure.pk: r.nombre
        for r in obligations.retards_par_structure(Structure.objects.all(), aujourd_hui)
    } == par_structure
    assert par_structure
