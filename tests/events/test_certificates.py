"""Certificates of attendance of a training class: numbered in the event's register, signed,
with a QR code of a public verification page that shows nothing private."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days
from tests.pdfs import flat, page_images, pdf_pages, qr_codes

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")]


@pytest.fixture
def held(commune):
    """A training class held two days ago: two attended (a unit's member, and a guest), one did not."""
    event = EventFactory(
        unit=commune,
        title="Lớp tập huấn kiến thức khởi nghiệp 2026",
        starts_at=in_days(-2, 8),
        ends_at=in_days(-2, 17),
    )
    mai = RegistrationFactory(
        event=event,
        full_name="Lò Thị Mai",
        unit=commune,
        phone="0912345678",
        email="mai@example.com",
        date_of_birth=datetime.date(2002, 3, 4),
        checked_in_at=event.starts_at,
    )
    guest = RegistrationFactory(
        event=event, full_name="Quàng Văn Nam", organisation="HTX Chè Tà Xùa", checked_in_at=event.starts_at
    )
    absent = RegistrationFactory(event=event, full_name="Cầm Văn Vắng")
    return {"event": event, "mai": mai, "guest": guest, "absent": absent}


def test_staff_printing_issues_numbers_once_in_the_printed_order(client, officer, held, settings):
    settings.PORTAL_BASE_URL = "https://thanhnien.sonla.example"
    client.force_login(officer)
    url = reverse("events:certificates-pdf", args=[held["event"].pk])

    first = client.get(url)
    again = client.get(url)

    numbers = dict(Registration.objects.values_list("full_name", "certificate_serial"))
    assert numbers == {"Lò Thị Mai": 1, "Quàng Văn Nam": 2, "Cầm Văn Vắng": None}
    assert Event.objects.get(pk=held["event"].pk).certificates_issued == 2
    codes = dict(Registration.objects.values_list("full_name", "certificate_code"))
    mai, guest = pdf_pages(again.content)
    assert pdf_pages(first.content) == [mai, guest]
    assert "Số: 01/GCN-TH" in mai
    assert "Số: 02/GCN-TH" in guest
    for page in (mai, guest):
        assert "TM. BAN TỔ CHỨC" in page
        assert "TRƯỞNG BAN" in page
        assert "Hà Văn Thắng" in page
    assert held["mai"].ticket_code not in mai  # the ticket's code opens the ticket: never printed
    assert f"https://thanhnien.sonla.example/events/verify/{codes['Lò Thị Mai']}/" in flat(mai)
    assert [len(images) for images in page_images(again.content)] == [1, 1]
    assert qr_codes(again.content) == [
        [f"https://thanhnien.sonla.example/events/verify/{codes['Lò Thị Mai']}/"],
        [f"https://thanhnien.sonla.example/events/verify/{codes['Quàng Văn Nam']}/"],
    ]


def test_a_participants_own_certificate_keeps_the_number_staff_printed(client, officer, held):
    own = client.get(reverse("events:ticket-certificate", args=[held["guest"].ticket_code]))
    client.force_login(officer)
    client.get(reverse("events:certificates-pdf", args=[held["event"].pk]))

    numbers = dict(Registration.objects.values_list("full_name", "certificate_serial"))
    assert numbers == {"Quàng Văn Nam": 1, "Lò Thị Mai": 2, "Cầm Văn Vắng": None}
    assert "Số: 01/GCN-TH" in pdf_pages(own.content)[0]
    history = Registration.history.filter(id=held["guest"].pk).latest("history_id")
    assert (history.certificate_serial, history.history_user.username) == (1, "cong-khai")


def test_certificates_wait_for_the_signer(client, officer, held):
    Event.objects.filter(pk=held["event"].pk).update(signer_name="")
    client.force_login(officer)

    staff = client.get(reverse("events:certificates-pdf", args=[held["event"].pk]))
    own = client.get(reverse("events:ticket-certificate", args=[held["mai"].ticket_code]))

    assert (staff.status_code, own.status_code) == (302, 404)
    assert not Registration.objects.filter(certificate_serial__isnull=False).exists()


def test_only_attendees_of_a_begun_training_class_get_certificates(officer, held, commune):
    ahead = EventFactory(unit=commune)
    booked = RegistrationFactory(event=ahead)

    with pytest.raises(ValidationError):
        services.certificates_issue(event=held["event"], registrations=[held["absent"]], actor=officer)
    with pytest.raises(ValidationError):
        services.certificates_issue(event=ahead, registrations=[booked], actor=officer)
    assert not Registration.objects.filter(certificate_serial__isnull=False).exists()


def test_verify_shows_the_certificate_to_a_visitor_and_nothing_private(client, held):
    client.get(reverse("events:ticket-certificate", args=[held["mai"].ticket_code]))
    code = Registration.objects.get(pk=held["mai"].pk).certificate_code

    response = client.get(reverse("events:certificate-verify", kwargs={"code": code.lower()}))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="col-sm-8" id="certificate-number">01/GCN-TH</dd>' in page
    day = timezone.localtime(held["event"].ends_at).strftime("%d/%m/%Y")
    for fact in (
        "Lò Thị Mai",
        "Đoàn phường Tô Hiệu",
        "Lớp tập huấn kiến thức khởi nghiệp 2026",
        day,
        "Hà Văn Thắng, Trưởng ban",
    ):
        assert fact in page
    for private in ("0912345678", "mai@example.com", "04/03/2002", "2002", held["mai"].ticket_code):
        assert private not in page


@pytest.mark.parametrize("case", ["forged", "ticket code", "voided event"])
def test_verify_refuses_a_forged_code_a_ticket_code_or_a_voided_event(client, officer, held, case):
    client.get(reverse("events:ticket-certificate", args=[held["mai"].ticket_code]))
    code = {
        "forged": "ABCDEFGHJKMN",
        "ticket code": held["mai"].ticket_code,
        "voided event": Registration.objects.get(pk=held["mai"].pk).certificate_code,
    }[case]
    if case == "voided event":
        services.event_void(event=held["event"], reason="Ghi nhầm lớp tập huấn này.", actor=officer)

    response = client.get(reverse("events:certificate-verify", kwargs={"code": code}))

    assert response.status_code == 404
    assert "Lò Thị Mai" not in response.content.decode()
