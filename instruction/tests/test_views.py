"""The pages of the instruction: every role against every page, scopes, forms."""

from datetime import date

import pytest
from django.urls import reverse

from comptes.models import Evenement
from comptes.roles import Role
from comptes.tests.factories import habilitation
from conventions.choix import EtatPoste, StatutConvention
from conventions.models import Poste
from instruction import services
from instruction.choix import Avis, Resultat, StatutDemande, TypeDemande
from instruction.models import AvisPrefecture, Comite, Demande, Derogation
from instruction.tests.factories import DemandeFactory, structure_validee
from structures.tests.factories import StructureFactory
from territoires.tests.factories import DepartementFactory

T = TypeDemande


@pytest.fixture
def jeu(db):
    gironde = DepartementFactory(code="33", nom="Gironde")
    lot = DepartementFactory(code="47", nom="Lot-et-Garonne")
    demande = DemandeFactory(
        structure=StructureFactory(nom="Mairie de Talence", departement=gironde)
    )
    ailleurs = DemandeFactory(structure=StructureFactory(nom="Mairie d’Agen", departement=lot))
    comite = services.preparer_comite(date_comite=date(2026, 3, 5))
    return {
        "gironde": gironde,
        "lot": lot,
        "demande": demande,
        "ailleurs": ailleurs,
        "comite": comite,
    }


def pages(jeu) -> dict[str, set]:
    d, c = jeu["demande"], jeu["comite"]
    return {
        reverse("instruction:mes_demandes"): {Role.STRUCTURE},
        reverse("instruction:deposer", args=["A"]): {Role.STRUCTURE},
        reverse("instruction:demandes"): {Role.ANCT},
        reverse("instruction:a_instruire"): {Role.PREFECTURE},
        reverse("instruction:comites"): {Role.ANCT},
        reverse("instruction:comite", args=[c.pk]): {Role.ANCT},
        # A request: its structure, the prefecture of its département, the national admin
        # (the structure and hub built by the matrix are another structure, no département).
        reverse("instruction:demande", args=[d.pk]): {Role.PREFECTURE, Role.ANCT},
        reverse("instruction:avis", args=[d.pk]): {Role.PREFECTURE},
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
def test_anonyme_doit_se_connecter(client, jeu):
    for url in pages(jeu):
        assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_la_prefecture_ne_voit_ni_n_agit_sur_un_autre_departement(client, jeu):
    prefet = habilitation(Role.PREFECTURE, departement=jeu["gironde"])
    client.force_login(prefet.utilisateur)
    page = client.get(reverse("instruction:a_instruire")).text
    assert "Mairie de Talence" in page and "Mairie d’Agen" not in page
    autre = jeu["ailleurs"]
    assert client.get(reverse("instruction:demande", args=[autre.pk])).status_code == 404
    assert client.get(reverse("instruction:avis", args=[autre.pk])).status_code == 404
    reponse = client.post(
        reverse("instruction:avis", args=[autre.pk]),
        {"avis": Avis.FAVORABLE, "commentaire": "Tentative hors périmètre."},
    )
    assert reponse.status_code == 404
    assert not AvisPrefecture.objects.exists()
    # Its own département: it can.
    assert client.get(reverse("instruction:demande", args=[jeu["demande"].pk])).status_code == 200


@pytest.mark.django_db
def test_une_structure_ne_voit_pas_les_demandes_des_autres(client, jeu):
    h = habilitation(Role.STRUCTURE, structure=jeu["demande"].structure)
    client.force_login(h.utilisateur)
    assert client.get(reverse("instruction:demande", args=[jeu["demande"].pk])).status_code == 200
    assert client.get(reverse("instruction:demande", args=[jeu["ailleurs"].pk])).status_code == 404
    reponse = client.post(reverse("instruction:annuler", args=[jeu["ailleurs"].pk]))
    assert reponse.status_code == 404


@pytest.mark.django_db
def test_la_prefecture_donne_son_avis_et_classe(client, jeu):
    prefet = habilitation(Role.PREFECTURE, departement=jeu["gironde"])
    client.force_login(prefet.utilisateur)
    page = client.get(reverse("instruction:a_instruire")).text
    assert "En attente de votre avis (1)" in page
    reponse = client.post(
        reverse("instruction:avis", args=[jeu["demande"].pk]),
        {"avis": Avis.FAVORABLE, "commentaire": "Projet bien porté par la commune."},
        follow=True,
    )
    assert "Avis favorable enregistré pour Mairie de Talence" in reponse.text
    assert "En attente de votre avis (0)" in reponse.text
    avis = AvisPrefecture.objects.get()
    assert avis.rang == 1 and avis.donne_par == prefet.utilisateur
    jeu["demande"].refresh_from_db()
    assert jeu["demande"].statut == StatutDemande.EN_INSTRUCTION
    assert Evenement.objects.get(action="avis.prefecture").acteur == prefet.utilisateur
    # Ranking form: a rank below 1 is refused next to its field, nothing changes.
    reponse = client.post(reverse("instruction:a_instruire"), {f"rang_{avis.pk}": "0"})
    assert "Un rang est un nombre entier supérieur ou égal à 1." in reponse.text
    reponse = client.post(reverse("instruction:a_instruire"), {f"rang_{avis.pk}": "4"}, follow=True)
    assert "Le classement des demandes favorables est enregistré." in reponse.text
    avis.refresh_from_db()
    assert avis.rang == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "donnees,message",
    [
        ({"commentaire": "Projet bien porté."}, "Choisissez un avis favorable ou défavorable."),
        ({"avis": Avis.FAVORABLE, "commentaire": "court"}, "10 caractères au moins"),
        ({"avis": Avis.FAVORABLE}, "Motivez votre avis en quelques mots."),
    ],
)
def test_avis_invalide(client, jeu, courriels, donnees, message):
    client.force_login(habilitation(Role.PREFECTURE, departement=jeu["gironde"]).utilisateur)
    with courriels.envoi():
        reponse = client.post(reverse("instruction:avis", args=[jeu["demande"].pk]), donnees)
    assert reponse.status_code == 200 and message in reponse.text
    assert not AvisPrefecture.objects.exists() and not courriels.outbox


@pytest.mark.django_db
def test_la_structure_depose_une_demande_et_voit_les_refus_expliques(client, db):
    structure = structure_validee(postes=2, occupes=2)
    client.force_login(habilitation(Role.STRUCTURE, structure=structure).utilisateur)
    page = client.get(reverse("instruction:mes_demandes")).text
    assert "Aucun contrat en cours" in page  # D
    assert "déclarez d’abord la rupture" in page  # E: no vacant post
    assert "Déposer une demande C" in page
    reponse = client.get(reverse("instruction:deposer", args=["E"]))
    assert "Vous ne pouvez pas déposer cette demande" in reponse.text
    reponse = client.post(
        reverse("instruction:deposer", args=["C"]),
        {"nombre_postes": "1", "motivation": "Nous voulons renforcer notre équipe locale."},
        follow=True,
    )
    assert "Votre demande « Demander un poste supplémentaire » est déposée." in reponse.text
    assert Demande.objects.filter(structure=structure, type=T.C).exists()
    assert client.get(reverse("instruction:deposer", args=["Z"])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "donnees,message",
    [
        (
            {"nombre_postes": "11", "motivation": "Nous voulons renforcer l’équipe."},
            "10 postes au plus",
        ),
        (
            {"nombre_postes": "0", "motivation": "Nous voulons renforcer l’équipe."},
            "Indiquez au moins un poste",
        ),
        (
            {"nombre_postes": "abc", "motivation": "Nous voulons renforcer l’équipe."},
            "nombre entier",
        ),
        ({"nombre_postes": "1", "motivation": "trop court"}, "20 caractères au moins"),
        (
            {
                "nombre_postes": "1",
                "motivation": "Nous voulons renforcer l’équipe.",
                "siret_origine": "123",
            },
            "Le SIRET compte 14 chiffres",
        ),
    ],
)
def test_demande_invalide_rien_n_est_enregistre(client, db, courriels, donnees, message):
    structure = structure_validee(postes=1)
    client.force_login(habilitation(Role.STRUCTURE, structure=structure).utilisateur)
    avant = Demande.objects.count()
    with courriels.envoi():
        reponse = client.post(reverse("instruction:deposer", args=["C"]), donnees)
    assert message in reponse.text
    assert Demande.objects.count() == avant and not courriels.outbox


@pytest.mark.django_db
def test_anct_prepare_modifie_et_confirme_un_comite(client, jeu, courriels):
    services.donner_avis(
        jeu["demande"], avis=Avis.FAVORABLE, commentaire="Projet bien porté par la commune."
    )
    anct = habilitation(Role.ANCT)
    client.force_login(anct.utilisateur)
    c = jeu["comite"]
    page = client.get(reverse("instruction:comite", args=[c.pk])).text
    assert "Décisions proposées" in page and "Mairie de Talence" in page
    assert "Mairie d’Agen" not in page  # no opinion yet: not ready
    url = reverse("instruction:derogation", args=[c.pk, jeu["demande"].pk, "conseiller"])
    # Bad input: no reason, accepted without posts.
    reponse = client.post(url, {"resultat": Resultat.ACCEPTEE, "postes": ""})
    assert "Indiquez le nombre de postes accordés" in reponse.text
    assert "Expliquez pourquoi vous modifiez la décision proposée." in reponse.text
    assert not Derogation.objects.exists()
    reponse = client.post(
        url,
        {"resultat": Resultat.ACCEPTEE, "postes": "1", "motif": "Un seul poste pour commencer."},
        follow=True,
    )
    assert "Décision modifiée pour Mairie de Talence" in reponse.text
    assert "Un seul poste pour commencer." in reponse.text
    # Confirmation needs the box ticked.
    reponse = client.post(reverse("instruction:confirmer", args=[c.pk]), follow=True)
    assert "Cochez la case pour confirmer le comité." in reponse.text
    assert not Poste.objects.exists()
    with courriels.envoi():
        reponse = client.post(
            reverse("instruction:confirmer", args=[c.pk]), {"confirmation": "on"}, follow=True
        )
    assert "est confirmé : 1 décision d’acceptation" in reponse.text  # not « 1 décision(s) »
    assert Poste.objects.count() == 1
    # Again: refused with a clear message, nothing more.
    reponse = client.post(
        reverse("instruction:confirmer", args=[c.pk]), {"confirmation": "on"}, follow=True
    )
    assert "est déjà confirmé" in reponse.text
    assert Poste.objects.count() == 1
    assert client.get(url).status_code == 404  # no override on a confirmed committee


@pytest.mark.django_db
def test_preparer_le_comite_avec_une_date_invalide(client, db):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    reponse = client.post(reverse("instruction:comites"), {"date": "31/02/2026"})
    assert "Date invalide." in reponse.text and not Comite.objects.exists()
    reponse = client.post(reverse("instruction:comites"), {"date": "05/03/2026"}, follow=True)
    assert "en préparation" in reponse.text
    assert Comite.objects.get().date == date(2026, 3, 5)


@pytest.mark.django_db
def test_liste_des_demandes_filtree_et_exportee(client, jeu):
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(reverse("instruction:demandes"), {"departement": "47"}).text
    assert "Mairie d’Agen" in page and "Mairie de Talence" not in page
    reponse = client.get(reverse("instruction:demandes"), {"format": "csv", "departement": "33"})
    contenu = b"".join(reponse.streaming_content).decode("utf-8-sig")
    assert "Mairie de Talence" in contenu and "Mairie d’Agen" not in contenu


# --- The structure's space and the agents' lists -----------------------------------------


@pytest.mark.django_db
def test_espace_structure_decision_et_delai_de_recrutement(client, jeu):
    demande = jeu["demande"]
    services.donner_avis(demande, avis=Avis.FAVORABLE, commentaire="Projet bien porté.")
    services.confirmer_comite(jeu["comite"])
    client.force_login(habilitation(Role.STRUCTURE, structure=demande.structure).utilisateur)
    page = client.get(reverse("structures:espace")).text
    assert f"Décision du comité de sélection n° {jeu['comite'].numero} du 05/03/2026" in page
    assert "Recrutez avant le 05/06/2026" in page
    assert "Postes occupés / attribués : <strong>0/2</strong>" in page


@pytest.mark.django_db
def test_liste_des_structures_occupes_sur_attribues_et_anomalie(client, db):
    gironde = DepartementFactory(code="33")
    structure_validee(postes=8, occupes=7, nom="Mairie de Pessac", departement=gironde)
    anomalie = structure_validee(postes=1, occupes=1, nom="CCAS de Cenon", departement=gironde)
    convention = anomalie.conventions.get()
    convention.statut = StatutConvention.TERMINEE
    convention.date_fin = date(2026, 2, 1)
    convention.save()
    client.force_login(habilitation(Role.ANCT).utilisateur)
    page = client.get(reverse("structures:liste")).text
    assert "7/8" in page
    assert "1/0" in page and "Anomalie" in page
    detail = client.get(reverse("structures:detail", args=[anomalie.pk])).text
    assert "Anomalie : plus de postes occupés qu’attribués" in detail
    assert Poste.objects.filter(structure=anomalie, etat=EtatPoste.OCCUPE).count() == 1


@pytest.mark.django_db
def test_cibles_dotation_et_valeur_actuelle(client, db):
    gironde = DepartementFactory(code="33")
    structure_validee(postes=3, occupes=2, departement=gironde)
    client.force_login(habilitation(Role.PREFECTURE, departement=gironde).utilisateur)
    page = client.get(reverse("territoires:cibles")).text
    assert "Dotation (postes attribués) : <strong>3</strong>" in page
    assert "valeur actuelle (postes occupés) : <strong>2</strong>" in page
    export = b"".join(client.get(reverse("territoires:cibles") + "?format=csv").streaming_content)
    lignes = export.decode("utf-8-sig").splitlines()
    assert lignes[0].endswith("Dotation (postes attribués);Valeur actuelle (postes occupés)")
    assert lignes[1].startswith("33;") and lignes[1].endswith(";3;2")


@pytest.mark.django_db
def test_navigation_par_role(client, db):
    for role, libelle in [
        (Role.ANCT, "Comités de sélection"),
        (Role.PREFECTURE, "Demandes à instruire"),
        (Role.STRUCTURE, "Mes demandes"),
    ]:
        client.force_login(habilitation(role).utilisateur)
        assert libelle in client.get(reverse("comptes:accueil_role", args=[role])).text
