"""Rebuild every statistics rollup from the raw activity reports (repair; idempotent)."""

import time

from django.core.management.base import BaseCommand

from activite import agregats


class Command(BaseCommand):
    help = (
        "Recalcule toutes les tables d’agrégats des statistiques d’activité à partir des "
        "comptes rendus. Idempotent : peut être relancé sans risque."
    )

    def handle(self, *args, **options):
        debut = time.monotonic()
        journal = self.stdout.write if options["verbosity"] > 1 else None
        agregats.recalculer(journal=journal)
        duree = time.monotonic() - debut
        self.stdout.write(self.style.SUCCESS(f"Statistiques recalculées en {duree:.1f} s."))
