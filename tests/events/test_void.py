"""An event is voided with a reason, never deleted: it stays with its check-ins and history,
lists hide it, its page says who voided it, when and why, and it stops counting from the day
it was voided (the periods that ended before still count it). "Today" is 7/12/2026."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.indicators import Measure, Period
from events import services
from events.indicators import events_held, youth_trained
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
REASON = "Lớp học nhập trùng với lớp ngày 10/6, cùng danh sách học viên"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def held(commune):
    """A training class held in June 2026 with two people checked in."""
    start = datetime.datetime(2026, 6, 10, 8, tzinfo=HCM)
    event = EventFactory(unit=commune, title="Lớp tập huấn tháng 6", starts_at=start, ends_at=start.replace(hour=17))
    RegistrationFactory.create_batch(2, event=event, unit=commune, checked_in_at=start)
    return event


def test_void_keeps_the_event_and_its_check_ins_with_who_when_and_why(held, staff_user):
    services.event_void(event=held, reason=f"  {REASON} ", actor=staff_user)

    held.refresh_from_db()
    assert (held.voided_at, held.voided_by, held.void_reason) == (NOW, staff_user, REASON)
    assert held.status == Event.Status.PUBLISHED  # it took place; it only stops counting
    assert Registration.objects.filter(event=held, checked_in_at__isnull=False).count() == 2
    latest = held.history.latest()
    assert (latest.history_user, latest.void_reason) == (staff_user, REASON)


@pytest.mark.parametrize("reason", ["", "   ", "nhầm"])
def test_void_needs_a_reason(held, staff_user, reason):
    with pytest.raises(ValidationError):
        services.event_void(event=held, reason=reason, actor=staff_user)
    held.refresh_from_db()
    assert held.voided_at is None


def test_void_twice_is_refused(held, staff_user):
    services.event_void(event=held, reason=REASON, actor=staff_user)
    with pytest.raises(ValidationError, match="đã hủy"):
        services.event_void(event=held, reason=REASON, actor=staff_user)


def test_voiding_an_event_to_come_cancels_it_and_tells_registrants(
    commune, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    start = datetime.datetime(2026, 12, 20, 8, tzinfo=HCM)
    event = EventFactory(unit=commune, title="Diễn đàn tháng 12", starts_at=start, ends_at=start.replace(hour=11))
    RegistrationFactory(event=event, email="hoc.vien@example.vn")

    with django_capture_on_commit_callbacks(execute=True):
        services.event_void(event=event, reason=REASON, actor=staff_user)

    event.refresh_from_db()
    assert (event.status, event.is_voided) == (Event.Status.CANCELLED, True)
    assert [m.to for m in mailoutbox] == [["hoc.vien@example.vn"]]


def test_a_voided_event_stops_counting_from_the_day_it_was_voided(held, commune, staff_user):
    june, year = Period(datetime.date(2026, 6, 1), datetime.date(2026, 6, 30)), Period.year(2026)
    assert events_held(june) == events_held(year) == {commune.pk: Measure(1)}

    services.event_void(event=held, reason=REASON, actor=staff_user)

    # June ended before the void: its figures stay as they were; the year ends after it.
    assert events_held(june) == {commune.pk: Measure(1)}
    assert youth_trained(june) == {commune.pk: Measure(2)}
    assert events_held(year) == {}
    assert youth_trained(year) == {}


def test_the_list_hides_a_voided_event_and_its_page_says_why(client, staff_user, held):
    services.event_void(event=held, reason="<b>Nhập trùng</b> với lớp ngày 10/6", actor=staff_user)
    client.force_login(staff_user)

    listed = client.get(reverse("events:event-list"))
    voided_only = client.get(reverse("events:event-list"), {"voided": "1"})
    page = client.get(reverse("events:event-detail", args=[held.pk])).content.decode()

    assert [e.pk for e in listed.context["events"]] == []
    assert [e.pk for e in voided_only.context["events"]] == [held.pk]
    assert f"Đã hủy ngày 07/12/2026 bởi {staff_user.full_name} — lý do: &lt;b&gt;Nhập trùng&lt;/b&gt;" in page
    assert "<b>Nhập trùng</b>" not in page


def test_staff_void_an_event_from_the_admin_with_a_reason(client, staff_user, held):
    client.force_login(staff_user)
    url = reverse("admin:events_event_changelist")
    chosen = {"action": "void_events", "_selected_action": [held.pk]}

    asked = client.post(url, chosen)
    refused = client.post(url, {**chosen, "apply": "1", "reason": ""})
    held.refresh_from_db()
    assert (asked.status_code, refused.status_code, held.voided_at) == (200, 200, None)
    assert "Lý do" in asked.content.decode()

    done = client.post(url, {**chosen, "apply": "1", "reason": REASON})

    assert done.status_code == 302
    held.refresh_from_db()
    assert (held.voided_by, held.void_reason) == (staff_user, REASON)


def test_staff_void_an_event_from_its_page_with_a_reason(client, staff_user, held):
    client.force_login(staff_user)
    url = reverse("events:event-void", args=[held.pk])
    assert url in client.get(reverse("events:event-detail", args=[held.pk])).content.decode()

    refused = client.post(url, {"reason": "nhầm"})
    held.refresh_from_db()
    assert (refused.status_code, held.voided_at) == (200, None)
    assert "ít nhất 10 ký tự" in refused.content.decode()

    done = client.post(url, {"reason": REASON})

    assert (done.status_code, done["Location"]) == (302, held.get_absolute_url())
    held.refresh_from_db()
    assert (held.voided_by, held.void_reason) == (staff_user, REASON)
    assert url not in client.get(reverse("events:event-detail", args=[held.pk])).content.decode()


def test_the_organising_unit_officer_cannot_void(client, officer, held):
    client.force_login(officer)
    url = reverse("events:event-void", args=[held.pk])

    assert url not in client.get(reverse("events:event-detail", args=[held.pk])).content.decode()
    assert client.post(url, {"reason": REASON}).status_code == 403
    held.refresh_from_db()
    assert held.voided_at is None
