from django.apps import AppConfig


class FormationConfig(AppConfig):
    name = "formation"
    verbose_name = "Formation"

    def ready(self):
        from comptes.navigation import ajouter_liens, definir_accueil
        from comptes.roles import Role
        from conventions.conditions import enregistrer_condition
        from recrutement.signaux import recrutement_finalise

        from .conditions import inscription_en_formation

        recrutement_finalise.connect(_rattacher, dispatch_uid="formation_rattacher")
        enregistrer_condition(inscription_en_formation, rang=1)

        ajouter_liens(
            Role.ORGANISME_FORMATION,
            [("Apprenants", "formation:apprenants"), ("Sessions", "formation:sessions")],
        )
        definir_accueil(Role.ORGANISME_FORMATION, "formation:apprenants")
        ajouter_liens(
            Role.ANCT,
            [
                ("Formation des conseillers", "formation:apprenants"),
                ("Module annuel en retard", "formation:retards"),
            ],
        )
        for role in (Role.STRUCTURE, Role.PREFECTURE, Role.COORDINATEUR):
            ajouter_liens(role, [("Formation des conseillers", "formation:conseillers")])
        ajouter_liens(Role.PREFECTURE, [("Module annuel en retard", "formation:retards")])
        ajouter_liens(Role.CONSEILLER, [("Ma formation", "formation:mon_parcours")])


def _rattacher(sender, mise_en_relation, par=None, **kwargs):
    """Receiver of ``recrutement_finalise``: inside the validation's transaction, so a
    failure here rolls the validation back rather than leaving an advisor without a body."""
    from .services import rattacher

    rattacher(mise_en_relation, par=par)
