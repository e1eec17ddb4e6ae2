from django.core.management.base import CommandError

from candidats import purge

from ._base import CommandeProgrammee


class Command(CommandeProgrammee):
    help = (
        "RGPD : anonymise les candidats inactifs depuis la durée de conservation (par défaut "
        f"{purge.RETENTION_MOIS} mois : ni connexion, ni modification, ni échange avec une "
        "structure). Relancer la commande n’anonymise personne de plus."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--mois", type=int, default=purge.RETENTION_MOIS)

    def handle(self, *args, execute=False, mois=purge.RETENTION_MOIS, **options):
        if mois < 12:
            raise CommandError("La durée de conservation est d’au moins 12 mois.")
        ids = purge.purger(mois=mois, executer=execute)
        for pk in ids:
            self.stdout.write(f"  candidat n° {pk}")
        self.conclure(execute, len(ids), "candidat(s) anonymisé(s)", "candidat(s) à anonymiser")
