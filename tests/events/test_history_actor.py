"""The event's audit trail: what staff and officers do names them, what a visitor does
on the public form or the ticket link names the public account, and the sign-in sheet
imported outside a page names the importing officer; no request needed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.history import public_actor
from events import services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory
from tests.events.test_services import register, sheet, today_event
from tests.events.test_views import public_form
from tests.history import HistoryWatch, assert_all_by
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db


def test_event_saved_by_an_officer_names_the_officer(commune, officer):
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventFactory.build(unit=commune, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    watch = HistoryWatch()

    services.event_save(event=event, actor=officer)

    assert_all_by(watch, officer, models={"events.Event"})


def test_public_registration_and_cancellation_name_the_public_account(event, officer):
    event.capacity = 1
    event.save()
    watch = HistoryWatch()

    first = register(event, "0912000001")
    waiting = register(event, "0912000002")
    services.registration_cancel(registration=first)

    assert_all_by(watch, public_actor(), models={"events.Registration"})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED  # promoted, and that too is in the history
    assert waiting.history.order_by("-history_id").first().status == Registration.Status.CONFIRMED


def test_check_in_at_the_door_names_the_officer(commune, officer):
    event = today_event(commune)
    registration = RegistrationFactory(event=event)
    watch = HistoryWatch()

    services.registration_check_in(event=event, code=registration.ticket_code, actor=officer)
    services.registration_check_in(event=event, code=registration.ticket_code, actor=officer)  # a second scan

    assert_all_by(watch, officer, models={"events.Registration"})
    assert [row.history_type for row in watch.new_rows()] == ["~"]
    assert registration.history.order_by("-history_id").first().checked_in_at is not None


def test_sign_in_sheet_import_names_the_importing_officer(commune, officer):
    event = today_event(commune)
    present, absent = RegistrationFactory(event=event), RegistrationFactory(event=event)
    watch = HistoryWatch()

    report = services.attendance_import(
        event=event,
        uploaded=sheet(
            [
                [1, present.full_name, "", "", present.ticket_code, "x"],
                [2, absent.full_name, "", absent.phone, absent.ticket_code, ""],
            ]
        ),
        actor=officer,
    )

    assert report.ok
    assert_all_by(watch, officer, models={"events.Registration", "events.Event"})
    marked = {row.object_id for row in watch.new_rows() if row.model == "events.Registration"}
    assert marked == {present.pk}
    assert Event.objects.get(pk=event.pk).history.order_by("-history_id").first().attendance_closed_at is not None


def test_feedback_from_the_ticket_link_names_the_public_account(commune):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(unit=commune, starts_at=start, ends_at=start + datetime.timedelta(hours=3))
    registration = RegistrationFactory(event=event, checked_in_at=start)
    watch = HistoryWatch()

    services.feedback_submit(registration=registration, rating=5, comment="Bổ ích")

    assert_all_by(watch, public_actor(), models={"events.Registration"})
    assert registration.history.order_by("-history_id").first().rating == 5


def test_pages_record_the_visitor_as_the_public_account_and_the_officer_by_name(
    client, event, officer, commune, staff_user
):
    client.post(reverse("events:public-event", args=[event.pk]), public_form())
    client.force_login(officer)
    person = EntrepreneurFactory(unit=commune, full_name="Lò Văn Thắng")
    client.post(reverse("events:registration-create", args=[event.pk]), {"entrepreneur": person.pk})
    visitor = Registration.objects.get(phone="0912345678")
    registered = Registration.objects.get(entrepreneur=person)
    client.force_login(staff_user)

    pages = {
        r.pk: client.get(reverse("admin:events_registration_history", args=[r.pk])) for r in (visitor, registered)
    }

    assert [row.history_user for row in pages[visitor.pk].context["page_obj"]] == [public_actor()]
    assert [row.history_user for row in pages[registered.pk].context["page_obj"]] == [officer]
    assert str(public_actor()) in pages[visitor.pk].content.decode()
