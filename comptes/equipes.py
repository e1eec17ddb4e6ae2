"""Coordinators' teams: a coordinator invites an advisor (an e-mail with a signed link), the
advisor accepts, and either of them ends the follow-up later. Membership keeps its dates
(``MembreEquipe.debut`` / ``fin``): statistics count a member only while followed."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from noyau import courriels

from .journal import journaliser
from .models import Habilitation, InvitationEquipe, MembreEquipe, Utilisateur
from .notifications import notifier
from .roles import Role
from .services import ActionImpossible

SEL = "comptes.invitation-equipe"
VALIDITE_JOURS = 30


def jeton(invitation: InvitationEquipe) -> str:
    return signing.dumps(invitation.pk, salt=SEL)


def lire_jeton(valeur: str) -> int | None:
    try:
        return signing.loads(valeur, salt=SEL, max_age=VALIDITE_JOURS * 86400)
    except signing.BadSignature:
        return None


def conseiller_par_email(email: str) -> Utilisateur | None:
    return (
        Utilisateur.objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            habilitations__role=Role.CONSEILLER,
            habilitations__active=True,
        )
        .distinct()
        .first()
    )


@transaction.atomic
def inviter(coordination: Habilitation, email: str, *, request=None) -> InvitationEquipe:
    """Invite the advisor of that address. A second click while one is pending is refused."""
    conseiller = conseiller_par_email(email)
    if conseiller is None:
        raise ActionImpossible("Aucun conseiller numérique en poste n’a cette adresse.")
    if conseiller.pk == coordination.utilisateur_id:
        raise ActionImpossible("Vous ne pouvez pas vous inviter vous-même.")
    if MembreEquipe.objects.filter(
        coordination=coordination, conseiller=conseiller, fin__isnull=True
    ).exists():
        raise ActionImpossible("Ce conseiller fait déjà partie de votre équipe.")
    try:
        with transaction.atomic():
            invitation = InvitationEquipe.objects.create(
                coordination=coordination, conseiller=conseiller
            )
    except IntegrityError:
        raise ActionImpossible("Une invitation est déjà en attente pour ce conseiller.") from None
    lien = settings.SITE_URL + reverse("comptes:equipe_invitation", args=[jeton(invitation)])
    coordinateur = coordination.utilisateur
    courriels.envoyer(
        conseiller.email,
        "Invitation à rejoindre une équipe de coordination",
        "comptes/courriels/invitation_equipe",
        {"coordinateur": coordinateur, "lien": lien, "validite": VALIDITE_JOURS},
    )
    notifier(
        conseiller,
        f"{coordinateur} vous invite dans son équipe de coordination",
        lien=reverse("comptes:equipe_invitation", args=[jeton(invitation)]),
    )
    journaliser(
        "equipe.invitation",
        f"{coordinateur} invite {conseiller} dans son équipe",
        acteur=coordinateur,
        role=Role.COORDINATEUR,
        cible=invitation,
        request=request,
    )
    return invitation


@transaction.atomic
def repondre(
    invitation_id: int, conseiller, *, accepter: bool, request=None
) -> MembreEquipe | None:
    """The invited advisor accepts (the follow-up starts today) or declines. Only once."""
    invitation = (
        InvitationEquipe.objects.select_for_update()
        .select_related("coordination__utilisateur")
        .filter(pk=invitation_id, conseiller=conseiller)
        .first()
    )
    if invitation is None:
        raise ActionImpossible("Cette invitation ne vous est pas adressée.")
    if not invitation.en_attente:
        raise ActionImpossible("Vous avez déjà répondu à cette invitation.")
    maintenant = timezone.now()
    membre = None
    if accepter:
        invitation.acceptee_le = maintenant
        membre, _ = MembreEquipe.objects.get_or_create(
            coordination=invitation.coordination,
            conseiller=conseiller,
            fin__isnull=True,
            defaults={"debut": timezone.localdate()},
        )
    else:
        invitation.refusee_le = maintenant
    invitation.save(update_fields=["acceptee_le", "refusee_le"])
    journaliser(
        "equipe.acceptation" if accepter else "equipe.refus",
        f"{conseiller} {'rejoint' if accepter else 'décline'} l’équipe de "
        f"{invitation.coordination.utilisateur}",
        acteur=conseiller,
        role=Role.CONSEILLER,
        cible=invitation,
        request=request,
    )
    return membre


@transaction.atomic
def quitter(membre_id: int, utilisateur, *, le: date | None = None, request=None) -> MembreEquipe:
    """End a follow-up: the advisor leaves, or the coordinator removes them. The history
    stays (``fin`` is set), so past activity still counts for the period followed."""
    membre = (
        MembreEquipe.objects.select_for_update()
        .select_related("coordination__utilisateur", "conseiller")
        .filter(pk=membre_id)
        .first()
    )
    if membre is None or utilisateur.pk not in (
        membre.conseiller_id,
        membre.coordination.utilisateur_id,
    ):
        raise ActionImpossible("Ce suivi ne vous concerne pas.")
    if membre.fin is not None:
        raise ActionImpossible("Ce suivi est déjà terminé.")
    membre.fin = max(le or timezone.localdate(), membre.debut)
    membre.save(update_fields=["fin"])
    journaliser(
        "equipe.fin",
        f"Fin du suivi de {membre.conseiller} par {membre.coordination.utilisateur}",
        acteur=utilisateur,
        cible=membre.coordination,
        details={"conseiller": membre.conseiller_id, "fin": membre.fin.isoformat()},
        request=request,
    )
    return membre
