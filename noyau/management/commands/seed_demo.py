from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from territoires.models import Commune

# Each app may ship a ``demo.py`` with ``creer(contexte: dict) -> None``: it adds its objects
# to ``contexte`` (for the apps after it) and its printed logins to ``contexte["comptes"]``.
# Order matters: an app's demo may use what the earlier ones created. An entry is an app
# (its ``demo`` module) or a dotted module, for an app that needs two steps (formation:
# its bodies before the accounts, its learners before the tranches they gate). Missing modules are
# skipped, so an app may ship its demo later.
ORDRE = [
    "territoires",
    "structures",
    "formation",
    "comptes",
    "candidats",
    "instruction",
    "recrutement",
    "formation.demo_apprenants",
    "conventions",
    "activite",
    "pilotage",
    "public",
    "api",
]


class Command(BaseCommand):
    help = (
        "Crée un petit jeu de données de démonstration et un compte par rôle. "
        "Idempotent : relancer la commande ne duplique rien."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not Commune.objects.exists():
            raise CommandError("Chargez d’abord les territoires : manage.py charger_territoires")
        contexte: dict = {"comptes": []}
        for entree in ORDRE:
            nom = entree if "." in entree else f"{entree}.demo"
            try:
                module = import_module(nom)
            except ModuleNotFoundError as erreur:
                if erreur.name in (entree.split(".")[0], nom):
                    continue
                raise
            module.creer(contexte)
        self.afficher(contexte)

    def afficher(self, contexte):
        from comptes.demo import MOT_DE_PASSE_DEMO

        self.stdout.write(self.style.SUCCESS("\nDonnées de démonstration prêtes.\n"))
        for ligne in contexte.get("resume", []):
            self.stdout.write(f"  {ligne}")
        self.stdout.write(f"\nMot de passe de tous les comptes : {MOT_DE_PASSE_DEMO}\n")
        largeur = max(len(r) for r, _, _ in contexte["comptes"])
        for role, email, portee in contexte["comptes"]:
            self.stdout.write(f"  {role:<{largeur}}  {email:<46} {portee}")
        self.stdout.write("\nConnexion : http://127.0.0.1:8000/comptes/connexion/\n")
