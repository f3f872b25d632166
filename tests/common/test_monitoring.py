"""What to watch in production: /healthz, beat's heartbeats, `manage.py portal_status`, slow pages."""

import datetime
import json
import logging
import os
import uuid
from io import StringIO

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.management import call_command
from django.test import override_settings
from kombu import Connection

import common.tasks
import reports.tasks
from accounts.models import Membership
from common import monitoring
from common.models import Notification
from common.monitoring import (
    HEARTBEAT_KEY,
    SLOW_PAGES_KEPT,
    beat_periods,
    heartbeat,
    record_slow_page,
    slowest_pages,
)
from config.celery import app as celery_app
from reports.models import ExportJob
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

# 7 December 2026, 09:00 in Hà Nội.
MORNING = datetime.datetime(2026, 12, 7, 2, 0, tzinfo=datetime.UTC)
SWEEPS = ["common.send_pending_notification_emails", "reports.reclaim_stale_outputs"]


@pytest.fixture
def clock():
    with time_machine.travel(MORNING, tick=False) as traveller:
        yield traveller


def beat_ran() -> None:
    """What a running beat leaves: each sweep's heartbeat, now."""
    for task in beat_periods():
        heartbeat(task)


def portal_status(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("portal_status", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


class BrokenCache(LocMemCache):
    """A cache whose server does not answer (Redis down)."""

    def _fail(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    get = set = add = delete = get_many = set_many = incr = _fail


BROKEN_CACHE = {"default": {"BACKEND": "tests.common.test_monitoring.BrokenCache"}}
REDIS_NOT_LISTENING = {"CELERY_TASK_ALWAYS_EAGER": False, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}


# /healthz -----------------------------------------------------------------------------


def test_healthz_answers_without_sign_in_what_answers(client, clock, django_assert_num_queries):
    beat_ran()

    with django_assert_num_queries(1):  # SELECT 1: no table is read
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"database": "ok", "cache": "ok", "broker": "n/a", "beat": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert response.cookies == {}  # no session started, nothing to remember


def test_healthz_answers_head_for_balancers_that_ask_so(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


def test_healthz_is_503_when_the_cache_does_not_answer(client):
    with override_settings(CACHES=BROKEN_CACHE):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error", "broker": "n/a", "beat": "unknown"}


def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("could not connect to server: Connection refused")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", refuse)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error"
    assert response.json()["cache"] == "ok"


def test_healthz_says_the_broker_is_down_but_still_serves(client):
    with override_settings(**REDIS_NOT_LISTENING):
        response = client.get("/healthz")

    assert response.status_code == 200  # pages still work; tasks wait in the outbox sweep
    assert response.json()["broker"] == "error"


@pytest.mark.parametrize(
    ("seconds_later", "beat"),
    [
        (0, "ok"),
        (3 * 120, "ok"),  # the 2-minute sweep three periods ago: still on time
        (3 * 120 + 1, "late"),
        (30 * 86400, "late"),  # a month without beat is not "unknown"
    ],
)
def test_healthz_says_beat_is_late_when_a_sweep_missed_three_periods(client, clock, seconds_later, beat):
    beat_ran()
    clock.shift(datetime.timedelta(seconds=seconds_later))

    assert client.get("/healthz").json()["beat"] == beat


def test_healthz_knows_nothing_of_beat_before_its_first_sweep(client):
    assert client.get("/healthz").json()["beat"] == "unknown"


# Heartbeats -----------------------------------------------------------------------------


def test_the_watched_sweeps_are_the_two_that_finish_a_dead_workers_work():
    assert beat_periods() == {"common.send_pending_notification_emails": 300.0, "reports.reclaim_stale_outputs": 120.0}


@pytest.mark.parametrize("task", SWEEPS)
def test_each_sweep_writes_its_heartbeat_when_it_runs(clock, task):
    assert {common.tasks, reports.tasks}  # their tasks are registered under their names
    celery_app.tasks[task].delay()

    assert cache.get(HEARTBEAT_KEY.format(task=task)) == MORNING.timestamp()


def test_a_sweep_still_runs_when_the_cache_does_not_answer(caplog):
    from common.tasks import send_pending_notification_emails

    with override_settings(CACHES=BROKEN_CACHE):
        assert send_pending_notification_emails.delay().get() == 0

    assert "Could not write the heartbeat of common.send_pending_notification_emails" in caplog.text


# manage.py portal_status ------------------------------------------------------------------


def test_portal_status_on_a_clean_portal_exits_0(clock):
    beat_ran()

    code, out = portal_status()

    assert code == 0
    assert "Cơ sở dữ liệu (sqlite): trả lời" in out or "Cơ sở dữ liệu (postgresql): trả lời" in out
    assert "Email chờ gửi: 0" in out
    assert "Báo cáo, tệp xuất bị lỗi trong 24 giờ qua: 0 (ngưỡng 0)" in out
    assert "CẦN XEM" not in out
    assert out.splitlines()[-1] == "Kết luận: bình thường."


def test_portal_status_names_an_export_failed_in_the_last_day_and_exits_1(clock, staff_user):
    beat_ran()
    job = ExportJob.objects.create(
        kind=ExportJob.Kind.TARGETS_UNITS,
        status=ExportJob.Status.FAILED,
        error="MemoryError: out of memory\nTraceback…",
        requested_by=staff_user,
    )

    code, out = portal_status()

    assert code == 1
    assert "[CẦN XEM] Báo cáo, tệp xuất bị lỗi trong 24 giờ qua: 1 (ngưỡng 0)" in out
    assert f"- Tệp xuất #{job.pk} (Chỉ tiêu × đơn vị của kế hoạch (Excel)) lúc 07/12/2026 09:00: " in out
    assert "MemoryError: out of memory" in out
    assert "Traceback" not in out
    assert out.splitlines()[-1] == "Kết luận: có mục cần xem (mã thoát 1)."


def test_portal_status_forgets_a_failure_after_a_day(clock, staff_user):
    ExportJob.objects.create(kind=ExportJob.Kind.TARGETS_UNITS, status=ExportJob.Status.FAILED, error="Lỗi")
    clock.shift(datetime.timedelta(hours=24, seconds=1))
    beat_ran()

    assert portal_status()[0] == 0


def test_portal_status_allows_failures_up_to_its_threshold(clock, settings):
    settings.STATUS_FAILED_OUTPUTS_MAX = 1
    beat_ran()
    ExportJob.objects.create(kind=ExportJob.Kind.TARGETS_UNITS, status=ExportJob.Status.FAILED, error="Lỗi")

    code, out = portal_status()

    assert code == 0
    assert "Báo cáo, tệp xuất bị lỗi trong 24 giờ qua: 1 (ngưỡng 1)" in out


def test_portal_status_names_an_export_running_past_its_claim(clock):
    job = ExportJob.objects.create(kind=ExportJob.Kind.TARGETS_UNITS, status=ExportJob.Status.RUNNING)
    clock.shift(datetime.timedelta(seconds=settings.OUTPUT_CLAIM_STALE_SECONDS + 1))
    beat_ran()

    code, out = portal_status()

    assert code == 1
    assert "[CẦN XEM] Báo cáo, tệp xuất đang tạo nhưng không tiến triển quá 180 giây: 1" in out
    assert f"- Tệp xuất #{job.pk}, cập nhật lần cuối lúc 07/12/2026 09:00" in out


@pytest.mark.parametrize(("minutes", "code"), [(14, 0), (16, 1)])
def test_portal_status_asks_about_an_email_waiting_too_long(clock, minutes, code):
    Notification.objects.create(recipient=UserFactory(), key="han-nop", title="Hạn nộp báo cáo tháng", send_email=True)
    clock.shift(datetime.timedelta(minutes=minutes))
    beat_ran()

    found, out = portal_status()

    assert found == code
    assert f"Email chờ gửi: 1, lâu nhất {minutes} phút (ngưỡng 15 phút)" in out


def test_portal_status_asks_about_a_late_beat(clock):
    beat_ran()
    clock.shift(datetime.timedelta(minutes=7))

    code, out = portal_status()

    assert code == 1
    assert "[CẦN XEM] Celery beat: TRỄ" in out
    assert "- reports.reclaim_stale_outputs: chạy cách đây 7 phút (mỗi 2 phút, trễ khi quá 6 phút)" in out
    assert "- common.send_pending_notification_emails: chạy cách đây 7 phút" in out


def test_portal_status_counts_days_of_a_long_dead_beat(clock):
    beat_ran()
    clock.shift(datetime.timedelta(days=3, hours=1))

    out = portal_status()[1]

    assert "- reports.reclaim_stale_outputs: chạy cách đây 3 ngày (mỗi 2 phút, trễ khi quá 6 phút)" in out


def test_portal_status_says_what_it_could_not_read(clock, monkeypatch):
    def unreadable(*, now):
        raise RuntimeError("relation reports_exportjob does not exist")

    monkeypatch.setitem(monitoring._status_sources, "tests.unreadable", unreadable)
    beat_ran()

    code, out = portal_status()

    assert code == 2
    assert "[  LỖI  ] Không đọc được tests.unreadable: relation reports_exportjob does not exist" in out


def test_portal_status_exits_2_when_the_broker_does_not_answer(clock):
    beat_ran()

    with override_settings(**REDIS_NOT_LISTENING):
        code, out = portal_status()

    assert code == 2
    assert "[  LỖI  ] Hàng đợi Celery (redis): KHÔNG trả lời" in out
    assert out.splitlines()[-1] == "Kết luận: có thành phần không trả lời (mã thoát 2)."


def test_portal_status_exits_2_when_the_cache_does_not_answer(clock):
    with override_settings(CACHES=BROKEN_CACHE):
        code, out = portal_status()

    assert code == 2
    assert "Bộ nhớ đệm: KHÔNG trả lời" in out
    assert "Celery beat" not in out  # its heartbeats live in the cache: not read
    assert "Email chờ gửi: 0" in out  # the database still is


def test_portal_status_json_says_the_same(clock, staff_user):
    beat_ran()
    ExportJob.objects.create(kind=ExportJob.Kind.TARGETS_UNITS, status=ExportJob.Status.FAILED, error="Lỗi")

    code, out = portal_status("--json")
    found = json.loads(out)

    assert code == 1
    assert found["exit_code"] == 1
    assert found["at"] == "2026-12-07T09:00:00+07:00"
    assert found["checks"]["outputs_failed"]["state"] == "attention"
    assert found["checks"]["outputs_failed"]["value"] == {"count": 1, "limit": 0}
    assert found["checks"]["emails"]["value"] == {"waiting": 0, "oldest_seconds": None, "limit": 900}
    assert found["checks"]["beat"]["value"]["state"] == "ok"
    assert found["checks"]["broker"]["value"] == "n/a"


def test_portal_status_counts_the_file_brokers_queue(clock, settings, tmp_path):
    """`make run`'s broker: one file per waiting message, written here by kombu itself."""
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "filesystem://localhost//"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = options
    settings.STATUS_QUEUE_MAX = 2
    beat_ran()
    with Connection("filesystem://localhost//", transport_options=options) as connection:
        queue = connection.SimpleQueue("celery")
        for n in range(3):
            queue.put({"n": n})
        connection.SimpleQueue("other").put({"n": 9})

    code, out = portal_status()

    assert code == 1
    assert "[CẦN XEM] Tác vụ chờ trong hàng đợi “celery”: 3 (ngưỡng 2)" in out


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: needs a real Redis broker")
def test_portal_status_counts_the_redis_queue(clock, settings):
    queue_name = f"test-watch-{uuid.uuid4().hex}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_DEFAULT_QUEUE = queue_name
    beat_ran()
    with Connection(os.environ["REDIS_URL"]) as connection:
        queue = connection.SimpleQueue(queue_name)
        try:
            queue.put({"n": 1})
            queue.put({"n": 2}, priority=6)

            code, out = portal_status()
        finally:
            queue.clear()
            queue.queue.delete()  # and kombu's bindings of the queue

    assert code == 0
    assert f"Tác vụ chờ trong hàng đợi “{queue_name}”: 2 (ngưỡng 100); đang chạy: " in out


# Slow pages -----------------------------------------------------------------------------


@pytest.fixture
def secretary(province):
    return user_with_role(Membership.Role.STAFF, province, username="nguyen.thi.lan")


def slow_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "portal.slow" and r.levelno == logging.WARNING]


@override_settings(SLOW_PAGE_MS=0)
def test_a_slow_page_is_logged_with_its_kind_of_user_never_who(client, secretary, caplog):
    client.force_login(secretary)

    response = client.get("/?q=Lò Văn Bình&page=2")

    assert response.status_code == 200
    [line] = slow_lines(caplog)
    assert line.startswith("slow page: method=GET path=/?page&q status=200 ms=")
    assert " role=staff" in line
    sql = int(line.split(" sql=")[1].split()[0])
    assert sql > 0
    assert "nguyen.thi.lan" not in line
    assert "Bình" not in line


@override_settings(SLOW_PAGE_MS=0)
def test_a_slow_pages_log_keeps_ids_and_leaves_out_private_codes(client, caplog):
    client.get("/events/tickets/K7P2QX9M/")
    client.get("/jobs/fairs/ngay-hoi-viec-lam-2026/")

    first, second = slow_lines(caplog)
    assert "path=/events/tickets/<code>/ status=404" in first
    assert "K7P2QX9M" not in first
    assert " role=anonymous" in first
    assert "path=/jobs/fairs/ngay-hoi-viec-lam-2026/ " in second


@override_settings(SLOW_PAGE_MS=60_000)
def test_a_fast_page_is_not_logged(client, secretary, caplog):
    client.force_login(secretary)

    assert client.get("/").status_code == 200

    assert slow_lines(caplog) == []
    assert "Trang chậm (quá 60000 ms) trong 24 giờ qua: không có" in portal_status()[1]


@override_settings(SLOW_PAGE_MS=0)
def test_portal_status_shows_the_slowest_pages(client, secretary):
    client.force_login(secretary)
    client.get("/")

    out = portal_status()[1]

    assert "Trang chậm (quá 0 ms) trong 24 giờ qua, chậm nhất: 1" in out
    assert "- GET /: " in out
    assert ", staff, mã 200" in out


def test_a_slow_page_is_still_served_when_the_cache_does_not_answer(caplog):
    with override_settings(CACHES=BROKEN_CACHE):
        record_slow_page(_page(1500))

    assert "Could not keep a slow page" in caplog.text


def _page(ms: int) -> dict:
    return {"method": "GET", "path": "/reports/", "status": 200, "ms": ms, "sql": 3, "role": "staff"}


def test_the_slowest_pages_of_the_last_day_are_kept(clock):
    record_slow_page(_page(9000))
    clock.shift(datetime.timedelta(hours=24, seconds=1))
    for ms in range(1001, 1001 + SLOW_PAGES_KEPT + 10):
        record_slow_page(_page(ms))

    slowest = slowest_pages(limit=SLOW_PAGES_KEPT + 10)

    assert [page["ms"] for page in slowest] == list(range(1000 + SLOW_PAGES_KEPT + 10, 1010, -1))


@pytest.mark.parametrize(
    ("roles", "kind"),
    [
        ([Membership.Role.OFFICER, Membership.Role.JUDGE], "judge+officer"),
        ([], "user"),
    ],
)
def test_the_kind_of_user_names_roles(commune, roles, kind):
    from accounts.scoping import role_kind

    user = UserFactory()
    for role in roles:
        Membership.objects.create(user=user, unit=commune, role=role)

    assert role_kind(user) == kind


def test_a_superuser_is_logged_as_one():
    from accounts.scoping import role_kind

    assert role_kind(UserFactory(is_superuser=True)) == "superuser"
