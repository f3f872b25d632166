"""The model programmes' figures count by the date of their fact: models taking part as
they stood on the period's last day, successful models on the day of their evaluation.

"Today" is 7/12/2026; the facts are of 2021 and 2022.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from common.indicators import Measure, Period
from programmes.indicators import pioneer_models, pioneer_models_successful
from programmes.models import ProgrammeParticipant
from tests.programmes.factories import ModelProgrammeFactory, ProgrammeParticipantFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
IN_2021 = datetime.datetime(2021, 5, 4, 9, 0, tzinfo=HCM)
PAST, THIS_YEAR = Period.year(2021), Period.year(2026)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


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
