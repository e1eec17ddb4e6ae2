"""Pure rules of activity reports: no ORM, no I/O, table-driven tests in tests/test_rules.py.

- age bands, duration buckets and labels;
- the form's rules (gated themes, participant counts that add up);
- the contribution of one report to the statistics rollups (the single definition of
  every counter; the SQL recomputation in ``agregats.py`` mirrors it and a property test
  checks that they agree);
- period splitting (whole months read from monthly rollups, edge days from daily ones),
  coordinator follow-up intervals;
- percentages as in the reference;
- opening hours: a week grid to and from the OpenStreetMap ``opening_hours`` syntax.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .choix import (
    THEMATIQUES_ADMINISTRATIVES,
    Genre,
    Materiel,
    StatutSocial,
    Thematique,
    TrancheAge,
    TrancheDuree,
    TypeActivite,
    TypeLieu,
)

# --- Age bands and durations --------------------------------------------------------------

_SEUILS_AGE = [
    (12, TrancheAge.MOINS_DE_DOUZE),
    (18, TrancheAge.DOUZE_DIX_HUIT),
    (25, TrancheAge.DIX_HUIT_VINGT_QUATRE),
    (40, TrancheAge.VINGT_CINQ_TRENTE_NEUF),
    (60, TrancheAge.QUARANTE_CINQUANTE_NEUF),
    (70, TrancheAge.SOIXANTE_SOIXANTE_NEUF),
]


def tranche_age(annee_naissance: int | None, annee_reference: int) -> str:
    """The age band of someone born in ``annee_naissance``, in ``annee_reference``.

    Derived, never typed: ``annee_reference - annee_naissance`` against the thresholds of
    the reference (< 12, < 18, < 25, < 40, < 60, < 70, else 70 and more).
    """
    if annee_naissance is None:
        return TrancheAge.NON_COMMUNIQUE
    age = annee_reference - annee_naissance
    for seuil, tranche in _SEUILS_AGE:
        if age < seuil:
            return tranche
    return TrancheAge.SOIXANTE_DIX_PLUS


def tranche_duree(minutes: int) -> str:
    """Statistics bucket [min, max) of a duration in minutes."""
    if minutes < 30:
        return TrancheDuree.MOINS_30
    if minutes < 60:
        return TrancheDuree.DE_30_A_60
    if minutes < 120:
        return TrancheDuree.DE_60_A_120
    return TrancheDuree.PLUS


def libelle_duree(minutes: int) -> str:
    """``15mn``, ``1h``, ``1h30``, ``2h05`` (dureeAsString)."""
    heures, reste = divmod(minutes, 60)
    if heures == 0:
        return f"{reste}mn"
    return f"{heures}h" if reste == 0 else f"{heures}h{reste:02d}"


def etoiles(n: int | None) -> str:
    """Autonomy and workshop level are exported as « n/3 »."""
    return f"{n}/3" if n else ""


# --- Form rules -----------------------------------------------------------------------------

ERREUR_THEMATIQUES_ADMINISTRATIVES = (
    "Les thématiques de démarches administratives demandent de cocher "
    "« Aide aux démarches administratives »."
)
ERREUR_PRECISIONS_DEMARCHE = (
    "Le nom de la démarche administrative ne peut être renseigné qu’avec la thématique "
    "« Aide aux démarches administratives »."
)


def erreurs_thematiques(thematiques: Iterable[str], precisions_demarche: str = "") -> list[str]:
    """Administrative themes (and the name of the procedure) are gated by the theme
    « Aide aux démarches administratives » (canHaveAdministationThematiques)."""
    thematiques = set(thematiques)
    erreurs = []
    if not thematiques:
        erreurs.append("Choisissez au moins une thématique.")
    porte_ouverte = Thematique.AIDE_AUX_DEMARCHES_ADMINISTRATIVES in thematiques
    if not porte_ouverte and thematiques & set(THEMATIQUES_ADMINISTRATIVES):
        erreurs.append(ERREUR_THEMATIQUES_ADMINISTRATIVES)
    if not porte_ouverte and (precisions_demarche or "").strip():
        erreurs.append(ERREUR_PRECISIONS_DEMARCHE)
    return erreurs


@dataclass(frozen=True)
class Repartition:
    """How N participants split over the values of one dimension (genre, age band…)."""

    valeurs: dict[str, int]
    erreur: str | None = None


def repartir(total: int, saisies: Mapping[str, int | None], reste: str, nom: str) -> Repartition:
    """Complete a split of ``total`` participants; the remainder goes to ``reste``.

    Blank counts are 0, a blank « non communiqué » (``reste``) takes the remainder, and the
    counts must add up to the total: never more, and exactly the total when « non
    communiqué » was typed in.
    """
    valeurs = {cle: int(v or 0) for cle, v in saisies.items()}
    if any(v < 0 for v in valeurs.values()):
        return Repartition(valeurs, f"La répartition par {nom} ne peut pas être négative.")
    saisi_reste = saisies.get(reste)
    somme_connue = sum(v for cle, v in valeurs.items() if cle != reste)
    if saisi_reste is None:
        if somme_connue > total:
            return Repartition(
                valeurs,
                f"La répartition par {nom} ({somme_connue}) dépasse le nombre de "
                f"participants ({total}).",
            )
        valeurs[reste] = total - somme_connue
        return Repartition(valeurs)
    somme = somme_connue + valeurs[reste]
    if somme != total:
        return Repartition(
            valeurs,
            f"La répartition par {nom} ({somme}) ne correspond pas au nombre de "
            f"participants ({total}).",
        )
    return Repartition(valeurs)


# The three splits of a workshop: (form prefix, label, values, « non communiqué », service key)
GROUPES_PARTICIPANTS = (
    ("genre", "genre", Genre, Genre.NON_COMMUNIQUE, "genres"),
    ("tranche", "tranche d’âge", TrancheAge, TrancheAge.NON_COMMUNIQUE, "tranches"),
    ("statut", "statut", StatutSocial, StatutSocial.NON_COMMUNIQUE, "statuts"),
)


@dataclass(frozen=True)
class Atelier:
    """A workshop's counts once checked: the splits completed, and the errors by field
    (``deja_accompagnes`` or ``<prefix>_non_communique``)."""

    repartitions: dict[str, dict[str, int]]
    erreurs: dict[str, str]


def verifier_atelier(
    participants: int, deja_accompagnes: int, saisies: Mapping[str, Mapping[str, int | None]]
) -> Atelier:
    """The one validation of a workshop's counts, for the form and the partner API alike.

    ``saisies`` maps each split's prefix to the counts typed in (a value absent or None is
    blank; an explicit 0 is a 0). Blank « non communiqué » takes the remainder; typed in, the
    split must add up exactly (``repartir``). Those already accompanied cannot outnumber
    the participants."""
    erreurs: dict[str, str] = {}
    if deja_accompagnes > participants:
        erreurs["deja_accompagnes"] = (
            f"Les participants déjà accompagnés ({deja_accompagnes}) dépassent le nombre de "
            f"participants ({participants})."
        )
    repartitions = {}
    for prefixe, nom, enum, reste, _ in GROUPES_PARTICIPANTS:
        typees = saisies.get(prefixe) or {}
        valeurs = {v: typees.get(v) for v in enum.values}
        repartition = repartir(participants, valeurs, reste, nom)
        if repartition.erreur:
            erreurs[f"{prefixe}_{reste}"] = repartition.erreur
        repartitions[prefixe] = repartition.valeurs
    return Atelier(repartitions, erreurs)


def date_dans_le_futur(jour: date, aujourd_hui: date) -> bool:
    return jour > aujourd_hui


# --- Contribution of a report to the rollups ------------------------------------------------

CHAMPS_GENRE = [f"genre_{g}" for g in Genre.values]
CHAMPS_TRANCHE = [f"tranche_{t}" for t in TrancheAge.values]
CHAMPS_STATUT = [f"statut_{s}" for s in StatutSocial.values]

COMPTEURS_BASE = [
    "activites",  # reports
    "accompagnements",  # participants: 1 per individual report, N per workshop
    "individuels",  # individual reports (= their accompaniments)
    "ateliers",  # workshops
    "participants_ateliers",  # participants in workshops
    "nouveaux",  # first-time accompaniments
    "suivis",  # accompaniments of registered beneficiaries
    "anonymes",  # accompaniments of anonymous people
    "minutes",  # time spent (sum of durations)
]
COMPTEURS_THEMATIQUES = [f"t_{t}" for t in Thematique.values]
COMPTEURS_MATERIEL = [f"m_{m}" for m in Materiel.values]
COMPTEURS_CANAUX = [f"c_{c}" for c in TypeLieu.values]
COMPTEURS_DUREES = [f"d_{d}" for d in TrancheDuree.values]
COMPTEURS_GENRES = [f"g_{g}" for g in Genre.values]
COMPTEURS_TRANCHES = [f"a_{t}" for t in TrancheAge.values]
COMPTEURS_STATUTS = [f"s_{s}" for s in StatutSocial.values]
COMPTEURS = [
    *COMPTEURS_BASE,
    *COMPTEURS_THEMATIQUES,
    *COMPTEURS_MATERIEL,
    *COMPTEURS_CANAUX,
    *COMPTEURS_DUREES,
    *COMPTEURS_GENRES,
    *COMPTEURS_TRANCHES,
    *COMPTEURS_STATUTS,
]

# Keys of the fine rollups; 0 and "" stand for "none" so that keys are never NULL.
CLES_FINES = ["conseiller_id", "structure_id", "departement", "commune", "lieu_id", "type"]
CLES_TERRITOIRE = ["departement", "type"]


@dataclass(frozen=True)
class Contribution:
    """What one live report adds to the rollups (a deleted report adds nothing)."""

    jour: date
    cle: tuple  # values of CLES_FINES
    compteurs: dict[str, int]
    beneficiaire_id: int | None


def cle_fine(a) -> tuple:
    return (
        a.conseiller_id,
        a.structure_id or 0,
        a.departement_id or "",
        a.commune_id or "",
        a.lieu_id or 0,
        a.type,
    )


def contribution(a) -> Contribution | None:
    """The counters of one report (any object with the fields of ``Activite``)."""
    if getattr(a, "supprime_le", None) is not None:
        return None
    p = a.participants
    collectif = a.type == TypeActivite.COLLECTIF
    suivis = 1 if a.beneficiaire_id else 0
    c = dict.fromkeys(COMPTEURS, 0)
    c.update(
        activites=1,
        accompagnements=p,
        individuels=0 if collectif else 1,
        ateliers=1 if collectif else 0,
        participants_ateliers=p if collectif else 0,
        nouveaux=p - a.deja_accompagnes,
        suivis=suivis,
        anonymes=p - suivis,
        minutes=a.duree,
    )
    for t in set(a.thematiques):
        c[f"t_{t}"] = p
    for m in set(a.materiel):
        c[f"m_{m}"] = p
    c[f"c_{a.type_lieu}"] = p
    c[f"d_{tranche_duree(a.duree)}"] = p
    for g in Genre.values:
        c[f"g_{g}"] = getattr(a, f"genre_{g}")
    for t in TrancheAge.values:
        c[f"a_{t}"] = getattr(a, f"tranche_{t}")
    for s in StatutSocial.values:
        c[f"s_{s}"] = getattr(a, f"statut_{s}")
    return Contribution(a.date, cle_fine(a), c, a.beneficiaire_id)


def difference(avant: Contribution | None, apres: Contribution | None) -> list[Contribution]:
    """The signed deltas that turn ``avant`` into ``apres`` (at most two keys)."""
    deltas = []
    if avant is not None:
        negatif = {k: -v for k, v in avant.compteurs.items()}
        deltas.append(Contribution(avant.jour, avant.cle, negatif, avant.beneficiaire_id))
    if apres is not None:
        deltas.append(apres)
    return deltas


# --- Periods --------------------------------------------------------------------------------


def premier_jour(jour: date) -> date:
    return jour.replace(day=1)


def dernier_jour(jour: date) -> date:
    return jour.replace(day=calendar.monthrange(jour.year, jour.month)[1])


def mois_suivant(jour: date) -> date:
    return dernier_jour(jour) + timedelta(days=1)


def mois_precedent(jour: date) -> date:
    return premier_jour(premier_jour(jour) - timedelta(days=1))


def ajouter_mois(jour: date, n: int) -> date:
    indice = jour.year * 12 + jour.month - 1 + n
    return date(indice // 12, indice % 12 + 1, 1)


@dataclass(frozen=True)
class Segment:
    """A piece of a period read from one grain of rollups.

    ``grain`` is "mois" (bounds are first days of months, inclusive) or "jour" (inclusive
    days). ``None`` bounds are open.
    """

    grain: str
    debut: date | None
    fin: date | None


def decouper_periode(du: date | None, au: date | None) -> list[Segment]:
    """Split [du, au] into whole months (monthly rollups) and edge days (daily rollups)."""
    if du is not None and au is not None and du > au:
        return []
    if du is None and au is None:
        return [Segment("mois", None, None)]
    segments = []
    debut_mois = None if du is None else (du if du.day == 1 else mois_suivant(du))
    fin_mois = None
    if au is not None:
        fin_mois = premier_jour(au) if au == dernier_jour(au) else mois_precedent(au)
    meme_mois = du is not None and au is not None and premier_jour(du) == premier_jour(au)
    if du is not None and du.day != 1:
        segments.append(Segment("jour", du, au if meme_mois else dernier_jour(du)))
    if debut_mois is None or fin_mois is None or debut_mois <= fin_mois:
        segments.append(Segment("mois", debut_mois, fin_mois))
    if au is not None and au != dernier_jour(au) and not (meme_mois and du.day != 1):
        debut = premier_jour(au) if du is None else max(du, premier_jour(au))
        segments.append(Segment("jour", debut, au))
    return segments


Intervalle = tuple[date | None, date | None]


def intersection(a: Intervalle, b: Intervalle) -> Intervalle | None:
    """Intersection of two inclusive intervals with open (None) bounds, or None if empty."""
    debuts = [d for d in (a[0], b[0]) if d is not None]
    fins = [f for f in (a[1], b[1]) if f is not None]
    debut = max(debuts) if debuts else None
    fin = min(fins) if fins else None
    if debut is not None and fin is not None and debut > fin:
        return None
    return debut, fin


def fusionner_intervalles(intervalles: Iterable[Intervalle]) -> list[Intervalle]:
    """Merge overlapping or adjacent inclusive intervals (a member who left and came back)."""
    bas = date.min
    haut = date.max
    tries = sorted((d or bas, f or haut) for d, f in intervalles)
    fusion: list[list[date]] = []
    for debut, fin in tries:
        if fusion:
            derniere_fin = fusion[-1][1]
            if derniere_fin == haut or debut <= derniere_fin + timedelta(days=1):
                fusion[-1][1] = max(derniere_fin, fin)
                continue
        fusion.append([debut, fin])
    return [(None if d == bas else d, None if f == haut else f) for d, f in fusion]


# --- Percentages ----------------------------------------------------------------------------


def proportion(nombre: int, total: int) -> float:
    """computeProportion: round(100000·n/total)/1000, i.e. a percentage with 3 decimals."""
    if not total:
        return 0.0
    return round(100000 * nombre / total) / 1000


# --- Opening hours (OpenStreetMap opening_hours) --------------------------------------------

JOURS_OSM = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
Plage = tuple[str, str]
Grille = tuple[tuple[Plage, ...], ...]  # 7 days, Monday first
GRILLE_VIDE: Grille = ((),) * 7

_HEURE = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
_REGLE = re.compile(r"^(?P<jours>[A-Za-z]{2}(?:\s*[-,]\s*[A-Za-z]{2})*)\s+(?P<heures>.+)$")


class HorairesInvalides(ValueError):
    pass


def _minutes(heure: str) -> int:
    m = _HEURE.match(heure)
    if not m:
        raise HorairesInvalides(f"Heure invalide : « {heure} » (format HH:MM).")
    valeur = int(m.group(1)) * 60 + int(m.group(2))
    if valeur > 24 * 60:
        raise HorairesInvalides(f"Heure invalide : « {heure} ».")
    return valeur


def valider_plages(plages: Iterable[Plage]) -> tuple[Plage, ...]:
    """Sorted time ranges of one day; each starts before it ends and none overlap."""
    triees = sorted(plages, key=lambda p: _minutes(p[0]))
    precedente_fin = -1
    for debut, fin in triees:
        d, f = _minutes(debut), _minutes(fin)
        if d >= f:
            raise HorairesInvalides(f"La plage {debut}–{fin} se termine avant de commencer.")
        if d < precedente_fin:
            raise HorairesInvalides("Deux plages horaires d’un même jour se chevauchent.")
        precedente_fin = f
    return tuple(triees)


def _selecteur_jours(indices: list[int]) -> str:
    """[0, 1, 2, 3, 4] → "Mo-Fr"; [0, 2] → "Mo,We"; [0, 1] → "Mo,Tu"."""
    suites: list[list[int]] = []
    for i in indices:
        if suites and i == suites[-1][-1] + 1:
            suites[-1].append(i)
        else:
            suites.append([i])
    morceaux = []
    for suite in suites:
        if len(suite) >= 3:
            morceaux.append(f"{JOURS_OSM[suite[0]]}-{JOURS_OSM[suite[-1]]}")
        else:
            morceaux.extend(JOURS_OSM[i] for i in suite)
    return ",".join(morceaux)


def grille_vers_osm(grille: Grille) -> str:
    """A week grid as an OSM ``opening_hours`` string; days with the same hours are
    grouped (``Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00``). Closed days are left
    out (closed is the default of the syntax); an empty grid gives "" (hours unknown)."""
    if len(grille) != 7:
        raise HorairesInvalides("Une semaine compte sept jours.")
    groupes: dict[tuple[Plage, ...], list[int]] = {}
    for i, plages in enumerate(grille):
        plages = valider_plages(plages)
        if plages:
            groupes.setdefault(plages, []).append(i)
    regles = [
        f"{_selecteur_jours(jours)} {','.join(f'{d}-{f}' for d, f in plages)}"
        for plages, jours in sorted(groupes.items(), key=lambda g: g[1][0])
    ]
    return "; ".join(regles)


def _indices_jours(selecteur: str) -> list[int]:
    indices: list[int] = []
    for morceau in selecteur.replace(" ", "").split(","):
        if "-" in morceau:
            debut, fin = morceau.split("-", 1)
            i, j = _indice_jour(debut), _indice_jour(fin)
            k = i
            indices.append(k)
            while k != j:  # wraps around the week ("Sa-Mo")
                k = (k + 1) % 7
                indices.append(k)
        else:
            indices.append(_indice_jour(morceau))
    return indices


def _indice_jour(code: str) -> int:
    try:
        return JOURS_OSM.index(code.capitalize())
    except ValueError:
        raise HorairesInvalides(f"Jour inconnu : « {code} ».") from None


def osm_vers_grille(texte: str | None) -> Grille:
    """Parse the subset of ``opening_hours`` a week grid can show.

    Supported: rules separated by ";", a day selector (``Mo``, ``Mo-Fr``, ``Mo,We``,
    ``Sa-Mo``) or none (every day), then ``HH:MM-HH:MM`` ranges separated by "," or
    ``off``/``closed``; ``24/7``. A later rule replaces the hours of its days, as in OSM.
    Anything else (public holidays, months, comments…) raises ``HorairesInvalides`` so
    that the caller can show the raw string instead of crashing.
    """
    texte = (texte or "").strip()
    jours: list[tuple[Plage, ...]] = [() for _ in range(7)]
    if not texte:
        return tuple(jours)
    if texte == "24/7":
        return tuple((("00:00", "24:00"),) for _ in range(7))
    for regle in texte.split(";"):
        regle = regle.strip()
        if not regle:
            continue
        if regle[0].isdigit():
            indices, heures = list(range(7)), regle
        else:
            m = _REGLE.match(regle)
            if not m:
                raise HorairesInvalides(f"Règle non reconnue : « {regle} ».")
            indices, heures = _indices_jours(m.group("jours")), m.group("heures").strip()
        if heures in ("off", "closed"):
            plages: tuple[Plage, ...] = ()
        else:
            morceaux = []
            for plage in heures.split(","):
                plage = plage.strip()
                if plage.count("-") != 1:
                    raise HorairesInvalides(f"Plage non reconnue : « {plage} ».")
                debut, fin = (p.strip() for p in plage.split("-"))
                morceaux.append((debut, fin))
            plages = valider_plages(morceaux)
        for i in indices:
            jours[i] = plages
    return tuple(jours)


def est_ouvert(grille: Grille, jour_semaine: int, heure: str) -> bool:
    """Whether the place is open on a weekday (0 = Monday) at ``HH:MM``."""
    minute = _minutes(heure)
    return any(_minutes(d) <= minute < _minutes(f) for d, f in grille[jour_semaine])


def decrire_horaires(grille: Grille) -> list[tuple[str, str]]:
    """(« Lundi », « 09:00 – 12:00, 14:00 – 17:00 » or « Fermé ») for each day."""
    from .choix import JOURS

    return [
        (libelle, ", ".join(f"{d} – {f}" for d, f in plages) if plages else "Fermé")
        for (_, libelle), plages in zip(JOURS, grille, strict=True)
    ]


# --- Places: schema formats -------------------------------------------------------------------

_TELEPHONE_SCHEMA = re.compile(
    r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)\d{6,9}$"
)
_RNA = re.compile(r"^W[a-zA-Z0-9]{9}$")
PREFIXE_ACCES_LIBRE = "https://acceslibre.beta.gouv.fr/"


def normaliser_telephone(texte: str) -> str:
    """A phone number in the schema's international form without spaces (+33…).

    >>> normaliser_telephone("05 56 10 20 30")
    '+33556102030'
    """
    compact = re.sub(r"[\s.\-()]", "", texte or "")
    if not compact:
        return ""
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if re.fullmatch(r"0\d{9}", compact):
        compact = "+33" + compact[1:]
    if not _TELEPHONE_SCHEMA.match(compact):
        raise ValueError(
            "Numéro de téléphone invalide : 10 chiffres (05 56 10 20 30) ou format "
            "international (+33556102030)."
        )
    return compact


def pivot_valide(pivot: str) -> bool:
    """A SIRET (14 digits, Luhn check) or an RNA number (W + 9 characters)."""
    from stdnum.fr import siret

    return bool(_RNA.match(pivot)) or (len(pivot) == 14 and siret.is_valid(pivot))


def normaliser_apostrophes(texte: str) -> str:
    """The schema writes « n'accueille » with a straight apostrophe; imports may not."""
    return (texte or "").replace("’", "'")
