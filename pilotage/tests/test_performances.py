"""What keeps the national pages fast does not change what they show: the alerts page builds
only the alerts it displays, and the dashboards never read the raw activity reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comptes.acces import perimetre
from comptes.roles import Role
from comptes.tests.factories import habilitation
from pilotage import alertes, views


@pytest.mark.django_db
@pytest.mark.parametrize("premieres", [1, 2, 50])
def test_les_premieres_alertes_sont_le_debut_des_listes(jeu, premieres):
    aujourd_hui = jeu["aujourd_hui"]
    plus_longue = 0
    for role, kwargs in [
        (Role.ANCT, {}),
        (Role.PREFECTURE, {"departement": jeu["departements"][0]}),
        (Role.GRAND_RESEAU, {"reseau": jeu["reseau"]}),
        (Role.STRUCTURE, {"structure": jeu["structures"][0]}),
    ]:
        p = perimetre(habilitation(role, **kwargs))
        listes = alertes.alertes_for_user(p, aujourd_hui)
        assert alertes.premieres_for_user(p, premieres, aujourd_hui) == {
            t: (liste[:premieres], len(liste)) for t, liste in listes.items()
        }
        plus_longue = max([plus_longue, *map(len, listes.values())])
    # The generated data has several alerts of some kind: the cut is exercised.
    assert plus_longue > 2


@pytest.mark.django_db
def test_la_page_montre_les_premieres_et_le_nombre_total(client, jeu, monkeypatch):
    monkeypatch.setattr(views, "AFFICHEES", 1)
    client.force_login(habilitation(Role.ANCT).utilisateur)
    p = perimetre(habilitation(Role.ANCT))
    listes = alertes.alertes_for_user(p, jeu["aujourd_hui"])
    code, liste = next((t, liste) for t, liste in listes.items() if len(liste) > 1)
    reponse = client.get(reverse("pilotage:alertes"))
    assert f"{alertes.LIBELLES[code]} ({len(liste)})" in reponse.text
    section = reponse.text.split(f'id="{code}"')[1].split("<h2")[0]
    assert section.count("<li>") == 1
    assert liste[0].detail in section
    assert f"l’export contient les {len(liste)}" in section
    export = client.get(reverse("pilotage:alertes"), {"format": "csv"})
    assert liste[1].detail in b"".join(export.streaming_content).decode("utf-8-sig")


@pytest.mark.django_db
@pytest.mark.parametrize("parametres", [{}, {"par": "region"}])
def test_le_tableau_national_ne_lit_pas_les_comptes_rendus(client, jeu, parametres):
    """Reporting groups come from the per-advisor last report date, figures from the
    rollups: the national page costs the same with 2 or 20 million reports."""
    client.force_login(habilitation(Role.ANCT).utilisateur)
    with CaptureQueriesContext(connection) as requetes:
        assert client.get(reverse("pilotage:tableau"), parametres).status_code == 200
    assert not [q["sql"] for q in requetes if '"activite_activite"' in q["sql"]]
