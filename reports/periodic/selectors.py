"""Read queries of periodic reporting, each a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from accounts.models import Unit
from common.deadlines import Deadline
from common.indicators import RATIO, Period

from ..models import ReportField, ReportingPeriod, ReportingSchedule, UnitReport

# How far back the officers' list reaches for periods already closed and accepted.
HISTORY_DAYS = 400


@dataclass
class OwedRow:
    period: ReportingPeriod
    unit: Unit
    report: UnitReport | None
    today: datetime.date

    @property
    def status(self) -> str:
        return self.report.status if self.report else ""

    @property
    def is_done(self) -> bool:
        return self.report is not None and self.report.status in UnitReport.SENT

    @property
    def is_late(self) -> bool:
        if self.report is not None and self.report.status in UnitReport.SENT:
            return self.report.submitted_late
        return self.today > self.period.due

    @property
    def days_late(self) -> int:
        return max(0, (self.today - self.period.due).days)

    @property
    def days_left(self) -> int:
        return (self.period.due - self.today).days


def unit_rows(*, user, today: datetime.date | None = None, schedule_id: int | None = None) -> list[OwedRow]:
    """Every (period, unit) the user's units must report on, started by today, for the
    schedules the user sees (those of their units and of the units above them).

    Unsent ones first by due date, then the recent sent ones. Three queries.
    """
    today = today or timezone.localdate()
    periods = list(
        ReportingPeriod.objects.filter(
            start__lte=today, due__gte=today - datetime.timedelta(days=HISTORY_DAYS), schedule__is_active=True
        )
        .filter(schedule__in=ReportingSchedule.objects.visible_to(user))
        .filter(**({"schedule_id": schedule_id} if schedule_id else {}))
        .select_related("schedule__owner")
        .order_by("due", "schedule__name")
    )
    if not periods:
        return []
    kinds = {kind for p in periods for kind in p.schedule.unit_kinds}
    units = list(Unit.objects.visible_to(user).filter(kind__in=kinds).order_by("path"))
    reports = {
        (r.period_id, r.unit_id): r
        for r in UnitReport.objects.filter(period__in=periods, unit__in=units).select_related("submitted_by")
    }
    rows = [
        OwedRow(period=p, unit=u, report=reports.get((p.pk, u.pk)), today=today)
        for p in periods
        for u in units
        if p.schedule.reports_from(u) and u.is_active_on(p.end)
    ]
    rows.sort(key=lambda r: (r.is_done, r.period.due if not r.is_done else -r.period.due.toordinal(), r.unit.path))
    return rows


def prefill_for(
    *, period: ReportingPeriod, unit: Unit, fields: list[ReportField], bases: dict[str, str] | None = None
) -> dict[str, Decimal]:
    """Numbers the portal already holds for the unit's subtree in the period, by field code.

    A share (RATIO indicator) is given as its percentage of the whole population it names,
    and, when `bases` is given, what it is taken of goes there ("1/61 tổ · 60 tổ chưa xếp loại").
    """
    from ..planning.progress import share_texts

    wanted = [f for f in fields if f.indicator_code and f.is_numeric]
    if not wanted:
        return {}
    catalogue = indicator_catalogue()
    subtree = set(Unit.objects.subtree_of(unit).values_list("pk", flat=True))
    found: dict[str, Decimal] = {}
    for field in wanted:
        indicator = catalogue.get(field.indicator_code)
        if indicator is None:
            continue
        measures = [m for uid, m in indicator.compute(Period(period.start, period.end)).items() if uid in subtree]
        total = sum((Decimal(m.value) for m in measures), Decimal(0))
        if indicator.kind != RATIO:
            found[field.code] = total
            continue
        base = sum((Decimal(m.base or 0) for m in measures), Decimal(0))
        unknown = sum((Decimal(m.unknown or 0) for m in measures), Decimal(0))
        if not base:
            continue  # no population: nothing to say
        found[field.code] = (total * 100 / base).quantize(Decimal("0.1"))
        if bases is not None:
            texts = share_texts(
                value=total,
                base=base,
                unknown=unknown,
                base_label=str(indicator.base_label),
                unknown_label=str(indicator.unknown_label),
                reported=False,
            )
            bases[field.code] = " · ".join(text for text in texts if text)
    return found


def indicator_catalogue() -> dict:
    """Every app's computed indicators by code: the planning topic's one catalogue."""
    from ..planning import catalogue

    return catalogue.indicators()


@dataclass
class PeriodProgress:
    period: ReportingPeriod
    expected: int
    sent: int
    accepted: int
    returned: int
    late: int


def period_progress(*, user, today: datetime.date, back_days: int = HISTORY_DAYS) -> list[PeriodProgress]:
    """For recent periods of the schedules the user runs: units expected, sent, accepted,
    returned, sent late. Three queries."""
    from django.db.models import Count, Q

    periods = list(
        ReportingPeriod.objects.filter(
            start__lte=today, due__gte=today - datetime.timedelta(days=back_days), schedule__is_active=True
        )
        .filter(schedule__in=ReportingSchedule.objects.run_by(user))
        .select_related("schedule__owner")
        .order_by("-due", "schedule__name")
    )
    if not periods:
        return []
    kinds = {kind for p in periods for kind in p.schedule.unit_kinds}
    units = list(Unit.objects.filter(kind__in=kinds).only("kind", "path", "active_from", "active_to"))
    counts = {
        row["period"]: row
        for row in UnitReport.objects.filter(period__in=periods)
        .values("period")
        .annotate(
            sent=Count("pk", filter=Q(status__in=UnitReport.SENT)),
            accepted=Count("pk", filter=Q(status=UnitReport.Status.ACCEPTED)),
            returned=Count("pk", filter=Q(status=UnitReport.Status.RETURNED)),
            late=Count("pk", filter=Q(status__in=UnitReport.SENT, submitted_late=True)),
        )
    }
    result = []
    for period in periods:
        row = counts.get(period.pk, {})
        expected = sum(1 for u in units if period.schedule.reports_from(u) and u.is_active_on(period.end))
        result.append(
            PeriodProgress(
                period=period,
                expected=expected,
                sent=row.get("sent", 0),
                accepted=row.get("accepted", 0),
                returned=row.get("returned", 0),
                late=row.get("late", 0),
            )
        )
    return result


def review_queue(*, user):
    """Reports sent to the schedules the user runs, waiting for review."""
    submitted = UnitReport.objects.filter(
        status=UnitReport.Status.SUBMITTED, period__schedule__in=ReportingSchedule.objects.run_by(user)
    ).not_voided()
    return submitted.with_related().order_by("submitted_at")


def owed_by_user(deadlines: list[Deadline], user_id: int) -> list[tuple[Deadline, str]]:
    """The deadlines this user still owes, with what exactly."""
    found = []
    for deadline in deadlines:
        for debtor in deadline.owed_by:
            if debtor.user_id == user_id:
                found.append((deadline, debtor.detail))
                break
    return found


def reminder_log_visible_to(user):
    """Reminders sent to people of the units the user reaches (the deadline page's log):
    a province's staff never read what another province's people were reminded of."""
    from accounts.models import Membership
    from accounts.scoping import unit_scope_q

    from ..models import ReminderLog

    reached = Membership.objects.filter(unit_scope_q(user)).values("user_id")
    return ReminderLog.objects.filter(user_id__in=reached)
