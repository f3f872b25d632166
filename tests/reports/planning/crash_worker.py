"""The Celery app of the worker that `test_worker_crash.py` starts and kills with SIGKILL.

It is the portal's own app. Only where the test asks (environment variables set for the
first worker alone) is one step made slow, so the test has time to kill the worker while
the row is claimed: after computing a report's figures (at 50% for an export), or inside
the SMTP send of an email.
"""

from __future__ import annotations

import os
import time

from celery import signals
from django.core.mail.backends.filebased import EmailBackend as FileEmailBackend

from config.celery import app

__all__ = ["SlowFileEmailBackend", "app"]

SLOW_REPORT_SECONDS = float(os.environ.get("CRASH_TEST_SLOW_REPORT_SECONDS", "0"))
SLOW_EMAIL_SECONDS = float(os.environ.get("CRASH_TEST_SLOW_EMAIL_SECONDS", "0"))


class SlowFileEmailBackend(FileEmailBackend):
    """Writes each email to a file (the test counts them), after a pause if asked."""

    def send_messages(self, email_messages):
        if SLOW_EMAIL_SECONDS:
            time.sleep(SLOW_EMAIL_SECONDS)
        return super().send_messages(email_messages)


@signals.task_prerun.connect
def _slow_report_once_django_is_ready(**_kwargs) -> None:
    if not SLOW_REPORT_SECONDS:
        return
    from reports.planning import consolidated

    if getattr(consolidated.consolidated_data, "slowed_for_crash_test", False):
        return
    compute = consolidated.consolidated_data

    def slow(*, period, progress=None, now=None, **kwargs):
        data = compute(period=period, progress=progress, now=now, **kwargs)
        if progress is not None:
            progress(50)
        time.sleep(SLOW_REPORT_SECONDS)
        return data

    slow.slowed_for_crash_test = True
    consolidated.consolidated_data = slow
