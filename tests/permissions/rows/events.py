"""Startup events, registrations and attendance, clubs and spaces, the public calendar and tickets.

Two events of Tô Hiệu are used. The demo's training class (published, held last
month) opens read-only to every unit officer, who registers their own people for it,
but only Tô Hiệu and the province manage it (another unit's officer gets a 403).
`prepare` adds a draft market day of Tô Hiệu (with a booth, a registration and a
material): a draft is seen by nobody outside its unit (a 404), so the pages that
only read an event are pointed at it. `prepare` also adds a club and a space of Tô Hiệu.
"""

from ..matrix import OFFICERS, PUBLIC, STAFF, UNIT, Row, expect, post_only

DRAFT_TITLE = "Phiên chợ sản phẩm thanh niên phường Tô Hiệu (ma trận quyền)"


def _training(w):
    return {"pk": w.pk("events.Event", unit__code="to-hieu", kind="training", status="published")}


def _draft(w):
    return {"pk": w.pk("events.Event", title=DRAFT_TITLE)}


def _ticket(w):
    """The code of someone who attended Tô Hiệu's training (their certificate is printable)."""
    registration = w.model(
        "events.Registration",
        event__unit__code="to-hieu",
        event__kind="training",
        status="confirmed",
        checked_in_at__isnull=False,
    )
    return {"code": registration.ticket_code}


ROWS = {
    "events:event-list": Row(OFFICERS),
    "events:event-list-export": Row(OFFICERS),
    "events:event-create": Row(OFFICERS),
    "events:event-detail": Row(UNIT, kwargs=_draft),
    # Staff above the event's unit void it, the national staff's included.
    "events:event-void": Row(expect(STAFF, national="ok"), kwargs=_training),
    "events:event-update": Row(UNIT, kwargs=_training),
    "events:event-cancel": Row(post_only(UNIT), kwargs=_training),
    "events:registration-list": Row(UNIT, kwargs=_draft),
    # Every unit registers its own people for the province's published events.
    "events:registration-create": Row(OFFICERS, kwargs=_training),
    "events:registration-export": Row(UNIT, kwargs=_draft),
    "events:registration-cancel": Row(post_only(UNIT), kwargs=lambda w: {"pk": w.made["events_registration"]}),
    "events:check-in": Row(UNIT, kwargs=_training),
    "events:attendance-template": Row(UNIT, kwargs=_training),
    "events:attendance-import": Row(UNIT, kwargs=_training),
    "events:attendance-close": Row(post_only(UNIT), kwargs=_training),
    "events:attendance-report": Row(UNIT, kwargs=_training),
    "events:attendance-report-export": Row(UNIT, kwargs=_training),
    "events:certificates-pdf": Row(UNIT, kwargs=_training),
    "events:material-upload": Row(post_only(UNIT), kwargs=_training),
    "events:material-download": Row(UNIT, kwargs=lambda w: {"pk": w.made["events_material"]}),
    "events:material-delete": Row(post_only(UNIT), kwargs=lambda w: {"pk": w.made["events_material"]}),
    "events:booth-add": Row(post_only(UNIT), kwargs=_draft),
    "events:booth-export": Row(UNIT, kwargs=_draft),
    "events:booth-delete": Row(post_only(UNIT), kwargs=lambda w: {"pk": w.made["events_booth"]}),
    "events:trained": Row(OFFICERS),
    "events:trained-export": Row(OFFICERS),
    "events:club-list": Row(OFFICERS),
    "events:club-create": Row(OFFICERS),
    "events:club-update": Row(UNIT, kwargs=lambda w: {"pk": w.made["events_club"]}),
    "events:club-export": Row(OFFICERS),
    "events:space-create": Row(OFFICERS),
    "events:space-update": Row(UNIT, kwargs=lambda w: {"pk": w.made["events_space"]}),
    "events:space-export": Row(OFFICERS),
    # The public: the calendar, a public event's page and form, a ticket by its code.
    "events:public-calendar": Row(PUBLIC),
    "events:public-event": Row(
        PUBLIC, kwargs=lambda w: {"pk": w.pk("events.Event", is_public=True, status="published", kind="startup_day")}
    ),
    "events:ticket": Row(PUBLIC, kwargs=_ticket),
    "events:ticket-cancel": Row(post_only(PUBLIC), kwargs=_ticket),
    "events:ticket-feedback": Row(post_only(PUBLIC), kwargs=_ticket),
    "events:ticket-certificate": Row(PUBLIC, kwargs=_ticket),
    # A certificate's page, by its own code (not the ticket's).
    "events:certificate-verify": Row(
        PUBLIC,
        kwargs=lambda w: {
            "code": w.model(
                "events.Registration", event__unit__code="to-hieu", certificate_serial__isnull=False
            ).certificate_code
        },
    ),
}


def prepare(world) -> None:
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from accounts.models import Unit, User
    from common.qr import new_ticket_code
    from events.models import Booth, Event, EventMaterial, Registration, StartupClub, StartupSpace
    from ventures.models import Venture

    staff = User.objects.get(username="tinhdoan")
    unit = Unit.objects.get(code="to-hieu")
    school = Unit.objects.filter(path__startswith=unit.path, kind=Unit.Kind.SCHOOL).order_by("pk").first()
    starts = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    draft = Event.objects.create(
        title=DRAFT_TITLE,
        kind=Event.Kind.MARKET,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        venue="Quảng trường Tây Bắc",
        unit=unit,
        status=Event.Status.DRAFT,
        is_public=False,
        created_by=staff,
    )
    venture = Venture.objects.filter(unit=unit).order_by("pk").first()
    booth = Booth.objects.create(event=draft, venture=venture, number="B1", products="Trà shan tuyết", added_by=staff)
    registration = Registration.objects.create(
        event=draft,
        full_name="Cầm Thị Hoa",
        phone="0912000333",
        unit=unit,
        source=Registration.Source.UNIT,
        registered_by=staff,
        ticket_code=new_ticket_code(),
    )
    training = Event.objects.get(pk=_training(world)["pk"])
    material = EventMaterial.objects.create(
        event=training,
        title="Bài giảng",
        file=ContentFile(b"%PDF-1.4\n%matrix\n", name="bai-giang.pdf"),
        uploaded_by=staff,
    )
    club = StartupClub.objects.create(
        unit=unit, school=school, name="CLB Khởi nghiệp phường Tô Hiệu", created_by=staff
    )
    space = StartupSpace.objects.create(
        unit=unit, school=school, name="Không gian khởi nghiệp phường Tô Hiệu", created_by=staff
    )
    world.made.update(
        events_booth=booth.pk,
        events_registration=registration.pk,
        events_material=material.pk,
        events_club=club.pk,
        events_space=space.pk,
    )
