"""Excel exports of the registry lists, row by row from the filtered queryset."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from common.excel import build_workbook

from .models import Entrepreneur, Venture


def entrepreneurs_workbook(queryset) -> bytes:
    headers = [
        _("STT"),
        _("Họ và tên"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Dân tộc"),
        _("Số điện thoại"),
        _("Email"),
        _("Số CCCD"),
        _("Đơn vị"),
        _("Địa chỉ"),
        _("Nghề nghiệp"),
        _("Mô hình"),
    ]

    def rows() -> Iterator[list]:
        for number, person in enumerate(queryset.select_related("unit").prefetch_related("ventures"), start=1):
            yield [
                number,
                person.full_name,
                person.date_of_birth,
                person.get_gender_display(),
                person.get_ethnicity_display(),
                person.phone,
                person.email,
                person.citizen_id,
                person.unit.name,
                person.address,
                person.occupation,
                "; ".join(v.name for v in person.ventures.all()),
            ]

    return build_workbook(
        title=capfirst(Entrepreneur._meta.verbose_name_plural),
        headers=headers,
        rows=rows(),
        key_columns=2,
    )


def ventures_workbook(queryset) -> bytes:
    headers = [
        _("STT"),
        _("Tên mô hình"),
        _("Loại hình"),
        _("Lĩnh vực"),
        _("Chủ mô hình"),
        _("Đơn vị"),
        _("Ngày thành lập"),
        _("Địa điểm"),
        _("Mã số thuế"),
        _("Số lao động"),
        _("Doanh thu năm (đồng)"),
        _("Tình trạng"),
    ]

    def rows() -> Iterator[list]:
        for number, venture in enumerate(queryset.select_related("unit").prefetch_related("owners"), start=1):
            yield [
                number,
                venture.name,
                venture.get_kind_display(),
                venture.get_sector_display(),
                "; ".join(o.full_name for o in venture.owners.all()),
                venture.unit.name,
                venture.founded_on,
                venture.address,
                venture.tax_code,
                venture.employees,
                venture.annual_revenue,
                venture.get_status_display(),
            ]

    return build_workbook(
        title=capfirst(Venture._meta.verbose_name_plural),
        headers=headers,
        rows=rows(),
        key_columns=2,
    )
