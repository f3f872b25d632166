"""Read queries of periodic reporting, each a fixed number of queries."""

from __future__ import annotations

import bisect
import datetime
import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Membership, Unit
from common.deadlines import Deadline
from common.indicators import RATIO, Period

from ..models import ReportField, ReportingPeriod, ReportingSchedule, UnitReport

# How far back the officers' list reaches for periods already closed and accepted.
HISTORY_DAYS = 400

# The generation of the staff deadline pages' figures (`common.figures`): moved on by any
# save or delete in an app with deadlines, in `reports` or `accounts` (units, roles).
DEADLINE_FIGURES = "deadlines"


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


def recent_periods(
    *, user, today: datetime.date, schedule_id: int | None = None, run_only: bool = False
) -> list[ReportingPeriod]:
    """The periods of the active schedules the user sees (those of their units and of the
    units above them; with `run_only`, those they run) that have started by `today` and
    fell due within HISTORY_DAYS, by due date. One query."""
    schedules = ReportingSchedule.objects.run_by(user) if run_only else ReportingSchedule.objects.visible_to(user)
    return list(
        ReportingPeriod.objects.filter(
            start__lte=today, due__gte=today - datetime.timedelta(days=HISTORY_DAYS), schedule__is_active=True
        )
        .filter(schedule__in=schedules)
        .filter(**({"schedule_id": schedule_id} if schedule_id else {}))
        .select_related("schedule__owner")
        .order_by("due", "schedule__name")
    )


def reporting_units_q(period: ReportingPeriod, *, prefix: str = "") -> Q:
    """The units that owe `period`'s report, as a filter (on Unit, or through `prefix`,
    "unit__"): of the schedule's kinds, below its owner, active on the period's last day.
    The same rule as `schedule.reports_from(unit) and unit.is_active_on(period.end)`."""
    schedule = period.schedule
    return (
        Q(
            **{
                f"{prefix}kind__in": schedule.unit_kinds,
                f"{prefix}path__startswith": schedule.owner.path,
            }
        )
        & (Q(**{f"{prefix}active_from__isnull": True}) | Q(**{f"{prefix}active_from__lte": period.end}))
        & (Q(**{f"{prefix}active_to__isnull": True}) | Q(**{f"{prefix}active_to__gte": period.end}))
    )


@dataclass
class PeriodProgress:
    """How far the units a user reaches are with one period: `sent` of `expected`."""

    period: ReportingPeriod
    expected: int
    sent: int
    accepted: int
    returned: int
    late: int  # sent after the due date
    today: datetime.date

    @property
    def owed(self) -> int:
        return max(self.expected - self.sent, 0)

    @property
    def is_past_due(self) -> bool:
        return self.today > self.period.due

    @property
    def percent_sent(self) -> int | None:
        return round(self.sent * 100 / self.expected) if self.expected else None


def period_progress(
    *,
    user,
    today: datetime.date | None = None,
    schedule_id: int | None = None,
    run_only: bool = False,
    periods: list[ReportingPeriod] | None = None,
) -> list[PeriodProgress]:
    """Per recent period (`recent_periods`, or the given ones), how many of the units the
    user reaches owe its report, have sent it (accepted, returned, sent late).

    Three queries whatever the number of units and periods (the Central Union's staff see
    every province's schedule, hundreds of periods, thousands of units): the reporting
    units' kind, path and dates, matched to each schedule's owner by a path range; the
    reports counted in the database by period, unit kind and status."""
    today = today or timezone.localdate()
    if periods is None:
        periods = recent_periods(user=user, today=today, schedule_id=schedule_id, run_only=run_only)
    if not periods:
        return []
    # Counted once per scope, day and set of periods, and kept until a report, a unit or a
    # role changes (`DEADLINE_FIGURES`): the Central Union's list counts 60,000 reports.
    from accounts.scoping import scope_key
    from common.figures import remembered

    digest = hashlib.sha1(",".join(str(p.pk) for p in periods).encode(), usedforsecurity=False).hexdigest()
    key = f"period-progress:{scope_key(user)}:{today.isoformat()}:{digest}"
    figures, _counted_at = remembered(
        app_label=DEADLINE_FIGURES, key=key, compute=lambda: _period_tallies(user=user, periods=periods)
    )
    return [
        PeriodProgress(
            period=p,
            expected=figures[p.pk][0],
            sent=figures[p.pk][1],
            accepted=figures[p.pk][2],
            returned=figures[p.pk][3],
            late=figures[p.pk][4],
            today=today,
        )
        for p in periods
    ]


def _period_tallies(*, user, periods: list[ReportingPeriod]) -> dict[int, tuple[int, int, int, int, int]]:
    """{period id: (expected, sent, accepted, returned, late)} for the units the user reaches."""
    kinds = {kind for p in periods for kind in p.schedule.unit_kinds}
    units = list(
        Unit.objects.visible_to(user)
        .filter(kind__in=kinds)
        .only("path", "kind", "active_from", "active_to")
        .order_by("path")
    )
    paths = [unit.path for unit in units]

    def under(owner_path: str) -> list[Unit]:
        """The units below `owner_path`: a slice of the path-sorted list, not a scan."""
        return units[bisect.bisect_left(paths, owner_path) : bisect.bisect_left(paths, owner_path + "\uffff")]

    expected = {
        p.pk: sum(
            1 for unit in under(p.schedule.owner.path) if p.schedule.reports_from(unit) and unit.is_active_on(p.end)
        )
        for p in periods
    }
    counts: dict[int, dict[str, int]] = {p.pk: defaultdict(int) for p in periods}
    by_pk = {p.pk: p for p in periods}
    rows = (
        UnitReport.objects.filter(period__in=periods, unit__in=Unit.objects.visible_to(user))
        # The same units `reporting_units_q` names, for every period at once.
        .filter(unit__path__startswith=F("period__schedule__owner__path"))
        .filter(Q(unit__active_from__isnull=True) | Q(unit__active_from__lte=F("period__end")))
        .filter(Q(unit__active_to__isnull=True) | Q(unit__active_to__gte=F("period__end")))
        .order_by()
        .values_list("period_id", "unit__kind", "status", "submitted_late")
        .annotate(n=Count("pk"))
    )
    for period_id, kind, status, late, n in rows:
        if kind not in by_pk[period_id].schedule.unit_kinds:
            continue
        tally = counts[period_id]
        if status in UnitReport.SENT:
            tally["sent"] += n
            tally["late"] += n if late else 0
        tally[status] += n
    return {
        p.pk: (
            expected[p.pk],
            counts[p.pk]["sent"],
            counts[p.pk][UnitReport.Status.ACCEPTED],
            counts[p.pk][UnitReport.Status.RETURNED],
            counts[p.pk]["late"],
        )
        for p in periods
    }


# The filters of a period's unit list.
PERIOD_FILTERS = ("owed", "sent", "late", "all")


def period_units(*, user, period: ReportingPeriod, shown: str = "owed") -> QuerySet[Unit]:
    """The units the user reaches that owe `period`'s report, by path, with `has_sent`:
    "owed" those that have not sent it, "sent" those that have, "late" those late (sent
    late, or not sent after the due date), "all" every one."""
    sent = UnitReport.objects.filter(period=period, unit=OuterRef("pk"), status__in=UnitReport.SENT)
    units = (
        Unit.objects.visible_to(user)
        .filter(reporting_units_q(period))
        .annotate(has_sent=Exists(sent))
        .order_by("path")
    )
    if shown == "owed":
        return units.filter(has_sent=False)
    if shown == "sent":
        return units.filter(has_sent=True)
    if shown == "late":
        late = Exists(sent.filter(submitted_late=True))
        return units.filter(late | Q(has_sent=False)) if period.due < timezone.localdate() else units.filter(late)
    return units


def reports_of(*, period: ReportingPeriod, units) -> dict[int, UnitReport]:
    """The reports (any status) of `units` for `period`, by unit id. One query."""
    return {
        r.unit_id: r
        for r in UnitReport.objects.filter(period=period, unit__in=list(units)).select_related("submitted_by")
    }


def unit_rows(
    *, user, today: datetime.date | None = None, schedule_id: int | None = None, own_units_only: bool = False
) -> list[OwedRow]:
    """Every (period, unit) the user's units must report on, started by today, for the
    schedules the user sees (those of their units and of the units above them).

    With `own_units_only`, only the units the user is a member of (a staff member's own
    union owing a schedule of the unit above it), not the subtree they reach: the subtree
    is followed period by period (`period_progress`, `period_units`).

    Unsent ones first by due date, then the recent sent ones. Four queries.
    """
    today = today or timezone.localdate()
    periods = recent_periods(user=user, today=today, schedule_id=schedule_id)
    if not periods:
        return []
    kinds = {kind for p in periods for kind in p.schedule.unit_kinds}
    units = Unit.objects.visible_to(user).filter(kind__in=kinds)
    if own_units_only:
        own = Membership.objects.filter(user=user, role__in=(Membership.Role.STAFF, Membership.Role.OFFICER))
        units = units.filter(pk__in=own.values("unit_id"))
    units = list(units.order_by("path"))
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


class StaffDeadline(NamedTuple):
    """A deadline as the staff pages show it: plain values, so that a national list of
    thousands comes back from the cache in milliseconds (a dataclass per debtor would not)."""

    key: str
    programme: str
    title: str
    due: datetime.date
    url: str
    unit_id: int | None
    unit_name: str
    debtors: int  # how many people still owe it
    details: tuple[str, ...]  # what the first three of them owe


class StaffDeadlineList(Sequence):
    """The staff pages' deadlines, by due day, programme and key, kept as plain tuples (the due
    day as its ordinal): a national list of 40,000 comes back from the cache as it was stored,
    and only the rows a page shows become `StaffDeadline`s (indexing, slicing: `Paginator`)."""

    def __init__(self, rows: list[tuple]):
        self._rows = rows

    def __len__(self) -> int:
        return len(self._rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._deadline(row) for row in self._rows[index]]
        return self._deadline(self._rows[index])

    @staticmethod
    def _deadline(row: tuple) -> StaffDeadline:
        return StaffDeadline._make((*row[:3], datetime.date.fromordinal(row[3]), *row[4:]))

    def programmes(self) -> set[str]:
        return {row[1] for row in self._rows}

    def of_programme(self, code: str) -> StaffDeadlineList:
        return StaffDeadlineList([row for row in self._rows if row[1] == code])

    def late_per_unit_name(self) -> Counter:
        """How many of them each unit owes, by the unit's name (two units of one name together)."""
        return Counter(row[6] for row in self._rows if row[5])


def staff_deadlines(user, *, start: datetime.date, end: datetime.date) -> tuple[StaffDeadlineList, datetime.datetime]:
    """The deadlines of the staff pages due in [start, end], and when they were computed.

    Those the user may see, each app computing only those (`viewer`), that someone owes or
    that name a unit; an app with many items per unit (loan referrals) gives one deadline
    per unit counting them (`summary`). The Central Union's pages gather every province's
    deadlines (a second or more), so the list is kept for the user's scope and language
    until anything it reads from changes (`common.figures`, `DEADLINE_FIGURES`).
    """
    from django.utils import translation

    from accounts.scoping import access_of, scope_key, visible_deadlines
    from common.figures import remembered

    from .reminders import gather

    def compute() -> list[tuple]:
        found = gather(start=start, end=end, viewer=user, summary=True)
        shown = [d for d in visible_deadlines(found, user) if d.owed_by or d.unit_id]
        names = dict(Unit.objects.filter(pk__in={d.unit_id for d in shown if d.unit_id}).values_list("pk", "name"))
        rows = [
            (
                d.key,
                str(d.programme),
                str(d.title),
                d.due.toordinal(),  # a number: 40,000 dates would double the time to unpickle
                str(d.url),
                d.unit_id,
                names.get(d.unit_id, ""),
                len(d.owed_by),
                tuple(str(debtor.detail) for debtor in d.owed_by if debtor.detail)[:3],
            )
            for d in shown
        ]
        return sorted(rows, key=lambda row: (row[3], row[1], row[0]))  # due, programme, key

    roles = ",".join(sorted(access_of(user).roles))
    key = f"staff:{scope_key(user)}:{roles}:{translation.get_language()}:{start.isoformat()}:{end.isoformat()}"
    rows, counted_at = remembered(app_label=DEADLINE_FIGURES, key=key, compute=compute)
    return StaffDeadlineList(rows), counted_at
