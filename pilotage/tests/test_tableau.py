"""Each dashboard figure equals a recomputation from the records, on generated data; every
role sees its scope only (404 outside), on pages and exports."""

import csv
import io
import re

import pytest
from django.db.models import Q, Sum
from django.urls import reverse

from activite.models import Activite
from comptes.acces import perimetre
from comptes.models import Habilitation, MembreEquipe
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import STATUTS_EN_COURS, EtatPoste
from conventions.models import Poste
from pilotage import rules, selectors
from pilotage.views import _total_portee
from territoires.models import Cible

TABLEAU = reverse("pilotage:tableau")


def recalcul_departement(code: str) -> dict:
    """The figures of one département, recomputed from the raw records."""
    postes = Poste.objects.filter(structure__departement_id=code)
    conseillers = Habilitation.objects.filter(
        role=Role.CONSEILLER, active=True, structure__departement_id=code
    )
    actives = [
        h
        for h in conseillers.select_related("utilisateur")
        if h.utilisateur.last_login
        or Activite.objects.filter(conseiller=h.utilisateur, supprime_le__isnull=True).exists()
    ]
    activites = Activite.objects.filter(departement_id=code, supprime_le__isnull=True)
    cible = Cible.objects.filter(departement_id=code).first()
    return {
        "cible": cible.valeur if cible else None,
        "dotation": postes.filter(convention__statut__in=STATUTS_EN_COURS)
        .exclude(etat=EtatPoste.RENDU)
        .count(),
        "occupes": postes.filter(etat=EtatPoste.OCCUPE).count(),
        "en_poste": conseillers.count(),
        "actives": len(actives),
        "cra": activites.count(),
        "accompagnements": activites.aggregate(n=Sum("participants"))["n"] or 0,
    }


def en_dict(ligne) -> dict:
    return {k: getattr(ligne, k) for k in recalcul_departement("00")}


@pytest.mark.django_db
def test_chaque_chiffre_du_tableau_national_egale_le_recalcul(client, jeu):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(TABLEAU)
    assert reponse.status_code == 200
    lignes = {ligne.code: ligne for ligne in reponse.context["lignes"]}
    assert set(lignes) == {"24", "33", "69"}
    for code, ligne in lignes.items():
        assert en_dict(ligne) == recalcul_departement(code), code
        assert ligne.taux_activation == rules.taux(ligne.actives, ligne.dotation)
    total = reponse.context["total"]
    assert total.cra == Activite.objects.filter(supprime_le__isnull=True).count() > 0
    assert "Gironde (33)" in reponse.text


@pytest.mark.django_db
def test_les_regions_additionnent_leurs_departements(client, jeu):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(TABLEAU, {"par": "region"})
    regions = {ligne.code: ligne for ligne in reponse.context["lignes"]}
    attendu = {
        k: recalcul_departement("33")[k] + recalcul_departement("24")[k]
        for k in ("dotation", "occupes", "en_poste", "actives", "cra", "accompagnements")
    }
    assert {k: getattr(regions["75"], k) for k in attendu} == attendu
    assert sorted(regions["75"].departements) == ["24", "33"]


@pytest.mark.django_db
def test_groupes_cra_egalent_le_recalcul(jeu):
    aujourd_hui = jeu["aujourd_hui"]
    attendu = dict.fromkeys(rules.GROUPES_CRA, 0)
    for conseiller in jeu["conseillers"]:
        dernier = (
            Activite.objects.filter(conseiller=conseiller, supprime_le__isnull=True)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        attendu[rules.groupe_cra(dernier, aujourd_hui)] += 1
    from comptes.acces import Perimetre

    national = Perimetre(role=Role.ANCT, national=True)
    assert selectors.groupes_cra(national, aujourd_hui) == attendu
    assert sum(attendu.values()) == len(jeu["conseillers"])


@pytest.mark.django_db
def test_la_prefecture_ne_voit_que_son_departement(client, jeu):
    gironde = jeu["departements"][0]
    client.force_login(habilitation(Role.PREFECTURE, departement=gironde).utilisateur)
    reponse = client.get(TABLEAU)
    assert [ligne.code for ligne in reponse.context["lignes"]] == ["33"]
    assert en_dict(reponse.context["total"]) | {"cible": None} == recalcul_departement("33") | {
        "cible": None
    }
    export = client.get(TABLEAU, {"format": "csv"})
    lignes = list(
        csv.reader(
            io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert [ligne[0] for ligne in lignes[1:]] == ["33"]


@pytest.mark.django_db
def test_tableau_de_structure_egale_le_recalcul(client, jeu):
    structure = jeu["structures"][0]
    h = habilitation(Role.STRUCTURE, structure=structure)
    client.force_login(h.utilisateur)
    reponse = client.get(TABLEAU)
    assert reponse.status_code == 200
    total = reponse.context["total"]
    activites = Activite.objects.filter(structure=structure, supprime_le__isnull=True)
    assert total.cra == activites.count()
    assert total.accompagnements == (activites.aggregate(n=Sum("participants"))["n"] or 0)
    assert (
        total.en_poste
        == Habilitation.objects.filter(
            role=Role.CONSEILLER, structure=structure, active=True
        ).count()
    )
    assert {c.utilisateur.email for c in reponse.context["conseillers"]} == set(
        Habilitation.objects.filter(role=Role.CONSEILLER, structure=structure).values_list(
            "utilisateur__email", flat=True
        )
    )


@pytest.mark.django_db
def test_tableau_du_grand_reseau_et_du_coordinateur(client, jeu):
    reseau = jeu["reseau"]
    h = habilitation(Role.GRAND_RESEAU, reseau=reseau)
    total = _total_portee(perimetre(h))
    membres = Q(structure__reseau=reseau, supprime_le__isnull=True)
    assert total.cra == Activite.objects.filter(membres).count()

    coordination = habilitation(Role.COORDINATEUR)
    suivis = jeu["conseillers"][:3]
    for c in suivis:
        MembreEquipe.objects.create(coordination=coordination, conseiller=c)
    client.force_login(coordination.utilisateur)
    reponse = client.get(TABLEAU)
    assert reponse.context["nb_conseillers"] == 3
    assert (
        reponse.context["total"].cra
        == Activite.objects.filter(conseiller__in=suivis, supprime_le__isnull=True).count()
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CANDIDAT, Role.CONSEILLER, Role.ORGANISME_FORMATION])
def test_les_autres_roles_n_ont_pas_de_tableau(client, role):
    client.force_login(habilitation(role).utilisateur)
    assert client.get(TABLEAU).status_code == 404
    assert client.get(reverse("pilotage:conseillers")).status_code == 404
    assert client.get(reverse("pilotage:alertes")).status_code == 404


@pytest.mark.django_db
def test_liste_des_conseillers_perimetre_filtres_et_export(client, jeu):
    gironde = jeu["departements"][0]
    client.force_login(habilitation(Role.PREFECTURE, departement=gironde).utilisateur)
    liste = reverse("pilotage:conseillers")
    reponse = client.get(liste)
    attendus = set(
        Habilitation.objects.filter(
            role=Role.CONSEILLER, structure__departement=gironde
        ).values_list("utilisateur_id", flat=True)
    )
    assert {h.utilisateur_id for h in reponse.context["page_obj"]} == attendus
    jamais = client.get(liste, {"groupe": rules.JAMAIS})
    for h in jamais.context["page_obj"]:
        assert not Activite.objects.filter(conseiller_id=h.utilisateur_id).exists()
    export = client.get(liste, {"format": "csv"})
    lignes = list(
        csv.reader(
            io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert lignes[0][0] == "Id conseiller"
    assert {int(ligne[0]) for ligne in lignes[1:]} == attendus

    ailleurs = (
        Habilitation.objects.filter(role=Role.CONSEILLER)
        .exclude(structure__departement=gironde)
        .first()
    )
    assert (
        client.get(reverse("pilotage:conseiller", args=[ailleurs.utilisateur_id])).status_code
        == 404
    )
    ici = next(iter(attendus))
    assert client.get(reverse("pilotage:conseiller", args=[ici])).status_code == 200


@pytest.mark.django_db
def test_gestionnaires_du_perimetre(client, jeu):
    s33, s69 = jeu["structures"][0], jeu["structures"][-1]
    g33 = habilitation(Role.STRUCTURE, structure=s33)
    g69 = habilitation(Role.STRUCTURE, structure=s69)
    client.force_login(habilitation(Role.PREFECTURE, departement=s33.departement).utilisateur)
    reponse = client.get(reverse("pilotage:gestionnaires"))
    ids = {h.pk for h in reponse.context["page_obj"]}
    assert g33.pk in ids and g69.pk not in ids
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(reverse("pilotage:gestionnaires"), {"q": g69.utilisateur.nom})
    assert [h.pk for h in reponse.context["page_obj"]] == [g69.pk]


@pytest.mark.django_db
def test_carte_hors_ligne(client, jeu):
    from territoires.models import Commune, Departement

    for d in jeu["departements"]:
        commune = Commune.objects.filter(departement=d).first()
        Departement.objects.filter(pk=d.pk).update(chef_lieu=commune.pk)
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.get(TABLEAU)
    svg = reponse.text.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count("<circle") == 3
    assert "http" not in svg.replace("http://www.w3.org", "")
    # The blank map: positions rendered « 347,4 » (French) are not lengths to a browser.
    positions = re.findall(r'\b(?:cx|cy|r)="([^"]*)"', svg)
    assert len(positions) == 9
    assert all(float(v) >= 0 for v in positions)


@pytest.mark.django_db
def test_etat_de_formation_du_tableau_egale_le_recalcul(client):
    from formation.models import Apprenant
    from formation.tests.factories import ApprenantFactory, recrutement_finalise, structure_a

    rhone, gironde = structure_a("69"), structure_a("33")
    for structure, etats in (
        (rhone, ["a_positionner", "a_positionner"]),
        (gironde, ["a_positionner"]),
    ):
        for etat in etats:
            ApprenantFactory(mise_en_relation=recrutement_finalise(structure), etat=etat)
    client.force_login(habilitation(Role.PREFECTURE, departement=rhone.departement).utilisateur)
    formation = dict(client.get(TABLEAU).context["formation"])
    libelles = dict(Apprenant._meta.get_field("etat").choices)
    attendu = {}
    for a in Apprenant.objects.filter(mise_en_relation__structure__departement=rhone.departement):
        attendu[libelles[a.etat]] = attendu.get(libelles[a.etat], 0) + 1
    assert formation == attendu == {libelles["a_positionner"]: 2}
