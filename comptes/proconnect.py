"""ProConnect, the State's identity federation for agents, through mozilla-django-oidc.

Authorisation-code flow with PKCE (S256), ``state`` and ``nonce`` checked by the library,
RS256 ID tokens checked against the provider's JWKS. What is ours:

- an identity is matched to a person by its **verified** e-mail; pending invitations to
  that address are accepted (the provider vouches for the mailbox as the signed link
  would); an address nobody invited gets no account and no role;
- every failure (tampered ``state``, wrong ``nonce``, expired code, unverified address,
  unknown identity, provider unreachable) ends on a French page, never an error 500;
- the session remembers it was opened by ProConnect (``acces`` lets roles whose password
  login the ANCT switched off through only then) and logs out at the provider.

Off unless the settings are given (``est_configure``): the button is hidden, the URLs 404.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

logger = logging.getLogger(__name__)

CLE_METHODE = "methode_connexion"
PROCONNECT = "proconnect"

REFUS = {
    "securite": (
        "La connexion n’a pas pu être vérifiée",
        "La réponse de ProConnect ne correspond pas à la demande envoyée par la plateforme "
        "(lien modifié, demande trop ancienne ou ouverte dans un autre navigateur). "
        "Recommencez la connexion depuis la page « Se connecter ».",
    ),
    "fournisseur": (
        "ProConnect n’a pas confirmé votre connexion",
        "Le code de connexion a expiré ou a déjà servi, ou ProConnect ne répond pas. "
        "Recommencez la connexion ; si le problème persiste, connectez-vous par mot de passe "
        "ou réessayez plus tard.",
    ),
    "email_non_verifie": (
        "Votre adresse électronique n’est pas vérifiée",
        "ProConnect ne garantit pas l’adresse électronique de ce compte. Demandez à votre "
        "administration de la vérifier, puis reconnectez-vous.",
    ),
    "inconnu": (
        "Aucun rôle ne vous est attribué",
        "Vous êtes bien identifié par ProConnect, mais votre adresse électronique n’a reçu "
        "aucune invitation sur la plateforme Conseiller numérique. Les agents reçoivent leur "
        "rôle par une invitation de l’ANCT ou de leur structure : demandez-la, puis "
        "reconnectez-vous avec la même adresse.",
    ),
    "annule": (
        "Connexion interrompue",
        "La connexion avec ProConnect a été annulée. Vous pouvez la recommencer ou vous "
        "connecter par mot de passe.",
    ),
}


def est_configure() -> bool:
    return bool(
        settings.OIDC_RP_CLIENT_ID
        and settings.OIDC_OP_AUTHORIZATION_ENDPOINT
        and settings.OIDC_OP_TOKEN_ENDPOINT
        and settings.OIDC_OP_JWKS_ENDPOINT
    )


def par_proconnect(request) -> bool:
    session = getattr(request, "session", None)
    return session is not None and session.get(CLE_METHODE) == PROCONNECT


def email_verifie(claims: dict) -> bool:
    verifie = claims.get("email_verified")
    if verifie is None:
        return settings.PROCONNECT_EMAIL_VERIFIE_SI_ABSENT
    return verifie is True or str(verifie).lower() == "true"


class ProConnectBackend(OIDCAuthenticationBackend):
    """The library's backend, inactive without settings, matching people our way."""

    def __init__(self, *args, **kwargs):
        self.actif = est_configure()
        if self.actif:
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        if not self.actif or request is None or "code_verifier" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def _refuser(self, raison: str) -> None:
        self.request.proconnect_refus = raison

    def verify_claims(self, claims):
        if not claims.get("email"):
            self._refuser("inconnu")
            return False
        if not email_verifie(claims):
            self._refuser("email_non_verifie")
            return False
        return True

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            return None
        from .services import connexion_proconnect

        utilisateur = connexion_proconnect(
            email=claims["email"],
            prenom=claims.get("given_name", ""),
            nom=claims.get("usual_name") or claims.get("family_name", ""),
            request=self.request,
        )
        if utilisateur is None:
            self._refuser("inconnu")
        return utilisateur

    def get_user(self, user_id):
        utilisateur = super().get_user(user_id) if self.actif else None
        return utilisateur if utilisateur is not None and utilisateur.is_active else None


def page_refus(request, raison: str):
    titre, texte = REFUS[raison]
    return render(
        request,
        "comptes/proconnect_refus.html",
        {"titre": titre, "texte": texte, "raison": raison},
        status=403 if raison in ("inconnu", "email_non_verifie") else 400,
    )


class DebutProConnect(OIDCAuthenticationRequestView):
    """« Se connecter avec ProConnect »: redirects to the provider (state, nonce, PKCE)."""

    def get(self, request):
        if not est_configure():
            raise Http404
        return super().get(request)


class RetourProConnect(OIDCAuthenticationCallbackView):
    """The provider sends the person back here with a code; every failure gets a page."""

    def get(self, request):
        if not est_configure():
            raise Http404
        try:
            return super().get(request)
        except SuspiciousOperation as erreur:  # unknown state, wrong nonce, bad signature
            logger.warning("ProConnect : réponse refusée (%s)", erreur)
            return page_refus(request, "securite")
        except requests.RequestException as erreur:  # code expired or used, provider down
            logger.warning("ProConnect : échange du code impossible (%s)", erreur)
            return page_refus(request, "fournisseur")

    def login_failure(self):
        defaut = "securite" if "code" in self.request.GET else "annule"
        return page_refus(self.request, getattr(self.request, "proconnect_refus", defaut))

    def login_success(self):
        reponse = super().login_success()
        self.request.session[CLE_METHODE] = PROCONNECT
        return reponse


def url_deconnexion(request) -> str:
    """The provider's end-session URL (RP-initiated logout), back to the home page."""
    retour = request.build_absolute_uri(reverse(settings.LOGOUT_REDIRECT_URL))
    if not settings.PROCONNECT_DECONNEXION:
        return retour
    parametres = {"post_logout_redirect_uri": retour, "state": get_random_string(32)}
    if request.session.get("oidc_id_token"):
        parametres["id_token_hint"] = request.session["oidc_id_token"]
    return f"{settings.PROCONNECT_DECONNEXION}?{urlencode(parametres)}"
