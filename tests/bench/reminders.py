"""Reminder benchmark at the issue's scale: a province of 200 units with 50 open deadlines each.

    .venv/bin/python tests/bench/reminders.py          (or: make bench, once listed there)
    BENCH_UNITS=50 BENCH_DEADLINES=10 .venv/bin/python tests/bench/reminders.py

The deadlines are 50 monthly report schedules every unit owes (10,000 deadlines, one
officer each). Figures: the daily run that sends all 10,000 reminders (rolled back
after each run so every run sends them again), the same run repeated once they are
logged (it must send nothing), gathering the deadlines alone, and the staff pages.
"""

from __future__ import annotations

import datetime
import logging
import os

from django.db import transaction
from django.test import Client
from django.urls import reverse
from harness import database, measure, migrate

from accounts.models import Membership, Unit, User
from accounts.services import unit_create
from common.history import system_actor
from reports.models import ReminderLog, ReportField, ReportingSchedule
from reports.periodic import reminders, services

UNITS = int(os.environ.get("BENCH_UNITS", "200"))
DEADLINES = int(os.environ.get("BENCH_DEADLINES", "50"))
RUN_REPEAT = int(os.environ.get("BENCH_REMINDER_REPEAT", "3"))
# October's reports, due 05/11; the run of 04/11 reminds at offset -1.
TODAY = datetime.date(2026, 11, 4)


def build() -> User:
    province = unit_create(actor=system_actor(), name="Tỉnh đoàn", code="bench-tinh", kind=Unit.Kind.PROVINCE)
    units = Unit.objects.bulk_create(
        [
            Unit(
                name=f"Đoàn xã {n}",
                code=f"bench-xa-{n}",
                kind=Unit.Kind.COMMUNE,
                parent=province,
                path=f"{province.path}{n + 1:08d}/",
            )
            for n in range(UNITS)
        ]
    )
    users = User.objects.bulk_create([User(username=f"bench-cb-{n}", email=f"cb{n}@example.vn") for n in range(UNITS)])
    Membership.objects.bulk_create(
        [Membership(user=u, unit=unit, role=Membership.Role.OFFICER) for u, unit in zip(users, units, strict=True)]
    )
    staff = User.objects.create(username="bench-staff")
    Membership.objects.create(user=staff, unit=province, role=Membership.Role.STAFF)
    for n in range(DEADLINES):
        schedule = ReportingSchedule.objects.create(
            owner=province,
            name=f"Báo cáo tháng số {n}",
            frequency=ReportingSchedule.Frequency.MONTHLY,
            due_day=5,
            due_month_offset=1,
            unit_kinds=[Unit.Kind.COMMUNE],
            active_from=datetime.date(2026, 10, 1),
            active_until=datetime.date(2026, 10, 31),
        )
        ReportField.objects.create(schedule=schedule, code="so_lieu", label="Số liệu")
        services.periods_ensure(schedule=schedule, until=TODAY, actor=system_actor())
    return staff


def main() -> None:
    logging.getLogger("celery").setLevel(logging.WARNING)  # one line per eager email otherwise
    migrate()
    staff = build()
    print(f"database: {database()}")
    print(f"-- {UNITS} units × {DEADLINES} open deadlines = {UNITS * DEADLINES} reminders due on {TODAY:%d/%m/%Y}")

    def first_run():
        with transaction.atomic():
            result = reminders.reminders_send(today=TODAY)
            assert result.sent == UNITS * DEADLINES, result  # noqa: S101 - a wrong run measures nothing
            transaction.set_rollback(True)

    measure(
        "gather every deadline (all apps)",
        lambda: reminders.gather(start=TODAY, end=TODAY + datetime.timedelta(days=7)),
    )
    measure(f"daily run, first time ({UNITS * DEADLINES} reminders)", first_run, repeat=RUN_REPEAT)
    sent = reminders.reminders_send(today=TODAY).sent
    print(f"   sent {sent}, logged {ReminderLog.objects.count()}")
    measure("daily run again (nothing to send)", lambda: reminders.reminders_send(today=TODAY), repeat=RUN_REPEAT)
    client = Client()
    client.force_login(staff)
    measure("staff page: upcoming deadlines + reminder log", lambda: client.get(reverse("reports:periodic-deadlines")))
    measure("staff page: late units", lambda: client.get(reverse("reports:periodic-late")))


if __name__ == "__main__":
    main()
