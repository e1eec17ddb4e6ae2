"""Posts allocated and returned by committee decisions.

``Attributions`` is used inside the transaction of a committee decision (one decision, or a
whole committee at once): it locks the structures' running conventions and posts, plans the
changes each decision implies, then writes them in a few bulk queries. The audit event is
the decision's (``instruction.services``): a post never changes without a decision.
"""

from collections import defaultdict
from datetime import date

from comptes.services import ActionImpossible

from .choix import STATUTS_EN_COURS, EtatPoste, PhaseConvention, StatutConvention, TypePoste
from .models import Avenant, Convention, Poste


class PostesOccupes(ActionImpossible):
    """Fewer vacant posts than posts to return: a post must be vacant to be returned."""


def message_postes_occupes(a_rendre: int, vacants: int) -> str:
    return (
        f"{a_rendre} poste{'s' if a_rendre > 1 else ''} à rendre, mais seulement {vacants} "
        f"vacant{'s' if vacants > 1 else ''} : un poste doit être vacant pour être rendu "
        "(déclarez d’abord la rupture du contrat en cours)."
    )


class Attributions:
    """The running conventions and allocated posts of some structures, locked, and the
    changes planned on them."""

    def __init__(self, structure_ids):
        ids = sorted(set(structure_ids))
        self.conventions: dict[int, Convention] = {
            c.structure_id: c
            for c in Convention.objects.select_for_update()
            .filter(structure_id__in=ids, statut__in=STATUTS_EN_COURS)
            .order_by("pk")
        }
        self.postes: dict[tuple[int, str], list[Poste]] = defaultdict(list)
        for p in (
            Poste.objects.select_for_update(of=("self",))
            .filter(structure_id__in=ids, convention__statut__in=STATUTS_EN_COURS)
            .exclude(etat=EtatPoste.RENDU)
            .order_by("date_attribution", "pk")
        ):
            self.postes[(p.structure_id, p.type)].append(p)
        self.nouvelles_conventions: list[Convention] = []
        self.avenants: list[Avenant] = []
        self.nouveaux_postes: list[Poste] = []
        self.rendus: list[Poste] = []
        self.terminees: list[Convention] = []

    # --- reading -------------------------------------------------------------------------

    def nombre(self, structure_id: int, type_poste: str | None = None) -> int:
        types = [type_poste] if type_poste else TypePoste.values
        return sum(len(self.postes[(structure_id, t)]) for t in types)

    def vacants(self, structure_id: int, type_poste: str | None = None) -> int:
        types = [type_poste] if type_poste else TypePoste.values
        return sum(
            1 for t in types for p in self.postes[(structure_id, t)] if p.etat == EtatPoste.VACANT
        )

    def occupes(self, structure_id: int, type_poste: str | None = None) -> int:
        return self.nombre(structure_id, type_poste) - self.vacants(structure_id, type_poste)

    def convention(self, structure_id: int) -> Convention | None:
        return self.conventions.get(structure_id)

    # --- planning ------------------------------------------------------------------------

    def fixer(
        self,
        structure,
        type_poste: str,
        total: int,
        *,
        decision=None,
        date_decision: date,
        recruter_avant: date,
        origines: list[Poste] | tuple = (),
    ) -> tuple[list[Poste], list[Poste]]:
        """Bring the structure's allocated posts of a type to ``total``: new vacant posts
        (in a new convention "à signer", or an amendment of the running one), or vacant
        posts returned. Returns (posts added, posts returned)."""
        actifs = self.postes[(structure.pk, type_poste)]
        ajoutes: list[Poste] = []
        rendus: list[Poste] = []
        if total > len(actifs):
            n = total - len(actifs)
            convention, avenant = self._convention_pour(
                structure, type_poste, n, decision, date_decision
            )
            origines = list(origines)
            for i in range(n):
                poste = Poste(
                    convention=convention,
                    structure=structure,
                    avenant=avenant,
                    type=type_poste,
                    etat=EtatPoste.VACANT,
                    date_attribution=date_decision,
                    recruter_avant=recruter_avant,
                    decision_attribution=decision,
                    origine_transfert=origines[i] if i < len(origines) else None,
                )
                ajoutes.append(poste)
            actifs.extend(ajoutes)
            self.nouveaux_postes.extend(ajoutes)
        elif total < len(actifs):
            n = len(actifs) - total
            # The most recently allocated vacant posts go first; posts planned in this batch
            # are not returned in the same batch.
            vacants = [p for p in actifs if p.etat == EtatPoste.VACANT and p.pk is not None]
            if len(vacants) < n:
                raise PostesOccupes(message_postes_occupes(n, len(vacants)))
            rendus = vacants[-n:]
            for poste in rendus:
                poste.etat = EtatPoste.RENDU
                poste.date_rendu = max(date_decision, poste.date_attribution)
                poste.decision_rendu = decision
                actifs.remove(poste)
            self.rendus.extend(rendus)
            self._terminer_si_vide(structure.pk, date_decision)
        return ajoutes, rendus

    def _convention_pour(self, structure, type_poste, n, decision, date_decision):
        convention = self.conventions.get(structure.pk)
        if convention is None:
            convention = Convention(
                structure=structure,
                phase=PhaseConvention.CONVENTIONNEMENT,
                statut=StatutConvention.A_SIGNER,
                decision=decision,
                date_decision=date_decision,
            )
            self.conventions[structure.pk] = convention
            self.nouvelles_conventions.append(convention)
            return convention, None
        if convention.pk is None:  # created in this batch: same convention, no amendment
            return convention, None
        avenant = Avenant(
            convention=convention,
            decision=decision,
            type_poste=type_poste,
            nombre_postes=n,
            date_decision=date_decision,
        )
        self.avenants.append(avenant)
        return convention, avenant

    def _terminer_si_vide(self, structure_id: int, date_decision: date) -> None:
        convention = self.conventions.get(structure_id)
        if convention is None or convention.pk is None or self.nombre(structure_id):
            return
        convention.statut = StatutConvention.TERMINEE
        convention.date_fin = max(date_decision, convention.date_debut or date_decision)
        self.terminees.append(convention)
        del self.conventions[structure_id]

    # --- writing -------------------------------------------------------------------------

    def enregistrer(self) -> None:
        if self.nouvelles_conventions:
            Convention.objects.bulk_create(self.nouvelles_conventions, batch_size=1000)
        if self.avenants:
            Avenant.objects.bulk_create(self.avenants, batch_size=1000)
        if self.nouveaux_postes:
            Poste.objects.bulk_create(self.nouveaux_postes, batch_size=2000)
        if self.rendus:
            Poste.objects.bulk_update(
                self.rendus, ["etat", "date_rendu", "decision_rendu"], batch_size=1000
            )
        if self.terminees:
            Convention.objects.bulk_update(self.terminees, ["statut", "date_fin"], batch_size=1000)
            # The convention ends with its last post (G, or E/H of the last one): its
            # tranches and every party follow (``fins``).
            from .fins import suivre_la_fin

            for convention in self.terminees:
                suivre_la_fin(
                    convention,
                    le=convention.date_fin,
                    motif=f"décision du comité de sélection du {convention.date_fin:%d/%m/%Y}",
                )
