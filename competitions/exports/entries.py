"""A contest's entries as an Excel workbook, one row per entry with its team."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.translation import gettext as _

from common.choices import Ethnicity, Gender
from common.excel import build_workbook

from ..models import Entry, TeamMember


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def entries_workbook(*, entries) -> bytes:
    """Every entry of `entries` with its team lead, in two queries.

    Submitted entries come first by code, drafts (which have no code yet) after.
    """
    statuses = _labels(Entry.Status.choices)
    genders = _labels(Gender.choices)
    ethnicities = _labels(Ethnicity.choices)
    leads = {
        row["entry_id"]: row
        for row in TeamMember.objects.filter(role=TeamMember.Role.LEAD, entry__in=entries.values("pk")).values(
            "entry_id",
            "entrepreneur__full_name",
            "entrepreneur__date_of_birth",
            "entrepreneur__gender",
            "entrepreneur__ethnicity",
            "entrepreneur__phone",
        )
    }
    headers = [
        _("STT"),
        _("Mã bài"),
        _("Tên ý tưởng, dự án"),
        _("Lĩnh vực"),
        _("Đơn vị gửi bài"),
        _("Trạng thái"),
        _("Vòng hiện tại"),
        _("Trưởng nhóm"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Dân tộc"),
        _("Số điện thoại"),
        _("Số thành viên"),
        _("Vốn cần huy động (đồng)"),
        _("Nộp lúc"),
        _("Lý do không đủ điều kiện"),
    ]
    queryset = (
        entries.annotate(
            team_size=Count("team"),
            unnumbered=Case(When(code="", then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("unnumbered", "code", "pk")
        .values_list(
            "pk",
            "code",
            "title",
            "category__name",
            "unit__name",
            "status",
            "round__name",
            "team_size",
            "capital_needed",
            "submitted_at",
            "rejection_reason",
            named=True,
        )
    )

    def rows() -> Iterator[list]:
        empty: dict = {}
        for number, entry in enumerate(queryset.iterator(chunk_size=2000), start=1):
            lead = leads.get(entry.pk, empty)
            yield [
                number,
                entry.code,
                entry.title,
                entry.category__name,
                entry.unit__name,
                statuses.get(entry.status, entry.status),
                entry.round__name or "",
                lead.get("entrepreneur__full_name", ""),
                lead.get("entrepreneur__date_of_birth"),
                genders.get(lead.get("entrepreneur__gender"), ""),
                ethnicities.get(lead.get("entrepreneur__ethnicity"), ""),
                lead.get("entrepreneur__phone", ""),
                entry.team_size,
                entry.capital_needed,
                entry.submitted_at,
                entry.rejection_reason,
            ]

    return build_workbook(
        title=_("Bài dự thi"),
        headers=headers,
        rows=rows(),
        key_columns=3,
    )
