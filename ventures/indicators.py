"""Computed indicators of the registry and the model programmes, read by `reports`.

Each measure is attributed to the unit the records belong to (`Venture.unit`, the
registering unit of a programme participant); `reports` rolls them up the tree.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from common.indicators import COUNT, Indicator, Measure, Period

from .models import ModelProgramme, ProgrammeParticipant, Venture

# Youth-led cooperatives in the sense of Decision 897/QĐ-TTg: cooperatives and cooperative groups.
COOPERATIVE_KINDS = (Venture.Kind.COOPERATIVE, Venture.Kind.COOPERATIVE_GROUP)


def _counts(queryset, unit_field: str = "unit") -> dict[int, Measure]:
    rows = queryset.order_by().values(unit_field).annotate(n=Count("pk", distinct=True)).values_list(unit_field, "n")
    return {unit_id: Measure(value=n) for unit_id, n in rows}


def ventures_registered(period: Period) -> dict[int, Measure]:
    """Ventures entered in the registry during the period."""
    return _counts(Venture.objects.filter(created_at__date__range=(period.start, period.end)))


def youth_cooperatives(period: Period) -> dict[int, Measure]:
    """Cooperatives and cooperative groups on the registry at the period's end, not closed."""
    return _counts(
        Venture.objects.filter(kind__in=COOPERATIVE_KINDS, created_at__date__lte=period.end).exclude(
            status=Venture.Status.CLOSED
        )
    )


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
    """Models registered and still taking part (registered or selected) in a pioneer programme."""
    return _counts(_pioneer_participants(period).filter(status__in=ProgrammeParticipant.TAKING_PART))


def pioneer_models_successful(period: Period) -> dict[int, Measure]:
    """Models of a pioneer programme evaluated as built successfully."""
    return _counts(_pioneer_participants(period).filter(is_successful=True))


def _venture_list_url(unit_id: int, _period: Period, **extra) -> str:
    return f"{reverse('ventures:venture-list')}?{urlencode({'unit': unit_id, **extra})}"


def _cooperative_list_url(unit_id: int, period: Period) -> str:
    return _venture_list_url(unit_id, period, kind=Venture.Kind.COOPERATIVE.value)


def _programme_list_url(_unit_id: int, _period: Period) -> str:
    return reverse("ventures:programme-list")


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
