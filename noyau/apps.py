from django.apps import AppConfig


class NoyauConfig(AppConfig):
    """Shared technical core: e-mail, exports, pagination, base templates. No domain models."""

    name = "noyau"
    verbose_name = "Noyau"
