"""Published events are shared with the units of their own province only: a second province's
staff and officers never see them (nor void them, nor register people for them)."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Unit
from accounts.services import unit_update
from events.models import Event
from tests.events.factories import EventFactory
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lai_chau_event(lai_chau):
    ward = UnitFactory(name="Đoàn phường Tân Phong", code="lai-chau-tan-phong", parent=lai_chau)
    return EventFactory(unit=ward, title="Lớp tập huấn khởi nghiệp phường Tân Phong")


@pytest.fixture
def lai_chau_officer(lai_chau_event):
    return user_with_role(Membership.Role.OFFICER, lai_chau_event.unit, username="tanphong")


def test_each_province_sees_its_own_published_events(
    event, officer, other_officer, staff_user, lai_chau_event, lai_chau_officer, lai_chau_staff
):
    assert set(Event.objects.visible_to(officer)) == {event}
    assert set(Event.objects.visible_to(other_officer)) == {event}  # a unit beside, same province
    assert set(Event.objects.visible_to(staff_user)) == {event}
    assert set(Event.objects.visible_to(lai_chau_staff)) == {lai_chau_event}
    assert set(Event.objects.visible_to(lai_chau_officer)) == {lai_chau_event}


def test_national_staff_see_every_province(event, lai_chau_event, province, lai_chau, staff_user):
    national = UnitFactory(name="Trung ương Đoàn TNCS Hồ Chí Minh", code="trung-uong-doan", kind=Unit.Kind.NATIONAL)
    for unit in (province, lai_chau):
        unit_update(unit=unit, actor=staff_user, parent=national)
    national_staff = user_with_role(Membership.Role.STAFF, national, username="trunguong")

    assert set(Event.objects.visible_to(national_staff)) == {event, lai_chau_event}


@pytest.mark.parametrize("name", ["events:event-void", "events:registration-create", "events:event-update"])
def test_another_provinces_staff_cannot_reach_the_event(client, event, lai_chau_staff, name):
    client.force_login(lai_chau_staff)

    assert client.get(reverse(name, kwargs={"pk": event.pk})).status_code == 404
