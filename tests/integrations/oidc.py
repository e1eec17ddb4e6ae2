"""Pytest plugin: a real OIDC provider process on loopback, and ProConnect pointed at it.

- ``fournisseur_oidc`` (session): starts ``tests.integrations.fournisseur_oidc`` in its own
  process on a free port and stops it at the end; ``.url``, ``.definir(sub, **claims)``.
- ``proconnect`` (function): the ProConnect settings pointed at that provider, so that the
  « Se connecter avec ProConnect » button appears and the whole flow runs against it. Works
  with the test client and with ``live_server`` (browser journeys).
"""

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

RACINE = Path(__file__).resolve().parents[2]


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class FournisseurOIDC:
    url: str
    processus: subprocess.Popen

    def definir(self, sub: str, **claims) -> None:
        """Set the claims the provider will give for this subject (email, email_verified…)."""
        reponse = requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5)
        reponse.raise_for_status()

    def reglages(self) -> dict:
        return {
            "OIDC_RP_CLIENT_ID": "conum-essais",
            "OIDC_RP_CLIENT_SECRET": "secret-essais",
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.url}/oauth2/authorize",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.url}/oauth2/token",
            "OIDC_OP_USER_ENDPOINT": f"{self.url}/userinfo",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.url}/jwks",
            "PROCONNECT_DECONNEXION": f"{self.url}/oauth2/end_session",
            "OIDC_RP_SCOPES": "openid email profile",
        }


def demarrer_fournisseur(duree_code: float = 60) -> FournisseurOIDC:
    port = _port_libre()
    processus = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integrations.fournisseur_oidc",
            "--port",
            str(port),
            "--duree-code",
            str(duree_code),
        ],
        cwd=RACINE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    ligne = processus.stdout.readline()
    if "PRET" not in ligne:
        processus.kill()
        raise RuntimeError("le fournisseur OIDC local n’a pas démarré")
    url = f"http://127.0.0.1:{port}"
    for _ in range(50):
        try:
            requests.get(f"{url}/.well-known/openid-configuration", timeout=1)
            break
        except requests.ConnectionError:
            time.sleep(0.1)
    return FournisseurOIDC(url=url, processus=processus)


def arreter_fournisseur(fournisseur: FournisseurOIDC) -> None:
    fournisseur.processus.terminate()
    try:
        fournisseur.processus.wait(timeout=5)
    except subprocess.TimeoutExpired:
        fournisseur.processus.kill()


@pytest.fixture(scope="session")
def fournisseur_oidc():
    fournisseur = demarrer_fournisseur()
    yield fournisseur
    arreter_fournisseur(fournisseur)


def configurer(settings, fournisseur: FournisseurOIDC) -> None:
    for nom, valeur in fournisseur.reglages().items():
        setattr(settings, nom, valeur)
    # The logout form is redirected to the provider: CSP form-action must allow it.
    csp = dict(settings.SECURE_CSP)
    csp["form-action"] = [*csp["form-action"], fournisseur.url]
    settings.SECURE_CSP = csp


@pytest.fixture
def proconnect(fournisseur_oidc, settings):
    configurer(settings, fournisseur_oidc)
    return fournisseur_oidc
