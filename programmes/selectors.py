"""Reads of the model programmes: dashboard figures, overdue reports, lists, and the
successful models the award programmes may nominate.

Every function takes the reading user when its rows belong to units, and starts from
`visible_to(user)`; each costs a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ventures.models import Entrepreneur, Venture, VentureUpdate

from .models import ModelProgramme, ProgrammeParticipant, SupportRecord, TrainingAttendance, TrainingSession

Status = ProgrammeParticipant.Status
PeriodKind = VentureUpdate.PeriodKind


def programmes_for(*, user) -> QuerySet[ModelProgramme]:
    return ModelProgramme.objects.visible_to(user).select_related("owner")


def participants_for(*, programme: ModelProgramme, user) -> QuerySet[ProgrammeParticipant]:
    """The programme's participants the user may see, with venture, owners and unit."""
    return (
        ProgrammeParticipant.objects.visible_to(user)
        .filter(programme=programme)
        .select_related("venture", "unit")
        .prefetch_related(Prefetch("venture__owners", queryset=Entrepreneur.objects.order_by("full_name", "pk")))
        .order_by("unit__path", "venture__name", "pk")
    )


def participants_visible(*, user) -> QuerySet[ProgrammeParticipant]:
    """Every participant the user may see, with its programme, venture and unit."""
    return ProgrammeParticipant.objects.visible_to(user).select_related("programme__owner", "venture", "unit")


def training_sessions_visible(*, user) -> QuerySet[TrainingSession]:
    """The training sessions of the programmes the user may see, with the organiser."""
    return TrainingSession.objects.visible_to(user).select_related("programme__owner")


def with_activity(queryset: QuerySet[ProgrammeParticipant]) -> QuerySet[ProgrammeParticipant]:
    """Adds support_count, loan_total and trainings_attended as subqueries (no row fan-out)."""
    support = SupportRecord.objects.filter(participant=OuterRef("pk")).order_by().values("participant")
    attended = (
        TrainingAttendance.objects.filter(participant=OuterRef("pk"), attended=True).order_by().values("participant")
    )
    zero = Value(0, output_field=IntegerField())
    return queryset.annotate(
        support_count=Coalesce(Subquery(support.annotate(n=Count("pk")).values("n")), zero),
        loan_total=Coalesce(
            Subquery(support.filter(kind__in=SupportRecord.LOAN_KINDS).annotate(total=Sum("amount")).values("total")),
            zero,
        ),
        trainings_attended=Coalesce(Subquery(attended.annotate(n=Count("pk")).values("n")), zero),
    )


# --- Dashboard ---------------------------------------------------------------------


@dataclass
class Tally:
    """Models of one group (a unit, a sector, the whole programme) at each stage."""

    key: str
    label: str
    registered: int = 0
    selected: int = 0
    active: int = 0
    successful: int = 0
    commended: int = 0
    replicated: int = 0

    def add(self, other: Tally) -> None:
        for name in ("registered", "selected", "active", "successful", "commended", "replicated"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Dashboard:
    target: int
    totals: Tally
    by_unit: list[Tally] = field(default_factory=list)
    by_sector: list[Tally] = field(default_factory=list)

    @property
    def target_percent(self) -> int:
        """Successful models against the target, capped at 100 for the progress bar."""
        return min(100, round(100 * self.totals.successful / self.target)) if self.target else 0

    @property
    def selected_percent(self) -> int:
        return min(100, round(100 * self.totals.selected / self.target)) if self.target else 0

    def chart(self, labels: dict[str, str]) -> dict:
        """What static/js/programme_chart.js draws: one bar group per unit."""
        return {
            "labels": [row.label for row in self.by_unit],
            "series": [
                {"label": labels[name], "data": [getattr(row, name) for row in self.by_unit]}
                for name in ("registered", "selected", "active", "successful")
            ],
        }


_STAGES = {
    # Withdrawn registrations are left out of every figure.
    "registered": Count("pk"),
    "selected": Count("pk", filter=Q(status=Status.SELECTED)),
    "active": Count("pk", filter=Q(status=Status.SELECTED, venture__status=Venture.Status.ACTIVE)),
    "successful": Count("pk", filter=Q(status=Status.SELECTED, is_successful=True)),
    "commended": Count("pk", filter=Q(status=Status.SELECTED, to_commend=True)),
    "replicated": Count("pk", filter=Q(status=Status.SELECTED, to_replicate=True)),
}


def _tally(row: dict, *, key: str, label: str) -> Tally:
    return Tally(key=key, label=label, **{name: row[name] for name in _STAGES})


def programme_dashboard(*, programme: ModelProgramme, user) -> Dashboard:
    """Registered, selected, active and successful models against the target, by unit
    and by sector, over the participants the user may see. Two queries."""
    base = ProgrammeParticipant.objects.visible_to(user).filter(programme=programme).exclude(status=Status.WITHDRAWN)
    by_unit = [
        _tally(row, key=str(row["unit_id"]), label=row["unit__name"])
        for row in base.values("unit_id", "unit__name", "unit__path").annotate(**_STAGES).order_by("unit__path")
    ]
    sectors = dict(Venture.Sector.choices)
    by_sector = [
        _tally(row, key=row["sector"], label=str(sectors.get(row["sector"], row["sector"])))
        for row in base.values("sector").annotate(**_STAGES).order_by("sector")
    ]
    totals = Tally(key="all", label="")
    for row in by_unit:
        totals.add(row)
    return Dashboard(target=programme.target_models, totals=totals, by_unit=by_unit, by_sector=by_sector)


# --- Overdue progress reports ------------------------------------------------------


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int
    start: datetime.date
    end: datetime.date
    due: datetime.date

    @property
    def label(self) -> str:
        return VentureUpdate(period_kind=self.kind, year=self.year, period_number=self.number).period_label


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)


def _due_after(end: datetime.date, due_day: int) -> datetime.date:
    """Day `due_day` of the month after the period ends."""
    following = end + datetime.timedelta(days=1)
    return following.replace(day=min(max(due_day, 1), 28))


def periods_between(*, kinds: list[str], start: datetime.date, end: datetime.date, due_day: int) -> list[Period]:
    """Every reporting period of these kinds that overlaps [start, end], oldest first."""
    periods: list[Period] = []
    for year in range(start.year, end.year + 1):
        candidates = []
        if PeriodKind.MONTH in kinds:
            candidates += [(PeriodKind.MONTH, m, datetime.date(year, m, 1), _month_end(year, m)) for m in range(1, 13)]
        if PeriodKind.HALF_YEAR in kinds:
            candidates += [
                (PeriodKind.HALF_YEAR, 1, datetime.date(year, 1, 1), datetime.date(year, 6, 30)),
                (PeriodKind.HALF_YEAR, 2, datetime.date(year, 7, 1), datetime.date(year, 12, 31)),
            ]
        if PeriodKind.YEAR in kinds:
            candidates.append((PeriodKind.YEAR, 1, datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        periods += [
            Period(kind, year, number, first, last, _due_after(last, due_day))
            for kind, number, first, last in candidates
            if first <= end and last >= start
        ]
    # Oldest first; of periods ending together, the month before the half-year before the year.
    return sorted(periods, key=lambda p: (p.end, -p.start.toordinal()))


def overdue_periods(*, programme: ModelProgramme, today: datetime.date) -> list[Period]:
    """The programme's reporting periods whose due day has passed by `today`.

    A period is due on VENTURE_UPDATE_DUE_DAY of the month after it ends (the report
    of May by 5 June, of the first half-year by 5 July, of the year by 5 January).
    """
    periods = periods_between(
        kinds=programme.report_kinds,
        start=programme.reporting_start,
        end=programme.end_date,
        due_day=settings.VENTURE_UPDATE_DUE_DAY,
    )
    return [p for p in periods if p.due < today]


@dataclass
class OverdueRow:
    participant: ProgrammeParticipant
    periods: list[Period]


def overdue_reports(*, programme: ModelProgramme, user, today: datetime.date | None = None) -> list[OverdueRow]:
    """Selected models with an active venture and a report missing for a period that
    is past due, each with its missing periods. A venture owes no period that ended
    before it was founded. Two queries whatever the number of models and periods."""
    today = today or timezone.localdate()
    periods = overdue_periods(programme=programme, today=today)
    if not periods:
        return []
    participants = list(
        ProgrammeParticipant.objects.visible_to(user)
        .filter(programme=programme, status=Status.SELECTED, venture__status=Venture.Status.ACTIVE)
        .select_related("venture", "unit")
        .order_by("unit__path", "venture__name", "pk")
    )
    if not participants:
        return []
    filed = set(
        VentureUpdate.objects.filter(
            venture__in=[p.venture_id for p in participants], year__in={p.year for p in periods}
        ).values_list("venture_id", "period_kind", "year", "period_number")
    )
    rows = []
    for participant in participants:
        founded = participant.venture.founded_on
        missing = [
            p
            for p in periods
            if (participant.venture_id, p.kind, p.year, p.number) not in filed
            and (founded is None or founded <= p.end)
        ]
        if missing:
            rows.append(OverdueRow(participant=participant, periods=missing))
    return rows


# --- Training and support ----------------------------------------------------------


def training_sessions_for(*, programme: ModelProgramme) -> QuerySet[TrainingSession]:
    return programme.training_sessions.annotate(
        attended_count=Count("attendances", filter=Q(attendances__attended=True))
    ).order_by("date", "pk")


def support_records_for(*, programme: ModelProgramme, user) -> QuerySet[SupportRecord]:
    return (
        SupportRecord.objects.visible_to(user)
        .filter(participant__programme=programme)
        .select_related("participant__venture", "participant__unit", "recorded_by")
    )


@dataclass
class SupportLine:
    kind: str
    label: str
    count: int
    amount: int


def support_summary(*, programme: ModelProgramme, user) -> list[SupportLine]:
    """How many times each kind of support was given, and the amounts, in one query."""
    labels = dict(SupportRecord.Kind.choices)
    rows = (
        SupportRecord.objects.visible_to(user)
        .filter(participant__programme=programme)
        .values("kind")
        .annotate(count=Count("pk"), amount=Coalesce(Sum("amount"), 0))
        .order_by("kind")
    )
    return [
        SupportLine(row["kind"], str(labels.get(row["kind"], row["kind"])), row["count"], row["amount"])
        for row in rows
    ]


# --- For the award programmes ------------------------------------------------------


def successful_participants(
    *, programme: ModelProgramme | None, user=None, commended_only: bool = False
) -> QuerySet[ProgrammeParticipant]:
    """Models the programme's evaluation marked successful, those to commend first
    (`programme=None`: of every model programme).

    Each comes with its venture, the venture's owners (`participant.venture.owners.all()`,
    prefetched) and the registering unit, so an award programme can pre-fill its
    nominations without importing anything else from here. Pass `user` to keep to
    the units that user may see.
    """
    queryset = ProgrammeParticipant.objects.filter(status=Status.SELECTED, is_successful=True)
    if programme is not None:
        queryset = queryset.filter(programme=programme)
    if commended_only:
        queryset = queryset.filter(to_commend=True)
    if user is not None:
        queryset = queryset.visible_to(user)
    return (
        queryset.select_related("programme", "venture", "unit")
        .prefetch_related(Prefetch("venture__owners", queryset=Entrepreneur.objects.select_related("unit")))
        .order_by("-to_commend", "unit__path", "venture__name", "pk")
    )
