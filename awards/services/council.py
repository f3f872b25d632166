"""The council: closing nominations early, opening the council after the nomination deadline
(or that early close), members' votes and scores, and closing it by the programme's approval rule.

The approval rules, exactly (`council_close`):

- vote share: a nomination is approved when yes / (yes + no) ≥ the programme's
  `approval_share`, a percentage (50 for one half). Abstentions count in neither
  numerator nor denominator. A tie (yes == no) is approved only when the share is
  50 or less ("trên một nửa" is written as 51). A nomination without a single yes or no vote is not approved.
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
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from common.certificates import take_certificate_serials, unique_codes
from common.history import records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create

from .. import selectors
from ..models import AwardProgramme, CouncilVote, Nomination
from .nominations import _local, _notify_unit_officers, _require_runs


@records_actor
@transaction.atomic
def programme_open_council(
    *, programme: AwardProgramme, actor: User, now: datetime.datetime | None = None
) -> AwardProgramme:
    """Close nominations and open the council's review, after the nomination deadline.

    Council members are notified once (opening again changes and sends nothing).
    Drafts never sent stay with their units and are not reviewed.
    """
    now = now or timezone.now()
    _require_runs(actor=actor, programme=programme)
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == AwardProgramme.Status.REVIEWING and programme.council_closed_at is None:
        return programme
    if programme.status != AwardProgramme.Status.NOMINATING:
        raise ValidationError(_("Chỉ mở Hội đồng cho chương trình đang nhận hồ sơ."))
    if now <= programme.nomination_closes_at and programme.nominations_closed_early_at is None:
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
                title=translated(gettext_lazy("Hội đồng xét chọn %(programme)s bắt đầu"), programme=programme.name),
                body=translated(gettext_lazy("%(count)d hồ sơ chờ Hội đồng xem xét và bỏ phiếu."), count=count),
                url=url,
                level=Notification.Level.TODO,
                send_email=True,
            )

    transaction.on_commit(notify)
    return programme


@records_actor
@transaction.atomic
def programme_close_nominations_early(
    *, programme: AwardProgramme, reason: str, actor: User, now: datetime.datetime | None = None
) -> AwardProgramme:
    """Stop taking nominations now, before the deadline: the deadline moves to now (the planned
    one is kept), with who, when and why; the council may then open at once
    (`programme_open_council`). Nominations already sent stay; drafts can no longer be sent."""
    now = now or timezone.now()
    _require_runs(actor=actor, programme=programme)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Cần ghi lý do đóng nhận hồ sơ sớm.")]})
    programme = AwardProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != AwardProgramme.Status.NOMINATING:
        raise ValidationError(_("Chương trình không ở giai đoạn nhận hồ sơ."))
    if now < programme.nomination_opens_at:
        raise ValidationError(_("Chương trình chưa mở nhận hồ sơ; hãy đổi thời gian nhận hồ sơ thay vì đóng sớm."))
    if now >= programme.nomination_closes_at:
        raise ValidationError(_("Đã hết hạn gửi hồ sơ; không cần đóng sớm."))
    programme.nominations_planned_close = programme.nomination_closes_at
    programme.nomination_closes_at = now
    programme.nominations_closed_early_at = now
    programme.nominations_closed_early_by = actor
    programme.nominations_closed_early_reason = reason
    programme.save(
        update_fields=[
            "nominations_planned_close",
            "nomination_closes_at",
            "nominations_closed_early_at",
            "nominations_closed_early_by",
            "nominations_closed_early_reason",
            "updated_at",
        ]
    )
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


@records_actor
@transaction.atomic
def council_vote(
    *,
    nomination: Nomination,
    actor: User,
    choice: str,
    score=None,
    comment: str = "",
    now: datetime.datetime | None = None,
) -> CouncilVote:
    """Record the acting council member's private vote (and score) on one nomination, once.

    The council must be open and the nomination under review. A vote is final: a
    second one by the same member is refused, so is a vote after the close. Under
    the top-score rule every yes or no vote carries a score from 0 to 100 (an
    abstention carries none). Votes are serialised on the programme row, so a vote
    cannot slip in while the council is being closed.
    """
    programme = AwardProgramme.objects.select_for_update().get(pk=nomination.programme_id)
    if not programme.council.filter(pk=actor.pk).exists():
        raise PermissionDenied(_("Bạn không phải thành viên Hội đồng xét chọn của chương trình này."))
    if programme.council_closed_at is not None:
        raise ValidationError(_("Hội đồng đã kết thúc xét chọn; không nhận thêm phiếu."))
    if not programme.council_is_open:
        raise ValidationError(_("Hội đồng chưa bắt đầu xét chọn."))
    nomination = Nomination.objects.get(pk=nomination.pk)
    if nomination.status != Nomination.Status.SUBMITTED:
        raise ValidationError(_("Hồ sơ này không ở danh sách xét chọn."))
    if CouncilVote.objects.filter(nomination=nomination, member=actor).exists():
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
    vote = CouncilVote(nomination=nomination, member=actor, choice=choice, score=points, comment=comment.strip())
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
    share = programme.approval_share  # a percentage: 50 means one half
    # yes / (yes + no) >= share / 100, in integers (no float rounding).
    return {r.nomination_id for r in rows if r.yes + r.no > 0 and 100 * r.yes >= share * (r.yes + r.no)}


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
    return unique_codes(
        count,
        taken=lambda codes: Nomination.objects.filter(verification_code__in=codes).values_list(
            "verification_code", flat=True
        ),
    )


@records_actor
@transaction.atomic
def council_close(
    *, programme: AwardProgramme, actor: User, now: datetime.datetime | None = None
) -> list[selectors.TallyRow]:
    """Close the council and apply the programme's approval rule; returns the tally.

    Every nomination under review becomes approved or not approved; approved ones get
    their certificate: the next numbers of the programme's register (in the honour list's
    order: category, then name) and a unique verification code. The history of each change is
    stamped with `now` and the actor. The officers of every nominating unit are told
    their results. Closing a closed council changes nothing and returns the same tally.
    """
    now = now or timezone.now()
    _require_runs(actor=actor, programme=programme)
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
        .order_by("category__order", "category_id", "entrepreneur__full_name", "pk")
    )
    honoured = sum(1 for n in nominations if n.pk in approved)
    codes = iter(_unique_codes(honoured))
    serials = iter(take_certificate_serials(programme, honoured))
    for nomination in nominations:
        if nomination.pk in approved:
            nomination.status = Nomination.Status.APPROVED
            nomination.verification_code = next(codes)
            nomination.certificate_serial = next(serials)
        else:
            nomination.status = Nomination.Status.NOT_APPROVED
        nomination.updated_at = now
    bulk_update_with_history(
        nominations,
        Nomination,
        ["status", "verification_code", "certificate_serial", "updated_at"],
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
