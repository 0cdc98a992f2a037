"""Teenindus settings: one module, everything that differs between sites comes from the environment.

Environment variables (see README "Production"):
  DATABASE_URL      postgres://user:pass@host:5432/name (default: SQLite in var/)
  SECRET_KEY        required when PRODUCTION=1; in development a random key is kept in var/
  PRODUCTION        1 = secure cookies, HSTS, no debug
  DEBUG             1/0 (default: on unless PRODUCTION)
  ALLOWED_HOSTS     comma-separated host names
  CSRF_TRUSTED_ORIGINS  comma-separated origins (https://teenindus.example.ee)
  EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL
  DEMO_MODE         1 = `load_demo` may create demo data and demo logins
  SITE_URL          the address people open Teenindus at (links in e-mails)
  SURVEY_VALID_DAYS, SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN, SMS_SENDER
                    customer surveys: link lifetime, the SMS gateway (surveys/sms.py)
  JIRA_URL, JIRA_USER, JIRA_API_TOKEN, JIRA_WEBHOOK_SECRET, JIRA_LABEL_PREFIX
                    a second-level group kept in JIRA (tickets/jira.py)
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("PRODUCTION")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
DEMO_MODE = env_bool("DEMO_MODE")


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when PRODUCTION=1")
    # Development: a random key kept outside the repository.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


VAR_DIR.mkdir(parents=True, exist_ok=True)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "teenindus.core",
    "teenindus.accounts",
    "teenindus.org",
    "teenindus.audit",
    "teenindus.customers",
    "teenindus.contacts",
    "teenindus.telephony",
    "teenindus.people",
    "teenindus.tickets",
    "teenindus.registry",
    "teenindus.papers",
    "teenindus.frontdesk",
    "teenindus.knowledge",
    "teenindus.quality",
    "teenindus.meetings",
    "teenindus.materials",
    "teenindus.surveys",
    "teenindus.analysis",
    "teenindus.workforce",
    "teenindus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "teenindus.core.middleware.ContentSecurityPolicyMiddleware",  # django-csp's, built once
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise: static files keep their long caching and are not logged one by one.
    "teenindus.core.observability.RequestLogMiddleware",
    # A token call to the API goes to its view from here (the rest serves browser sessions).
    "teenindus.core.middleware.MachineClientMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "teenindus.core.middleware.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "teenindus.accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "teenindus.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'teenindus.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several server processes and a worker write to one file: every transaction takes the write
    # lock when it begins (IMMEDIATE), so a read-then-write never fails half-way with "database is
    # locked"; a writer waits up to `timeout` seconds for the lock (busy timeout); WAL lets readers
    # go on meanwhile.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
            ),
        }
    )
# Django turns psycopg's prepared statements off (for transaction-mode poolers), and with them
# `prepare=True`: the phone system's hot statements (teenindus/core/prepared.py) are prepared once
# per connection only with a threshold. Its height keeps every other statement unprepared.
# PG_PREPARED_STATEMENTS=0 for a pooler that cannot keep them (PgBouncer before 1.21).
if (
    DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    and os.environ.get("PG_PREPARED_STATEMENTS", "1") != "0"
):
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 2**31 - 1)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock a username from an address out after repeated failures, and the address
# itself after more (one password tried across many usernames); see accounts/lockout.py.
AXES_USERNAME_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "30"))
AXES_FAILURE_LIMIT = "teenindus.accounts.lockout.failure_limit"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LANGUAGE_CODE = "et"
LANGUAGES = [("et", _("Estonian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
TIME_ZONE = "Europe/Tallinn"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # collectstatic's target; WhiteNoise serves it
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = DEBUG
# Without DEBUG (production, `make run`) static files carry a content hash in their names
# (`collectstatic` writes them and the manifest) and WhiteNoise serves them compressed with
# far-future caching; with DEBUG they are found in place.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy (django-csp): scripts and styles only from our own static files, no
# inline script or style, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Background work: Django's Tasks API (the django-tasks backport) with its database backend, so
# workers on any machine share the one database; `manage.py worker` runs them and the periodic jobs.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz answers 503 when no worker has left a heartbeat for this long.
WORKER_SILENT_AFTER = timedelta(seconds=int(os.environ.get("WORKER_SILENT_AFTER_SECONDS", "60")))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "teenindus@localhost")

# Certification authorities whose certificates may sign job descriptions in an .asice/.bdoc
# container (PEM or DER files, e.g. the ESTEID CA certificates from SK), comma-separated paths.
# Empty: the live Estonian e-identity CAs shipped by the esteid-certificates package (people/asice.py).
SIGNATURE_TRUSTED_CA_FILES = [
    path.strip() for path in os.environ.get("SIGNATURE_TRUSTED_CA_FILES", "").split(",") if path.strip()
]

# Links in e-mails point here.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Tickets: an attachment's size limit; uploads up to it are read in memory at most this big.
TICKET_ATTACHMENT_MAX_BYTES = int(os.environ.get("TICKET_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))
REGISTRY_FILE_MAX_BYTES = int(os.environ.get("REGISTRY_FILE_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = max(TICKET_ATTACHMENT_MAX_BYTES, REGISTRY_FILE_MAX_BYTES) + 1024 * 1024

# A second-level group kept in JIRA (tickets/jira.py): the server, a user and its API token, the
# secret JIRA's webhook carries, and the label prefix that makes creating an issue idempotent.
JIRA_URL = os.environ.get("JIRA_URL", "")
JIRA_USER = os.environ.get("JIRA_USER", "")
JIRA_API_TOKEN = os.environ.get("JIRA_API_TOKEN", "")
JIRA_WEBHOOK_SECRET = os.environ.get("JIRA_WEBHOOK_SECRET", "")
JIRA_LABEL_PREFIX = os.environ.get("JIRA_LABEL_PREFIX", "teenindus")

# Customer surveys (surveys/): how long a survey link works, and the SMS gateway that sends links
# (surveys/sms.py; `manage.py sms_fake_gateway` runs a local one for the demo). No gateway, no SMS.
SURVEY_VALID_DAYS = int(os.environ.get("SURVEY_VALID_DAYS", "14"))
SMS_GATEWAY_URL = os.environ.get("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = os.environ.get("SMS_GATEWAY_TOKEN", "")
SMS_SENDER = os.environ.get("SMS_SENDER", "")

# The phone system adapter (telephony/phone.py). The simulated one feeds the same ingestion as the
# events API; a real partner integration replaces it here.
PHONE_SYSTEM_ADAPTER = os.environ.get(
    "PHONE_SYSTEM_ADAPTER", "teenindus.telephony.phone.SimulatedPhoneSystem"
)

# Structured logs: one JSON line per request and per task on stdout (core/observability.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "teenindus.core.observability.JsonFormatter"}},
    "handlers": {
        "stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "teenindus.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "teenindus.task": {"level": os.environ.get("REQUEST_LOG_LEVEL", "INFO")},
        "teenindus.worker": {"level": "INFO"},
        "django.request": {"level": "ERROR"},
        # django-tasks logs each task as text too; ours is the JSON line.
        "django_tasks": {"level": "WARNING"},
        "django.tasks": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}
