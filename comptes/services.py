"""Business actions on accounts, roles and invitations: one transaction, one audit event each."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from noyau import courriels

from .jetons import jeton_invitation, jeton_verification
from .journal import journaliser
from .models import Habilitation, Invitation, Utilisateur


class ActionImpossible(Exception):
    """A business rule refuses the action; the message is shown to the user as is."""


@transaction.atomic
def inscrire(*, email: str, prenom: str, nom: str, mot_de_passe: str, request=None) -> Utilisateur:
    """Create an account that stays inactive until its address is confirmed."""
    utilisateur = Utilisateur.objects.create_user(
        email=email, password=mot_de_passe, prenom=prenom, nom=nom, is_active=False
    )
    envoyer_confirmation(utilisateur)
    journaliser(
        "compte.inscription",
        "Inscription",
        acteur=utilisateur,
        cible=utilisateur,
        request=request,
    )
    return utilisateur


def envoyer_confirmation(utilisateur: Utilisateur) -> None:
    lien = settings.SITE_URL + reverse(
        "comptes:verifier_email", args=[jeton_verification(utilisateur)]
    )
    courriels.envoyer(
        utilisateur.email,
        "Confirmez votre adresse électronique",
        "comptes/courriels/confirmation",
        {"utilisateur": utilisateur, "lien": lien},
    )


@transaction.atomic
def confirmer_email(utilisateur: Utilisateur, *, request=None) -> None:
    if utilisateur.email_verifie_le:
        return
    utilisateur.email_verifie_le = timezone.now()
    utilisateur.is_active = True
    utilisateur.save(update_fields=["email_verifie_le", "is_active"])
    journaliser(
        "compte.email_confirme",
        "Adresse électronique confirmée",
        acteur=utilisateur,
        cible=utilisateur,
        request=request,
    )


PORTEE_CHAMPS = ("departement", "region", "structure", "reseau", "organisme")


@transaction.atomic
def inviter(
    *, par, email: str, role: str, portee: dict, departements=(), request=None
) -> Invitation:
    """Invite an address to take a role on a scope; the link is valid for a limited time."""
    email = email.strip().lower()
    invitation = Invitation(
        email=email,
        role=role,
        invite_par=par,
        expire_le=timezone.now() + timedelta(days=settings.INVITATION_VALIDITE_JOURS),
        **{k: portee.get(k) for k in PORTEE_CHAMPS},
    )
    invitation.full_clean(exclude=["habilitation"])
    invitation.save()
    if departements:
        invitation.departements.set(departements)
    lien = settings.SITE_URL + reverse("comptes:invitation", args=[jeton_invitation(invitation)])
    courriels.envoyer(
        email,
        "Vous êtes invité sur la plateforme Conseiller numérique",
        "comptes/courriels/invitation",
        {"invitation": invitation, "lien": lien, "par": par},
    )
    journaliser(
        "invitation.creee",
        f"Invitation de {email} au rôle « {invitation.get_role_display()} »",
        acteur=par,
        cible=invitation,
        details={"role": role, "portee": invitation.libelle_portee()},
        request=request,
    )
    return invitation


@transaction.atomic
def accepter_invitation(
    invitation_id: int, utilisateur: Utilisateur, *, request=None
) -> Habilitation:
    """Turn an invitation into a habilitation. Safe against a double click: the row is locked."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if invitation.acceptee_le:
        raise ActionImpossible("Cette invitation a déjà été acceptée.")
    if invitation.est_expiree:
        raise ActionImpossible("Cette invitation a expiré : demandez-en une nouvelle.")
    if invitation.email.lower() != utilisateur.email.lower():
        raise ActionImpossible(
            "Cette invitation a été envoyée à une autre adresse électronique que la vôtre."
        )
    try:
        with transaction.atomic():
            habilitation = Habilitation.objects.create(
                utilisateur=utilisateur,
                role=invitation.role,
                **{k: getattr(invitation, k) for k in PORTEE_CHAMPS},
            )
    except IntegrityError:
        raise ActionImpossible("Vous avez déjà ce rôle sur ce périmètre.") from None
    habilitation.departements.set(invitation.departements.all())
    invitation.acceptee_le = timezone.now()
    invitation.habilitation = habilitation
    invitation.save(update_fields=["acceptee_le", "habilitation"])
    # The signed link reached this mailbox: the address is confirmed.
    confirmer_email(utilisateur, request=request)
    journaliser(
        "invitation.acceptee",
        f"Rôle accepté : « {habilitation} »",
        acteur=utilisateur,
        cible=habilitation,
        request=request,
    )
    return habilitation


@transaction.atomic
def creer_compte_invite(
    *, invitation: Invitation, prenom: str, nom: str, mot_de_passe: str, request=None
):
    """An invited person without an account creates it from the invitation link."""
    utilisateur = Utilisateur.objects.create_user(
        email=invitation.email,
        password=mot_de_passe,
        prenom=prenom,
        nom=nom,
        is_active=True,
        email_verifie_le=timezone.now(),
    )
    journaliser(
        "compte.creation_sur_invitation",
        "Création du compte sur invitation",
        acteur=utilisateur,
        cible=utilisateur,
        request=request,
    )
    return utilisateur, accepter_invitation(invitation.pk, utilisateur, request=request)


@transaction.atomic
def choisir_mot_de_passe_invite(*, invitation: Invitation, mot_de_passe: str, request=None):
    """An invited person whose account never had a usable password (created for them, by a
    partner or a structure) chooses one from the invitation link, which proves the mailbox,
    and takes the role in the same step."""
    utilisateur = Utilisateur.objects.select_for_update().get(email__iexact=invitation.email)
    if utilisateur.has_usable_password():
        raise ActionImpossible(
            "Ce compte a déjà un mot de passe : connectez-vous, puis revenez sur ce lien."
        )
    utilisateur.set_password(mot_de_passe)
    utilisateur.is_active = True
    utilisateur.save(update_fields=["password", "is_active"])
    journaliser(
        "compte.mot_de_passe_sur_invitation",
        "Mot de passe choisi sur invitation",
        acteur=utilisateur,
        cible=utilisateur,
        request=request,
    )
    return utilisateur, accepter_invitation(invitation.pk, utilisateur, request=request)
