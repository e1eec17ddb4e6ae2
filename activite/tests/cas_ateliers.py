"""One table of workshop counts, played through the form (activite/tests/test_views.py) and
through the partner API (api/tests/test_ecriture.py): one rule, one answer.

Seed 001 §II.3 / §III.2: « La structure d'accueil s'assure de la bonne fréquence de ces
comptes-rendus d'activité et se porte responsable de la fiabilité des informations
transmises. » Reading: a count typed in is a count, even 0 — a « non communiqué » written
as 0 does not take the remainder; only a blank one does.
"""

# (participants, age bands typed in, expected error or None)
CAS_TRANCHES = [
    # A workshop of 10, bands summing to 9 and an explicit « non communiqué » of 0: refused.
    (10, {"moins_de_douze": 4, "soixante_dix_plus": 5, "non_communique": 0}, "(9)"),
    # Same bands, « non communiqué » left blank: it takes the remaining 1.
    (10, {"moins_de_douze": 4, "soixante_dix_plus": 5}, None),
    (10, {"moins_de_douze": 4, "soixante_dix_plus": 5, "non_communique": 1}, None),
    (10, {"moins_de_douze": 11}, "dépasse le nombre de participants (10)"),
]
