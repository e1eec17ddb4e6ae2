"""The matching query against the database, the tabs, filters and who sees which candidate."""

import itertools
from datetime import timedelta

import pytest
from django.utils import timezone

from candidats import selectors as selecteurs_candidats
from candidats.models import Candidat
from candidats.rules import DOMAINES_PIX
from comptes.acces import perimetre
from comptes.roles import Role
from comptes.tests.factories import habilitation
from instruction.choix import StatutDemande
from instruction.tests.factories import DemandeFactory
from recrutement import rules, selectors, services
from recrutement.models import MiseEnRelation
from structures.choix import StatutStructure
from territoires.tests.factories import CommuneFactory

from .factories import (
    MiseEnRelationFactory,
    ajouter_postes,
    candidat_a,
    contrat,
    structure_avec_postes,
)

AUJOURD_HUI = timezone.localdate


def ids(qs):
    return set(qs.values_list("pk", flat=True))


_CODES = itertools.count(900)


def _code_libre(departement: str) -> str:
    """339xx in Gironde, 97490–97499 overseas: codes of no real commune of the fixtures."""
    n = next(_CODES)
    if len(departement) == 3:
        return f"{departement}9{n % 10}"
    return f"{departement}{n % 100 + 900}"


def commune_au_nord(base, km, **kwargs):
    """A commune ``km`` kilometres north of ``base``, in the same département (with a code
    that no real commune of the fixtures has)."""
    return CommuneFactory(
        code_insee=_code_libre(base.departement_id),
        departement=base.departement,
        latitude=base.latitude + km / rules.KM_PAR_DEGRE,
        longitude=base.longitude,
        **kwargs,
    )


@pytest.fixture
def bordeaux(lieux):
    return structure_avec_postes(lieux["bordeaux"])


@pytest.mark.django_db
class TestCorrespondances:
    def test_distance_des_deux_cotes_du_rayon(self, lieux, bordeaux):
        a_19 = candidat_a(commune_au_nord(lieux["bordeaux"], 19), distance_max=20)
        a_21 = candidat_a(commune_au_nord(lieux["bordeaux"], 21), distance_max=20)
        a_21_rayon_40 = candidat_a(commune_au_nord(lieux["bordeaux"], 21), distance_max=40)
        lyonnais = candidat_a(lieux["lyon"], distance_max=100)
        lyonnais_partout = candidat_a(lieux["lyon"], distance_max=2000)
        trouves = ids(selectors.correspondances(selectors.offre(bordeaux)))
        assert trouves == {a_19.pk, a_21_rayon_40.pk, lyonnais_partout.pk}
        assert a_21.pk not in trouves and lyonnais.pk not in trouves

    def test_distance_calculee_en_sql_comme_en_python(self, lieux, bordeaux):
        c = candidat_a(lieux["libourne"], distance_max=40)
        resultat = selectors.correspondances(selectors.offre(bordeaux)).get(pk=c.pk)
        attendu = rules.distance_km(
            rules.Lieu(44.8378, -0.5792, "33", False), rules.Lieu(44.9153, -0.2433, "33", False)
        )
        assert resultat.distance == pytest.approx(attendu, abs=0.01)
        assert 25 < resultat.distance < 30

    def test_dates_selon_le_debut_souhaite(self, lieux, bordeaux):
        demain = candidat_a(lieux["merignac"], disponible_le=AUJOURD_HUI() + timedelta(days=1))
        dans_40_jours = candidat_a(
            lieux["merignac"], disponible_le=AUJOURD_HUI() + timedelta(days=40)
        )
        maintenant = candidat_a(lieux["merignac"])
        o = selectors.offre(bordeaux)
        assert ids(selectors.correspondances(o)) == {maintenant.pk}
        # The structure wished to start in two months: both are available by then.
        DemandeFactory(
            structure=bordeaux,
            statut=StatutDemande.ACCEPTEE,
            cloturee_le=timezone.now(),
            date_debut_souhaitee=AUJOURD_HUI() + timedelta(days=60),
        )
        o = selectors.offre(bordeaux)
        assert o.reference == AUJOURD_HUI() + timedelta(days=60)
        assert ids(selectors.correspondances(o)) == {maintenant.pk, demain.pk, dans_40_jours.pk}

    def test_en_pause_recrute_supprime_ou_non_confirme_exclus(self, lieux, bordeaux):
        garde = candidat_a(lieux["merignac"])
        candidat_a(lieux["merignac"], statut=Candidat.Statut.NON_DISPONIBLE)
        candidat_a(lieux["merignac"], statut=Candidat.Statut.RECRUTE)
        candidat_a(lieux["merignac"], utilisateur__email_verifie_le=None)
        # Being recruited elsewhere (a validated candidature) is enough to leave the matches.
        en_cours = candidat_a(lieux["merignac"])
        autre = structure_avec_postes(lieux["libourne"])
        lien = MiseEnRelationFactory(candidat=en_cours, structure=autre)
        services.valider_candidature(structure=autre, candidat_id=en_cours.pk, **contrat())
        lien.refresh_from_db()
        assert lien.statut == rules.RECRUTEE
        assert ids(selectors.correspondances(selectors.offre(bordeaux))) == {garde.pk}

    def test_outre_mer_entre_eux(self, lieux):
        reunion = structure_avec_postes(lieux["saint_denis"])
        voisin = candidat_a(commune_au_nord(lieux["saint_denis"], 10), distance_max=20)
        metropole_partout = candidat_a(lieux["bordeaux"], distance_max=2000)
        guadeloupe_partout = candidat_a(lieux["pointe_a_pitre"], distance_max=2000)
        assert ids(selectors.correspondances(selectors.offre(reunion))) == {voisin.pk}
        bordeaux = structure_avec_postes(lieux["bordeaux"])
        assert ids(selectors.correspondances(selectors.offre(bordeaux))) == {metropole_partout.pk}
        assert guadeloupe_partout.pk not in ids(
            selectors.correspondances(selectors.offre(bordeaux))
        )


@pytest.mark.django_db
class TestNouvelles:
    def test_les_plus_proches_d_abord_dans_la_limite(self, lieux, bordeaux):
        loin = candidat_a(commune_au_nord(lieux["bordeaux"], 30), distance_max=40)
        proche = candidat_a(commune_au_nord(lieux["bordeaux"], 3), distance_max=5)
        moyen = candidat_a(commune_au_nord(lieux["bordeaux"], 12), distance_max=20)
        tres_loin = candidat_a(lieux["lyon"], distance_max=2000)
        o = selectors.offre(bordeaux)
        n = selectors.plus_proches_nouvelles(o)
        assert n.ids == [proche.pk, moyen.pk, loin.pk, tres_loin.pk]
        assert not n.plafonnees
        # With a neighbourhood of three candidates, the farthest are left to the pool search.
        n = selectors.plus_proches_nouvelles(o, limite=3)
        assert n.ids == [proche.pk, moyen.pk, loin.pk]
        assert n.plafonnees

    def test_le_voisinage_compte_aussi_ceux_qui_ne_viennent_pas_si_loin(self, lieux, bordeaux):
        # The real platform kept the nearest candidates, then their radius (§4.2).
        casanier = candidat_a(commune_au_nord(lieux["bordeaux"], 3), distance_max=5)
        sedentaire = candidat_a(commune_au_nord(lieux["bordeaux"], 8), distance_max=5)
        mobile = candidat_a(commune_au_nord(lieux["bordeaux"], 30), distance_max=40)
        n = selectors.plus_proches_nouvelles(selectors.offre(bordeaux), limite=2)
        assert n.ids == [casanier.pk] and n.plafonnees
        assert sedentaire.pk not in n.ids and mobile.pk not in n.ids

    def test_sans_les_candidats_deja_traites(self, lieux, bordeaux):
        nouveau = candidat_a(lieux["merignac"])
        preselectionne = candidat_a(lieux["merignac"])
        ecarte = candidat_a(lieux["merignac"])
        remis = candidat_a(lieux["merignac"])
        MiseEnRelationFactory(candidat=preselectionne, structure=bordeaux, statut=rules.INTERESSEE)
        MiseEnRelationFactory(candidat=ecarte, structure=bordeaux, statut=rules.NON_INTERESSEE)
        MiseEnRelationFactory(candidat=remis, structure=bordeaux, statut=rules.NOUVELLE)
        o = selectors.offre(bordeaux)
        assert set(selectors.plus_proches_nouvelles(o).ids) == {nouveau.pk, remis.pk}
        compteurs = selectors.compteurs(o)
        assert compteurs[rules.NOUVELLE] == 2
        assert compteurs[rules.INTERESSEE] == compteurs[rules.NON_INTERESSEE] == 1
        # « Toutes » holds every other tab, the new matches included: it read « Toutes (0) »
        # beside « Nouvelles candidatures (43) » (issue 14).
        assert compteurs["toutes"] == 4
        toutes = set(selectors.ids_onglet(o, "toutes"))
        assert toutes == {nouveau.pk, preselectionne.pk, ecarte.pk, remis.pk}
        assert len(toutes) == compteurs["toutes"]
        for code, _ in rules.ONGLETS:
            assert set(selectors.ids_onglet(o, code)) <= toutes, code
            assert len(set(selectors.ids_onglet(o, code))) == compteurs[code], code

    def test_onglets_des_liens(self, lieux, bordeaux):
        a = candidat_a(lieux["merignac"])
        b = candidat_a(lieux["lyon"], distance_max=5)  # brought by the structure, far away
        MiseEnRelationFactory(candidat=a, structure=bordeaux, statut=rules.INTERESSEE)
        MiseEnRelationFactory(
            candidat=b,
            structure=bordeaux,
            statut=rules.INTERESSEE,
            origine=MiseEnRelation.Origine.STRUCTURE,
        )
        o = selectors.offre(bordeaux)
        assert list(selectors.ids_onglet(o, rules.INTERESSEE)) == [a.pk, b.pk]
        lignes = selectors.lignes(o, [b.pk, a.pk])
        assert [c.pk for c in lignes] == [b.pk, a.pk]
        assert lignes[0].lien_statut == rules.INTERESSEE
        assert lignes[0].distance > 400
        assert list(selectors.ids_onglet(o, rules.RECRUTEE)) == []


@pytest.mark.django_db
class TestFiltres:
    def test_filtres(self, lieux, bordeaux):
        avance = candidat_a(lieux["merignac"], pix_score=600, pix_partage_le=timezone.now())
        avance.pix_niveaux = {code: 6 for code, _ in DOMAINES_PIX}
        avance.save()
        debutant = candidat_a(lieux["merignac"], pix_score=100, pix_partage_le=timezone.now())
        debutant.pix_niveaux = {code: 1 for code, _ in DOMAINES_PIX}
        debutant.save()
        diplome = candidat_a(
            lieux["libourne"],
            distance_max=40,
            est_diplome_med_num=True,
            nom_diplome_med_num="Titre professionnel REMN",
            cv=True,
            utilisateur__prenom="Aïcha",
            utilisateur__nom="Benali",
        )
        ancien = candidat_a(lieux["merignac"])
        MiseEnRelationFactory(
            candidat=ancien,
            structure=structure_avec_postes(lieux["libourne"]),
            statut=rules.FINALISEE_RUPTURE,
            type_contrat="cdi",
            date_debut_contrat=AUJOURD_HUI() - timedelta(days=400),
            salaire_brut_mensuel=1900,
            taille_tenue="L",
            fiche_poste_publiee_le=AUJOURD_HUI() - timedelta(days=450),
            validee_le=timezone.now(),
            date_rupture=AUJOURD_HUI() - timedelta(days=10),
            motif_rupture="demission",
            poste=None,
        )
        o = selectors.offre(bordeaux)

        def trouves(**filtres):
            return set(selectors.ids_onglet(o, rules.NOUVELLE, filtres=filtres))

        tous = {avance.pk, debutant.pk, diplome.pk, ancien.pk}
        assert trouves() == tous
        assert trouves(pix=["3"]) == {avance.pk}
        assert trouves(pix=["1", "2"]) == {debutant.pk}
        assert trouves(cv="oui") == {diplome.pk}
        assert trouves(cv="non") == tous - {diplome.pk}
        assert trouves(diplome="oui") == {diplome.pk}
        assert trouves(deja_forme="oui") == {ancien.pk}
        assert trouves(deja_forme="non") == tous - {ancien.pk}
        assert trouves(q="aicha") == {diplome.pk}
        assert trouves(q="Libourne") == {diplome.pk}
        assert trouves(q="33500") == {diplome.pk}
        assert [c.deja_forme for c in selectors.lignes(o, [ancien.pk, avance.pk])] == [True, False]

    def test_tris(self, lieux, bordeaux):
        tard = candidat_a(lieux["merignac"], disponible_le=AUJOURD_HUI() - timedelta(days=1))
        tot = candidat_a(
            lieux["libourne"], distance_max=40, disponible_le=AUJOURD_HUI() - timedelta(days=90)
        )
        o = selectors.offre(bordeaux)
        assert list(selectors.ids_onglet(o, rules.NOUVELLE, tri="distance")) == [tard.pk, tot.pk]
        assert list(selectors.ids_onglet(o, rules.NOUVELLE, tri="disponibilite")) == [
            tot.pk,
            tard.pk,
        ]
        # 33500 (Libourne) before 33700 (Mérignac).
        assert list(selectors.ids_onglet(o, rules.NOUVELLE, tri="code_postal")) == [tot.pk, tard.pk]


@pytest.mark.django_db
class TestQuiVoitQuoi:
    def test_une_structure_voit_ses_liens_et_le_vivier_si_elle_a_des_postes(self, lieux, bordeaux):
        h = habilitation(Role.STRUCTURE, structure=bordeaux)
        disponible = candidat_a(lieux["lyon"], distance_max=5)
        en_pause = candidat_a(lieux["merignac"], statut=Candidat.Statut.NON_DISPONIBLE)
        lie_en_pause = candidat_a(lieux["merignac"], statut=Candidat.Statut.NON_DISPONIBLE)
        MiseEnRelationFactory(candidat=lie_en_pause, structure=bordeaux)
        p = perimetre(h)
        visibles = ids(selecteurs_candidats.candidats_for_user(p))
        assert {disponible.pk, lie_en_pause.pk} <= visibles
        assert en_pause.pk not in visibles

        # Without allocated posts (or not validated), only its own links.
        sans_postes = structure_avec_postes(lieux["libourne"], postes=0)
        assert (
            ids(
                selecteurs_candidats.candidats_for_user(
                    perimetre(habilitation(Role.STRUCTURE, structure=sans_postes))
                )
            )
            == set()
        )
        refusee = structure_avec_postes(lieux["libourne"], statut=StatutStructure.REFUS_COSELEC)
        assert (
            ids(
                selecteurs_candidats.candidats_for_user(
                    perimetre(habilitation(Role.STRUCTURE, structure=refusee))
                )
            )
            == set()
        )

    def test_coordonnees_et_cv_apres_l_interet(self, lieux, bordeaux):
        p = perimetre(habilitation(Role.STRUCTURE, structure=bordeaux))
        c = candidat_a(lieux["merignac"], cv=True)
        assert not selecteurs_candidats.peut_voir_coordonnees(p, c)
        # The CV carries the contact details: it follows them.
        assert c.pk not in ids(selecteurs_candidats.cv_for_user(p))
        services.preselectionner(structure=bordeaux, candidat_id=c.pk)
        assert selecteurs_candidats.peut_voir_coordonnees(p, c)
        assert c.pk in ids(selecteurs_candidats.cv_for_user(p))
        services.ne_pas_retenir(structure=bordeaux, candidat_id=c.pk)
        assert not selecteurs_candidats.peut_voir_coordonnees(p, c)
        assert c.pk not in ids(selecteurs_candidats.cv_for_user(p))
        # Another structure never sees this structure's contact details.
        autre = structure_avec_postes(lieux["libourne"])
        assert not selecteurs_candidats.peut_voir_coordonnees(
            perimetre(habilitation(Role.STRUCTURE, structure=autre)), c
        )

    def test_les_autres_roles_ne_voient_aucune_mise_en_relation(self, lieux, bordeaux):
        MiseEnRelationFactory(candidat=candidat_a(lieux["merignac"]), structure=bordeaux)
        for role in Role.values:
            qs = selectors.mises_en_relation_for_user(perimetre(habilitation(role)))
            attendu = 1 if role == Role.ANCT else 0
            assert qs.count() == attendu, role
        assert (
            selectors.mises_en_relation_for_user(
                perimetre(habilitation(Role.STRUCTURE, structure=bordeaux))
            ).count()
            == 1
        )


@pytest.mark.django_db
class TestRetards:
    def test_structures_en_retard_selon_le_perimetre(self, lieux):
        hier = AUJOURD_HUI() - timedelta(days=1)
        en_retard = structure_avec_postes(lieux["bordeaux"], postes=2, recruter_avant=hier)
        a_jour = structure_avec_postes(lieux["libourne"], recruter_avant=AUJOURD_HUI())
        lyon = structure_avec_postes(lieux["lyon"], recruter_avant=hier)
        # Both posts of this one are taken: it is not late.
        pourvue = structure_avec_postes(lieux["merignac"], postes=1, recruter_avant=hier)
        c = candidat_a(lieux["merignac"])
        MiseEnRelationFactory(candidat=c, structure=pourvue)
        services.valider_candidature(structure=pourvue, candidat_id=c.pk, **contrat())

        prefecture_33 = perimetre(
            habilitation(Role.PREFECTURE, departement=lieux["bordeaux"].departement)
        )
        liste = list(selectors.structures_en_retard_for_user(prefecture_33))
        assert [s.pk for s in liste] == [en_retard.pk]
        assert liste[0].postes_en_retard == 2 and liste[0].echeance_depassee == hier
        national = selectors.structures_en_retard_for_user(perimetre(habilitation(Role.ANCT)))
        assert {s.pk for s in national} == {en_retard.pk, lyon.pk}
        assert a_jour.pk not in {s.pk for s in national}
        for role in (Role.STRUCTURE, Role.HUB, Role.OPERATEUR, Role.CANDIDAT):
            assert not selectors.structures_en_retard_for_user(
                perimetre(habilitation(role))
            ).exists()

    def test_postes_libres_et_echeance(self, lieux):
        s = structure_avec_postes(lieux["bordeaux"], postes=1)
        ajouter_postes(s, 1, recruter_avant=AUJOURD_HUI() + timedelta(days=10))
        etat = selectors.etat_postes(s.pk)
        assert (etat.attribues, etat.recrutes, etat.libres) == (2, 0, 2)
        assert etat.echeance == AUJOURD_HUI() + timedelta(days=10)
