"""Computed indicators of the registry, read by `reports`.

Each measure is attributed to the unit the records belong to (`Venture.unit`);
`reports` rolls them up the tree.

A venture counts from the day it started (`founded_on`; the day it was entered only
when that is unknown), and a state ("cooperatives still running") is the state on the
period's last day, read from the venture's history: a cooperative closed this year
still counts for last year.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicators import COUNT, Indicator, Measure, Period, counting_at_end_of, end_of

from .models import Venture

# Youth-led cooperatives in the sense of Decision 897/QĐ-TTg: cooperatives and cooperative groups.
COOPERATIVE_KINDS = (Venture.Kind.COOPERATIVE, Venture.Kind.COOPERATIVE_GROUP)


def _counts(queryset, unit_field: str = "unit") -> dict[int, Measure]:
    rows = queryset.order_by().values(unit_field).annotate(n=Count("pk", distinct=True)).values_list(unit_field, "n")
    return {unit_id: Measure(value=n) for unit_id, n in rows}


def _started():
    """Ventures with the day they started: founded, else entered in the registry."""
    return Venture.objects.annotate(started_on=Coalesce("founded_on", TruncDate("created_at")))


def ventures_registered(period: Period) -> dict[int, Measure]:
    """New youth economic models: ventures started during the period."""
    started = _started().filter(started_on__range=(period.start, period.end))
    return _counts(started.filter(counting_at_end_of(period)))  # archived: counted until then


def youth_cooperatives(period: Period) -> dict[int, Measure]:
    """Cooperatives and cooperative groups started by the period's end and not closed on that day.

    The status on that day is the latest one the history kept before the day was over;
    a venture whose history starts later (entered afterwards) is judged by its status now.
    """
    cooperatives = (
        _started()
        .filter(kind__in=COOPERATIVE_KINDS, started_on__lte=period.end)
        .filter(counting_at_end_of(period))
        .order_by()
    )
    state = {pk: (unit_id, status) for pk, unit_id, status in cooperatives.values_list("pk", "unit_id", "status")}
    for venture_id, unit_id, status in (
        Venture.history.filter(id__in=cooperatives.values("pk"), history_date__lt=end_of(period))
        .order_by("history_date", "history_id")
        .values_list("id", "unit_id", "status")
    ):
        state[venture_id] = (unit_id, status)  # the latest before the day was over wins
    counts: dict[int, int] = defaultdict(int)
    for unit_id, status in state.values():
        if status != Venture.Status.CLOSED:
            counts[unit_id] += 1
    return {unit_id: Measure(value=n) for unit_id, n in counts.items()}


def _venture_list_url(unit_id: int, _period: Period, **extra) -> str:
    return f"{reverse('ventures:venture-list')}?{urlencode({'unit': unit_id, **extra})}"


def _cooperative_list_url(unit_id: int, period: Period) -> str:
    return _venture_list_url(unit_id, period, kind=Venture.Kind.COOPERATIVE.value)


INDICATORS: list[Indicator] = [
    Indicator(
        code="ventures.registered",
        label=_("Mô hình kinh tế thanh niên đăng ký mới"),
        kind=COUNT,
        unit_label=_("mô hình"),
        compute=ventures_registered,
        records_url=_venture_list_url,
    ),
    Indicator(
        code="ventures.youth_cooperatives",
        label=_("Hợp tác xã, tổ hợp tác do thanh niên làm chủ"),
        kind=COUNT,
        unit_label=_("HTX, THT"),
        compute=youth_cooperatives,
        records_url=_cooperative_list_url,
    ),
]
