"""Settings for the conflict reports API, driven by environment variables.

SQLite is the default so that a fresh checkout runs at once; set DATABASE_URL
to a postgres:// URL in production.
"""

import datetime
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Required in production: the WSGI and ASGI entry points refuse to start without it, and
# Django refuses to sign anything with an empty key. Tooling that signs nothing
# (migrations, the schema) runs without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Development only: a key that is obviously not a secret.
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "simple_history",
    "axes",
    "import_export",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "reports",
    "api.apps.ApiConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "api.middleware.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as axes requires: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conflict.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "conflict.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # A connection kept between requests may have been ended by the server since the last
        # one; checked before a request's first query, that is a new connection, not a 500.
        # On PostgreSQL the check costs no round trip while the connection is sound (conflict/postgresql/).
        conn_health_checks=True,
    )
}
# A request either writes everything it asked for or nothing. The API's viewsets read without a
# transaction and open one for a write themselves (api/transactions.py).
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles a big query's expressions before running it: 0.7 to 5 s on the
    # casualty summary at a million figures (bench/), far more than it saves on this API's queries.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Django's, with a health check that looks at the socket before it sends SELECT 1 (its module).
    DATABASES["default"]["ENGINE"] = "conflict.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins lock out one username from one address for a while; another user, or the
# same user elsewhere, can still sign in. AxesStandaloneBackend only refuses locked-out
# attempts, ModelBackend does the authenticating. authenticate() must be given the request
# (the admin login form does; Django's test Client.login() does not, use force_login()).
# API tokens (knox) and DRF's session authentication never call authenticate(), so a
# lockout does not touch them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "conflict.client_ip.client_ip"
# A successful login clears the failures before it, so a curator's typos do not add up.
AXES_RESET_ON_SUCCESS = True

# The admin's import and export (django-import-export): a file is written in one transaction,
# once a dry run of all its rows found no error; importing needs the model's add permission,
# exporting its view permission.
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Request bodies above this size are refused before they are parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("MAX_BODY_BYTES", str(1024 * 1024)))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Anyone may read; a write needs a signed-in user with the model's add, change or delete permission.
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.backends.StrictDjangoFilterBackend",
        "api.filters.backends.StableOrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # A list is also CSV and GeoJSON (api/exports.py); an unknown ?format= is a 400 naming it.
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.renderers.FormatNegotiation",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
    "ORDERING_PARAM": "ordering",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

REST_KNOX = {
    "TOKEN_TTL": None,  # each token gets its own expiry when it is issued
    "AUTH_HEADER_PREFIX": "Token",
}

# Rate limits: past its rate a client gets a 429 with Retry-After. Anonymous clients are
# counted by address, signed-in ones by user. The counts live in the cache: Redis when
# REDIS_URL is set, shared by every worker; otherwise each process's memory, where every
# worker allows the full rate.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
REST_FRAMEWORK |= {
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttling.AnonRateThrottle",
        "api.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("THROTTLE_ANON_RATE", "120/min"),
        "user": os.environ.get("THROTTLE_USER_RATE", "600/min"),
    },
    # How many proxies in front of the app append to X-Forwarded-For: the client's address is
    # the one the outermost of them saw. 0 counts REMOTE_ADDR, and ignores the header, which a
    # client could otherwise fill with a new address on every request.
    "NUM_PROXIES": int(os.environ.get("NUM_PROXIES", "0")),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Conflict reports API",
    "DESCRIPTION": (
        "Structured, sourced records of conflict reporting: attacks, casualty figures, "
        "statements and force deployments. Every figure keeps its uncertainty, its "
        "claimants and its source documents."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SourceKindEnum": "reports.choices.SourceKind",
        "ActorKindEnum": "reports.choices.ActorKind",
        "LocationKindEnum": "reports.choices.LocationKind",
        "DatePrecisionEnum": "reports.choices.DatePrecision",
        "QualifierEnum": "reports.choices.Qualifier",
        "RankEnum": "reports.choices.Rank",
        "ConfidenceEnum": "reports.choices.Confidence",
        "CasualtyKindEnum": "reports.choices.CasualtyKind",
        "PopulationEnum": "reports.choices.Population",
        "AgeGroupEnum": "reports.choices.AgeGroup",
        "DamageEnum": "reports.choices.Damage",
        "WaveKindEnum": "reports.choices.WaveKind",
        "ChannelEnum": "reports.choices.Channel",
        "SpeechActEnum": "reports.choices.SpeechAct",
        "DeploymentStatusEnum": "reports.choices.DeploymentStatus",
        "RemovalReasonEnum": "reports.choices.RemovalReason",
        # The GeoJSON exports' FeatureCollection (api/schema.py).
        "FeatureCollectionTypeEnum": ["FeatureCollection"],
        "SummaryGroupingEnum": "reports.choices.SummaryGrouping",
        "LocationScopeEnum": "reports.choices.LocationScope",
        "ResourceEnum": "api.resources.RESOURCE_CHOICES",
        "FigureTypeEnum": "reports.choices.FigureType",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors_and_versions",
    ],
}

if not DEBUG:
    # HTTPS only; `manage.py check --deploy` passes with the defaults.
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    # A proxy in front terminates TLS and says so in X-Forwarded-Proto, so the app must be
    # reachable only through it. A request that came over plain HTTP is redirected to HTTPS;
    # set SECURE_SSL_REDIRECT=false where the proxy redirects it itself.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if not SECURE_SSL_REDIRECT:
        # The proxy redirects, as the check's warning suggests.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    # Browsers remember HSTS for SECURE_HSTS_SECONDS: serve every subdomain over HTTPS before
    # deploying, or turn the subdomains off. Preload takes effect once the domain is submitted
    # to the browsers' preload list, and is slow to undo.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
