"""Settings of the real worker + beat started by test_worker_beat.py.

The test passes the PostgreSQL test database (REMINDER_TEST_DATABASE_URL), a private
queue (REMINDER_TEST_QUEUE) and a beat schedule file; beat runs the reminder task
every few seconds instead of at 07:00.
"""

import os

from config.settings.test import *  # noqa: F403
from config.settings.test import env

DATABASES = {"default": env.db("REMINDER_TEST_DATABASE_URL")}
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ["REMINDER_TEST_QUEUE"]
CELERY_BEAT_SCHEDULE = {
    "reports.send_deadline_reminders": {"task": "reports.send_deadline_reminders", "schedule": 3.0},
}
CELERY_BEAT_SCHEDULER = "celery.beat:PersistentScheduler"
