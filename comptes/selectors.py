"""Scoped reads of accounts data."""

from .acces import Perimetre
from .models import Evenement, Invitation
from .roles import Role


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
