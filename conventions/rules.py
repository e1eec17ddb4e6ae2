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


@dataclass(frozen=True)
class CalculTransfert:
    """The whole reading of a transfer (request H), as the operator's page states it.

    « la subvention est attribuée au prorata du montant restant. NB : Seules les conventions
    encore en cours peuvent être transférées » [002 Focus : les cas de transfert de poste].
    The remaining time is counted on the giver's convention *as signed* (``fin_prevue``),
    never on the date the committee closed it; the share is capped at what the giver has not
    been paid; a transfer that would move nothing is refused with its reason."""

    debut: date
    fin_prevue: date
    date_transfert: date
    jours_total: int
    jours_restants: int
    montant_total: Decimal
    prorata: Decimal
    deja_verse: Decimal
    non_verse: Decimal
    montant: Decimal
    motif_refus: str = ""

    @property
    def plafonne(self) -> bool:
        return self.montant < self.prorata

    @property
    def possible(self) -> bool:
        return not self.motif_refus


def calculer_transfert(
    *,
    montant_total: Decimal,
    debut: date,
    fin_prevue: date,
    date_transfert: date,
    deja_verse: Decimal,
    non_verse: Decimal,
) -> CalculTransfert:
    """What a transfer moves: the pro rata of the days left on the convention as signed,
    capped at what is still unpaid; ``motif_refus`` says why nothing would move."""
    if not debut < fin_prevue:
        raise RegleNonRespectee("La fin de la convention doit suivre son début.")
    jours_total = (fin_prevue - debut).days
    motif = ""
    if date_transfert < debut:
        motif = (
            f"Le transfert ne peut pas précéder le début de la convention cédante "
            f"({debut:%d/%m/%Y})."
        )
        restants = jours_total
    elif date_transfert >= fin_prevue:
        motif = (
            f"La convention cédante est arrivée à son terme le {fin_prevue:%d/%m/%Y} : seule "
            "une convention encore en cours peut être transférée."
        )
        restants = 0
    else:
        restants = (fin_prevue - date_transfert).days
    prorata = _euros(Decimal(montant_total) * restants / jours_total) if not motif else Decimal(0)
    montant = min(prorata, _euros(non_verse))
    if not motif and montant <= 0:
        if non_verse <= 0:
            motif = (
                "La structure cédante a déjà reçu toute sa subvention : il ne reste rien à "
                "transférer. Demandez-lui le remboursement du temps restant si le poste lui a "
                "été retiré, puis ouvrez un dossier de subvention pour la structure d’accueil."
            )
        else:
            motif = "Le prorata du temps restant est nul : il n’y a rien à transférer."
    return CalculTransfert(
        debut=debut,
        fin_prevue=fin_prevue,
        date_transfert=date_transfert,
        jours_total=jours_total,
        jours_restants=restants,
        montant_total=_euros(montant_total),
        prorata=prorata,
        deja_verse=_euros(deja_verse),
        non_verse=_euros(non_verse),
        montant=montant if not motif else Decimal("0.00"),
        motif_refus=motif,
    )


@dataclass(frozen=True)
class DureeConvention:
    mois: int
    raison: str


def duree_convention(
    bareme: Bareme, types_contrats: list[TypeContrat], *, renouvellement: bool = False
) -> DureeConvention:
    """How long a convention runs, from its AMI and the contracts it carries.

    Phase 2 renewals last three years [002 B: « renouveler leur convention pour une durée de
    3 ans »]. Under the 2021 private AMI the length follows the contract [001 §II.3: « en
    CDI … la durée de la convention est de 24 mois ; en CDD … la durée du contrat et de la
    convention est de 18 mois »]: the longest length among the contracts carried; with no
    contract known yet, the AMI maximum. Under the 2020 public AMI, « la convention avec
    l’État durant au maximum 36 mois » [000]: the maximum, whatever the contract."""
    if renouvellement:
        return DureeConvention(
            36, "Renouvellement (phase 2) : la convention est renouvelée pour 3 ans."
        )
    maximum = bareme.duree_max_convention_mois
    if bareme.nature == Nature.PUBLIQUE:
        return DureeConvention(
            maximum,
            f"{bareme.libelle} : 50 000 € sur 24 mois, la convention avec l’État durant au "
            f"maximum {maximum} mois.",
        )
    durees = {}
    for t in types_contrats:
        montant = bareme.montants.get(t)
        if montant is not None:
            durees[t] = min(montant.duree_mois, maximum)
    if not durees:
        return DureeConvention(
            maximum,
            f"Aucun contrat connu sur cette convention : durée maximale de l’AMI ({maximum} mois).",
        )
    mois = max(durees.values())
    libelles = {
        TypeContrat.CDI: "CDI",
        TypeContrat.CDD: "CDD",
        TypeContrat.CONTRAT_PROJET: "contrat de projet",
        TypeContrat.CUI_CAE_PEC: "CUI-CAE/PEC",
        TypeContrat.CUI_CIE_PEC: "CUI-CIE/PEC",
    }
    detail = ", ".join(
        f"{libelles.get(t, t)} : {d} mois" for t, d in sorted(durees.items(), key=lambda x: x[0])
    )
    return DureeConvention(
        mois, f"{mois} mois d’après les contrats portés ({detail}) – {bareme.libelle}."
    )
