"""Demo of pilotage: the reports of the demo structure (one handed in, the others owed),
and in-app notifications pointing each agent to their dashboard.

Idempotent: reports are unique per period and notifications per key. Without a signed
convention (conventions' demo not there), no report is created; the dashboards still show
what the other apps' demos created.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from comptes.models import Utilisateur
from comptes.notifications import notifier
from structures.models import Structure

from . import obligations, rules, services

BORDEAUX = "21330063500017"
AGENTS = {
    "anct@demo.conseiller-numerique.fr": "pilotage:tableau",
    "prefecture33@demo.conseiller-numerique.fr": "pilotage:tableau",
    "hub@demo.conseiller-numerique.fr": "pilotage:tableau",
    "reseau@demo.conseiller-numerique.fr": "pilotage:tableau",
    "coordinateur@demo.conseiller-numerique.fr": "pilotage:tableau",
    "structure@demo.conseiller-numerique.fr": "pilotage:obligations",
}


def creer(contexte: dict) -> None:
    resume = contexte.setdefault("resume", [])
    aujourd_hui = timezone.localdate()
    structure = Structure.objects.filter(siret=BORDEAUX).first()
    deposes = 0
    if structure is not None:
        dues = obligations.obligations(
            Structure.objects.filter(pk=structure.pk), aujourd_hui, [rules.CONDITIONS_ACCUEIL]
        )
        premiere = next((o for o in dues if o.rapport is None), None)
        if premiere is not None and not any(o.rapport for o in dues):
            services.deposer_rapport(
                structure,
                rules.CONDITIONS_ACCUEIL,
                premiere.periode.debut,
                par=None,
                materiel_fourni=True,
                frais_deplacement=True,
                espace_travail=False,
                commentaire="Bureau partagé avec l’accueil de la mairie.",
                aujourd_hui=aujourd_hui,
            )
            deposes = 1
    for email, nom_url in AGENTS.items():
        utilisateur = Utilisateur.objects.filter(email=email).first()
        if utilisateur is not None:
            notifier(
                utilisateur,
                "Bienvenue : votre tableau de bord de pilotage est disponible",
                message="Chiffres de votre périmètre, alertes et exports.",
                lien=reverse(nom_url),
                cle="demo:bienvenue",
            )
    resume.append(
        f"Pilotage : tableaux de bord sur /pilotage/ ; {deposes} rapport de structure déposé."
    )
