"""Celery runs on both set-ups: eagerly without a broker, and through a real Redis worker."""

import os
import time
import uuid

import pytest
from celery.signals import task_postrun
from django.db import connections

from common.models import Notification
from common.tasks import send_notification_email
from config.celery import app
from tests.factories import UserFactory


@pytest.mark.django_db
def test_task_runs_in_process_without_broker(mailoutbox):
    notification = Notification.objects.create(
        recipient=UserFactory(email="can-bo@example.vn"), key="eager", title="Hạn nộp báo cáo quý", send_email=True
    )

    send_notification_email.delay(notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert [m.to for m in mailoutbox] == [["can-bo@example.vn"]]


def test_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def _close_connections(**kwargs):
    connections.close_all()


@pytest.mark.redis
@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="REDIS_URL is not set: this test needs a real Redis broker (CI sets it; see README).",
)
@pytest.mark.django_db(transaction=True)
def test_real_worker_consumes_task_from_redis(mailoutbox):
    from celery.contrib.testing.worker import start_worker

    queue = f"test-{uuid.uuid4().hex}"  # a private queue: no stale message from another run
    notification = Notification.objects.create(
        recipient=UserFactory(email="giam-khao@example.vn"), key="redis", title="Vòng sơ tuyển mở", send_email=True
    )
    app.conf.task_always_eager = False
    with app.connection_for_write() as connection:
        assert connection.transport.driver_type == "redis"

    # The test worker runs tasks in its own thread and, unlike `celery worker`, does not
    # install Django's fixup that closes that thread's database connection after each
    # task; an open one would keep PostgreSQL from dropping the test database.
    task_postrun.connect(_close_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=10):
            send_notification_email.apply_async(kwargs={"notification_id": notification.pk}, queue=queue)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                notification.refresh_from_db()
                if notification.emailed_at is not None:
                    break
                time.sleep(0.1)
    finally:
        task_postrun.disconnect(_close_connections)

    assert notification.emailed_at is not None
    assert [m.to for m in mailoutbox] == [["giam-khao@example.vn"]]
