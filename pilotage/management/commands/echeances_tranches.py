from django.utils import timezone

from ._base import CommandeProgrammee


class Command(CommandeProgrammee):
    help = (
        "Rend exigibles les tranches de subvention arrivées à échéance, par le service des "
        "conventions (qui vérifie suspensions et conditions). Une tranche déjà exigible "
        "n’est pas reprise : relancer la commande ne fait rien de plus."
    )

    def handle(self, *args, execute=False, **options):
        try:
            from conventions import subventions
            from conventions.models import Tranche
        except ImportError:
            self.stdout.write("Les tranches de subvention ne sont pas encore gérées.")
            return
        jour = self.jour(options) or timezone.localdate()
        dues = list(
            Tranche.objects.filter(statut="prevue", due_le__lte=jour)
            .select_related("subvention__convention__structure")
            .order_by("due_le", "pk")
        )
        faites = 0
        for tranche in dues:
            nom = f"Tranche {tranche.rang} de {tranche.subvention.convention.structure.nom}"
            if not execute:
                self.stdout.write(f"  {nom} : due le {tranche.due_le:%d/%m/%Y}")
                continue
            try:
                subventions.marquer_exigible(tranche.pk, le=jour)
            except subventions.ActionImpossible as erreur:
                self.stdout.write(f"  {nom} : bloquée – {erreur}")
            else:
                faites += 1
                self.stdout.write(f"  {nom} : exigible")
        self.conclure(
            execute, faites if execute else len(dues), "tranche(s) exigible(s)", "tranche(s) due(s)"
        )
