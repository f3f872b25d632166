"""The commendation's figures count by the date of their fact: a nomination by when it was
sent, an awardee by the day of the decision, never by when a row was written.

Records are written "today" (7/12/2026) for a programme of 2021.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from awards.indicators import awardees, nominations
from awards.models import AwardProgramme, Nomination
from common.indicators import Measure, Period
from tests.awards.factories import AwardProgrammeFactory, NominationFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def programme_2021(**decision) -> AwardProgramme:
    return AwardProgrammeFactory(
        year=2021,
        status=AwardProgramme.Status.DECIDED,
        nomination_opens_at=datetime.datetime(2021, 8, 1, tzinfo=HCM),
        nomination_closes_at=datetime.datetime(2021, 9, 15, tzinfo=HCM),
        age_reference_date=datetime.date(2021, 9, 15),
        **decision,
    )


def sent(programme, unit, status, day=datetime.date(2021, 9, 1)) -> Nomination:
    return NominationFactory(
        programme=programme,
        unit=unit,
        status=status,
        submitted_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=HCM),
    )


def test_a_2021_programme_written_today_counts_in_2021(commune, other_commune):
    programme = programme_2021(
        decision_date=datetime.date(2021, 10, 5),
        council_closed_at=datetime.datetime(2021, 10, 1, 16, tzinfo=HCM),
    )
    sent(programme, commune, Nomination.Status.APPROVED)
    sent(programme, commune, Nomination.Status.NOT_APPROVED)
    sent(programme, other_commune, Nomination.Status.APPROVED)

    assert nominations(PAST) == {commune.pk: Measure(2), other_commune.pk: Measure(1)}
    assert awardees(PAST) == {commune.pk: Measure(1), other_commune.pk: Measure(1)}
    assert nominations(THIS_YEAR) == {}
    assert awardees(THIS_YEAR) == {}


def test_an_awardee_counts_on_the_day_of_the_decision_not_the_programme_year(commune):
    """A 2021 programme decided in January 2022 commends its people in 2022."""
    programme = programme_2021(decision_date=datetime.date(2022, 1, 10))
    sent(programme, commune, Nomination.Status.APPROVED)

    assert awardees(PAST) == {}
    assert awardees(Period.year(2022)) == {commune.pk: Measure(1)}
    assert nominations(PAST) == {commune.pk: Measure(1)}  # it was sent in 2021


def test_without_a_signed_decision_the_council_closing_day_counts(commune):
    programme = programme_2021(council_closed_at=datetime.datetime(2021, 12, 31, 23, 30, tzinfo=HCM))
    sent(programme, commune, Nomination.Status.APPROVED)

    # 23:30 on 31/12 in Hà Nội time is still 2021 (16:30 UTC).
    assert awardees(PAST) == {commune.pk: Measure(1)}
    assert awardees(Period.year(2022)) == {}


def test_an_awardee_with_no_decision_day_counts_in_its_programme_year(commune):
    sent(programme_2021(), commune, Nomination.Status.APPROVED)

    assert awardees(PAST) == {commune.pk: Measure(1)}
    assert awardees(THIS_YEAR) == {}
