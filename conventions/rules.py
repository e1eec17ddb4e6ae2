"""Subsidy rules: amounts, lengths, overseas uplift, deductions, pro rata and tranches.

Pure functions, no ORM. The rules of each call for applications (AMI) are data — a
``Bareme`` — so that a new AMI is a new entry, not new code. Money is Decimal euros with
cents; every split is done in cents and adds up exactly to its total.

Sources: AMI 2020 for public structures (seed 000 §II.3, §III: 50,000 € over 24 months,
raised overseas, convention at most 36 months, tranches dated from the convention's
signature); AMI 2021 for private structures (seed 001 §II.3: CDI 40,000 € / 24 months,
CDD 32,000 € / 18, contrat de projet 40,000 € / 24, CUI-CAE/CUI-CIE PEC 24 months with an
amount the sources do not give; tranches dated from the employment contract's signature;
"INFORMATION IMPORTANTE": other employment aids are deducted). The overseas amounts are
the real platform's estimates (reference platform.md §6.9): 70,000 € in 971/972/973 and
67,500 € in 974/976 for the 50,000 € public case.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

CENTIME = Decimal("0.01")


class Nature(StrEnum):
    PUBLIQUE = "publique"
    PRIVEE = "privee"


class TypeContrat(StrEnum):
    CDI = "cdi"
    CDD = "cdd"
    CONTRAT_PROJET = "contrat_projet"
    CUI_CAE_PEC = "cui_cae_pec"
    CUI_CIE_PEC = "cui_cie_pec"
    CONTRAT_DROIT_PUBLIC = "contrat_droit_public"


class ReferenceTranches(StrEnum):
    SIGNATURE_CONVENTION = "signature_convention"
    SIGNATURE_CONTRAT = "signature_contrat"


@dataclass(frozen=True)
class Montant:
    subvention: Decimal | None  # None: not given by the sources, the operator enters it
    duree_mois: int


@dataclass(frozen=True)
class Bareme:
    code: str
    libelle: str
    nature: Nature
    reference_tranches: ReferenceTranches
    # Per contract type; the key None is the amount whatever the contract.
    montants: dict[TypeContrat | None, Montant]
    duree_max_convention_mois: int
    majorations_outre_mer: dict[str, Decimal] = field(default_factory=dict)
    tranches: tuple[tuple[int, int], ...] = ((20, 1), (30, 6), (50, 12))  # (percent, months after)
    contrats_reserves_outre_mer: frozenset[TypeContrat] = frozenset()


BAREMES: dict[str, Bareme] = {
    "ami-2020-public": Bareme(
        code="ami-2020-public",
        libelle="AMI 2020 – collectivités territoriales et leurs groupements",
        nature=Nature.PUBLIQUE,
        reference_tranches=ReferenceTranches.SIGNATURE_CONVENTION,
        montants={None: Montant(Decimal("50000.00"), 24)},
        duree_max_convention_mois=36,
        majorations_outre_mer={
            "971": Decimal("70000.00"),
            "972": Decimal("70000.00"),
            "973": Decimal("70000.00"),
            "974": Decimal("67500.00"),
            "976": Decimal("67500.00"),
        },
    ),
    "ami-2021-prive": Bareme(
        code="ami-2021-prive",
        libelle="AMI 2021 – associations, entreprises de l’ESS et autres structures privées",
        nature=Nature.PRIVEE,
        reference_tranches=ReferenceTranches.SIGNATURE_CONTRAT,
        montants={
            TypeContrat.CDI: Montant(Decimal("40000.00"), 24),
            TypeContrat.CDD: Montant(Decimal("32000.00"), 18),
            TypeContrat.CONTRAT_PROJET: Montant(Decimal("40000.00"), 24),
            TypeContrat.CUI_CAE_PEC: Montant(None, 24),
            TypeContrat.CUI_CIE_PEC: Montant(None, 24),
        },
        duree_max_convention_mois=24,
        contrats_reserves_outre_mer=frozenset({TypeContrat.CUI_CIE_PEC}),
    ),
}


class RegleNonRespectee(ValueError):
    """The case is outside what the rules allow; the message says why, in French."""


@dataclass(frozen=True)
class Subvention:
    montant_de_base: Decimal
    aides_deduites: Decimal
    montant: Decimal
    duree_mois: int


def _euros(valeur) -> Decimal:
    return Decimal(valeur).quantize(CENTIME, rounding=ROUND_HALF_UP)


def calculer_subvention(
    bareme: Bareme,
    *,
    type_contrat: TypeContrat | None,
    departement: str,
    autres_aides: Decimal = Decimal("0"),
    montant_saisi: Decimal | None = None,
) -> Subvention:
    """Amount and length of one post's subsidy under a rule set."""
    montant = bareme.montants.get(type_contrat) or bareme.montants.get(None)
    if montant is None:
        raise RegleNonRespectee(
            f"Le contrat « {type_contrat} » n’ouvre pas droit à la subvention de ce barème."
        )
    outre_mer = departement.startswith("97")
    if type_contrat in bareme.contrats_reserves_outre_mer and not outre_mer:
        raise RegleNonRespectee(
            "Le CUI-CIE/PEC n’est possible que dans les départements d’outre-mer."
        )
    base = montant.subvention
    if base is None:
        if montant_saisi is None:
            raise RegleNonRespectee("Le montant de la subvention de ce contrat doit être saisi.")
        base = montant_saisi
    base = bareme.majorations_outre_mer.get(departement, base)
    base = _euros(base)
    if autres_aides < 0:
        raise RegleNonRespectee("Le montant des autres aides ne peut pas être négatif.")
    deduites = min(_euros(autres_aides), base)
    return Subvention(base, deduites, base - deduites, montant.duree_mois)


def ajouter_mois(jour: date, mois: int) -> date:
    """Same day ``mois`` months later, clamped to the month's last day (31/01 + 1 → 28/02)."""
    annee, rang = divmod(jour.month - 1 + mois, 12)
    annee += jour.year
    dernier = calendar.monthrange(annee, rang + 1)[1]
    return date(annee, rang + 1, min(jour.day, dernier))


def repartir_centimes(total: Decimal, pourcentages: list[int]) -> list[Decimal]:
    """Split ``total`` by percentages in cents; the last share takes the rounding remainder."""
    if sum(pourcentages) != 100:
        raise RegleNonRespectee("Les pourcentages des tranches doivent totaliser 100.")
    total = _euros(total)
    parts = [_euros(total * p / 100) for p in pourcentages[:-1]]
    return [*parts, total - sum(parts, Decimal("0"))]


@dataclass(frozen=True)
class Echeance:
    numero: int
    pourcentage: int
    montant: Decimal
    due_le: date


def echeancier(bareme: Bareme, montant: Decimal, date_reference: date) -> list[Echeance]:
    """The tranches (20 % one month, 30 % six months, 50 % twelve months after the reference)."""
    pourcentages = [p for p, _ in bareme.tranches]
    montants = repartir_centimes(montant, pourcentages)
    return [
        Echeance(i, p, m, ajouter_mois(date_reference, decalage))
        for i, ((p, decalage), m) in enumerate(zip(bareme.tranches, montants, strict=True), start=1)
    ]


def duree_convention_valide(bareme: Bareme, duree_mois: int) -> bool:
    return 0 < duree_mois <= bareme.duree_max_convention_mois


def prorata_transfert(
    montant_total: Decimal, debut: date, fin: date, date_transfert: date
) -> Decimal:
    """Share of a convention's subsidy that follows a transferred post: remaining days / all days."""
    if not debut < fin:
        raise RegleNonRespectee("La fin de la convention doit suivre son début.")
    if not debut <= date_transfert <= fin:
        raise RegleNonRespectee("Seule une convention en cours peut être transférée.")
    restant = (fin - date_transfert).days
    return _euros(Decimal(montant_total) * restant / (fin - debut).days)
