from django.apps import AppConfig


class NoyauConfig(AppConfig):
    """Shared technical core: e-mail (and its outbox), exports, forms, demo command."""

    name = "noyau"
    verbose_name = "Noyau"

    def ready(self):
        from . import checks  # noqa: F401
