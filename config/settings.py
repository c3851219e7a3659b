"""Corridor's one settings module: every deployment differs only by environment variables."""

from __future__ import annotations

import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_choice, env_int, env_list, env_str, fernet_keys

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or env_bool("CORRIDOR_ALLOW_INSECURE_KEY", False):
        # A development key, never used with DEBUG off unless explicitly allowed (tests).
        SECRET_KEY = "corridor-development-key-not-for-production-0123456789abcdef"  # noqa: S105
    # With DEBUG off and no key, SECRET_KEY stays empty: what signs nothing (migrate, the
    # catalogues, the checks) runs; Django refuses the first use of the empty key, and the web
    # server refuses to start without one (config/wsgi.py, require_secret_key).
elif len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    # django-ninja as an app: its docs page then serves the Swagger UI files it ships (static
    # files, Apache 2.0; no CDN, no inline script), not the CDN template.
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "corridor.core",
    "corridor.tasks",
    "corridor.access",
    "corridor.geo",
    "corridor.partners",
    "corridor.registry",
    "corridor.fielddata",
    "corridor.cases",
    "corridor.jobs",
    "corridor.flows",
    "corridor.deduplication",
    "corridor.tracing",
    "corridor.movements",
    "corridor.finance",
    "corridor.governance",
    "corridor.cooperation",
    "corridor.iati",
    "corridor.portal",
    "corridor.editorial",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corridor.access.middleware.SessionRenewalMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "corridor.core.middleware.RequestContextMiddleware",
    "corridor.core.middleware.PrivateResponseMiddleware",
    "corridor.core.middleware.ServiceRefusalMiddleware",
    "corridor.access.middleware.TwoFactorEnrolmentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "corridor" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "corridor.access.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite (WAL) by default, PostgreSQL when DATABASE_URL names one.
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'corridor.sqlite3'}"
try:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {exc}") from exc
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist as on PostgreSQL: a new one per request re-ran the pragmas and started
    # with an empty page cache.
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    if _database["NAME"] not in ("", ":memory:"):
        Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif _database["ENGINE"] == "django.db.backends.postgresql":
    # Requests are short and many run at once: parallel workers for one query only take cores
    # from the other requests (a list under 20 clients spent more time gathering than working).
    workers = env_int("DB_PARALLEL_WORKERS_PER_QUERY", 0, minimum=0)
    options = _database.setdefault("OPTIONS", {})  # keep options given in DATABASE_URL
    options["options"] = f"{options.get('options', '')} -c max_parallel_workers_per_gather={workers}".strip()
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "access:home"
LOGOUT_REDIRECT_URL = "portal:home"

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

# Login protection (access.authentication): an account name is locked for one address after
# LOGIN_FAILURE_LIMIT failures from it; an address after LOGIN_ADDRESS_FAILURE_LIMIT failures over
# all names (one password tried across many names); an account name for every address after
# LOGIN_ACCOUNT_FAILURE_LIMIT failures over all addresses (guessing spread over many addresses).
# Each runs out LOGIN_LOCKOUT_MINUTES after its last counted failure. The account-wide limit must
# exceed the address limit, so that a stranger at one address can lock a name only for that
# address, never for its owner signing in from elsewhere.
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20, minimum=1)
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 50, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
# Failed sign-ins are tallied per name, address and hour (access.LoginFailureTally); kept this long.
LOGIN_FAILURE_TALLY_DAYS = env_int("LOGIN_FAILURE_TALLY_DAYS", 90, minimum=1)
if not LOGIN_FAILURE_LIMIT <= LOGIN_ADDRESS_FAILURE_LIMIT < LOGIN_ACCOUNT_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_FAILURE_LIMIT must be at most LOGIN_ADDRESS_FAILURE_LIMIT, which must be below "
        f"LOGIN_ACCOUNT_FAILURE_LIMIT (now {LOGIN_FAILURE_LIMIT}, {LOGIN_ADDRESS_FAILURE_LIMIT}, "
        f"{LOGIN_ACCOUNT_FAILURE_LIMIT})")
# Two-factor: required for roles that see personal data unless turned off (demo, tests).
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = "Corridor"

# Sessions end after this much idle time (renewed by use, at most once a minute: see
# access.middleware.SessionRenewalMiddleware) and with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
# Flash messages wait in the session, not in a cookie (signed, not encrypted): a message may
# name a record, and nothing personal travels in cookies.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport security: on by default whenever DEBUG is off; a TLS-terminating proxy sets the header.
_secure = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _secure)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _secure)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _secure)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _secure else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _secure
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _secure)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a TLS-terminating proxy: trust its X-Forwarded-Proto, and take the client's address
# from the right-most X-Forwarded-For entry, the one the proxy added (corridor.core.clients).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict Content-Security-Policy: everything from our own origin, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Languages: every text in English, French, Spanish and Arabic (right to left: the pages take
# their direction from the language, see ADR 0090).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "corridor" / "locale"]
LANGUAGE_COOKIE_NAME = "corridor_language"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
FORMAT_MODULE_PATH = ["corridor.formats"]
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
# How long before a leg's scheduled departure (arrival) its departure (arrival) may be recorded.
MOVEMENT_EARLY_MINUTES = env_int("MOVEMENT_EARLY_MINUTES", 120, minimum=0)

# E-mail of what waits for each user (`manage.py corridor_notify`, from cron): counts only, sent
# through this SMTP server; no EMAIL_HOST, no e-mail (the home page's work queue still says it).
EMAIL_HOST = env_str("EMAIL_HOST", "") or ""
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "corridor@localhost") or "corridor@localhost"
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on")
# The platform's public address: the e-mails link to it, certificates' QR codes carry it. Blank:
# a QR code carries the address of the request that made it, an e-mail http://127.0.0.1:8000.
SITE_URL = (env_str("SITE_URL", "") or "").rstrip("/")

# IATI publishing (ADR 0073): the reporting organisation of /public/iati/*.xml. The reference
# prefixes every activity identifier; replace the placeholder with the organisation's registered
# IATI organisation identifier. The type is an IATI OrganisationType code (40: multilateral).
IATI_ORG_REF = env_str("IATI_ORG_REF", "XI-IATI-CRD") or ""
IATI_ORG_NAME = env_str("IATI_ORG_NAME", "Corridor Migration Organisation") or ""
IATI_ORG_TYPE = env_str("IATI_ORG_TYPE", "40") or ""
IATI_CACHE_SECONDS = env_int("IATI_CACHE_SECONDS", 3600, minimum=0)
# Where activities.xml is kept between builds (corridor/iati/cache.py), shared by a host's processes.
IATI_CACHE_DIR = Path(env_str("IATI_CACHE_DIR") or VAR_DIR / "iati")
if not re.fullmatch(r"[A-Za-z0-9]+(-[A-Za-z0-9._]+)+", IATI_ORG_REF):
    raise ImproperlyConfigured("IATI_ORG_REF must be an IATI organisation identifier such as "
                               f"XM-DAC-12345 (letters, digits, '-', '.', '_'), not {IATI_ORG_REF!r}")
if not IATI_ORG_NAME.strip():
    raise ImproperlyConfigured("IATI_ORG_NAME must not be blank")
if not IATI_ORG_TYPE.isdigit():
    raise ImproperlyConfigured(f"IATI_ORG_TYPE must be an IATI OrganisationType code, not {IATI_ORG_TYPE!r}")

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "corridor" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production; plain ones in development and tests.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without collected files (development, tests) WhiteNoise serves straight from the apps.
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", not DEBUG)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
FLOWS_STORE = Path(env_str("FLOWS_STORE") or VAR_DIR / "flows.duckdb")

# Uploaded files (imports, evacuation lists): refused before any parser reads them past these
# limits (corridor/core/uploads.py). An .xlsx is a ZIP archive: its members are counted and
# inflated as a stream against the uncompressed limit before openpyxl opens it.
UPLOAD_MAX_MB = env_int("UPLOAD_MAX_MB", 25, minimum=1)
UPLOAD_MAX_UNCOMPRESSED_MB = env_int("UPLOAD_MAX_UNCOMPRESSED_MB", 100, minimum=1)
if UPLOAD_MAX_UNCOMPRESSED_MB < UPLOAD_MAX_MB:
    raise ImproperlyConfigured("UPLOAD_MAX_UNCOMPRESSED_MB must be at least UPLOAD_MAX_MB "
                               f"({UPLOAD_MAX_MB}), not {UPLOAD_MAX_UNCOMPRESSED_MB}")
UPLOAD_MAX_ZIP_MEMBERS = env_int("UPLOAD_MAX_ZIP_MEMBERS", 200, minimum=1)
UPLOAD_MAX_ROWS = env_int("UPLOAD_MAX_ROWS", 200_000, minimum=1)
UPLOAD_MAX_COLUMNS = env_int("UPLOAD_MAX_COLUMNS", 1000, minimum=1)
# Previews of registry imports wait for confirmation as files under MEDIA_ROOT/imports/pending
# (personal data): deleted on confirm, cancel or failure, and purged after this many hours.
IMPORT_PENDING_HOURS = env_int("IMPORT_PENDING_HOURS", 1, minimum=1)

# Background tasks (ADR 0044): queued in the database, run by `manage.py corridor_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# A running task's counts, read by its page while the task's transaction hides them: counts and
# stage codes only. File-based, so the worker and the web processes of a host share it.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "tasks": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
              "LOCATION": str(Path(env_str("TASKS_PROGRESS_DIR") or VAR_DIR / "task-progress"))},
}
# Request bodies: form fields (not files) at most 2.5 MB in memory, files past 2.5 MB spooled to a
# temporary file (never held in memory), at most 20 files in one request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A file past UPLOAD_MAX_MB stops being stored as it arrives (refused later, naming the limit).
FILE_UPLOAD_HANDLERS = [
    "corridor.core.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Keys for identity document numbers (see corridor/registry/documents.py): Fernet keys, the
# first encrypts and all decrypt (rotation); the older single DOCUMENT_ENCRYPTION_KEY is read as
# the last of them. Both required with DEBUG off (deploy checks registry.E001/E002, config/wsgi.py).
DOCUMENT_ENCRYPTION_KEYS = fernet_keys("DOCUMENT_ENCRYPTION_KEYS", "DOCUMENT_ENCRYPTION_KEY")
DOCUMENT_HASH_KEY = env_str("DOCUMENT_HASH_KEY") or ""
if DOCUMENT_HASH_KEY and len(DOCUMENT_HASH_KEY) < 32:
    raise ImproperlyConfigured("DOCUMENT_HASH_KEY must be at least 32 characters long")

# Aggregates shown to analysts hide cells under this count.
SUPPRESSION_THRESHOLD = env_int("SUPPRESSION_THRESHOLD", 5, minimum=1)
API_PAGE_SIZE_MAX = 200

# Tracing: what one officer may ask of the whole registry (ADR 0040). A request names at most
# this many sought persons, and an officer runs at most this many registry searches a day: a
# search proposes names, sex, year of birth and office from every office's people.
TRACING_MAX_SOUGHT_PER_REQUEST = env_int("TRACING_MAX_SOUGHT_PER_REQUEST", 10, minimum=1)
TRACING_SEARCHES_PER_DAY = env_int("TRACING_SEARCHES_PER_DAY", 30, minimum=1)
# The host's tracing index server (`manage.py corridor_tracing_index`), a Unix socket: the web
# processes search the one index it holds instead of each building its own. Blank: each process
# holds its own index (the demo, the tests).
TRACING_INDEX_SOCKET = env_str("TRACING_INDEX_SOCKET") or ""

# Finance (ADR 0070): an amount in another currency is converted at the rate recorded for its
# day. Only when this is set above 0 may the latest rate of up to that many days before be used
# instead (a weekend, a holiday); by default a missing rate refuses the entry.
FINANCE_RATE_FALLBACK_DAYS = env_int("FINANCE_RATE_FALLBACK_DAYS", 0, minimum=0)
# The emergency revolving fund (ADR 0071), in whole US dollars: the most one advance may be, and
# the most all advances not yet repaid may add up to.
FINANCE_EMERGENCY_ADVANCE_CAP = env_int("FINANCE_EMERGENCY_ADVANCE_CAP", 500_000, minimum=0)
FINANCE_EMERGENCY_TOTAL_CAP = env_int("FINANCE_EMERGENCY_TOTAL_CAP", 2_000_000, minimum=0)
# Days after which an advance not repaid in full is flagged as overdue.
FINANCE_EMERGENCY_OVERDUE_DAYS = 365

# Logs never carry personal data: query strings (which hold searched names) are stripped.
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "corridor.core.logging.RedactPersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
}
