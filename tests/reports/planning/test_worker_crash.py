"""A real Celery worker on Redis, killed with SIGKILL mid-task: its work is finished once.

Each test starts `celery worker --pool=solo` in a subprocess against the PostgreSQL test
database (settings `crash_worker_settings`, app `crash_worker`, which makes one step slow
in the first worker only), kills it with SIGKILL while the row is claimed, then lets the
portal take the work up again the way production does:

- the consolidated report: the next run of the monthly task (and the redelivered message);
- the staff export stuck at 50%: Redis redelivers the unacknowledged message;
- the email: the 5-minute sweep that beat runs, then the redelivered message sends nothing.

Skipped without REDIS_URL and a PostgreSQL DATABASE_URL (a subprocess cannot see an
in-memory SQLite database); CI runs them on its PostgreSQL + Redis run.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.db import connection

from common.models import Notification
from common.tasks import send_pending_notification_emails
from config.celery import app
from reports.models import ConsolidatedReport, ExportJob
from tests.clock import environment_without_faketime
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[3]
# A Redis database of its own: the test workers' 5 s visibility timeout must not hand
# back the in-flight messages of other tests (kombu's restore is per database).
CRASH_REDIS_DB = 13

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: needs a real Redis broker"),
]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _broker_url() -> str:
    parts = urllib.parse.urlsplit(os.environ["REDIS_URL"])
    return urllib.parse.urlunsplit(parts._replace(path=f"/{CRASH_REDIS_DB}"))


class Workers:
    """Starts, kills and stops the test's Celery workers on its private queue."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.mail_dir = folder / "mail"
        self.mail_dir.mkdir()
        self.queue = f"crash-{uuid.uuid4().hex}"
        self.broker = _broker_url()
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, **extra_env: str) -> subprocess.Popen:
        env_extra = {
            "DJANGO_SETTINGS_MODULE": "tests.reports.planning.crash_worker_settings",
            "CRASH_TEST_DATABASE_URL": _database_url(),
            "CRASH_TEST_BROKER_URL": self.broker,
            "CRASH_TEST_QUEUE": self.queue,
            "CRASH_TEST_MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
            "CRASH_TEST_MAIL_DIR": str(self.mail_dir),
            "PYTHONPATH": str(ROOT),
            **extra_env,
        }
        command = [
            sys.executable, "-m", "celery", "-A", "tests.reports.planning.crash_worker", "worker",
            "--pool=solo", "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "--loglevel=INFO", "-Q", self.queue, "-n", f"{name}-{self.queue}@%h",
        ]  # fmt: skip
        log = (self.folder / f"{name}.log").open("w")
        # A child started under faketime would inherit libfaketime, whose time.sleep fails.
        with environment_without_faketime():
            process = subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env={**os.environ, **env_extra}, stdout=log, stderr=subprocess.STDOUT
            )
        log.close()
        self.processes[name] = process
        self.wait_until(lambda: " ready." in self.log(name), f"worker {name} ready", worker=name)
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def send(self, task: str, **kwargs) -> None:
        with app.connection_for_write(self.broker) as broker:
            app.send_task(task, kwargs=kwargs, queue=self.queue, connection=broker)

    def kill(self, name: str) -> None:
        process = self.processes[name]
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        assert process.returncode == -signal.SIGKILL

    def wait_until(self, found: Callable[[], object], what: str, *, worker: str | None = None, timeout: float = 90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = found()
            if result:
                return result
            if worker and self.processes[worker].poll() is not None:
                break
            time.sleep(0.2)
        logs = "\n".join(f"--- {name}\n{self.log(name)[-3000:]}" for name in self.processes)
        pytest.fail(f"Gave up waiting for {what}.\n{logs}")

    def succeeded(self, name: str, task: str) -> int:
        return sum(1 for line in self.log(name).splitlines() if f"{task}[" in line and " succeeded in " in line)

    def emails(self) -> list[str]:
        return [path.read_text(errors="replace") for path in sorted(self.mail_dir.iterdir())]

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)
        with app.connection_for_write(self.broker) as broker:
            client = broker.default_channel.client
            left = list(client.scan_iter(match=f"*{self.queue}*"))  # the queue and its bindings
            if left:
                client.delete(*left)


@pytest.fixture
def workers(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker subprocess needs the PostgreSQL test database (set DATABASE_URL)")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    harness = Workers(tmp_path)
    try:
        yield harness
    finally:
        harness.stop()
        app.conf.task_always_eager = eager


def _running(queryset, **extra):
    return queryset.filter(status="running", **extra).first()


@pytest.mark.django_db(transaction=True)
def test_monthly_report_whose_worker_was_killed_is_finished_once(workers, staff_user):
    workers.start("first", CRASH_TEST_SLOW_REPORT_SECONDS="120")
    workers.send("reports.generate_monthly_consolidated_report")
    report = workers.wait_until(
        lambda: _running(ConsolidatedReport.objects, scheduled=True), "the report running", worker="first"
    )
    time.sleep(0.5)

    workers.kill("first")

    report.refresh_from_db()
    assert (report.status, report.attempts, report.excel_file.name) == ("running", 1, "")
    time.sleep(3.5)  # the dead worker's claim goes stale (3 s in these settings)
    workers.start("second")
    workers.send("reports.generate_monthly_consolidated_report")  # the next run of the task
    task = "reports.generate_monthly_consolidated_report"
    # The next run and the killed worker's message, redelivered by Redis: both end, one runs.
    workers.wait_until(lambda: workers.succeeded("second", task) == 2, "both runs of the task", worker="second")
    workers.wait_until(
        lambda: Notification.objects.filter(emailed_at__isnull=False).exists(), "the email", worker="second"
    )
    time.sleep(1)

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == ("done", 2, "")
    assert default_storage.exists(report.excel_file.name)
    assert default_storage.exists(report.pdf_file.name)
    assert ConsolidatedReport.objects.count() == 1
    (note,) = Notification.objects.all()
    assert (note.recipient, note.key) == (staff_user, f"reports.consolidated.{report.pk}")
    (email,) = workers.emails()
    assert f"To: {staff_user.email}" in email


@pytest.mark.django_db(transaction=True)
def test_export_stuck_at_half_after_a_kill_is_finished_by_the_redelivered_task(workers, staff_user):
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CONSOLIDATED,
        params={"start": "2026-01-01", "end": "2026-06-30", "kind": "half_year"},
        requested_by=staff_user,
    )
    workers.start("first", CRASH_TEST_SLOW_REPORT_SECONDS="120")
    workers.send("reports.run_export_job", job_id=job.pk, actor_id=staff_user.pk)
    workers.wait_until(
        lambda: _running(ExportJob.objects, pk=job.pk, progress=50), "the export at 50%", worker="first"
    )
    time.sleep(0.5)

    workers.kill("first")

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("running", 50, 1)
    time.sleep(3.5)
    workers.start("second")  # nothing is sent again: Redis hands the killed worker's message back
    workers.wait_until(
        lambda: ExportJob.objects.filter(pk=job.pk, status="done").exists(), "the export done", worker="second"
    )
    workers.wait_until(
        lambda: Notification.objects.filter(emailed_at__isnull=False).exists(), "the email", worker="second"
    )
    time.sleep(1)

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts, job.error) == ("done", 100, 2, "")
    assert ConsolidatedReport.objects.get() == job.report
    assert (job.report.status, job.report.attempts) == ("done", 2)
    assert default_storage.exists(job.report.pdf_file.name)
    assert Notification.objects.count() == 1
    assert len(workers.emails()) == 1


@pytest.mark.django_db(transaction=True)
def test_email_whose_worker_was_killed_is_sent_once_by_the_sweep(workers, settings, mailoutbox):
    notification = Notification.objects.create(
        recipient=UserFactory(email="can-bo@example.vn"), key="crash", title="Hạn nộp báo cáo quý", send_email=True
    )
    workers.start("first", CRASH_TEST_SLOW_EMAIL_SECONDS="120")
    workers.send("common.send_notification_email", notification_id=notification.pk)
    workers.wait_until(
        lambda: Notification.objects.filter(pk=notification.pk, email_claimed_at__isnull=False).exists(),
        "the email claimed",
        worker="first",
    )
    time.sleep(0.5)

    workers.kill("first")

    notification.refresh_from_db()
    assert notification.emailed_at is None
    assert workers.emails() == []
    # The sweep beat runs every 5 minutes, here in this process: the claim is not yet stale...
    settings.NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS = 3
    assert send_pending_notification_emails() == 0
    time.sleep(3.5)
    # ...and now it is: the email goes, once.
    assert send_pending_notification_emails() == 1
    assert send_pending_notification_emails() == 0
    assert [m.to for m in mailoutbox] == [["can-bo@example.vn"]]
    # The killed worker's message comes back from Redis to a new worker: it sends nothing.
    workers.start("second")
    task = "common.send_notification_email"
    workers.wait_until(lambda: workers.succeeded("second", task) == 1, "the redelivered email task", worker="second")

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert workers.emails() == []
    assert len(mailoutbox) == 1
