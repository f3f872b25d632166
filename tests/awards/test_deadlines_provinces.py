"""Two provinces: an award programme reminds only units under the unit that runs it."""

import datetime

import pytest
import time_machine

from awards import deadlines
from tests.awards.factories import AwardProgrammeFactory, NominationFactory
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)


def test_drafts_of_units_outside_the_owner_owe_nothing(commune, officer, lai_chau):
    lai_commune = UnitFactory(name="Đoàn xã Bình Lư", code="binh-lu", parent=lai_chau)
    with time_machine.travel(NOW, tick=False):
        son_la = AwardProgrammeFactory(name="Tuyên dương Sơn La")
        lai = AwardProgrammeFactory(name="Tuyên dương Lai Châu", owner=lai_chau)
        NominationFactory(programme=son_la, unit=commune)
        NominationFactory(programme=son_la, unit=lai_commune)  # not a unit Sơn La asks
        NominationFactory(programme=lai, unit=commune)  # nor is this one Lai Châu's

        found = deadlines.deadlines(start=datetime.date(2026, 5, 1), end=datetime.date(2026, 6, 30))

    assert [(d.title, d.unit_id, d.owner_path) for d in found] == [
        ("Gửi hồ sơ đề nghị Tuyên dương Sơn La", commune.pk, son_la.owner.path)
    ]
