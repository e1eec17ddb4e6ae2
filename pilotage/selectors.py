"""Scoped reads of the steering pages: advisors in post with their reporting group, the
per-territory table, the committee pipeline and the recruitment figures.

Every function takes the viewer's ``Perimetre``; what is outside it is never read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from activite.models import AgregatTerritoireMois
from comptes.acces import Perimetre
from comptes.models import Habilitation
from comptes.roles import Role
from comptes.selectors import conseillers_en_poste, conseillers_en_poste_for_user
from conventions.choix import EtatPoste
from conventions.models import Poste
from conventions.selectors import ATTRIBUE, postes_par_departement
from instruction.choix import StatutDemande
from instruction.models import Demande
from structures.models import Structure
from structures.selectors import structures_for_user as structures_agents
from territoires.models import Departement

from . import rules

ROLES_TABLEAU = (
    Role.ANCT,
    Role.OPERATEUR,
    Role.PREFECTURE,
    Role.HUB,
    Role.GRAND_RESEAU,
    Role.COORDINATEUR,
    Role.STRUCTURE,
)
# Roles that see territories (départements) rather than a list of structures or advisors.
ROLES_TERRITORIAUX = (Role.ANCT, Role.OPERATEUR, Role.PREFECTURE, Role.HUB)


# --- Scopes -------------------------------------------------------------------------------------


def structures_for_user(p: Perimetre):
    """Host structures of the scope: agents through the structures app; a structure itself;
    a coordinator the employers of the advisors they follow. Unordered: callers use it as a
    subquery (``structure__in``), where sorting 3,000 names nationally is wasted work."""
    if p.role == Role.STRUCTURE:
        return Structure.objects.filter(pk=p.structure_id)
    if p.role == Role.COORDINATEUR:
        return Structure.objects.filter(
            pk__in=conseillers_en_poste()
            .filter(utilisateur_id__in=p.equipe_ids)
            .values("structure_id")
        )
    return structures_agents(p).order_by()


def departements_for_user(p: Perimetre):
    qs = Departement.objects.select_related("region").order_by("code")
    if p.national:
        return qs
    if p.role in (Role.PREFECTURE, Role.HUB):
        return qs.filter(code__in=p.departements)
    return qs.none()


def conseillers_for_user(p: Perimetre):
    """Advisors in post within the scope (``comptes.selectors``: one definition)."""
    return conseillers_en_poste_for_user(p)


def dernier_cra():
    """The date of an advisor's last live report, from the rollup the report services keep
    (``activite.DernierCra``): a join, where a probe of the reports per advisor cost ~50 ms
    on the ~4,000 advisors of a national page."""
    return F("utilisateur__dernier_compte_rendu__date")


def avec_activite(qs):
    return qs.annotate(dernier_cra=dernier_cra())


def q_groupe(groupe: str, aujourd_hui: date) -> Q:
    """The reporting group as a filter on ``dernier_cra`` (the same cut as rules.groupe_cra)."""
    limite_actif = aujourd_hui - timedelta(days=rules.JOURS_ACTIF)
    debut_annee = date(aujourd_hui.year, 1, 1)
    if groupe == rules.JAMAIS:
        return Q(dernier_cra__isnull=True)
    if groupe == rules.ACTIF:
        return Q(dernier_cra__gte=limite_actif)
    if groupe == rules.SANS_CRA_ANNEE:
        return Q(dernier_cra__lt=min(debut_annee, limite_actif))
    return Q(dernier_cra__lt=limite_actif, dernier_cra__gte=debut_annee)


def filtrer_conseillers(qs, *, q: str = "", departement: str = "", groupe: str = "", aujourd_hui):
    if departement:
        qs = qs.filter(structure__departement_id=departement)
    if q:
        for mot in q.split():
            qs = qs.filter(
                Q(utilisateur__nom__unaccent__icontains=mot)
                | Q(utilisateur__prenom__unaccent__icontains=mot)
                | Q(utilisateur__email__icontains=mot)
                | Q(structure__nom__unaccent__icontains=mot)
            )
    if groupe in rules.GROUPES_CRA:
        qs = qs.filter(q_groupe(groupe, aujourd_hui))
    return qs


def liste_conseillers(p: Perimetre, *, aujourd_hui: date | None = None, **filtres):
    aujourd_hui = aujourd_hui or timezone.localdate()
    qs = avec_activite(conseillers_for_user(p)).select_related(
        "utilisateur", "structure__departement"
    )
    return filtrer_conseillers(qs, aujourd_hui=aujourd_hui, **filtres).order_by(
        "utilisateur__nom", "utilisateur__prenom", "pk"
    )


def activite_conseillers(p: Perimetre) -> list[tuple[str, date | None, bool]]:
    """Each advisor of the scope as (département of the employer, last report date, has
    logged in): one query, read once per page by the groups and the territory table."""
    return list(
        avec_activite(conseillers_for_user(p)).values_list(
            "structure__departement_id", "dernier_cra", Q(utilisateur__last_login__isnull=False)
        )
    )


def groupes_cra(p: Perimetre, aujourd_hui: date | None = None, conseillers=None) -> dict[str, int]:
    """How many advisors of the scope fall in each reporting group (``rules.groupe_cra``;
    the list's filter uses the same cut)."""
    aujourd_hui = aujourd_hui or timezone.localdate()
    conseillers = activite_conseillers(p) if conseillers is None else conseillers
    comptes = dict.fromkeys(rules.GROUPES_CRA, 0)
    for _, dernier, _ in conseillers:
        comptes[rules.groupe_cra(dernier, aujourd_hui)] += 1
    return comptes


# --- Per territory ------------------------------------------------------------------------------


@dataclass
class LigneTerritoire:
    code: str
    nom: str
    region: str = ""
    code_region: str = ""
    cible: int | None = None
    dotation: int = 0
    occupes: int = 0
    en_poste: int = 0
    actives: int = 0
    cra: int = 0
    accompagnements: int = 0
    departements: list[str] = field(default_factory=list)

    @property
    def taux_activation(self) -> int | None:
        return rules.taux(self.actives, self.dotation)

    @property
    def taux_occupation(self) -> int | None:
        return rules.taux(self.occupes, self.dotation)


def _cibles(codes) -> dict[str, int]:
    from territoires.models import CalculCibles, Cible

    dernier = CalculCibles.objects.order_by("-cree_le", "-pk").values_list("pk", flat=True)[:1]
    return dict(
        Cible.objects.filter(calcul_id__in=list(dernier), departement_id__in=codes).values_list(
            "departement_id", "valeur"
        )
    )


def territoires(
    p: Perimetre,
    *,
    du: date | None = None,
    au: date | None = None,
    par_region: bool = False,
    conseillers=None,
) -> list[LigneTerritoire]:
    """Per département of the scope (or per région): target, allocation (dotation), posts
    filled, advisors in post, advisors activated on the activity space (at least one report
    or a login), activation rate (activated / dotation, as the real platform computes it),
    reports recorded and people accompanied (over the period, from the territory rollups)."""
    departements = list(departements_for_user(p))
    codes = [d.code for d in departements]
    postes = postes_par_departement(None if p.national else codes)
    cibles = _cibles(codes)
    par_dep: dict[str, dict[str, int]] = {}
    for departement, dernier, connecte in (
        activite_conseillers(p) if conseillers is None else conseillers
    ):
        compte = par_dep.setdefault(departement, {"en_poste": 0, "actives": 0})
        compte["en_poste"] += 1
        compte["actives"] += dernier is not None or connecte
    agregats = AgregatTerritoireMois.objects.filter(departement__in=codes)
    if du:
        agregats = agregats.filter(mois__gte=du.replace(day=1))
    if au:
        agregats = agregats.filter(mois__lte=au)
    activite = {
        a["departement"]: a
        for a in agregats.values("departement").annotate(
            cra=Sum("activites"), accompagnements=Sum("accompagnements")
        )
    }
    lignes = []
    for d in departements:
        c = par_dep.get(d.code, {})
        a = activite.get(d.code, {})
        lignes.append(
            LigneTerritoire(
                code=d.code,
                nom=d.nom,
                region=d.region.nom if d.region_id else "",
                code_region=d.region_id or "",
                cible=cibles.get(d.code),
                dotation=postes.get(d.code, {}).get("attribues", 0),
                occupes=postes.get(d.code, {}).get("occupes", 0),
                en_poste=c.get("en_poste", 0),
                actives=c.get("actives", 0),
                cra=a.get("cra") or 0,
                accompagnements=a.get("accompagnements") or 0,
            )
        )
    return regrouper(lignes) if par_region else lignes


def regrouper(lignes: list[LigneTerritoire]) -> list[LigneTerritoire]:
    """Département lines summed per région (the national page's « par région »), without
    reading anything again: the page also draws the départements on its map."""
    regions: dict[str, LigneTerritoire] = {}
    for ligne in lignes:
        r = regions.setdefault(
            ligne.code_region, LigneTerritoire(code=ligne.code_region, nom=ligne.region, cible=0)
        )
        r.cible = (r.cible or 0) + (ligne.cible or 0)
        for champ in ("dotation", "occupes", "en_poste", "actives", "cra", "accompagnements"):
            setattr(r, champ, getattr(r, champ) + getattr(ligne, champ))
        r.departements.append(ligne.code)
    return sorted(regions.values(), key=lambda r: r.code)


def total(lignes: list[LigneTerritoire]) -> LigneTerritoire:
    t = LigneTerritoire(code="", nom="Total", cible=0)
    for ligne in lignes:
        t.cible += ligne.cible or 0
        for champ in ("dotation", "occupes", "en_poste", "actives", "cra", "accompagnements"):
            setattr(t, champ, getattr(t, champ) + getattr(ligne, champ))
    return t


# --- Committee pipeline and recruitment ------------------------------------------------------


def demandes_for_user(p: Perimetre):
    if p.national:
        return Demande.objects.all()
    if p.role in (Role.PREFECTURE, Role.HUB):
        return Demande.objects.filter(structure__departement_id__in=p.departements)
    if p.role == Role.GRAND_RESEAU and p.reseau_id:
        return Demande.objects.filter(structure__reseau_id=p.reseau_id)
    if p.role == Role.STRUCTURE:
        return Demande.objects.filter(structure_id=p.structure_id)
    return Demande.objects.none()


def pipeline(p: Perimetre) -> list[tuple[str, str, int]]:
    """Requests of the scope per status, in the committee's order."""
    comptes = dict(demandes_for_user(p).order_by().values_list("statut").annotate(n=Count("pk")))
    return [(code, libelle, comptes.get(code, 0)) for code, libelle in StatutDemande.choices]


def postes_for_user(p: Perimetre):
    return Poste.objects.filter(structure__in=structures_for_user(p))


@dataclass
class Recrutement:
    attribues: int
    occupes: int
    vacants: int
    vacants_hors_delai: int
    delai_moyen_jours: int | None


def recrutement(p: Perimetre, aujourd_hui: date | None = None) -> Recrutement:
    """Posts of the scope: allocated, filled, vacant, vacant past their recruitment deadline,
    and the mean time from allocation to recruitment of the posts recruited on."""
    from recrutement import rules as R
    from recrutement.models import MiseEnRelation

    aujourd_hui = aujourd_hui or timezone.localdate()
    postes = postes_for_user(p)
    c = postes.aggregate(
        attribues=Count("pk", filter=ATTRIBUE),
        occupes=Count("pk", filter=Q(etat=EtatPoste.OCCUPE)),
        vacants=Count("pk", filter=Q(etat=EtatPoste.VACANT, convention__statut__in=_en_cours())),
        hors_delai=Count(
            "pk",
            filter=Q(
                etat=EtatPoste.VACANT,
                convention__statut__in=_en_cours(),
                recruter_avant__lt=aujourd_hui,
            ),
        ),
    )
    delais = (
        MiseEnRelation.objects.filter(poste__in=postes, statut__in=R.RECRUTES)
        .exclude(validee_le__isnull=True)
        .annotate(attribue=F("poste__date_attribution"))
        .values_list("validee_le", "attribue")
    )
    jours = [
        timezone.localdate(validee).toordinal() - attribue.toordinal()
        for validee, attribue in delais
    ]
    return Recrutement(
        attribues=c["attribues"],
        occupes=c["occupes"],
        vacants=c["vacants"],
        vacants_hors_delai=c["hors_delai"],
        delai_moyen_jours=round(sum(jours) / len(jours)) if jours else None,
    )


def _en_cours():
    from conventions.choix import STATUTS_EN_COURS

    return list(STATUTS_EN_COURS)


def gestionnaires_for_user(p: Perimetre):
    """Managers (gestionnaires) of the structures of the scope, and, for national roles,
    every agent account."""
    qs = Habilitation.objects.filter(active=True).exclude(role__in=(Role.CANDIDAT, Role.CONSEILLER))
    if p.national:
        return qs
    return qs.filter(role=Role.STRUCTURE, structure__in=structures_for_user(p))


def etat_formation(p: Perimetre) -> list[tuple[str, int]]:
    """Learners of the scope per training state (formation's selector), in the order of
    the states; empty when the formation app has nothing for this role."""
    try:
        from formation.models import Apprenant
        from formation.selectors import repartition_par_etat
    except ImportError:  # formation not shipped yet
        return []
    totaux: dict[str, int] = {}
    for etats in repartition_par_etat(p).values():
        for etat, n in etats.items():
            totaux[etat] = totaux.get(etat, 0) + n
    libelles = dict(Apprenant._meta.get_field("etat").choices or [])
    return [(libelles.get(etat, etat), totaux[etat]) for etat in libelles if etat in totaux]
