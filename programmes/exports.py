"""Excel export of a programme's participants, row by row from the filtered queryset."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.excel import build_workbook

from .models import ProgrammeParticipant
from .selectors import with_activity

HEADERS = [
    gettext_lazy("STT"),
    gettext_lazy("Chủ mô hình"),
    gettext_lazy("Ngày sinh"),
    gettext_lazy("Giới tính"),
    gettext_lazy("Dân tộc"),
    gettext_lazy("Số điện thoại"),
    gettext_lazy("Chi đoàn"),
    gettext_lazy("Đơn vị đăng ký"),
    gettext_lazy("Tên mô hình"),
    gettext_lazy("Loại hình"),
    gettext_lazy("Nhóm ngành nghề"),
    gettext_lazy("Số lao động"),
    gettext_lazy("Doanh thu năm (đồng)"),
    gettext_lazy("Tình trạng mô hình"),
    gettext_lazy("Trạng thái tham gia"),
    gettext_lazy("Nhu cầu hỗ trợ"),
    gettext_lazy("Số lượt hỗ trợ"),
    gettext_lazy("Tổng vốn vay (đồng)"),
    gettext_lazy("Số buổi tập huấn đã dự"),
    gettext_lazy("Xây dựng thành công"),
    gettext_lazy("Đề nghị tuyên dương"),
    gettext_lazy("Nhân rộng"),
    gettext_lazy("Nhận xét, đánh giá"),
]


def participants_workbook(queryset: QuerySet[ProgrammeParticipant], *, title: str) -> bytes:
    """`queryset` comes from `participants_for` (venture, unit and owners loaded)."""
    headers = [str(h) for h in HEADERS]  # translated when the export runs, not at import
    yes = _("Có")

    def rows() -> Iterator[list]:
        for number, participant in enumerate(with_activity(queryset), start=1):
            venture = participant.venture
            owners = list(venture.owners.all())
            first = owners[0] if owners else None
            yield [
                number,
                "; ".join(o.full_name for o in owners),
                first.date_of_birth if first else None,
                first.get_gender_display() if first else "",
                first.get_ethnicity_display() if first else "",
                first.phone if first else "",
                participant.branch_name,
                participant.unit.name,
                venture.name,
                venture.get_kind_display(),
                participant.get_sector_display(),
                venture.employees,
                venture.annual_revenue,
                venture.get_status_display(),
                participant.get_status_display(),
                participant.support_needs,
                participant.support_count,
                participant.loan_total,
                participant.trainings_attended,
                yes if participant.is_successful else "",
                yes if participant.to_commend else "",
                yes if participant.to_replicate else "",
                participant.evaluation_note,
            ]

    return build_workbook(
        title=title,
        headers=headers,
        rows=rows(),
        key_columns=2,
    )
