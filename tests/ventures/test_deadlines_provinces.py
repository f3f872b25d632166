"""Two provinces: monthly venture updates are owed per unit, so each province's staff pages
list only their own units and each officer is reminded only of their own ventures."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Membership
from common.models import Notification
from reports.periodic.reminders import reminders_send
from tests.factories import UnitFactory, user_with_role
from tests.ventures.factories import VentureFactory
from ventures import deadlines

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 11, 5)  # October's updates


@pytest.fixture(autouse=True)
def _due_day(settings):
    settings.VENTURE_UPDATE_DUE_DAY = 5


@pytest.fixture
def two_provinces(commune, officer, lai_chau):
    lai_commune = UnitFactory(name="Đoàn xã Bình Lư", code="binh-lu", parent=lai_chau)
    lai_officer = user_with_role(Membership.Role.OFFICER, lai_commune, username="officer-binh-lu")
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    VentureFactory(unit=lai_commune, founded_on=datetime.date(2024, 1, 1))
    return lai_commune, lai_officer


def test_one_deadline_per_unit_owing_updates(two_provinces, commune, officer):
    lai_commune, lai_officer = two_provinces

    found = {d.unit_id: [o.user_id for o in d.owed_by] for d in deadlines.deadlines(start=DUE, end=DUE)}

    assert found == {commune.pk: [officer.pk], lai_commune.pk: [lai_officer.pk]}


def test_reminders_and_late_page_stay_in_their_province(client, two_provinces, officer, lai_chau_staff, staff_user):
    lai_commune, lai_officer = two_provinces
    with time_machine.travel(datetime.datetime(2026, 11, 6, 9, tzinfo=datetime.UTC), tick=False):
        reminders_send(today=DUE + datetime.timedelta(days=1))
        client.force_login(lai_chau_staff)
        late = client.get(reverse("reports:periodic-late")).content.decode()
        upcoming_log = client.get(reverse("reports:periodic-deadlines")).content.decode()
        client.force_login(staff_user)
        son_la_late = client.get(reverse("reports:periodic-late")).content.decode()

    assert Notification.objects.get(recipient=officer).body.startswith("Đoàn phường Tô Hiệu: 1 mô hình")
    assert Notification.objects.get(recipient=lai_officer).body.startswith("Đoàn xã Bình Lư: 1 mô hình")
    assert "Đoàn xã Bình Lư" in late
    assert "Tô Hiệu" not in late
    assert "Tô Hiệu" not in upcoming_log  # the reminder log lists only Lai Châu's people
    assert "Đoàn phường Tô Hiệu" in son_la_late
    assert "Bình Lư" not in son_la_late
