"""One settings file, read from the environment (django-environ).

DEBUG is off unless the environment says `DEBUG=true`: a server started with nothing set does
not run in debug mode (it then needs SECRET_KEY). `make run`, `make test` (and pytest, through
pytest.ini) set DEBUG=true, and with DEBUG=true nothing else is needed: SQLite file, Celery eager.
Production sets DATABASE_URL, REDIS_URL, SECRET_KEY and ALLOWED_HOSTS. See `.env.example`.
"""

import os
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

TRUE_WORDS, FALSE_WORDS = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}


def strict_bool(name, default):
    """A boolean from the environment: true/false, 1/0, yes/no, on/off (any case). Anything else
    (a typo such as DEBUG=ture) stops the start-up instead of silently meaning false."""
    raw = env.str(name, default="").strip().lower()
    if raw == "":
        return default
    if raw in TRUE_WORDS | FALSE_WORDS:
        return raw in TRUE_WORDS
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use true or false.")


DEBUG = strict_bool("DEBUG", default=False)
# Without DEBUG a server needs SECRET_KEY: `ocop_portal.serving.require_secret_key` stops
# runserver, the WSGI and the ASGI application when it is missing. Other commands (migrate,
# makemigrations --check, load_criteria) do not sign anything and run without it.
SECRET_KEY = env.str(
    "SECRET_KEY", default="insecure-dev-key-only-for-the-embedded-default-never-in-production" if DEBUG else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The top floor first: its `runserver` (which refuses to serve without SECRET_KEY when DEBUG is
    # off) takes precedence over staticfiles'. It has no templates or static files to shadow.
    "ocop_portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "ocop_portal.core",
    "producers",
    "evaluations",
    "rewards",
    "ocop_portal.webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop_portal.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Deny by default: every page needs a login unless its view is marked `login_not_required`.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "ocop_portal.urls"

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
                "ocop_portal.navigation.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "ocop_portal.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # A test database of its own per test run, so that two runs at once (a developer's and a CI
    # clone's) never share one.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = env.str(
        "TEST_DATABASE_NAME", default=f"test_ocop_portal_{os.getpid()}_{secrets.token_hex(3)}")

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "ocop_portal.core.auth.CaseInsensitiveModelBackend",  # a producer's user name is their email, typed in any case
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# Uploaded dossier evidence and producers' documents: outside every served directory, read back
# only through views that ask the access layer (never by URL).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "var" / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = strict_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Behind a TLS-terminating proxy: set these in production (HSTS is hard to undo; start small).
SECURE_SSL_REDIRECT = strict_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = strict_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if strict_bool("BEHIND_TLS_PROXY", default=False) else None

# --- Email ---------------------------------------------------------------------------------
# Notifications to producers. The console backend by default; production sets EMAIL_URL
# (smtp://user:password@host:587/?tls=True) or the backend itself.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OCOP <no-reply@ocop.localhost>")
EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600
# The portal's address as users reach it: links in emails (and, later, in certificates' QR codes).
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")  # a sign-up link works for three days

# --- Celery and the cache -----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# The cache holds the API's and the public pages' rate counters: shared by every app server
# through Redis in production, in-process on the embedded defaults. The tests use their own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                      "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ocop")} if REDIS_URL
          else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker the embedded default runs tasks in-process, at once.
CELERY_TASK_ALWAYS_EAGER = strict_bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task taken by a worker that dies (killed, out of memory) goes back to the queue once this many
# seconds pass without its acknowledgement; longer than any task runs (at most 150 s) or waits for
# a retry (at most 20 s), so that nothing is delivered twice while it is still running.
# Redis looks for such tasks every `unacked_restore_interval` × `unacked_restore_throttle` seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
                                   "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=10),
                                   "unacked_restore_throttle": 1 if env.int("CELERY_RESTORE_INTERVAL", default=0) else 10}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The queue this deployment's workers read; a test run uses a queue of its own (conftest.py).
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="ocop")

# --- Webhooks (the offices' URLs told of their dossiers' moves) --------------------------------
# Plain http:// URLs only in development (a receiver on the developer's machine); production
# accepts https:// only unless this says otherwise.
WEBHOOKS_ALLOW_HTTP = strict_bool("WEBHOOKS_ALLOW_HTTP", default=DEBUG)

# --- API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "ocop_portal.core.api_auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend", "rest_framework.filters.OrderingFilter"],
    "DEFAULT_PAGINATION_CLASS": "ocop_portal.core.api_auth.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["ocop_portal.core.api_auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_THROTTLE_RATE", default="1200/minute")},
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser", "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "ocop_portal.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP portal API",
    "DESCRIPTION": "Đánh giá, phân hạng sản phẩm OCOP — API v1",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, so that a generated client gets one type for each.
    "ENUM_NAME_OVERRIDES": {
        "ProducerKindEnum": "producers.models.ProducerKind",
        "ApplicationKindEnum": "evaluations.models.ApplicationKind",
        "ApplicationStatusEnum": "evaluations.models.ApplicationStatus",
        "EntryKindEnum": "rewards.models.EntryKind",
        "StarEnum": "evaluations.models.STAR_CHOICES",
        "RewardStarEnum": "rewards.models.REWARD_STARS",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "SECURITY": [{"tokenAuth": []}],
}

# One handler, on the root logger. Django's own loggers ("django", "django.request", …) keep no
# handler of their own and propagate to it, so every line is printed once.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"handlers": [], "level": env.str("LOG_LEVEL", default="WARNING"), "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
