"""A national dashboard loads the units it shows, not the whole tree (34,000 branches):
the figures of records kept at a unit it did not load still count for the units above it."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from accounts.models import Unit
from common.indicators import Measure
from reports.planning.progress import PlanProgress, dashboard_units, roll_up
from tests.factories import UnitFactory
from tests.ventures.factories import VentureFactory

from .factories import PlanFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch(commune):
    return UnitFactory(name="Chi đoàn bản Hìn", code="ban-hin", kind=Unit.Kind.BRANCH, parent=commune)


def test_a_measure_at_a_unit_not_loaded_rolls_up_through_its_path(province, commune, branch):
    totals = roll_up({branch.pk: Measure(value=3), commune.pk: Measure(value=2)}, [province, commune])
    assert totals[commune.pk].value == Decimal(5)
    assert totals[province.pk].value == Decimal(5)
    assert branch.pk not in totals


def test_the_dashboard_loads_the_kinds_its_targets_name_and_counts_what_lies_below(
    province, commune, branch, staff_user
):
    plan = PlanFactory(issuer=province)
    TargetFactory(plan=plan, indicator_code="ventures.registered", unit_kinds="commune", value=Decimal(2))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 0), tick=False):
        VentureFactory(unit=branch, founded_on=datetime.date(2026, 3, 1))
        VentureFactory(unit=commune, founded_on=datetime.date(2026, 3, 2))
        units = dashboard_units([plan], user=staff_user)
        assert [u.pk for u in units] == [province.pk, commune.pk]  # not the branch
        progress = PlanProgress(plan=plan, user=staff_user, units=units)
    (target,) = progress.targets
    assert [(cell.unit.pk, cell.value) for cell in target.cells] == [(commune.pk, Decimal(2))]
    assert target.total.value == Decimal(2)
    assert target.cells[0].url.startswith("/")  # the records behind it, built when shown
