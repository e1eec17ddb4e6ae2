from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comptes import demo as comptes_demo
from comptes.demo import MOT_DE_PASSE_DEMO
from formation import demo as formation_demo
from structures import demo as structures_demo
from territoires.models import Commune


class Command(BaseCommand):
    help = (
        "Crée un petit jeu de données de démonstration et un compte par rôle. "
        "Idempotent : relancer la commande ne duplique rien."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        if not Commune.objects.exists():
            raise CommandError("Chargez d’abord les territoires : manage.py charger_territoires")
        structures = structures_demo.creer()
        formation = formation_demo.creer()
        comptes = comptes_demo.creer(
            structures["structures"], structures["reseau"], formation["organisme"]
        )
        self.stdout.write(self.style.SUCCESS("\nDonnées de démonstration prêtes.\n"))
        self.stdout.write(f"Mot de passe de tous les comptes : {MOT_DE_PASSE_DEMO}\n")
        largeur = max(len(r) for r, _, _ in comptes)
        for role, email, portee in comptes:
            self.stdout.write(f"  {role:<{largeur}}  {email:<46} {portee}")
        self.stdout.write("\nConnexion : http://127.0.0.1:8000/comptes/connexion/\n")
