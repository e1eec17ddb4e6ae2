from .acces import habilitations_actives
from .navigation import liens


def habilitations(request):
    """The active role, the others the user may switch to, and the role's navigation."""
    habilitation = getattr(request, "habilitation", None)
    return {
        "habilitation": habilitation,
        "habilitations": habilitations_actives(request) if hasattr(request, "user") else [],
        "navigation": liens(habilitation.role if habilitation else None, request.path),
    }
