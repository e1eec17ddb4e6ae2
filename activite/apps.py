from django.apps import AppConfig


class ActiviteConfig(AppConfig):
    name = "activite"
    verbose_name = "Activité des conseillers"

    def ready(self):
        from comptes.navigation import ESPACES, ajouter_liens, definir_accueil
        from comptes.roles import Role

        from .statistiques import ROLES_STATISTIQUES

        definir_accueil(Role.CONSEILLER, "activite:accueil")
        ajouter_liens(
            Role.CONSEILLER,
            [
                ("Nouveau compte rendu", "activite:nouveau"),
                ("Mes comptes rendus", "activite:activites"),
                ("Mes lieux", "activite:lieux"),
                ("Mes bénéficiaires", "activite:beneficiaires"),
                ("Statistiques", "activite:statistiques"),
            ],
        )
        for role in ROLES_STATISTIQUES:
            if role != Role.CONSEILLER:
                ajouter_liens(role, [("Statistiques", "activite:statistiques")])
        ESPACES[Role.CONSEILLER]["etapes"] = [
            "Déclarez vos lieux d’activité et leurs horaires (« Mes lieux »).",
            "Enregistrez chaque accompagnement en quelques clics (« Nouveau compte rendu »).",
            "Suivez vos statistiques et exportez vos comptes rendus.",
        ]
