"""Rollups always equal a recomputation from the raw reports (property-based), and the
repair command rebuilds them idempotently."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from structures.tests.factories import StructureFactory
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .. import agregats, services
from ..choix import Genre, Materiel, StatutSocial, Thematique, TrancheAge, TypeLieu
from ..models import Activite, AgregatTerritoireMois
from .factories import (
    BeneficiaireFactory,
    LieuFactory,
    conseiller_numerique,
    donnees_collectif,
    donnees_individuel,
)

THEMES = [t for t in Thematique.values if t != Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES][:8]


@pytest.fixture
def monde(db):
    """Two advisors in two départements, each with two places and two beneficiaries."""
    conseillers, lieux, beneficiaires, communes = [], [], [], []
    for code in ("33", "69"):
        departement = DepartementFactory(code=code)
        commune = CommuneFactory(departement=departement)
        autre = CommuneFactory(departement=departement)
        conseiller = conseiller_numerique(
            structure=StructureFactory(departement=departement, commune=commune)
        )
        conseillers.append(conseiller)
        communes += [commune, autre]
        lieux.append([LieuFactory(conseiller=conseiller, commune=c) for c in (commune, autre)])
        beneficiaires.append(
            [
                BeneficiaireFactory(conseiller=conseiller, annee_naissance=1940),
                BeneficiaireFactory(
                    conseiller=conseiller, annee_naissance=2010, genre=Genre.MASCULIN
                ),
            ]
        )
    return {
        "conseillers": conseillers,
        "lieux": lieux,
        "beneficiaires": beneficiaires,
        "communes": communes,
    }


saisie = st.fixed_dictionaries(
    {
        "collectif": st.booleans(),
        "jours": st.integers(min_value=0, max_value=75),
        "duree": st.sampled_from([15, 29, 30, 59, 60, 90, 120, 240]),
        "lieu": st.sampled_from(["lieu0", "lieu1", "domicile", "distance", "autre"]),
        "themes": st.sets(st.sampled_from(THEMES), min_size=1, max_size=3),
        "administratif": st.booleans(),
        "materiel": st.sets(st.sampled_from(Materiel.values), max_size=2),
        "participants": st.integers(min_value=1, max_value=12),
        "deja": st.integers(min_value=0, max_value=12),
        "beneficiaire": st.sampled_from([None, 0, 1]),
        "genre": st.sampled_from(Genre.values),
        "tranche": st.sampled_from(TrancheAge.values),
        "statut": st.sampled_from(StatutSocial.values),
    }
)

operation = st.one_of(
    st.tuples(st.just("creer"), st.integers(0, 1), saisie),
    st.tuples(st.just("modifier"), st.integers(0, 30), saisie),
    st.tuples(st.just("supprimer"), st.integers(0, 30)),
    st.tuples(
        st.just("modifier_beneficiaire"),
        st.integers(0, 3),
        st.sampled_from([1935, 1990, 2015, None]),
        st.sampled_from(Genre.values),
    ),
    st.tuples(st.just("supprimer_beneficiaire"), st.integers(0, 3)),
)


def _donnees(monde, indice, s):
    conseiller_lieux = monde["lieux"][indice]
    themes = list(s["themes"])
    if s["administratif"]:
        themes += [Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES, Thematique.LOGEMENT]
    commun = {
        "date": timezone.localdate() - timedelta(days=s["jours"]),
        "duree": s["duree"],
        "thematiques": themes,
        "materiel": list(s["materiel"]),
    }
    if s["lieu"].startswith("lieu"):
        commun.update(type_lieu=TypeLieu.LIEU_ACTIVITE, lieu=conseiller_lieux[int(s["lieu"][-1])])
    elif s["lieu"] == "distance":
        commun.update(type_lieu=TypeLieu.A_DISTANCE)
    else:
        commun.update(
            type_lieu=TypeLieu.DOMICILE if s["lieu"] == "domicile" else TypeLieu.AUTRE,
            commune=monde["communes"][indice * 2 + 1],
        )
    if s["collectif"]:
        p = s["participants"]
        genres = dict.fromkeys(Genre.values, 0)
        genres[s["genre"]] = p // 2
        genres[Genre.NON_COMMUNIQUE] += p - p // 2
        tranches = dict.fromkeys(TrancheAge.values, 0)
        tranches[s["tranche"]] = p
        statuts = dict.fromkeys(StatutSocial.values, 0)
        statuts[s["statut"]] = p
        return donnees_collectif(
            participants=p,
            deja_accompagnes=min(s["deja"], p),
            genres=genres,
            tranches=tranches,
            statuts=statuts,
            **commun,
        )
    beneficiaire = None
    if s["beneficiaire"] is not None:
        candidat = monde["beneficiaires"][indice][s["beneficiaire"]]
        candidat.refresh_from_db()
        beneficiaire = None if candidat.supprime_le else candidat
    return donnees_individuel(
        beneficiaire=beneficiaire,
        genre=s["genre"],
        tranche_age=s["tranche"],
        statut_social=s["statut"],
        deja_accompagne=s["deja"] % 2 == 1,
        **commun,
    )


def _executer(monde, operations):
    for op in operations:
        if op[0] == "creer":
            _, indice, s = op
            services.creer_activite(monde["conseillers"][indice], _donnees(monde, indice, s))
            continue
        if op[0] in ("modifier", "supprimer"):
            vivantes = list(Activite.objects.filter(supprime_le__isnull=True).order_by("pk"))
            if not vivantes:
                continue
            activite = vivantes[op[1] % len(vivantes)]
            indice = monde["conseillers"].index(activite.conseiller)
            if op[0] == "supprimer":
                services.supprimer_activite(activite, acteur=activite.conseiller)
            else:
                services.modifier_activite(
                    activite, _donnees(monde, indice, op[2]), acteur=activite.conseiller
                )
            continue
        beneficiaire = monde["beneficiaires"][op[1] // 2][op[1] % 2]
        beneficiaire.refresh_from_db()
        if beneficiaire.supprime_le:
            continue
        if op[0] == "modifier_beneficiaire":
            services.modifier_beneficiaire(beneficiaire, {"annee_naissance": op[2], "genre": op[3]})
        else:
            services.supprimer_beneficiaire(beneficiaire)


def _etat():
    return {table: agregats.lignes_non_nulles(table) for table in agregats.TABLES}


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, min_size=1, max_size=12))
def test_les_agregats_egalent_un_recalcul_apres_toute_sequence(monde, operations):
    with transaction.atomic():
        _executer(monde, operations)
        maintenus = _etat()
        agregats.recalculer()
        recalcules = _etat()
        transaction.set_rollback(True)
    for table in agregats.TABLES:
        assert maintenus[table] == recalcules[table], table


@pytest.mark.django_db
def test_recalculer_statistiques_repare_et_est_idempotent(monde, capsys):
    conseiller = monde["conseillers"][0]
    services.creer_activite(conseiller, donnees_individuel(lieu=monde["lieux"][0][0]))
    services.creer_activite(
        conseiller, donnees_collectif(participants=12, lieu=monde["lieux"][0][1])
    )
    attendu = _etat()
    AgregatTerritoireMois.objects.all().update(accompagnements=999)  # corrupted
    call_command("recalculer_statistiques")
    assert _etat() == attendu
    call_command("recalculer_statistiques")
    assert _etat() == attendu
    assert "Statistiques recalculées" in capsys.readouterr().out
    [ligne] = AgregatTerritoireMois.objects.filter(departement="33", type="collectif")
    assert ligne.accompagnements == 12 and ligne.ateliers == 1
