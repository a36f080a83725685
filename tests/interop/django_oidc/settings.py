"""Django settings of the minimal "Open Formulieren"-style relying party (run by flow.py in its own process).

Only what the OIDC login needs: sessions, mozilla-django-oidc, mozilla-django-oidc-db (the configuration
models Open Formulieren keeps its OIDC clients in) and django-digid-eherkenning's OIDC app (the option schemas of
"DigiD Machtigen (OIDC)"). PostgreSQL, as Open Formulieren runs on: the configuration models use its arrays."""

from __future__ import annotations

import os

SECRET_KEY = "interop-test-only"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
USE_TZ = True
ROOT_URLCONF = "tests.interop.django_oidc.urls"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "mozilla_django_oidc",
    "mozilla_django_oidc_db",
    "digid_eherkenning.oidc",
    "tests.interop.django_oidc.apps.RelyingPartyConfig",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("INTEROP_PG_DB", "postgres"),
        "HOST": os.environ["INTEROP_PG_HOST"],
        "PORT": os.environ["INTEROP_PG_PORT"],
        "USER": "postgres",
    }
}
# The backend Open Formulieren uses for every DigiD/eHerkenning OIDC login; the plugin decides what it does.
AUTHENTICATION_BACKENDS = ["mozilla_django_oidc_db.backends.OIDCAuthenticationBackend"]
# Open Formulieren's generic callback (since 3.0): /auth/oidc/callback/.
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc_authentication_callback"
OIDC_REDIRECT_ALLOWED_HOSTS = ["testserver"]
LOGGING = {"version": 1, "disable_existing_loggers": False}
