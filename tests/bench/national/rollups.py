"""The national roll-ups, timed on the seeded database: figures with their budgets, no verdicts.

- the national plan's dashboard: every commune-level union against the plan's targets
  (`reports.planning.progress.PlanProgress`, as the dashboard page builds it); budget 300 ms;
- the daily reminder run over every commune-level union × 50 deadlines, built and rolled
  back here (`reports.periodic.reminders.reminders_send`), then run again to show it sends
  nothing twice; budget 60 s;
- the national consolidated report of the year, Excel and PDF, with the peak memory
  traced by tracemalloc; budget 60 s at 300 MB.
"""

from __future__ import annotations

import datetime
import logging
import statistics
import time
import tracemalloc
from collections.abc import Callable

from django.db import transaction
from django.db.models import Count

from accounts.models import Unit, User
from common.history import system_actor
from common.indicators import Period
from reports.models import Plan, ReminderLog, ReportField, ReportingSchedule
from reports.periodic import reminders, services
from reports.planning.consolidated import consolidated_data
from reports.planning.exports import consolidated_workbook
from reports.planning.pdf import consolidated_pdf
from reports.planning.progress import PlanProgress, dashboard_units

from .seed import NATIONAL_CODE, NATIONAL_STAFF, REPORTING_KINDS

DEADLINES = 50
REPEAT = 5


def _timed(func: Callable[[], object], *, repeat: int) -> tuple[float, object]:
    """Median milliseconds of `func` over `repeat` runs, and what the last run returned."""
    timings, value = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        value = func()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), value


def dashboard() -> dict:
    plan = Plan.objects.select_related("issuer").get(owner__code=NATIONAL_CODE)
    user = User.objects.get(username=NATIONAL_STAFF)

    def progress():
        units = dashboard_units([plan], user=user)  # as the dashboard page loads them
        found = PlanProgress(plan=plan, user=user, units=units)
        return sum(len(t.cells) for t in found.targets), [t.counts for t in found.targets]

    progress()
    ms, (cells, _counts) = _timed(progress, repeat=REPEAT)
    return {"label": f"plan dashboard: {cells} units against the national plan", "ms": ms, "budget_ms": 300}


def _deadline_day(today: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date]:
    """A month two months ahead (no seeded deadline near it), its end, and the day before
    its reports fall due (the 20th of the next month): the run's day, offset -1."""
    index = today.year * 12 + today.month + 1
    start = datetime.date(index // 12, index % 12 + 1, 1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    return start, end, end + datetime.timedelta(days=19)


def reminder_run(*, today: datetime.date) -> dict:
    logging.getLogger("celery").setLevel(logging.WARNING)
    start, end, day = _deadline_day(today)
    units = Unit.objects.filter(kind__in=REPORTING_KINDS).count()
    national = Unit.objects.get(code=NATIONAL_CODE)
    figures: dict = {"units": units, "deadlines": DEADLINES, "day": day.isoformat()}
    with transaction.atomic():
        for n in range(DEADLINES):
            schedule = ReportingSchedule.objects.create(
                owner=national,
                name=f"Báo cáo chuyên đề số {n + 1} (benchmark)",
                frequency=ReportingSchedule.Frequency.MONTHLY,
                due_day=20,
                due_month_offset=1,
                unit_kinds=REPORTING_KINDS,
                active_from=start,
                active_until=end,
            )
            ReportField.objects.create(schedule=schedule, code="so_lieu", label="Số liệu")
            services.periods_ensure(schedule=schedule, until=day, actor=system_actor())
        started = time.perf_counter()
        figures["sent"] = reminders.reminders_send(today=day).sent
        figures["first_s"] = time.perf_counter() - started
        figures["logged"] = ReminderLog.objects.count()
        figures["duplicates"] = (
            ReminderLog.objects.values("deadline_key", "user", "offset")
            .annotate(n=Count("id"))
            .filter(n__gt=1)
            .count()
        )
        started = time.perf_counter()
        figures["sent_again"] = reminders.reminders_send(today=day).sent
        figures["again_s"] = time.perf_counter() - started
        transaction.set_rollback(True)
    return figures


def consolidated(*, today: datetime.date) -> dict:
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    period = Period.year(today.year)

    def both() -> tuple[int, int]:
        data = consolidated_data(period=period)
        return len(consolidated_workbook(data)), len(consolidated_pdf(data))

    started = time.perf_counter()
    sizes = both()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    both()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": seconds, "peak_mib": peak / 1024 / 1024, "xlsx_bytes": sizes[0], "pdf_bytes": sizes[1]}


def measure_all(*, today: datetime.date) -> dict:
    return {
        "dashboard": dashboard(),
        "reminders": reminder_run(today=today),
        "consolidated": consolidated(today=today),
    }
