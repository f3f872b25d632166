"""Every write of an award programme: nominations, field verification, the council, the outputs.

Functions take keyword arguments and an `actor` (a vote takes its `member`),
validate, write in a transaction and queue notifications on commit. Views, admin
actions, tasks and tests all call them. Permission is checked by the caller; the
services still refuse an actor outside the unit or role the step needs
(PermissionDenied), and refuse bad input or a wrong state with a Vietnamese
ValidationError, saving nothing.

The approval rules, exactly (`council_close`):

- vote share: a nomination is approved when yes / (yes + no) ≥ the programme's
  `approval_share`. Abstentions count in neither numerator nor denominator. A tie
  (yes == no) is approved only when the share is 0.50 or less ("trên một nửa" is
  written as 0.51). A nomination without a single yes or no vote is not approved.
- top score: nominations are ranked by their mean council score (votes without a
  score are left out of the mean); equal means are ordered by more yes votes, then
  by the earlier submission, then by the nomination's id. The first
  `approval_top_n` with a score are approved; a nomination nobody scored is not.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import Membership, Unit
from accounts.rules import STAFF
from accounts.scoping import access_of
from common.formatting import format_date
from common.models import Notification
from common.services import notification_create
from ventures.models import Entrepreneur

from . import selectors
from .eligibility import failed_checks, nomination_checks
from .models import (
    AwardProgramme,
    CouncilVote,
    FieldVerification,
    Nomination,
    NominationEvidence,
    VerificationPhoto,
    new_verification_code,
)

# Days before the nomination deadline on which units with unsent drafts are reminded.
REMINDER_DAYS = (7, 3, 1)


# --- helpers ----------------------------------------------------------------------------


def _local(moment: datetime.datetime, pattern: str = "%H:%M %d/%m/%Y") -> str:
    return timezone.localtime(moment).strftime(pattern)


def _require_reach(*, actor, unit: Unit) -> None:
    if not access_of(actor).reaches_path(unit.path):
        raise PermissionDenied(_("Bạn không quản lý đơn vị %(unit)s.") % {"unit": unit.name})


def _require_staff(actor) -> None:
    if not access_of(actor).has_role(STAFF):
        raise PermissionDenied(_("Chỉ cán bộ Tỉnh đoàn được làm việc này."))


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


@transaction.atomic
def nomination_save_draft(
    *, nomination: Nomination, evidence_files=(), actor, now: datetime.datetime | None = None
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
    _require_reach(actor=actor, unit=nomination.unit)
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


@transaction.atomic
def nomination_submit(*, nomination: Nomination, actor, now: datetime.datetime | None = None) -> Nomination:
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
    _require_reach(actor=actor, unit=nomination.unit)
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


@transaction.atomic
def nomination_withdraw(*, nomination: Nomination, actor, now: datetime.datetime | None = None) -> Nomination:
    """Withdraw a draft or a sent nomination before the council starts.

    A withdrawn nomination frees the unit's quota place, and the person may be
    nominated again in the same programme.
    """
    now = now or timezone.now()
    nomination = Nomination.objects.select_for_update().select_related("programme", "unit").get(pk=nomination.pk)
    _require_reach(actor=actor, unit=nomination.unit)
    if nomination.status not in (Nomination.Status.DRAFT, Nomination.Status.SUBMITTED):
        raise ValidationError(_("Hồ sơ này không rút được nữa."))
    if nomination.programme.status != AwardProgramme.Status.NOMINATING:
        raise ValidationError(_("Hội đồng đã bắt đầu xét chọn; không rút hồ sơ được."))
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.save(update_fields=["status", "updated_at"])
    return nomination


@transaction.atomic
def nomination_override_eligibility(*, nomination: Nomination, reason: str, actor) -> Nomination:
    """Staff accept a nomination that fails an eligibility rule, with a written reason.

    The unit may then send it (inside the window and quota). The reason and the
    staff member are kept on the nomination and in its history; the unit's
    officers are told.
    """
    _require_staff(actor)
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
            title=_("Hồ sơ đề nghị tuyên dương %(name)s được chấp nhận ngoại lệ")
            % {"name": nomination.entrepreneur.full_name},
            body=_("Lý do: %(reason)s. Đơn vị có thể gửi hồ sơ trong thời hạn.") % {"reason": reason},
            url=nomination.get_absolute_url(),
            level=Notification.Level.INFO,
        )
    )
    return nomination


@transaction.atomic
def nomination_add_evidence(
    *, nomination: Nomination, title: str, file, actor, now: datetime.datetime | None = None
) -> NominationEvidence:
    """Attach an evidence file (PDF, Word, JPEG, PNG) to a draft while the window is open."""
    now = now or timezone.now()
    if nomination.status != Nomination.Status.DRAFT:
        raise ValidationError(_("Chỉ thêm minh chứng khi hồ sơ còn là bản nháp."))
    _require_window_open(programme=nomination.programme, now=now)
    _require_reach(actor=actor, unit=nomination.unit)
    return _evidence_create(nomination=nomination, title=title, file=file, actor=actor)


# --- field verification -----------------------------------------------------------------


def _require_before_close(programme: AwardProgramme) -> None:
    if programme.council_closed_at is not None:
        raise ValidationError(_("Hội đồng đã kết thúc xét chọn; không thay đổi thẩm định được."))


@transaction.atomic
def verification_assign(*, nomination: Nomination, officer, actor) -> FieldVerification:
    """Ask an officer to verify a sent nomination in the field (thẩm định thực tế).

    Assigning again before the visit is recorded hands it to another officer; the
    new officer is notified (once).
    """
    _require_staff(actor)
    nomination = Nomination.objects.select_related("programme", "entrepreneur").get(pk=nomination.pk)
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
            title=_("Thẩm định thực tế hồ sơ đề nghị tuyên dương %(name)s") % {"name": name},
            body=_("Bạn được giao thẩm định thực tế hồ sơ này; ghi kết quả và ảnh sau chuyến thăm."),
            url=url,
            level=Notification.Level.TODO,
            send_email=True,
        )
    )
    return verification


@transaction.atomic
def verification_record(
    *,
    verification: FieldVerification,
    visited_on: datetime.date,
    findings: str,
    confirmed: bool,
    photos=(),
    actor,
) -> FieldVerification:
    """Record the field visit: date, findings, whether the nomination's facts hold, photos.

    Only the assigned officer or staff record it, until the council closes.
    Recording again corrects the visit and adds the new photos.
    """
    verification = (
        FieldVerification.objects.select_for_update().select_related("nomination__programme").get(pk=verification.pk)
    )
    if verification.officer_id != actor.pk and not access_of(actor).has_role(STAFF):
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


# --- the council ------------------------------------------------------------------------


@transaction.atomic
def programme_open_council(
    *, programme: AwardProgramme, actor, now: datetime.datetime | None = None
) -> AwardProgramme:
    """Close nominations and open the council's review, after the nomination deadline.

    Council members are notified once (opening again changes and sends nothing).
    Drafts never sent stay with their units and are not reviewed.
    """
    now = now or timezone.now()
    _require_staff(actor)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == AwardProgramme.Status.REVIEWING and programme.council_closed_at is None:
        return programme
    if programme.status != AwardProgramme.Status.NOMINATING:
        raise ValidationError(_("Chỉ mở Hội đồng cho chương trình đang nhận hồ sơ."))
    if now <= programme.nomination_closes_at:
        raise ValidationError(
            _("Chưa hết hạn gửi hồ sơ (%(deadline)s); chưa mở Hội đồng được.")
            % {"deadline": _local(programme.nomination_closes_at)}
        )
    members = list(programme.council.filter(is_active=True))
    if not members:
        raise ValidationError(_("Chương trình chưa có thành viên Hội đồng xét chọn."))
    programme.status = AwardProgramme.Status.REVIEWING
    programme.save(update_fields=["status", "updated_at"])
    count = Nomination.objects.filter(programme=programme, status=Nomination.Status.SUBMITTED).count()
    url = reverse("awards:council-ballot", kwargs={"programme_pk": programme.pk})

    def notify() -> None:
        for member in members:
            notification_create(
                recipient=member,
                key=f"awards.council_open:{programme.pk}",
                title=_("Hội đồng xét chọn %(programme)s bắt đầu") % {"programme": programme.name},
                body=_("%(count)d hồ sơ chờ Hội đồng xem xét và bỏ phiếu.") % {"count": count},
                url=url,
                level=Notification.Level.TODO,
                send_email=True,
            )

    transaction.on_commit(notify)
    return programme


def _score(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        points = Decimal(str(value).strip())
    except InvalidOperation:
        points = None
    if points is None or not points.is_finite():
        raise ValidationError({"score": [_("Điểm phải là một số từ 0 đến 100.")]})
    return points


@transaction.atomic
def council_vote(
    *,
    nomination: Nomination,
    member,
    choice: str,
    score=None,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> CouncilVote:
    """Record a council member's private vote (and score) on one nomination, once.

    The council must be open and the nomination under review. A vote is final: a
    second one by the same member is refused, so is a vote after the close. Under
    the top-score rule every yes or no vote carries a score from 0 to 100 (an
    abstention carries none). Votes are serialised on the programme row, so a vote
    cannot slip in while the council is being closed.
    """
    programme = AwardProgramme.objects.select_for_update().get(pk=nomination.programme_id)
    if not programme.council.filter(pk=member.pk).exists():
        raise PermissionDenied(_("Bạn không phải thành viên Hội đồng xét chọn của chương trình này."))
    if programme.council_closed_at is not None:
        raise ValidationError(_("Hội đồng đã kết thúc xét chọn; không nhận thêm phiếu."))
    if not programme.council_is_open:
        raise ValidationError(_("Hội đồng chưa bắt đầu xét chọn."))
    nomination = Nomination.objects.get(pk=nomination.pk)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(_("Hồ sơ này không ở danh sách xét chọn."))
    if CouncilVote.objects.filter(nomination=nomination, member=member).exists():
        raise ValidationError(_("Bạn đã bỏ phiếu cho hồ sơ này."))
    if choice not in CouncilVote.Choice.values:
        raise ValidationError({"choice": [_("Hãy chọn đồng ý, không đồng ý hoặc không ý kiến.")]})
    points = _score(score)
    if points is not None and not Decimal(0) <= points <= Decimal(100):
        raise ValidationError({"score": [_("Điểm phải từ 0 đến 100.")]})
    if choice == CouncilVote.Choice.ABSTAIN and points is not None:
        raise ValidationError({"score": [_("Phiếu không ý kiến không kèm điểm.")]})
    if (
        programme.approval_rule == AwardProgramme.ApprovalRule.TOP_SCORE
        and choice != CouncilVote.Choice.ABSTAIN
        and points is None
    ):
        raise ValidationError({"score": [_("Chương trình xét theo điểm: cần cho điểm hồ sơ (0–100).")]})
    vote = CouncilVote(nomination=nomination, member=member, choice=choice, score=points, comment=comment.strip())
    if now is not None:
        vote._history_date = now  # the audit trail shows when the vote was cast
    vote.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            vote.save()
    except IntegrityError:
        raise ValidationError(_("Bạn đã bỏ phiếu cho hồ sơ này.")) from None
    return vote


def _approved_by_share(programme: AwardProgramme, rows: list[selectors.TallyRow]) -> set[int]:
    share = programme.approval_share
    # yes / (yes + no) >= share, in integers and exact decimals (no float rounding).
    return {r.nomination_id for r in rows if r.yes + r.no > 0 and Decimal(r.yes) >= share * (r.yes + r.no)}


def _approved_by_score(programme: AwardProgramme, rows: list[selectors.TallyRow]) -> set[int]:
    scored = [r for r in rows if r.mean_score is not None]
    far_future = datetime.datetime.max.replace(tzinfo=datetime.UTC)
    ranked = sorted(scored, key=lambda r: (-r.mean_score, -r.yes, r.submitted_at or far_future, r.nomination_id))
    return {r.nomination_id for r in ranked[: programme.approval_top_n or 0]}


def approved_nomination_ids(*, programme: AwardProgramme, rows: list[selectors.TallyRow]) -> set[int]:
    """The nominations the programme's rule approves, from the council's tally (see the module docstring)."""
    if programme.approval_rule == AwardProgramme.ApprovalRule.TOP_SCORE:
        return _approved_by_score(programme, rows)
    return _approved_by_share(programme, rows)


def _unique_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_verification_code() for _n in range(count - len(codes))} - codes
        taken = Nomination.objects.filter(verification_code__in=wanted).values_list("verification_code", flat=True)
        codes |= wanted - set(taken)
    return sorted(codes)


@transaction.atomic
def council_close(
    *, programme: AwardProgramme, actor, now: datetime.datetime | None = None
) -> list[selectors.TallyRow]:
    """Close the council and apply the programme's approval rule; returns the tally.

    Every nomination under review becomes approved or not approved; approved ones get
    a unique verification code for their certificate. The history of each change is
    stamped with `now` and the actor. The officers of every nominating unit are told
    their results. Closing a closed council changes nothing and returns the same tally.
    """
    now = now or timezone.now()
    _require_staff(actor)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.council_closed_at is not None:
        return selectors.council_tally(programme=programme)
    if programme.status != AwardProgramme.Status.REVIEWING:
        raise ValidationError(_("Hội đồng chưa bắt đầu xét chọn."))
    rows = selectors.council_tally(programme=programme)
    approved = approved_nomination_ids(programme=programme, rows=rows)
    nominations = list(
        Nomination.objects.filter(programme=programme, status=Nomination.Status.SUBMITTED)
        .select_related("unit")
        .order_by("pk")
    )
    codes = iter(_unique_codes(sum(1 for n in nominations if n.pk in approved)))
    for nomination in nominations:
        if nomination.pk in approved:
            nomination.status = Nomination.Status.APPROVED
            nomination.verification_code = next(codes)
        else:
            nomination.status = Nomination.Status.NOT_APPROVED
        nomination.updated_at = now
    bulk_update_with_history(
        nominations,
        Nomination,
        ["status", "verification_code", "updated_at"],
        default_user=actor,
        default_date=now,
    )
    programme.council_closed_at = now
    programme.save(update_fields=["council_closed_at", "updated_at"])
    by_unit: dict[int, list[Nomination]] = defaultdict(list)
    for nomination in nominations:
        by_unit[nomination.unit_id].append(nomination)
    url = programme.get_absolute_url()

    def notify() -> None:
        for unit_nominations in by_unit.values():
            unit = unit_nominations[0].unit
            honoured = sum(1 for n in unit_nominations if n.status == Nomination.Status.APPROVED)
            _notify_unit_officers(
                unit=unit,
                key=f"awards.council_closed:{programme.pk}:{unit.pk}",
                title=_("Kết quả xét chọn %(programme)s") % {"programme": programme.name},
                body=_("%(unit)s: %(honoured)d/%(total)d hồ sơ được Hội đồng đề nghị tuyên dương.")
                % {"unit": unit.name, "honoured": honoured, "total": len(unit_nominations)},
                url=url,
                level=Notification.Level.INFO,
            )

    transaction.on_commit(notify)
    return selectors.council_tally(programme=programme)


@transaction.atomic
def programme_record_decision(*, programme: AwardProgramme, number: str, date: datetime.date, actor) -> AwardProgramme:
    """Record the decision that commends the approved nominees (số, ngày quyết định).

    Needs the council closed. Recording again corrects the number or date.
    """
    _require_staff(actor)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.council_closed_at is None:
        raise ValidationError(_("Hội đồng chưa kết thúc xét chọn; chưa ghi quyết định được."))
    number = (number or "").strip()
    errors: dict[str, list[str]] = {}
    if not number:
        errors["decision_number"] = [_("Cần ghi số quyết định.")]
    if date is None:
        errors["decision_date"] = [_("Cần ghi ngày quyết định.")]
    elif date < timezone.localtime(programme.council_closed_at).date():
        errors["decision_date"] = [
            _("Ngày quyết định không được trước ngày Hội đồng kết thúc (%(day)s).")
            % {"day": format_date(timezone.localtime(programme.council_closed_at))}
        ]
    elif date > timezone.localdate():
        errors["decision_date"] = [_("Ngày quyết định không được sau hôm nay.")]
    if errors:
        raise ValidationError(errors)
    programme.decision_number = number
    programme.decision_date = date
    programme.status = AwardProgramme.Status.DECIDED
    programme.full_clean()
    programme.save(update_fields=["decision_number", "decision_date", "status", "updated_at"])
    return programme


def honour_roll_publish(*, programme: AwardProgramme, actor, now: datetime.datetime | None = None) -> AwardProgramme:
    """Publish the honour roll and open the certificates' verification page. Idempotent.

    Needs the council closed. Publishing again keeps the first moment.
    """
    now = now or timezone.now()
    _require_staff(actor)
    programme.refresh_from_db(fields=["council_closed_at"])
    if programme.council_closed_at is None:
        raise ValidationError(_("Hội đồng chưa kết thúc xét chọn; chưa công bố danh sách được."))
    AwardProgramme.objects.filter(pk=programme.pk, honour_roll_published_at__isnull=True).update(
        honour_roll_published_at=now, updated_at=now
    )
    programme.refresh_from_db(fields=["honour_roll_published_at", "updated_at"])
    return programme


# --- reminders --------------------------------------------------------------------------


def _stage(deadline: datetime.datetime, now: datetime.datetime) -> int | None:
    """The reminder stage (7, 3 or 1 days ahead) the moment falls in, if any."""
    left = deadline - now
    if left <= datetime.timedelta(0):
        return None
    for days in sorted(REMINDER_DAYS):
        if left <= datetime.timedelta(days=days):
            return days
    return None


def nomination_drafts_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind the officers of units with unsent drafts 7, 3 and 1 days before the deadline.

    Each reminder is keyed by programme, unit and stage, so running the job twice,
    or on two workers at once, sends nothing twice. Returns how many officers were
    reminded in this run's stage (new or not).
    """
    now = now or timezone.now()
    reminded = 0
    programmes = AwardProgramme.objects.filter(
        status=AwardProgramme.Status.NOMINATING, nomination_opens_at__lte=now, nomination_closes_at__gt=now
    )
    for programme in programmes:
        stage = _stage(programme.nomination_closes_at, now)
        if stage is None:
            continue
        drafts = dict(
            Nomination.objects.filter(programme=programme, status=Nomination.Status.DRAFT)
            .values("unit")
            .annotate(n=Count("pk"))
            .values_list("unit", "n")
        )
        if not drafts:
            continue
        units = {unit.pk: unit for unit in Unit.objects.filter(pk__in=drafts)}
        officers = Membership.objects.filter(
            unit_id__in=drafts, role=Membership.Role.OFFICER, user__is_active=True
        ).select_related("user")
        url = programme.get_absolute_url()
        deadline = timezone.localtime(programme.nomination_closes_at)
        for membership in officers:
            unit = units[membership.unit_id]
            notification_create(
                recipient=membership.user,
                key=f"awards.drafts:{programme.pk}:{unit.pk}:{stage}",
                title=_("%(unit)s còn %(count)d hồ sơ đề nghị tuyên dương chưa gửi")
                % {"unit": unit.name, "count": drafts[unit.pk]},
                body=_("%(programme)s: hạn gửi hồ sơ %(deadline)s.")
                % {"programme": programme.name, "deadline": deadline.strftime("%H:%M %d/%m/%Y")},
                url=url,
                level=Notification.Level.TODO,
                due_on=deadline.date(),
                send_email=True,
            )
            reminded += 1
    return reminded
