"""Reads of the events app: lists with their counts, the attendance report, the
"youth trained" count and the share of schools with a startup club.

How distinct people trained are counted (Decision 897/QĐ-TTg: "youth trained in
startup skills each year"): among the attended registrations (confirmed and checked
in) of published events marked "counts as startup training" that started within the
period, a person is the registry's entrepreneur when the registration is linked to one,
else the normalised phone number. Each person counts once per period, for the unit of
their first attended training in the period: the registration's unit (the
entrepreneur's unit, or the unit the registrant chose), or the organising unit when it
is unknown. So a person trained twice in a year counts once, and roll-ups up the union
tree never count one person twice.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Unit
from common.choices import Ethnicity, Gender
from common.indicators import Period, counting_at_end_of
from common.search import search

from .models import Event, Registration, StartupClub

REG = Registration.Status


def event_rows(*, user, kind: str = "", year: int | None = None, q: str = "", scope: str = "", voided: bool = False):
    """Events the user sees, newest first, with their registration counts in the same query.
    Voided events are left out unless asked for (then only they are listed)."""
    events = Event.objects.visible_to(user).select_related("unit")
    events = events.voided() if voided else events.not_voided()
    if scope == "mine":
        events = events.managed_by(user)
    if kind:
        events = events.filter(kind=kind)
    if year:
        events = events.filter(starts_at__year=year)
    events = search(events.order_by("-starts_at", "pk"), q, paths=["search_text", "unit__search_text"])
    return events.annotate(
        confirmed_count=Count("registrations", filter=Q(registrations__status=REG.CONFIRMED)),
        waiting_count=Count("registrations", filter=Q(registrations__status=REG.WAITING)),
        attended_count=Count(
            "registrations",
            filter=Q(registrations__status=REG.CONFIRMED, registrations__checked_in_at__isnull=False),
        ),
    )


def event_counts(*, event: Event) -> dict:
    return event.registrations.aggregate(
        confirmed=Count("pk", filter=Q(status=REG.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=REG.WAITING)),
        cancelled=Count("pk", filter=Q(status=REG.CANCELLED)),
        attended=Count("pk", filter=Q(status=REG.CONFIRMED, checked_in_at__isnull=False)),
        rated=Count("pk", filter=Q(rating__isnull=False)),
    )


def registrations_of(*, event: Event, user, status: str = "", q: str = ""):
    """The event's registrations the user may see (all of them for its managers)."""
    registrations = (
        Registration.objects.visible_to(user)
        .filter(event=event)
        .select_related("entrepreneur", "entrepreneur__unit", "unit", "registered_by")
    )
    if status:
        registrations = registrations.filter(status=status)
    registrations = registrations.order_by("status", "waiting_position", "created_at", "pk")
    return search(registrations, q, paths=["search_text", "entrepreneur__search_text"])


def public_calendar(*, now: datetime.datetime | None = None):
    """Published public events that have not ended, soonest first."""
    return Event.objects.public().upcoming(now).select_related("unit").order_by("starts_at", "pk")


def waiting_rank(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not waiting."""
    if registration.status != REG.WAITING:
        return None
    ahead = registration.event.registrations.filter(
        status=REG.WAITING, waiting_position__lt=registration.waiting_position
    ).count()
    return ahead + 1


# --- the attendance report ---------------------------------------------------------


@dataclass
class ReportLine:
    label: str
    registered: int = 0
    attended: int = 0


@dataclass
class AttendanceReport:
    by_unit: list[ReportLine] = field(default_factory=list)
    by_gender: list[ReportLine] = field(default_factory=list)
    by_ethnicity: list[ReportLine] = field(default_factory=list)
    registered: int = 0
    attended: int = 0


def attendance_report(*, event: Event) -> AttendanceReport:
    """Confirmed and attended people of one event by unit, gender and ethnicity."""
    registrations = (
        event.registrations.filter(status=REG.CONFIRMED)
        .select_related("entrepreneur", "unit")
        .order_by("unit__path", "pk")
    )
    units: dict[str, ReportLine] = {}
    genders: dict[str, ReportLine] = {}
    ethnicities: dict[str, ReportLine] = {}
    gender_labels = dict(Gender.choices)
    ethnicity_labels = dict(Ethnicity.choices)
    report = AttendanceReport()
    for r in registrations:
        unit_label = r.unit.name if r.unit_id else (r.organisation or _no_unit())
        keys = [
            (units, unit_label, unit_label),
            (genders, r.person_gender, str(gender_labels.get(r.person_gender, _unknown()))),
            (ethnicities, r.person_ethnicity, str(ethnicity_labels.get(r.person_ethnicity, _unknown()))),
        ]
        for table, key, label in keys:
            line = table.setdefault(key or "", ReportLine(label=label))
            line.registered += 1
            line.attended += int(r.attended)
        report.registered += 1
        report.attended += int(r.attended)
    report.by_unit = list(units.values())
    report.by_gender = sorted(genders.values(), key=lambda line: -line.registered)
    report.by_ethnicity = sorted(ethnicities.values(), key=lambda line: -line.registered)
    return report


def _no_unit() -> str:
    return _("Chưa rõ đơn vị")


def _unknown() -> str:
    return _("Chưa rõ")


# --- youth trained -------------------------------------------------------------------


def trained_registrations(*, start: datetime.date, end: datetime.date):
    """Attended registrations of startup-training events that started in [start, end]."""
    return Registration.objects.attended().filter(
        _counting(start, end, prefix="event__"),
        event__counts_as_training=True,
        event__starts_at__date__gte=start,
        event__starts_at__date__lte=end,
    )


def _counting(start: datetime.date, end: datetime.date, *, prefix: str = ""):
    """Published events not voided by the period's end: a voided event that took place
    stays published and counts in the periods that ended before its void; one voided
    before it took place was cancelled with the void (`services.event_void`)."""
    return Q(**{f"{prefix}status": Event.Status.PUBLISHED}) & counting_at_end_of(Period(start, end), prefix)


def person_key(*, entrepreneur_id: int | None, phone: str, pk: int) -> str:
    if entrepreneur_id:
        return f"e:{entrepreneur_id}"
    if phone:
        return f"p:{phone}"
    return f"r:{pk}"


def trained_people(*, start: datetime.date, end: datetime.date) -> dict[str, int]:
    """Person key -> the unit id they count for, over the period (see the module docstring)."""
    rows = (
        trained_registrations(start=start, end=end)
        .order_by("event__starts_at", "pk")
        .values_list("pk", "entrepreneur_id", "phone", "unit_id", "entrepreneur__unit_id", "event__unit_id")
    )
    people: dict[str, int] = {}
    for pk, entrepreneur_id, phone, unit_id, entrepreneur_unit_id, event_unit_id in rows:
        key = person_key(entrepreneur_id=entrepreneur_id, phone=phone, pk=pk)
        if key not in people:
            people[key] = unit_id or entrepreneur_unit_id or event_unit_id
    return people


def youth_trained_by_unit(*, start: datetime.date, end: datetime.date) -> dict[int, int]:
    return dict(Counter(trained_people(start=start, end=end).values()))


@dataclass
class TrainedRow:
    unit: Unit
    own: int  # people counted for this unit itself
    total: int  # the unit and every unit below it


def youth_trained_table(*, user, year: int) -> tuple[list[TrainedRow], int]:
    """Per visible unit: distinct people trained in `year`, its own and with its subtree."""
    counts = youth_trained_by_unit(start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31))
    units = list(Unit.objects.visible_to(user).order_by("path"))
    paths = {u.pk: u.path for u in Unit.objects.filter(pk__in=list(counts)).only("pk", "path")}
    rows = []
    for unit in units:
        total = sum(n for unit_id, n in counts.items() if paths.get(unit_id, "").startswith(unit.path))
        own = counts.get(unit.pk, 0)
        if total:
            rows.append(TrainedRow(unit=unit, own=own, total=total))
    visible_ids = {u.pk for u in units}
    overall = sum(n for unit_id, n in counts.items() if unit_id in visible_ids)
    return rows, overall


def events_held_by_unit(*, start: datetime.date, end: datetime.date) -> dict[int, int]:
    """Published events that took place (started) in the period, by organising unit."""
    rows = (
        Event.objects.filter(_counting(start, end), starts_at__date__gte=start, starts_at__date__lte=end)
        .filter(ends_at__lte=timezone.now())
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


# --- clubs ---------------------------------------------------------------------------


def schools_with_club(*, on: datetime.date | None = None) -> dict[int, bool]:
    """Every active school unit -> whether an active startup club meets there (by `on`)."""
    on = on or timezone.localdate()
    schools = Unit.objects.active(on).filter(kind=Unit.Kind.SCHOOL).values_list("pk", flat=True)
    with_club = set(
        StartupClub.objects.filter(is_active=True, school__isnull=False)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=on))
        .values_list("school_id", flat=True)
    )
    return {pk: pk in with_club for pk in schools}


@dataclass
class ClubShare:
    schools: int
    with_club: int

    @property
    def percent(self) -> int:
        return round(100 * self.with_club / self.schools) if self.schools else 0


def club_share(*, user) -> ClubShare:
    visible = set(Unit.objects.visible_to(user).filter(kind=Unit.Kind.SCHOOL).values_list("pk", flat=True))
    table = {pk: has for pk, has in schools_with_club().items() if pk in visible}
    return ClubShare(schools=len(table), with_club=sum(table.values()))
