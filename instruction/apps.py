from django.apps import AppConfig


class InstructionConfig(AppConfig):
    name = "instruction"
    verbose_name = "Instruction des demandes"

    def ready(self):
        from comptes.navigation import ESPACES, ajouter_liens
        from comptes.roles import Role

        ajouter_liens(
            Role.ANCT,
            [("Comités de sélection", "instruction:comites"), ("Demandes", "instruction:demandes")],
        )
        ajouter_liens(Role.PREFECTURE, [("Demandes à instruire", "instruction:a_instruire")])
        ajouter_liens(Role.STRUCTURE, [("Mes demandes de postes", "instruction:mes_demandes")])
        ESPACES[Role.ANCT]["etapes"] = [
            "Invitez les préfectures, opérateurs, organismes et réseaux.",
            "Préparez le comité de sélection tous les 15 jours : aperçu des décisions, "
            "modifications motivées, confirmation.",
            "Consultez les demandes des structures et le journal des décisions.",
        ]
        ESPACES[Role.PREFECTURE]["etapes"] = [
            "Donnez votre avis sur les demandes de postes de votre territoire et classez les "
            "demandes favorables.",
            "Suivez la cible, la dotation et les postes occupés.",
        ]
