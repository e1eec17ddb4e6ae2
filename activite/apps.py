from django.apps import AppConfig


class ActiviteConfig(AppConfig):
    name = "activite"
    verbose_name = "Activité des conseillers"
