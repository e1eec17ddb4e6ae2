from django.apps import AppConfig


class RecrutementConfig(AppConfig):
    name = "recrutement"
    verbose_name = "Recrutement"

    def ready(self):
        from comptes.navigation import ajouter_liens
        from comptes.roles import Role

        ajouter_liens(
            Role.STRUCTURE,
            [
                ("Mes candidats", "recrutement:espace"),
                ("Vivier de candidats", "recrutement:vivier"),
            ],
        )
        ajouter_liens(
            Role.ANCT,
            [
                ("Recrutements à valider", "recrutement:validations"),
                ("Retards de recrutement", "recrutement:retards"),
            ],
        )
        ajouter_liens(Role.PREFECTURE, [("Retards de recrutement", "recrutement:retards")])
