"""Reports owed by a host structure: due periods, handing in, double submissions, late list."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from comptes.models import Evenement
from comptes.roles import Role
from comptes.tests.factories import habilitation
from pilotage import obligations, rules, services
from pilotage.models import RapportStructure
from structures.models import Structure
from structures.tests.factories import StructureFactory

from .factories import convention_signee


@pytest.fixture
def structure(db):
    s = StructureFactory(nom="CCAS de Talence")
    convention_signee(s, debut=timezone.localdate() - timedelta(days=250))
    return s


def attendues(structure, type_=None):
    return obligations.obligations(
        Structure.objects.filter(pk=structure.pk),
        timezone.localdate(),
        types=[type_] if type_ else None,
    )


@pytest.mark.django_db
def test_periodes_dues_depuis_la_signature(structure):
    par_type = {}
    for o in attendues(structure):
        par_type.setdefault(o.periode.type, []).append(o)
    # 250 days: one half-year and two quarters have ended, no full year yet.
    assert len(par_type[rules.CONDITIONS_ACCUEIL]) == 1
    assert len(par_type[rules.UTILISATION_SUBVENTION]) == 2
    assert rules.RAPPORT_ACTIVITE not in par_type


@pytest.mark.django_db
def test_deposer_le_rapport_semestriel_puis_plus_en_retard(client, structure):
    gestionnaire = habilitation(Role.STRUCTURE, structure=structure).utilisateur
    conseiller = habilitation(Role.CONSEILLER, structure=structure).utilisateur
    [o] = attendues(structure, rules.CONDITIONS_ACCUEIL)
    assert o.statut == "en_retard"
    client.force_login(gestionnaire)
    page = client.get(reverse("pilotage:obligations"))
    assert "En retard" in page.text
    url = reverse("pilotage:deposer", args=[rules.CONDITIONS_ACCUEIL, o.periode.debut.isoformat()])
    erreur = client.post(url, {"materiel_fourni": "oui"})
    assert erreur.status_code == 200
    assert "Ce champ est obligatoire" in erreur.text
    assert RapportStructure.objects.count() == 0
    reponse = client.post(
        url,
        {
            "conseiller": conseiller.pk,
            "materiel_fourni": "oui",
            "frais_deplacement": "non",
            "espace_travail": "oui",
            "commentaire": "Bureau partagé à la médiathèque.",
        },
    )
    assert reponse.status_code == 302
    rapport = RapportStructure.objects.get()
    assert (rapport.materiel_fourni, rapport.frais_deplacement, rapport.conseiller) == (
        True,
        False,
        conseiller,
    )
    assert Evenement.objects.filter(action="pilotage.rapport_depose").count() == 1
    [o] = attendues(structure, rules.CONDITIONS_ACCUEIL)
    assert o.statut == "deposee"
    assert "Déposé le" in client.get(reverse("pilotage:obligations")).text


@pytest.mark.django_db
def test_un_second_depot_est_refuse(structure):
    debut = attendues(structure, rules.UTILISATION_SUBVENTION)[0].periode.debut
    services.deposer_rapport(
        structure, rules.UTILISATION_SUBVENTION, debut, par=None, montant_utilise=Decimal("1200.50")
    )
    with pytest.raises(services.ActionImpossible, match="déjà été déposé"):
        services.deposer_rapport(
            structure, rules.UTILISATION_SUBVENTION, debut, par=None, montant_utilise=Decimal("1")
        )
    with pytest.raises(services.ActionImpossible, match="Aucun rapport"):
        services.deposer_rapport(
            structure,
            rules.UTILISATION_SUBVENTION,
            debut + timedelta(days=1),
            par=None,
            montant_utilise=Decimal("1"),
        )


@pytest.mark.django_db
def test_une_autre_structure_ne_peut_pas_deposer(client, structure):
    autre = StructureFactory()
    client.force_login(habilitation(Role.STRUCTURE, structure=autre).utilisateur)
    [o] = attendues(structure, rules.CONDITIONS_ACCUEIL)
    url = reverse("pilotage:deposer", args=[rules.CONDITIONS_ACCUEIL, o.periode.debut.isoformat()])
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_liste_des_retards_par_perimetre(client, structure):
    client.force_login(habilitation(Role.PREFECTURE, departement=structure.departement).utilisateur)
    reponse = client.get(reverse("pilotage:retards"))
    assert reponse.context["total"] == 3
    assert "CCAS de Talence" in reponse.text
    client.force_login(habilitation(Role.PREFECTURE).utilisateur)
    assert client.get(reverse("pilotage:retards")).context["total"] == 0
    client.force_login(habilitation(Role.STRUCTURE, structure=structure).utilisateur)
    assert client.get(reverse("pilotage:retards")).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_deux_depots_simultanes_un_seul_rapport():
    s = StructureFactory()
    convention_signee(s, debut=timezone.localdate() - timedelta(days=250))
    debut = attendues(s, rules.UTILISATION_SUBVENTION)[0].periode.debut
    barriere = threading.Barrier(2)
    resultats = []

    def deposer():
        try:
            barriere.wait()
            services.deposer_rapport(
                s, rules.UTILISATION_SUBVENTION, debut, par=None, montant_utilise=Decimal("10")
            )
            resultats.append("ok")
        except services.ActionImpossible:
            resultats.append("refus")
        finally:
            connection.close()

    fils = [threading.Thread(target=deposer) for _ in range(2)]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert sorted(resultats) == ["ok", "refus"]
    assert RapportStructure.objects.filter(structure=s).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("debut", ["2024-01-31", "2024-02-29", "2024-08-30", "2025-03-15"])
def test_le_calcul_sql_des_retards_egale_les_periodes_python(debut):
    from datetime import date

    s = StructureFactory()
    convention_signee(s, debut=date.fromisoformat(debut), fin=date(2026, 8, 31))
    qs = Structure.objects.filter(pk=s.pk)
    for jour in (date(2025, 6, 30), date(2026, 1, 31), date(2026, 12, 1)):
        python = obligations.en_retard(qs, jour)
        sql = obligations.retards_par_structure(qs, jour)
        assert sum(r.nombre for r in sql) == len(python)
        if python:
            assert sql[0].plus_ancienne == min(o.periode.echeance for o in python)


@pytest.mark.django_db
def test_l_operateur_suspend_les_paiements_d_une_structure_en_retard(client, structure):
    """The late list leads the operator to the convention, the reason already chosen."""
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    page = client.get(reverse("pilotage:retards")).text
    convention = structure.conventions.get()
    lien = f"{reverse('conventions:convention', args=[convention.pk])}?motif=reporting#suspendre"
    assert f'href="{lien}"' in page
    fiche = client.get(lien.split("#")[0])
    assert fiche.context["form_suspension"]["motif"].value() == "reporting"
    client.force_login(habilitation(Role.PREFECTURE, departement=structure.departement).utilisateur)
    assert "Suspendre les paiements" not in client.get(reverse("pilotage:retards")).text
