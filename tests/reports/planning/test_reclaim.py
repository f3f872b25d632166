"""Reports and exports left running by a dead worker are taken up again and finished.

A worker killed mid-task (SIGKILL, out of memory, host restart) leaves its row RUNNING with
the stamp of its claim and its last heartbeat (`updated_at`). These tests leave a row in
exactly that state and check who may take it up: the next run of its task, a redelivered
message and the beat sweep, never while the worker that holds it is alive, and at most
OUTPUT_MAX_ATTEMPTS times. `test_worker_crash.py` does the same with a real worker killed
by SIGKILL on Redis.
"""

import datetime
import inspect

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from common.models import Notification
from reports.models import ConsolidatedReport, ExportJob
from reports.planning import services, tasks
from reports.planning.tasks import (
    generate_consolidated_report,
    generate_monthly_consolidated_report,
    reclaim_stale_outputs,
    run_export_job,
)

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db

# 1 December 2026, 06:00 in Hà Nội: beat's run of the monthly report (November's).
MONTHLY_RUN = datetime.datetime(2026, 11, 30, 23, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(MONTHLY_RUN, tick=True) as traveller:
        yield traveller


@pytest.fixture
def figures(province, commune, other_commune, fake_indicators):
    plan = PlanFactory(issuer=province, number="12-KH/TĐTN-PT")
    TargetFactory(plan=plan, indicator_code="test.count", label="Mỗi đơn vị ít nhất 05 ý tưởng", value=5)
    return plan


def _left_by_dead_worker(row, *, seconds_ago: int, attempts: int = 1, **values):
    """What a killed worker leaves: RUNNING, claimed and last refreshed `seconds_ago`."""
    stamp = timezone.now() - datetime.timedelta(seconds=seconds_ago)
    type(row).objects.filter(pk=row.pk).update(
        status="running", claimed_at=stamp, updated_at=stamp, attempts=attempts, **values
    )
    row.refresh_from_db()
    return row


def _monthly_report(staff_user) -> ConsolidatedReport:
    return services.monthly_report_ensure(actor=staff_user, today=timezone.localdate())


def test_monthly_report_left_running_by_a_dead_worker_is_finished_by_the_next_run(
    figures, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    report = _left_by_dead_worker(_monthly_report(staff_user), seconds_ago=600)

    with django_capture_on_commit_callbacks(execute=True):
        assert generate_monthly_consolidated_report() == "done"

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == ("done", 2, "")
    assert report.excel_file
    assert report.pdf_file
    assert (report.period_start, report.period_end) == (datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    note = Notification.objects.get(recipient=staff_user)
    assert note.key == f"reports.consolidated.{report.pk}"
    assert note.emailed_at is not None
    assert [m.to for m in mailoutbox] == [[staff_user.email]]


def test_report_held_by_a_live_worker_is_left_alone(figures, staff_user, mailoutbox):
    report = _left_by_dead_worker(_monthly_report(staff_user), seconds_ago=30)

    assert generate_monthly_consolidated_report() == "running"

    report.refresh_from_db()
    assert (report.status, report.attempts) == ("running", 1)
    assert not report.excel_file
    assert not Notification.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize(("seconds_ago", "taken"), [(179, False), (181, True)])
def test_stale_threshold_is_the_setting(figures, staff_user, settings, seconds_ago, taken):
    settings.OUTPUT_CLAIM_STALE_SECONDS = 180
    report = _left_by_dead_worker(_monthly_report(staff_user), seconds_ago=seconds_ago)

    status = generate_consolidated_report(report_id=report.pk)

    assert status == ("done" if taken else "running")


def test_report_interrupted_too_often_fails_with_the_reason(
    figures, staff_user, settings, client, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OUTPUT_MAX_ATTEMPTS = 3
    report = _left_by_dead_worker(_monthly_report(staff_user), seconds_ago=600, attempts=3)

    assert generate_monthly_consolidated_report() == "failed"
    with django_capture_on_commit_callbacks(execute=True):
        assert reclaim_stale_outputs() == {"export_jobs": 0, "reports": 0}  # the sweep does not loop on it

    report.refresh_from_db()
    assert (report.status, report.attempts) == ("failed", 3)
    assert report.error == (
        "Dừng sau 3 lần chạy bị gián đoạn (tiến trình xử lý bị dừng giữa chừng, "
        "ví dụ hết bộ nhớ hoặc máy chủ khởi động lại)."
    )
    assert not report.excel_file
    assert mailoutbox == []
    client.force_login(staff_user)
    assert "Dừng sau 3 lần chạy bị gián đoạn" in client.get(reverse("reports:consolidated-list")).content.decode()


def test_a_run_that_lost_its_claim_drops_its_result(figures, staff_user, mailoutbox):
    """A worker thought dead (no heartbeat for too long) but alive: the run that took the
    row over keeps it; the old run stops at its next heartbeat and writes nothing."""
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), actor=staff_user
    )
    other_claim = timezone.now() + datetime.timedelta(seconds=1)

    def taken_over(_percent):
        ConsolidatedReport.objects.filter(pk=report.pk).update(claimed_at=other_claim)

    def build(_data):
        taken_over(0)
        return b"xlsx"

    result = services.consolidated_report_generate(report_id=report.pk, actor=staff_user, build=build)

    assert (result.status, result.claimed_at) == ("running", other_claim)
    assert not result.excel_file
    assert not Notification.objects.exists()
    assert mailoutbox == []


def test_progress_refreshes_the_claim(figures, staff_user, clock):
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31), actor=staff_user
    )
    seen = []

    def progress(percent):
        clock.shift(datetime.timedelta(minutes=1))  # each step of a long report takes a minute
        row = ConsolidatedReport.objects.get(pk=report.pk)
        seen.append(row.updated_at - row.claimed_at)

    report = services.consolidated_report_generate(report_id=report.pk, actor=staff_user, progress=progress)

    assert report.status == "done"
    assert len(seen) >= 2
    assert seen == sorted(seen)
    assert seen[-1] > datetime.timedelta(minutes=len(seen) - 2)  # refreshed at each step, never stale


def _stuck_export(staff_user, *, seconds_ago=600) -> ExportJob:
    """A staff export stuck at 50%: its worker died while computing the report."""
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.CONSOLIDATED,
        params={"start": "2026-01-01", "end": "2026-06-30", "kind": "half_year"},
        requested_by=staff_user,
    )
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30), kind="half_year", actor=staff_user
    )
    _left_by_dead_worker(report, seconds_ago=seconds_ago)
    return _left_by_dead_worker(job, seconds_ago=seconds_ago, progress=50, report=report)


def test_export_stuck_at_half_is_finished_when_its_task_runs_again(
    figures, staff_user, client, mailoutbox, django_capture_on_commit_callbacks
):
    job = _stuck_export(staff_user)

    with django_capture_on_commit_callbacks(execute=True):
        assert run_export_job(job_id=job.pk, actor_id=staff_user.pk) == "done"
        assert run_export_job(job_id=job.pk, actor_id=staff_user.pk) == "done"  # a second copy: nothing more

    job.refresh_from_db()
    assert (job.status, job.progress, job.attempts) == ("done", 100, 2)
    assert ConsolidatedReport.objects.get() == job.report  # the same report, not a second one
    assert job.report.status == "done"
    assert job.report.excel_file
    assert job.report.pdf_file
    assert [m.to for m in mailoutbox] == [[staff_user.email]]
    client.force_login(staff_user)
    body = client.get(job.get_absolute_url()).content.decode()
    assert reverse("reports:consolidated-download", args=[job.report.pk, "pdf"]) in body


def test_pages_say_a_stuck_export_is_being_made_again(figures, staff_user, client):
    job = _stuck_export(staff_user, seconds_ago=5)
    ExportJob.objects.filter(pk=job.pk).update(attempts=2)
    ConsolidatedReport.objects.filter(pk=job.report_id).update(attempts=2)
    client.force_login(staff_user)

    body = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    listed = client.get(reverse("reports:consolidated-list")).content.decode()

    assert "Lần tạo trước bị gián đoạn; hệ thống đang tạo lại (lần 2)." in body
    assert "hx-get" in body  # still polling
    assert "Lần tạo trước bị gián đoạn; hệ thống đang tạo lại (lần 2)." in listed


def test_sweep_takes_up_what_dead_workers_left(
    figures, staff_user, officer, mailoutbox, django_capture_on_commit_callbacks
):
    stuck = _stuck_export(staff_user)
    monthly = _left_by_dead_worker(_monthly_report(staff_user), seconds_ago=600)
    lost = ExportJob.objects.create(  # queued, but its message never reached a worker
        kind=ExportJob.Kind.TARGETS_UNITS, params={"plan": figures.pk}, requested_by=officer
    )
    ExportJob.objects.filter(pk=lost.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=10))
    live = _left_by_dead_worker(
        ExportJob.objects.create(kind=ExportJob.Kind.TARGETS_UNITS, params={"plan": figures.pk}, requested_by=officer),
        seconds_ago=20,
        progress=40,
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = reclaim_stale_outputs.delay().get()

    assert queued == {"export_jobs": 2, "reports": 1}
    assert {j.pk: (j.status, j.progress) for j in ExportJob.objects.all()} == {
        stuck.pk: ("done", 100),
        lost.pk: ("done", 100),
        live.pk: ("running", 40),
    }
    monthly.refresh_from_db()
    assert monthly.status == "done"
    assert ExportJob.objects.get(pk=lost.pk).file
    with django_capture_on_commit_callbacks(execute=True):
        assert reclaim_stale_outputs() == {"export_jobs": 0, "reports": 0}
    assert sorted(n.key for n in Notification.objects.all()) == sorted(
        [f"reports.consolidated.{stuck.report_id}", f"reports.consolidated.{monthly.pk}"]
    )


def test_sweep_leaves_a_pending_report_that_staff_have_not_run(staff_user, django_capture_on_commit_callbacks):
    """A custom report waits for its export job; only scheduled ones are run by the sweep."""
    report = services.consolidated_report_request(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31), actor=staff_user
    )
    ConsolidatedReport.objects.filter(pk=report.pk).update(updated_at=timezone.now() - datetime.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert reclaim_stale_outputs() == {"export_jobs": 0, "reports": 0}
    report.refresh_from_db()
    assert report.status == "pending"


def test_admin_shows_the_claim_but_never_edits_it(admin_client, staff_user):
    job = _stuck_export(staff_user)

    for url in (
        reverse("admin:reports_exportjob_change", args=[job.pk]),
        reverse("admin:reports_consolidatedreport_change", args=[job.report_id]),
    ):
        body = admin_client.get(url).content.decode()
        assert "Số lần chạy" in body
        assert "Nhận xử lý lúc" in body
        assert 'name="attempts"' not in body
        assert 'name="claimed_at' not in body


def test_export_interrupted_too_often_fails_with_its_report(figures, staff_user, settings, client, mailoutbox):
    settings.OUTPUT_MAX_ATTEMPTS = 2
    job = _stuck_export(staff_user)
    ExportJob.objects.filter(pk=job.pk).update(attempts=2)

    assert run_export_job(job_id=job.pk, actor_id=staff_user.pk) == "failed"

    job.refresh_from_db()
    assert job.status == "failed"
    assert job.error.startswith("Dừng sau 2 lần chạy bị gián đoạn")
    assert job.finished_at is not None
    assert (job.report.status, job.report.error) == ("failed", job.error)
    assert mailoutbox == []
    client.force_login(staff_user)
    body = client.get(job.get_absolute_url()).content.decode()
    assert "Không tạo được tệp." in body
    assert "Dừng sau 2 lần chạy bị gián đoạn" in body


def test_each_planning_task_is_run_by_beat_or_queued_by_a_service():
    """The one-report task is what the sweep queues for a scheduled report left by a dead worker."""
    assert tasks.__all__ == [
        "generate_consolidated_report",
        "generate_monthly_consolidated_report",
        "reclaim_stale_outputs",
        "run_export_job",
    ]
    assert "generate_consolidated_report.delay(" in inspect.getsource(services.outputs_reclaim_stale)
