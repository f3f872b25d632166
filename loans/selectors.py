"""Read queries of the loans pages, all starting from `visible_to(user)`."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from common import registry
from common.registry import CapitalProposal
from common.search import search

from .models import GOOD_GRADE_TARGET, GroupGrade, Referral, ReferralStep, SavingsGroup

S = Referral.Status
REFERRAL_RELATED = ("entrepreneur", "unit", "programme", "branch", "group", "venture")
DECIDED_OK = (S.APPROVED, S.DISBURSED, S.REPAYING, S.OVERDUE, S.CLOSED)


def referrals_for(*, user, filters: dict | None = None) -> QuerySet[Referral]:
    """Visible referrals, filtered by status, programme, unit (with its subtree), dates, waiting side or lateness."""
    filters = filters or {}
    qs = Referral.objects.visible_to(user).select_related(*REFERRAL_RELATED)
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("programme"):
        qs = qs.filter(programme=filters["programme"])
    if filters.get("unit"):
        qs = qs.filter(unit__path__startswith=filters["unit"].path)
    if filters.get("date_from"):
        qs = qs.filter(submitted_on__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(submitted_on__lte=filters["date_to"])
    if filters.get("q"):
        qs = search(qs, filters["q"], paths=["entrepreneur__search_text"])
    if filters.get("bank"):
        qs = qs.filter(status__in=Referral.BANK_TURN)
    if filters.get("late"):
        qs = qs.filter(late_filter(timezone.localdate()))
    return qs


def late_filter(today: datetime.date) -> Q:
    """Referrals whose current step has waited longer than allowed."""
    q = Q(pk__in=[])
    for status, days in Referral.ALLOWED_DAYS.items():
        q |= Q(status=status, status_on__lt=today - datetime.timedelta(days=days))
    return q


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class GradeRow:
    unit: object
    groups: int = 0  # active groups
    graded: int = 0  # groups graded for the year
    good: int = 0  # of them, graded khá or better
    graded_inactive: int = 0  # groups graded for the year and no longer active
    by_grade: dict = field(default_factory=dict)

    @property
    def base(self) -> int:
        """Every group the share is taken of: the active ones and those graded for the year."""
        return self.groups + self.graded_inactive

    @property
    def ungraded(self) -> int:
        return self.base - self.graded

    @property
    def share(self) -> Decimal | None:
        """Groups graded khá or better among every group: an ungraded group has not reached khá."""
        return percent(self.good, self.base)

    @property
    def meets_target(self) -> bool:
        return self.share is not None and self.share >= GOOD_GRADE_TARGET


def grade_summary(*, user, year: int) -> tuple[list[GradeRow], GradeRow]:
    """Per unit: active groups, groups graded for `year`, and the share graded khá or better."""
    rows: dict[int, GradeRow] = {}
    groups = SavingsGroup.objects.visible_to(user).filter(is_active=True).select_related("unit")
    for g in groups:
        rows.setdefault(g.unit_id, GradeRow(unit=g.unit)).groups += 1
    grades = (
        GroupGrade.objects.filter(group__in=SavingsGroup.objects.visible_to(user), year=year)
        .values("group__unit_id", "grade", "group__is_active")
        .order_by()
        .annotate(n=Count("pk"))
    )
    for row in grades:
        unit_row = rows.get(row["group__unit_id"])
        if unit_row is None:
            continue
        unit_row.graded += row["n"]
        if not row["group__is_active"]:
            unit_row.graded_inactive += row["n"]
        unit_row.by_grade[row["grade"]] = unit_row.by_grade.get(row["grade"], 0) + row["n"]
        if row["grade"] in GroupGrade.GOOD:
            unit_row.good += row["n"]
    ordered = sorted(rows.values(), key=lambda r: r.unit.path)
    total = GradeRow(unit=None)
    for r in ordered:
        total.groups += r.groups
        total.graded += r.graded
        total.good += r.good
        total.graded_inactive += r.graded_inactive
        for grade, n in r.by_grade.items():
            total.by_grade[grade] = total.by_grade.get(grade, 0) + n
    return ordered, total


@dataclass
class DashboardRow:
    label: str
    referrals: int = 0
    amount_asked: int = 0
    decided: int = 0
    approved: int = 0
    approved_amount: int = 0
    disbursed: int = 0
    disbursed_amount: int = 0
    overdue: int = 0
    key: object = None  # the unit's or programme's id

    @property
    def approval_rate(self) -> Decimal | None:
        return percent(self.approved, self.decided)

    @property
    def overdue_share(self) -> Decimal | None:
        return percent(self.overdue, self.disbursed)


# The dashboard's sums, computed by the database per unit or programme (a province
# has thousands of referrals; no model object is built for any of them).
_DASHBOARD_SUMS = {
    "referrals": Count("pk"),
    "amount_asked": Coalesce(Sum("amount"), 0),
    "decided": Count("pk", filter=Q(status__in=(*DECIDED_OK, S.REJECTED))),
    "approved": Count("pk", filter=Q(status__in=DECIDED_OK)),
    "approved_amount": Coalesce(Sum("approved_amount", filter=Q(status__in=DECIDED_OK)), 0),
    "disbursed": Count("pk", filter=Q(disbursed_amount__gt=0)),
    "disbursed_amount": Coalesce(Sum("disbursed_amount", filter=Q(disbursed_amount__gt=0)), 0),
    "overdue": Count("pk", filter=Q(status=S.OVERDUE)),
}


def _dashboard_rows(referrals, *group) -> list[dict]:
    return list(referrals.order_by().values(*group).annotate(**_DASHBOARD_SUMS))


def _row(label: str, sums: dict, key=None) -> DashboardRow:
    return DashboardRow(label=label, key=key, **{name: sums[name] for name in _DASHBOARD_SUMS})


def dashboard(*, referrals) -> dict:
    """Totals by unit and by programme, and the average days each step took. Four queries."""
    unit_sums = _dashboard_rows(referrals, "unit_id", "unit__name", "unit__path")
    by_unit = [_row(r["unit__name"], r, key=r["unit_id"]) for r in sorted(unit_sums, key=lambda r: r["unit__path"])]
    by_programme = [
        _row(r["programme__name"], r, key=r["programme_id"])
        for r in _dashboard_rows(referrals, "programme_id", "programme__name")
    ]
    total = referrals.order_by().aggregate(**_DASHBOARD_SUMS)
    return {
        "by_unit": by_unit,
        "by_programme": sorted(by_programme, key=lambda row: row.label),
        "total": _row("", total),
        "step_days": step_days(referrals=referrals),
    }


def step_days(*, referrals) -> list[tuple[str, Decimal | None, int]]:
    """For each step of the main path: (label, average days from the previous step, how many)."""
    durations: dict[str, list[int]] = defaultdict(list)
    last: dict[int, datetime.date] = {}
    steps = ReferralStep.objects.filter(referral__in=referrals.order_by().values("pk")).order_by(
        "referral_id", "on", "pk"
    )
    for referral_id, to_status, on in steps.values_list("referral_id", "to_status", "on"):
        previous = last.get(referral_id)
        if previous is not None:
            durations[to_status].append((on - previous).days)
        last[referral_id] = on
    result = []
    for status in S:
        if status == S.SUBMITTED:
            continue
        values = durations.get(status, [])
        average = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1")) if values else None
        result.append((str(status.label), average, len(values)))
    return result


def capital_proposals_awaiting(*, user) -> list[CapitalProposal]:
    """Projects proposed for capital support (contest entries after the final) that the
    user may see and no referral was made from yet. One query, and one per source."""
    referred = set(Referral.objects.exclude(source_key="").values_list("source_key", flat=True))
    return [p for p in registry.capital_proposals(user=user) if p.key not in referred]


def capital_proposal_awaiting(*, user, key: str) -> CapitalProposal | None:
    """The proposal `key` names, if the user may see it and no referral was made from it yet."""
    if Referral.objects.filter(source_key=key).exists():
        return None
    return next((p for p in registry.capital_proposals(user=user, keys=[key]) if p.key == key), None)


def referral_source_link(*, referral: Referral, viewer) -> str:
    """The page of the proposal the referral was made from, or "" (none, gone, or not for this viewer)."""
    return registry.capital_proposal_link(key=referral.source_key, viewer=viewer) if referral.source_key else ""
