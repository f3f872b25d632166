"""OCOP measures for `reports`, per unit that put the products forward.

- `ocop.products_supported`: products on the units' lists in the period's cycles
  (the plan's target: each unit supports at least 2 products into OCOP);
- `ocop.products_certified`: products whose certificate was issued in the period;
- `ocop.youth_communes`: communes with a certified youth OCOP product valid during the
  period (a national target of Decision 897/QĐ-TTg).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from accounts.models import Unit
from common.indicator_counts import count_by_unit
from common.indicators import COUNT, Indicator, Measure, Period

from .models import Cycle, Product, Rating


def _cycle_ids(period: Period) -> list[int]:
    return list(
        Cycle.objects.filter(year__gte=period.start.year, year__lte=period.end.year).values_list("pk", flat=True)
    )


def products_supported(period: Period) -> dict[int, Measure]:
    return count_by_unit(Product.objects.filter(cycle_id__in=_cycle_ids(period)))


def products_certified(period: Period) -> dict[int, Measure]:
    return count_by_unit(
        Rating.objects.filter(certificate_issued_on__gte=period.start, certificate_issued_on__lte=period.end).exclude(
            certificate_number=""
        ),
        unit="product__unit",
        count="product",
        distinct=True,
    )


def youth_communes(period: Period) -> dict[int, Measure]:
    return count_by_unit(
        Rating.objects.filter(certificate_issued_on__lte=period.end, certificate_expires_on__gte=period.start).exclude(
            certificate_number=""
        ),
        unit="product__unit",
        count="product__commune",
        distinct=True,
    )


def _records_url(unit_id: int, period: Period) -> str:
    """The product list of the year's cycle the unit sends its list to: the one run by the
    nearest unit above it (or by itself)."""
    path = Unit.objects.filter(pk=unit_id).values_list("path", flat=True).first() or ""
    cycles = Cycle.objects.filter(year=period.end.year).select_related("owner")
    cycle = max((c for c in cycles if path.startswith(c.owner.path)), key=lambda c: len(c.owner.path), default=None)
    if cycle is None:
        return reverse("ocop:cycle-list")
    return reverse("ocop:product-list", kwargs={"pk": cycle.pk}) + "?" + urlencode({"unit": unit_id})


INDICATORS: list[Indicator] = [
    Indicator(
        code="ocop.products_supported",
        label=_("Sản phẩm được hỗ trợ tham gia OCOP"),
        kind=COUNT,
        unit_label=_("sản phẩm"),
        compute=products_supported,
        records_url=_records_url,
    ),
    Indicator(
        code="ocop.products_certified",
        label=_("Sản phẩm OCOP của thanh niên được công nhận"),
        kind=COUNT,
        unit_label=_("sản phẩm"),
        compute=products_certified,
        records_url=_records_url,
    ),
    Indicator(
        code="ocop.youth_communes",
        label=_("Xã có sản phẩm OCOP của thanh niên"),
        kind=COUNT,
        unit_label=_("xã"),
        compute=youth_communes,
        records_url=_records_url,
    ),
]
