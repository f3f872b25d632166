"""Counting records per unit for the computed indicators (`<app>/indicators.py`).

Most indicators are a count of a programme's records grouped by the unit they belong
to; this is that query, written once.
"""

from __future__ import annotations

from django.db.models import Count, QuerySet

from .indicators import Measure


def count_by_unit(queryset: QuerySet, *, unit: str = "unit", count: str = "pk", distinct: bool = False) -> dict:
    """`{unit id: Measure(n)}`: the rows of `queryset` grouped by the `unit` lookup, `n` the
    number of `count` values (distinct ones when `distinct`). Units with none are absent."""
    rows = queryset.order_by().values(unit).annotate(n=Count(count, distinct=distinct)).values_list(unit, "n")
    return {unit_id: Measure(value=n) for unit_id, n in rows}
