"""Settings of the Conum project, read from environment variables only.

Defaults are the safe production ones (DEBUG off, secure cookies, HSTS, CSP); the demo
sets DEBUG=1. With no DATABASE_URL, an embedded PostgreSQL is started (see postgres_embarque).
"""

import os
import secrets
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"


def env_bool(nom: str, defaut: bool = False) -> bool:
    return os.environ.get(nom, str(defaut)).strip().lower() in {"1", "true", "yes", "oui", "on"}


def env_list(nom: str, defaut: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(nom, defaut).split(",") if v.strip()]


def _secret_de_developpement() -> str:
    """A random key kept in .data/ so that sessions survive a restart of the demo.

    Production sets SECRET_KEY; `manage.py check --deploy` reports when it does not.
    """
    fichier = DATA_DIR / "secret_key"
    if not fichier.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        fichier.write_text(secrets.token_urlsafe(50))
        fichier.chmod(0o600)
    return fichier.read_text().strip()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _secret_de_developpement()
SECRET_KEY_FROM_ENV = "SECRET_KEY" in os.environ
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "dsfr",
    "widget_tweaks",
    "axes",
    "mozilla_django_oidc",
    "anymail",
    "procrastinate.contrib.django",
    # Conum
    "noyau",
    "territoires",
    "comptes",
    "structures",
    "candidats",
    "recrutement",
    "instruction",
    "conventions",
    "formation",
    "activite",
    "pilotage",
    "public",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "comptes.middleware.HabilitationActiveMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # After the CSP middleware: the error pages they render carry its nonce and header.
    "noyau.middleware.SaisieMiddleware",
    "noyau.middleware.PageErreurMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conum.urls"
WSGI_APPLICATION = "conum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "comptes.context_processors.habilitations",
            ],
            # French numbers and words (« 100 000,00 € », « 46,8 % », « d’Agen »)
            # in every template without a {% load %}.
            "builtins": ["noyau.templatetags.nombres"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    _url_base = os.environ["DATABASE_URL"]
else:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from conum import postgres_embarque

        _url_base = postgres_embarque.url()
DATABASES = {"default": dj_database_url.parse(_url_base, conn_max_age=60, conn_health_checks=True)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "comptes.Utilisateur"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "comptes.backends.AuthentificationBackend",
    # Inactive (answers None) unless ProConnect is configured below.
    "comptes.proconnect.ProConnectBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "comptes:connexion"
LOGIN_REDIRECT_URL = "comptes:espace"
LOGOUT_REDIRECT_URL = "public:accueil"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
INVITATION_VALIDITE_JOURS = int(os.environ.get("INVITATION_VALIDITE_JOURS", "14"))

# Lock-out after repeated failures (django-axes): per account and per IP address.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "comptes.backends.identifiant_axes"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "comptes/verrouille.html"
AXES_VERBOSE = False

# --- ProConnect (OpenID Connect for agents, mozilla-django-oidc) ------------------------
# Off unless PROCONNECT_CLIENT_ID and the provider's endpoints are set: the button is then
# hidden and everyone logs in with a password. See README « Intégrations ».
OIDC_RP_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("PROCONNECT_AUTORISATION", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("PROCONNECT_JETON", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("PROCONNECT_USERINFO", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("PROCONNECT_JWKS", "")
PROCONNECT_DECONNEXION = os.environ.get("PROCONNECT_DECONNEXION", "")
OIDC_RP_SCOPES = os.environ.get("PROCONNECT_SCOPES", "openid email given_name usual_name")
# ProConnect only hands out addresses its identity providers vouch for, without always
# sending the email_verified claim: set 1 to trust an absent claim. A claim set to false
# is always refused.
PROCONNECT_EMAIL_VERIFIE_SI_ABSENT = env_bool("PROCONNECT_EMAIL_VERIFIE_SI_ABSENT", False)
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_STORE_ID_TOKEN = True  # id_token_hint for the logout at the provider
OIDC_TIMEOUT = 5
OIDC_AUTHENTICATION_CALLBACK_URL = "comptes:proconnect_retour"
OIDC_OP_LOGOUT_URL_METHOD = "comptes.proconnect.url_deconnexion"

# --- Sessions and security ------------------------------------------------------------
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 8)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_SAVE_EVERY_REQUEST = True  # the session expires after SESSION_COOKIE_AGE of inactivity
_COOKIES_SECURISES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = _COOKIES_SECURISES
CSRF_COOKIE_SECURE = _COOKIES_SECURISES
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "public.views.erreur_csrf"
_origines_proconnect = (
    ["{0.scheme}://{0.netloc}".format(urlsplit(PROCONNECT_DECONNEXION))]
    if PROCONNECT_DECONNEXION
    else []
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    # The logout form is redirected to ProConnect's end-session endpoint when configured.
    "form-action": [CSP.SELF, *_origines_proconnect],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production sets STATIC_MANIFESTE=1 and runs collectstatic: hashed, compressed,
        # cached-forever files. Demo and tests serve the source files through the finders.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFESTE")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFESTE")
DSFR_USE_INTEGRITY_CHECKSUMS = False
DSFR_MARK_OPTIONAL_FIELDS = True

# --- Cache -------------------------------------------------------------------------------
# The map's short-lived counts. Per process by default; shared through a table when
# CACHE_TABLE is set (run createcachetable). The API's rate counters do not use the cache:
# they are a table of their own, shared by every process (api.models.CompteurDebit).
if os.environ.get("CACHE_TABLE"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ["CACHE_TABLE"],
        }
    }

# --- Programme rules chosen by the national team ---------------------------------------------
# Recruitment deadline: one of recrutement.rules.REGLES_DELAI.
RECRUTEMENT_REGLE_DELAI = os.environ.get("RECRUTEMENT_REGLE_DELAI", "trois-mois")

# --- Directory of companies (« API Recherche d'entreprises ») ------------------------------
# Off unless set (e.g. https://recherche-entreprises.api.gouv.fr): SIRET checked by checksum.
ANNUAIRE_ENTREPRISES_URL = os.environ.get("ANNUAIRE_ENTREPRISES_URL", "")
ANNUAIRE_ENTREPRISES_DELAI = float(os.environ.get("ANNUAIRE_ENTREPRISES_DELAI", "3"))  # seconds

# --- Partner API ---------------------------------------------------------------------------
API_DEBIT = os.environ.get("API_DEBIT", "600/min")  # requests per client

# --- E-mail -----------------------------------------------------------------------------
# SMTP by default (console in the demo). COURRIEL_FOURNISSEUR=brevo sends through Brevo's
# API with django-anymail; its webhook (/courriels/suivi/brevo/, HTTP basic auth with
# ANYMAIL_WEBHOOK_SECRET="utilisateur:motdepasse") reports bounces and complaints.
COURRIEL_FOURNISSEUR = os.environ.get("COURRIEL_FOURNISSEUR", "").strip().lower()
if COURRIEL_FOURNISSEUR == "brevo":
    _BACKEND_PAR_DEFAUT = "anymail.backends.brevo.EmailBackend"
elif DEBUG:
    _BACKEND_PAR_DEFAUT = "django.core.mail.backends.console.EmailBackend"
else:
    _BACKEND_PAR_DEFAUT = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", _BACKEND_PAR_DEFAUT)
ANYMAIL = {
    "BREVO_API_KEY": os.environ.get("BREVO_API_KEY", ""),
    "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Conseiller numérique <ne-pas-repondre@conseiller-numerique.gouv.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work (procrastinate) --------------------------------------------------
# When True, a deferred task runs in-process right after the transaction commits (demo and
# tests); otherwise it is written to the procrastinate queue in the same transaction and a
# worker (`manage.py procrastinate worker`) runs it, with retries.
TACHES_IMMEDIATES = env_bool("TACHES_IMMEDIATES", DEBUG)

# --- Logging ----------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# E-mails are unique case-insensitively through a functional constraint (Lower("email")),
# which this check cannot see.
SILENCED_SYSTEM_CHECKS = ["auth.W004"]
