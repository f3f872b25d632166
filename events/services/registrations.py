"""Registrations, the waiting list, check-in at the door, the sign-in sheet and feedback.

Capacity is enforced under a lock on the event row: every registration, cancellation
and promotion of one event runs one at a time, so two people racing for the last place
leave one confirmed and one waiting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from common.certificates import take_certificate_serials, unique_codes
from common.excel import (
    ImportReport,
    RowError,
    SheetError,
    build_workbook,
    cell_text,
    phone_from_cell,
    read_sheet,
)
from common.history import current_actor, record_update, record_updates, records_actor, records_public_actor
from common.qr import new_ticket_code, normalise_ticket_code
from common.validators import normalize_phone, validate_vietnamese_phone
from ventures.models import Entrepreneur

from ..models import Event, Registration
from .mail import email_registrant

# Check-in opens this long before the start (people queue early at the door).
CHECK_IN_OPENS_BEFORE = datetime.timedelta(hours=12)


def find_entrepreneur(*, phone: str, date_of_birth: datetime.date | None) -> Entrepreneur | None:
    """The registry's person with this phone and date of birth, if exactly one matches."""
    number = normalize_phone(phone)
    if not number or date_of_birth is None:
        return None
    matches = [
        e for e in Entrepreneur.objects.filter(date_of_birth=date_of_birth) if normalize_phone(e.phone) == number
    ]
    return matches[0] if len(matches) == 1 else None


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _has_room(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


def _check_open(event: Event, *, source: str, now: datetime.datetime) -> None:
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(_("Sự kiện đã bị hủy, không nhận đăng ký."))
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Sự kiện chưa mở đăng ký."))
    if event.has_ended(now):
        raise ValidationError(_("Sự kiện đã kết thúc, không nhận đăng ký."))
    # Units may still add their people until the event ends; the public form closes at the deadline.
    if source == Registration.Source.PUBLIC and now > event.registration_deadline:
        raise ValidationError(
            _("Đã hết hạn đăng ký (%(deadline)s).")
            % {"deadline": timezone.localtime(event.registration_deadline).strftime("%H:%M %d/%m/%Y")}
        )


@records_public_actor
@transaction.atomic
def registration_create(
    *,
    event: Event,
    source: str = Registration.Source.PUBLIC,
    actor: User | None = None,
    entrepreneur: Entrepreneur | None = None,
    full_name: str = "",
    date_of_birth: datetime.date | None = None,
    gender: str = "",
    ethnicity: str = "",
    phone: str = "",
    email: str = "",
    unit=None,
    organisation: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Register one person: confirmed while there is room, else on the waiting list.

    A person from the registry is linked (their own phone is the duplicate key); a
    public registrant whose phone and date of birth match one registry record is
    linked to it too. The same phone or the same registry person twice in one event is
    refused. The registrant gets an email with their ticket link when they gave one.
    """
    now = now or timezone.now()
    event = _lock(event)
    _check_open(event, source=source, now=now)
    if entrepreneur is None and source == Registration.Source.PUBLIC:
        entrepreneur = find_entrepreneur(phone=phone, date_of_birth=date_of_birth)
    if entrepreneur is not None:
        phone = entrepreneur.phone or phone
        unit = unit or entrepreneur.unit
        full_name = gender = ethnicity = ""
        date_of_birth = None
        email = email if email and email != entrepreneur.email else ""
    number = normalize_phone(phone)
    if number:
        validate_vietnamese_phone(number)
    elif entrepreneur is None:
        raise ValidationError({"phone": _("Cần số điện thoại để nhận vé và xác nhận.")})
    active = event.registrations.active()
    if entrepreneur is not None and active.filter(entrepreneur=entrepreneur).exists():
        raise ValidationError(_("%(name)s đã đăng ký tham dự sự kiện này.") % {"name": entrepreneur.full_name})
    if number and active.filter(phone=number).exists():
        raise ValidationError(
            {"phone": _("Số điện thoại %(phone)s đã đăng ký tham dự sự kiện này.") % {"phone": number}}
        )

    registration = Registration(
        event=event,
        entrepreneur=entrepreneur,
        full_name=full_name.strip(),
        date_of_birth=date_of_birth,
        gender=gender,
        ethnicity=ethnicity,
        phone=number,
        email=email,
        unit=unit,
        organisation=organisation.strip(),
        source=source,
        registered_by=actor if source == Registration.Source.UNIT else None,
        ticket_code=new_ticket_code(),
    )
    if _has_room(event):
        registration.status = Registration.Status.CONFIRMED
    else:
        registration.status = Registration.Status.WAITING
        last = event.registrations.filter(status=Registration.Status.WAITING).aggregate(m=Max("waiting_position"))["m"]
        registration.waiting_position = (last or 0) + 1
    if entrepreneur is None:
        for field in ("full_name", "date_of_birth", "gender"):
            if not getattr(registration, field):
                raise ValidationError({field: _("Thông tin này là bắt buộc.")})
    registration.full_clean(exclude=["ticket_code"])
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # a double click or a concurrent twin past the checks above
        raise ValidationError(_("Người này đã đăng ký tham dự sự kiện này.")) from exc

    if registration.status == Registration.Status.CONFIRMED:
        subject = _("Xác nhận đăng ký: %(event)s") % {"event": event.title}
        body = _("Bạn đã được xác nhận tham dự “%(event)s” lúc %(when)s tại %(where)s. Mã vé: %(code)s.")
    else:
        subject = _("Danh sách chờ: %(event)s") % {"event": event.title}
        body = _(
            "Sự kiện “%(event)s” (%(when)s, %(where)s) đã đủ chỗ; bạn ở danh sách chờ. "
            "Chúng tôi sẽ báo khi có chỗ. Mã vé: %(code)s."
        )
    email_registrant(
        registration=registration,
        subject=subject,
        body=body
        % {
            "event": event.title,
            "when": timezone.localtime(event.starts_at).strftime("%H:%M %d/%m/%Y"),
            "where": event.venue or event.online_url,
            "code": registration.ticket_code,
        },
    )
    return registration


def _promote(registration: Registration, now: datetime.datetime) -> Registration:
    registration.status = Registration.Status.CONFIRMED
    registration.waiting_position = None
    registration.promoted_at = now
    registration.save(update_fields=["status", "waiting_position", "promoted_at", "updated_at"])
    event = registration.event
    email_registrant(
        registration=registration,
        subject=_("Đã có chỗ: %(event)s") % {"event": event.title},
        body=_("Đã có chỗ cho bạn tại “%(event)s” lúc %(when)s. Vé của bạn đã được xác nhận; mang mã QR khi đến.")
        % {"event": event.title, "when": timezone.localtime(event.starts_at).strftime("%H:%M %d/%m/%Y")},
    )
    return registration


@transaction.atomic
@records_public_actor
def waiting_list_fill(*, event: Event, actor: User | None, now: datetime.datetime | None = None) -> list[Registration]:
    """Move people up from the waiting list, first come first served, while there is room."""
    now = now or timezone.now()
    event = _lock(event)
    if event.status != Event.Status.PUBLISHED or event.has_ended(now):
        return []
    promoted = []
    waiting = event.registrations.select_for_update(of=("self",)).filter(status=Registration.Status.WAITING)
    for registration in waiting.order_by("waiting_position").select_related("event", "entrepreneur"):
        if not _has_room(event):
            break
        promoted.append(_promote(registration, now))
    return promoted


@records_public_actor
@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: User | None = None, now: datetime.datetime | None = None
) -> tuple[Registration, Registration | None]:
    """Cancel a place; a confirmed place goes to the first person waiting, who is told.

    Returns the cancelled registration and the promoted one (or None).
    """
    now = now or timezone.now()
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update(of=("self",)).get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("Đăng ký này đã được hủy."))
    if registration.checked_in_at is not None:
        raise ValidationError(_("Người này đã điểm danh, không hủy được đăng ký."))
    if now >= event.starts_at:
        raise ValidationError(_("Sự kiện đã bắt đầu, không hủy được đăng ký."))
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waiting_position", "cancelled_at", "updated_at"])
    promoted = None
    if was_confirmed:
        filled = waiting_list_fill(event=event, actor=actor, now=now)
        promoted = filled[0] if filled else None
    return registration, promoted


@dataclass(frozen=True)
class CheckIn:
    registration: Registration
    already: bool  # scanned before: `registration.checked_in_at` says when


@records_actor
def registration_check_in(*, event: Event, code: str, actor: User, now: datetime.datetime | None = None) -> CheckIn:
    """Check a ticket in at the door of `event`.

    A code of another event, of a cancelled or waiting registration is refused; a
    second scan returns the first check-in (`already`), recorded once even when two
    phones scan at the same moment.
    """
    now = now or timezone.now()
    code = normalise_ticket_code(code)
    if not code:
        raise ValidationError(_("Chưa nhập mã vé."))
    registration = (
        Registration.objects.select_related("event", "entrepreneur", "unit").filter(ticket_code=code).first()
    )
    if registration is None:
        raise ValidationError(_("Không tìm thấy mã vé %(code)s.") % {"code": code})
    if registration.event_id != event.pk:
        raise ValidationError(
            _("Mã vé %(code)s thuộc sự kiện khác (“%(event)s”), không dùng được tại sự kiện này.")
            % {"code": code, "event": registration.event.title}
        )
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(_("Sự kiện không còn diễn ra, không điểm danh được."))
    if now < event.starts_at - CHECK_IN_OPENS_BEFORE:
        raise ValidationError(_("Chưa đến ngày diễn ra sự kiện, chưa điểm danh được."))
    if registration.status == Registration.Status.CANCELLED:
        raise ValidationError(_("Đăng ký của %(name)s đã hủy.") % {"name": registration.person_name})
    if registration.status == Registration.Status.WAITING:
        raise ValidationError(
            _("%(name)s đang ở danh sách chờ, chưa có chỗ tham dự.") % {"name": registration.person_name}
        )
    claimed = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now, checked_in_by=actor, updated_at=now)
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by", "updated_at"])
    if claimed:
        record_update(registration, actor=actor, when=now)
    return CheckIn(registration=registration, already=claimed == 0)


@records_public_actor
def feedback_submit(
    *,
    registration: Registration,
    rating: int,
    comment: str = "",
    actor: User | None = None,
    now: datetime.datetime | None = None,
) -> Registration:
    """A participant's rating (1–5) and comments, once, after the event.

    Sent from the ticket link by a visitor with no account (`actor=None`: the history
    names the public account)."""
    now = now or timezone.now()
    if registration.checked_in_at is None:
        raise ValidationError(_("Chỉ người đã tham dự mới gửi được đánh giá."))
    if not registration.event.has_ended(now):
        raise ValidationError(_("Sự kiện chưa kết thúc; hãy gửi đánh giá sau khi sự kiện kết thúc."))
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Chọn mức đánh giá từ 1 đến 5.")})
    sent = Registration.objects.filter(pk=registration.pk, feedback_at__isnull=True).update(
        rating=rating, comment=comment.strip(), feedback_at=now, updated_at=now
    )
    if not sent:
        raise ValidationError(_("Bạn đã gửi đánh giá cho sự kiện này, cảm ơn bạn."))
    registration.refresh_from_db()
    record_update(registration, actor=current_actor(), when=now)
    return registration


# --- the sign-in sheet ----------------------------------------------------------------

COL_NUMBER = gettext_lazy("STT")
COL_NAME = gettext_lazy("Họ và tên")
COL_UNIT = gettext_lazy("Đơn vị")
COL_PHONE = gettext_lazy("Số điện thoại")
COL_CODE = gettext_lazy("Mã vé")
COL_PRESENT = gettext_lazy("Có mặt (x)")
SHEET_COLUMNS = [COL_NUMBER, COL_NAME, COL_UNIT, COL_PHONE, COL_CODE, COL_PRESENT]
IMPORT_HEADERS = [COL_PHONE, COL_CODE, COL_PRESENT]
_PRESENT = {"x", "có", "co", "1", "true", "v", "✓"}


def attendance_template(*, event: Event) -> bytes:
    """The sign-in sheet to print: every confirmed person, a column to tick."""
    registrations = (
        event.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("entrepreneur", "unit")
        .order_by("unit__path", "full_name", "entrepreneur__full_name")
    )
    rows = (
        [
            index,
            r.person_name,
            r.unit.name if r.unit_id else r.organisation,
            r.phone,
            r.ticket_code,
            "x" if r.checked_in_at else "",
        ]
        for index, r in enumerate(registrations, start=1)
    )
    guide = [
        [_("Cột"), _("Cách ghi")],
        [str(COL_PRESENT), _("Ghi x nếu người đó có mặt; để trống nếu vắng.")],
        [str(COL_CODE), _("Giữ nguyên mã vé; dòng không có mã vé thì cần số điện thoại đã đăng ký.")],
        [
            _("Lưu ý"),
            _(
                "Chỉ người đã đăng ký và được xác nhận mới điểm danh được. "
                "Tệp lỗi một dòng thì không dòng nào được ghi."
            ),
        ],
    ]
    return build_workbook(
        title=_("Danh sách điểm danh"),
        headers=[str(c) for c in SHEET_COLUMNS],
        rows=rows,
        widths=[6, 30, 30, 14, 14, 12],
        extra_sheets={_("Hướng dẫn"): guide},
    )


@records_actor
@transaction.atomic
def attendance_import(*, event: Event, uploaded, actor: User, now: datetime.datetime | None = None) -> ImportReport:
    """Mark attendance from a sign-in sheet: all rows or none.

    Each row ticked "x" must name a confirmed registration of this event by ticket
    code or phone; otherwise the report names the row and nothing is recorded. People
    already checked in at the door stay as they are. The event's attendance is then
    closed.
    """
    now = now or timezone.now()
    if now < event.starts_at:
        raise ValidationError(_("Sự kiện chưa diễn ra, chưa nhập điểm danh được."))
    try:
        rows = read_sheet(uploaded, headers=[str(h) for h in IMPORT_HEADERS])
    except SheetError as exc:
        raise ValidationError(str(exc)) from exc
    registrations = list(
        event.registrations.exclude(status=Registration.Status.CANCELLED).select_related("entrepreneur")
    )
    by_code = {r.ticket_code: r for r in registrations}
    by_phone = {r.phone: r for r in registrations if r.phone}
    errors: list[RowError] = []
    chosen: dict[int, int] = {}  # registration pk -> sheet row
    for row in rows:
        values = {str(k): v for k, v in row.values.items()}
        present = cell_text(values.get(str(COL_PRESENT))).lower()
        if not present:
            continue
        if present not in _PRESENT:
            errors.append(RowError(row.number, str(COL_PRESENT), _("Ghi x nếu có mặt, để trống nếu vắng.")))
            continue
        code = normalise_ticket_code(cell_text(values.get(str(COL_CODE))))
        phone = normalize_phone(phone_from_cell(values.get(str(COL_PHONE))))
        if code:
            registration, column = by_code.get(code), COL_CODE
            if registration is None:
                errors.append(
                    RowError(row.number, str(column), _("Mã vé %(code)s không thuộc sự kiện này.") % {"code": code})
                )
                continue
        elif phone:
            try:
                validate_vietnamese_phone(phone)
            except ValidationError as exc:
                errors.append(RowError(row.number, str(COL_PHONE), " ".join(exc.messages)))
                continue
            registration, column = by_phone.get(phone), COL_PHONE
            if registration is None:
                errors.append(
                    RowError(
                        row.number, str(column), _("Số %(phone)s không có trong danh sách đăng ký.") % {"phone": phone}
                    )
                )
                continue
        else:
            errors.append(RowError(row.number, str(COL_CODE), _("Cần mã vé hoặc số điện thoại đã đăng ký.")))
            continue
        if registration.status != Registration.Status.CONFIRMED:
            errors.append(
                RowError(
                    row.number,
                    str(column),
                    _("%(name)s đang ở danh sách chờ, chưa có chỗ.") % {"name": registration.person_name},
                )
            )
            continue
        if registration.pk in chosen:
            errors.append(
                RowError(row.number, str(column), _("Trùng với dòng %(row)d.") % {"row": chosen[registration.pk]})
            )
            continue
        chosen[registration.pk] = row.number
    if errors:
        return ImportReport(errors=errors)
    marked = Registration.objects.filter(pk__in=list(chosen), checked_in_at__isnull=True).update(
        checked_in_at=min(now, event.ends_at), checked_in_by=actor, updated_at=now
    )
    record_updates(
        list(Registration.objects.filter(pk__in=list(chosen), checked_in_by=actor, updated_at=now)),
        actor=actor,
        when=now,
    )
    closed = Event.objects.filter(pk=event.pk, attendance_closed_at__isnull=True).update(
        attendance_closed_at=now, attendance_closed_by=actor
    )
    if closed:
        event.refresh_from_db()
        record_update(event, actor=actor, when=now)
    return ImportReport(created=marked)


@records_public_actor
@transaction.atomic
def certificates_issue(
    *, event: Event, registrations: list[Registration], actor: User | None, now: datetime.datetime | None = None
) -> list[Registration]:
    """Give each of `registrations` without one its certificate of attendance: the next numbers
    of the event's register, in the order given, and a verification code. Returns them re-read.

    Only a training class gives certificates, once it has begun (staff print them for the
    closing session), and only to those who attended; a certificate once given keeps its
    number (printing again changes nothing). Staff print the class's certificates; a
    participant prints their own from the ticket link after the class (`actor` None).
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not (event.gives_certificates and event.starts_at <= (now or timezone.now())):
        raise ValidationError(_("Chỉ lớp tập huấn đã diễn ra mới cấp giấy chứng nhận."))
    wanted = [r.pk for r in registrations]
    current = {r.pk: r for r in Registration.objects.select_for_update().filter(event=event, pk__in=wanted)}
    if any(not (r.status == Registration.Status.CONFIRMED and r.checked_in_at) for r in current.values()):
        raise ValidationError(_("Chỉ cấp giấy chứng nhận cho người đã điểm danh."))
    new = [current[pk] for pk in wanted if pk in current and current[pk].certificate_serial is None]
    if new:
        serials = take_certificate_serials(event, len(new))
        codes = unique_codes(
            len(new),
            taken=lambda codes: Registration.objects.filter(certificate_code__in=codes).values_list(
                "certificate_code", flat=True
            ),
        )
        for registration, serial, code in zip(new, serials, codes, strict=True):
            registration.certificate_serial, registration.certificate_code = serial, code
        Registration.objects.bulk_update(new, ["certificate_serial", "certificate_code"])
        record_updates(new, actor=current_actor(), when=now)
    by_pk = {r.pk: r for r in Registration.objects.filter(pk__in=wanted).select_related("entrepreneur", "unit")}
    return [by_pk[pk] for pk in wanted if pk in by_pk]
