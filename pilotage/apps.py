from django.apps import AppConfig


class PilotageConfig(AppConfig):
    name = "pilotage"
    verbose_name = "Pilotage"

    def ready(self):
        from comptes.navigation import ESPACES, GROUPE_PILOTAGE, ajouter_liens, definir_accueil
        from comptes.roles import Role

        from .alertes import PAR_ROLE
        from .selectors import ROLES_TABLEAU

        for role in ROLES_TABLEAU:
            ajouter_liens(role, [("Tableau de bord", "pilotage:tableau")], groupe=GROUPE_PILOTAGE)
            if role != Role.STRUCTURE:
                definir_accueil(role, "pilotage:tableau")
            ajouter_liens(role, [("Conseillers", "pilotage:conseillers")], groupe=GROUPE_PILOTAGE)
        for role in PAR_ROLE:
            ajouter_liens(role, [("Alertes", "pilotage:alertes")], groupe=GROUPE_PILOTAGE)
        for role in (Role.ANCT, Role.OPERATEUR, Role.PREFECTURE, Role.HUB, Role.GRAND_RESEAU):
            ajouter_liens(
                role, [("Gestionnaires", "pilotage:gestionnaires")], groupe=GROUPE_PILOTAGE
            )
        for role in (Role.ANCT, Role.OPERATEUR, Role.PREFECTURE):
            ajouter_liens(
                role, [("Rapports en retard", "pilotage:retards")], groupe=GROUPE_PILOTAGE
            )
        ajouter_liens(Role.STRUCTURE, [("Mes rapports", "pilotage:obligations")])
        ajouter_liens(
            Role.ANCT,
            [("Courriels de la plateforme", "pilotage:catalogue")],
            groupe="Administration",
        )
        ESPACES[Role.STRUCTURE]["etapes"].append(
            "Déposez vos rapports : conditions d’accueil (semestriel), utilisation de la "
            "subvention (trimestriel), rapport d’activité (annuel)."
        )
