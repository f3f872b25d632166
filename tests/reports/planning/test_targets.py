"""Targets: the unit scope is required; roll-up by the union tree; traffic lights."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from common.indicators import Measure, Period
from reports.models import Target
from reports.planning.progress import AMBER, GREEN, NONE, RED, PlanProgress, light_for, roll_up
from tests.factories import UnitFactory

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


def test_target_without_unit_scope_is_refused_with_a_clear_message(province):
    target = TargetFactory.build(plan=PlanFactory(issuer=province), scope="")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "Chỉ tiêu phải có phạm vi" in str(error.value.message_dict["scope"])


def test_target_per_unit_without_kinds_is_refused(province):
    target = TargetFactory.build(plan=PlanFactory(issuer=province), unit_kinds="")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert error.value.message_dict["unit_kinds"] == ["Chỉ tiêu theo từng đơn vị phải chọn loại đơn vị phải đạt."]


def test_database_refuses_a_target_without_scope(province):
    with pytest.raises(IntegrityError):
        Target.objects.create(
            plan=PlanFactory(issuer=province), label="x", indicator_code="competitions.ideas_submitted", value=5
        )


def test_target_with_unknown_indicator_is_refused(province):
    target = TargetFactory.build(plan=PlanFactory(issuer=province), indicator_code="nope.missing")
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "Không có chỉ số" in str(error.value.message_dict["indicator_code"])


def test_percent_goal_above_100_is_refused(province, fake_indicators):
    target = TargetFactory.build(
        plan=PlanFactory(issuer=province),
        indicator_code="test.ratio",
        comparison=Target.Comparison.AT_LEAST_PERCENT,
        value=Decimal(120),
    )
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "value" in error.value.message_dict


def test_roll_up_sums_each_unit_and_everything_below(province, commune, branch, other_commune):
    units = [province, commune, branch, other_commune]
    totals = roll_up(
        {branch.pk: Measure(2), commune.pk: Measure(3), other_commune.pk: Measure(4, 5, unknown=1)}, units
    )
    assert totals[branch.pk] == (Decimal(2), None, None)
    assert totals[commune.pk] == (Decimal(5), None, None)
    assert totals[province.pk] == (Decimal(9), Decimal(5), Decimal(1))


@pytest.mark.parametrize(
    ("actual", "today", "light"),
    [
        (Decimal(5), datetime.date(2026, 12, 31), GREEN),
        (Decimal(4), datetime.date(2027, 1, 5), AMBER),  # 80% of the goal
        (Decimal(3), datetime.date(2027, 1, 5), RED),  # period over, 60%
        (Decimal(3), datetime.date(2026, 6, 1), AMBER),  # five months gone, on pace
        (Decimal(1), datetime.date(2026, 11, 1), RED),  # behind the pace
        (None, datetime.date(2026, 6, 1), NONE),
    ],
)
def test_traffic_lights(actual, today, light):
    assert light_for(actual=actual, goal=Decimal(5), period=Period.year(2026), today=today) == light


def test_plan_progress_per_unit_and_ratio(province, commune, other_commune, fake_indicators):
    UnitFactory(parent=province, kind="school", code="truong")  # not of the target's kinds
    plan = PlanFactory(issuer=province)
    count = TargetFactory(plan=plan, indicator_code="test.count", value=5)
    ratio = TargetFactory(
        plan=plan,
        indicator_code="test.ratio",
        scope=Target.Scope.PROVINCE,
        unit_kinds="",
        comparison=Target.Comparison.AT_LEAST_PERCENT,
        value=Decimal(98),
    )
    fake_indicators["test.count"].update({commune.pk: Measure(6), other_commune.pk: Measure(1)})
    fake_indicators["test.ratio"].update({commune.pk: Measure(49, 50), other_commune.pk: Measure(50, 50)})
    progress = PlanProgress(plan=plan, today=datetime.date(2027, 1, 10))
    by_target = {tp.target.pk: tp for tp in progress.targets}
    cells = {c.unit.pk: c for c in by_target[count.pk].cells}
    assert set(cells) == {commune.pk, other_commune.pk}
    assert (cells[commune.pk].light, cells[other_commune.pk].light) == (GREEN, RED)
    assert cells[commune.pk].url == f"/records/test.count/{commune.pk}/"
    assert by_target[count.pk].counts == {GREEN: 1, AMBER: 0, RED: 1, NONE: 0}
    assert by_target[ratio.pk].total.actual == Decimal("99.0")
    assert by_target[ratio.pk].total.light == GREEN
