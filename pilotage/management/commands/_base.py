"""What every scheduled command of pilotage shares: simulation by default (``--dry-run``),
``--execute`` to act, ``--date`` to catch up a missed day."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError


class CommandeProgrammee(BaseCommand):
    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Afficher ce qui serait fait, sans rien faire (par défaut).",
        )
        mode.add_argument("--execute", action="store_true", help="Agir réellement.")
        parser.add_argument(
            "--date", default=None, help="Date du jour à considérer (AAAA-MM-JJ), pour rattraper."
        )

    def jour(self, options) -> date | None:
        try:
            return date.fromisoformat(options["date"]) if options.get("date") else None
        except ValueError:
            raise CommandError("Date invalide : format attendu AAAA-MM-JJ.") from None

    def conclure(self, execute: bool, n: int, fait: str, a_faire: str) -> None:
        if execute:
            self.stdout.write(self.style.SUCCESS(f"{n} {fait}."))
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{n} {a_faire}. Simulation : rien n’est fait ; relancez avec --execute."
                )
            )
