"""Settings, read from the environment with safe defaults for `make run`.

Environment variables:
- DATABASE_URL: default SQLite file var/banli.sqlite3 (WAL, IMMEDIATE transactions, busy timeout).
- REDIS_URL: when set, cache and sessions go to Redis.
- SECRET_KEY: when absent, one is generated into var/secret_key on first run.
- BANLI_DEBUG: "1" for development only.
- ALLOWED_HOSTS: comma separated; default 127.0.0.1,localhost.
- BANLI_JURISDICTION: code of the default tenant (used by the demo and by commands).
- EMAIL_*: SMTP settings.
- BANLI_SITE_URL: the address links in emails point to.
- BANLI_SMS_BACKEND, BANLI_SMS_URL, BANLI_SMS_TOKEN, BANLI_SMS_SIGNATURE: the SMS gateway.
- BANLI_WORKER_INTERVAL, BANLI_REMINDER_HOUR, BANLI_DIGEST_HOUR: the worker (run_worker).
- BANLI_HTTPS: "1" behind TLS (secure cookies, HSTS, redirect); BANLI_PROXY_COUNT: trusted proxies in front.
- BANLI_PASSWORD_MIN_LENGTH (8), BANLI_PASSWORD_MIN_CLASSES (3), BANLI_PASSWORD_HISTORY (5),
  BANLI_PASSWORD_MAX_AGE_DAYS (90; 0 never expires): the password policy.
- BANLI_LOCKOUT_FAILURES (5), BANLI_LOCKOUT_MINUTES (30): lockout per account and per address.
- BANLI_IDLE_SECONDS (1800): idle logout. BANLI_AUDIT_RETENTION_DAYS (180): audit records kept at least.
- BANLI_DEMO: "1" only for the demo (`make run`): demo accounts skip the second factor. Never in production.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("BANLI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("BANLI_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
BANLI_JURISDICTION = os.environ.get("BANLI_JURISDICTION", "341300")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "ninja",
    "banli.core",
    "banli.submissions",
    "banli.assignments",
    "banli.handling",
    "banli.evaluation",
    "banli.supervision",
    "banli.textindex",
    "banli.documents",
    "banli.notifications",
    "banli.audit",
    "banli.accounts",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "banli.portal",
    "banli.api",
    "banli.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "banli.accounts.idle.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "banli.core.hardening.RejectNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "banli.accounts.gate.SecurityGateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "banli.audit.context.AuditContextMiddleware",
    # last, as django-axes asks: it turns a lockout raised by the login into the lockout page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "banli.urls"
WSGI_APPLICATION = "banli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "banli" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "banli.core.context_processors.banli",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database -----------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'banli.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock when a transaction starts, so two writers queue on the busy
        # timeout instead of failing half-way with "database is locked".
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file (not memory) so tests see real locking; one per process so parallel runs don't collide.
    DATABASES["default"]["TEST"] = {
        "NAME": os.environ.get("BANLI_TEST_DB_NAME") or str(VAR_DIR / f"test-{os.getpid()}.sqlite3")
    }
elif os.environ.get("BANLI_TEST_DB_NAME"):
    # lets several suites share one PostgreSQL server without dropping each other's test database
    DATABASES["default"]["TEST"] = {"NAME": os.environ["BANLI_TEST_DB_NAME"]}
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

# Cache and sessions -------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "banli",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_COOKIE_AGE = int(os.environ.get("BANLI_IDLE_SECONDS", str(30 * 60)))
# the age counts from the last request (an idle logout), the expiry moved on at most once a minute
# rather than written on every request (banli.accounts.idle)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Identity: passwords, lockout, second factor ---------------------------------------------------------
# django-axes first: it refuses a locked-out account or address before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "banli.accounts.backends.RoleBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
BANLI_PASSWORD_MIN_LENGTH = int(os.environ.get("BANLI_PASSWORD_MIN_LENGTH", "8"))
BANLI_PASSWORD_MIN_CLASSES = int(os.environ.get("BANLI_PASSWORD_MIN_CLASSES", "3"))
BANLI_PASSWORD_HISTORY = int(os.environ.get("BANLI_PASSWORD_HISTORY", "5"))
BANLI_PASSWORD_MAX_AGE_DAYS = int(os.environ.get("BANLI_PASSWORD_MAX_AGE_DAYS", "90"))  # 0: never expires
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "banli.accounts.passwords.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "banli.accounts.passwords.CharacterClassesValidator"},
    {"NAME": "banli.accounts.passwords.PasswordHistoryValidator"},
]
# Lockout after BANLI_LOCKOUT_FAILURES failed logins, per account and (separately) per address.
AXES_FAILURE_LIMIT = int(os.environ.get("BANLI_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("BANLI_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "banli.audit.context.client_ip"
AXES_LOCKOUT_CALLABLE = "banli.accounts.lockout.lockout_response"
AXES_USERNAME_CALLABLE = "banli.accounts.lockout.client_username"
AXES_VERBOSE = False
# Second factor: TOTP. Required for office staff and administrators (banli.accounts.second_factor).
OTP_TOTP_ISSUER = "建议提案办理系统"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # the security administrator resets devices, never sees their secrets
BANLI_OTP_ENFORCED = True  # switched off only by the test suite, for tests that are not about it
#: Demo only (`make run` sets it): demo accounts need no second factor and their passwords never expire.
BANLI_DEMO = _env_bool("BANLI_DEMO")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Locale ---------------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Static and uploaded files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "banli" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "banli.core.storage.StaticStorage"},
}
# Uploads live outside the web root and are only served through views that check permissions.
MEDIA_ROOT = Path(os.environ.get("BANLI_MEDIA_ROOT", VAR_DIR / "media"))

# Mail --------------------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "banli@localhost")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Notifications and the worker (manage.py run_worker) ----------------------------------------------------
BANLI_SITE_URL = os.environ.get("BANLI_SITE_URL", "http://127.0.0.1:8000")
BANLI_SMS_BACKEND = os.environ.get("BANLI_SMS_BACKEND", "banli.notifications.sms.LogSmsBackend")
BANLI_SMS_URL = os.environ.get("BANLI_SMS_URL", "")  # for banli.notifications.sms.HttpSmsBackend
BANLI_SMS_TOKEN = os.environ.get("BANLI_SMS_TOKEN", "")
BANLI_SMS_SIGNATURE = os.environ.get("BANLI_SMS_SIGNATURE", "【建议提案办理系统】")
BANLI_WORKER_INTERVAL = float(os.environ.get("BANLI_WORKER_INTERVAL", "30"))  # seconds between passes
BANLI_REMINDER_HOUR = int(os.environ.get("BANLI_REMINDER_HOUR", "8"))  # reminders go out from 08:00
BANLI_DIGEST_HOUR = int(os.environ.get("BANLI_DIGEST_HOUR", "8"))  # the daily digest from 08:00
BANLI_DELIVERY_MAX_ATTEMPTS = int(os.environ.get("BANLI_DELIVERY_MAX_ATTEMPTS", "8"))
BANLI_DELIVERY_RETRY_SECONDS = int(os.environ.get("BANLI_DELIVERY_RETRY_SECONDS", "60"))  # doubles each time
BANLI_DELIVERY_LEASE_SECONDS = int(os.environ.get("BANLI_DELIVERY_LEASE_SECONDS", "600"))  # then taken over

# Security headers ------------------------------------------------------------------------------------
# Content Security Policy: scripts and styles only from our own static files (no inline script, no
# inline style, no eval); a per-response nonce exists for htmx (CSP_NONCE in templates) but no template
# uses it for inline code. Bootstrap's CSS draws its icons from data: SVG images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if _env_bool("BANLI_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Audit trail ------------------------------------------------------------------------------------------
#: Records younger than this are never purged (等保 asks for at least 6 months).
BANLI_AUDIT_RETENTION_DAYS = int(os.environ.get("BANLI_AUDIT_RETENTION_DAYS", "180"))
#: Trusted reverse proxies in front of the application (0: the client talks to gunicorn directly).
BANLI_PROXY_COUNT = int(os.environ.get("BANLI_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "banli": {"handlers": ["console"], "level": os.environ.get("BANLI_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
