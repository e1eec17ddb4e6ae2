from django.apps import AppConfig


class NoyauConfig(AppConfig):
    """Shared technical core: e-mail, exports, forms, demo command. No domain models."""

    name = "noyau"
    verbose_name = "Noyau"

    def ready(self):
        from . import checks  # noqa: F401
