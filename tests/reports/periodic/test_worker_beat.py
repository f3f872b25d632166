"""End to end with a real `celery worker -B` (embedded beat) on Redis, against the
PostgreSQL test database: beat fires the reminder task, the worker sends the reminder
once even though beat fires it again and again. Skipped without REDIS_URL and a
PostgreSQL DATABASE_URL (a subprocess cannot see an in-memory SQLite database)."""

import datetime
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Membership
from common.history import system_actor
from common.models import Notification
from reports.models import ReminderLog, ReportField, ReportingSchedule
from reports.periodic import services
from tests.factories import UnitFactory, user_with_role

ROOT = Path(__file__).resolve().parents[3]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: needs a real Redis broker"),
]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_worker_and_beat_send_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("the worker subprocess needs the PostgreSQL test database (set DATABASE_URL)")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    if (tomorrow.month, tomorrow.day) == (2, 29):
        pytest.skip("29/02 is not a valid fixed yearly date")
    province = UnitFactory(name="Tỉnh đoàn", code="tinh-doan", kind="province")
    commune = UnitFactory(name="Đoàn xã Bảo Thắng", code="bao-thang", kind="commune", parent=province)
    officer = user_with_role(Membership.Role.OFFICER, commune, username="baothang")
    schedule = ReportingSchedule.objects.create(
        owner=province,
        name="Báo cáo năm",
        frequency=ReportingSchedule.Frequency.YEARLY,
        due_kind=ReportingSchedule.DueKind.FIXED,
        due_day=tomorrow.day,
        due_month=tomorrow.month,
        unit_kinds=["commune"],
        active_from=datetime.date(tomorrow.year, 1, 1),
    )
    ReportField.objects.create(schedule=schedule, code="so_lieu", label="Số liệu")
    services.periods_ensure(schedule=schedule, until=tomorrow, actor=system_actor())

    workdir = Path(tempfile.mkdtemp(prefix="reminder-worker-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.reports.periodic.worker_settings",
        "REMINDER_TEST_DATABASE_URL": _database_url(),
        "REMINDER_TEST_QUEUE": f"reminders-{uuid.uuid4().hex}",
        "PYTHONPATH": str(ROOT),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "--pool=solo", "--concurrency=1",
        "--without-gossip", "--without-mingle", "--loglevel=INFO",
        "-Q", env["REMINDER_TEST_QUEUE"], "-s", str(workdir / "beat-schedule"),
    ]  # fmt: skip
    log = (workdir / "worker.log").open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not Notification.objects.filter(recipient=officer).exists():
            if process.poll() is not None:
                break
            time.sleep(0.5)
        time.sleep(7)  # beat fires again at least twice: still one reminder
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
    output = (workdir / "worker.log").read_text()[-3000:]
    assert ReminderLog.objects.filter(user=officer, offset=-1).count() == 1, output
    (note,) = Notification.objects.filter(recipient=officer)
    assert note.key == f"reminder:reports.unit:{schedule.periods.get().pk}:{commune.pk}:-1"
    assert "còn 1 ngày" in note.title
