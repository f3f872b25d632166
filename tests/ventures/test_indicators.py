"""The registry's figures count by the date of their fact: a venture from the day it
started, a state (cooperatives running) as it was on the period's
last day, never by when a row was written. (The model programmes' figures:
tests/programmes/test_indicators.py.)

"Today" is 7/12/2026; the facts are of 2021.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from common.indicators import Measure, Period
from tests.ventures.factories import VentureFactory
from ventures.indicators import ventures_registered, youth_cooperatives
from ventures.models import Venture

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
IN_2021 = datetime.datetime(2021, 5, 4, 9, 0, tzinfo=HCM)
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_venture_founded_in_2021_and_entered_today_is_new_in_2021(commune, other_commune):
    VentureFactory(unit=commune, founded_on=datetime.date(2021, 3, 2))
    VentureFactory(unit=other_commune, founded_on=datetime.date(2019, 1, 5))  # older than the period
    VentureFactory(unit=other_commune)  # no founding day known: counts from the day it was entered

    assert ventures_registered(PAST) == {commune.pk: Measure(1)}
    assert ventures_registered(THIS_YEAR) == {other_commune.pk: Measure(1)}


def test_a_cooperative_closed_this_year_still_counts_for_2021(commune):
    with time_machine.travel(IN_2021, tick=False):
        closed_since = VentureFactory(
            unit=commune, kind=Venture.Kind.COOPERATIVE, founded_on=datetime.date(2020, 6, 1)
        )
    closed_since.status = Venture.Status.CLOSED
    closed_since.save()  # closed today: the history keeps the day
    VentureFactory(unit=commune, kind=Venture.Kind.COOPERATIVE_GROUP, founded_on=datetime.date(2021, 2, 1))
    VentureFactory(unit=commune, kind=Venture.Kind.COOPERATIVE, founded_on=datetime.date(2023, 4, 1))  # later

    assert youth_cooperatives(PAST) == {commune.pk: Measure(2)}
    assert youth_cooperatives(THIS_YEAR) == {commune.pk: Measure(2)}  # the 2021 group and the 2023 one


def test_a_cooperative_entered_closed_today_is_judged_by_its_status_now(commune):
    VentureFactory(
        unit=commune, kind=Venture.Kind.COOPERATIVE, founded_on=datetime.date(2019, 1, 1), status=Venture.Status.CLOSED
    )
    assert youth_cooperatives(PAST) == {}
