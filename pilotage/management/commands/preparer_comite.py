from django.utils import timezone

from instruction import services
from instruction.rules import date_prochain_comite
from instruction.selectors import comite_en_preparation, date_dernier_comite

from ._base import CommandeProgrammee


class Command(CommandeProgrammee):
    help = (
        "Ouvre le prochain comité de sélection (tous les 15 jours) s’il n’y en a pas déjà un "
        "en préparation. Idempotent : relancer la commande n’ouvre pas un second comité."
    )

    def handle(self, *args, execute=False, **options):
        jour = self.jour(options) or timezone.localdate()
        ouvert = comite_en_preparation()
        if ouvert is not None:
            self.stdout.write(f"  Déjà en préparation : {ouvert}")
            self.conclure(execute, 0, "comité ouvert", "comité à ouvrir")
            return
        prochain = date_prochain_comite(date_dernier_comite(), jour)
        if execute:
            comite = services.preparer_comite(date_comite=prochain)
            self.stdout.write(f"  Ouvert : {comite}")
        else:
            self.stdout.write(f"  À ouvrir : comité du {prochain:%d/%m/%Y}")
        self.conclure(execute, 1, "comité ouvert", "comité à ouvrir")
