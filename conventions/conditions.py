"""Conditions that other apps put on a convention's payments, without conventions
importing them.

The first tranche of a subsidy is due only once the advisor is enrolled in training
(formation), and later apps may add their own conditions (reporting obligations, in
pilotage). Each app registers a function from its ``AppConfig.ready()``; the conventions
services ask them all before marking a tranche due or paid.
"""

from collections.abc import Callable

# A condition takes the tranche and returns None when it is met, or the French reason why
# the tranche cannot be due yet (shown to the operator as is).
Condition = Callable[[object], str | None]

_CONDITIONS: list[tuple[int | None, Condition]] = []


def enregistrer_condition(condition: Condition, *, rang: int | None = None) -> Condition:
    """Register ``condition`` for the tranches of rank ``rang`` (1, 2, 3), or all if None.
    Registering the same function twice keeps one."""
    if all(c is not condition for _, c in _CONDITIONS):
        _CONDITIONS.append((rang, condition))
    return condition


def motifs_de_blocage(tranche) -> list[str]:
    """Why ``tranche`` cannot be due yet: an empty list when nothing stops it."""
    motifs = []
    for rang, condition in _CONDITIONS:
        if rang is None or rang == tranche.rang:
            motif = condition(tranche)
            if motif:
                motifs.append(motif)
    return motifs
