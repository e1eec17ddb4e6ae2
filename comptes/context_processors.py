from django.utils.functional import SimpleLazyObject

from .acces import habilitations_actives
from .navigation import liens
from .notifications import non_lues


def habilitations(request):
    """The active role, the others the user may switch to, and the role's navigation."""
    habilitation = getattr(request, "habilitation", None)
    return {
        "habilitation": habilitation,
        "habilitations": habilitations_actives(request) if hasattr(request, "user") else [],
        "navigation": liens(habilitation.role if habilitation else None, request.path),
        "notifications_non_lues": _non_lues(request),
    }


def _non_lues(request):
    """The unread count shown in the header: read lazily, only when a template asks."""
    utilisateur = getattr(request, "user", None)
    if utilisateur is None or not utilisateur.is_authenticated:
        return 0
    return SimpleLazyObject(lambda: non_lues(utilisateur))
