"""Settings of the real worker started (and killed) by test_worker_crash.py.

The test passes the PostgreSQL test database, a Redis broker of its own (a database
index no other test uses, so this worker's short visibility timeout hands back no other
test's messages), a private queue, the media folder and a folder for the emails.
Claims go stale after 3 s and Redis redelivers after 5 s, so the test takes seconds.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import env

DATABASES = {"default": env.db("CRASH_TEST_DATABASE_URL")}
MEDIA_ROOT = os.environ["CRASH_TEST_MEDIA_ROOT"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["CRASH_TEST_BROKER_URL"]
CELERY_TASK_DEFAULT_QUEUE = os.environ["CRASH_TEST_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 5,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
OUTPUT_CLAIM_STALE_SECONDS = 3
NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS = 3
EMAIL_BACKEND = "tests.reports.planning.crash_worker.SlowFileEmailBackend"
EMAIL_FILE_PATH = os.environ["CRASH_TEST_MAIL_DIR"]
