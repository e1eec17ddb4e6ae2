"""The pages: every role against every page (scope → 404), the operator's actions, the
structure's uploads and rupture, exports."""

import pytest
from django.urls import reverse

from comptes.models import Habilitation
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import StatutTranche
from conventions.models import PieceJustificative, Suspension
from recrutement import rules
from recrutement.models import DossierSubvention
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .factories import (
    contrat_de,
    fichier_pdf,
    il_y_a,
    recrutement_finalise,
    subvention_acceptee,
)

pytestmark = pytest.mark.usefixtures("sans_conditions")


@pytest.fixture
def jeu(bordeaux):
    mer = recrutement_finalise(
        commune=bordeaux, date_debut=il_y_a(60), fiche_publiee_le=il_y_a(100)
    )
    subvention = subvention_acceptee(mer, signer_le=il_y_a(400))
    lot = DepartementFactory(code="47", nom="Lot-et-Garonne")
    ailleurs = recrutement_finalise(commune=CommuneFactory(departement=lot))
    return {
        "mer": mer,
        "structure": mer.structure,
        "gironde": bordeaux.departement,
        "contrat": contrat_de(mer),
        "convention": subvention.convention,
        "dossier": mer.dossiers_subvention.get(),
        "tranche": subvention.tranches.get(rang=1),
        "ailleurs": ailleurs,
    }


def pages(jeu) -> dict[str, set]:
    c, d = jeu["convention"], jeu["dossier"]
    return {
        reverse("conventions:dossiers"): {Role.OPERATEUR, Role.ANCT},
        reverse("conventions:dossier", args=[d.pk]): {Role.OPERATEUR, Role.ANCT},
        reverse("conventions:conventions"): {Role.OPERATEUR, Role.ANCT, Role.PREFECTURE},
        reverse("conventions:convention", args=[c.pk]): {
            Role.OPERATEUR,
            Role.ANCT,
            Role.PREFECTURE,
        },
        reverse("conventions:contrat", args=[jeu["contrat"].pk]): {
            Role.OPERATEUR,
            Role.ANCT,
            Role.PREFECTURE,
        },
        reverse("conventions:calendrier"): {Role.OPERATEUR, Role.ANCT},
        reverse("conventions:ma_convention"): {Role.STRUCTURE},
        reverse("conventions:a_valider"): {Role.ANCT},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, jeu, role):
    portee = {Role.PREFECTURE: {"departement": jeu["gironde"]}}.get(role, {})
    client.force_login(habilitation(role, **portee).utilisateur)
    for url, roles in pages(jeu).items():
        attendu = 200 if role in roles else 404
        assert client.get(url).status_code == attendu, f"{role} sur {url}"


@pytest.mark.django_db
def test_la_structure_voit_les_siens_et_pas_ceux_des_autres(client, jeu):
    h = Habilitation.objects.get(role=Role.STRUCTURE, structure=jeu["structure"])
    client.force_login(h.utilisateur)
    page = client.get(reverse("conventions:ma_convention")).content.decode()
    assert jeu["mer"].candidat.utilisateur.nom_complet in page
    assert "10\u202f000,00\u00a0€" in page
    for url in (
        reverse("conventions:convention", args=[jeu["convention"].pk]),
        reverse("conventions:dossier", args=[jeu["dossier"].pk]),
        reverse("conventions:contrat", args=[jeu["contrat"].pk]),
    ):
        assert client.get(url).status_code == 200
    autre = jeu["ailleurs"]
    for url in (
        reverse("conventions:dossier", args=[autre.dossiers_subvention.get().pk]),
        reverse("conventions:contrat", args=[contrat_de(autre).pk]),
    ):
        assert client.get(url).status_code == 404
    # It cannot act as the operator.
    reponse = client.post(
        reverse("conventions:instruire", args=[jeu["dossier"].pk]), {"action": "refuser"}
    )
    assert reponse.status_code == 404


@pytest.mark.django_db
def test_la_prefecture_ne_voit_que_son_departement(client, jeu):
    client.force_login(habilitation(Role.PREFECTURE, departement=jeu["gironde"]).utilisateur)
    liste = client.get(reverse("conventions:conventions")).content.decode()
    assert jeu["structure"].nom in liste and jeu["ailleurs"].structure.nom not in liste
    autre = contrat_de(jeu["ailleurs"])
    assert client.get(reverse("conventions:contrat", args=[autre.pk])).status_code == 404
    # Read only: no operator action.
    reponse = client.post(
        reverse("conventions:suspendre", args=[jeu["convention"].pk]),
        {"suspension-motif": "reporting", "suspension-debut": "2026-01-01"},
    )
    assert reponse.status_code == 404


@pytest.mark.django_db
def test_operateur_instruit_un_dossier(client, bordeaux):
    mer = recrutement_finalise(commune=bordeaux)
    dossier = mer.dossiers_subvention.get()
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    url = reverse("conventions:instruire", args=[dossier.pk])
    reponse = client.post(url, {"action": "accepter", "acceptation-autres_aides": "0"}, follow=True)
    assert "Pièces manquantes" in reponse.content.decode()
    reponse = client.post(
        url, {"action": "demander", "pieces-message": "Le RIB, s’il vous plaît."}, follow=True
    )
    assert "envoyée à la structure" in reponse.content.decode()
    dossier.refresh_from_db()
    assert dossier.statut == DossierSubvention.Statut.PIECES_DEMANDEES


@pytest.mark.django_db
def test_la_structure_depose_une_piece(client, bordeaux):
    mer = recrutement_finalise(commune=bordeaux)
    dossier = mer.dossiers_subvention.get()
    h = Habilitation.objects.get(role=Role.STRUCTURE, structure=mer.structure)
    client.force_login(h.utilisateur)
    url = reverse("conventions:deposer_piece", args=[dossier.pk])
    mauvais = client.post(
        url, {"piece-type_piece": "rib", "piece-fichier": fichier_pdf("rib.pdf", b"MZ\x00exe")}
    )
    assert mauvais.status_code == 400
    assert "PDF, PNG ou JPEG" in mauvais.content.decode()
    assert not PieceJustificative.objects.exists()
    reponse = client.post(url, {"piece-type_piece": "rib", "piece-fichier": fichier_pdf()})
    assert reponse.status_code == 302
    piece = PieceJustificative.objects.get()
    telechargement = client.get(reverse("conventions:piece", args=[piece.pk]))
    assert b"".join(telechargement.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_la_structure_declare_la_rupture_et_l_anct_la_valide(client, jeu):
    h = Habilitation.objects.get(role=Role.STRUCTURE, structure=jeu["structure"])
    client.force_login(h.utilisateur)
    url = reverse("conventions:rupture", args=[jeu["contrat"].pk])
    reponse = client.post(
        url, {"rupture-date_rupture": "", "rupture-motif": "demission"}, follow=True
    )
    assert "Date de la rupture" in reponse.content.decode()
    client.post(
        url,
        {"rupture-date_rupture": il_y_a(1).isoformat(), "rupture-motif": "nonReconductionCDD"},
    )
    jeu["mer"].refresh_from_db()
    assert jeu["mer"].statut == rules.NOUVELLE_RUPTURE
    client.force_login(habilitation(Role.ANCT).utilisateur)
    assert jeu["structure"].nom in client.get(reverse("conventions:a_valider")).content.decode()
    client.post(reverse("conventions:valider_rupture", args=[jeu["mer"].pk]))
    contrat = jeu["contrat"]
    contrat.refresh_from_db()
    assert contrat.statut == "rompu" and contrat.motif_rupture == "nonReconductionCDD"


@pytest.mark.django_db
def test_calendrier_et_paiement(client, jeu):
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    page = client.get(reverse("conventions:calendrier")).content.decode()
    assert "3</strong> tranches en retard" in page
    client.post(
        reverse("conventions:tranche", args=[jeu["tranche"].pk]),
        {"action": "payee", "payee_le": il_y_a(0).isoformat(), "retour": "calendrier"},
    )
    jeu["tranche"].refresh_from_db()
    assert jeu["tranche"].statut == StatutTranche.PAYEE
    page = client.get(reverse("conventions:calendrier")).content.decode()
    assert "2</strong> tranches en retard" in page
    csv = client.get(reverse("conventions:calendrier") + "?format=csv")
    contenu = b"".join(csv.streaming_content).decode()
    assert "Échéance" in contenu and jeu["structure"].nom in contenu
    xlsx = client.get(reverse("conventions:conventions") + "?format=xlsx")
    assert xlsx.status_code == 200


@pytest.mark.django_db
def test_suspendre_depuis_la_page(client, jeu):
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    url = reverse("conventions:suspendre", args=[jeu["convention"].pk])
    client.post(url, {"suspension-motif": "inconnu", "suspension-debut": "2026-01-01"})
    assert not Suspension.objects.exists()
    client.post(url, {"suspension-motif": "comptes_rendus", "suspension-debut": il_y_a(2)})
    assert Suspension.objects.get().motif == "comptes_rendus"
    page = client.get(reverse("conventions:conventions") + "?suspendue=oui").content.decode()
    assert jeu["structure"].nom in page


def _gestionnaire(client, structure):
    client.force_login(
        Habilitation.objects.get(role=Role.STRUCTURE, structure=structure).utilisateur
    )


@pytest.mark.django_db
def test_erreurs_du_contrat_a_cote_des_champs(client, jeu):
    _gestionnaire(client, jeu["structure"])
    c = jeu["contrat"]
    reponse = client.post(
        reverse("conventions:prolongation", args=[c.pk]),
        {"prolongation-fin_souhaitee": c.date_fin.isoformat()},
    )
    assert reponse.status_code == 400
    page = reponse.content.decode()
    assert "Le formulaire contient 1 erreur" in page
    assert "La nouvelle fin doit suivre la fin actuelle" in page
    assert 'href="#id_prolongation-fin_souhaitee"' in page
    assert not c.prolongations.exists()
    # A salary under the SMIC: refused on the salary field, nothing created.
    reponse = client.post(
        reverse("conventions:renouveler_contrat", args=[c.pk]),
        {
            "renouvellement-type_contrat": "cdi",
            "renouvellement-date_debut": il_y_a(-10).isoformat(),
            "renouvellement-salaire": "1000,00",
        },
    )
    assert reponse.status_code == 400
    assert "au moins égal au SMIC" in reponse.content.decode()
    assert not jeu["mer"].renouvellements.exists()


@pytest.mark.django_db
def test_renouveler_un_contrat_puis_valider(client, jeu):
    _gestionnaire(client, jeu["structure"])
    c = jeu["contrat"]
    reponse = client.post(
        reverse("conventions:renouveler_contrat", args=[c.pk]),
        {
            "renouvellement-type_contrat": "cdi",
            "renouvellement-date_debut": il_y_a(-10).isoformat(),
            "renouvellement-salaire": "2100,00",
        },
        follow=True,
    )
    assert "Renouvellement en attente de validation" in reponse.content.decode()
    nouveau = jeu["mer"].renouvellements.get()
    client.force_login(habilitation(Role.ANCT).utilisateur)
    client.post(reverse("conventions:valider_renouvellement_contrat", args=[nouveau.pk]))
    c.refresh_from_db()
    assert c.statut == "renouvele"
    assert contrat_de(nouveau).renouvelle == c


@pytest.mark.django_db
def test_l_operateur_transfere_la_subvention_d_un_poste_recu(client, jeu, merignac):
    from conventions.models import Poste, Subvention
    from recrutement.tests.factories import structure_avec_postes

    receveuse = structure_avec_postes(merignac, postes=1)
    recu = receveuse.postes.get()
    Poste.objects.filter(pk=recu.pk).update(origine_transfert=jeu["contrat"].poste)
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    url = reverse("conventions:convention", args=[recu.convention_id])
    assert "Transférer la subvention" in client.get(url).content.decode()
    origine = Subvention.objects.get(convention=jeu["convention"])
    reponse = client.post(
        reverse("conventions:transferer", args=[origine.pk, recu.pk]),
        {"date_transfert": il_y_a(0).isoformat()},
        follow=True,
    )
    assert "Subvention transférée" in reponse.content.decode()
    nouvelle = Subvention.objects.get(transferee_depuis=origine)
    assert nouvelle.convention_id == recu.convention_id and 0 < nouvelle.montant < origine.montant
    assert "Transférer la subvention" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_les_tranches_a_venir_se_paginent_a_part_des_tranches_en_retard(client, jeu, monkeypatch):
    from datetime import timedelta

    from conventions import views
    from conventions.models import Tranche

    monkeypatch.setattr(views, "PAR_PAGE", 2)
    en_retard = Tranche.objects.filter(statut__in=["prevue", "exigible"], due_le__lt=il_y_a(0))
    for i, t in enumerate(en_retard.order_by("pk")):
        Tranche.objects.filter(pk=t.pk).update(due_le=il_y_a(0) + timedelta(days=i + 1))
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    url = reverse("conventions:calendrier")
    premiere = client.get(url)
    assert premiere.context["a_venir"].paginator.count == 3
    assert len(premiere.context["a_venir"].object_list) == 2
    assert "page_a_venir=2" in premiere.text
    assert 'aria-label="Pagination : tranches à venir"' in premiere.text
    seconde = client.get(url, {"page_a_venir": 2})
    assert len(seconde.context["a_venir"].object_list) == 1
    assert seconde.context["en_retard"].number == 1


@pytest.mark.django_db
def test_une_rupture_attend_ses_pieces_avant_d_etre_validee(client, jeu, courriels):
    from recrutement import services as recrutement_services

    mer = jeu["mer"]
    recrutement_services.declarer_rupture(
        mer.pk, date_rupture=il_y_a(1), motif="demission", structure_id=mer.structure_id
    )
    pieces = reverse("conventions:pieces_rupture", args=[mer.pk])
    # Only the national team holds a rupture.
    client.force_login(
        Habilitation.objects.get(role=Role.STRUCTURE, structure=jeu["structure"]).utilisateur
    )
    assert client.post(pieces, {"pieces": "Lettre de démission signée"}).status_code == 404
    client.force_login(habilitation(Role.ANCT).utilisateur)
    vide = client.post(pieces, {"pieces": " "}, follow=True)
    assert "Indiquez les pièces" in vide.text
    # The text goes through a form: too long or with a bidi mark, refused, nothing sent.
    trop = client.post(pieces, {"pieces": "x" * 2001}, follow=True)
    assert "au plus 2000 caractères" in trop.text
    rtl = client.post(pieces, {"pieces": "Lettre\u202e"}, follow=True)
    assert "sens de lecture" in rtl.text
    mer.refresh_from_db()
    assert mer.pieces_rupture_manquantes == ""
    with courriels.envoi():
        client.post(pieces, {"pieces": "Lettre de démission signée"})
    [message] = [m for m in courriels.outbox if "Pièces manquantes" in m.subject]
    assert "Lettre de démission signée" in message.body
    page = client.get(reverse("conventions:a_valider")).text
    assert "En attente de pièces" in page and "Après réception des pièces" in page
    refus = client.post(reverse("conventions:valider_rupture", args=[mer.pk]), follow=True)
    assert "attend des pièces" in refus.text
    mer.refresh_from_db()
    assert mer.statut == rules.NOUVELLE_RUPTURE
    # The structure sees what is missing on its contract page.
    client.force_login(
        Habilitation.objects.get(role=Role.STRUCTURE, structure=jeu["structure"]).utilisateur
    )
    contrat = client.get(reverse("conventions:contrat", args=[jeu["contrat"].pk])).text
    assert "En attente de pièces" in contrat and "Lettre de démission signée" in contrat
    client.force_login(habilitation(Role.ANCT).utilisateur)
    client.post(pieces, {"decision": "complet"})
    client.post(reverse("conventions:valider_rupture", args=[mer.pk]))
    mer.refresh_from_db()
    assert (mer.statut, mer.pieces_rupture_manquantes) == (rules.FINALISEE_RUPTURE, "")


@pytest.mark.django_db
def test_montants_en_francais_et_remboursement_saisi_comme_on_l_ecrit(client, jeu):
    """Issue 14: the operator's convention page showed « 100000,00 € » and « 10000.00 € »;
    a money input refused « 2 100 ». The page reads « 50 000,00 € », and « 1 250,50 » typed
    in the refund form is 1250.50 €."""
    from decimal import Decimal

    from conventions import paiements
    from noyau.nombres import euros

    convention, tranche = jeu["convention"], jeu["tranche"]
    paiements.marquer_payee(tranche.pk, payee_le=il_y_a(0))
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    page = client.get(reverse("conventions:convention", args=[convention.pk])).text
    subvention = convention.subventions.get()
    assert subvention.montant >= 1000
    assert f"Subvention de {euros(subvention.montant)}" in page
    assert euros(tranche.montant) in page
    assert f"{subvention.montant:.2f}".replace(".", ",") not in page  # « 50000,00 »
    assert f"{subvention.montant:.2f}" not in page  # « 50000.00 »

    client.post(
        reverse("conventions:rembourser", args=[convention.pk]),
        {"remboursement-montant": "1 250,50", "remboursement-motif": "Missions hors catalogue."},
    )
    assert convention.remboursements.get().montant == Decimal("1250.50")
    page = client.get(reverse("conventions:convention", args=[convention.pk])).text
    assert "1\u202f250,50\u00a0€" in page

    # A bad amount: a French message, nothing created.
    reponse = client.post(
        reverse("conventions:rembourser", args=[convention.pk]),
        {"remboursement-montant": "mille", "remboursement-motif": "Encore."},
        follow=True,
    )
    assert "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03." in reponse.text
    assert convention.remboursements.count() == 1
