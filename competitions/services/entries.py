"""Writes of a unit's entries: team rules, drafts, submitting, withdrawing and
reopening, screening by staff, attachments and capital support."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, Unit, User
from common.history import records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create
from ventures import services as registry
from ventures.models import Entrepreneur

from ..models import Contest, Entry, EntryAttachment, Round, TeamMember
from .contests import _require_window_open, submission_deadline


@dataclass(frozen=True)
class TeamRow:
    """One filled row of the team: a registry person's id, or a new person's details."""

    entrepreneur_id: int | None
    new_person: dict | None
    is_lead: bool
    responsibility: str


@dataclass(frozen=True)
class TeamMemberInput:
    entrepreneur: Entrepreneur
    role: str = TeamMember.Role.MEMBER
    responsibility: str = ""


def _validate_team(*, contest: Contest, team: list[TeamMemberInput]) -> None:
    errors = []
    if not team:
        errors.append(_("Nhóm cần ít nhất một thành viên."))
    if len(team) > contest.max_team_size:
        errors.append(
            _("Nhóm có %(count)d người, vượt quá %(max)d người theo thể lệ.")
            % {"count": len(team), "max": contest.max_team_size}
        )
    leads = [m for m in team if m.role == TeamMember.Role.LEAD]
    if team and len(leads) != 1:
        errors.append(_("Nhóm cần đúng một trưởng nhóm."))
    people = [
        m.entrepreneur.pk for m in team if m.entrepreneur.pk
    ]  # people not yet saved are told apart by the caller
    if len(set(people)) != len(people):
        errors.append(_("Một người được ghi hai lần trong nhóm."))
    for member in team:
        age = member.entrepreneur.age_on(contest.age_reference_date)
        if not contest.min_age <= age <= contest.max_age:
            errors.append(
                _("%(name)s %(age)d tuổi vào ngày %(day)s, ngoài độ tuổi %(min)d–%(max)d của cuộc thi.")
                % {
                    "name": member.entrepreneur.full_name,
                    "age": age,
                    "day": contest.age_reference_date.strftime("%d/%m/%Y"),
                    "min": contest.min_age,
                    "max": contest.max_age,
                }
            )
    if errors:
        raise ValidationError(errors)


@records_actor
@transaction.atomic
def entry_save_draft(
    *, entry: Entry, team: list[TeamMemberInput], actor: User, now: datetime.datetime | None = None
) -> Entry:
    """Create or update a draft entry and its team while the unit's window is open."""
    now = now or timezone.now()
    if entry.pk and entry.status != Entry.Status.DRAFT:
        raise ValidationError(_("Bài đã nộp không sửa được; hãy rút bài nếu cần sửa."))
    _require_window_open(contest=entry.contest, unit=entry.unit, now=now)
    if entry.category.contest_id != entry.contest_id:
        raise ValidationError({"category": _("Lĩnh vực không thuộc cuộc thi này.")})
    _validate_team(contest=entry.contest, team=team)
    if entry.pk is None:
        entry.created_by = actor
    entry.full_clean()
    entry.save()
    entry.team.all().delete()
    TeamMember.objects.bulk_create(
        [
            TeamMember(entry=entry, entrepreneur=m.entrepreneur, role=m.role, responsibility=m.responsibility)
            for m in team
        ]
    )
    return entry


def _next_code(contest: Contest) -> str:
    """The next entry number of the contest ("2021-017"). Callers hold the contest row lock."""
    numbers = [
        int(code.rsplit("-", 1)[-1])
        for code in Entry.objects.filter(contest=contest).exclude(code="").values_list("code", flat=True)
    ]
    return f"{contest.year}-{max(numbers, default=0) + 1:03d}"


@records_actor
@transaction.atomic
def entry_save_draft_with_new_people(
    *, entry: Entry, rows: list[TeamRow], actor: User, now: datetime.datetime | None = None
) -> Entry:
    """Save a draft entry whose team comes as form rows: registry people by id, or new people.

    New team members join the registry in the entry's unit, aged by the contest's range on
    its reference date (not the registry's default range), in the same transaction as the
    entry, so a refused entry leaves no new person behind. The rows' registry ids were
    checked by the caller against what the actor may see.
    """
    picked = Entrepreneur.objects.in_bulk([r.entrepreneur_id for r in rows if r.entrepreneur_id])
    team = []
    for row in rows:
        if row.entrepreneur_id:
            person = picked[row.entrepreneur_id]
        else:
            person = registry.entrepreneur_save(
                entrepreneur=Entrepreneur(unit=entry.unit, **row.new_person),
                actor=actor,
                today=entry.contest.age_reference_date,
                age_range=(entry.contest.min_age, entry.contest.max_age),
            )
        role = TeamMember.Role.LEAD if row.is_lead else TeamMember.Role.MEMBER
        team.append(TeamMemberInput(person, role, row.responsibility))
    return entry_save_draft(entry=entry, team=team, actor=actor, now=now)


@records_actor
@transaction.atomic
def entry_submit(*, entry: Entry, actor: User, now: datetime.datetime | None = None) -> Entry:
    """Send a draft to the organisers: window, quota and team are checked again.

    Submissions of one contest are serialised on the contest row, so two officers
    taking the unit's last place at once cannot both succeed, and entry numbers
    never collide.
    """
    now = now or timezone.now()
    Contest.objects.select_for_update().filter(pk=entry.contest_id).first()
    entry = Entry.objects.select_related("contest", "unit").get(pk=entry.pk)
    if entry.status != Entry.Status.DRAFT:
        raise ValidationError(_("Bài này đã được nộp."))
    contest = entry.contest
    _require_window_open(contest=contest, unit=entry.unit, now=now)
    team = [TeamMemberInput(m.entrepreneur, m.role) for m in entry.team.select_related("entrepreneur")]
    _validate_team(contest=contest, team=team)
    if contest.max_entries_per_unit is not None:
        taken = Entry.objects.filter(contest=contest, unit=entry.unit).counting_for_quota().count()
        if taken >= contest.max_entries_per_unit:
            raise ValidationError(
                _("Đơn vị đã nộp đủ %(max)d bài, mức tối đa của cuộc thi.") % {"max": contest.max_entries_per_unit}
            )
    if not entry.code:
        entry.code = _next_code(contest)
    entry.status = Entry.Status.SUBMITTED
    entry.submitted_at = now
    entry.save(update_fields=["code", "status", "submitted_at", "updated_at"])
    return entry


@records_actor
@transaction.atomic
def entry_withdraw(*, entry: Entry, actor: User, now: datetime.datetime | None = None) -> Entry:
    """Take an entry back to a draft while the window is open (to fix it), or out of the contest."""
    now = now or timezone.now()
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Chỉ rút được bài đã nộp và chưa được thẩm định."))
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    return entry


@records_actor
@transaction.atomic
def entry_reopen_draft(*, entry: Entry, actor: User, now: datetime.datetime | None = None) -> Entry:
    """Turn a withdrawn entry back into a draft, if the unit may still submit."""
    now = now or timezone.now()
    if entry.status != Entry.Status.WITHDRAWN:
        raise ValidationError(_("Chỉ mở lại được bài đã rút."))
    _require_window_open(contest=entry.contest, unit=entry.unit, now=now)
    entry.status = Entry.Status.DRAFT
    entry.save(update_fields=["status", "updated_at"])
    return entry


def _notify_unit_officers(*, unit: Unit, key: str, title: str, body: str, url: str, level: str) -> None:
    officers = Membership.objects.filter(unit=unit, role=Membership.Role.OFFICER).select_related("user")
    for membership in officers:
        notification_create(
            recipient=membership.user, key=key, title=title, body=body, url=url, level=level, send_email=True
        )


@records_actor
@transaction.atomic
def entry_screen(*, entry: Entry, eligible: bool, reason: str = "", actor: User) -> Entry:
    """Staff decide whether a submitted entry meets the rules.

    Eligible entries enter the first round; rejected ones keep the reason, which
    the unit sees, and the unit's officers are notified.
    """
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in (Entry.Status.SUBMITTED, Entry.Status.REJECTED, Entry.Status.IN_COMPETITION):
        raise ValidationError(_("Chỉ thẩm định được bài đã nộp."))
    if entry.status == Entry.Status.IN_COMPETITION and entry.assignments.exists():
        raise ValidationError(_("Bài đã được phân công chấm; không thẩm định lại được."))
    if not eligible and not reason.strip():
        raise ValidationError({"rejection_reason": _("Cần ghi lý do bài không đủ điều kiện.")})
    entry.screened_by = actor
    entry.screened_at = timezone.now()
    if eligible:
        first_round = entry.contest.rounds.order_by("order").first()
        if first_round is None:
            raise ValidationError(_("Cuộc thi chưa có vòng thi nào."))
        entry.status = Entry.Status.IN_COMPETITION
        entry.round = first_round
        entry.rejection_reason = ""
    else:
        entry.status = Entry.Status.REJECTED
        entry.round = None
        entry.rejection_reason = reason.strip()
    entry.save()
    if not eligible:
        _notify_unit_officers(
            unit=entry.unit,
            key=f"competitions.rejected:{entry.pk}",
            title=translated(gettext_lazy("Bài “%(title)s” không đủ điều kiện dự thi"), title=entry.title),
            body=entry.rejection_reason,
            url=entry.get_absolute_url(),
            level=Notification.Level.WARNING,
        )
    return entry


def _attachment_round(*, entry: Entry, now: datetime.datetime) -> Round | None:
    """Where an attachment may go now: the original set of a draft (None) or the
    revised version during the entry's open coaching round; refuses otherwise."""
    if entry.status == Entry.Status.DRAFT:
        _require_window_open(contest=entry.contest, unit=entry.unit, now=now)
        return None
    current = entry.round
    if (
        entry.status == Entry.Status.IN_COMPETITION
        and current is not None
        and current.kind == Round.Kind.COACHING
        and current.is_open_at(now)
    ):
        return current
    raise ValidationError(
        _("Chỉ thêm hoặc gỡ tài liệu khi bài còn là bản nháp, hoặc trong vòng tư vấn, hoàn thiện đang mở.")
    )


def attachment_add_closes_at(*, entry: Entry, now: datetime.datetime) -> datetime.datetime | None:
    """Until when files may still be added to an entry that left its draft: the end of its
    current round (the contest's first round while it waits for screening, or the submission
    deadline of a contest with no round yet); None when they may not be added any more."""
    if entry.status in (Entry.Status.SENT_TO_UNIT, Entry.Status.RETURNED):
        return submission_deadline(contest=entry.contest, unit=entry.unit)
    if entry.status == Entry.Status.SUBMITTED:
        first = entry.contest.rounds.order_by("order").first()
        return first.closes_at if first is not None else submission_deadline(contest=entry.contest, unit=entry.unit)
    if entry.status == Entry.Status.IN_COMPETITION and entry.round is not None:
        return entry.round.closes_at
    return None


def _attachment_add_round(*, entry: Entry, now: datetime.datetime) -> Round | None:
    """Where a new file goes: as `_attachment_round` says, or, after submission, with the
    originals until the current round's window closes."""
    try:
        return _attachment_round(entry=entry, now=now)
    except ValidationError:
        closes_at = attachment_add_closes_at(entry=entry, now=now)
        if entry.status != Entry.Status.DRAFT and closes_at is not None and now <= closes_at:
            return None
        raise ValidationError(
            _("Không thêm được tài liệu: vòng thi hiện tại của bài đã kết thúc hoặc bài không còn dự thi.")
        ) from None


@records_actor
def entry_attachment_add(
    *, attachment: EntryAttachment, actor: User, now: datetime.datetime | None = None
) -> EntryAttachment:
    """Attach a file to a draft; after submission, until the current round's window closes
    (`attachment_add_closes_at`); and a revised version to an entry in its open coaching round.

    A revised file records the coaching round, so the final's judges see both versions.
    """
    now = now or timezone.now()
    attachment.revision_round = _attachment_add_round(entry=attachment.entry, now=now)
    attachment.uploaded_by = actor
    attachment.full_clean()
    attachment.save()
    return attachment


@records_actor
@transaction.atomic
def entry_attachment_remove(*, attachment: EntryAttachment, actor: User, now: datetime.datetime | None = None) -> None:
    """Remove a file uploaded by mistake, under the same conditions as adding one.

    The originals of an entry in coaching stay; only that round's revised files go.
    The stored file is deleted once the transaction commits.
    """
    now = now or timezone.now()
    allowed_round = _attachment_round(entry=attachment.entry, now=now)
    if attachment.revision_round_id != (allowed_round.pk if allowed_round else None):
        raise ValidationError(_("Tài liệu này đã chốt cùng bài dự thi; không gỡ được."))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))


@records_actor
def entry_mark_capital_support(*, entry: Entry, value: bool, actor: User) -> Entry:
    """Mark (or unmark) an entry for capital support, to be referred for a loan later.

    Only entries that took part in the contest can be marked; the change is in the
    entry's audit history. Marking again with the same value writes nothing.
    """
    if entry.status in (Entry.Status.DRAFT, Entry.Status.WITHDRAWN, Entry.Status.REJECTED):
        raise ValidationError(_("Chỉ đề xuất hỗ trợ vốn cho bài đã tham gia cuộc thi."))
    if entry.capital_support == value:
        return entry
    entry.capital_support = value
    entry.save(update_fields=["capital_support", "updated_at"])
    return entry
