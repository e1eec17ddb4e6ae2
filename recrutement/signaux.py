"""Signals other apps listen to, so recrutement does not import them.

``recrutement_finalise`` is sent inside the transaction that validates a recruitment
(keywords ``mise_en_relation`` and ``par``, the user who validated): formation assigns the new advisor to a training body,
conventions opens the employment contract. A receiver that fails rolls the validation back.
"""

from django.dispatch import Signal

recrutement_finalise = Signal()
