"""Settings of the portal under load: the test settings made production-like.

DEBUG off, the bench URLs (portal + floor views), the database from DATABASE_URL (the
runner points it at the seeded SQLite file or the `portal_bench` PostgreSQL database),
persistent connections, static files through whitenoise. Passwords keep the test
settings' fast hasher so that signing in does not drown the pages being measured;
axes stays on (its queries are part of signing in) with a limit no run reaches.
"""

from config.settings.test import *  # noqa: F403
from config.settings.test import env, prepared_statements

DEBUG = False
ROOT_URLCONF = "tests.bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES = {"default": prepared_statements(env.db("DATABASE_URL"))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
AXES_FAILURE_LIMIT = 10_000
WHITENOISE_USE_FINDERS = True
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Two workers write to one file: wait for the lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=30, transaction_mode="IMMEDIATE")
