"""A structure named like a formula leaves every agent's export as text (issue 15): the
lists of prefectures, hubs and ANCT (structures), of the operator (conventions) and of the
training bodies (learners), in CSV and XLSX, read back as a spreadsheet would."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from comptes.roles import Role
from comptes.tests.factories import habilitation
from formation.tests.factories import (
    ApprenantFactory,
    OrganismeFormationFactory,
    recrutement_finalise,
    structure_a,
)

from .test_exports import DANGEREUX


def _cellules(reponse, format_):
    assert reponse.status_code == 200
    contenu = b"".join(reponse.streaming_content)
    if format_ == "csv":
        return [
            c
            for ligne in csv.reader(io.StringIO(contenu.decode("utf-8-sig")), delimiter=";")
            for c in ligne
        ], []
    feuille = openpyxl.load_workbook(io.BytesIO(contenu)).active
    cellules = [c for ligne in feuille.iter_rows() for c in ligne]
    return [c.value for c in cellules], cellules


@pytest.mark.django_db
def test_exports_des_agents_sans_formule(client):
    organisme = OrganismeFormationFactory(departements=["33"])
    departement = None
    for nom in DANGEREUX:  # one structure per dangerous prefix, each with a learner
        structure = structure_a("33", nom=nom)
        departement = structure.departement
        ApprenantFactory(organisme=organisme, mise_en_relation=recrutement_finalise(structure))
    exports = [
        (habilitation(Role.PREFECTURE, departement=departement), "structures:liste"),
        (habilitation(Role.HUB, departements=[departement]), "structures:liste"),
        (habilitation(Role.ANCT), "structures:liste"),
        (habilitation(Role.OPERATEUR), "conventions:conventions"),
        (habilitation(Role.ORGANISME_FORMATION, organisme=organisme), "formation:apprenants"),
    ]
    for h, url in exports:
        client.force_login(h.utilisateur)
        valeurs, _ = _cellules(client.get(reverse(url), {"format": "csv"}), "csv")
        for nom in DANGEREUX:
            assert "'" + nom in valeurs, (h.role, url, nom)
        assert not any(
            v.startswith(("=", "+", "@", "\uff1d", "\uff0b", "\uff20")) for v in valeurs
        ), (h.role, url)
        _, cellules = _cellules(client.get(reverse(url), {"format": "xlsx"}), "xlsx")
        textes = {c.value.replace("_x000D_", "\r"): c for c in cellules if isinstance(c.value, str)}
        for nom in DANGEREUX:
            # The name itself, as a string cell Excel will not evaluate, even once edited.
            assert textes[nom].data_type == "s" and textes[nom].quotePrefix, (h.role, url, nom)
        assert all(c.data_type != "f" and c.hyperlink is None for c in cellules), (h.role, url)
