"""Field verification (thẩm định thực tế): staff assign an officer to visit a sent
nomination, and the officer records the visit, its findings and photos."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.scoping import access_of
from common.history import records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create

from ..models import AwardProgramme, FieldVerification, Nomination, VerificationPhoto
from .nominations import _require_runs


def _require_before_close(programme: AwardProgramme) -> None:
    if programme.council_closed_at is not None:
        raise ValidationError(_("Hội đồng đã kết thúc xét chọn; không thay đổi thẩm định được."))


@records_actor
@transaction.atomic
def verification_assign(*, nomination: Nomination, officer, actor: User) -> FieldVerification:
    """Ask an officer to verify a sent nomination in the field (thẩm định thực tế).

    Assigning again before the visit is recorded hands it to another officer; the
    new officer is notified (once).
    """
    nomination = Nomination.objects.select_related("programme__owner", "entrepreneur").get(pk=nomination.pk)
    _require_runs(actor=actor, programme=nomination.programme)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(_("Chỉ thẩm định hồ sơ đã gửi và đang chờ xét chọn."))
    _require_before_close(nomination.programme)
    if not officer.is_active:
        raise ValidationError({"officer": [_("Tài khoản cán bộ này đã bị khoá.")]})
    verification = FieldVerification.objects.select_for_update().filter(nomination=nomination).first()
    if verification is None:
        verification = FieldVerification(nomination=nomination, officer=officer, assigned_by=actor)
    elif verification.is_done:
        raise ValidationError(_("Hồ sơ đã được thẩm định; không giao lại được."))
    else:
        verification.officer = officer
        verification.assigned_by = actor
    verification.full_clean()
    verification.save()
    name = nomination.entrepreneur.full_name
    url = reverse("awards:verification-record", kwargs={"pk": verification.pk})
    transaction.on_commit(
        lambda: notification_create(
            recipient=officer,
            key=f"awards.verification:{verification.pk}:{officer.pk}",
            title=translated(gettext_lazy("Thẩm định thực tế hồ sơ đề nghị tuyên dương %(name)s"), name=name),
            body=gettext_lazy("Bạn được giao thẩm định thực tế hồ sơ này; ghi kết quả và ảnh sau chuyến thăm."),
            url=url,
            level=Notification.Level.TODO,
            send_email=True,
        )
    )
    return verification


@records_actor
@transaction.atomic
def verification_record(
    *,
    verification: FieldVerification,
    visited_on: datetime.date,
    findings: str,
    confirmed: bool,
    photos=(),
    actor: User,
) -> FieldVerification:
    """Record the field visit: date, findings, whether the nomination's facts hold, photos.

    Only the assigned officer or staff record it, until the council closes.
    Recording again corrects the visit and adds the new photos.
    """
    verification = (
        FieldVerification.objects.select_for_update()
        .select_related("nomination__programme__owner")
        .get(pk=verification.pk)
    )
    programme = verification.nomination.programme
    if verification.officer_id != actor.pk and not access_of(actor).runs(programme.owner):
        raise PermissionDenied(_("Bạn không được giao thẩm định hồ sơ này."))
    _require_before_close(verification.nomination.programme)
    errors: dict[str, list[str]] = {}
    if visited_on is None:
        errors["visited_on"] = [_("Cần ghi ngày thẩm định.")]
    elif visited_on > timezone.localdate():
        errors["visited_on"] = [_("Ngày thẩm định không được sau hôm nay.")]
    if not (findings or "").strip():
        errors["findings"] = [_("Cần ghi kết quả thẩm định.")]
    if confirmed is None:
        errors["confirmed"] = [_("Cần xác nhận thông tin trong hồ sơ có đúng thực tế không.")]
    if errors:
        raise ValidationError(errors)
    verification.visited_on = visited_on
    verification.findings = findings.strip()
    verification.confirmed = confirmed
    verification.full_clean()
    verification.save()
    for file in photos:
        photo = VerificationPhoto(verification=verification, file=file)
        photo.full_clean()
        photo.save()
    return verification
