"""Statistics of activity reports for every scope, read from the rollups.

``portee_pour(habilitation)`` turns a role into the reports it may count; ``Filtres`` holds
the page's filters; ``calculer(portee, filtres)`` builds the page.

Two interchangeable sources answer the same primitive questions (totals, series,
breakdowns, distinct registered beneficiaries):

- ``SourceAgregats`` reads the rollups, never the raw reports: whole months from the
  monthly tables, edge days from the daily ones; the national/territorial tables when the
  question is about départements only, the per-advisor tables otherwise;
- ``SourceBrute`` runs the plain aggregate over the raw reports. The tests check that
  both give the same page for every scope; the benchmark measures the ratio.

The theme filter is crossed with the accompaniments (total, type, series, places,
communes, territories) through per-theme counters; the other breakdowns are not crossed
with themes (the page says so) — see bench/README.md for why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone

from comptes.models import MembreEquipe
from comptes.roles import ROLES_NATIONAUX, Role
from structures.models import Structure
from territoires.models import Commune, Departement, Region

from . import agregats
from .choix import (
    THEMATIQUES_ADMINISTRATIVES,
    THEMATIQUES_MEDIATION,
    TYPE_ACTIVITE_PLURIEL,
    Genre,
    Materiel,
    StatutSocial,
    Thematique,
    TrancheAge,
    TrancheDuree,
    TypeActivite,
    TypeLieu,
)
from .models import Activite, Lieu, PresenceSuivi
from .rules import (
    COMPTEURS,
    Segment,
    ajouter_mois,
    decouper_periode,
    fusionner_intervalles,
    intersection,
    premier_jour,
    proportion,
)

# --- Scopes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Portee:
    """The reports a viewer may count. ``None`` means "no restriction on this key"."""

    libelle: str
    national: bool = False
    departements: frozenset[str] | None = None
    structures: frozenset[int] | None = None
    conseillers: frozenset[int] | None = None
    # Coordinator: (advisor, from, until) — a member counts only while followed.
    suivis: tuple[tuple[int, date | None, date | None], ...] | None = None

    @property
    def fine(self) -> bool:
        """Whether the scope needs the per-advisor rollups."""
        return (
            self.structures is not None or self.conseillers is not None or (self.suivis is not None)
        )

    @property
    def territoriale(self) -> bool:
        return self.national or self.departements is not None

    def intervalles(self) -> dict[int, list[tuple[date | None, date | None]]]:
        par_conseiller: dict[int, list] = {}
        for conseiller_id, debut, fin in self.suivis or ():
            par_conseiller.setdefault(conseiller_id, []).append((debut, fin))
        return {c: fusionner_intervalles(i) for c, i in par_conseiller.items()}


PORTEE_PUBLIQUE = Portee("France entière", national=True)
ROLES_STATISTIQUES = (
    Role.CONSEILLER,
    Role.STRUCTURE,
    Role.COORDINATEUR,
    Role.PREFECTURE,
    Role.HUB,
    Role.GRAND_RESEAU,
    Role.OPERATEUR,
    Role.ANCT,
)


def portee_pour(habilitation) -> Portee:
    """The reports a habilitation counts, read from the habilitation itself."""
    role = habilitation.role
    if role in ROLES_NATIONAUX:
        return Portee("France entière", national=True)
    if role == Role.CONSEILLER:
        return Portee("Mes accompagnements", conseillers=frozenset({habilitation.utilisateur_id}))
    if role == Role.STRUCTURE:
        return Portee(
            str(habilitation.structure), structures=frozenset({habilitation.structure_id})
        )
    if role == Role.COORDINATEUR:
        membres = MembreEquipe.objects.filter(coordination=habilitation).values_list(
            "conseiller_id", "debut", "fin"
        )
        return Portee("Mon équipe", suivis=tuple(sorted(membres)))
    if role == Role.PREFECTURE:
        if habilitation.departement_id:
            codes = {habilitation.departement_id}
        else:
            codes = Departement.objects.filter(region_id=habilitation.region_id).values_list(
                "code", flat=True
            )
        return Portee(habilitation.libelle_portee(), departements=frozenset(codes))
    if role == Role.HUB:
        codes = habilitation.departements.values_list("code", flat=True)
        return Portee(habilitation.libelle_portee(), departements=frozenset(codes))
    if role == Role.GRAND_RESEAU:
        ids = Structure.objects.filter(reseau_id=habilitation.reseau_id).values_list(
            "pk", flat=True
        )
        return Portee(str(habilitation.reseau), structures=frozenset(ids))
    raise ValueError(f"Pas de statistiques pour le rôle {role}")


# --- Filters ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filtres:
    du: date | None = None
    au: date | None = None
    type: str | None = None
    conseiller_id: int | None = None
    structure_id: int | None = None
    lieu_id: int | None = None
    commune: str | None = None
    departements: frozenset[str] | None = None  # one département, or a région's
    thematique: str | None = None

    @property
    def fins(self) -> bool:
        """Filters only the per-advisor rollups can answer."""
        return any(
            v is not None
            for v in (self.conseiller_id, self.structure_id, self.lieu_id, self.commune)
        )


# --- Sources ----------------------------------------------------------------------------------

CLES_REPARTITION = ("type", "departement", "commune", "lieu_id", "structure_id", "conseiller_id")


class SourceAgregats:
    """Answers from the rollups only."""

    def __init__(self, portee: Portee, filtres: Filtres, fine: bool = False):
        self.portee = portee
        self.filtres = filtres
        self.fine = fine or portee.fine or filtres.fins
        self.mesure = f"t_{filtres.thematique}" if filtres.thematique else "accompagnements"
        # A place belongs to one advisor and a commune to one département: the implied key
        # lets the per-advisor rollups be read through their advisor or département index.
        self.implicites: list[tuple[str, object]] = []
        if filtres.lieu_id is not None:
            conseiller = Lieu.objects.filter(pk=filtres.lieu_id).values_list("conseiller_id")
            self.implicites.append(("conseiller_id", (conseiller.first() or (0,))[0]))
        if filtres.commune is not None:
            departement = Commune.objects.filter(pk=filtres.commune).values_list("departement_id")
            self.implicites.append(("departement", (departement.first() or ("",))[0]))

    # Building blocks ---------------------------------------------------------------------

    def _conditions(self, presence: bool = False) -> tuple[list[str], list]:
        p, f = self.portee, self.filtres
        conditions, params = [], []
        if presence:
            conditions.append("n > 0")

        def ajouter(sql, valeur):
            conditions.append(sql)
            params.append(valeur)

        if p.departements is not None:
            ajouter("departement = ANY(%s)", list(p.departements))
        if f.departements is not None:
            ajouter("departement = ANY(%s)", list(f.departements))
        if f.type:
            ajouter("type = %s", f.type)
        if self.fine or presence:
            if p.structures is not None:
                ajouter("structure_id = ANY(%s)", list(p.structures))
            if p.conseillers is not None:
                ajouter("conseiller_id = ANY(%s)", list(p.conseillers))
            if f.conseiller_id is not None:
                ajouter("conseiller_id = %s", f.conseiller_id)
            if f.structure_id is not None:
                ajouter("structure_id = %s", f.structure_id)
            if f.lieu_id is not None:
                ajouter("lieu_id = %s", f.lieu_id)
            if f.commune is not None:
                ajouter("commune = %s", f.commune)
            for colonne, valeur in self.implicites:
                ajouter(f"{colonne} = %s", valeur)
        return conditions, params

    def _morceaux(
        self, du: date | None, au: date | None, jours_seulement: bool
    ) -> list[tuple[Segment, list[int] | None]]:
        """(segment, advisors or None) pieces of [du, au], per coordinator membership."""

        def segments(debut, fin):
            if jours_seulement:
                return [Segment("jour", debut, fin)] if not (debut and fin and debut > fin) else []
            return decouper_periode(debut, fin)

        if self.portee.suivis is None:
            return [(s, None) for s in segments(du, au)]
        groupes: dict[tuple, list[int]] = {}
        for conseiller_id, intervalles in self.portee.intervalles().items():
            for intervalle in intervalles:
                commun = intersection((du, au), intervalle)
                if commun is not None:
                    groupes.setdefault(commun, []).append(conseiller_id)
        return [(s, sorted(ids)) for (d, f), ids in groupes.items() for s in segments(d, f)]

    def _union(
        self,
        colonnes: Callable[[str], str],
        du: date | None,
        au: date | None,
        jours_seulement: bool = False,
        presence: bool = False,
    ) -> tuple[str, list]:
        conditions, params_base = self._conditions(presence)
        morceaux = self._morceaux(du, au, jours_seulement or presence)
        selects, params = [], []
        for segment, conseillers in morceaux:
            if presence:
                table, colonne = agregats.TABLE_PRESENCE, "jour"
            elif self.fine:
                mensuel = segment.grain == "mois"
                table = agregats.TABLE_MOIS if mensuel else agregats.TABLE_JOUR
                colonne = "mois" if mensuel else "jour"
            else:
                mensuel = segment.grain == "mois"
                table = (
                    agregats.TABLE_TERRITOIRE_MOIS if mensuel else agregats.TABLE_TERRITOIRE_JOUR
                )
                colonne = "mois" if mensuel else "jour"
            where, valeurs = list(conditions), list(params_base)
            if segment.debut is not None:
                where.append(f"{colonne} >= %s")
                valeurs.append(segment.debut)
            if segment.fin is not None:
                where.append(f"{colonne} <= %s")
                valeurs.append(segment.fin)
            if conseillers is not None:
                where.append("conseiller_id = ANY(%s)")
                valeurs.append(conseillers)
            grain = "jour" if colonne == "jour" else "mois"
            selects.append(
                f"SELECT {colonnes(grain)} FROM {table} WHERE {' AND '.join(where) or 'TRUE'}"
            )
            params += valeurs
        if not selects:
            return "", []
        return " UNION ALL ".join(selects), params

    def _executer(self, sql: str, params: list) -> list[tuple]:
        with connection.cursor() as curseur:
            curseur.execute(sql, params)
            return curseur.fetchall()

    # Questions ---------------------------------------------------------------------------

    def totaux(self) -> dict[str, int]:
        f = self.filtres
        union, params = self._union(lambda g: ", ".join(COMPTEURS), f.du, f.au)
        if not union:
            return dict.fromkeys(COMPTEURS, 0)
        sommes = ", ".join(f"COALESCE(SUM({c}), 0)" for c in COMPTEURS)
        [ligne] = self._executer(f"SELECT {sommes} FROM ({union}) b", params)
        return dict(zip(COMPTEURS, (int(v) for v in ligne), strict=True))

    def serie(self, grain: str, debut: date, fin: date) -> dict[date, int]:
        if grain == "jour":
            union, params = self._union(
                lambda g: f"jour AS p, {self.mesure} AS n", debut, fin, jours_seulement=True
            )
        else:
            mois = {"mois": "mois", "jour": "date_trunc('month', jour)::date"}
            union, params = self._union(lambda g: f"{mois[g]} AS p, {self.mesure} AS n", debut, fin)
        if not union:
            return {}
        lignes = self._executer(f"SELECT p, SUM(n) FROM ({union}) b GROUP BY p", params)
        return {p: int(n) for p, n in lignes if n}

    def repartition(self, cle: str) -> dict:
        assert cle in CLES_REPARTITION
        if not self.fine and cle not in ("type", "departement"):
            raise ValueError(f"Répartition par {cle} : portée fine requise")
        f = self.filtres
        union, params = self._union(lambda g: f"{cle} AS k, {self.mesure} AS n", f.du, f.au)
        if not union:
            return {}
        lignes = self._executer(f"SELECT k, SUM(n) FROM ({union}) b GROUP BY k", params)
        return {k: int(n) for k, n in lignes if n}

    def suivis_distincts(self) -> int:
        f = self.filtres
        if not self.fine:
            return self._suivis_territoriaux()
        union, params = self._union(lambda g: "beneficiaire_id", f.du, f.au, presence=True)
        if not union:
            return 0
        # DISTINCT in a subquery: a (parallel) hash aggregate instead of a sort.
        [(n,)] = self._executer(
            f"SELECT COUNT(*) FROM (SELECT DISTINCT beneficiaire_id FROM ({union}) b) d", params
        )
        return n

    def _suivis_territoriaux(self) -> int:
        """Distinct registered beneficiaries of départements (or of the whole country)
        over a period, from PresenceSuivi: about one row per beneficiary."""
        p, f = self.portee, self.filtres
        if f.type == TypeActivite.COLLECTIF:
            return 0  # registered beneficiaries are only in individual reports
        departements = None
        for ensemble in (p.departements, f.departements):
            if ensemble is not None:
                departements = set(ensemble) if departements is None else departements & ensemble
        conditions, params = [], []
        if departements is None:
            conditions.append("departement = %s")
            params.append(PresenceSuivi.TOUS)
            compte = "COUNT(*)"
        else:
            conditions.append("departement = ANY(%s)")
            params.append(sorted(departements))
            compte = "COUNT(*)" if len(departements) <= 1 else "COUNT(DISTINCT beneficiaire_id)"
        if f.du:
            conditions.append("dernier >= %s")
            params.append(f.du)
        if f.au:
            conditions.append("premier <= %s")
            params.append(f.au)
        if f.du and f.au:
            conditions.append(
                "(premier >= %s OR dernier <= %s "
                "OR EXISTS (SELECT 1 FROM unnest(jours) j WHERE j BETWEEN %s AND %s))"
            )
            params += [f.du, f.au, f.du, f.au]
        [(n,)] = self._executer(
            f"SELECT {compte} FROM {agregats.TABLE_PRESENCE_SUIVI} WHERE {' AND '.join(conditions)}",
            params,
        )
        return n


class SourceBrute:
    """The same answers from a plain aggregate over the raw reports (tests, benchmark)."""

    COLONNES = {
        "type": "type",
        "departement": "COALESCE(departement_id, '')",
        "commune": "COALESCE(commune_id, '')",
        "lieu_id": "COALESCE(lieu_id, 0)",
        "structure_id": "COALESCE(structure_id, 0)",
        "conseiller_id": "conseiller_id",
    }

    def __init__(self, portee: Portee, filtres: Filtres, fine: bool = False):
        self.portee = portee
        self.filtres = filtres
        self.table = Activite._meta.db_table

    def _where(self, du, au) -> tuple[str, list]:
        p, f = self.portee, self.filtres
        conditions, params = ["supprime_le IS NULL"], []

        def ajouter(sql, *valeurs):
            conditions.append(sql)
            params.extend(valeurs)

        if du is not None:
            ajouter("date >= %s", du)
        if au is not None:
            ajouter("date <= %s", au)
        if p.departements is not None:
            ajouter("departement_id = ANY(%s)", list(p.departements))
        if p.structures is not None:
            ajouter("structure_id = ANY(%s)", list(p.structures))
        if p.conseillers is not None:
            ajouter("conseiller_id = ANY(%s)", list(p.conseillers))
        if p.suivis is not None:
            morceaux, valeurs = [], []
            for conseiller_id, intervalles in p.intervalles().items():
                for debut, fin in intervalles:
                    morceaux.append(
                        "(conseiller_id = %s AND date >= COALESCE(%s, '-infinity'::date) "
                        "AND date <= COALESCE(%s, 'infinity'::date))"
                    )
                    valeurs += [conseiller_id, debut, fin]
            ajouter(f"({' OR '.join(morceaux) or 'FALSE'})", *valeurs)
        if f.departements is not None:
            ajouter("departement_id = ANY(%s)", list(f.departements))
        if f.type:
            ajouter("type = %s", f.type)
        if f.conseiller_id is not None:
            ajouter("conseiller_id = %s", f.conseiller_id)
        if f.structure_id is not None:
            ajouter("structure_id = %s", f.structure_id)
        if f.lieu_id is not None:
            ajouter("lieu_id = %s", f.lieu_id)
        if f.commune is not None:
            ajouter("commune_id = %s", f.commune)
        if f.thematique:
            ajouter("%s = ANY(thematiques)", f.thematique)
        return " AND ".join(conditions), params

    def _executer(self, sql, params):
        with connection.cursor() as curseur:
            curseur.execute(sql, params)
            return curseur.fetchall()

    def totaux(self) -> dict[str, int]:
        where, params = self._where(self.filtres.du, self.filtres.au)
        expressions = ", ".join(f"COALESCE({e}, 0)" for e in agregats.expressions_sql().values())
        [ligne] = self._executer(f"SELECT {expressions} FROM {self.table} WHERE {where}", params)
        return dict(zip(COMPTEURS, (int(v) for v in ligne), strict=True))

    def serie(self, grain: str, debut: date, fin: date) -> dict[date, int]:
        where, params = self._where(max(d for d in (debut, self.filtres.du) if d), fin)
        tronque = "date" if grain == "jour" else "date_trunc('month', date)::date"
        lignes = self._executer(
            f"SELECT {tronque} AS p, SUM(participants) FROM {self.table} WHERE {where} GROUP BY p",
            params,
        )
        return {p: int(n) for p, n in lignes if n}

    def repartition(self, cle: str) -> dict:
        where, params = self._where(self.filtres.du, self.filtres.au)
        colonne = self.COLONNES[cle]
        lignes = self._executer(
            f"SELECT {colonne} AS k, SUM(participants) FROM {self.table} WHERE {where} GROUP BY k",
            params,
        )
        return {k: int(n) for k, n in lignes if n}

    def suivis_distincts(self) -> int:
        where, params = self._where(self.filtres.du, self.filtres.au)
        [(n,)] = self._executer(
            f"SELECT COUNT(DISTINCT beneficiaire_id) FROM {self.table} WHERE {where}", params
        )
        return n


# --- The page -----------------------------------------------------------------------------------


@dataclass
class Ligne:
    libelle: str
    nombre: int
    part: float  # percentage, 3 decimals
    cle: str = ""


@dataclass
class Repartition:
    titre: str
    lignes: list[Ligne]
    note: str = ""

    @property
    def total(self) -> int:
        return sum(ligne.nombre for ligne in self.lignes)

    @property
    def maximum(self) -> int:
        return max((ligne.nombre for ligne in self.lignes), default=0)


@dataclass
class Statistiques:
    portee: Portee
    filtres: Filtres
    accompagnements: int = 0
    individuels: int = 0
    participants_ateliers: int = 0
    ateliers: int | None = None
    activites: int | None = None
    beneficiaires: int | None = None
    suivis: int | None = None
    anonymes: int | None = None
    nouveaux: int | None = None
    minutes: int | None = None
    par_mois: list[tuple[date, int]] = field(default_factory=list)
    par_jour: list[tuple[date, int]] = field(default_factory=list)
    types: Repartition | None = None
    sections: list[Repartition] = field(default_factory=list)
    beneficiaires_sections: list[Repartition] = field(default_factory=list)
    lieux: Repartition | None = None
    communes: Repartition | None = None
    territoires: list[Repartition] = field(default_factory=list)
    non_croise: bool = False  # theme filter: some breakdowns are not available

    @property
    def maximum_mois(self) -> int:
        return max((n for _, n in self.par_mois), default=0)

    @property
    def maximum_jour(self) -> int:
        return max((n for _, n in self.par_jour), default=0)


def _repartition(titre, valeurs: dict, libelles, total: int | None = None, note="") -> Repartition:
    """Lines in the order of the choice list; percentages over ``total`` (default: the sum
    of the lines, as for multi-valued themes and equipment)."""
    base = sum(valeurs.values()) if total is None else total
    lignes = [
        Ligne(libelle, valeurs.get(cle, 0), proportion(valeurs.get(cle, 0), base), cle)
        for cle, libelle in libelles
    ]
    return Repartition(titre, lignes, note)


def _classement(titre, valeurs: dict, libelles: dict, total: int, limite=None) -> Repartition:
    tries = sorted(valeurs.items(), key=lambda kv: (-kv[1], str(libelles.get(kv[0], kv[0]))))
    if limite:
        tries = tries[:limite]
    lignes = [
        Ligne(libelles.get(k) or "Non communiqué", n, proportion(n, total), str(k))
        for k, n in tries
    ]
    return Repartition(titre, lignes)


def _fenetres(filtres: Filtres, aujourd_hui: date):
    """Monthly series: 12 months ending at « au » (or today); daily: the last 30 days.
    Both start at « du » when it is later."""
    fin = filtres.au or aujourd_hui
    debut_mois = ajouter_mois(premier_jour(fin), -11)
    debut_jour = fin - timedelta(days=29)
    if filtres.du:
        debut_mois = max(debut_mois, filtres.du)
        debut_jour = max(debut_jour, filtres.du)
    return (debut_mois, fin), (debut_jour, fin)


def _serie_mois(valeurs: dict[date, int], debut: date, fin: date) -> list[tuple[date, int]]:
    mois, serie = premier_jour(debut), []
    while mois <= fin:
        serie.append((mois, valeurs.get(mois, 0)))
        mois = ajouter_mois(mois, 1)
    return serie


def _serie_jours(valeurs: dict[date, int], debut: date, fin: date) -> list[tuple[date, int]]:
    return [
        (debut + timedelta(days=i), valeurs.get(debut + timedelta(days=i), 0))
        for i in range((fin - debut).days + 1)
    ]


def calculer(
    portee: Portee, filtres: Filtres, source_classe=SourceAgregats, aujourd_hui: date | None = None
) -> Statistiques:
    """Every figure of the statistics page for one scope and set of filters."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    source = source_classe(portee, filtres)
    s = Statistiques(portee, filtres)
    (dm, fm), (dj, fj) = _fenetres(filtres, aujourd_hui)
    s.par_mois = _serie_mois(source.serie("mois", dm, fm), dm, fm) if dm <= fm else []
    s.par_jour = _serie_jours(source.serie("jour", dj, fj), dj, fj) if dj <= fj else []

    if filtres.thematique:
        par_type = source.repartition("type")
        s.individuels = par_type.get(TypeActivite.INDIVIDUEL, 0)
        s.participants_ateliers = par_type.get(TypeActivite.COLLECTIF, 0)
        s.accompagnements = s.individuels + s.participants_ateliers
        s.non_croise = True
    else:
        t = source.totaux()
        s.accompagnements = t["accompagnements"]
        s.individuels = t["individuels"]
        s.participants_ateliers = t["participants_ateliers"]
        s.ateliers = t["ateliers"]
        s.activites = t["activites"]
        s.anonymes = t["anonymes"]
        s.suivis = source.suivis_distincts()
        s.beneficiaires = s.suivis + s.anonymes
        s.minutes = t["minutes"]
        if filtres.du and filtres.au:
            s.nouveaux = t["nouveaux"]
        total = s.accompagnements
        s.sections = [
            _repartition(
                "Thématiques des accompagnements de médiation numérique",
                {c: t[f"t_{c}"] for c in THEMATIQUES_MEDIATION},
                [(c.value, c.label) for c in THEMATIQUES_MEDIATION],
            ),
            _repartition(
                "Thématiques des accompagnements de démarches administratives",
                {c: t[f"t_{c}"] for c in THEMATIQUES_ADMINISTRATIVES},
                [(c.value, c.label) for c in THEMATIQUES_ADMINISTRATIVES],
            ),
            _repartition(
                "Matériel utilisé lors des accompagnements",
                {c: t[f"m_{c}"] for c in Materiel.values},
                Materiel.choices,
            ),
            _repartition(
                "Canaux des accompagnements",
                {c: t[f"c_{c}"] for c in TypeLieu.values},
                TypeLieu.choices,
                total,
            ),
            _repartition(
                "Durée des accompagnements",
                {c: t[f"d_{c}"] for c in TrancheDuree.values},
                TrancheDuree.choices,
                total,
            ),
        ]
        s.beneficiaires_sections = [
            _repartition("Genre", {c: t[f"g_{c}"] for c in Genre.values}, Genre.choices, total),
            _repartition(
                "Tranches d’âge",
                {c: t[f"a_{c}"] for c in TrancheAge.values},
                TrancheAge.choices,
                total,
            ),
            _repartition(
                "Statut",
                {c: t[f"s_{c}"] for c in StatutSocial.values},
                StatutSocial.choices,
                total,
            ),
        ]
    s.types = _repartition(
        "Types d’accompagnement",
        {TypeActivite.INDIVIDUEL: s.individuels, TypeActivite.COLLECTIF: s.participants_ateliers},
        list(TYPE_ACTIVITE_PLURIEL.items()),
        s.accompagnements,
    )
    if filtres.thematique:
        libelle = Thematique(filtres.thematique).label
        s.sections = [
            _repartition(
                "Thématique filtrée",
                {filtres.thematique: s.accompagnements},
                [(filtres.thematique, libelle)],
                s.accompagnements,
            )
        ]

    # Places and communes: per-advisor scopes, or one territory (at most a région).
    departements = portee.departements if portee.departements is not None else filtres.departements
    if portee.fine or filtres.fins or (departements is not None and len(departements) <= 15):
        fine = source_classe(portee, filtres, fine=True)
        par_lieu = {k: n for k, n in fine.repartition("lieu_id").items() if k}
        noms = dict(Lieu.objects.filter(pk__in=par_lieu).values_list("pk", "nom"))
        s.lieux = _classement(
            "Nombre d’accompagnements par lieux d’activités", par_lieu, noms, s.accompagnements
        )
        par_commune = fine.repartition("commune")
        libelles = {
            c.code_insee: f"{c.nom} · {c.code_postal_principal}"
            for c in Commune.objects.filter(code_insee__in=[k for k in par_commune if k])
        }
        s.communes = _classement(
            "Nombre d’accompagnements par communes", par_commune, libelles, s.accompagnements
        )
    if portee.territoriale and not portee.fine:
        par_departement = source.repartition("departement")
        departements_connus = {
            d.code: d
            for d in Departement.objects.filter(code__in=[k for k in par_departement if k])
        }
        libelles = {code: d.libelle for code, d in departements_connus.items()}
        s.territoires.append(
            _classement(
                "Accompagnements par département", par_departement, libelles, s.accompagnements
            )
        )
        if portee.national and filtres.departements is None:
            par_region: dict[str, int] = {}
            for code, n in par_departement.items():
                d = departements_connus.get(code)
                cle = d.region_id if d and d.region_id else ""
                par_region[cle] = par_region.get(cle, 0) + n
            noms_regions = dict(Region.objects.values_list("code", "nom"))
            noms_regions[""] = "Collectivités d’outre-mer et non communiqué"
            s.territoires.insert(
                0,
                _classement(
                    "Accompagnements par région", par_region, noms_regions, s.accompagnements
                ),
            )
    return s
