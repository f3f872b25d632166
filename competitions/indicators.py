"""Computed indicators of the startup idea contest, read by `reports`.

Measures are attributed to the unit that sent the entry (`Entry.unit`), and count by
the date of their fact: an entry by when it was sent, a round's result by when the
round was decided, a prize by the day it was given (`Award.awarded_on`), never by
when a row was written (a contest of 2021 loaded today still counts in 2021).
"""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicators import (
    AMOUNT,
    COUNT,
    Indicator,
    Measure,
    Period,
    end_of,
    sent_and_counting_on_period_end,
    start_of,
)

from .models import Award, Entry, RoundResult


def ideas_submitted(period: Period) -> dict[int, Measure]:
    """Entries sent in the period that counted for the unit's quota on its last day (not drafts;
    one withdrawn after the period still counts in it)."""
    rows = (
        sent_and_counting_on_period_end(
            Entry.objects.all(),
            period,
            counting=list(Entry.QUOTA_STATUSES),
            withdrawn=Entry.Status.WITHDRAWN,
            draft=Entry.Status.DRAFT,
        )
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return {unit_id: Measure(value=n) for unit_id, n in rows}


def entries_advancing(period: Period) -> dict[int, Measure]:
    """Entries that went on to a later round or finished the final, decided in the period."""
    rows = (
        RoundResult.objects.filter(
            outcome__in=[RoundResult.Outcome.ADVANCED, RoundResult.Outcome.FINALIST],
            round__decided_at__gte=start_of(period),
            round__decided_at__lt=end_of(period),
        )
        .order_by()
        .values("entry__unit")
        .annotate(n=Count("entry", distinct=True))
        .values_list("entry__unit", "n")
    )
    return {unit_id: Measure(value=n) for unit_id, n in rows}


def _awarded_in(period: Period):
    # A prize written before `awarded_on` existed and missed by its data migration falls
    # back to the day its row was written: the last resort, never the first.
    return Award.objects.annotate(day=Coalesce("awarded_on", TruncDate("created_at"))).filter(
        day__range=(period.start, period.end)
    )


def prizes(period: Period) -> dict[int, Measure]:
    """Prizes awarded in the period to the unit's entries."""
    rows = _awarded_in(period).order_by().values("entry__unit").annotate(n=Count("pk")).values_list("entry__unit", "n")
    return {unit_id: Measure(value=n) for unit_id, n in rows}


def prize_money(period: Period) -> dict[int, Measure]:
    """Prize money awarded in the period to the unit's entries (VND)."""
    rows = (
        _awarded_in(period)
        .order_by()
        .values("entry__unit")
        .annotate(total=Sum("tier__amount"))
        .values_list("entry__unit", "total")
    )
    return {unit_id: Measure(value=total or 0) for unit_id, total in rows}


def _contest_list_url(_unit_id: int, _period: Period) -> str:
    # The contest pages show each unit's entries against its quota; they take no unit filter.
    return reverse("competitions:contest-list")


INDICATORS: list[Indicator] = [
    Indicator(
        code="competitions.ideas_submitted",
        label=_("Ý tưởng, dự án khởi nghiệp đã nộp dự thi"),
        kind=COUNT,
        unit_label=_("ý tưởng"),
        compute=ideas_submitted,
        records_url=_contest_list_url,
    ),
    Indicator(
        code="competitions.entries_advancing",
        label=_("Ý tưởng, dự án vào vòng sau hoặc chung kết"),
        kind=COUNT,
        unit_label=_("ý tưởng"),
        compute=entries_advancing,
        records_url=_contest_list_url,
    ),
    Indicator(
        code="competitions.prizes",
        label=_("Giải thưởng cuộc thi ý tưởng khởi nghiệp"),
        kind=COUNT,
        unit_label=_("giải"),
        compute=prizes,
        records_url=_contest_list_url,
    ),
    Indicator(
        code="competitions.prize_money",
        label=_("Tiền thưởng cuộc thi ý tưởng khởi nghiệp"),
        kind=AMOUNT,
        unit_label=_("đồng"),
        compute=prize_money,
        records_url=_contest_list_url,
    ),
]
