"""The Celery settings that let a killed worker's task come back, read as a worker reads them."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.celery import app
from tests.clock import environment_without_faketime

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'url': s.CELERY_BROKER_URL, 'options': s.CELERY_BROKER_TRANSPORT_OPTIONS}))"
)


def _settings_with(**environ) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "CELERY_VISIBILITY_TIMEOUT"}}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(ROOT), **environ}
    with environment_without_faketime():
        output = subprocess.run(  # noqa: S603
            [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, check=True
        ).stdout
    return json.loads(output.strip().splitlines()[-1])


def test_tasks_are_acknowledged_late_and_handed_back_when_their_worker_dies():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1


@pytest.mark.parametrize(("environ", "visibility"), [({}, 300), ({"CELERY_VISIBILITY_TIMEOUT": "240"}, 240)])
def test_redis_hands_a_dead_workers_message_back_within_minutes(environ, visibility):
    found = _settings_with(REDIS_URL="redis://127.0.0.1:6379/0", **environ)

    assert found["url"] == "redis://127.0.0.1:6379/0"
    assert found["options"] == {
        "visibility_timeout": visibility,
        "unacked_restore_interval": 30,
        "unacked_restore_throttle": 1,
    }


def test_make_run_keeps_the_file_broker():
    found = _settings_with()

    assert found["url"] == "filesystem://localhost//"
    assert "visibility_timeout" not in found["options"]
    assert found["options"]["data_folder_in"].endswith("celery/queue")


def test_one_beat_schedule_runs_both_sweeps():
    schedule = {name: (entry["task"], entry["schedule"]) for name, entry in app.conf.beat_schedule.items()}

    assert schedule["common.send_pending_notification_emails"] == ("common.send_pending_notification_emails", 300.0)
    assert schedule["reports.reclaim_stale_outputs"] == ("reports.reclaim_stale_outputs", 120.0)
