"""All settings. The environment is read through strict helpers that fail loudly on bad values.

With no environment at all this is a local development setup (DEBUG on, loopback hosts).
With DJANGO_DEBUG=false, DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS must be set, and the
HTTPS settings default to what `manage.py check --deploy` asks for: TLS is terminated in
front of gunicorn (see the HTTPS section below for the flags that adapt this).
"""

from __future__ import annotations

import os
from pathlib import Path

import django
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.strip().lower() in TRUE_WORDS:
        return True
    if value.strip().lower() in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, "").strip()
    if value:
        return value
    if default is None:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is false.")
    return default


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    if items:
        return items
    if default is None:
        raise ImproperlyConfigured(
            f"{name} must be set (comma-separated) when DJANGO_DEBUG is false."
        )
    return default


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()):
        raise ImproperlyConfigured(f"{name} must be a whole number (0 or more), not {value!r}.")
    return int(value)


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-local-development-key" if DEBUG else None)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else None
)

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "planner",
]
if django.VERSION < (6, 0):  # Django 6 has template partials built in
    INSTALLED_APPS.append("template_partials")

MIDDLEWARE = [
    # The header middleware come first, so that problems replacing error pages get them too.
    "django.middleware.security.SecurityMiddleware",
    "planner.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "planner.api.middleware.ProblemMiddleware",  # no HTML error page under /api/
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.common.CommonMiddleware",
    "planner.middleware.PageCsrfViewMiddleware",  # Django's, for POST only
    "django_htmx.middleware.HtmxMiddleware",
]
# The check looks for Django's CSRF middleware by name; PageCsrfViewMiddleware is that class,
# checking POST only (tests/test_pages_hardening.py proves a POST without the token refused).
SILENCED_SYSTEM_CHECKS = ["security.W003"]

ROOT_URLCONF = "planner.urls"
WSGI_APPLICATION = "planner.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
            ],
            # {% joined %}: a long line of a template written on several (templatetags/joined.py)
            "builtins": ["planner.templatetags.joined"],
        },
    },
]
if django.VERSION < (6, 0):  # the {% partialdef %} tags as builtins, as on Django 6
    TEMPLATES[0]["OPTIONS"]["builtins"].insert(  # type: ignore[index]
        0, "template_partials.templatetags.partials"
    )

# The planner keeps no state: no database is used.
DATABASES: dict[str, dict[str, object]] = {}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
if not DEBUG:  # hashed names, compressed copies, cached for a year; needs collectstatic
    STORAGES = {
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Largest request body the API reads (bytes): room for 100,000 in-use entries.
PLANNER_MAX_BODY_BYTES = env_int("PLANNER_MAX_BODY_BYTES", 4 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = PLANNER_MAX_BODY_BYTES
# The estate page posts 200 endpoint rows of seven fields, and the registry's.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000

# --- Serving: `make serve` runs nginx in front of gunicorn (planner/serve.py) ---------------
# nginx closes a connection whose request headers or body do not arrive within this many
# seconds, and one that takes longer to read an answer or stays idle between requests.
PLANNER_CLIENT_TIMEOUT_SECONDS = env_int("PLANNER_CLIENT_TIMEOUT_SECONDS", 10)
# Requests one client address may have in progress at once (idle connections do not count).
PLANNER_REQUESTS_PER_CLIENT = env_int("PLANNER_REQUESTS_PER_CLIENT", 32)

# --- HTTPS and security headers ------------------------------------------------------------
# TLS is terminated in front of the planner. Behind a proxy that sets X-Forwarded-Proto, set
# DJANGO_BEHIND_PROXY=true: then, and only then, forwarded headers are trusted (by Django, by
# gunicorn and by the nginx of `make serve`). For a plain-http try-out on loopback,
# DJANGO_SECURE_SSL_REDIRECT=false.
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain http
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by planner.middleware: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "one_line": {
            "()": "planner.logs.WithoutTraceback",
            "format": "%(levelname)s %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "formatter": "one_line"},
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Any client can send a Host header that is not allowed: one line each, no traceback.
        "django.security.DisallowedHost": {
            "handlers": ["one_line"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}
