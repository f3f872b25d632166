"""Counts kept until their app changes: a list's row count read once, counted again after a write."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.figures import remembered_count_paginator
from tests.ventures.factories import EntrepreneurFactory
from ventures.models import Entrepreneur

pytestmark = pytest.mark.django_db

Paginator = remembered_count_paginator("ventures")


def _count(queryset) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        count = Paginator(queryset, 50).count
    return count, len(queries)


def test_a_row_count_is_read_once_then_counted_again_after_a_change(commune, other_commune):
    EntrepreneurFactory(unit=commune)
    EntrepreneurFactory(unit=other_commune)
    mine = Entrepreneur.objects.filter(unit=commune)

    first, again = _count(mine), _count(Entrepreneur.objects.filter(unit=commune))
    other = _count(Entrepreneur.objects.filter(unit=other_commune))  # another filter, another count
    EntrepreneurFactory(unit=commune)
    after = _count(mine.all())

    assert (first, again, other, after) == ((1, 1), (1, 0), (1, 1), (2, 1))


def test_a_filter_no_row_can_match_counts_nothing():
    assert _count(Entrepreneur.objects.filter(pk__in=[])) == (0, 0)
