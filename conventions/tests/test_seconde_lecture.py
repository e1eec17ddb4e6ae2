"""Second reading of the sources (issue 16), through the services and the pages.

Each table quotes the passage it implements; the readings chosen where the sources leave
room are in the docstrings.
"""

from datetime import date
from decimal import Decimal as E

import pytest
from django.db import transaction
from django.utils import timezone

from comptes.roles import Role
from comptes.services import ActionImpossible
from comptes.tests.factories import habilitation
from conventions import paiements
from conventions.choix import EtatPoste, StatutContrat, StatutConvention, StatutTranche
from conventions.models import Contrat, Convention, Poste, Subvention
from conventions.rules import ajouter_mois
from conventions.services import Attributions
from recrutement.tests.factories import structure_avec_postes

from .factories import recrutement_finalise, subvention_acceptee

SOURCE_TRANSFERT = (
    "Une autre structure du même département qui souhaite bénéficier d'un poste, peut "
    "récupérer ce poste. La convention est alors transférée à la nouvelle structure et la "
    "subvention est attribuée au prorata du montant restant. NB : Seules les conventions "
    "encore en cours peuvent être transférées."
)  # seed 002, « Focus : Les cas de transfert de poste »


def _ceder_le_seul_poste(mer, receveuse, le: date):
    """The giver's only post becomes vacant (its advisor left: test data), then the
    committee's decision H returns it and gives it to the receiver — through the same
    ``Attributions`` the committee uses, which closes the giver's convention that day."""
    contrat = Contrat.objects.get(mise_en_relation=mer)
    Contrat.objects.filter(pk=contrat.pk).update(
        statut=StatutContrat.TERMINE, clos_le=timezone.now()
    )
    Poste.objects.filter(pk=contrat.poste_id).update(etat=EtatPoste.VACANT)
    with transaction.atomic():  # the committee's own transaction
        attributions = Attributions([mer.structure_id, receveuse.pk])
        _, rendus = attributions.fixer(
            mer.structure, "conseiller", 0, date_decision=le, recruter_avant=le
        )
        recu, _ = attributions.fixer(
            receveuse,
            "conseiller",
            attributions.nombre(receveuse.pk, "conseiller") + 1,
            date_decision=le,
            recruter_avant=le,
            origines=rendus,
        )
        attributions.enregistrer()
    return recu[0]


def _texte(reponse) -> str:
    """The page as read: French number spaces (narrow or not) as plain spaces."""
    assert reponse.status_code == 200
    return reponse.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def _payer(subvention, rangs):
    for t in subvention.tranches.filter(rang__in=rangs):
        paiements.marquer_payee(t.pk, payee_le=min(t.due_le, timezone.localdate()))


# (months after signing when the committee transfers, tranches paid to the giver,
#  expected: "prorata" | "plafond" | refusal message)
CAS_TRANSFERT = [
    (24, [1], "prorata"),  # 12 of 36 months left: 1/3 of 50,000 € < 40,000 € unpaid
    (3, [1, 2], "plafond"),  # 33 months left: 45,8xx € > 25,000 € unpaid → 25,000 €
    (24, [1, 2, 3], "déjà reçu toute sa subvention"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("mois,payees,attendu", CAS_TRANSFERT)
def test_transfert_du_seul_poste(bordeaux, merignac, sans_conditions, mois, payees, attendu):
    """« la subvention est attribuée au prorata du montant restant » (SOURCE_TRANSFERT).

    Reading: the time left is counted on the giver's convention as signed (its
    ``fin_prevue``), not on the day the committee closed it; capped at what is unpaid."""
    mer = recrutement_finalise(commune=bordeaux)
    debut = ajouter_mois(timezone.localdate(), -30)
    origine = subvention_acceptee(mer, signer_le=debut)
    _payer(origine, payees)
    receveuse = structure_avec_postes(merignac, postes=1)
    le = ajouter_mois(debut, mois)
    poste = _ceder_le_seul_poste(mer, receveuse, le)
    donneuse = Convention.objects.get(pk=origine.convention_id)
    assert donneuse.statut == StatutConvention.TERMINEE and donneuse.date_fin == le
    fin = ajouter_mois(debut, 36)
    assert donneuse.fin_prevue == fin
    non_verse = sum(t.montant for t in origine.tranches.all() if t.statut != StatutTranche.PAYEE)
    if attendu in ("prorata", "plafond"):
        nouvelle = paiements.transferer_subvention(
            origine.pk, poste_receveur_id=poste.pk, date_transfert=le
        )
        prorata = (E("50000") * (fin - le).days / (fin - debut).days).quantize(E("0.01"))
        montant = prorata if attendu == "prorata" else non_verse
        assert attendu != "plafond" or prorata > non_verse
        assert nouvelle.montant == montant > 0
        assert sum(t.montant for t in nouvelle.tranches.all()) == montant
        assert not origine.tranches.filter(
            statut__in=[StatutTranche.PREVUE, StatutTranche.EXIGIBLE]
        ).exists()
    else:
        with pytest.raises(ActionImpossible, match=attendu):
            paiements.transferer_subvention(
                origine.pk, poste_receveur_id=poste.pk, date_transfert=le
            )
        assert not Subvention.objects.filter(transferee_depuis=origine).exists()


@pytest.mark.django_db
def test_transfert_apres_le_terme_signe_refuse_sans_rien_changer(
    bordeaux, merignac, sans_conditions
):
    """« Seules les conventions encore en cours peuvent être transférées » [002]."""
    mer = recrutement_finalise(commune=bordeaux)
    debut = ajouter_mois(timezone.localdate(), -30)
    origine = subvention_acceptee(mer, signer_le=debut)
    receveuse = structure_avec_postes(merignac, postes=1)
    poste = _ceder_le_seul_poste(mer, receveuse, ajouter_mois(debut, 24))
    with pytest.raises(ActionImpossible, match="arrivée à son terme"):
        paiements.transferer_subvention(
            origine.pk, poste_receveur_id=poste.pk, date_transfert=ajouter_mois(debut, 37)
        )
    assert not origine.tranches.filter(statut=StatutTranche.ANNULEE).exists()


@pytest.mark.django_db
def test_la_page_de_l_operateur_dit_toute_la_lecture(client, bordeaux, merignac, sans_conditions):
    mer = recrutement_finalise(commune=bordeaux)
    debut = ajouter_mois(timezone.localdate(), -30)
    origine = subvention_acceptee(mer, signer_le=debut)
    _payer(origine, [1, 2])
    receveuse = structure_avec_postes(merignac, postes=1)
    le = ajouter_mois(debut, 3)
    poste = _ceder_le_seul_poste(mer, receveuse, le)
    h = habilitation(Role.OPERATEUR)
    client.force_login(h.utilisateur)
    page = _texte(client.get(f"/conventions/{poste.convention_id}/"))
    assert "telle qu’elle a été signée" in page
    fin = ajouter_mois(debut, 36)
    assert f"au {fin:%d/%m/%Y}" in page and f"close le {le:%d/%m/%Y}" in page
    assert "Déjà versé à la cédante" in page and "25 000,00 €" in page
    assert "plafonné à ce qui n’a pas été versé" in page
    # Once paid in full, the page says why nothing can move, and offers no button.
    _payer(origine, [3])
    page = _texte(client.get(f"/conventions/{poste.convention_id}/"))
    assert "Transfert impossible" in page and "déjà reçu toute sa subvention" in page
    assert "Transférer la subvention" not in page


# --- The pure rules -------------------------------------------------------------------------

from conventions.rules import BAREMES, TypeContrat, calculer_transfert, duree_convention  # noqa: E402

PUBLIC, PRIVE = BAREMES["ami-2020-public"], BAREMES["ami-2021-prive"]


@pytest.mark.parametrize(
    "transfert,verse,non_verse,montant,motif",
    [
        # 366 of 1,096 days left (2024 is a leap year) (signed 1/1/2022 for 36 months): 1/3 of 50,000 €.
        (date(2024, 1, 1), "10000", "40000", "16697.08", ""),
        # Capped: 33 months left but only 25,000 € still unpaid.
        (date(2022, 4, 1), "25000", "25000", "25000.00", ""),
        # Paid in full: nothing moves, the reason is given.
        (date(2024, 1, 1), "50000", "0", "0.00", "déjà reçu toute sa subvention"),
        # After the term as signed: not a running convention any more.
        (date(2025, 1, 1), "10000", "40000", "0.00", "arrivée à son terme"),
        (date(2021, 12, 1), "0", "50000", "0.00", "précéder le début"),
    ],
)
def test_calcul_du_transfert(transfert, verse, non_verse, montant, motif):
    """« la subvention est attribuée au prorata du montant restant. NB : Seules les
    conventions encore en cours peuvent être transférées » [002]."""
    calcul = calculer_transfert(
        montant_total=E("50000"),
        debut=date(2022, 1, 1),
        fin_prevue=date(2025, 1, 1),
        date_transfert=transfert,
        deja_verse=E(verse),
        non_verse=E(non_verse),
    )
    assert calcul.montant == E(montant)
    assert (motif in calcul.motif_refus) if motif else calcul.possible


SOURCE_DUREE = (
    "en CDI : le montant de la subvention est de 40 000 € et la durée de la convention est de "
    "24 mois ; en CDD : le montant de la subvention est de 32 000 € et la durée du contrat et "
    "de la convention est de 18 mois"
)  # seed 001 §II.3


@pytest.mark.parametrize(
    "bareme,contrats,renouvellement,mois,raison",
    [
        (PRIVE, [TypeContrat.CDD], False, 18, "CDD : 18 mois"),
        (PRIVE, [TypeContrat.CDI], False, 24, "CDI : 24 mois"),
        (PRIVE, [TypeContrat.CDD, TypeContrat.CDI], False, 24, "CDI : 24 mois"),
        (PRIVE, [TypeContrat.CONTRAT_PROJET], False, 24, "contrat de projet : 24 mois"),
        (PRIVE, [], False, 24, "Aucun contrat connu"),
        (PUBLIC, [TypeContrat.CDD], False, 36, "au maximum 36 mois"),
        (PRIVE, [TypeContrat.CDD], True, 36, "3 ans"),
    ],
)
def test_duree_de_la_convention(bareme, contrats, renouvellement, mois, raison):
    """SOURCE_DUREE; phase 2: « renouveler leur convention pour une durée de 3 ans » [002 B];
    public: « la convention avec l'État durant au maximum 36 mois » [000].

    Reading: a convention carrying several contracts lasts as long as its longest one
    allows; with no contract known at signature, the AMI maximum."""
    duree = duree_convention(bareme, contrats, renouvellement=renouvellement)
    assert duree.mois == mois and raison in duree.raison


# --- CDD conventions through the services and the signature form ----------------------------

from structures.choix import TypeStructure  # noqa: E402

from .factories import recrutement_valide  # noqa: E402


@pytest.mark.django_db
@pytest.mark.parametrize(
    "type_contrat,duree_contrat,mois",
    [("cdd", 18, 18), ("cdi", None, 24), ("contrat_projet", 24, 24)],
)
def test_signature_d_une_structure_privee_selon_le_contrat(
    client, bordeaux, type_contrat, duree_contrat, mois
):
    """SOURCE_DUREE: the signature of a private structure's convention follows the
    contract it carries, and the operator reads why before signing."""
    structure = structure_avec_postes(bordeaux, postes=1, type=TypeStructure.ASSOCIATION)
    from recrutement.tests.factories import gestionnaire

    gestionnaire(structure)
    mer = recrutement_valide(structure, type_contrat=type_contrat, duree_mois=duree_contrat)
    convention = Convention.objects.get(structure=structure)
    client.force_login(habilitation(Role.OPERATEUR).utilisateur)
    page = _texte(client.get(f"/conventions/{convention.pk}/"))
    assert f"Durée de la convention : <strong>{mois} mois</strong>" in page
    assert f"{mois} mois d’après les contrats portés" in page
    le = timezone.localdate()
    signee = paiements.signer_convention(convention.pk, date_signature=le)
    assert (signee.duree_mois, signee.date_fin, signee.fin_prevue) == (
        mois,
        ajouter_mois(le, mois),
        ajouter_mois(le, mois),
    )
    assert mer.poste.convention_id == convention.pk
