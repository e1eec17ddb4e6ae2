from django.apps import AppConfig


class TerritoiresConfig(AppConfig):
    name = "territoires"
    verbose_name = "Territoires : régions, départements et communes"

    def ready(self):
        from comptes.navigation import ajouter_liens
        from comptes.roles import Role

        ajouter_liens(Role.ANCT, [("Cibles départementales", "territoires:cibles")])
        for role in (Role.PREFECTURE, Role.HUB):
            ajouter_liens(role, [("Cibles", "territoires:cibles")])
