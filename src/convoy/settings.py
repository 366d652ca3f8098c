"""Django settings for Convoy, read from environment variables.

The defaults run Convoy air-gapped on one machine: an embedded SQLite database under `var/`.
`DATABASE_URL=postgres://...` switches to PostgreSQL for a whole coalition. DEBUG is off unless
`CONVOY_DEBUG=1` asks for it.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from convoy.api.error_shapes import ERROR_COMPONENTS

PROJECT_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("CONVOY_VAR_DIR", PROJECT_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def _secret_key() -> str:
    """The key from the environment, else one generated once and kept under var/.

    A single-machine install keeps working across restarts without anyone handling secrets.
    """
    if key := os.environ.get("CONVOY_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


DEBUG = _flag("CONVOY_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = os.environ.get("CONVOY_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("CONVOY_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "convoy.core.apps.SuperuserAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "convoy.core",
    "convoy.api",
    "convoy.catalog",
    "convoy.logistics",
    "convoy.donations",
    "convoy.repairs",
    "convoy.training",
    "convoy.funding",
    "convoy.development",
    "convoy.manning",
    "convoy.planning",
    "convoy.intake",
    "convoy.reports",
    "convoy.notifications",
    "convoy.web",
]

MIDDLEWARE = [
    # First, so that what it measures is the whole request (only with CONVOY_SERVER_TIMING=1).
    "convoy.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "convoy.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "convoy.core.middleware.PermissionsPolicyMiddleware",
    "convoy.core.middleware.AuditSourceMiddleware",
    # Last, so that it turns a sign-in refused during a lock into the page that says so.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "convoy.urls"
WSGI_APPLICATION = "convoy.wsgi.application"
ASGI_APPLICATION = "convoy.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'convoy.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONVOY_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two concurrent writers queue
    # instead of both reading stale quantities; the timeout lets the second one wait its turn.
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failures in a row, that account waits
# at that address (both together, so nobody can lock a colleague out from elsewhere).
AUTHENTICATION_BACKENDS = [
    "convoy.core.signin_locks.RequestOnlyAxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("CONVOY_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CONVOY_SIGNIN_LOCK_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "convoy.core.signin_locks.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# Each language named in itself, so the switcher reads right whatever page language is active.
LANGUAGES = [("en-gb", "English"), ("uk", "Українська")]
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
FORMAT_MODULE_PATH = ["convoy.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The cache (the home page's picture, sign-in throttling's helpers): per process by default; with
# several web hosts or processes, CONVOY_CACHE_URL=redis://host:6379/0 shares one Redis cache.
if CACHE_URL := os.environ.get("CONVOY_CACHE_URL", ""):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": CACHE_URL, "KEY_PREFIX": "convoy"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# `convoy worker` writes a heartbeat this often; /healthz calls the workers gone after the other.
CONVOY_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("CONVOY_WORKER_HEARTBEAT_SECONDS", "10"))
CONVOY_WORKER_STALE_SECONDS = int(os.environ.get("CONVOY_WORKER_STALE_SECONDS", "60"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("CONVOY_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Mail for notifications: printed to the console unless an SMTP host is given.
EMAIL_HOST = os.environ.get("CONVOY_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "CONVOY_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("CONVOY_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("CONVOY_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("CONVOY_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("CONVOY_EMAIL_TLS", default=True)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("CONVOY_EMAIL_FROM", "convoy@localhost")
#: Where Convoy is reached, for links in mails and webhook bodies.
CONVOY_SITE_URL = os.environ.get("CONVOY_SITE_URL", "http://127.0.0.1:8000")
#: The hour (in TIME_ZONE) after which each day's digest mails go out.
CONVOY_DIGEST_HOUR = int(os.environ.get("CONVOY_DIGEST_HOUR", "6"))



def _rate(name: str, default: str) -> str | None:
    """A request rate such as `600/minute` (per second, minute, hour or day); `off` for none."""
    value = os.environ.get(name, default).strip().lower()
    if value in {"", "off", "0", "none"}:
        return None
    number, _sep, period = value.partition("/")
    if not number.isdigit() or period not in {"s", "sec", "second", "m", "min", "minute", "h",
                                              "hour", "d", "day"}:
        raise ImproperlyConfigured(f"{name}={value!r}: give a rate such as 600/minute, or off.")
    return value


#: A Server-Timing header on every response (wall, CPU and database milliseconds): for measuring.
CONVOY_SERVER_TIMING = _flag("CONVOY_SERVER_TIMING")

# API throttling (convoy.api.throttling): requests per signed-in account, and per address for
# requests without an account; past it a 429 says how many seconds to wait.
CONVOY_API_RATES = {
    "user": _rate("CONVOY_API_RATE_USER", "1200/minute"),
    "anon": _rate("CONVOY_API_RATE_ANON", "60/minute"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "convoy.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "convoy.core.signin_locks.ThrottledBasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": [
        "convoy.api.throttling.AccountThrottle",
        "convoy.api.throttling.AddressThrottle",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "convoy.api.pagination.KeysFirstPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "convoy.api.base.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "convoy.api.schema.ConvoyAutoSchema",
    "DEFAULT_PARSER_CLASSES": [
        "convoy.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}

# The OpenAPI schema at /api/schema/ and its browsable docs at /api/docs/, whose scripts come
# from the installed sidecar package (no CDN: deployments may be air-gapped).
SPECTACULAR_SETTINGS = {
    "TITLE": "Convoy API",
    "DESCRIPTION": "Every record type of Convoy, read through the permission rule and written "
    "through the services. See the guide's API page (/help/api/).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "APPEND_COMPONENTS": ERROR_COMPONENTS,
    # Handovers and repair returns both say why units are short, with choices of their own.
    "ENUM_NAME_OVERRIDES": {
        "HandoverShortReasonEnum": "convoy.logistics.models.Handover.ShortReason",
        "HandoverRestEnum": "convoy.logistics.models.Handover.Rest",
        "RepairShortReasonEnum": "convoy.repairs.models.RepairOrder.ShortReason",
        "RepairRestEnum": "convoy.repairs.models.RepairOrder.Rest",
    },
}

# Production hardening; `manage.py check --deploy` runs against these in CI. CONVOY_HTTPS=0 is
# for a single machine served on plain http://127.0.0.1 (the README's run command).
HTTPS = _flag("CONVOY_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Content-Security-Policy (django-csp): scripts, styles, images and fonts from Convoy itself only,
# no inline code (a nonce is available as {{ request.csp_nonce }} should a page ever need one), no
# frames, forms that post only back to Convoy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Browser features Convoy never uses, refused for its pages and anything they might embed.
PERMISSIONS_POLICY = ("accelerometer=(), camera=(), display-capture=(), geolocation=(), "
                      "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
                      "usb=(), xr-spatial-tracking=()")

# Load balancers ask for /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CONVOY_LOG_LEVEL", "INFO")},
    # Axes logs every sign-in at INFO; its warnings (locks) are what an operator needs.
    "loggers": {"axes": {"level": "WARNING"}},
}
