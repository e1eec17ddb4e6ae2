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
    ],
    Role.STRUCTURE: [("Gestionnaires", "comptes:gestionnaires")],
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


def ajouter_liens(role: str, entrees: list[tuple[str, str]]) -> None:
    """Register (label, URL name) entries in a role's navigation; idempotent."""
    liste = NAVIGATION.setdefault(role, [])
    for entree in entrees:
        if entree not in liste:
            liste.append(entree)


def definir_accueil(role: str, nom_url: str) -> None:
    ACCUEILS[role] = nom_url


def liens(role: str | None, chemin: str) -> list[dict]:
    if role is None:
        return []
    entrees = [("Accueil de mon espace", reverse("comptes:accueil_role", args=[role]))]
    entrees += [(libelle, reverse(nom)) for libelle, nom in NAVIGATION.get(role, [])]
    return [{"libelle": lib, "url": url, "actif": chemin == url} for lib, url in entrees]
