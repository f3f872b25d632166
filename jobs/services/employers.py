"""Employers at a fair: registration through the public form, approval, vacancies."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import email_prefix
from accounts.models import User
from accounts.scoping import require_runs
from common.history import records_actor, records_public_actor
from common.validators import normalize_phone

from ..models import Employer, JobFair, Vacancy
from ..validators import normalise_tax_code
from .fairs import _require_runs_fair


def _open_fair(fair: JobFair) -> JobFair:
    fair = JobFair.objects.select_for_update(of=("self",)).get(pk=fair.pk)
    if not fair.is_public():
        raise ValidationError(_("Ngày hội chưa mở đăng ký."))
    if fair.has_ended():
        raise ValidationError(_("Ngày hội đã kết thúc, không nhận đăng ký nữa."))
    return fair


@records_public_actor
@transaction.atomic
def employer_register(*, fair: JobFair, employer: Employer, actor: User | None = None) -> Employer:
    """Register an employer for a published fair that has not ended; it waits for approval.

    The tax code and phone are stored normalised; a second registration of the same
    tax code for the same fair is refused (a double click leaves one row).
    """
    employer.fair = _open_fair(fair)
    employer.tax_code = normalise_tax_code(employer.tax_code)
    employer.contact_phone = normalize_phone(employer.contact_phone)
    employer.status = Employer.Status.PENDING
    employer.full_clean()
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError as error:
        raise ValidationError(
            {"tax_code": _("Doanh nghiệp có mã số thuế này đã đăng ký tham gia ngày hội.")}
        ) from error
    if employer.contact_email:
        transaction.on_commit(lambda: employer_send_link(employer=employer))
    return employer


def employer_send_link(*, employer: Employer) -> None:
    """Email the employer its private page, where it adds vacancies and sees applicants."""
    link = settings.PORTAL_BASE_URL.rstrip("/") + employer.get_manage_url()
    send_mail(
        subject=f"{email_prefix(unit=employer.fair.owner)} "
        + _("Đăng ký tham gia %(fair)s") % {"fair": employer.fair.name},
        message=_(
            "Kính gửi %(contact)s,\n\n"
            "Ban tổ chức đã nhận đăng ký của %(employer)s tham gia %(fair)s. Trang riêng của doanh nghiệp, "
            "nơi thêm vị trí tuyển dụng và xem hồ sơ ứng tuyển:\n%(link)s\n\n"
            "Vui lòng giữ kín đường liên kết này. Doanh nghiệp hiện trên trang ngày hội sau khi được duyệt."
        )
        % {"contact": employer.contact_name, "employer": employer.name, "fair": employer.fair.name, "link": link},
        from_email=None,
        recipient_list=[employer.contact_email],
    )


@records_actor
@transaction.atomic
def employer_decide(*, employer: Employer, approve: bool, actor: User, reason: str = "") -> Employer:
    """Approve an employer (it and its vacancies appear on the public page) or refuse it with a reason."""
    employer = Employer.objects.select_for_update(of=("self",)).get(pk=employer.pk)
    _require_runs_fair(actor=actor, fair=employer.fair)
    if not approve and not reason.strip():
        raise ValidationError(_("Nhập lý do không duyệt để báo lại cho doanh nghiệp."))
    employer.status = Employer.Status.APPROVED if approve else Employer.Status.REJECTED
    employer.rejection_reason = "" if approve else reason.strip()
    employer.decided_at = timezone.now()
    employer.decided_by = actor
    employer.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by", "updated_at"])
    return employer


@records_actor
@transaction.atomic
def employer_link_venture(*, employer: Employer, venture, actor: User) -> Employer:
    """Link (or unlink, with None) the youth venture the employer is; its hires then show on the venture's journey.
    Only the staff of the fair's owner do it."""
    require_runs(actor=actor, owner=employer.fair.owner)
    employer.venture = venture
    employer.save(update_fields=["venture", "updated_at"])
    return employer


@records_public_actor
@transaction.atomic
def vacancy_save(*, vacancy: Vacancy, employer: Employer, actor: User | None = None) -> Vacancy:
    """Add or edit a vacancy of an employer; refused once the fair has ended or for a refused employer."""
    if employer.fair.has_ended():
        raise ValidationError(_("Ngày hội đã kết thúc, không thêm hoặc sửa vị trí tuyển dụng được nữa."))
    if employer.status == Employer.Status.REJECTED:
        raise ValidationError(_("Doanh nghiệp không được duyệt tham gia ngày hội."))
    vacancy.employer = employer
    vacancy.full_clean()
    vacancy.save()
    return vacancy
