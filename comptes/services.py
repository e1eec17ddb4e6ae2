"""Business actions on accounts, roles and invitations: one transaction, one audit event each."""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from noyau import courriels

from .jetons import jeton_invitation, jeton_verification
from .journal import journaliser
from .models import AdresseEnEchec, ConnexionRole, Habilitation, Invitation, Utilisateur
from .notifications import notifier


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


def adresse_prise(email: str) -> bool:
    return Utilisateur.objects.filter(email__iexact=email.strip()).exists()


def prevenir_inscription_existante(
    email: str, *, mot_de_passe: str = "", demarche: str = "", request=None
) -> None:
    """Someone signed up with the address of an existing account. Every sign-up form
    answers as it does for a new address (the page cannot tell whether an address has an
    account), and the owner is told by e-mail instead: how to sign in or reset the
    password; an account never confirmed gets its confirmation link again. The password
    is hashed all the same, so that the answer takes as long as a real sign-up."""
    from django.contrib.auth.hashers import make_password

    make_password(mot_de_passe or None)
    utilisateur = Utilisateur.objects.filter(email__iexact=email.strip()).first()
    if utilisateur is None:
        return
    if not utilisateur.is_active and not utilisateur.email_verifie_le:
        envoyer_confirmation(utilisateur)
    elif utilisateur.is_active:
        courriels.envoyer(
            utilisateur.email,
            "Une inscription a été demandée avec votre adresse",
            "comptes/courriels/inscription_existante",
            {
                "utilisateur": utilisateur,
                "demarche": demarche,
                "lien_connexion": settings.SITE_URL + reverse("comptes:connexion"),
                "lien_mot_de_passe": settings.SITE_URL + reverse("comptes:mot_de_passe_oublie"),
            },
        )
    journaliser(
        "compte.inscription_existante",
        "Inscription demandée avec l’adresse d’un compte existant (titulaire prévenu)",
        cible=utilisateur,
        details={"demarche": demarche},
        request=request,
    )


def inscrire_ou_prevenir(
    *, email: str, prenom: str, nom: str, mot_de_passe: str, request=None
) -> Utilisateur | None:
    """The public sign-up: a new account, or — the address has one — its owner told."""
    if not adresse_prise(email):
        try:
            with transaction.atomic():
                return inscrire(
                    email=email, prenom=prenom, nom=nom, mot_de_passe=mot_de_passe, request=request
                )
        except IntegrityError:
            pass  # the same address signed up at the same instant
    prevenir_inscription_existante(email, mot_de_passe=mot_de_passe, request=request)
    return None


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


@transaction.atomic
def connexion_proconnect(*, email: str, prenom: str = "", nom: str = "", request=None):
    """A person identified by ProConnect with a verified address.

    The account with that address is used (created if an invitation awaits it); pending,
    unexpired invitations to the address are accepted, as their signed link would have
    been. Nobody invited this address and it has no account: ``None``, no role.
    """
    email = email.strip().lower()
    en_attente = list(
        Invitation.objects.select_for_update()
        .filter(email__iexact=email, acceptee_le__isnull=True, expire_le__gt=timezone.now())
        .order_by("cree_le")
    )
    utilisateur = Utilisateur.objects.filter(email__iexact=email).first()
    if utilisateur is None:
        if not en_attente:
            return None
        utilisateur = Utilisateur.objects.create_user(
            email=email,
            password=None,
            prenom=prenom,
            nom=nom,
            is_active=True,
            email_verifie_le=timezone.now(),
        )
        journaliser(
            "compte.creation_sur_invitation",
            "Création du compte sur invitation, par ProConnect",
            acteur=utilisateur,
            cible=utilisateur,
            request=request,
        )
    elif not utilisateur.is_active and utilisateur.email_verifie_le:
        return None  # an account switched off stays off
    champs = []
    if prenom and not utilisateur.prenom:
        utilisateur.prenom, champs = prenom, [*champs, "prenom"]
    if nom and not utilisateur.nom:
        utilisateur.nom, champs = nom, [*champs, "nom"]
    if champs:
        utilisateur.save(update_fields=champs)
    confirmer_email(utilisateur, request=request)
    for invitation in en_attente:
        try:
            accepter_invitation(invitation.pk, utilisateur, request=request)
        except ActionImpossible:
            continue  # already holds that role on that scope
    journaliser(
        "compte.connexion_proconnect",
        "Connexion par ProConnect",
        acteur=utilisateur,
        cible=utilisateur,
        details={"invitations_acceptees": len(en_attente)},
        request=request,
    )
    return utilisateur


@transaction.atomic
def regler_connexion(*, par, role: str, mot_de_passe_autorise: bool, request=None):
    """The ANCT allows or forbids password login for the holders of an agent role."""
    reglage, _ = ConnexionRole.objects.select_for_update().get_or_create(role=role)
    if reglage.mot_de_passe_autorise == mot_de_passe_autorise:
        return reglage
    reglage.mot_de_passe_autorise = mot_de_passe_autorise
    reglage.modifie_par = par
    reglage.save()
    journaliser(
        "connexion.reglage",
        f"Connexion par mot de passe {'autorisée' if mot_de_passe_autorise else 'désactivée'}"
        f" pour le rôle « {reglage.get_role_display()} »",
        acteur=par,
        cible=reglage,
        details={"role": role, "mot_de_passe_autorise": mot_de_passe_autorise},
        request=request,
    )
    return reglage


@transaction.atomic
def signaler_adresse_en_echec(*, email: str, motif: str, detail: str = "", message_id: str = ""):
    """The mail provider says this address cannot be written to. Flag it, and tell whoever
    invited it that their invitation did not arrive (once per invitation)."""
    email = email.strip().lower()
    adresse = AdresseEnEchec.objects.filter(email__iexact=email).select_for_update().first()
    if adresse is None:
        adresse = AdresseEnEchec(email=email)
    adresse.motif, adresse.detail, adresse.message_id = motif, detail[:2000], message_id
    adresse.signale_le = timezone.now()
    adresse.save()
    libelle = adresse.get_motif_display()
    for invitation in Invitation.objects.filter(
        email__iexact=email, acceptee_le__isnull=True, invite_par__isnull=False
    ).select_related("invite_par"):
        notifier(
            invitation.invite_par,
            f"Votre invitation à {email} n’a pas pu être remise",
            f"Le courriel d’invitation au rôle « {invitation.get_role_display()} » n’est pas "
            f"arrivé : {libelle}. Vérifiez l’adresse auprès de la personne et invitez-la de "
            "nouveau avec la bonne adresse.",
            cle=f"invitation-echec-{invitation.pk}",
        )
    journaliser(
        "courriel.echec",
        f"Adresse en échec : {email} ({libelle})",
        cible=adresse,
        details={"motif": motif, "detail": detail[:500], "message_id": message_id},
    )
    return adresse


@transaction.atomic
def adresse_retablie(email: str) -> bool:
    """A message reached the address again: it is no longer flagged."""
    supprimees, _ = AdresseEnEchec.objects.filter(email__iexact=email.strip()).delete()
    if supprimees:
        journaliser(
            "courriel.retabli",
            f"Adresse de nouveau joignable : {email.strip().lower()}",
            details={"email": email.strip().lower()},
        )
    return bool(supprimees)
