"""Demo data of host structures: the 6 historical ones, then about sixty more across ten
départements, in every status, each with its application (request A) and the committee
decisions that led to its status. Idempotent: a structure that exists (by SIRET) is left
as it is, so a second run creates nothing.

Everything goes through the services (deposer_demande, enregistrer_decision_comite,
changer_statut), so histories and the audit timeline are the ones real use would leave.
"""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from comptes.demo import MOT_DE_PASSE_DEMO
from comptes.models import Habilitation, Utilisateur
from comptes.roles import Role
from instruction import services as instruction
from instruction.choix import (
    AvisComite,
    Phase,
    PolitiquePrioritaire,
    PosteCoordinateur,
    StatutDemande,
    TypeDemande,
    TypePoste,
)
from territoires.models import Commune

from . import services
from .choix import StatutStructure, TypeStructure
from .models import Reseau, Structure

PARIS = ZoneInfo("Europe/Paris")
T = TypeStructure

# (SIRET with a valid checksum, name, INSEE code of the commune)
STRUCTURES = [
    ("21330063500017", "Mairie de Bordeaux", "33063"),
    ("21690123100011", "Ville de Lyon", "69123"),
    ("21930060500017", "Ville de Saint-Denis", "93066"),
    ("21974411700017", "Commune de Saint-Denis (La Réunion)", "97411"),
    ("21590350100017", "Ville de Lille", "59350"),
    ("77567227200017", "Association Les Connectés de Gironde", "33063"),
]
# The historical six: their type and the story of their application.
HISTORIQUES = {
    "21330063500017": (T.COMMUNE, "validee_puis_poste"),
    "21690123100011": (T.COMMUNE, "validee"),
    "21930060500017": (T.COMMUNE, "deposee"),
    "21974411700017": (T.COMMUNE, "ajournee"),
    "21590350100017": (T.COMMUNE, "instruction"),
    "77567227200017": (T.ASSOCIATION, "validee"),
}

RESEAU_DEMO = "Réseau national des centres sociaux connectés"
# National networks of the real platform (grands réseaux).
GRANDS_RESEAUX = [
    "Croix-Rouge française",
    "Groupe SOS",
    "Emmaüs Connect",
    "La Poste",
    "UNAF",
    "La Ligue de l’enseignement",
    "Familles rurales",
    "FACE",
    "PIMMS Médiation",
    "APF France handicap",
    "UNIJ",
    "Confédération des MJC de France",
    "Régies de quartier",
    "Chambres d’agriculture",
]

DEPARTEMENTS = ["33", "69", "93", "974", "59", "13", "35", "2A", "24", "47"]
PAR_DEPARTEMENT = 6

# (type, name pattern, national network or None). {commune}, {de_commune}, {departement}.
MODELES = [
    (T.COMMUNE, "Mairie {de_commune}", None),
    (T.EPCI, "Communauté de communes du Pays {de_commune}", None),
    (T.CCAS_CIAS, "Centre communal d’action sociale {de_commune}", None),
    (T.ASSOCIATION, "Centre social et culturel {de_commune}", RESEAU_DEMO),
    (T.ASSOCIATION, "Croix-Rouge française – unité locale {de_commune}", "Croix-Rouge française"),
    (T.ENTREPRISE_ESS, "SCIC Tiers-lieu numérique {de_commune}", None),
    (T.ETABLISSEMENT_PUBLIC, "Médiathèque intercommunale {de_commune}", None),
    (T.ASSOCIATION, "Emmaüs Connect {commune}", "Emmaüs Connect"),
    (T.DEPARTEMENT, "Conseil départemental – {departement}", None),
    (T.GIP, "GIP Maison de l’emploi {de_commune}", None),
    (T.ESH, "{commune} Habitat solidaire", None),
    (T.ASSOCIATION, "Familles rurales – association {de_commune}", "Familles rurales"),
    (
        T.PRIVE_NON_LUCRATIF,
        "Point information médiation multi-services {de_commune}",
        "PIMMS Médiation",
    ),
]

# Every status of the real platform, each reached the way real use reaches it.
SCENARIOS = [
    "deposee",
    "validee",
    "instruction",
    "ajournee",
    "refusee",
    "validee_examen",
    "annulee",
    "validee_puis_poste",
    "doublon",
    "abandon",
    "refus_coordinateur",
]

PRENOMS = [
    "Claire",
    "Mehdi",
    "Sophie",
    "Julien",
    "Aïcha",
    "Thomas",
    "Nathalie",
    "Karim",
    "Isabelle",
    "Lucas",
    "Fatou",
    "Pierre",
    "Émilie",
    "Hugo",
    "Sandrine",
    "Yohan",
]
NOMS = [
    "Dupuis",
    "Benali",
    "Lefèvre",
    "Moreau",
    "Hoarau",
    "Garcia",
    "Lambert",
    "Nguyen",
    "Rousseau",
    "Payet",
    "Marchand",
    "Diallo",
    "Colin",
    "Santoni",
    "Mercier",
    "Faure",
]
FONCTIONS = {
    "publique": [
        "Directrice générale des services",
        "Chargé de mission inclusion numérique",
        "Responsable du service population",
        "Directeur de l’action sociale",
    ],
    "privee": ["Directrice", "Président", "Coordinatrice de projets", "Responsable d’antenne"],
}
VOIES = ["rue", "avenue", "place", "boulevard"]
NOMS_DE_VOIES = [
    "de la République",
    "Jean Jaurès",
    "Victor Hugo",
    "de la Mairie",
    "des Écoles",
    "du Général de Gaulle",
]
LIEUX = [
    "Accueil à la mairie et à la médiathèque, permanences hebdomadaires dans les communes "
    "rurales du territoire, ateliers à la résidence seniors.",
    "Permanences au centre social et dans les locaux de la France Services, ateliers "
    "collectifs le samedi matin, accompagnement hors les murs sur le marché.",
    "Espace numérique de la structure, permanences dans trois quartiers prioritaires, "
    "interventions dans les associations partenaires.",
    "Itinérance avec un véhicule aménagé dans les bourgs du territoire, accueil sur rendez-"
    "vous à l’antenne principale.",
]
MOTIVATIONS = [
    "Une part importante de nos habitants n’a pas d’accès autonome aux démarches en ligne. "
    "Nos agents d’accueil orientent chaque semaine des personnes âgées et des familles vers "
    "des aides que nous ne pouvons pas assurer : un conseiller numérique donnerait une "
    "réponse durable.",
    "Nous accompagnons déjà des publics en difficulté (insertion, familles monoparentales). "
    "Le numérique est devenu le premier frein à l’accès aux droits : nous voulons proposer "
    "des ateliers réguliers et un accompagnement individuel gratuit.",
    "Le territoire est rural et les services se sont éloignés. Un conseiller itinérant "
    "permettrait d’aller vers les habitants isolés, en lien avec la France Services et les "
    "secrétaires de mairie.",
]


def de(nom: str) -> str:
    """French "de" before a place name: "d’Arles", "du Tampon", "des Abymes", "de Lyon"."""
    for article, contraction in (("Le ", "du "), ("Les ", "des ")):
        if nom.startswith(article):
            return contraction + nom[len(article) :]
    if nom[:1].lower() in "aeiouyhéèêîôâ":
        return "d’" + nom
    return "de " + nom


def _luhn_complement(chiffres: str) -> str:
    """The digit that makes ``chiffres + digit`` pass the Luhn check."""
    for d in "0123456789":
        total = 0
        for i, c in enumerate(reversed(chiffres + d)):
            n = int(c) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return d
    raise AssertionError("unreachable")


def siret_demo(numero: int, type_structure: str) -> str:
    """A valid SIRET (SIREN Luhn key + SIRET Luhn key), stable for a given number."""
    prefixe = "2" if type_structure in (T.COMMUNE, T.EPCI, T.CCAS_CIAS, T.DEPARTEMENT) else "7"
    if type_structure in (T.ENTREPRISE_ESS, T.ESH):
        prefixe = "4"
    alea = random.Random(1000 + numero)
    siren = prefixe + "".join(str(alea.randint(0, 9)) for _ in range(7))
    siren += _luhn_complement(siren)
    nic = f"{alea.randint(1, 99):04d}"
    return siren + nic + _luhn_complement(siren + nic)


def _comite(apres: date, phase: str) -> tuple[int, date]:
    """The first committee at least ten days after a date (every 14 days, numbered)."""
    base, premier = (date(2021, 2, 15), 1) if phase == Phase.PHASE_1 else (date(2023, 3, 16), 60)
    k = max(0, -(-((apres - base).days + 10) // 14))
    return premier + k, base + timedelta(days=14 * k)


def _le(jour: date) -> datetime:
    return datetime.combine(jour, time(10, 0), tzinfo=PARIS)


def _communes(code: str, exclues: set[str]) -> list[Commune]:
    qs = Commune.objects.select_related("departement").order_by(
        F("population").desc(nulls_last=True), "code_insee"
    )
    return [c for c in qs.filter(departement_id=code)[: PAR_DEPARTEMENT + 6] if c.pk not in exclues]


def creer(contexte: dict) -> None:
    reseau, _ = Reseau.objects.get_or_create(nom=RESEAU_DEMO)
    reseaux = {RESEAU_DEMO: reseau}
    for nom in GRANDS_RESEAUX:
        reseaux[nom], _ = Reseau.objects.get_or_create(nom=nom)

    structures = {}
    nouvelles = 0
    for i, (siret, nom, code_insee) in enumerate(STRUCTURES):
        commune = Commune.objects.select_related("departement").get(code_insee=code_insee)
        type_structure, scenario = HISTORIQUES[siret]
        structure, cree = Structure.objects.update_or_create(
            siret=siret,
            defaults={
                "nom": nom,
                "commune": commune,
                "departement": commune.departement,
                "reseau": reseau if nom.startswith("Association") else None,
                "type": type_structure,
            },
        )
        if not structure.demandes.exists():
            _completer(structure, i, commune)
            _raconter(structure, scenario, random.Random(i), None)
            nouvelles += cree
        structures[siret] = structure

    # About sixty more, in the ten départements that exist in the loaded reference.
    exclues = {code for _, _, code in STRUCTURES}
    secours = list(Commune.objects.filter(code_insee__in=exclues).select_related("departement"))
    numero = 0
    for d, code in enumerate(DEPARTEMENTS):
        communes = _communes(code, exclues) or [c for c in secours if c.departement_id == code]
        if not communes:
            communes = secours
        premiere = None
        for k in range(PAR_DEPARTEMENT):
            numero += 1
            type_structure, modele, nom_reseau = MODELES[(d * 5 + k) % len(MODELES)]
            commune = communes[k % len(communes)]
            if type_structure == T.DEPARTEMENT and commune.departement.chef_lieu:
                commune = (
                    Commune.objects.select_related("departement")
                    .filter(code_insee=commune.departement.chef_lieu)
                    .first()
                    or commune
                )
            nom = modele.format(
                commune=commune.nom,
                de_commune=de(commune.nom),
                departement=commune.departement.nom,
            )
            siret = siret_demo(numero, type_structure)
            structure = Structure.objects.filter(siret=siret).first()
            if structure is None:
                structure = Structure.objects.create(
                    siret=siret,
                    nom=nom,
                    type=type_structure,
                    commune=commune,
                    departement=commune.departement,
                    reseau=reseaux.get(nom_reseau),
                )
                _completer(structure, numero + 10, commune)
                scenario = SCENARIOS[(numero - 1) % len(SCENARIOS)]
                _raconter(structure, scenario, random.Random(numero), premiere)
                nouvelles += 1
            structures[siret] = structure
            premiere = premiere or structure

    _compte_en_attente(contexte, structures["21930060500017"])
    contexte.update(reseau=reseau, structures=structures)
    par_statut = {}
    for statut in Structure.objects.values_list("statut", flat=True):
        par_statut[statut] = par_statut.get(statut, 0) + 1
    detail = ", ".join(
        f"{StatutStructure(s).label.lower()} {n}" for s, n in sorted(par_statut.items())
    )
    contexte.setdefault("resume", []).append(
        f"Structures : {sum(par_statut.values())} ({nouvelles} créées) – {detail}"
    )


def _completer(structure: Structure, graine: int, commune: Commune) -> None:
    """Address and contact person, believable and stable."""
    alea = random.Random(graine)
    prenom, nom = alea.choice(PRENOMS), alea.choice(NOMS)
    nature = "publique" if structure.est_publique else "privee"
    domaine = slugify(structure.nom)[:40].strip("-") or "structure"
    indicatif = "0262" if commune.departement_id == "974" else f"0{alea.randint(1, 5)}"
    voie = f"{alea.choice(VOIES)} {alea.choice(NOMS_DE_VOIES)}"
    structure.adresse = f"{alea.randint(1, 120)} {voie}"
    structure.code_postal = commune.code_postal_principal
    structure.contact_prenom = prenom
    structure.contact_nom = nom
    structure.contact_fonction = alea.choice(FONCTIONS[nature])
    structure.contact_email = f"{slugify(prenom)}.{slugify(nom)}@{domaine}.fr"
    structure.contact_telephone = indicatif + "".join(
        str(alea.randint(0, 9)) for _ in range(10 - len(indicatif))
    )
    structure.save()


def _raconter(structure: Structure, scenario: str, alea: random.Random, premiere) -> None:
    """Play a structure's story through the services, with believable past dates."""
    recente = scenario in ("deposee", "instruction")
    if scenario in ("abandon",) or (scenario == "validee_puis_poste" and alea.random() < 0.5):
        depot = date(2021, 1, 10) + timedelta(days=alea.randint(0, 300))
        phase = Phase.PHASE_1
    elif recente:
        depot = date(2026, 8, 20) + timedelta(days=alea.randint(0, 70))
        phase = Phase.PHASE_2
    else:
        depot = date(2023, 4, 1) + timedelta(days=alea.randint(0, 800))
        phase = Phase.PHASE_2
    coordinateur_seul = scenario == "refus_coordinateur"
    postes = 0 if coordinateur_seul else alea.choice([1, 1, 1, 2, 2, 3, 4])
    demande = instruction.deposer_demande(
        structure=structure,
        type=TypeDemande.A,
        nombre_postes=postes,
        poste_coordinateur=PosteCoordinateur.TEMPS_PLEIN
        if coordinateur_seul
        else alea.choice([PosteCoordinateur.AUCUN] * 4 + [PosteCoordinateur.TEMPS_PARTIEL]),
        date_debut_souhaitee=depot + timedelta(days=alea.randint(60, 120)),
        lieux_missions=alea.choice(LIEUX),
        politiques_prioritaires=alea.sample(PolitiquePrioritaire.values, alea.randint(0, 3)),
        motivation=alea.choice(MOTIVATIONS),
        candidat_identifie=alea.random() < 0.3,
        engagement=True,
        le=_le(depot),
    )
    # The structure registered the day it applied.
    Structure.objects.filter(pk=structure.pk).update(cree_le=_le(depot))
    if scenario == "deposee":
        return
    if scenario in ("annulee", "doublon"):
        if scenario == "doublon" and premiere is not None:
            services.changer_statut(
                structure,
                StatutStructure.DOUBLON,
                par=None,
                motif="Deuxième inscription de la même structure porteuse (autre établissement).",
                doublon_de=premiere,
            )
        else:
            services.changer_statut(
                structure,
                StatutStructure.ANNULEE,
                par=None,
                motif="La structure a retiré sa candidature avant l’avis de la préfecture.",
            )
        return
    avis_prefet = _le(depot + timedelta(days=alea.randint(10, 30)))
    defavorable = scenario in ("refusee", "refus_coordinateur")
    instruction.changer_statut_demande(
        demande,
        StatutDemande.EN_INSTRUCTION,
        motif="Avis défavorable de la préfecture : projet peu articulé avec l’offre locale."
        if defavorable
        else "Avis favorable de la préfecture.",
        le=avis_prefet,
    )
    if scenario == "instruction":
        return

    def decider(
        avis, nombre, apres, demande_visee, phase_visee=phase, type_poste=TypePoste.CONSEILLER
    ):
        numero, jour = _comite(apres, phase_visee)
        instruction.enregistrer_decision_comite(
            structure=structure,
            demande=demande_visee,
            avis=avis,
            nombre_postes=nombre,
            numero_comite=numero,
            date_comite=jour,
            phase=phase_visee,
            type_poste=type_poste,
            prioritaire=alea.random() < 0.3,
            le=_le(jour),
        )
        return jour

    jour = avis_prefet.date()
    if scenario == "ajournee":
        decider(AvisComite.EXAMEN_COMPLEMENTAIRE, 0, jour, demande)
    elif scenario == "refusee":
        decider(AvisComite.NEGATIF, 0, jour, demande)
    elif scenario == "refus_coordinateur":
        decider(AvisComite.NEGATIF, 0, jour, demande, type_poste=TypePoste.COORDINATEUR)
    elif scenario == "validee":
        decider(AvisComite.POSITIF, postes, jour, demande)
    elif scenario == "validee_examen":
        jour = decider(AvisComite.EXAMEN_COMPLEMENTAIRE, 0, jour, demande)
        instruction.changer_statut_demande(
            demande,
            StatutDemande.EN_INSTRUCTION,
            motif="Compléments apportés par la structure.",
            le=_le(jour + timedelta(days=20)),
        )
        decider(AvisComite.POSITIF, postes, jour + timedelta(days=20), demande)
    elif scenario == "validee_puis_poste":
        jour = decider(AvisComite.POSITIF, postes, jour, demande)
        # Later, in phase 2, one more post (request C).
        depot_c = max(jour + timedelta(days=200), date(2023, 6, 1))
        demande_c = instruction.deposer_demande(
            structure=structure,
            type=TypeDemande.C,
            nombre_postes=1,
            motivation="La demande dépasse nos capacités d’accueil : nous souhaitons "
            "renforcer l’équipe avec un poste supplémentaire.",
            date_debut_souhaitee=depot_c + timedelta(days=90),
            le=_le(depot_c),
        )
        instruction.changer_statut_demande(
            demande_c,
            StatutDemande.EN_INSTRUCTION,
            motif="Avis favorable de la préfecture.",
            le=_le(depot_c + timedelta(days=15)),
        )
        decider(
            AvisComite.POSITIF, postes + 1, depot_c + timedelta(days=15), demande_c, Phase.PHASE_2
        )
    elif scenario == "abandon":
        jour = decider(AvisComite.POSITIF, postes, jour, demande)
        # The post was never filled: the structure gives it back (request E) and leaves.
        depot_e = jour + timedelta(days=alea.randint(200, 400))
        demande_e = instruction.deposer_demande(
            structure=structure,
            type=TypeDemande.E,
            nombre_postes=postes,
            motivation="Ma structure rencontre des difficultés de recrutement.",
            le=_le(depot_e),
        )
        decider(AvisComite.POSITIF, 0, depot_e, demande_e)


def _compte_en_attente(contexte: dict, structure: Structure) -> None:
    """A second structure login, whose application is still waiting for the prefecture."""
    email = "structure-attente@demo.conseiller-numerique.fr"
    utilisateur, cree = Utilisateur.objects.get_or_create(
        email=email,
        defaults={"prenom": "Samia", "nom": "Attente", "email_verifie_le": timezone.now()},
    )
    if cree:
        utilisateur.set_password(MOT_DE_PASSE_DEMO)
        utilisateur.save()
    Habilitation.objects.get_or_create(
        utilisateur=utilisateur, role=Role.STRUCTURE, structure=structure
    )
    contexte["comptes"].append(("Structure (candidature en attente)", email, structure.nom))
