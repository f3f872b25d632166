"""Settings shared by every environment, read from environment variables.

Local development (`config.settings.local`), tests (`config.settings.test`) and
production (`config.settings.production`) import everything from here and override
only what differs.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Directory for everything the running portal writes: SQLite file, private uploads,
# Celery's file broker. Kept outside the source tree's public paths.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "common.admin_site.PortalAdminConfig",  # django.contrib.admin acting as the staff member
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "common",
    "accounts",
    "ventures",
    "programmes",
    "competitions",
    "awards",
    "ocop",
    "jobs",
    "loans",
    "events",
    "reports",
]

MIDDLEWARE = [
    # First, so a page's time is the whole request's (see SLOW_PAGE_MS).
    "common.middleware.SlowPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # In place of Django's LocaleMiddleware, which follows the browser's Accept-Language: the
    # language a person chose on their account, a visitor's language switch, else Vietnamese.
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# A strict Content-Security-Policy (django-csp) on the portal's own pages: templates carry
# no inline script or style, so only files served from this site run. Django's admin
# still has a few inline style attributes, so it is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "common.context_processors.portal",
                "accounts.context_processors.frame",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)


def prepared_statements(database: dict) -> dict:
    """On PostgreSQL, plan a query once per connection instead of on every request.

    The portal's pages run the same few queries again and again, and planning a join
    of six tables costs PostgreSQL more than running it (1.9 ms against 0.25 ms for a
    judge's scorecard). With server-side binding psycopg prepares a query the fifth
    time a connection runs it. Not for a pooler in transaction mode (set
    DB_PREPARED_STATEMENTS=false behind one).
    """
    if database["ENGINE"].endswith("postgresql") and env.bool("DB_PREPARED_STATEMENTS", default=True):
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return database


prepared_statements(DATABASES["default"])
# Behind a pooler in transaction mode (PgBouncer) a server-side cursor, which the large exports
# open with QuerySet.iterator(), outlives its transaction and its server connection with it:
# set DB_SERVER_SIDE_CURSORS=false there (the driver then reads such a result whole: more
# memory in the worker, no broken cursor).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not env.bool("DB_SERVER_SIDE_CURSORS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# How many reverse proxies (load balancers) stand in front of the portal, each appending
# the address it was reached from to X-Forwarded-For. 0 (the default): the portal is
# reached directly and X-Forwarded-For is ignored, since anyone can send one. Behind one
# load balancer: 1. The visitor's address (`common.antispam.client_address`) is the
# TRUSTED_PROXY_COUNT-th entry from the right; both the public forms' rate limit and the
# sign-in lock-out read it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXIES", default=0)

# Lock the pair (username, visitor address) after repeated wrong passwords, not the
# account: a stranger guessing a staff member's password locks only their own address,
# and the staff member still signs in from theirs. Not the address alone either: a
# province's staff often share one office NAT address. A password reset by email lifts
# the lock (accounts.views.PasswordResetConfirmView), and so can provincial staff (the
# admin's user list, action "Mở khoá đăng nhập").
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "common.antispam.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# The portal's catalogues first (`make messages` writes there); then the Vietnamese that
# Django's own admin catalogue lacks for its JavaScript widgets (djangojs only, see the file).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "common" / "admin_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))


def media_storage(env: environ.Env) -> dict:
    """The `default` storage of the private uploads, chosen by MEDIA_STORAGE.

    `filesystem` (the default): files under MEDIA_ROOT, a local folder or a volume that every
    web and worker host mounts. `s3`: a bucket of S3-compatible object storage (MinIO, a
    provider's S3) through django-storages, for hosts that share no disk. Either way no file
    has a public address: the bucket's objects get no ACL (they stay as private as the bucket,
    and providers that disable ACLs accept that), the storage makes no link to an object
    (common.storage.PrivateS3Storage; were one made, it would be signed and expire), and the
    portal streams every download through a view that checks permission
    (common.uploads.private_file_response). Names are never overwritten: a second upload of
    `ke-hoach.pdf` is stored under a new name.
    """
    kind = env.str("MEDIA_STORAGE", default="filesystem").strip().lower()
    if kind == "filesystem":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'filesystem' or 's3', not {kind!r}.")
    bucket = env.str("S3_BUCKET", default="").strip()
    if not bucket:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs S3_BUCKET, the name of the private bucket that holds the uploads "
            "(and S3_ENDPOINT_URL for storage other than Amazon S3)."
        )
    options = {
        "bucket_name": bucket,
        "location": env.str("S3_PREFIX", default="").strip("/"),
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        # Unset: boto3 finds them itself (AWS_* variables, an instance role).
        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
        # "path" for servers without a DNS name per bucket (MinIO on its own host name).
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        # A file read back (a download, a copy) spills from memory to a temporary file past this.
        "max_memory_size": 2 * 1024 * 1024,
    }
    return {"BACKEND": "common.storage.PrivateS3Storage", "OPTIONS": options}


# Uploads are private: stored under MEDIA_ROOT or in a private bucket (MEDIA_STORAGE), never
# served by URL, only through views that check permission (see common.uploads). There is
# no MEDIA_URL route.
STORAGES = {
    "default": media_storage(env),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "private-media")))
MEDIA_URL = "/private-media/"
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_PERMISSIONS = 0o640
# Where `manage.py backup` (make backup) writes its archives of the database and MEDIA_ROOT.
BACKUP_DIR = Path(env("BACKUP_DIR", default=str(VAR_DIR / "backups")))
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng Thanh niên Khởi nghiệp <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A hung mail server must not hold a worker past the email's claim (NOTIFICATION_EMAIL_CLAIM_
# STALE_SECONDS): the sweep would then send the same email a second time.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # The embedded default: the web process and the Celery worker are two processes, and
    # what one stores (a navigation bar and its stamp, a session, a form's rate counter) the
    # other must see. Each signed-in user keeps about three entries (session, stamp, bar):
    # Django's default of 300 entries would cull them at a hundred users.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": VAR_DIR / "cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# Sessions are read from the cache on every page and written through to the database,
# which stays the record (a flushed cache signs nobody out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Celery. With REDIS_URL the broker is Redis; without it, tasks either run eagerly in
# the web process (tests) or through the filesystem transport under VAR_DIR (make run),
# so a bare machine needs no broker.
# The file broker needs no host; naming localhost keeps kombu from warning that none was given.
CELERY_BROKER_URL = REDIS_URL or "filesystem://localhost//"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# A task is acknowledged when it ends, not when it starts, and a task whose worker process
# died is handed back to the broker: the work of a killed worker is delivered again. Every
# task that writes claims its rows (a conditional UPDATE with a time stamp), so a second
# delivery never runs the work twice at once.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_DIR = VAR_DIR / "celery"
# Redis hands an unacknowledged message (its worker was killed) to another worker after
# this many seconds; Redis's default is an hour. It must stay above the longest task's
# run time (a year's consolidated report takes under a minute): a message still running
# past it is delivered again, and that copy finds the row claimed and leaves it.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
# A claimed report or export whose stamp (refreshed as the work advances) is older than
# this belongs to a dead worker: the next run of its task, a redelivery or the sweep
# (`reports.reclaim_stale_outputs`) takes it up again, at most OUTPUT_MAX_ATTEMPTS times.
OUTPUT_CLAIM_STALE_SECONDS = env.int("OUTPUT_CLAIM_STALE_SECONDS", default=180)
OUTPUT_MAX_ATTEMPTS = env.int("OUTPUT_MAX_ATTEMPTS", default=3)
# An email claimed for sending this long ago and still not marked sent: its worker died.
NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS = env.int("NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS", default=300)
if REDIS_URL:
    # A worker looks for messages past their visibility timeout every 30 s (kombu's own
    # default scans only every 10 × 10 s), so a killed worker's task comes back within
    # about CELERY_VISIBILITY_TIMEOUT + 30 s.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 30,
        "unacked_restore_throttle": 1,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# The one beat schedule of the portal; each programme adds its periodic jobs here.
CELERY_BEAT_SCHEDULE = {
    "common.send_pending_notification_emails": {
        "task": "common.send_pending_notification_emails",
        "schedule": 300.0,
    },
    # Reports and exports left running by a dead worker (or whose message was lost) are run again.
    "reports.reclaim_stale_outputs": {
        "task": "reports.reclaim_stale_outputs",
        "schedule": 120.0,
    },
    # Every app's deadline reminders (reports gathers them from each app's deadlines.py).
    "reports.send_deadline_reminders": {
        "task": "reports.send_deadline_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Last month's consolidated report (Excel and PDF), stored and mailed to provincial staff.
    "reports.generate_monthly_consolidated_report": {
        "task": "reports.generate_monthly_consolidated_report",
        "schedule": crontab(day_of_month=1, hour=6, minute=0),
    },
}
# Monthly venture progress is due by this day of the following month (the plans
# ask units to report "trước ngày 05").
VENTURE_UPDATE_DUE_DAY = env.int("VENTURE_UPDATE_DUE_DAY", default=5)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

PORTAL_NAME = env("PORTAL_NAME", default="Cổng Đồng hành Thanh niên Khởi nghiệp")
# The name a phone shows in its one-line top bar (the full name is too long for 390 px).
PORTAL_SHORT_NAME = env("PORTAL_SHORT_NAME", default="Cổng Khởi nghiệp")
PORTAL_PROVINCE = env("PORTAL_PROVINCE", default="Sơn La")

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
# Absolute links in emails, certificates and QR codes. Set: used as is. Unset: the address
# `make run HOST=… PORT=…` serves (the Makefile exports PORTAL_RUN_ADDRESS to the web process and
# the worker alike), else runserver's default.
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="") or f"http://{env('PORTAL_RUN_ADDRESS', default='127.0.0.1:8000')}"

# What to watch (README, "What to watch"). A page slower than this many milliseconds is
# logged on "portal.slow" (common.middleware.SlowPageMiddleware). `manage.py portal_status`
# asks for attention past these: messages waiting in the Celery queue, the age of the
# oldest email not sent, reports and exports failed in the last 24 hours.
SLOW_PAGE_MS = env.int("SLOW_PAGE_MS", default=1000)
STATUS_QUEUE_MAX = env.int("STATUS_QUEUE_MAX", default=100)
STATUS_EMAIL_MAX_AGE_SECONDS = env.int("STATUS_EMAIL_MAX_AGE_SECONDS", default=900)
STATUS_FAILED_OUTPUTS_MAX = env.int("STATUS_FAILED_OUTPUTS_MAX", default=0)

# Public forms (job seekers, employers, event registration): submissions per visitor
# address (see TRUSTED_PROXY_COUNT) per window, counted by django-ratelimit in the cache.
PUBLIC_FORM_RATE_LIMIT = env.int("PUBLIC_FORM_RATE_LIMIT", default=30)
PUBLIC_FORM_RATE_WINDOW = 3600  # seconds
