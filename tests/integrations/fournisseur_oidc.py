"""A local OpenID Connect provider for the tests: ``oidc-provider-mock`` made strict.

Run as a separate process by the ``fournisseur_oidc`` fixture::

    python -m tests.integrations.fournisseur_oidc --port 9400 --duree-code 60

On top of the package's provider (RS256 ID tokens, JWKS, userinfo, end-session), this
launcher makes it behave like ProConnect on the two points the package leaves loose:

- PKCE is **required** (authlib's ``CodeChallenge(required=True)``): an authorisation
  request without ``code_challenge`` is refused, a token request whose ``code_verifier``
  does not match is refused;
- an authorisation code **expires** after ``--duree-code`` seconds (ProConnect: 60 s),
  after which the token endpoint answers ``invalid_grant``.

A user's claims are set before the login with ``PUT /users/<sub>`` (JSON body).
"""

import argparse
import os
import sys
import time
from dataclasses import dataclass

os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"  # loopback HTTP only

import werkzeug.serving
from authlib.oauth2.rfc7636 import CodeChallenge
from oidc_provider_mock import _app, _storage
from oidc_provider_mock import app as creer_app


@dataclass(kw_only=True, frozen=True)
class CodeAvecDefi(_storage.AuthorizationCode):
    code_challenge: str | None = None
    code_challenge_method: str | None = None

    def get_code_challenge(self):
        return self.code_challenge

    def get_code_challenge_method(self):
        return self.code_challenge_method


def rendre_strict(duree_code: float) -> None:
    grant = _app.AuthorizationCodeGrant

    def save_authorization_code(self, code, request):
        donnees = request.payload.data
        _app.storage.store_authorization_code(
            CodeAvecDefi(
                code=code,
                user_id=request.user.sub,
                client_id=request.client.get_client_id(),
                redirect_uri=request.payload.redirect_uri,
                scope=request.payload.scope,
                nonce=donnees.get("nonce"),
                auth_time=int(time.time()),
                code_challenge=donnees.get("code_challenge"),
                code_challenge_method=donnees.get("code_challenge_method"),
            )
        )

    query_origine = grant.query_authorization_code

    def query_authorization_code(self, code, client):
        trouve = query_origine(self, code, client)
        if trouve is not None and time.time() - trouve.auth_time > duree_code:
            return None  # expired: the token endpoint answers invalid_grant
        return trouve

    grant.save_authorization_code = save_authorization_code
    grant.query_authorization_code = query_authorization_code

    appel_origine = _app.OpenIDCode.__call__

    def appel(self, g):
        appel_origine(self, g)
        if isinstance(g, grant):
            CodeChallenge(required=True)(g)

    _app.OpenIDCode.__call__ = appel


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--duree-code", type=float, default=60)
    args = parser.parse_args(argv)
    rendre_strict(args.duree_code)
    application = creer_app(require_nonce=True, issue_refresh_token=False)
    serveur = werkzeug.serving.make_server("127.0.0.1", args.port, application, threaded=True)
    print("PRET", flush=True)
    serveur.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
