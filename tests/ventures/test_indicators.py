"""The registry's figures count by the date of their fact: a venture from the day it
started, a state (cooperatives running, models taking part) as it was on the period's
last day, never by when a row was written.

"Today" is 7/12/2026; the facts are of 2021.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from common.indicators import Measure, Period
from tests.ventures.factories import ModelProgrammeFactory, ProgrammeParticipantFactory, VentureFactory
from ventures.indicators import pioneer_models, pioneer_models_successful, ventures_registered, youth_cooperatives
from ventures.models import ProgrammeParticipant, Venture

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


def test_pioneer_models_count_as_they_stood_at_the_period_end(commune, other_commune):
    programme = ModelProgrammeFactory(
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2027, 12, 31),
        registration_deadline=datetime.date(2021, 4, 30),
    )
    with time_machine.travel(IN_2021, tick=False):
        withdrawn_later = ProgrammeParticipantFactory(programme=programme, unit=commune)
        ProgrammeParticipantFactory(programme=programme, unit=other_commune)
    withdrawn_later.status = ProgrammeParticipant.Status.WITHDRAWN
    withdrawn_later.save()

    assert pioneer_models(PAST) == {commune.pk: Measure(1), other_commune.pk: Measure(1)}
    assert pioneer_models(Period.year(2022)) == {commune.pk: Measure(1), other_commune.pk: Measure(1)}
    assert pioneer_models(THIS_YEAR) == {other_commune.pk: Measure(1)}  # withdrawn today


def test_successful_models_count_on_the_day_they_were_evaluated(commune):
    programme = ModelProgrammeFactory(
        start_date=datetime.date(2021, 3, 1),
        end_date=datetime.date(2022, 12, 31),
        registration_deadline=datetime.date(2021, 4, 30),
    )
    ProgrammeParticipantFactory(
        programme=programme,
        unit=commune,
        status=ProgrammeParticipant.Status.SELECTED,
        is_successful=True,
        evaluated_at=datetime.datetime(2022, 11, 20, 15, tzinfo=HCM),
    )

    assert pioneer_models_successful(PAST) == {}
    assert pioneer_models_successful(Period.year(2022)) == {commune.pk: Measure(1)}
