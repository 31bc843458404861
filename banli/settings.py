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
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

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
    "banli.core",
    "banli.submissions",
    "banli.assignments",
    "banli.handling",
    "banli.evaluation",
    "banli.textindex",
    "banli.documents",
    "banli.notifications",
    "banli.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle logout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Passwords -----------------------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "banli": {"handlers": ["console"], "level": os.environ.get("BANLI_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR"},
    },
}
