"""
Settings for newsroom, read from the environment with safe development defaults.

Production differs from development only by environment variables; see README.md.
https://docs.djangoproject.com/en/6.1/ref/settings/
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def read_env_file(path: Path) -> None:
    """Put the file's KEY=VALUE lines into the environment, never over a variable already there."""
    for line in path.read_text(encoding="utf-8").splitlines():
        key, equals, value = line.partition("=")
        if equals and not key.lstrip().startswith("#"):
            os.environ.setdefault(key.strip(), value.strip().strip("'\""))


# CORE

# `make run` writes a .env for development (a secret key of its own, DEBUG on), so that manage.py works in
# any shell afterwards. Read only without DJANGO_SECRET_KEY: production sets it, and has no such file.
if "DJANGO_SECRET_KEY" not in os.environ and (BASE_DIR / ".env").is_file():
    read_env_file(BASE_DIR / ".env")

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set: with DJANGO_DEBUG off the site refuses to start without one."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # nosec B105  # refused without DEBUG

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")

INSTALLED_APPS = [
    "newsroom.apps.NewsroomAdminConfig",  # Django's admin, with a rate-limited login
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so that runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Full-text search types; the app only acts on PostgreSQL connections.
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    # Django's tasks framework stores tasks in the database; `manage.py worker` runs them.
    "django_tasks_db",
    # Field-level history of the newsroom's records (newsroom.history), with the admin's views of it.
    "simple_history",
    "newsroom.apps.NewsroomConfig",  # staff roles and create_editor, beside the accounts
    "articles",
    "people",
]

MIDDLEWARE = [
    # Anonymous readers' pages to and from the cache (newsroom.caching), outside everything else, as Varnish
    # is: an entry holds every header the middleware below set on the miss. A request with a session
    # cookie passes on, as it passes Varnish. Under gunicorn, newsroom/wsgi.py answers hits before this.
    "newsroom.caching.PublicPageCacheMiddleware",
    # Before anything reads: which database this request reads from (only matters with a replica).
    "newsroom.routers.PinToPrimaryMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # WhiteNoise right after SecurityMiddleware: https://whitenoise.readthedocs.io/en/stable/django.html
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers 304 to a browser or CDN whose ETag still matches.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The reader's language, from the address (/az/, /ru/, /en/); `/` and old unprefixed addresses are
    # redirected by Accept-Language (that redirect is a 302 with Vary, never stored by the page cache, which
    # keeps only 200s, nor by Varnish). A cached page's key is its full URL, so holds its language.
    # https://docs.djangoproject.com/en/6.1/topics/i18n/translation/#how-django-discovers-language-preference
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Who made a change, for the records' history: the signed-in editor of the request that saved it.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",  # LANGUAGE_CODE, for <html lang>
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["articles.templatetags.newsroom"],
        },
    },
]


# DATABASES
# DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/newsroom; the default is a SQLite file.
# On PostgreSQL connections come from Django's psycopg pool (which needs CONN_MAX_AGE = 0):
# https://docs.djangoproject.com/en/6.1/ref/databases/#connection-pool
# CONN_HEALTH_CHECKS: a connection PostgreSQL dropped (a restart, a failover) is replaced before a request
# uses it, instead of failing that request; with the pool it is psycopg's check on each checkout.
# https://docs.djangoproject.com/en/6.1/ref/settings/#conn-health-checks

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=0,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DATABASE_POOL", default=True
):
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN_SIZE", "2")),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX_SIZE", "10")),
        "timeout": int(os.environ.get("DATABASE_POOL_TIMEOUT", "10")),
    }
# A read replica, when there is one (newsroom/routers.py): public reads there, writes on the primary.
# DATABASE_REPLICA_ROUTING=false keeps the alias but routes nothing to it (the test suite does this; the
# router's own tests switch it on).
if replica_url := os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(replica_url, conn_max_age=0, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if "pool" in DATABASES["default"].get("OPTIONS", {}) and "postgresql" in DATABASES["replica"]["ENGINE"]:
        DATABASES["replica"].setdefault("OPTIONS", {})["pool"] = DATABASES["default"]["OPTIONS"]["pool"]
    if env_bool("DATABASE_REPLICA_ROUTING", default=True):
        DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while the importer writes; IMMEDIATE avoids lock upgrades.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file too, not shared-cache memory, so that concurrent writers behave as in production.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# AUTH

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# INTERNATIONALIZATION

LANGUAGE_CODE = "en"
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True
# The interface's languages (README, "Languages"); English is the fallback for a reader who asks for none
# of them. Each language's catalogue is newsroom/locale/<code>/LC_MESSAGES/django.po (and its .mo).
LANGUAGES = [
    ("az", "Azərbaycanca"),
    ("ru", "Русский"),
    ("en", "English"),
]
LOCALE_PATHS = [BASE_DIR / "newsroom" / "locale"]
# Each language's own date formats (Russian months in the genitive: "30 ноября 2026"), by name in the
# templates: date:"DATE_FORMAT", date:"MONTH_FORMAT". https://docs.djangoproject.com/en/6.1/ref/settings/#format-module-path
FORMAT_MODULE_PATH = ["newsroom.formats"]


# STATIC
# https://whitenoise.readthedocs.io/en/stable/django.html

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("NEWSROOM_STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic's output
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


# SECURITY
# With DEBUG off the defaults are production's: HTTPS only, behind a proxy that sets X-Forwarded-Proto.
# `manage.py check --deploy` reports nothing for them (tests/test_security.py checks it).
# https://docs.djangoproject.com/en/6.1/howto/deployment/checklist/

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The proxy in front (nginx, a CDN) terminates TLS and says so in this header; never expose gunicorn directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600))
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Request bodies: the largest form is the admin's article form, whose body may be as long as the largest
# page the import takes (5 MB) and up to three times that URL-encoded (Cyrillic). Readers' comments are
# refused by the form past its length, without counting against the rate limit. The site takes no files:
# multipart requests over the limit are refused before they are read, and files are never kept.
# https://docs.djangoproject.com/en/6.1/ref/settings/#data-upload-max-memory-size
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
FILE_UPLOAD_HANDLERS = ["newsroom.uploads.NoFiles"]
# Links in readers' comments without a scheme become https:// links (Django's coming default).
URLIZE_ASSUME_HTTPS = True
# Django's Content Security Policy: nothing inline, nothing from elsewhere, never framed.
# https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The admin's address: somewhere less guessable than /admin/ in production.
ADMIN_URL = os.environ.get("NEWSROOM_ADMIN_URL", "admin/").strip("/") + "/"
# Login attempts one address may make in ADMIN_LOGIN_RATE_WINDOW seconds before getting 429.
ADMIN_LOGIN_RATE_LIMIT = int(os.environ.get("NEWSROOM_ADMIN_LOGIN_RATE_LIMIT", "10"))
ADMIN_LOGIN_RATE_WINDOW = int(os.environ.get("NEWSROOM_ADMIN_LOGIN_RATE_WINDOW", "900"))
# Behind a proxy, the header holding the reader's address (e.g. HTTP_X_FORWARDED_FOR; its last entry is
# the one the proxy saw). Empty: REMOTE_ADDR.
NEWSROOM_CLIENT_IP_HEADER = os.environ.get("NEWSROOM_CLIENT_IP_HEADER", "")

# Readers' addresses are kept only as an HMAC with this salt (for rate limits), never as they are.
NEWSROOM_CLIENT_SALT = os.environ.get("NEWSROOM_CLIENT_SALT", SECRET_KEY)
# Comments one address may post in COMMENT_RATE_WINDOW seconds before it gets 429 Too Many Requests.
COMMENT_RATE_LIMIT = int(os.environ.get("NEWSROOM_COMMENT_RATE_LIMIT", "5"))
COMMENT_RATE_WINDOW = int(os.environ.get("NEWSROOM_COMMENT_RATE_WINDOW", "600"))
# Comments close by themselves this many days after an article went out (an article may say otherwise).
COMMENTS_OPEN_DAYS = int(os.environ.get("NEWSROOM_COMMENTS_OPEN_DAYS", "30"))
# Reports one reader may make in COMMENT_REPORT_WINDOW seconds.
COMMENT_REPORT_LIMIT = int(os.environ.get("NEWSROOM_COMMENT_REPORT_LIMIT", "10"))
COMMENT_REPORT_WINDOW = int(os.environ.get("NEWSROOM_COMMENT_REPORT_WINDOW", "3600"))


# CACHES
# Redis when REDIS_URL is set, else a table in the database (made by migrate): either way one
# cache for every process, so that a change made in one (an approval in the admin, an import from the
# command line) is seen by all. A cache in each process's own memory would let a second gunicorn worker
# serve a page the change made stale; each process keeps its hot pages in memory anyway (below).
# Anonymous public pages are cached whole for PAGE_CACHE_SECONDS, or until a record they show changes
# (newsroom.caching); Varnish in front keeps them as long (s-maxage).
PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "600"))
# Each app server process also keeps its last pages served (at most this many, none over 512 KB) and
# asks the shared cache only whether any of their keys changed since.
PAGE_CACHE_KEPT_PAGES = int(os.environ.get("NEWSROOM_PAGE_CACHE_KEPT_PAGES", "200"))
# Pages with a query string (filters, page numbers) stored at most this many between changes of the site;
# tracking parameters (utm_*, fbclid, gclid) are dropped first. More are served uncached.
PAGE_CACHE_QUERY_VARIANTS = int(os.environ.get("NEWSROOM_PAGE_CACHE_QUERY_VARIANTS", "1000"))

# Varnish in front (deploy/varnish/newsroom.vcl), e.g. http://127.0.0.1:6081/: where xkey purges of the
# changed records' keys are sent. Empty: no HTTP cache to tell.
NEWSROOM_HTTP_CACHE_URL = os.environ.get("NEWSROOM_HTTP_CACHE_URL", "")

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache_backends.RedisCache",  # one client a pool (see the module)
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "newsroom_cache",
        }
    }


# LOGGING

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# TASKS
# Background work (scheduled publishing) through Django's tasks framework, stored in the database by
# django-tasks-db so that nothing more is needed; `manage.py worker` runs them beside gunicorn. The RQ
# backend on Redis (django-tasks-rq) is this setting away. https://docs.djangoproject.com/en/6.1/topics/tasks/
TASKS = {"default": {"BACKEND": os.environ.get("NEWSROOM_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A task that fails runs again this many times in all, each after a longer wait; every failure's error
# stays in the admin's task results.
TASK_MAX_ATTEMPTS = int(os.environ.get("NEWSROOM_TASK_MAX_ATTEMPTS", "3"))
TASK_RETRY_SECONDS = int(os.environ.get("NEWSROOM_TASK_RETRY_SECONDS", "60"))
# How often the worker looks for scheduled articles whose time has come.
TASK_SCHEDULE_SECONDS = int(os.environ.get("NEWSROOM_TASK_SCHEDULE_SECONDS", "60"))

# EMAIL
# Followers' confirmations, digests and alerts, through Django 6.1's MAILERS. In development (DEBUG) they are
# printed to the console unless EMAIL_BACKEND says otherwise; else they go through EMAIL_HOST by SMTP.
# https://docs.djangoproject.com/en/6.1/topics/email/
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND}}
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "30")),
    }
del EMAIL_BACKEND  # Django 6.1 deprecates the EMAIL_* settings for MAILERS
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom <newsroom@localhost>")
# The site's address, for the links in emails (sent by the worker, which has no request to ask).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Follow requests one address may make in FOLLOW_RATE_WINDOW seconds before it gets 429.
FOLLOW_RATE_LIMIT = int(os.environ.get("NEWSROOM_FOLLOW_RATE_LIMIT", "5"))
FOLLOW_RATE_WINDOW = int(os.environ.get("NEWSROOM_FOLLOW_RATE_WINDOW", "3600"))

# CASES
# An open case whose latest dated event is older than this many days shows "last confirmed DATE": its
# status, flags and days in detention may no longer hold, and readers should know how old they are.
CASE_STALE_DAYS = int(os.environ.get("NEWSROOM_CASE_STALE_DAYS", "90"))

# The records' history (django-simple-history): a change's reason may be long (a withdrawal's reason, an
# import's file name), so it is text, not 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
