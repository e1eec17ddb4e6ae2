"""The recruitment pages through the test client: roles, what a structure sees, forms."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from candidats.models import Candidat
from comptes.roles import Role
from comptes.tests.factories import habilitation
from recrutement import rules, services
from recrutement.models import DossierSubvention, MiseEnRelation

from .factories import MiseEnRelationFactory, candidat_a, contrat, structure_avec_postes

AUJOURD_HUI = timezone.localdate

PAGES = {
    "recrutement:espace": {Role.STRUCTURE},
    "recrutement:vivier": {Role.STRUCTURE},
    "recrutement:ajouter": {Role.STRUCTURE},
    "recrutement:validations": {Role.ANCT},
    "recrutement:retards": {Role.PREFECTURE, Role.ANCT},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
def test_chaque_role_ouvre_ses_pages_et_pas_celles_des_autres(client, role):
    client.force_login(habilitation(role).utilisateur)
    for nom, roles in PAGES.items():
        reponse = client.get(reverse(nom))
        assert reponse.status_code == (200 if role in roles else 404), f"{role} sur {nom}"


@pytest.mark.django_db
def test_anonyme_doit_se_connecter(client):
    for nom in PAGES:
        reponse = client.get(reverse(nom))
        assert reponse.status_code == 302 and "/connexion/" in reponse["Location"]


@pytest.fixture
def bordeaux(lieux):
    return structure_avec_postes(lieux["bordeaux"], postes=2)


@pytest.fixture
def gestionnaire_connecte(client, bordeaux):
    h = habilitation(Role.STRUCTURE, structure=bordeaux)
    client.force_login(h.utilisateur)
    return h


@pytest.fixture
def lea(lieux):
    return candidat_a(
        lieux["merignac"],
        cv=True,
        utilisateur__prenom="Léa",
        utilisateur__nom="Moreau",
        utilisateur__email="lea.moreau@exemple.fr",
        utilisateur__telephone="0611223344",
    )


@pytest.mark.django_db
class TestEspaceStructure:
    def test_sans_postes_l_espace_l_explique(self, client, lieux):
        s = structure_avec_postes(lieux["bordeaux"], postes=0)
        client.force_login(habilitation(Role.STRUCTURE, structure=s).utilisateur)
        reponse = client.get(reverse("recrutement:espace"))
        assert "pas encore ouvert" in reponse.text
        candidat = candidat_a(lieux["merignac"])
        assert client.get(reverse("recrutement:candidat", args=[candidat.pk])).status_code == 404

    def test_onglets_compteurs_et_champs_visibles(self, client, gestionnaire_connecte, lea, lieux):
        candidat_a(lieux["libourne"], distance_max=40, utilisateur__prenom="Hugo")
        reponse = client.get(reverse("recrutement:espace"))
        assert reponse.status_code == 200
        assert "0 recruté / 2 postes" in reponse.text
        assert "Nouvelles candidatures (2)" in reponse.text
        assert "Il vous reste <strong>60 jours</strong>" in reponse.text
        # Before any interest: first name and initial, not the contact details.
        assert "Léa M." in reponse.text
        assert "Moreau" not in reponse.text and "lea.moreau@exemple.fr" not in reponse.text
        # The CV holds the contact details: the list says it exists, it opens at pre-selection.
        assert reverse("candidats:cv", args=[lea.pk]) not in reponse.text
        assert "visible après présélection" in reponse.text
        fiche = client.get(reverse("recrutement:candidat", args=[lea.pk]))
        assert "lea.moreau@exemple.fr" not in fiche.text and "06 11 22 33 44" not in fiche.text
        assert "J’aime expliquer le numérique" in fiche.text
        assert "téléchargeable une fois le candidat présélectionné" in fiche.text
        assert client.get(reverse("candidats:cv", args=[lea.pk])).status_code == 404

        reponse = client.post(reverse("recrutement:preselectionner", args=[lea.pk]), follow=True)
        assert "Candidat présélectionné" in reponse.text
        assert "lea.moreau@exemple.fr" in reponse.text and "06 11 22 33 44" in reponse.text
        assert reverse("candidats:cv", args=[lea.pk]) in reponse.text
        assert client.get(reverse("candidats:cv", args=[lea.pk])).status_code == 200
        assert "Léa Moreau" in reponse.text
        liste = client.get(reverse("recrutement:espace"), {"statut": "interessee"})
        assert "Présélectionnés (1)" in liste.text and "Nouvelles candidatures (1)" in liste.text
        assert "Léa Moreau" in liste.text

    def test_une_structure_ne_voit_pas_n_importe_quel_candidat(
        self, client, gestionnaire_connecte, lieux
    ):
        en_pause = candidat_a(lieux["merignac"], statut=Candidat.Statut.NON_DISPONIBLE)
        supprime = candidat_a(lieux["merignac"])
        Candidat.objects.filter(pk=supprime.pk).update(
            supprime_le=timezone.now(),
            commune=None,
            date_naissance=None,
            motivation="",
            motif_suppression="autre",
        )
        for c in (en_pause, supprime):
            assert client.get(reverse("recrutement:candidat", args=[c.pk])).status_code == 404
            assert (
                client.post(reverse("recrutement:preselectionner", args=[c.pk])).status_code == 404
            )
        # Linked to another structure only: the contact details stay hidden.
        autre = structure_avec_postes(lieux["libourne"])
        lie_ailleurs = candidat_a(lieux["merignac"], utilisateur__email="ailleurs@exemple.fr")
        services.preselectionner(structure=autre, candidat_id=lie_ailleurs.pk)
        fiche = client.get(reverse("recrutement:candidat", args=[lie_ailleurs.pk]))
        assert fiche.status_code == 200 and "ailleurs@exemple.fr" not in fiche.text
        # Another structure's link is not one of ours: the candidate is only one of our new
        # matches, and « Toutes » (which holds every tab) lists them as such, without the
        # contact details.
        toutes = client.get(reverse("recrutement:espace"), {"statut": "toutes"})
        assert [c.pk for c in toutes.context["page_obj"]] == [lie_ailleurs.pk]
        assert toutes.context["page_obj"][0].lien_statut is None
        assert "ailleurs@exemple.fr" not in toutes.text

    def test_filtres_invalides_et_export(self, client, gestionnaire_connecte, lea):
        reponse = client.get(reverse("recrutement:espace"), {"pix": "9"})
        assert reponse.status_code == 200
        assert "Sélectionnez un choix valide" in reponse.text
        assert reponse.context["page_obj"].paginator.count == 0
        assert client.get(reverse("recrutement:espace"), {"statut": "pirate"}).status_code == 404
        export = client.get(reverse("recrutement:espace"), {"format": "csv"})
        contenu = b"".join(export.streaming_content).decode("utf-8-sig")
        assert "Léa M." in contenu and "lea.moreau" not in contenu
        services.preselectionner(structure=gestionnaire_connecte.structure, candidat_id=lea.pk)
        export = client.get(
            reverse("recrutement:espace"), {"statut": "interessee", "format": "csv"}
        )
        contenu = b"".join(export.streaming_content).decode("utf-8-sig")
        assert "Léa Moreau;lea.moreau@exemple.fr;06 11 22 33 44" in contenu

    def test_vivier_au_dela_des_correspondances(self, client, gestionnaire_connecte, lieux):
        lyonnaise = candidat_a(lieux["lyon"], distance_max=5, utilisateur__prenom="Inès")
        reponse = client.get(reverse("recrutement:vivier"))
        assert "Inès" not in reponse.text  # the structure's département by default
        reponse = client.get(
            reverse("recrutement:vivier"), {"departement": "69", "tri": "distance"}
        )
        assert "Inès" in reponse.text
        fiche = client.get(reverse("recrutement:candidat", args=[lyonnaise.pk]))
        assert "vous l’avez trouvé dans le vivier" in fiche.text
        client.post(reverse("recrutement:preselectionner", args=[lyonnaise.pk]))
        assert MiseEnRelation.objects.get().origine == MiseEnRelation.Origine.VIVIER

    def test_non_retenu_et_remettre(self, client, gestionnaire_connecte, lea):
        client.post(reverse("recrutement:non_retenu", args=[lea.pk]))
        assert MiseEnRelation.objects.get().statut == rules.NON_INTERESSEE
        reponse = client.post(reverse("recrutement:remettre", args=[lea.pk]), follow=True)
        assert "de nouveau parmi les nouvelles candidatures" in reponse.text
        assert client.get(reverse("recrutement:non_retenu", args=[lea.pk])).status_code == 405


@pytest.mark.django_db
class TestValidation:
    def _donnees(self, **changements):
        d = contrat(**changements)
        return {
            "type_poste": "conseiller",
            "type_contrat": d["type_contrat"],
            "date_debut": d["date_debut"].isoformat(),
            "duree_mois": d["duree_mois"] or "",
            "salaire": str(d["salaire"]).replace(".", ","),
            "taille_tenue": d["taille_tenue"],
            "fiche_publiee_le": d["fiche_publiee_le"].isoformat(),
        }

    def test_valider_une_candidature(self, client, gestionnaire_connecte, lea, courriels):
        url = reverse("recrutement:valider", args=[lea.pk])
        reponse = client.get(url, follow=True)
        assert "Présélectionnez d’abord ce candidat" in reponse.text
        services.preselectionner(structure=gestionnaire_connecte.structure, candidat_id=lea.pk)
        formulaire = client.get(url)
        assert "Taille de la tenue du conseiller" in formulaire.text
        assert "Au moins le SMIC" in formulaire.text
        with courriels.envoi():
            reponse = client.post(url, self._donnees(), follow=True)
        assert "Candidature validée : le poste est réservé" in reponse.text
        mer = MiseEnRelation.objects.get()
        assert mer.statut == rules.RECRUTEE and mer.salaire_brut_mensuel == Decimal("1950.00")
        assert DossierSubvention.objects.filter(statut="a_instruire").count() == 1
        assert "1 recruté / 2 postes" in client.get(reverse("recrutement:espace")).text
        assert len(courriels.outbox) == 1
        # Withdraw it: the post is free again.
        reponse = client.post(reverse("recrutement:annuler_validation", args=[lea.pk]), follow=True)
        assert "le poste est de nouveau libre" in reponse.text
        assert "0 recruté / 2 postes" in client.get(reverse("recrutement:espace")).text

    def test_salaire_saisi_comme_l_aide_le_montre(
        self, client, gestionnaire_connecte, lea, courriels
    ):
        """Issue 14: « salary typed as a person types it: « 2 100 » » was refused, and the
        page read « vos 1 poste libre »."""
        services.preselectionner(structure=gestionnaire_connecte.structure, candidat_id=lea.pk)
        url = reverse("recrutement:valider", args=[lea.pk])
        assert "l’un de vos 2 postes libres" in client.get(url).text
        with courriels.envoi():
            client.post(url, {**self._donnees(), "salaire": "2 100"}, follow=True)
        assert MiseEnRelation.objects.get().salaire_brut_mensuel == Decimal("2100")
        client.post(reverse("recrutement:annuler_validation", args=[lea.pk]))
        reponse = client.post(url, {**self._donnees(), "salaire": "deux mille"})
        assert "Saisissez un montant en euros, par exemple 2 100 ou 1 823,03." in reponse.text

    @pytest.mark.parametrize(
        "changements,champ,message",
        [
            ({"salaire": Decimal("1200.00")}, "salaire", "au moins égal au SMIC"),
            ({"type_contrat": "cdi"}, "duree_mois", "Un CDI n’a pas de durée"),
            (
                {"fiche_publiee_le": AUJOURD_HUI() - timedelta(days=2)},
                "date_debut",
                "au moins 30 jours",
            ),
            ({"type_contrat": "cui_cie_pec"}, "type_contrat", "outre-mer"),
        ],
    )
    def test_contrat_refuse(
        self, client, gestionnaire_connecte, lea, courriels, changements, champ, message
    ):
        services.preselectionner(structure=gestionnaire_connecte.structure, candidat_id=lea.pk)
        with courriels.envoi():
            reponse = client.post(
                reverse("recrutement:valider", args=[lea.pk]), self._donnees(**changements)
            )
        assert reponse.status_code == 200
        assert message in str(reponse.context["form"].errors[champ])
        assert message in reponse.text
        assert MiseEnRelation.objects.get().statut == rules.INTERESSEE
        assert not DossierSubvention.objects.exists() and not courriels.outbox

    def test_formulaire_vide(self, client, gestionnaire_connecte, lea, courriels):
        services.preselectionner(structure=gestionnaire_connecte.structure, candidat_id=lea.pk)
        with courriels.envoi():
            reponse = client.post(reverse("recrutement:valider", args=[lea.pk]), {})
        erreurs = reponse.context["form"].errors
        assert erreurs["type_contrat"] == ["Choisissez le type de contrat."]
        assert erreurs["salaire"] == ["Indiquez le salaire brut mensuel."]
        assert erreurs["taille_tenue"] == ["Choisissez la taille de la tenue."]
        assert "Le formulaire contient" in reponse.text
        assert not DossierSubvention.objects.exists() and not courriels.outbox


@pytest.mark.django_db
class TestAjouterSonCandidat:
    def test_par_courriel(self, client, gestionnaire_connecte, lieux, courriels):
        url = reverse("recrutement:ajouter")
        reponse = client.post(url, {"email": "pas-une-adresse"})
        assert "Saisissez une adresse électronique valide" in reponse.text
        reponse = client.post(url, {"email": "inconnu@exemple.fr"})
        assert "Aucun candidat inscrit et confirmé" in reponse.text
        assert not MiseEnRelation.objects.exists()
        connu = candidat_a(lieux["lyon"], utilisateur__email="connu@exemple.fr")
        with courriels.envoi():
            reponse = client.post(url, {"email": "connu@exemple.fr"}, follow=True)
        assert "connu@exemple.fr" in reponse.text  # pre-selected: contact details shown
        mer = MiseEnRelation.objects.get()
        assert mer.candidat == connu and mer.origine == MiseEnRelation.Origine.STRUCTURE
        assert len(courriels.outbox) == 1


@pytest.mark.django_db
class TestEquipeNationale:
    def test_valider_puis_annuler_un_recrutement(self, client, lieux, bordeaux, lea, courriels):
        services.preselectionner(structure=bordeaux, candidat_id=lea.pk)
        mer = services.valider_candidature(structure=bordeaux, candidat_id=lea.pk, **contrat())
        autre = candidat_a(lieux["libourne"], distance_max=40)
        services.preselectionner(structure=bordeaux, candidat_id=autre.pk)
        mer2 = services.valider_candidature(structure=bordeaux, candidat_id=autre.pk, **contrat())
        client.force_login(habilitation(Role.ANCT).utilisateur)
        liste = client.get(reverse("recrutement:validations"))
        assert "2 recrutements à valider" in liste.text and "Léa Moreau" in liste.text
        with courriels.envoi():
            client.post(reverse("recrutement:finaliser", args=[mer.pk]))
        mer.refresh_from_db()
        assert mer.statut == rules.FINALISEE
        url = reverse("recrutement:annuler_recrutement", args=[mer2.pk])
        reponse = client.post(url, {"motif": ""})
        assert "Indiquez le motif" in reponse.text
        assert MiseEnRelation.objects.get(pk=mer2.pk).statut == rules.RECRUTEE
        client.post(url, {"motif": "Le contrat n’a pas été signé."})
        assert MiseEnRelation.objects.get(pk=mer2.pk).statut == rules.INTERESSEE
        # Only a link awaiting validation can be cancelled.
        assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_retards_pour_la_prefecture(client, lieux):
    hier = AUJOURD_HUI() - timedelta(days=1)
    gironde = structure_avec_postes(lieux["bordeaux"], recruter_avant=hier, nom="Mairie de Blaye")
    structure_avec_postes(lieux["lyon"], recruter_avant=hier, nom="Mairie de Lyon")
    client.force_login(habilitation(Role.PREFECTURE, departement=gironde.departement).utilisateur)
    reponse = client.get(reverse("recrutement:retards"))
    assert "Mairie de Blaye" in reponse.text and "Mairie de Lyon" not in reponse.text
    assert "1 jour" in reponse.text
    export = client.get(reverse("recrutement:retards"), {"format": "csv"})
    contenu = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "Mairie de Blaye" in contenu and "Mairie de Lyon" not in contenu


@pytest.mark.django_db
def test_le_candidat_voit_les_structures_interessees(client, lieux, bordeaux, lea):
    autre = structure_avec_postes(lieux["libourne"], nom="Centre social de Libourne")
    services.preselectionner(structure=bordeaux, candidat_id=lea.pk)
    services.ne_pas_retenir(structure=autre, candidat_id=lea.pk)
    client.force_login(lea.utilisateur)
    reponse = client.get(reverse("candidats:espace"))
    assert bordeaux.nom in reponse.text
    assert "S’intéresse à vous" in reponse.text
    # A structure that set them aside is not shown.
    assert "Centre social de Libourne" not in reponse.text
    services.valider_candidature(structure=bordeaux, candidat_id=lea.pk, **contrat())
    assert "A validé votre candidature" in client.get(reverse("candidats:espace")).text


@pytest.mark.django_db
def test_page_liens_pour_un_candidat_lie(client, gestionnaire_connecte, lieux):
    c = candidat_a(lieux["merignac"])
    MiseEnRelationFactory(candidat=c, structure=gestionnaire_connecte.structure)
    fiche = client.get(reverse("recrutement:candidat", args=[c.pk]))
    assert "Valider cette candidature" in fiche.text
