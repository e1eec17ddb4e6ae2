from datetime import datetime, time

from django.utils import timezone

from comptes import journal
from conum import taches
from noyau import courriels

from ._base import CommandeProgrammee


class Command(CommandeProgrammee):
    help = (
        "Durées de conservation des traces techniques : identifiant et adresse IP des échecs "
        f"de connexion effacés après {journal.RETENTION_ECHECS_MOIS} mois, tâches terminées "
        f"de la file et courriels en échec supprimés après {taches.FILE_RETENTION_JOURS} "
        "jours. Relancer la commande ne refait rien."
    )

    def handle(self, *args, execute=False, **options):
        jour = self.jour(options)
        maintenant = timezone.make_aware(datetime.combine(jour, time.min)) if jour else None
        echecs = journal.effacer_echecs_anciens(maintenant=maintenant, executer=execute)
        sortants = courriels.purger_sortants(maintenant=maintenant, executer=execute)
        jobs = taches.purger_file(executer=execute)
        self.stdout.write(f"  échecs de connexion : {echecs}")
        self.stdout.write(f"  courriels en échec : {sortants}")
        self.stdout.write(f"  tâches terminées : {jobs}")
        self.conclure(
            execute, echecs + sortants + jobs, "trace(s) effacée(s)", "trace(s) à effacer"
        )
