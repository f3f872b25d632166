"""Computed indicators of the model programmes, read by `reports`.

Each measure is attributed to the registering unit of a participant; `reports` rolls
them up the tree. The codes keep their first `ventures.` prefix: plans and report
templates already saved name them (`reports` stores the code), and a code is an
identifier, not a path.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicators import COUNT, Indicator, Measure, Period, end_of, start_of
from ventures.models import Venture

from .models import ModelProgramme, ProgrammeParticipant


def _pioneer_participants(period: Period):
    """Participants of "Bí thư Chi đoàn tiên phong khởi nghiệp" programmes running in the period."""
    # eligible_kinds is a JSON list; SQLite has no JSON "contains", and programmes are few.
    running = ModelProgramme.objects.filter(start_date__lte=period.end, end_date__gte=period.start)
    ids = [
        pk
        for pk, kinds in running.values_list("pk", "eligible_kinds")
        if not kinds or Venture.Kind.PIONEER_SECRETARY.value in kinds
    ]
    return ProgrammeParticipant.objects.filter(programme__in=ids)


def pioneer_models(period: Period) -> dict[int, Measure]:
    """Models of the pioneer programmes running in the period, taking part (registered or
    selected) on its last day.

    The status on that day is the latest one the history kept before the day was over
    (a model withdrawn since still counts for the period it took part in)."""
    participants = _pioneer_participants(period).order_by()
    state = {pk: (unit_id, status) for pk, unit_id, status in participants.values_list("pk", "unit_id", "status")}
    for participant_id, unit_id, status in (
        ProgrammeParticipant.history.filter(id__in=participants.values("pk"), history_date__lt=end_of(period))
        .order_by("history_date", "history_id")
        .values_list("id", "unit_id", "status")
    ):
        state[participant_id] = (unit_id, status)
    counts: dict[int, int] = defaultdict(int)
    for unit_id, status in state.values():
        if status in ProgrammeParticipant.TAKING_PART:
            counts[unit_id] += 1
    return {unit_id: Measure(value=n) for unit_id, n in counts.items()}


def pioneer_models_successful(period: Period) -> dict[int, Measure]:
    """Models of a pioneer programme evaluated as built successfully, by the day of the evaluation
    (an evaluation with no time recorded counts in its programme's running period)."""
    rows = (
        _pioneer_participants(period)
        .filter(is_successful=True)
        .filter(Q(evaluated_at__isnull=True) | Q(evaluated_at__gte=start_of(period), evaluated_at__lt=end_of(period)))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return {unit_id: Measure(value=n) for unit_id, n in rows}


def _programme_list_url(_unit_id: int, _period: Period) -> str:
    return reverse("programmes:programme-list")


INDICATORS: list[Indicator] = [
    Indicator(
        code="ventures.pioneer_models",
        label=_("Mô hình “Bí thư Chi đoàn tiên phong khởi nghiệp” đang tham gia"),
        kind=COUNT,
        unit_label=_("mô hình"),
        compute=pioneer_models,
        records_url=_programme_list_url,
    ),
    Indicator(
        code="ventures.pioneer_models_successful",
        label=_("Mô hình “Bí thư Chi đoàn tiên phong khởi nghiệp” xây dựng thành công"),
        kind=COUNT,
        unit_label=_("mô hình"),
        compute=pioneer_models_successful,
        records_url=_programme_list_url,
    ),
]
