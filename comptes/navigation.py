"""What each role sees in the main navigation and on its home page.

Each app adds its own entries from its ``AppConfig.ready()`` with ``ajouter_liens`` and
may replace a role's home page with ``definir_accueil``, so no app edits another's file.
"""

from django.urls import reverse

from .roles import Role

NAVIGATION: dict[str, list[tuple[str, str]]] = {
    Role.ANCT: [
        ("Invitations", "comptes:invitations"),
        ("Journal des décisions", "comptes:journal"),
        ("Modes de connexion", "comptes:modes_connexion"),
    ],
    Role.STRUCTURE: [("Gestionnaires", "comptes:gestionnaires")],
    Role.COORDINATEUR: [("Mon équipe", "comptes:equipe")],
    Role.CONSEILLER: [("Ma coordination", "comptes:mes_coordinations")],
}

ESPACES: dict[str, dict] = {
    Role.CANDIDAT: {
        "intro": "Votre candidature au vivier national des conseillers numériques.",
        "etapes": [
            "Complétez votre profil : disponibilités, mobilité, CV et résultats PIX.",
            "Les structures d’accueil proches de chez vous pourront vous contacter.",
            "Vous serez prévenu par courriel à chaque mise en relation.",
        ],
    },
    Role.STRUCTURE: {
        "intro": "L’espace de votre structure d’accueil.",
        "etapes": [
            "Suivez votre candidature et vos demandes de postes.",
            "Une fois vos postes attribués, recrutez dans le vivier de candidats.",
            "Signez la convention et suivez le versement de la subvention.",
        ],
    },
    Role.CONSEILLER: {
        "intro": "Votre espace de conseiller numérique.",
        "etapes": [
            "Suivez votre parcours de formation.",
            "Déclarez vos lieux d’activité et vos horaires.",
            "Enregistrez chaque accompagnement en quelques clics.",
        ],
    },
    Role.COORDINATEUR: {
        "intro": "L’espace de coordination de votre équipe de conseillers.",
        "etapes": [
            "Retrouvez les conseillers que vous suivez.",
            "Consultez leur activité et leur état de formation.",
        ],
    },
    Role.PREFECTURE: {
        "intro": "L’espace de pilotage de votre territoire.",
        "etapes": [
            "Donnez votre avis sur les demandes de postes de votre territoire.",
            "Suivez la cible, la dotation et les postes occupés.",
        ],
    },
    Role.HUB: {
        "intro": "L’espace de votre hub territorial.",
        "etapes": ["Suivez les structures et les conseillers des départements que vous couvrez."],
    },
    Role.GRAND_RESEAU: {
        "intro": "L’espace de votre grand réseau.",
        "etapes": ["Suivez les candidatures et les postes de vos structures membres."],
    },
    Role.OPERATEUR: {
        "intro": "L’espace de l’opérateur de paiement.",
        "etapes": [
            "Instruisez les dossiers de subvention et signez les conventions.",
            "Versez les tranches, suspendez ou demandez un remboursement.",
        ],
    },
    Role.ORGANISME_FORMATION: {
        "intro": "L’espace de votre organisme de formation.",
        "etapes": [
            "Enregistrez les tests de positionnement de vos apprenants.",
            "Ouvrez des sessions et suivez les certifications.",
        ],
    },
    Role.ANCT: {
        "intro": "Le pilotage national du dispositif.",
        "etapes": [
            "Invitez les préfectures, opérateurs, organismes et réseaux.",
            "Consultez le journal des décisions.",
            "Les comités de sélection et les tableaux de bord arrivent avec les prochaines versions.",
        ],
    },
}


# A role's home page may be served by another app's view (e.g. the dashboards of pilotage).
ACCUEILS: dict[str, str] = {}

# The ANCT navigation grew past what a header row holds: entries are grouped into DSFR
# sub-menus. Apps may name the group when they add links; links added without one are
# placed by URL namespace here, so no app has to change its ``ready()``.
GROUPE_PILOTAGE = "Pilotage"
GROUPE_INSTRUCTION = "Instruction"
GROUPE_RECRUTEMENT = "Recrutement"
GROUPE_ACTIVITE = "Activité"
GROUPE_ADMINISTRATION = "Administration"
GROUPES_PAR_ESPACE: dict[str, str] = {
    "pilotage": GROUPE_PILOTAGE,
    "territoires": GROUPE_PILOTAGE,
    "structures": GROUPE_PILOTAGE,
    "instruction": GROUPE_INSTRUCTION,
    "conventions": GROUPE_INSTRUCTION,
    "recrutement": GROUPE_RECRUTEMENT,
    "candidats": GROUPE_RECRUTEMENT,
    "formation": GROUPE_RECRUTEMENT,
    "activite": GROUPE_ACTIVITE,
    "comptes": GROUPE_ADMINISTRATION,
}
# A host structure (a town hall, an association) reads its space by what it does, not by
# the national team's departments: « Pilotage » and « Instruction » meant nothing to it.
# By full URL name first, then by namespace; this wins over a group an app named.
GROUPES_PAR_ROLE: dict[str, dict[str, str]] = {
    Role.STRUCTURE: {
        "structures:espace": "Ma demande",
        "instruction": "Ma demande",
        "recrutement": "Mes recrutements",
        "formation": "Mes recrutements",
        "conventions": "Ma convention",
        "pilotage:obligations": "Ma convention",
        "pilotage": "Mon activité",
        "activite": "Mon activité",
        "comptes": "Ma structure",
    },
}
# The order in which a role's groups appear (others follow, as registered).
ORDRE_GROUPES: dict[str, list[str]] = {
    Role.STRUCTURE: ["Ma demande", "Mes recrutements", "Ma convention", "Mon activité"],
}
# Groups are only worth their extra click past this many entries.
SEUIL_SOUS_MENUS = 7
GROUPES: dict[tuple[str, str], str] = {}  # (role, URL name) -> group label named by the app


def ajouter_liens(role: str, entrees: list[tuple[str, str]], groupe: str | None = None) -> None:
    """Register (label, URL name) entries in a role's navigation, optionally under a
    sub-menu label; idempotent."""
    liste = NAVIGATION.setdefault(role, [])
    for entree in entrees:
        if entree not in liste:
            liste.append(entree)
        if groupe:
            GROUPES[(role, entree[1])] = groupe


def definir_accueil(role: str, nom_url: str) -> None:
    ACCUEILS[role] = nom_url


def _groupe(role: str, nom_url: str) -> str | None:
    propres = GROUPES_PAR_ROLE.get(role, {})
    espace = nom_url.split(":", 1)[0]
    if nom_url in propres or espace in propres:
        return propres.get(nom_url, propres.get(espace))
    if (role, nom_url) in GROUPES:
        return GROUPES[(role, nom_url)]
    return GROUPES_PAR_ESPACE.get(nom_url.split(":", 1)[0])


def liens(role: str | None, chemin: str) -> list[dict]:
    """The role's navigation, flat or as sub-menus: each item is a link (``url``) or a
    group (``sous_liens``), in the order the entries were registered."""
    if role is None:
        return []
    entrees = [("Accueil de mon espace", reverse("comptes:accueil_role", args=[role]), None)]
    entrees += [
        (libelle, reverse(nom), _groupe(role, nom)) for libelle, nom in NAVIGATION.get(role, [])
    ]
    grouper = len(entrees) > SEUIL_SOUS_MENUS
    items: list[dict] = []
    par_groupe: dict[str, dict] = {}
    for libelle, url, groupe in entrees:
        lien = {"libelle": libelle, "url": url, "actif": chemin == url}
        if not grouper or groupe is None:
            items.append(lien)
            continue
        if groupe not in par_groupe:
            par_groupe[groupe] = {"libelle": groupe, "sous_liens": [], "actif": False}
            items.append(par_groupe[groupe])
        par_groupe[groupe]["sous_liens"].append(lien)
        par_groupe[groupe]["actif"] |= lien["actif"]
    ordre = ORDRE_GROUPES.get(role, [])
    if ordre:
        # The home link first, then the role's groups in their order, then the rest.
        items = items[:1] + sorted(
            items[1:],
            key=lambda i: ordre.index(i["libelle"]) if i["libelle"] in ordre else len(ordre),
        )
    # A group of one is just a link.
    return [
        i["sous_liens"][0] if "sous_liens" in i and len(i["sous_liens"]) == 1 else i for i in items
    ]
