"""Excel downloads for the organisers."""

from __future__ import annotations

from django.utils import timezone

from common.excel import xlsx_response

from .. import exports
from .base import fair_to_run, unit_side


@unit_side
def fair_export(request, pk: int):
    fair = fair_to_run(request.user, pk)
    return xlsx_response(exports.fair_workbook(fair=fair), filename=f"ngay-hoi-{fair.slug}.xlsx")


@unit_side
def statistics_export(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    return xlsx_response(exports.year_workbook(user=request.user, year=year), filename=f"viec-lam-{year}.xlsx")
