"""Pure rules of the steering pages: reporting groups, rates, reporting periods (no ORM)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

# One month arithmetic for the whole programme.
from conventions.rules import ajouter_mois

# Each advisor's reporting group, as the real platform shows them (groupeCRA).
ACTIF = "actif"
SANS_CRA_30_JOURS = "sans_30_jours"
SANS_CRA_ANNEE = "sans_annee"
JAMAIS = "jamais"
GROUPES_CRA = {
    ACTIF: "Enregistre ses comptes rendus",
    SANS_CRA_30_JOURS: "Aucun compte rendu depuis 30 jours",
    SANS_CRA_ANNEE: "Aucun compte rendu cette année",
    JAMAIS: "Aucun compte rendu enregistré",
}
JOURS_ACTIF = 30
# An advisor silent for two months is an anomaly to flag (domain: "no report for two months").
JOURS_INACTIVITE_ALERTE = 61


def groupe_cra(dernier: date | None, aujourd_hui: date) -> str:
    """The group of an advisor whose last report is dated ``dernier``. The 30-day window
    wins over the calendar year: an advisor who reported on 28 December is active on
    10 January."""
    if dernier is None:
        return JAMAIS
    if dernier >= aujourd_hui - timedelta(days=JOURS_ACTIF):
        return ACTIF
    if dernier < date(aujourd_hui.year, 1, 1):
        return SANS_CRA_ANNEE
    return SANS_CRA_30_JOURS


def taux(numerateur: int, denominateur: int) -> int | None:
    """A rounded percentage, None when there is nothing to divide by (shown as « – »)."""
    if not denominateur:
        return None
    return round(numerateur * 100 / denominateur)


# --- Reporting obligations of the host structure ------------------------------------------------

CONDITIONS_ACCUEIL = "conditions_accueil"
UTILISATION_SUBVENTION = "utilisation_subvention"
RAPPORT_ACTIVITE = "rapport_activite"
OBLIGATIONS = {
    CONDITIONS_ACCUEIL: ("Bilan semestriel des conditions d’accueil", 6),
    UTILISATION_SUBVENTION: ("Compte rendu d’utilisation de la subvention", 3),
    RAPPORT_ACTIVITE: ("Rapport d’activité de la structure", 12),
}
# Days after the end of a period to hand in its report before it is late.
DELAI_DEPOT_JOURS = 30
# Reminders before the due date (days), each sent once.
RAPPELS_OBLIGATION_JOURS = (15, 0)


@dataclass(frozen=True)
class Periode:
    type: str
    debut: date
    fin: date  # inclusive

    @property
    def echeance(self) -> date:
        return self.fin + timedelta(days=DELAI_DEPOT_JOURS)

    @property
    def libelle(self) -> str:
        return f"{OBLIGATIONS[self.type][0]} du {self.debut:%d/%m/%Y} au {self.fin:%d/%m/%Y}"


def periodes_echues(type_: str, debut: date, fin: date | None, aujourd_hui: date) -> list[Periode]:
    """The reporting periods of a convention running from ``debut`` (to ``fin``) that have
    ended by ``aujourd_hui``; a last partial period ends with the convention."""
    pas = OBLIGATIONS[type_][1]
    periodes = []
    n = 0
    while True:
        p_debut = ajouter_mois(debut, pas * n)
        if fin is not None and p_debut > fin:
            break
        p_fin = ajouter_mois(debut, pas * (n + 1)) - timedelta(days=1)
        if fin is not None:
            p_fin = min(p_fin, fin)
        if p_fin >= aujourd_hui:
            break
        periodes.append(Periode(type_, p_debut, p_fin))
        n += 1
    return periodes


def statut_obligation(periode: Periode, depose_le: date | None, aujourd_hui: date) -> str:
    if depose_le is not None:
        return "deposee"
    return "en_retard" if aujourd_hui > periode.echeance else "a_deposer"
