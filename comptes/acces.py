"""The one module that decides access.

Every protected view declares the roles it serves with ``role_requis``; every list is
scoped through a ``for_user``-style selector that reads the ``Perimetre`` computed here.
Anything outside the scope answers 404, so that its existence is not revealed.
"""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from . import proconnect
from .models import ConnexionRole
from .roles import ROLES_NATIONAUX, Role

CLE_SESSION = "habilitation_id"


@dataclass(frozen=True)
class Perimetre:
    role: str | None
    national: bool = False
    departements: frozenset[str] = field(default_factory=frozenset)
    structure_id: int | None = None
    reseau_id: int | None = None
    organisme_id: int | None = None
    utilisateur_id: int | None = None
    equipe_ids: frozenset[int] = field(default_factory=frozenset)


AUCUN = Perimetre(role=None)


def perimetre(habilitation) -> Perimetre:
    if habilitation is None or not habilitation.active:
        return AUCUN
    role = habilitation.role
    base = {"role": role, "utilisateur_id": habilitation.utilisateur_id}
    if role in ROLES_NATIONAUX:
        return Perimetre(national=True, **base)
    if role == Role.PREFECTURE:
        if habilitation.departement_id:
            codes = {habilitation.departement_id}
        else:
            codes = set(habilitation.region.departements.values_list("code", flat=True))
        return Perimetre(departements=frozenset(codes), **base)
    if role == Role.HUB:
        codes = habilitation.departements.values_list("code", flat=True)
        return Perimetre(departements=frozenset(codes), **base)
    if role == Role.COORDINATEUR:
        ids = habilitation.membres.filter(fin__isnull=True).values_list("conseiller_id", flat=True)
        return Perimetre(equipe_ids=frozenset(ids), structure_id=habilitation.structure_id, **base)
    # For a conseiller, structure_id is the employer (context), not a scope over others.
    return Perimetre(
        structure_id=habilitation.structure_id,
        reseau_id=habilitation.reseau_id,
        organisme_id=habilitation.organisme_id,
        **base,
    )


def habilitations_actives(request) -> list:
    """The user's active habilitations, read once per request."""
    if not request.user.is_authenticated:
        return []
    if not hasattr(request, "_habilitations"):
        habilitations = request.user.habilitations.filter(active=True)
        if not proconnect.par_proconnect(request):
            exclus = roles_sans_mot_de_passe()
            if exclus:
                habilitations = habilitations.exclude(role__in=exclus)
        request._habilitations = list(
            habilitations.select_related(
                "departement", "region", "structure", "reseau", "organisme"
            )
        )
    return request._habilitations


def roles_sans_mot_de_passe() -> frozenset[str]:
    """Roles the ANCT reserved to ProConnect: a password session does not get them.

    Applies only when ProConnect is configured, so that nobody is ever locked out."""
    if not proconnect.est_configure():
        return frozenset()
    return frozenset(
        ConnexionRole.objects.filter(mot_de_passe_autorise=False).values_list("role", flat=True)
    )


def habilitation_de_la_requete(request):
    """The habilitation chosen in the session, else the user's first active one — a role
    of work before the candidate role: a recruited candidate who logs in lands in the
    advisor space, not back in the pool."""
    habilitations = habilitations_actives(request)
    if not habilitations:
        return None
    choisie = request.session.get(CLE_SESSION)
    for h in habilitations:
        if h.pk == choisie:
            return h
    return next((h for h in habilitations if h.role != Role.CANDIDAT), habilitations[0])


def choisir_habilitation(request, habilitation) -> None:
    request.session[CLE_SESSION] = habilitation.pk
    request.habilitation = habilitation


def role_requis(*roles: str):
    """Decorator: the view serves these roles only; others get 404, anonymous users log in.

    When the user holds one of the roles without it being the active one (a link followed
    from an e-mail, say), that habilitation becomes the active one.
    """

    def decorateur(vue):
        @wraps(vue)
        def enveloppe(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            active = request.habilitation
            if active is None or active.role not in roles:
                autre = next((h for h in habilitations_actives(request) if h.role in roles), None)
                if autre is None:
                    raise Http404("Page introuvable")
                choisir_habilitation(request, autre)
            request.perimetre = perimetre(request.habilitation)
            return vue(request, *args, **kwargs)

        enveloppe.roles_autorises = frozenset(roles)
        return enveloppe

    return decorateur


def filtrer_par_departement(queryset, p: Perimetre, champ: str = "departement"):
    """Restrict a queryset to a territorial scope (national roles see everything)."""
    if p.national:
        return queryset
    if p.departements:
        return queryset.filter(**{f"{champ}__in": p.departements})
    return queryset.none()
