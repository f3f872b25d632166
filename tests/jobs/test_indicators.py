"""Jobs' figures count by the date of their fact: a hire by the day of hire, a seeker by
the check-in, a school by the day of its counselling session, against every school of
the period's end. "Today" is 7/12/2026; the facts are of 2021.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Unit
from common.indicators import Measure, Period
from jobs.indicators import INDICATORS
from tests.factories import UnitFactory
from tests.jobs.factories import ApplicationFactory, CounsellingSessionFactory, JobFairFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def compute(code: str, period: Period) -> dict[int, Measure]:
    return next(i for i in INDICATORS if i.code == code).compute(period)


def test_a_2021_fair_written_today_counts_in_2021(commune):
    day = datetime.datetime(2021, 10, 16, 8, tzinfo=HCM)
    fair = JobFairFactory(unit=commune, starts_at=day, ends_at=day + datetime.timedelta(hours=8))
    came = JobSeekerFactory(fair=fair, checked_in_at=day + datetime.timedelta(hours=1), consented_at=day)
    JobSeekerFactory(fair=fair, consented_at=day)  # registered, never came
    ApplicationFactory(seeker=came, status="hired", hired_at=datetime.datetime(2021, 11, 2, 9, tzinfo=HCM))

    assert compute("jobs.seekers_checked_in", PAST) == {commune.pk: Measure(1)}
    assert compute("jobs.hires", PAST) == {commune.pk: Measure(1)}
    assert compute("jobs.seekers_checked_in", THIS_YEAR) == {}
    assert compute("jobs.hires", THIS_YEAR) == {}


def test_schools_counselled_count_every_school_of_the_period(province):
    counselled, silent = UnitFactory.create_batch(
        2, parent=province, kind=Unit.Kind.SCHOOL, active_from=datetime.date(2010, 9, 1)
    )
    CounsellingSessionFactory(school=counselled, held_on=datetime.date(2021, 4, 20))

    assert compute("jobs.schools_counselled", PAST) == {counselled.pk: Measure(1, 1), silent.pk: Measure(0, 1)}
    assert compute("jobs.schools_counselled", THIS_YEAR) == {counselled.pk: Measure(0, 1), silent.pk: Measure(0, 1)}
