"""Events' figures count by the date of their fact: people trained and events held by the
day the event took place (people who were checked in), schools with a club as they stood
on the period's last day. "Today" is 7/12/2026; the facts are of 2021.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Unit
from common.indicators import Measure, Period
from events.indicators import events_held, schools_with_club, youth_trained
from tests.events.factories import EventFactory, RegistrationFactory, StartupClubFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def test_a_2021_training_written_today_counts_in_2021(commune, other_commune):
    start = datetime.datetime(2021, 6, 10, 8, tzinfo=HCM)
    event = EventFactory(unit=commune, starts_at=start, ends_at=start + datetime.timedelta(hours=8))
    RegistrationFactory(event=event, unit=commune, checked_in_at=start)
    RegistrationFactory(event=event, unit=other_commune, checked_in_at=start)
    RegistrationFactory(event=event, unit=other_commune)  # registered, never came

    assert youth_trained(PAST) == {commune.pk: Measure(1), other_commune.pk: Measure(1)}
    assert events_held(PAST) == {commune.pk: Measure(1)}
    assert youth_trained(THIS_YEAR) == {}
    assert events_held(THIS_YEAR) == {}


def test_schools_with_club_are_judged_on_the_period_end(province):
    old_school, new_school = UnitFactory.create_batch(
        2, parent=province, kind=Unit.Kind.SCHOOL, active_from=datetime.date(2010, 9, 1)
    )
    StartupClubFactory(unit=old_school, school=old_school, founded_on=datetime.date(2023, 9, 5))
    UnitFactory(parent=province, kind=Unit.Kind.SCHOOL, active_from=datetime.date(2025, 9, 1))  # opened later

    # 2021: two schools existed, neither had its club yet; today: one of three has one.
    assert schools_with_club(PAST) == {old_school.pk: Measure(0, 1), new_school.pk: Measure(0, 1)}
    found = schools_with_club(THIS_YEAR)
    assert sorted((m.value, m.base) for m in found.values()) == [(0, 1), (0, 1), (1, 1)]
    assert found[old_school.pk] == Measure(1, 1)
