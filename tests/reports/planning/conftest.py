import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from common.indicators import COUNT, RATIO, Indicator, Measure
from reports.planning import catalogue
from tests.competitions.factories import ContestFactory, EntryFactory


@pytest.fixture
def fake_indicators(monkeypatch):
    """Swap the catalogue for indicators whose measures a test sets by hand."""
    measures: dict[str, dict[int, Measure]] = {"test.count": {}, "test.ratio": {}}
    calls: list[str] = []

    def make(code, kind):
        def compute(period):
            calls.append(code)
            return measures[code]

        return Indicator(
            code=code,
            label=f"Chỉ số {code}",
            kind=kind,
            unit_label="%" if kind == RATIO else "ý tưởng",
            compute=compute,
            records_url=lambda unit_id, period: f"/records/{code}/{unit_id}/",
        )

    found = {"test.count": make("test.count", COUNT), "test.ratio": make("test.ratio", RATIO)}
    monkeypatch.setattr(catalogue, "indicators", lambda: found)
    measures["calls"] = calls
    return measures


def ideas(unit, n, *, contest=None, when=None, status="submitted"):
    """`n` entries of `unit` sent on `when` (default 10/3/2026)."""
    contest = contest or ContestFactory()
    moment = when or timezone.make_aware(datetime.datetime(2026, 3, 10, 9, 0))
    for _ in range(n):
        EntryFactory(contest=contest, unit=unit, status=status, submitted_at=moment, lead=False)
    return contest


D = Decimal
