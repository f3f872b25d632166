"""Job seekers: registration with a ticket, check-in at the fair, applications and outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.formatting import format_moment
from common.history import records_actor, records_public_actor
from common.qr import new_ticket_code, normalise_ticket_code
from common.validators import normalize_phone

from ..models import Application, JobFair, JobSeeker, Vacancy

MIN_WORKING_AGE = 15  # Labour Code 2019, art. 143: an adult worker is 18, minors from 15 work with limits


@records_public_actor
@transaction.atomic
def seeker_register(*, fair: JobFair, seeker: JobSeeker, consent_text: str, actor: User | None = None) -> JobSeeker:
    """Register a seeker for a published fair that has not ended, within its capacity; issue a ticket.

    `actor` is the officer registering someone at the desk (None for the public form).
    One registration per phone number and fair.
    """
    fair = JobFair.objects.select_for_update(of=("self",)).get(pk=fair.pk)
    if not fair.is_public():
        raise ValidationError(_("Ngày hội chưa mở đăng ký."))
    if fair.has_ended():
        raise ValidationError(_("Ngày hội đã kết thúc, không nhận đăng ký nữa."))
    if not consent_text:
        raise ValidationError(_("Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký."))
    if fair.capacity is not None and fair.seekers.count() >= fair.capacity:
        raise ValidationError(_("Ngày hội đã đủ số người đăng ký (%(n)s người).") % {"n": fair.capacity})
    if seeker.date_of_birth and seeker.age_on(fair.day) < MIN_WORKING_AGE:
        raise ValidationError(
            {"date_of_birth": _("Người tìm việc phải từ đủ %(age)s tuổi trở lên.") % {"age": MIN_WORKING_AGE}}
        )
    seeker.fair = fair
    seeker.phone = normalize_phone(seeker.phone)
    seeker.consent_text = str(consent_text)
    seeker.consented_at = timezone.now()
    seeker.registered_by = actor
    seeker.ticket_code = new_ticket_code()
    seeker.full_clean()
    try:
        with transaction.atomic():
            seeker.save()
    except IntegrityError as error:
        raise ValidationError({"phone": _("Số điện thoại này đã được dùng để đăng ký ngày hội.")}) from error
    return seeker


@dataclass(frozen=True)
class CheckIn:
    seeker: JobSeeker
    already: bool

    @property
    def message(self) -> str:
        if self.already:
            return _("%(name)s đã check-in lúc %(time)s.") % {
                "name": self.seeker.full_name,
                "time": format_moment(self.seeker.checked_in_at, "%H:%M %d/%m/%Y"),
            }
        return _("Check-in thành công: %(name)s.") % {"name": self.seeker.full_name}


@records_actor
@transaction.atomic
def seeker_check_in(*, fair: JobFair, code: str, actor: User) -> CheckIn:
    """Check in the ticket `code` at `fair`, once.

    A second scan changes nothing and says when the first one was; a code of another
    fair or an unknown code is refused. Claimed with a conditional update, so two
    phones scanning the same ticket at once record one check-in.
    """
    code = normalise_ticket_code(code)
    if not code:
        raise ValidationError(_("Nhập hoặc quét mã vé."))
    seeker = JobSeeker.objects.filter(ticket_code=code).select_related("fair").first()
    if seeker is None:
        raise ValidationError(_("Không tìm thấy vé có mã %(code)s.") % {"code": code})
    if seeker.fair_id != fair.pk:
        raise ValidationError(_("Vé %(code)s không phải vé của ngày hội này.") % {"code": code})
    if fair.status == JobFair.Status.CANCELLED:
        raise ValidationError(_("Ngày hội đã hủy."))
    now = timezone.now()
    claimed = JobSeeker.objects.filter(pk=seeker.pk, checked_in_at__isnull=True).update(
        checked_in_at=now, checked_in_by=actor, updated_at=now
    )
    seeker.refresh_from_db()
    return CheckIn(seeker=seeker, already=claimed == 0)


def _check_vacancy_for(seeker: JobSeeker, vacancy: Vacancy) -> None:
    if vacancy.employer.fair_id != seeker.fair_id:
        raise ValidationError(_("Vị trí này không thuộc ngày hội người tìm việc đã đăng ký."))
    if not vacancy.employer.is_approved:
        raise ValidationError(_("Nhà tuyển dụng chưa được duyệt."))


@records_public_actor
@transaction.atomic
def application_create(*, seeker: JobSeeker, vacancy: Vacancy, source: str, actor: User | None = None) -> Application:
    """A seeker applies to a vacancy of their fair (from the ticket page, or recorded by staff)."""
    _check_vacancy_for(seeker, vacancy)
    if seeker.fair.has_ended() and source == Application.Source.TICKET:
        raise ValidationError(_("Ngày hội đã kết thúc, không ứng tuyển trực tuyến được nữa."))
    application = Application(seeker=seeker, vacancy=vacancy, source=source, updated_by=actor)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        raise ValidationError(_("Đã ứng tuyển vị trí này rồi.")) from error
    return application


@records_public_actor
@transaction.atomic
def application_record_outcome(
    *, application: Application, status: str, note: str = "", actor: User | None = None
) -> Application:
    """Record how an application went: interviewed, offered, hired, not selected, declined.

    Hiring more people than a vacancy's openings is refused. The interview and hire
    times are stamped the first time the application reaches them. `actor` is None
    when the employer records it through its private link.
    """
    application = Application.objects.select_for_update(of=("self",)).select_related("vacancy").get(pk=application.pk)
    if status not in Application.Status.values:
        raise ValidationError(_("Kết quả không hợp lệ."))
    vacancy = Vacancy.objects.select_for_update(of=("self",)).get(pk=application.vacancy_id)
    now = timezone.now()
    if status == Application.Status.HIRED and application.status != Application.Status.HIRED:
        hired = vacancy.applications.filter(status=Application.Status.HIRED).count()
        if hired >= vacancy.openings:
            raise ValidationError(
                _("Vị trí %(position)s đã tuyển đủ %(n)s người.")
                % {"position": vacancy.position, "n": vacancy.openings}
            )
    application.status = status
    if status in Application.INTERVIEWED_OR_LATER and application.interviewed_at is None:
        application.interviewed_at = now
    if status == Application.Status.HIRED:
        application.hired_at = application.hired_at or now
    else:
        application.hired_at = None
    application.note = note
    application.updated_by = actor
    application.save()
    return application
