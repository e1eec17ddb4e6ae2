from datetime import date

from django.core.management.base import BaseCommand, CommandError

from recrutement import services


class Command(BaseCommand):
    help = (
        "Rappelle par courriel aux structures que leur échéance de recrutement approche. "
        "Par défaut, affiche seulement les rappels qui seraient envoyés (--dry-run) ; "
        "--execute envoie. Chaque rappel est enregistré : relancer la commande n’envoie rien "
        "de plus."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher les rappels qui seraient envoyés, sans rien envoyer (par défaut).",
        )
        mode.add_argument("--execute", action="store_true", help="Envoyer réellement.")
        parser.add_argument(
            "--date", default=None, help="Date du jour à considérer (AAAA-MM-JJ), pour rattraper."
        )

    def handle(self, *args, execute=False, date=None, **options):
        try:
            jour = _lire_date(date)
        except ValueError:
            raise CommandError("Date invalide : format attendu AAAA-MM-JJ.") from None
        resultats = services.envoyer_rappels(aujourd_hui=jour, executer=execute)
        verbe = "envoyé" if execute else "à envoyer"
        for structure, echeance, jours in resultats:
            self.stdout.write(
                f"  {structure.nom} : échéance le {echeance:%d/%m/%Y} (rappel J-{jours}) – {verbe}"
            )
        if execute:
            message = f"{len(resultats)} rappel(s) envoyé(s)."
        else:
            message = (
                f"{len(resultats)} rappel(s) à envoyer. Simulation : rien n’est envoyé ; "
                "relancez avec --execute pour envoyer."
            )
        self.stdout.write(self.style.SUCCESS(message))


def _lire_date(texte: str | None) -> date | None:
    return date.fromisoformat(texte) if texte else None
