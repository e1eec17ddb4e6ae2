"""The operator's work: pieces, instruction, signature and schedule, payments blocked by
conditions and suspensions, refunds, transfers. Amounts to the cent."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from comptes.models import Evenement
from comptes.services import ActionImpossible
from conventions import dossiers, paiements
from conventions.choix import StatutConvention, StatutTranche
from conventions.models import Convention, PieceJustificative, Subvention, Tranche
from conventions.rules import ajouter_mois
from recrutement.models import DossierSubvention
from recrutement.tests.factories import gestionnaire, structure_avec_postes
from structures.choix import TypeStructure
from territoires.tests.factories import CommuneFactory, DepartementFactory

from .factories import (
    PDF,
    dossier_complet,
    fichier_pdf,
    il_y_a,
    recrutement_finalise,
    recrutement_valide,
    subvention_acceptee,
)

E = Decimal
pytestmark = pytest.mark.usefixtures("sans_conditions")


def association(commune, postes=1):
    s = structure_avec_postes(commune, postes=postes, type=TypeStructure.ASSOCIATION)
    gestionnaire(s)
    return s


@pytest.mark.django_db
class TestPieces:
    def test_liste_de_controle_selon_la_nature(self, bordeaux):
        public = recrutement_valide(commune=bordeaux)
        prive = recrutement_valide(association(bordeaux))
        assert "deliberation" in dossiers.pieces_requises(public.structure)
        assert "deliberation" not in dossiers.pieces_requises(prive.structure)
        with pytest.raises(ActionImpossible, match="pas demandée"):
            dossiers.deposer_piece(
                prive.dossiers_subvention.get().pk,
                type_piece="deliberation",
                fichier=fichier_pdf(),
                structure_id=prive.structure_id,
            )

    @pytest.mark.parametrize(
        "contenu,message",
        [
            (b"", "vide"),
            (b"MZ\x90\x00 un executable", "PDF, PNG ou JPEG"),
            (PDF + b"x" * (5 * 1024 * 1024), "5 Mo"),
        ],
    )
    def test_fichier_refuse(self, bordeaux, contenu, message):
        mer = recrutement_valide(commune=bordeaux)
        with pytest.raises(ActionImpossible, match=message):
            dossiers.deposer_piece(
                mer.dossiers_subvention.get().pk,
                type_piece="rib",
                fichier=fichier_pdf("rib.pdf", contenu),
                structure_id=mer.structure_id,
            )
        assert not PieceJustificative.objects.exists()

    def test_piece_refusee_puis_redeposee(self, bordeaux):
        mer = recrutement_valide(commune=bordeaux)
        dossier = mer.dossiers_subvention.get()
        piece = dossiers.deposer_piece(
            dossier.pk, type_piece="rib", fichier=fichier_pdf(), structure_id=mer.structure_id
        )
        with pytest.raises(ActionImpossible, match="déjà déposée"):
            dossiers.deposer_piece(
                dossier.pk, type_piece="rib", fichier=fichier_pdf(), structure_id=mer.structure_id
            )
        with pytest.raises(ActionImpossible, match="pourquoi"):
            dossiers.verifier_piece(piece.pk, accepter=False)
        dossiers.verifier_piece(piece.pk, accepter=False, motif="RIB illisible")
        dossiers.deposer_piece(
            dossier.pk, type_piece="rib", fichier=fichier_pdf(), structure_id=mer.structure_id
        )
        assert dossier.pieces.filter(type="rib").count() == 2

    def test_une_autre_structure_ne_depose_rien(self, bordeaux):
        mer = recrutement_valide(commune=bordeaux)
        with pytest.raises(ActionImpossible, match="n’existe pas"):
            dossiers.deposer_piece(
                mer.dossiers_subvention.get().pk,
                type_piece="rib",
                fichier=fichier_pdf(),
                structure_id=mer.structure_id + 1,
            )


@pytest.mark.django_db
class TestInstruction:
    def test_accepter_exige_les_pieces_et_le_contrat(self, bordeaux):
        mer = recrutement_valide(commune=bordeaux)
        dossier = mer.dossiers_subvention.get()
        with pytest.raises(ActionImpossible, match="Pièces manquantes"):
            dossiers.accepter_dossier(dossier.pk)
        dossier_complet(mer)
        with pytest.raises(ActionImpossible, match="pas encore validé"):
            dossiers.accepter_dossier(dossier.pk)
        assert not Subvention.objects.exists()

    def test_demander_des_pieces_previent_la_structure(self, bordeaux, courriels):
        mer = recrutement_valide(commune=bordeaux)
        dossier = mer.dossiers_subvention.get()
        with courriels.envoi():
            dossiers.demander_pieces(dossier.pk, message="La délibération signée.")
        dossier.refresh_from_db()
        assert dossier.statut == DossierSubvention.Statut.PIECES_DEMANDEES
        [message] = courriels.outbox
        assert "La délibération signée." in message.body
        # A new piece sends the file back to the operator.
        dossiers.deposer_piece(
            dossier.pk,
            type_piece="deliberation",
            fichier=fichier_pdf(),
            structure_id=mer.structure_id,
        )
        dossier.refresh_from_db()
        assert dossier.statut == DossierSubvention.Statut.A_INSTRUIRE

    @pytest.mark.parametrize(
        "nature,contrat,dep,aides,montant",
        [
            ("public", "cdd", "33", "0", "50000.00"),
            ("public", "cdi", "971", "0", "70000.00"),
            ("public", "cdd", "974", "2500.50", "64999.50"),
            ("prive", "cdi", "33", "0", "40000.00"),
            ("prive", "cdd", "33", "1000", "31000.00"),
            ("prive", "contrat_projet", "33", "0", "40000.00"),
        ],
    )
    def test_montant_selon_le_bareme(self, nature, contrat, dep, aides, montant):
        departement = DepartementFactory(code=dep, outre_mer=dep.startswith("97"))
        commune = CommuneFactory(departement=departement)
        structure = association(commune) if nature == "prive" else None
        duree = None if contrat == "cdi" else 18
        mer = recrutement_finalise(
            structure, commune=commune, type_contrat=contrat, duree_mois=duree
        )
        s = subvention_acceptee(mer, autres_aides=E(aides))
        assert s.montant == E(montant)
        assert s.montant_de_base - s.aides_deduites == s.montant
        assert mer.dossiers_subvention.get().statut == DossierSubvention.Statut.ACCEPTE
        assert Evenement.objects.filter(action="conventions.dossier_accepte").count() == 1

    def test_refuser_exige_un_motif(self, bordeaux):
        dossier = recrutement_valide(commune=bordeaux).dossiers_subvention.get()
        with pytest.raises(ActionImpossible, match="motif"):
            dossiers.refuser_dossier(dossier.pk, motif=" ")
        dossiers.refuser_dossier(dossier.pk, motif="Structure inéligible")
        with pytest.raises(ActionImpossible, match="clos"):
            dossiers.demander_pieces(dossier.pk, message="x")


@pytest.mark.django_db
class TestSignatureEtEcheancier:
    def test_ami_2020_les_tranches_courent_de_la_signature_de_la_convention(self, bordeaux):
        mer = recrutement_finalise(commune=bordeaux)
        s = subvention_acceptee(mer)
        assert not s.tranches.exists()  # the convention is not signed yet
        signee = il_y_a(10)
        c = paiements.signer_convention(s.convention_id, date_signature=signee)
        assert (c.statut, c.date_debut, c.date_fin) == (
            StatutConvention.SIGNEE,
            signee,
            ajouter_mois(signee, 36),
        )
        tranches = list(s.tranches.order_by("rang").values_list("montant", "due_le"))
        assert tranches == [
            (E("10000.00"), ajouter_mois(signee, 1)),
            (E("15000.00"), ajouter_mois(signee, 6)),
            (E("25000.00"), ajouter_mois(signee, 12)),
        ]
        # Signing again the same day changes nothing; another date is refused.
        paiements.signer_convention(s.convention_id, date_signature=signee)
        assert Tranche.objects.count() == 3
        with pytest.raises(ActionImpossible, match="déjà signée"):
            paiements.signer_convention(s.convention_id, date_signature=il_y_a(2))

    def test_ami_2021_les_tranches_courent_de_la_signature_du_contrat(self, bordeaux):
        mer = recrutement_finalise(association(bordeaux), type_contrat="cdd", duree_mois=18)
        s = subvention_acceptee(mer, autres_aides=E("0.01"))
        debut = mer.date_debut_contrat
        tranches = list(s.tranches.order_by("rang").values_list("montant", "due_le"))
        assert tranches == [
            (E("6400.00"), ajouter_mois(debut, 1)),
            (E("9600.00"), ajouter_mois(debut, 6)),
            (E("15999.99"), ajouter_mois(debut, 12)),
        ]
        assert sum(m for m, _ in tranches) == s.montant == E("31999.99")

    def test_signature_dans_le_futur_refusee(self, bordeaux):
        mer = recrutement_finalise(commune=bordeaux)
        convention = Convention.objects.get(structure=mer.structure)
        with pytest.raises(ActionImpossible, match="futur"):
            paiements.signer_convention(
                convention.pk, date_signature=timezone.localdate() + timedelta(days=1)
            )
        convention.refresh_from_db()
        assert convention.statut == StatutConvention.A_SIGNER


@pytest.mark.django_db
class TestPaiements:
    def _tranche(self, bordeaux, rang=1):
        mer = recrutement_finalise(commune=bordeaux)
        s = subvention_acceptee(mer, signer_le=il_y_a(400))
        return s.tranches.get(rang=rang)

    def test_payer_une_tranche(self, bordeaux):
        t = self._tranche(bordeaux)
        paiements.marquer_exigible(t.pk)
        paiements.marquer_payee(t.pk, payee_le=il_y_a(1))
        t.refresh_from_db()
        assert (t.statut, t.payee_le) == (StatutTranche.PAYEE, il_y_a(1))
        assert paiements.montant_verse(t.subvention.convention) == E("10000.00")

    def test_les_conditions_des_autres_applications_bloquent(self, bordeaux, sans_conditions):
        t = self._tranche(bordeaux)
        vus = []

        def formation(tranche):
            vus.append(list(tranche.mises_en_relation()))
            return "Le conseiller n’est pas inscrit en formation."

        sans_conditions.enregistrer_condition(formation, rang=1)
        with pytest.raises(ActionImpossible, match="pas inscrit en formation"):
            paiements.marquer_exigible(t.pk)
        with pytest.raises(ActionImpossible, match="pas inscrit en formation"):
            paiements.marquer_payee(t.pk, payee_le=il_y_a(1))
        t.refresh_from_db()
        assert t.statut == StatutTranche.PREVUE
        assert vus[0] == [t.subvention.mise_en_relation]
        # Rank 2 is not concerned by a rank-1 condition.
        paiements.marquer_exigible(t.subvention.tranches.get(rang=2).pk)

    def test_suspension_bloque_puis_levee(self, bordeaux, courriels):
        t = self._tranche(bordeaux)
        convention_id = t.subvention.convention_id
        with courriels.envoi():
            paiements.suspendre(convention_id, motif="reporting", debut=il_y_a(5))
        assert "suspendus" in courriels.outbox[0].subject
        with pytest.raises(ActionImpossible, match="suspendus depuis"):
            paiements.marquer_payee(t.pk, payee_le=il_y_a(1))
        with pytest.raises(ActionImpossible, match="déjà suspendus"):
            paiements.suspendre(convention_id, motif="hors_catalogue", debut=il_y_a(1))
        with pytest.raises(ActionImpossible, match="précéder"):
            paiements.lever_suspension(convention_id, le=il_y_a(6))
        paiements.lever_suspension(convention_id, le=il_y_a(0))
        paiements.marquer_payee(t.pk, payee_le=il_y_a(0))

    def test_remboursement_plafonne_au_verse(self, bordeaux):
        t = self._tranche(bordeaux)
        convention_id = t.subvention.convention_id
        with pytest.raises(ActionImpossible, match="dépasser"):
            paiements.demander_remboursement(convention_id, montant=E("1"), motif="Hors catalogue")
        paiements.marquer_payee(t.pk, payee_le=il_y_a(1))
        paiements.demander_remboursement(convention_id, montant=E("4000"), motif="Missions")
        with pytest.raises(ActionImpossible, match="6\u202f000,00"):
            paiements.demander_remboursement(convention_id, montant=E("6000.01"), motif="x")
        r = paiements.demander_remboursement(convention_id, montant=E("6000"), motif="x")
        paiements.enregistrer_remboursement(r.pk, recu_le=il_y_a(0))
        r.refresh_from_db()
        assert r.statut == "recu"


@pytest.mark.django_db
def test_transfert_au_prorata(bordeaux, merignac, sans_conditions):
    """The giver signed on 1/1 two years ago (convention of 36 months); a third of the time
    is left: the receiver gets that share of the subsidy, capped at what was not paid."""
    mer = recrutement_finalise(commune=bordeaux)
    debut = date(timezone.localdate().year - 2, 1, 1)
    s = subvention_acceptee(mer, signer_le=debut)
    premiere = s.tranches.get(rang=1)
    paiements.marquer_payee(premiere.pk, payee_le=il_y_a(1))
    receveuse = structure_avec_postes(merignac, postes=1)
    poste = receveuse.postes.get()
    fin = ajouter_mois(debut, 36)
    le = ajouter_mois(debut, 24)
    nouvelle = paiements.transferer_subvention(s.pk, poste_receveur_id=poste.pk, date_transfert=le)
    attendu = (E("50000") * (fin - le).days / (fin - debut).days).quantize(E("0.01"))
    assert nouvelle.montant == attendu
    assert nouvelle.convention.structure == receveuse
    assert sum(t.montant for t in nouvelle.tranches.all()) == attendu
    assert set(s.tranches.exclude(pk=premiere.pk).values_list("statut", flat=True)) == {
        StatutTranche.ANNULEE
    }
    # Twice: the same transfer.
    assert (
        paiements.transferer_subvention(s.pk, poste_receveur_id=poste.pk, date_transfert=le)
        == nouvelle
    )


@pytest.mark.django_db(transaction=True)
def test_deux_acceptations_et_deux_paiements_simultanes(bordeaux, sans_conditions):
    """A double click reaching two workers: one subsidy, one payment, no error."""
    from .test_contrats import _en_parallele

    mer = recrutement_finalise(commune=bordeaux)
    dossier = dossier_complet(mer)
    erreurs = _en_parallele(
        lambda: dossiers.accepter_dossier(dossier.pk),
        lambda: dossiers.accepter_dossier(dossier.pk),
    )
    assert erreurs == [] and Subvention.objects.count() == 1
    s = Subvention.objects.get()
    paiements.signer_convention(s.convention_id, date_signature=timezone.localdate())
    t = s.tranches.get(rang=1)
    erreurs = _en_parallele(
        lambda: paiements.marquer_payee(t.pk, payee_le=timezone.localdate()),
        lambda: paiements.suspendre(s.convention_id, motif="reporting", debut=timezone.localdate()),
    )
    t.refresh_from_db()
    # Either paid before the suspension, or refused because of it: never both at once.
    if erreurs:
        assert "suspendus" in str(erreurs[0]) and t.statut == StatutTranche.PREVUE
    else:
        assert t.statut == StatutTranche.PAYEE
    assert Evenement.objects.filter(action="conventions.dossier_accepte").count() == 1


@pytest.mark.django_db
def test_les_tranches_echues_deviennent_exigibles_sauf_bloquees(bordeaux, merignac):
    bloquee = subvention_acceptee(recrutement_finalise(commune=bordeaux), signer_le=il_y_a(200))
    libre = subvention_acceptee(recrutement_finalise(commune=merignac), signer_le=il_y_a(200))
    paiements.suspendre(bloquee.convention_id, motif="comptes_rendus", debut=il_y_a(3))
    exigibles, bloquees = paiements.rendre_exigibles()
    assert exigibles == 2  # the free subsidy's tranches 1 and 2 (due at 1 and 6 months)
    assert set(libre.tranches.values_list("rang", "statut")) == {
        (1, StatutTranche.EXIGIBLE),
        (2, StatutTranche.EXIGIBLE),
        (3, StatutTranche.PREVUE),
    }
    assert len(bloquees) == 2 and all("suspendus" in m[0] for m in bloquees.values())
    assert paiements.rendre_exigibles() == (0, bloquees)


@pytest.mark.django_db
def test_l_operateur_choisit_la_date_de_reference(bordeaux):
    """A public structure's convention may be set to date tranches from the contract."""
    mer = recrutement_finalise(commune=bordeaux)
    s = subvention_acceptee(mer)
    with pytest.raises(ActionImpossible, match="date de référence"):
        paiements.signer_convention(s.convention_id, date_signature=il_y_a(1), reference="x")
    paiements.signer_convention(
        s.convention_id, date_signature=il_y_a(1), reference="signature_contrat"
    )
    assert s.tranches.get(rang=1).due_le == ajouter_mois(mer.date_debut_contrat, 1)
