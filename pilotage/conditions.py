"""The link between reporting obligations and payments: a structure late with a report
has its next tranche held until it hands the report in.

Not registered by default: once the lead agrees, ``PilotageConfig.ready`` calls
``conventions.conditions.enregistrer_condition(rapports_a_jour, rang=...)`` (registering it
now would hold tranches in the conventions tests, whose conventions have no reports)."""

from django.utils import timezone

from . import obligations


def rapports_a_jour(tranche) -> str | None:
    subvention = getattr(tranche, "subvention", None)
    convention = getattr(subvention, "convention", None) or getattr(tranche, "convention", None)
    structure_id = getattr(convention, "structure_id", None)
    if structure_id is None:
        return None
    if obligations.structure_en_retard(structure_id, timezone.localdate()):
        return "La structure n’a pas déposé tous ses rapports obligatoires (suivi de pilotage)."
    return None
