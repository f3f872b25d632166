"""Two provinces in one deployment: a contest asks ideas only of the units under the unit
that runs it, reminds only them, and each province's deadline pages show only its own."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from common.models import Notification
from competitions import deadlines
from reports.periodic.reminders import reminders_send
from tests.competitions.factories import ContestFactory
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 9, 0, tzinfo=datetime.UTC)
CLOSES = datetime.datetime(2026, 5, 7, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def lai_chau_commune(lai_chau):
    return UnitFactory(name="Đoàn xã Bình Lư", code="binh-lu", parent=lai_chau)


@pytest.fixture
def lai_chau_officer(lai_chau_commune):
    return user_with_role(Membership.Role.OFFICER, lai_chau_commune, username="officer-binh-lu")


@pytest.fixture
def contests(province, lai_chau):
    son_la = ContestFactory(owner=province, name="Ý tưởng Sơn La", submission_closes_at=CLOSES)
    lai = ContestFactory(owner=lai_chau, name="Ý tưởng Lai Châu", submission_closes_at=CLOSES)
    return son_la, lai


def _window():
    today = timezone.localdate()
    return {"start": today, "end": today + datetime.timedelta(days=30)}


def test_each_contest_asks_only_units_under_its_owner(contests, commune, officer, lai_chau_commune, lai_chau_officer):
    son_la, lai = contests

    found = {(d.title, d.unit_id) for d in deadlines.deadlines(**_window())}

    assert found == {
        ("Nộp ý tưởng dự thi Ý tưởng Sơn La", commune.pk),
        ("Nộp ý tưởng dự thi Ý tưởng Lai Châu", lai_chau_commune.pk),
    }


def test_a_national_contest_asks_every_province_under_it(province):
    nation = UnitFactory(name="Trung ương Đoàn", code="tw-doan", kind="national")
    ha_giang = UnitFactory(name="Tỉnh đoàn Hà Giang", code="ha-giang", kind="province", parent=nation)
    dien_bien = UnitFactory(name="Tỉnh đoàn Điện Biên", code="dien-bien", kind="province", parent=nation)
    communes = [UnitFactory(name=f"Đoàn xã {p.code}", code=f"xa-{p.code}", parent=p) for p in (ha_giang, dien_bien)]
    outside = UnitFactory(name="Đoàn phường Chiềng Lề", code="chieng-le", parent=province)  # Sơn La: a root here
    ContestFactory(owner=nation, name="Ý tưởng toàn quốc", submission_closes_at=CLOSES)

    found = {d.unit_id for d in deadlines.deadlines(**_window())}

    assert found == {c.pk for c in communes}
    assert outside.pk not in found


def test_reminders_never_cross_provinces(contests, officer, lai_chau_officer):
    reminders_send(today=timezone.localdate(CLOSES) - datetime.timedelta(days=3))

    titles = dict(Notification.objects.values_list("recipient_id", "title"))
    assert titles[officer.pk].startswith("Nộp ý tưởng dự thi Ý tưởng Sơn La")
    assert titles[lai_chau_officer.pk].startswith("Nộp ý tưởng dự thi Ý tưởng Lai Châu")
    assert Notification.objects.filter(recipient=officer).count() == 1
    assert Notification.objects.filter(recipient=lai_chau_officer).count() == 1


def test_deadline_pages_of_lai_chau_show_nothing_of_son_la(
    client, contests, commune, officer, lai_chau_commune, lai_chau_officer, lai_chau_staff, staff_user
):
    reminders_send(today=timezone.localdate(CLOSES) - datetime.timedelta(days=3))
    client.force_login(lai_chau_staff)

    upcoming = client.get(reverse("reports:periodic-deadlines")).content.decode()

    assert "Ý tưởng Lai Châu" in upcoming
    assert "Đoàn xã Bình Lư" in upcoming
    assert "Ý tưởng Sơn La" not in upcoming
    assert commune.name not in upcoming
    client.force_login(staff_user)
    upcoming = client.get(reverse("reports:periodic-deadlines")).content.decode()
    assert "Ý tưởng Sơn La" in upcoming
    assert "Ý tưởng Lai Châu" not in upcoming
    assert "Bình Lư" not in upcoming
