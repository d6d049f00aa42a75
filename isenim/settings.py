"""Isenim settings: one file, every value from the environment.

Secrets may be given directly (``SECRET_KEY=…``) or as a path (``SECRET_KEY_FILE=/run/secrets/…``).
With ``DEBUG`` off the project refuses to start until every production secret is set, and says which
one is missing. A developer's ``make run`` writes ``.env`` and dev keys under ``var/`` on first start.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from isenim.core.crypto import parse_key_ring
from isenim.core.env import env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("ISENIM_VAR_DIR", "") or BASE_DIR / "var")
load_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
ISENIM_DATA_KEYS = env_str("ISENIM_DATA_KEYS", "")
if ISENIM_DATA_KEYS:
    parse_key_ring(ISENIM_DATA_KEYS)  # a malformed key ring stops start-up with a message naming the entry
# Seals backups (`isenim backup`); never one of the data keys, and never inside a backup (docs/deploy.md).
ISENIM_BACKUP_KEY = env_str("ISENIM_BACKUP_KEY", "")
if ISENIM_BACKUP_KEY:
    parse_key_ring(ISENIM_BACKUP_KEY, name="ISENIM_BACKUP_KEY")
# Where the nightly archives are kept (docs/deploy.md): `isenim retention --backups` flags those older than
# the longest retention period (docs/retention.md).
ISENIM_BACKUP_DIR = env_str("ISENIM_BACKUP_DIR", "/var/backups/isenim")


def _refuse_missing_production_settings() -> None:
    missing = []
    if not SECRET_KEY or len(SECRET_KEY) < 32:
        missing.append("SECRET_KEY (at least 32 characters)")
    if not ALLOWED_HOSTS:
        missing.append("ALLOWED_HOSTS")
    if not ISENIM_DATA_KEYS:
        missing.append("ISENIM_DATA_KEYS (make one with: isenim make-data-key)")
    if missing:
        raise ImproperlyConfigured(
            "Isenim will not start with DEBUG off until these are set: " + "; ".join(missing)
        )


if DEBUG:
    if not SECRET_KEY or not ISENIM_DATA_KEYS:
        raise ImproperlyConfigured(
            "SECRET_KEY and ISENIM_DATA_KEYS are not set. Run `make run` once to create dev keys in var/, "
            "or set them in the environment (see .env.example)."
        )
else:
    _refuse_missing_production_settings()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "isenim.core",
    "isenim.accounts",
    "isenim.geo",
    "isenim.portal",
    "isenim.people",
    "isenim.appeals",
    "isenim.cases",
    "isenim.guide",
    "isenim.returns",
    "isenim.reintegration",
    "isenim.prevention",
    "isenim.grants",
    "isenim.exchange",
    "isenim.comparison",
    "isenim.insights",
    "isenim.retention",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "isenim.core.logs.RequestLogMiddleware",
    "isenim.core.middleware.ClientAddressMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "isenim.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "isenim.accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "isenim.core.middleware.VaultFileMissingMiddleware",  # a file missing from the vault: 404, what to do
    "isenim.core.once.OnceMiddleware",  # a form sent twice saves once (after auth and messages)
    "isenim.core.not_found.SiteNotFoundMiddleware",  # a refused page: the site's 404, also with DEBUG
    "isenim.accounts.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "isenim.urls"
WSGI_APPLICATION = "isenim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "isenim" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% csrf_token %} also writes a one-time form token: a form sent twice saves once (core.once).
            "builtins": ["isenim.core.templatetags.once"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "isenim.core.context_processors.navigation",
                "isenim.core.context_processors.demo_data",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
# Readable by the service user only: it holds the SQLite database (core.apps makes the file 0600 too).
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'isenim.sqlite3'}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids "database is locked" on upgrade.
    # mmap: pages are read from the operating system's cache, shared by every connection, instead of
    # being copied into each new connection's small page cache (bench cases: docs/performance.md).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA mmap_size=1073741824;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The database cache is shared by every worker process, so login-failure counting (the lockout) holds
# across gunicorn workers without needing Redis.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "isenim_cache",
    }
}

# Background work (reminders, big exports) goes through django-tasks with its database backend: a
# worker (`isenim db_worker`) runs it. TASKS_IMMEDIATE=true runs tasks at once, in the request (tests).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Mail (task reminders). The reminders hold no personal data, only counts and a link to the site.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "isenim@localhost")
# The address staff open the site at, for links in reminders.
ISENIM_SITE_URL = env_str("ISENIM_SITE_URL", "http://127.0.0.1:8000")

# --- Accounts ------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "isenim.accounts.adapter.StaffAccountAdapter"
# Lockout, the one mechanism: allauth counts failed sign-ins per username (and per address) in the
# shared database cache; past the limit the username is refused, even with the right password, until
# the window has passed. See docs/decisions.md.
ISENIM_LOGIN_ATTEMPTS_LIMIT = env_int("ISENIM_LOGIN_ATTEMPTS_LIMIT", 5)
ISENIM_LOGIN_LOCKOUT_SECONDS = env_int("ISENIM_LOGIN_LOCKOUT_SECONDS", 15 * 60)
# The proxies in front of Isenim (nginx): addresses or networks, comma-separated. Only their
# X-Forwarded-For is believed, so the limits below count each visitor's real address (docs/deploy.md).
ISENIM_TRUSTED_PROXIES = env_str("ISENIM_TRUSTED_PROXIES", "")
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"20/m/ip,{ISENIM_LOGIN_ATTEMPTS_LIMIT}/{ISENIM_LOGIN_LOCKOUT_SECONDS}s/key",
    # The public page where a member sets their password with a one-time code (accounts.views.use_code).
    "use_account_code": "10/h/ip",
}
ACCOUNT_REAUTHENTICATION_TIMEOUT = 5 * 60
# Confirming before a sensitive step (a role, an export, removing or replacing a second factor) asks for
# the password, never a second-factor code alone: a stolen phone must not be enough.
ACCOUNT_REAUTHENTICATION_METHODS = ("password",)
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Isenim"
# A code from the 30-second step before or after the server's is accepted too: phones drift, and a
# code typed as it rolls over would otherwise fail. See docs/decisions.md.
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_ADAPTER = "isenim.accounts.adapter.StaffMFAAdapter"

# Idle timeout: each request pushes the expiry forward, so a session dies after this much inactivity.
SESSION_COOKIE_AGE = env_int("ISENIM_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Absolute lifetime: however active, a session ends this many hours after sign-in (accounts.middleware).
ISENIM_SESSION_MAX_HOURS = env_int("ISENIM_SESSION_MAX_HOURS", 12)
# Two people for every way into an account (docs/protection.md): administrators (usernames, comma-separated)
# who may confirm a director's new account, role or reset when no other director can; set at installation.
ISENIM_SECOND_ADMINISTRATORS = env_str("ISENIM_SECOND_ADMINISTRATORS", "")
# How long the one-time code of a new account or a reset stays valid.
ISENIM_ACCOUNT_CODE_HOURS = env_int("ISENIM_ACCOUNT_CODE_HOURS", 72)

# --- Languages -----------------------------------------------------------------------------------
LANG_INFO.update(
    {
        "kaa": {"bidi": False, "code": "kaa", "name": "Karakalpak", "name_local": "Қарақалпақша"},
        "kaa-latn": {
            "bidi": False,
            "code": "kaa-latn",
            "name": "Karakalpak (Latin)",
            "name_local": "Qaraqalpaqsha",
        },
        "uz-cyrl": {"bidi": False, "code": "uz-cyrl", "name": "Uzbek (Cyrillic)", "name_local": "Ўзбекча"},
    }
)
LANGUAGE_CODE = "kaa"
LANGUAGES = [
    ("kaa", "Қарақалпақша"),
    ("kaa-latn", "Qaraqalpaqsha"),
    ("uz", "Oʻzbekcha"),
    ("uz-cyrl", "Ўзбекча"),
    ("ru", "Русский"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "isenim" / "locale"]
FORMAT_MODULE_PATH = ["isenim.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Samarkand")

# --- Static files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "isenim" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Uploads -------------------------------------------------------------------------------------
# The largest case document accepted, in megabytes (checked before the whole file is read).
ISENIM_MAX_UPLOAD_MB = env_int("ISENIM_MAX_UPLOAD_MB", 10)
# Encrypted files (signed consent forms, case documents, invoices, acts), outside the web root; created
# readable by the service user only (0700 folder, 0600 files).
ISENIM_VAULT_DIR = env_str("ISENIM_VAULT_DIR", "") or str(VAR_DIR / "vault")

# --- Web security --------------------------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'none'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Plain HTTP only for a developer's laptop; everywhere else cookies are HTTPS-only and HSTS is on.
SECURE_COOKIES = env_bool("ISENIM_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = env_int("ISENIM_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# One JSON object per line, never a name, phone or note text (core/logs.py; docs/deploy.md, "Logs").
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "isenim.core.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own request logger repeats what isenim.request says, with the address: left to it.
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "WARNING"}},
}

# --- Isenim --------------------------------------------------------------------------------------
ISENIM_REFERENCE_DIR = BASE_DIR / "isenim" / "geo" / "data"
