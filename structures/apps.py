from django.apps import AppConfig


class StructuresConfig(AppConfig):
    name = "structures"
    verbose_name = "Structures d’accueil"

    def ready(self):
        from comptes.navigation import ESPACES, ajouter_liens, definir_accueil
        from comptes.roles import Role

        from .selectors import ROLES_AGENTS

        definir_accueil(Role.STRUCTURE, "structures:espace")
        ESPACES[Role.STRUCTURE] = {
            "intro": "L’espace de votre structure d’accueil.",
            "etapes": [
                "Suivez votre candidature et chacune de vos demandes dans « Ma candidature ».",
                "Téléchargez la fiche de poste, le guide d’entretien et les modèles de contrat "
                "et de délibération.",
                "Invitez les autres gestionnaires de votre structure.",
            ],
        }
        ajouter_liens(Role.STRUCTURE, [("Ma candidature", "structures:espace")])
        for role in ROLES_AGENTS:
            ajouter_liens(role, [("Structures", "structures:liste")])
