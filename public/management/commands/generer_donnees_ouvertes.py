"""Regenerate the open-data files (places in the national schema, monthly statistics).

Idempotent. The procrastinate worker runs it every night at 3:30 (public.tasks); without
a worker, a cron line does the same:
``15 3 * * * cd /app && python manage.py generer_donnees_ouvertes``.
"""

from django.core.management.base import BaseCommand

from public.donnees_ouvertes import generer


class Command(BaseCommand):
    help = "Régénère les fichiers de données ouvertes (lieux et statistiques)."

    def handle(self, *args, **options):
        m = generer()
        self.stdout.write(
            f"Données ouvertes générées : {m['lieux']} lieu(x) publié(s), "
            f"{m['lieux_rejetes']} écarté(s) (non conformes au schéma), "
            f"{m['lignes_statistiques']} ligne(s) de statistiques."
        )
