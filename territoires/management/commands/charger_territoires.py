import time
from pathlib import Path

from django.core.management.base import BaseCommand

from territoires.chargement import FICHIER_PAR_DEFAUT, charger_fichier


class Command(BaseCommand):
    help = (
        "Charge (ou met à jour) les régions, départements et communes depuis le fichier "
        "livré avec l'application. Idempotent : un second chargement ne change rien."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fichier",
            type=Path,
            default=FICHIER_PAR_DEFAUT,
            help=f"fichier JSON compressé (par défaut {FICHIER_PAR_DEFAUT.name})",
        )

    def handle(self, *args, fichier: Path, **options):
        debut = time.perf_counter()
        rapport = charger_fichier(fichier)
        duree = time.perf_counter() - debut
        self.stdout.write(f"Régions : {rapport.regions}")
        self.stdout.write(f"Départements : {rapport.departements}")
        self.stdout.write(f"Communes : {rapport.communes}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Territoires chargés en {duree:.1f} s "
                f"({rapport.crees} créé(s), {rapport.mis_a_jour} mis à jour)."
            )
        )
