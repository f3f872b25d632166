"""Test settings: SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import env, prepared_statements

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))
# Whatever a local .env says (MEDIA_STORAGE=s3 would reach a real bucket): tests of the
# bucket switch it on themselves, against moto.
STORAGES = {**STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
# Static files come from the finders in tests (live_server serves them); an empty
# STATIC_ROOT keeps whitenoise from warning that no collected files exist.
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-static-"))
CELERY_TASK_ALWAYS_EAGER = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env("DATABASE_URL", default=""):
    DATABASES = {"default": prepared_statements(env.db("DATABASE_URL"))}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
LANGUAGE_CODE = "vi"
AXES_FAILURE_LIMIT = 3
# Whatever a local .env says: tests that stand behind a proxy set it themselves.
TRUSTED_PROXY_COUNT = 0
