"""Each scope sees exactly its own statistics, and the rollups give the same page as a
plain aggregate over the raw reports, for every scope and filter."""

from datetime import date, timedelta

import pytest
import time_machine

from comptes.models import MembreEquipe
from comptes.roles import Role
from comptes.tests.factories import HabilitationFactory, habilitation
from structures.tests.factories import ReseauFactory, StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory, RegionFactory

from .. import services
from ..choix import Genre, Thematique, TypeLieu
from ..statistiques import Filtres, SourceBrute, calculer, portee_pour
from .factories import (
    BeneficiaireFactory,
    LieuFactory,
    conseiller_numerique,
    donnees_collectif,
    donnees_individuel,
)

AUJOURD_HUI = date(2026, 3, 20)


@pytest.fixture
def territoire(db):
    """Gironde (33, région A) and Rhône (69, région B), a network, four advisors."""
    with time_machine.travel(AUJOURD_HUI, tick=False):
        region_a, region_b = RegionFactory(code="75"), RegionFactory(code="84")
        gironde = DepartementFactory(code="33", region=region_a)
        rhone = DepartementFactory(code="69", region=region_b)
        bordeaux = CommuneFactory(departement=gironde, code_insee="33063", nom="Bordeaux")
        merignac = CommuneFactory(departement=gironde, code_insee="33281", nom="Mérignac")
        lyon = CommuneFactory(departement=rhone, code_insee="69123", nom="Lyon")
        reseau = ReseauFactory()
        s1 = StructureFactory(departement=gironde, commune=bordeaux, reseau=reseau)
        s2 = StructureFactory(departement=gironde, commune=merignac)
        s3 = StructureFactory(departement=rhone, commune=lyon)
        a = conseiller_numerique(structure=s1)
        b = conseiller_numerique(structure=s2)
        c = conseiller_numerique(structure=s3)
        d = conseiller_numerique(structure=s1)
        lieu_a = LieuFactory(conseiller=a, commune=bordeaux, nom="Médiathèque Mériadeck")
        lieu_b = LieuFactory(conseiller=b, commune=merignac)
        lieu_c = LieuFactory(conseiller=c, commune=lyon)
        jeanne = BeneficiaireFactory(conseiller=a, genre=Genre.FEMININ)

        def cra(conseiller, jours, **kwargs):
            return services.creer_activite(
                conseiller,
                kwargs.pop("donnees")(date=AUJOURD_HUI - timedelta(days=jours), **kwargs),
            )

        # A: 3 individual reports (one with Jeanne twice) + one workshop of 10 (Sécurité).
        cra(a, 100, donnees=donnees_individuel, lieu=lieu_a, beneficiaire=jeanne)
        cra(a, 40, donnees=donnees_individuel, lieu=lieu_a, beneficiaire=jeanne)
        cra(a, 5, donnees=donnees_individuel, lieu=lieu_a)
        cra(a, 20, donnees=donnees_collectif, participants=10, lieu=lieu_a)
        cra(a, 2, donnees=donnees_individuel, lieu=lieu_a, beneficiaire=jeanne)
        # Paul: accompanied in December and in March, never in January or February.
        paul = BeneficiaireFactory(conseiller=a, genre=Genre.MASCULIN)
        cra(a, 100, donnees=donnees_individuel, lieu=lieu_a, beneficiaire=paul)
        cra(a, 2, donnees=donnees_individuel, lieu=lieu_a, beneficiaire=paul)
        # B: 2 individual reports, one at home in Bordeaux, with administrative themes.
        cra(b, 3, donnees=donnees_individuel, lieu=lieu_b)
        cra(
            b,
            70,
            donnees=donnees_individuel,
            type_lieu=TypeLieu.DOMICILE,
            commune=bordeaux,
            thematiques=[Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, Thematique.LOGEMENT],
            precisions_demarche="Demande d’APL",
        )
        # C (Rhône): a workshop of 4 and a remote accompaniment.
        cra(c, 2, donnees=donnees_collectif, participants=4, lieu=lieu_c)
        cra(c, 60, donnees=donnees_individuel, type_lieu=TypeLieu.A_DISTANCE)
        # D: one report, then deleted.
        supprime = cra(d, 1, donnees=donnees_individuel, type_lieu=TypeLieu.AUTRE, commune=lyon)
        services.supprimer_activite(supprime, acteur=d)
        # Coordinator: follows A until 30 days ago, and C from 30 days ago.
        coordination = habilitation(Role.COORDINATEUR, structure=s1)
        MembreEquipe.objects.create(
            coordination=coordination,
            conseiller=a,
            debut=AUJOURD_HUI - timedelta(days=365),
            fin=AUJOURD_HUI - timedelta(days=30),
        )
        MembreEquipe.objects.create(
            coordination=coordination, conseiller=c, debut=AUJOURD_HUI - timedelta(days=30)
        )
        hub = HabilitationFactory(hub=True, departements=[gironde, rhone])
    return {
        "a": a, "b": b, "c": c, "d": d,
        "s1": s1, "s2": s2, "s3": s3, "reseau": reseau,
        "lieu_a": lieu_a, "bordeaux": bordeaux, "lyon": lyon,
        "gironde": gironde, "rhone": rhone, "region_a": region_a,
        "coordination": coordination, "hub": hub, "jeanne": jeanne,
    }  # fmt: skip


def _habilitations(t):
    from comptes.models import Habilitation

    return {
        "conseiller A": Habilitation.objects.get(utilisateur=t["a"], role=Role.CONSEILLER),
        "structure S1": habilitation(Role.STRUCTURE, structure=t["s1"]),
        "coordinateur": t["coordination"],
        "préfecture 33": habilitation(Role.PREFECTURE, departement=t["gironde"]),
        "préfecture région A": HabilitationFactory(role=Role.PREFECTURE, region=t["region_a"]),
        "hub": t["hub"],
        "grand réseau": habilitation(Role.GRAND_RESEAU, reseau=t["reseau"]),
        "anct": habilitation(Role.ANCT),
        "opérateur": habilitation(Role.OPERATEUR),
    }


# (accompaniments, activities, distinct registered beneficiaries) each scope must see.
ATTENDU = {
    "conseiller A": (16, 7, 2),  # 6 individual (Jeanne ×3, Paul ×2) + a workshop of 10
    "structure S1": (16, 7, 2),  # A and D (D's report deleted)
    "coordinateur": (3 + 4, 4, 2),  # A's reports until day -30, C's from day -30
    "préfecture 33": (16 + 2, 9, 2),  # everything done in Gironde
    "préfecture région A": (18, 9, 2),
    "hub": (18 + 5, 11, 2),
    "grand réseau": (16, 7, 2),
    "anct": (23, 11, 2),
    "opérateur": (23, 11, 2),
}


@pytest.mark.django_db
@pytest.mark.parametrize("nom", list(ATTENDU))
def test_chaque_perimetre_voit_exactement_ses_statistiques(territoire, nom):
    h = _habilitations(territoire)[nom]
    with time_machine.travel(AUJOURD_HUI, tick=False):
        s = calculer(portee_pour(h), Filtres(), aujourd_hui=AUJOURD_HUI)
    assert (s.accompagnements, s.activites, s.suivis) == ATTENDU[nom]
    assert s.beneficiaires == s.suivis + s.anonymes


@pytest.mark.django_db
def test_le_coordinateur_ne_voit_un_membre_que_pendant_son_suivi(territoire):
    h = territoire["coordination"]
    s = calculer(portee_pour(h), Filtres(), aujourd_hui=AUJOURD_HUI)
    # A's workshop (day -20) and report of day -5 came after A left the team; C's remote
    # accompaniment (day -60) came before C joined: only C's workshop of 4 is counted.
    assert (s.individuels, s.participants_ateliers, s.ateliers) == (3, 4, 1)
    assert sum(n for _, n in s.par_mois) == 7
    # A filter on A alone keeps the membership bounds.
    a = calculer(
        portee_pour(h),
        Filtres(conseiller_id=territoire["a"].pk),
        aujourd_hui=AUJOURD_HUI,
    )
    assert a.accompagnements == 3


FILTRES = [
    Filtres(),
    Filtres(du=AUJOURD_HUI - timedelta(days=45), au=AUJOURD_HUI - timedelta(days=2)),
    Filtres(du=date(2026, 1, 1), au=date(2026, 2, 28)),
    Filtres(du=date(2026, 2, 10)),
    Filtres(au=date(2026, 2, 10)),
    Filtres(type="collectif"),
    Filtres(thematique=Thematique.EMAIL),
    Filtres(thematique=Thematique.LOGEMENT, du=date(2025, 12, 15)),
    Filtres(departements=frozenset({"33"})),
    Filtres(commune="33063"),
    Filtres(type="individuel", commune="33063", du=date(2026, 1, 1)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("filtres", FILTRES, ids=range(len(FILTRES)))
def test_les_agregats_donnent_la_meme_page_que_les_comptes_rendus_bruts(territoire, filtres):
    for nom, h in _habilitations(territoire).items():
        portee = portee_pour(h)
        rapide = calculer(portee, filtres, aujourd_hui=AUJOURD_HUI)
        brut = calculer(portee, filtres, source_classe=SourceBrute, aujourd_hui=AUJOURD_HUI)
        assert rapide == brut, nom


@pytest.mark.django_db
@pytest.mark.parametrize(
    "du,au,suivis",
    [
        (date(2026, 1, 1), date(2026, 2, 28), 1),  # Jeanne (8 February); not Paul
        (date(2026, 1, 1), date(2026, 1, 31), 0),
        (date(2025, 12, 1), date(2026, 3, 31), 2),
        (date(2026, 3, 18), date(2026, 3, 18), 2),
    ],
)
def test_beneficiaires_suivis_distincts_sur_une_periode(territoire, du, au, suivis):
    for h in (
        habilitation(Role.ANCT),
        habilitation(Role.PREFECTURE, departement=territoire["gironde"]),
    ):
        s = calculer(portee_pour(h), Filtres(du=du, au=au), aujourd_hui=AUJOURD_HUI)
        assert s.suivis == suivis


@pytest.mark.django_db
def test_filtres_par_conseiller_structure_et_lieu(territoire):
    h = habilitation(Role.ANCT)
    portee = portee_pour(h)
    t = territoire
    assert calculer(portee, Filtres(conseiller_id=t["b"].pk)).accompagnements == 2
    assert calculer(portee, Filtres(structure_id=t["s3"].pk)).accompagnements == 5
    lieu = calculer(portee, Filtres(lieu_id=t["lieu_a"].pk))
    assert lieu.accompagnements == 16
    assert lieu.lieux.lignes[0].libelle == "Médiathèque Mériadeck"


@pytest.mark.django_db
def test_repartitions_et_pourcentages(territoire):
    h = habilitation(Role.ANCT)
    s = calculer(portee_pour(h), Filtres(), aujourd_hui=AUJOURD_HUI)
    types = {ligne.cle: (ligne.nombre, ligne.part) for ligne in s.types.lignes}
    assert types == {"individuel": (9, 39.13), "collectif": (14, 60.87)}
    canaux = {ligne.libelle: ligne.nombre for ligne in s.sections[3].lignes}
    assert canaux == {"Lieu d’activité": 21, "Autre lieu": 0, "À domicile": 1, "À distance": 1}
    regions = {ligne.libelle: ligne.nombre for ligne in s.territoires[0].lignes}
    assert regions == {"Région 75": 18, "Région 84": 5}
    # Three decimals as in the reference: 1/3 → 33.333 %.
    demarches = s.sections[1]
    assert [ligne.part for ligne in demarches.lignes if ligne.nombre] == [100.0]
