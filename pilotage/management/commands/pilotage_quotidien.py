from pilotage import services

from ._base import CommandeProgrammee


class Command(CommandeProgrammee):
    help = (
        "Envois quotidiens du pilotage : conseillers sans compte rendu depuis deux mois, "
        "conventions qui se terminent dans trois mois, rappels et retards des rapports des "
        "structures (courriel et notification dans l’espace). Chaque envoi est enregistré : "
        "relancer la commande n’envoie rien de plus."
    )

    def handle(self, *args, execute=False, **options):
        resultats = services.executer_quotidien(self.jour(options), executer=execute)
        nouveaux = [e for e, nouveau in resultats if nouveau]
        for envoi in nouveaux:
            self.stdout.write(f"  {envoi.cle} : {envoi.sujet} ({len(envoi.destinataires)} dest.)")
        self.conclure(execute, len(nouveaux), "envoi(s) fait(s)", "envoi(s) à faire")
