"""Scoped reads of accounts data."""

from .acces import Perimetre
from .models import Evenement, Habilitation, Invitation
from .roles import Role


def conseillers_en_poste():
    """**Advisors in post**, the one definition every page, export and API route counts:
    an active ``conseiller`` role on an employing structure. One row per advisor and
    employer.

    The employment contract gives the role (the advisor accepts the invitation its opening
    sends) and a validated rupture or the contract's end takes it away, history kept
    (``conventions.contrats``). A login switched off in the administration does not end a
    contract: the public page used to leave such an advisor out while the dashboards
    counted them. No join on the account either: inside a test's transaction the planner
    has no statistics, and that join made a three-level nested loop of minutes."""
    return Habilitation.objects.filter(role=Role.CONSEILLER, active=True, structure__isnull=False)


def conseillers_en_poste_ou_partis():
    """Every advisor role ever held on an employer, in post or not: a partner syncing
    since a date must learn of departures too (``en_poste`` tells which is which)."""
    return Habilitation.objects.filter(role=Role.CONSEILLER, structure__isnull=False)


def est_en_poste(habilitation) -> bool:
    """The same definition, for one row already read (``conseillers_en_poste_ou_partis``)."""
    return bool(
        habilitation.role == Role.CONSEILLER and habilitation.active and habilitation.structure_id
    )


def conseillers_en_poste_for_user(p: Perimetre):
    """Advisors in post within a scope: the country, départements (prefecture, hub), a
    network's member structures, one structure, a coordinator's team."""
    qs = conseillers_en_poste()
    if p.national:
        return qs
    if p.role in (Role.PREFECTURE, Role.HUB):
        return qs.filter(structure__departement_id__in=p.departements)
    if p.role == Role.GRAND_RESEAU and p.reseau_id:
        return qs.filter(structure__reseau_id=p.reseau_id)
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(structure_id=p.structure_id)
    if p.role == Role.COORDINATEUR:
        return qs.filter(utilisateur_id__in=p.equipe_ids)
    return qs.none()


def invitations_for_user(p: Perimetre):
    qs = Invitation.objects.select_related("invite_par").order_by("-cree_le")
    if p.national:
        return qs
    if p.role == Role.STRUCTURE and p.structure_id:
        return qs.filter(role=Role.STRUCTURE, structure_id=p.structure_id)
    return qs.none()


def evenements_for_user(p: Perimetre):
    """The whole audit log is national-admin only for now; later issues add scoped timelines."""
    if p.role == Role.ANCT:
        return Evenement.objects.all()
    return Evenement.objects.none()
