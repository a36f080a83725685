"""A municipality's Django site with django-digid-eherkenning, as its quickstart documentation sets it up:
the apps it requires, sessionprofile for DigiD single logout (its middleware before SessionMiddleware), the
authentication backends, and the library's URLs. Nothing here is simulator-specific; the state directory (the
database and the private media holding the certificates) comes from the environment."""

import os
from pathlib import Path

STATE_DIR = Path(os.environ["MUNICIPALITY_STATE_DIR"])

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
TIME_ZONE = "Europe/Amsterdam"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # required for digid-eherkenning
    "privates",
    "simple_certmanager",
    "solo",
    # for DigiD single logout
    "sessionprofile",
    "digid_eherkenning",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "sessionprofile.middleware.SessionProfileMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(STATE_DIR / "db.sqlite3")}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STATIC_URL = "/static/"
PRIVATE_MEDIA_ROOT = str(STATE_DIR / "private-media")
PRIVATE_MEDIA_URL = "/private-media/"
MEDIA_ROOT = str(STATE_DIR / "media")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "digid_eherkenning.backends.DigiDBackend",
    # The library's eHerkenning backend, extended to keep whom the employee acts for (accounts/backends.py).
    "accounts.backends.EherkenningBackend",
]
LOGIN_URL = "/login-failed/"
LOGIN_REDIRECT_URL = "/whoami/"
LOGOUT_REDIRECT_URL = "/logged-out/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
LOGGING = {
    "version": 1,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {"digid_eherkenning": {"handlers": ["stderr"], "level": "INFO"}, "onelogin": {"handlers": ["stderr"], "level": "WARNING"}},
}
