"""Events themselves: create and edit, cancel, close attendance, materials and booths."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.history import record_update, records_actor
from ventures.models import Venture

from ..models import Booth, Event, EventMaterial
from .mail import email_registrant


@records_actor
@transaction.atomic
def event_save(*, event: Event, actor: User) -> Event:
    """Create or update an event after checking it (an end before its start is refused).

    When the capacity grows, people on the waiting list move up into the new places
    (and are told by email when they gave one).
    """
    from .registrations import waiting_list_fill

    if event.pk is None:
        event.created_by = actor
    event.full_clean()
    event.save()
    if event.status == Event.Status.PUBLISHED:
        waiting_list_fill(event=event, actor=actor)
    return event


@records_actor
@transaction.atomic
def event_cancel(*, event: Event, actor: User) -> Event:
    """Cancel an event that has not ended; everyone registered with an email is told."""
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("Sự kiện này đã được hủy."))
    if event.has_ended():
        raise ValidationError(_("Sự kiện đã diễn ra, không hủy được."))
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    _tell_registrants_cancelled(event)
    return event


def _tell_registrants_cancelled(event: Event) -> None:
    for registration in event.registrations.active().select_related("entrepreneur"):
        email_registrant(
            registration=registration,
            subject=_("Sự kiện đã hủy: %(event)s") % {"event": event.title},
            body=_(
                "Ban tổ chức thông báo sự kiện “%(event)s” dự kiến ngày %(day)s đã bị hủy. Xin cảm ơn bạn đã quan tâm."
            )
            % {"event": event.title, "day": timezone.localtime(event.starts_at).strftime("%d/%m/%Y")},
        )


@records_actor
@transaction.atomic
def event_void(*, event: Event, reason: str, actor: User, now=None) -> Event:
    """Void an event recorded by mistake or not held as recorded: it stays, with its
    registrations and check-ins, in history; lists hide it and its figures stop counting
    from today (periods that ended before still count it). An event still to come is
    cancelled too, and its registrants with an email are told."""
    event = Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
    if event.status == Event.Status.CANCELLED and event.voided_at is None:
        raise ValidationError(_("Sự kiện này đã được hủy."))
    cancel = not event.has_ended()
    if cancel:
        event.status = Event.Status.CANCELLED
    event.record_void(reason=reason, actor=actor, now=now, extra_fields=["status"] if cancel else ())
    if cancel:
        _tell_registrants_cancelled(event)
    return event


@records_actor
def attendance_close(*, event: Event, actor: User, now=None) -> Event:
    """Record that the event's attendance is complete (the deadline reminder stops)."""
    now = now or timezone.now()
    if now < event.starts_at:
        raise ValidationError(_("Sự kiện chưa diễn ra, chưa chốt điểm danh được."))
    closed = Event.objects.filter(pk=event.pk, attendance_closed_at__isnull=True).update(
        attendance_closed_at=now, attendance_closed_by=actor
    )
    event.refresh_from_db()
    if closed:
        record_update(event, actor=actor, when=now)
    return event


@records_actor
def material_add(*, event: Event, kind: str, title: str, file, actor: User) -> EventMaterial:
    material = EventMaterial(event=event, kind=kind, title=title, file=file, uploaded_by=actor)
    material.full_clean()
    material.save()
    return material


@records_actor
def material_remove(*, material: EventMaterial, actor: User) -> None:
    material.file.delete(save=False)
    material.delete()


@records_actor
def booth_add(
    *, event: Event, venture: Venture, products: str, number: str = "", actor: User, ocop_product=None
) -> Booth:
    """Give a venture a booth at a festival or trade day (once per venture)."""
    if event.kind not in (Event.Kind.FESTIVAL, Event.Kind.MARKET, Event.Kind.STARTUP_DAY):
        raise ValidationError(_("Chỉ liên hoan sáng tạo, ngày hội khởi nghiệp và phiên chợ mới có gian hàng."))
    booth = Booth(event=event, venture=venture, products=products, number=number, added_by=actor)
    if ocop_product is not None:
        booth.ocop_product = ocop_product
    booth.full_clean()
    try:
        with transaction.atomic():
            booth.save()
    except IntegrityError as exc:  # a double click past full_clean
        raise ValidationError(_("Mô hình này đã có gian hàng tại sự kiện.")) from exc
    return booth


@records_actor
def booth_remove(*, booth: Booth, actor: User) -> None:
    booth.delete()
