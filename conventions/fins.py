"""The end of a convention: at its term when the structure does not renew it (request F), at
the committee's date when it leaves the programme (request G) or its last post goes.

Seed 002: « F. Ne pas renouveler sa convention : Une structure arrive en fin de convention et
ne souhaite pas renouveler » (committee: yes); « G. Sortir du dispositif : Une structure
souhaite sortir du dispositif avant la fin de sa convention » (committee: yes).

Reading (the sources leave room):
- F: the convention ends on its term as signed (``fin_prevue``); vacant posts go back at the
  committee, the others at the term, when the contracts they carry end with it (the
  advisors' role on the structure goes inactive, as at any contract's end).
- G: the convention ends on the committee's date (every post is vacant: the committee
  requires it).
- Tranches: what fell due by the end date stays payable (the advisor was employed then);
  unpaid tranches due after it are cancelled; nothing already paid is claimed back
  automatically — the operator may claim it (capped at what was paid). A post handed to
  another structure (H) keeps its tranches for the transfer, which settles them.
- Told: the structure's managers, each advisor whose contract ends, the prefecture of the
  département and the operator's agents.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from comptes.journal import journaliser
from comptes.models import Habilitation
from comptes.roles import Role
from noyau import courriels

from .choix import EtatPoste, StatutContrat, StatutConvention, StatutTranche
from .models import Contrat, Convention, Poste, Tranche
from .notifications import ecrire_a_la_structure


def _agents(convention: Convention) -> list[str]:
    """The prefecture of the structure's département and the operator's agents."""
    dep = convention.structure.departement_id
    actives = Habilitation.objects.filter(active=True, utilisateur__is_active=True)
    adresses = set(
        actives.filter(role=Role.PREFECTURE, departement_id=dep).values_list(
            "utilisateur__email", flat=True
        )
    )
    adresses |= set(
        actives.filter(role=Role.PREFECTURE, region__departements__code=dep).values_list(
            "utilisateur__email", flat=True
        )
    )
    adresses |= set(
        actives.filter(role=Role.OPERATEUR).values_list("utilisateur__email", flat=True)
    )
    return sorted(adresses)


def suivre_la_fin(convention: Convention, *, le: date, motif: str, par=None) -> dict:
    """What follows a convention's end (inside the caller's transaction, the convention
    already TERMINEE with ``date_fin``): unpaid tranches due after ``le`` cancelled, every
    party told. Returns what was done, for the audit event."""
    transferes = Poste.objects.filter(convention=convention, transfere_vers__isnull=False)
    annulables = (
        Tranche.objects.select_for_update(of=("self",))
        .filter(
            subvention__convention=convention,
            statut__in=[StatutTranche.PREVUE, StatutTranche.EXIGIBLE],
            due_le__gt=le,
        )
        .exclude(subvention__poste__in=transferes)
    )
    annulees = list(annulables)
    montant = sum((t.montant for t in annulees), Decimal("0"))
    Tranche.objects.filter(pk__in=[t.pk for t in annulees]).update(statut=StatutTranche.ANNULEE)
    restantes = Tranche.objects.filter(
        subvention__convention=convention,
        statut__in=[StatutTranche.PREVUE, StatutTranche.EXIGIBLE],
    ).count()
    contexte = {
        "convention": convention,
        "motif": motif,
        "le": le,
        "tranches_annulees": len(annulees),
        "montant_annule": montant,
        "tranches_restantes": restantes,
    }
    ecrire_a_la_structure(
        convention.structure, "Votre convention se termine", "fin_convention", **contexte
    )
    agents = _agents(convention)
    if agents:
        courriels.envoyer(
            agents,
            f"Fin de la convention de {convention.structure.nom}",
            "conventions/courriels/fin_convention_agents",
            contexte,
        )
    journaliser(
        "conventions.convention_terminee",
        f"Convention de {convention.structure.nom} terminée le {le:%d/%m/%Y} ({motif}) : "
        f"{len(annulees)} tranche(s) non échue(s) annulée(s)",
        acteur=par,
        cible=convention,
        details={
            "motif": motif,
            "le": le.isoformat(),
            "tranches_annulees": len(annulees),
            "montant_annule": str(montant),
        },
    )
    return contexte


def terminer_conventions_echues(aujourd_hui: date | None = None) -> int:
    """Signed conventions past their term end (F, or no request at all): their contracts end
    with them, their posts go back, the tranches and the parties follow (``suivre_la_fin``).
    One transaction per convention; idempotent."""
    from recrutement import services as recrutement

    aujourd_hui = aujourd_hui or timezone.localdate()
    ids = list(
        Convention.objects.filter(statut=StatutConvention.SIGNEE, date_fin__lt=aujourd_hui)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    n = 0
    for pk in ids:
        with transaction.atomic():
            convention = (
                Convention.objects.select_for_update(of=("self",))
                .select_related("structure")
                .filter(pk=pk, statut=StatutConvention.SIGNEE, date_fin__lt=aujourd_hui)
                .first()
            )
            if convention is None:
                continue
            le = convention.date_fin
            conseillers = []
            for contrat in Contrat.objects.filter(
                poste__convention=convention, statut=StatutContrat.EN_COURS
            ).select_related("candidat__utilisateur"):
                if recrutement.terminer_avec_la_convention(contrat.mise_en_relation_id, le=le):
                    conseillers.append(contrat.candidat.utilisateur)
            Poste.objects.filter(convention=convention).exclude(etat=EtatPoste.RENDU).update(
                etat=EtatPoste.RENDU, date_rendu=le
            )
            convention.statut = StatutConvention.TERMINEE
            convention.save(update_fields=["statut"])
            for utilisateur in conseillers:
                courriels.envoyer(
                    [utilisateur.email],
                    "Votre contrat n’est plus suivi par le dispositif",
                    "conventions/courriels/fin_convention_conseiller",
                    {"convention": convention, "le": le},
                )
            suivre_la_fin(convention, le=le, motif="terme de la convention, non renouvelée")
            n += 1
    return n
