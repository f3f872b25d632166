"""A unit's nominations: drafts with their evidence, submitting against the window,
the quota and the eligibility rules, withdrawing, and staff's eligibility exceptions.

Also the checks the other topics share: the actor's reach over a unit, the staff
role, the nomination window, and telling a unit's officers.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Unit, User
from accounts.rules import STAFF
from accounts.scoping import access_of, require_reach, require_runs
from common.history import records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create
from ventures.models import Entrepreneur

from .. import selectors
from ..eligibility import failed_checks, nomination_checks
from ..models import AwardProgramme, Nomination, NominationEvidence

# --- helpers ----------------------------------------------------------------------------


def _local(moment: datetime.datetime, pattern: str = "%H:%M %d/%m/%Y") -> str:
    return timezone.localtime(moment).strftime(pattern)


def _require_staff(actor) -> None:
    if not access_of(actor).has_role(STAFF):
        raise PermissionDenied(_("Chỉ cán bộ Tỉnh đoàn được làm việc này."))


def _require_runs(*, actor, programme: AwardProgramme) -> None:
    """Only the staff of the unit that owns the programme manage it (PermissionDenied)."""
    _require_staff(actor)
    require_runs(actor=actor, owner=programme.owner)


def _require_window_open(*, programme: AwardProgramme, now: datetime.datetime) -> None:
    if programme.accepts_nominations_at(now):
        return
    if programme.status != AwardProgramme.Status.NOMINATING:
        raise ValidationError(_("Chương trình không ở giai đoạn nhận hồ sơ đề nghị."))
    if now < programme.nomination_opens_at:
        raise ValidationError(
            _("Chương trình nhận hồ sơ từ %(opens)s.") % {"opens": _local(programme.nomination_opens_at)}
        )
    raise ValidationError(
        _("Đã hết hạn gửi hồ sơ (%(deadline)s).") % {"deadline": _local(programme.nomination_closes_at)}
    )


def _notify_unit_officers(*, unit: Unit, key: str, title: str, body: str, url: str, level: str) -> int:
    officers = Membership.objects.filter(unit=unit, role=Membership.Role.OFFICER, user__is_active=True)
    count = 0
    for membership in officers.select_related("user"):
        notification_create(
            recipient=membership.user, key=key, title=title, body=body, url=url, level=level, send_email=True
        )
        count += 1
    return count


# --- nominations ------------------------------------------------------------------------


@records_actor
@transaction.atomic
def nomination_save_draft(
    *, nomination: Nomination, evidence_files=(), actor: User, now: datetime.datetime | None = None
) -> Nomination:
    """Create or update a unit's draft nomination while the programme takes nominations.

    The actor must reach the nominating unit and see the nominee in the registry;
    the category must be the programme's and the venture (if any) the nominee's.
    A person is nominated once per programme (a withdrawn nomination does not
    count). Only a draft (as stored, not as the caller's copy says) can be saved.
    `evidence_files` are (title, uploaded file) pairs added as evidence;
    a bad file refuses the whole save. Eligibility is not enforced here: a draft
    may be incomplete, and `nomination_submit` checks it.
    """
    now = now or timezone.now()
    # Drafts of a programme are serialised on its row, so two officers nominating the
    # same person at once get the friendly message below, not the database's refusal.
    programme = AwardProgramme.objects.select_for_update().get(pk=nomination.programme_id)
    if nomination.pk:
        stored = Nomination.objects.filter(pk=nomination.pk).values_list("status", flat=True).first()
        if stored != Nomination.Status.DRAFT:
            raise ValidationError(_("Hồ sơ đã gửi không sửa được."))
    _require_window_open(programme=programme, now=now)
    require_reach(actor=actor, unit=nomination.unit)
    errors: dict[str, list[str]] = {}
    if nomination.category_id and nomination.category.programme_id != programme.pk:
        errors["category"] = [_("Lĩnh vực không thuộc chương trình này.")]
    entrepreneur = nomination.entrepreneur if nomination.entrepreneur_id else None
    if entrepreneur is not None:
        if not Entrepreneur.objects.visible_to(actor).filter(pk=entrepreneur.pk).exists():
            errors["entrepreneur"] = [_("Người này không thuộc các đơn vị bạn quản lý.")]
        else:
            other = (
                Nomination.objects.filter(programme=programme, entrepreneur=entrepreneur)
                .exclude(status=Nomination.Status.WITHDRAWN)
                .exclude(pk=nomination.pk)
                .select_related("unit")
                .first()
            )
            if other is not None:
                errors["entrepreneur"] = [
                    _("%(name)s đã có hồ sơ đề nghị trong chương trình này (do %(unit)s đề nghị).")
                    % {"name": entrepreneur.full_name, "unit": other.unit.name}
                ]
        if nomination.venture_id and not nomination.venture.owners.filter(pk=entrepreneur.pk).exists():
            errors["venture"] = [_("Mô hình này không do người được đề nghị làm chủ.")]
    if errors:
        raise ValidationError(errors)
    if nomination.pk is None:
        nomination.created_by = actor
    nomination.full_clean()
    nomination.save()
    for title, file in evidence_files:
        _evidence_create(nomination=nomination, title=title, file=file, actor=actor)
    return nomination


def _evidence_create(*, nomination: Nomination, title: str, file, actor) -> NominationEvidence:
    evidence = NominationEvidence(nomination=nomination, title=(title or "").strip(), file=file, uploaded_by=actor)
    evidence.full_clean()
    evidence.save()
    return evidence


@records_actor
@transaction.atomic
def nomination_submit(*, nomination: Nomination, actor: User, now: datetime.datetime | None = None) -> Nomination:
    """Send a draft to the province: window, quota and eligibility are checked again.

    Submissions of one programme are serialised on the programme row, so two
    officers taking their unit's last place at once cannot both succeed. Drafts
    and withdrawn nominations do not count against the quota. A nomination with a
    failed eligibility check is refused unless staff recorded an exception.
    """
    now = now or timezone.now()
    programme = AwardProgramme.objects.select_for_update().get(pk=nomination.programme_id)
    nomination = Nomination.objects.select_related("unit", "entrepreneur", "venture").get(pk=nomination.pk)
    nomination.programme = programme
    if nomination.status != Nomination.Status.DRAFT:
        raise ValidationError(_("Chỉ gửi được hồ sơ còn là bản nháp."))
    _require_window_open(programme=programme, now=now)
    require_reach(actor=actor, unit=nomination.unit)
    counted, quota = selectors.unit_quota(programme=programme, unit=nomination.unit)
    if quota is not None and counted >= quota:
        raise ValidationError(
            _("%(unit)s đã gửi đủ %(quota)d hồ sơ, mức tối đa mỗi đơn vị của chương trình.")
            % {"unit": nomination.unit.name, "quota": quota}
        )
    failed = failed_checks(nomination_checks(nomination))
    if failed and not nomination.eligibility_override_reason.strip():
        raise ValidationError(
            [_("Hồ sơ chưa đủ điều kiện tuyên dương:")]
            + [check.reason for check in failed]
            + [_("Nếu có lý do đặc biệt, đề nghị cán bộ Tỉnh đoàn xem xét chấp nhận ngoại lệ.")]
        )
    nomination.status = Nomination.Status.SUBMITTED
    nomination.submitted_at = now
    nomination.save(update_fields=["status", "submitted_at", "updated_at"])
    return nomination


@records_actor
@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor: User, now: datetime.datetime | None = None) -> Nomination:
    """Withdraw a draft or a sent nomination before the council starts.

    A withdrawn nomination frees the unit's quota place, and the person may be
    nominated again in the same programme.
    """
    now = now or timezone.now()
    nomination = Nomination.objects.select_for_update().select_related("programme", "unit").get(pk=nomination.pk)
    require_reach(actor=actor, unit=nomination.unit)
    if nomination.status not in (Nomination.Status.DRAFT, Nomination.Status.SUBMITTED):
        raise ValidationError(_("Hồ sơ này không rút được nữa."))
    if nomination.programme.status != AwardProgramme.Status.NOMINATING:
        raise ValidationError(_("Hội đồng đã bắt đầu xét chọn; không rút hồ sơ được."))
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    return nomination


@records_actor
@transaction.atomic
def nomination_override_eligibility(*, nomination: Nomination, reason: str, actor: User) -> Nomination:
    """Staff accept a nomination that fails an eligibility rule, with a written reason.

    The unit may then send it (inside the window and quota). The reason and the
    staff member are kept on the nomination and in its history; the unit's
    officers are told.
    """
    _require_runs(actor=actor, programme=nomination.programme)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"eligibility_override_reason": [_("Cần ghi lý do chấp nhận ngoại lệ.")]})
    nomination = Nomination.objects.select_for_update().select_related("unit", "entrepreneur").get(pk=nomination.pk)
    if nomination.status != Nomination.Status.DRAFT:
        raise ValidationError(_("Chỉ chấp nhận ngoại lệ cho hồ sơ chưa gửi."))
    nomination.eligibility_override_reason = reason
    nomination.eligibility_overridden_by = actor
    nomination.save(update_fields=["eligibility_override_reason", "eligibility_overridden_by", "updated_at"])
    transaction.on_commit(
        lambda: _notify_unit_officers(
            unit=nomination.unit,
            key=f"awards.override:{nomination.pk}",
            title=translated(
                gettext_lazy("Hồ sơ đề nghị tuyên dương %(name)s được chấp nhận ngoại lệ"),
                name=nomination.entrepreneur.full_name,
            ),
            body=translated(gettext_lazy("Lý do: %(reason)s. Đơn vị có thể gửi hồ sơ trong thời hạn."), reason=reason),
            url=nomination.get_absolute_url(),
            level=Notification.Level.INFO,
        )
    )
    return nomination


@records_actor
@transaction.atomic
def nomination_add_evidence(
    *, nomination: Nomination, title: str, file, actor: User, now: datetime.datetime | None = None
) -> NominationEvidence:
    """Attach an evidence file (PDF, Word, JPEG, PNG) to a draft while the window is open."""
    now = now or timezone.now()
    if nomination.status != Nomination.Status.DRAFT:
        raise ValidationError(_("Chỉ thêm minh chứng khi hồ sơ còn là bản nháp."))
    _require_window_open(programme=nomination.programme, now=now)
    require_reach(actor=actor, unit=nomination.unit)
    return _evidence_create(nomination=nomination, title=title, file=file, actor=actor)
