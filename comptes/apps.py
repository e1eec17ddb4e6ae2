from django.apps import AppConfig


class ComptesConfig(AppConfig):
    name = "comptes"
    verbose_name = "Comptes, rôles et journal"

    def ready(self):
        from . import signaux, suivi_courriels  # noqa: F401
