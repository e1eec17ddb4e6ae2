from django.apps import AppConfig


class ConventionsConfig(AppConfig):
    name = "conventions"
    verbose_name = "Conventions et postes"

    def ready(self):
        from comptes.navigation import ajouter_liens
        from comptes.roles import Role
        from recrutement.signaux import recrutement_finalise

        from . import contrats

        recrutement_finalise.connect(contrats.a_la_finalisation, dispatch_uid="conventions_contrat")
        ajouter_liens(
            Role.OPERATEUR,
            [
                ("Dossiers de subvention", "conventions:dossiers"),
                ("Conventions", "conventions:conventions"),
                ("Calendrier des paiements", "conventions:calendrier"),
                ("Renouvellements demandés", "conventions:renouvellements"),
            ],
        )
        ajouter_liens(
            Role.ANCT,
            [
                ("Conventions", "conventions:conventions"),
                ("Ruptures et prolongations", "conventions:a_valider"),
            ],
        )
        ajouter_liens(
            Role.STRUCTURE,
            [("Ma convention", "conventions:ma_convention")],
        )
        ajouter_liens(Role.PREFECTURE, [("Conventions", "conventions:conventions")])
