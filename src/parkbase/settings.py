"""Django settings. Everything a deployment changes comes from PARKBASE_* variables
(see parkbase.env) or DATABASE_URL; nothing else is read from the environment."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from parkbase.core.clock import read_as_of
from parkbase.env import env_bool, env_int, env_list, env_path, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = env_path("DATA_DIR", "./var")
# the date the park runs as of (the demo: its story's end); none: today
AS_OF = read_as_of(DATA_DIR, env_str("AS_OF"))


def _secret_key() -> str:
    configured = env_str("SECRET_KEY")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "huey.contrib.djhuey",
    "parkbase.core",
    "parkbase.enterprises",
    "parkbase.imports",
    "parkbase.surveys",
    "parkbase.evaluation",
    "parkbase.projects",
    "parkbase.land",
    "parkbase.indicators",
    "parkbase.reports",
    "parkbase.documents",
    "parkbase.demo",
]

MIDDLEWARE = [
    "parkbase.core.middleware.ScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

AUTHENTICATION_BACKENDS = ["parkbase.core.auth.ScopedModelBackend"]

ROOT_URLCONF = "parkbase.urls"
WSGI_APPLICATION = "parkbase.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "parkbase.core.clock.clock",
            ],
        },
    },
]


# a filter's empty choice: the filter is not applied
FILTERS_EMPTY_CHOICE_LABEL = _("any")


def _databases() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
        if config["ENGINE"].endswith("postgresql"):
            # JIT compiling costs tens of ms per query and pays only in long analytic
            # queries; a page's short queries are what this server runs
            options = config.setdefault("OPTIONS", {})
            options.setdefault("options", "-c jit=off")
            config.setdefault("TEST", {})["NAME"] = env_str("TEST_DB_NAME") or None
            if not config["TEST"]["NAME"]:
                del config["TEST"]["NAME"]
        return {"default": config}
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "parkbase.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA busy_timeout=5000; PRAGMA cache_size=-65536;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the package so `parkbase serve` works without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["parkbase.core.api.permissions.ScopedPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "parkbase.core.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "parkbase.core.api.filters.StrictQueryParamsBackend",
        "django_filters.rest_framework.DjangoFilterBackend",
    ],
    "DEFAULT_PAGINATION_CLASS": "parkbase.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "parkbase.core.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "parkbase API",
    "DESCRIPTION": "Enterprises, yearly data, survey campaigns and concerns, and the "
    "park's reference data. "
    "Every endpoint returns only what the caller may see.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["parkbase.core.api.permissions.ReadsTheWholeApi"],
    # swagger-ui and redoc ship inside drf-spectacular-sidecar: no CDN, works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # several models have a "status" with its own choices: name each set
    "ENUM_NAME_OVERRIDES": {
        "EnterpriseStatusEnum": "parkbase.enterprises.choices.Status",
        "CampaignStatusEnum": "parkbase.surveys.choices.CampaignStatus",
        "AssignmentStatusEnum": "parkbase.surveys.choices.AssignmentStatus",
        "ConcernStatusEnum": "parkbase.surveys.choices.ConcernStatus",
        "ProjectStatusEnum": "parkbase.projects.choices.ProjectStatus",
        "BlockerStatusEnum": "parkbase.projects.choices.BlockerStatus",
        "BlockerCategoryEnum": "parkbase.projects.choices.BlockerCategory",
        "InvestorKindEnum": "parkbase.projects.choices.InvestorKind",
        "ActivityKindEnum": "parkbase.projects.choices.ActivityKind",
        "FundKindEnum": "parkbase.projects.choices.FundKind",
        "ProjectSourceEnum": "parkbase.projects.choices.ProjectSource",
        "FundSourceEnum": "parkbase.projects.choices.FundSource",
        "LandUseEnum": "parkbase.land.choices.LandUse",
        "ParcelStatusEnum": "parkbase.land.choices.ParcelStatus",
        "ApprovalKindEnum": "parkbase.land.choices.ApprovalKind",
        "ApprovalStatusEnum": "parkbase.land.choices.ApprovalStatus",
        "ConstraintKindEnum": "parkbase.land.choices.ConstraintKind",
        # the names these had before the projects app brought its own sets
        "CategoryEnum": "parkbase.surveys.choices.ConcernCategory",
        "SourceEnum": "parkbase.enterprises.choices.Source",
        "ReturnSourceEnum": "parkbase.enterprises.choices.ReturnSource",
        "ReturnBasisEnum": "parkbase.enterprises.choices.ReturnBasis",
    },
}

_redis_url = env_str("REDIS_URL")
if _redis_url:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "parkbase", "url": _redis_url}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "parkbase",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
    }
HUEY["immediate"] = env_bool("TASKS_IMMEDIATE", False)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# The monthly figures' index includes the year-to-date values for PostgreSQL's
# index-only reads; SQLite keeps its key columns, which is all it needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

PARKBASE_PAGE_SIZES = (25, 50, 100, 200)
# What a spreadsheet may hold before it is read (imports/reader/bounds.py): the size a
# sheet or the shared strings unpack to (and of an .xls or CSV file), the cells with a
# value (and the rectangle up to the farthest), one cell's length, one CSV line.
PARKBASE_IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 200)
PARKBASE_IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 10_000_000)
PARKBASE_IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 32_767)
PARKBASE_IMPORT_MAX_LINE_CHARS = env_int("IMPORT_MAX_LINE_CHARS", 1_048_576)
# An import job being checked or written whose heartbeat is older than this is ended
# as failed when the jobs are next read (its worker died): imports/endings.py.
PARKBASE_IMPORT_STALE_MINUTES = env_int("IMPORT_STALE_MINUTES", 15)
PARKBASE_TITLE = _("parkbase")
# A base-map tile server for the land map (e.g. one on the intranet,
# "https://tiles.example/{z}/{x}/{y}.png"); none by default: the map works offline.
PARKBASE_TILE_URL = env_str("TILE_URL")

# The document library (documents/): the largest file it keeps; the bounds of a zip
# container (Word, Excel, OpenDocument: what its parts unpack to, how many parts);
# how much of a file its text is read from (pages, seconds, pages read by OCR); the
# optional converters, by the name of their program on the PATH ("" : not used);
# LibreOffice's time for one file; the width of a page image the preview renders.
PARKBASE_DOCUMENT_MAX_MB = env_int("DOCUMENT_MAX_MB", 100)
PARKBASE_DOCUMENT_MAX_UNPACKED_MB = env_int("DOCUMENT_MAX_UNPACKED_MB", 200)
PARKBASE_DOCUMENT_MAX_PARTS = env_int("DOCUMENT_MAX_PARTS", 10_000)
PARKBASE_DOCUMENT_TEXT_PAGES = env_int("DOCUMENT_TEXT_PAGES", 2000)
PARKBASE_DOCUMENT_TEXT_SECONDS = env_int("DOCUMENT_TEXT_SECONDS", 600)
PARKBASE_DOCUMENT_OCR_PAGES = env_int("DOCUMENT_OCR_PAGES", 100)
PARKBASE_DOCUMENT_SOFFICE = env_str("DOCUMENT_SOFFICE", "soffice")
PARKBASE_DOCUMENT_TESSERACT = env_str("DOCUMENT_TESSERACT", "tesseract")
PARKBASE_DOCUMENT_CONVERT_SECONDS = env_int("DOCUMENT_CONVERT_SECONDS", 120)
PARKBASE_DOCUMENT_PAGE_WIDTH = env_int("DOCUMENT_PAGE_WIDTH", 1200)
