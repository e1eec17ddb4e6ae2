from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from candidats import services


class Command(BaseCommand):
    help = (
        "Supprime les CV des candidats plus anciens que la durée de conservation. "
        "Par défaut, affiche seulement ce qui serait supprimé (--dry-run) ; "
        "--execute supprime. Relancer la commande ne supprime rien de plus."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher les CV qui seraient supprimés, sans rien supprimer (par défaut).",
        )
        mode.add_argument("--execute", action="store_true", help="Supprimer réellement.")
        parser.add_argument(
            "--mois",
            type=int,
            default=None,
            help="Durée de conservation en mois (par défaut : celle des règles, "
            f"{services.retention_cv_mois()} mois).",
        )

    def handle(self, *args, execute=False, mois=None, **options):
        if mois is not None and mois < 1:
            raise CommandError("La durée de conservation est d’au moins un mois.")
        mois = mois if mois is not None else services.retention_cv_mois()
        resultats = services.purger_cv(mois=mois, executer=execute)
        verbe = "supprimé" if execute else "à supprimer"
        for pk, depose_le in resultats:
            date = timezone.localtime(depose_le).strftime("%d/%m/%Y")
            self.stdout.write(f"  candidat n° {pk} : CV déposé le {date} – {verbe}")
        if execute:
            message = f"{len(resultats)} CV supprimé(s) (conservation : {mois} mois)."
        else:
            message = (
                f"{len(resultats)} CV à supprimer (conservation : {mois} mois). "
                "Simulation : rien n’est supprimé ; relancez avec --execute pour supprimer."
            )
        self.stdout.write(self.style.SUCCESS(message))
