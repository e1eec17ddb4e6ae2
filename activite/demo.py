"""Demo activity: places with opening hours, a few beneficiaries and a few hundred
believable reports of the demo advisors over the last months, all through the services
(so the rollups are right). Idempotent: nothing is created when the demo advisors already
have reports."""

import random
from datetime import timedelta

from django.utils import timezone

from comptes.models import MembreEquipe
from territoires.models import Commune

from . import rules, services
from .choix import (
    THEMATIQUES_ADMINISTRATIVES,
    Autonomie,
    Genre,
    NiveauAtelier,
    StatutSocial,
    Thematique,
    TrancheAge,
    TypeActivite,
    TypeLieu,
)
from .models import Activite, Beneficiaire, Lieu

# (name, address, INSEE code, week grid as OSM hours)
LIEUX = [
    ("Médiathèque Mériadeck", "85 cours du Maréchal Juin", "33063", "Tu-Sa 10:00-18:00"),
    (
        "Mairie de quartier Bastide",
        "36 rue de Nuits",
        "33063",
        "Mo-Fr 09:00-12:30,13:30-17:00",
    ),
    ("Centre social Saint-Michel", "10 rue Permentade", "33063", "Mo,We,Fr 14:00-18:00"),
    (
        "Espace France Services de Mérignac",
        "2 place Charles de Gaulle",
        "33281",
        "Mo-Th 09:00-12:00",
    ),
    (
        "Maison des solidarités de Pessac",
        "21 avenue Jean Jaurès",
        "33318",
        "Tu,Th 09:00-12:00,14:00-17:00",
    ),
    (
        "Tiers-lieu numérique de Bègles",
        "12 rue Calixte Camelle",
        "33039",
        "We-Sa 10:00-13:00,14:00-19:00",
    ),
]
BENEFICIAIRES = [
    ("Jeanne", "Lefèvre", 1947, Genre.FEMININ, StatutSocial.RETRAITE),
    ("Mohamed", "Benali", 1985, Genre.MASCULIN, StatutSocial.SANS_EMPLOI),
    ("Lucas", "Moreau", 2008, Genre.MASCULIN, StatutSocial.SCOLARISE),
    ("Fatou", "Diallo", 1979, Genre.FEMININ, StatutSocial.EN_EMPLOI),
]
THEMES_FREQUENTS = [
    Thematique.PRENDRE_EN_MAIN_DU_MATERIEL,
    Thematique.NAVIGATION_SUR_INTERNET,
    Thematique.EMAIL,
    Thematique.SANTE,
    Thematique.BANQUE_ET_ACHATS_EN_LIGNE,
    Thematique.SECURITE_NUMERIQUE,
    Thematique.GERE_SES_CONTENUS_NUMERIQUES,
    Thematique.BUREAUTIQUE,
    Thematique.RESEAUX_SOCIAUX,
    Thematique.INSERTION_PROFESSIONNELLE,
    Thematique.DIAGNOSTIC_NUMERIQUE,
    Thematique.CULTURE_NUMERIQUE,
    Thematique.INTELLIGENCE_ARTIFICIELLE,
]
ATELIERS = [
    ("Découvrir sa tablette", [Thematique.PRENDRE_EN_MAIN_DU_MATERIEL]),
    ("Déjouer les arnaques en ligne", [Thematique.SECURITE_NUMERIQUE]),
    ("Mon Espace Santé pas à pas", [Thematique.SANTE]),
    ("Café IA : comprendre les assistants", [Thematique.INTELLIGENCE_ARTIFICIELLE]),
    ("Faire son CV en ligne", [Thematique.INSERTION_PROFESSIONNELLE, Thematique.BUREAUTIQUE]),
]
REPARTITION_PAR_CONSEILLER = 120
JOURS = 150


def _communes() -> dict[str, Commune]:
    codes = {code for _, _, code, _ in LIEUX}
    return {c.code_insee: c for c in Commune.objects.filter(code_insee__in=codes)}


def _repartition(rng, valeurs, n, reste):
    """Split n participants at random, leaving about a quarter as « non communiqué »."""
    compte = dict.fromkeys(valeurs, 0)
    for _ in range(n):
        compte[reste if rng.random() < 0.25 else rng.choice(valeurs)] += 1
    return compte


def _donnees(rng, jour, lieux, communes, beneficiaires):
    collectif = rng.random() < 0.15
    choix_lieu = rng.random()
    donnees = {
        "date": jour,
        "duree": rng.choice([15, 30, 30, 45, 45, 60, 60, 90]) if not collectif else 120,
        "materiel": rng.sample(["ordinateur", "telephone", "tablette"], k=rng.choice([0, 1, 1, 2])),
        "notes": "",
        "precisions_demarche": "",
        "commune": None,
        "lieu": None,
    }
    if choix_lieu < 0.7 or collectif:
        donnees.update(type_lieu=TypeLieu.LIEU_ACTIVITE, lieu=rng.choice(lieux))
    elif choix_lieu < 0.8:
        donnees.update(type_lieu=TypeLieu.A_DISTANCE)
    else:
        donnees.update(
            type_lieu=rng.choice([TypeLieu.DOMICILE, TypeLieu.AUTRE]),
            commune=rng.choice(list(communes.values())),
        )
    if collectif:
        titre, themes = rng.choice(ATELIERS)
        n = rng.randint(4, 14)
        donnees.update(
            type=TypeActivite.COLLECTIF,
            thematiques=themes,
            titre_atelier=titre,
            niveau=rng.choice(NiveauAtelier.values),
            participants=n,
            deja_accompagnes=rng.randint(0, n // 2),
            genres=_repartition(rng, Genre.values, n, Genre.NON_COMMUNIQUE),
            tranches=_repartition(rng, TrancheAge.values, n, TrancheAge.NON_COMMUNIQUE),
            statuts=_repartition(rng, StatutSocial.values, n, StatutSocial.NON_COMMUNIQUE),
        )
        return donnees
    themes = rng.sample(THEMES_FREQUENTS, k=rng.choice([1, 1, 2, 2, 3]))
    if rng.random() < 0.25:
        themes.append(Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES)
        themes.append(rng.choice(THEMATIQUES_ADMINISTRATIVES))
        donnees["precisions_demarche"] = rng.choice(
            ["", "Demande de prime d’activité", "Carte grise", "Déclaration de revenus"]
        )
    oriente = rng.random() < 0.15
    donnees.update(
        type=TypeActivite.INDIVIDUEL,
        thematiques=themes,
        beneficiaire=rng.choice(beneficiaires) if rng.random() < 0.15 else None,
        genre=rng.choice(Genre.values),
        tranche_age=rng.choice(TrancheAge.values),
        statut_social=rng.choice(StatutSocial.values),
        commune_residence=None,
        deja_accompagne=rng.random() < 0.4,
        autonomie=rng.choice(["", *Autonomie.values]),
        oriente_vers_structure=oriente if rng.random() < 0.6 else None,
        structure_de_redirection="aide_aux_demarches_administratives" if oriente else "",
    )
    return donnees


def creer(contexte: dict) -> None:
    resume = contexte.setdefault("resume", [])
    conseillers = contexte.get("conseillers", [])
    if not conseillers:
        return
    aujourd_hui = timezone.localdate()
    if Activite.objects.filter(conseiller__in=conseillers).exists():
        resume.append("Activité : les comptes rendus de démonstration existent déjà.")
        return
    rng = random.Random(42)
    communes = _communes()
    total = 0
    for numero, conseiller in enumerate(conseillers):
        lieux = list(Lieu.objects.filter(conseiller=conseiller, supprime_le__isnull=True))
        if not lieux:
            for nom, adresse, code, horaires in LIEUX[numero * 2 : numero * 2 + 2]:
                commune = communes.get(code) or next(iter(communes.values()))
                rules.osm_vers_grille(horaires)  # the demo hours fit the week grid
                lieux.append(
                    services.creer_lieu(
                        conseiller,
                        {
                            "nom": nom,
                            "adresse": adresse,
                            "commune": commune,
                            "horaires": horaires,
                            "services": [
                                "Maîtrise des outils numériques du quotidien",
                                "Aide aux démarches administratives",
                            ],
                            "modalites_acces": ["Se présenter", "Téléphoner"],
                            "modalites_accompagnement": [
                                "Accompagnement individuel",
                                "Dans un atelier collectif",
                            ],
                            "frais_a_charge": ["Gratuit"],
                            "dispositif_programmes_nationaux": ["Conseillers numériques"],
                            "itinerance": ["Fixe"],
                            "typologies": ["MUNI"],
                            "visible_cartographie": True,
                        },
                    )
                )
        beneficiaires = list(Beneficiaire.objects.filter(conseiller=conseiller))
        if not beneficiaires:
            for prenom, nom, annee, genre, statut in BENEFICIAIRES[numero : numero + 2]:
                beneficiaires.append(
                    services.creer_beneficiaire(
                        conseiller,
                        {
                            "prenom": prenom,
                            "nom": nom,
                            "annee_naissance": annee,
                            "genre": genre,
                            "statut_social": statut,
                            "commune": communes.get("33063"),
                        },
                    )
                )
        for _ in range(REPARTITION_PAR_CONSEILLER):
            jour = aujourd_hui - timedelta(days=rng.randint(0, JOURS))
            if jour.weekday() == 6:
                jour -= timedelta(days=1)
            services.creer_activite(conseiller, _donnees(rng, jour, lieux, communes, beneficiaires))
            total += 1
    coordination = contexte.get("coordination")
    if coordination is not None:
        # The demo coordinator has followed the demo advisors since their first report.
        premier = Activite.objects.filter(conseiller__in=conseillers).order_by("date").first()
        MembreEquipe.objects.filter(
            coordination=coordination, conseiller__in=conseillers, debut__gt=premier.date
        ).update(debut=premier.date)
    resume.append(
        f"Activité : {total} comptes rendus, {Lieu.objects.filter(conseiller__in=conseillers).count()}"
        f" lieux et {Beneficiaire.objects.filter(conseiller__in=conseillers).count()} bénéficiaires "
        f"pour {len(conseillers)} conseillers (statistiques : /activite/statistiques/)"
    )
