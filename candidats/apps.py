from django.apps import AppConfig


class CandidatsConfig(AppConfig):
    name = "candidats"
    verbose_name = "Candidats"

    def ready(self):
        from comptes.navigation import ESPACES, ajouter_liens, definir_accueil
        from comptes.roles import Role

        definir_accueil(Role.CANDIDAT, "candidats:espace")
        ajouter_liens(
            Role.CANDIDAT,
            [
                ("Mon profil", "candidats:espace"),
                ("Mon CV", "candidats:cv_deposer"),
                ("Résultats Pix", "candidats:pix"),
            ],
        )
        ajouter_liens(Role.ANCT, [("Vivier de candidats", "candidats:liste")])
        ajouter_liens(Role.PREFECTURE, [("Candidats du territoire", "candidats:liste")])
        ESPACES[Role.CANDIDAT] = {
            "intro": "Votre candidature au vivier national des conseillers numériques.",
            "etapes": [
                "Tenez votre profil à jour : commune, distance, date de disponibilité.",
                "Déposez votre CV (PDF) et, si vous le souhaitez, vos résultats Pix.",
                "Vous n’êtes plus disponible ? Mettez votre candidature en pause.",
            ],
        }
