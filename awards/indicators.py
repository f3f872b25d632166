"""Computed indicators of the young-entrepreneur commendation, read by `reports`.

Measures are attributed to the unit that sent the nomination (`Nomination.unit`) and
count by the date of their fact: a nomination by when it was sent, an awardee by the
day the programme's decision was signed (else the day its council closed).
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicator_counts import count_by_unit
from common.indicators import COUNT, Indicator, Measure, Period, sent_and_counting_on_period_end

from .models import Nomination


def nominations(period: Period) -> dict[int, Measure]:
    """Nominations sent in the period that still stood on its last day (drafts and nominations
    withdrawn within the period do not count; one withdrawn after it still counts in it)."""
    counting = [s for s in Nomination.Status.values if s not in (Nomination.Status.DRAFT, Nomination.Status.WITHDRAWN)]
    return count_by_unit(
        sent_and_counting_on_period_end(
            Nomination.objects.all(),
            period,
            counting=counting,
            withdrawn=Nomination.Status.WITHDRAWN,
            draft=Nomination.Status.DRAFT,
        )
    )


def awardees(period: Period) -> dict[int, Measure]:
    """Young people commended by a decision made in the period.

    The decision's date is the one on the signed decision, else the day the council
    closed; an approved nomination with neither (a programme recorded by hand) counts
    in its programme's year."""
    decided_on = Coalesce("programme__decision_date", TruncDate("programme__council_closed_at"))
    return count_by_unit(
        Nomination.objects.filter(status=Nomination.Status.APPROVED)
        .annotate(decided_on=decided_on)
        .filter(
            Q(decided_on__range=(period.start, period.end))
            | Q(
                decided_on__isnull=True,
                programme__year__gte=period.start.year,
                programme__year__lte=period.end.year,
            )
        )
    )


def _programme_list_url(_unit_id: int, _period: Period) -> str:
    return reverse("awards:programme-list")


INDICATORS: list[Indicator] = [
    Indicator(
        code="awards.nominations",
        label=_("Hồ sơ đề nghị tuyên dương thanh niên làm kinh tế giỏi"),
        kind=COUNT,
        unit_label=_("hồ sơ"),
        compute=nominations,
        records_url=_programme_list_url,
    ),
    Indicator(
        code="awards.awardees",
        label=_("Thanh niên làm kinh tế giỏi được tuyên dương"),
        kind=COUNT,
        unit_label=_("người"),
        compute=awardees,
        records_url=_programme_list_url,
    ),
]
