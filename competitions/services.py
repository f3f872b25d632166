"""Every write of the contest: entries, screening, judging, advancing, prizes.

Functions take keyword arguments and an `actor`, validate, write in a transaction,
and queue notifications on commit. Views, admin actions, tasks and tests all call
them; permission is checked by the caller (view or command).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from accounts.models import Membership, Unit
from common.models import Notification
from common.services import notification_create
from ventures.models import Entrepreneur

from . import selectors
from .models import (
    Assignment,
    Category,
    Contest,
    Criterion,
    Entry,
    PrizeTier,
    Round,
    RoundResult,
    Score,
    TeamMember,
    UnitExtension,
)

# --- submission window and quota ------------------------------------------------------


def submission_deadline(*, contest: Contest, unit: Unit) -> datetime.datetime:
    """The contest's deadline, or the later one staff granted this unit."""
    extension = UnitExtension.objects.filter(contest=contest, unit=unit).values_list("until", flat=True).first()
    return max(contest.submission_closes_at, extension) if extension else contest.submission_closes_at


def _require_window_open(*, contest: Contest, unit: Unit, now: datetime.datetime) -> None:
    if contest.status != Contest.Status.OPEN or now < contest.submission_opens_at:
        raise ValidationError(_("Cuộc thi chưa mở nhận bài."))
    deadline = submission_deadline(contest=contest, unit=unit)
    if now > deadline:
        raise ValidationError(
            _("Đã hết hạn nộp bài (%(deadline)s).")
            % {"deadline": timezone.localtime(deadline).strftime("%H:%M %d/%m/%Y")}
        )


@transaction.atomic
def extension_grant(*, contest: Contest, unit: Unit, until: datetime.datetime, reason: str, actor) -> UnitExtension:
    """Let one unit submit until `until`; granting again replaces the date and reason."""
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do gia hạn.")})
    if until <= contest.submission_closes_at:
        raise ValidationError({"until": _("Ngày gia hạn phải sau hạn nộp bài chung của cuộc thi.")})
    extension, _created = UnitExtension.objects.update_or_create(
        contest=contest, unit=unit, defaults={"until": until, "reason": reason.strip(), "granted_by": actor}
    )
    return extension


# --- entries --------------------------------------------------------------------------


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
    people = [m.entrepreneur.pk for m in team]
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


@transaction.atomic
def entry_save_draft(
    *, entry: Entry, team: list[TeamMemberInput], actor, now: datetime.datetime | None = None
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


@transaction.atomic
def entry_submit(*, entry: Entry, actor, now: datetime.datetime | None = None) -> Entry:
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


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor, now: datetime.datetime | None = None) -> Entry:
    """Take an entry back to a draft while the window is open (to fix it), or out of the contest."""
    now = now or timezone.now()
    if entry.status != Entry.Status.SUBMITTED:
        raise ValidationError(_("Chỉ rút được bài đã nộp và chưa được thẩm định."))
    entry.status = Entry.Status.WITHDRAWN
    entry.save(update_fields=["status", "updated_at"])
    return entry


@transaction.atomic
def entry_reopen_draft(*, entry: Entry, actor, now: datetime.datetime | None = None) -> Entry:
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


@transaction.atomic
def entry_screen(*, entry: Entry, eligible: bool, reason: str = "", actor) -> Entry:
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
            title=_("Bài “%(title)s” không đủ điều kiện dự thi") % {"title": entry.title},
            body=entry.rejection_reason,
            url=entry.get_absolute_url(),
            level=Notification.Level.WARNING,
        )
    return entry


# --- judges and assignment ------------------------------------------------------------


@dataclass
class AssignmentReport:
    created: int
    unfilled: list[Entry]  # entries that could not get enough conflict-free judges
    loads: dict[int, int]  # judge id -> number of entries in this round


def _conflicted(judge_paths: tuple[str, ...], entry_path: str) -> bool:
    """The entry's unit is the judge's unit, or above it, or below it."""
    return any(entry_path.startswith(p) or p.startswith(entry_path) for p in judge_paths)


@transaction.atomic
def judges_assign_automatically(*, round: Round, actor) -> AssignmentReport:
    """Give every entry of the round its number of judges, balancing the judges' loads.

    Existing assignments are kept, so running it again only fills gaps. No judge
    gets an entry from their unit, a unit above or below it, or one they declared
    a conflict with. Entries with the fewest possible judges are served first and
    each takes the least-loaded judges, so loads differ by at most one wherever
    conflicts allow. Judges are notified of their new work.
    """
    if not round.is_scoring:
        raise ValidationError(_("Chỉ phân công giám khảo cho vòng chấm điểm."))
    round = Round.objects.select_for_update().get(pk=round.pk)
    judges = selectors.judge_paths_for_contest(contest_id=round.contest_id)
    if not judges:
        raise ValidationError(_("Cuộc thi chưa có giám khảo."))
    entries = list(selectors.entries_in_round(round=round).values("pk", "unit__path"))
    declared = selectors.declared_conflicts(contest_id=round.contest_id)
    existing: dict[int, set[int]] = defaultdict(set)
    loads = dict.fromkeys(judges, 0)
    for entry_id, judge_id in Assignment.objects.filter(round=round).values_list("entry_id", "judge_id"):
        existing[entry_id].add(judge_id)
        loads[judge_id] = loads.get(judge_id, 0) + 1
    need = round.judges_per_entry
    candidates = {
        e["pk"]: [
            j
            for j, paths in judges.items()
            if not _conflicted(paths, e["unit__path"]) and (j, e["pk"]) not in declared and j not in existing[e["pk"]]
        ]
        for e in entries
    }
    new: list[Assignment] = []
    unfilled_ids = []
    for entry_id in sorted(candidates, key=lambda pk: (len(candidates[pk]), pk)):
        missing = need - len(existing[entry_id])
        if missing <= 0:
            continue
        chosen = sorted(candidates[entry_id], key=lambda j: (loads[j], j))[:missing]
        for judge_id in chosen:
            loads[judge_id] += 1
            new.append(Assignment(round=round, judge_id=judge_id, entry_id=entry_id))
        if len(chosen) < missing:
            unfilled_ids.append(entry_id)
    Assignment.objects.bulk_create(new, batch_size=1000)
    _notify_judges(round=round, judge_ids={a.judge_id for a in new})
    return AssignmentReport(created=len(new), unfilled=list(Entry.objects.filter(pk__in=unfilled_ids)), loads=loads)


def assignment_create(*, round: Round, judge, entry: Entry, actor) -> Assignment:
    """Assign one judge to one entry by hand, with the same conflict rules."""
    if entry.round_id != round.pk or entry.status != Entry.Status.IN_COMPETITION:
        raise ValidationError(_("Bài không ở vòng thi này."))
    paths = selectors.judge_paths_for_contest(contest_id=round.contest_id).get(judge.pk)
    if paths is None:
        raise ValidationError(_("Người này không có trong hội đồng giám khảo của cuộc thi."))
    if _conflicted(paths, entry.unit.path):
        raise ValidationError(_("Giám khảo cùng đơn vị, hoặc đơn vị cấp trên/cấp dưới với đơn vị gửi bài."))
    if judge.conflicts.filter(entry=entry).exists():
        raise ValidationError(_("Giám khảo đã khai báo xung đột lợi ích với bài này."))
    assignment, created = Assignment.objects.get_or_create(round=round, judge=judge, entry=entry)
    if created:
        _notify_judges(round=round, judge_ids={judge.pk})
    return assignment


def _notify_judges(*, round: Round, judge_ids: set[int]) -> None:
    if not judge_ids:
        return
    url = reverse("competitions:judge-round", kwargs={"round_pk": round.pk})
    for judge in round.contest.judges.filter(pk__in=judge_ids).select_related("user"):
        count = judge.assignments.filter(round=round).count()
        notification_create(
            recipient=judge.user,
            key=f"competitions.assigned:{round.pk}:{count}",
            title=_("%(round)s: bạn được phân công chấm %(count)d bài") % {"round": round.name, "count": count},
            body=_("Thời gian chấm: %(start)s – %(end)s.")
            % {
                "start": timezone.localtime(round.opens_at).strftime("%d/%m/%Y"),
                "end": timezone.localtime(round.closes_at).strftime("%d/%m/%Y"),
            },
            url=url,
            level=Notification.Level.TODO,
            due_on=timezone.localtime(round.closes_at).date(),
            send_email=True,
        )


# --- scoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    points: Decimal | None
    comment: str = ""


def _require_scoring_open(*, assignment: Assignment, now: datetime.datetime) -> None:
    if not assignment.round.is_open_at(now):
        raise ValidationError(_("Vòng chấm không mở vào lúc này."))
    if assignment.is_locked:
        raise ValidationError(_("Phiếu chấm đã nộp và bị khoá; liên hệ ban tổ chức nếu cần sửa."))


@transaction.atomic
def scorecard_save(
    *,
    assignment: Assignment,
    scores: dict[int, ScoreInput],
    version: int,
    submit: bool,
    actor,
    now: datetime.datetime | None = None,
) -> Assignment:
    """Save a judge's scorecard as a draft, or submit and lock it.

    `version` is the one the judge's page was showing; if the scorecard changed
    since (another tab, a double click) nothing is written. Every criterion must
    be scored to submit; each score lies between 0 and the criterion's maximum.
    """
    now = now or timezone.now()
    _require_scoring_open(assignment=assignment, now=now)
    criteria = {c.pk: c for c in assignment.round.criteria.all()}
    errors: dict[str, list[str]] = {}
    for criterion_id, given in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Tiêu chí không thuộc vòng thi này."))
        if given.points is not None and not Decimal(0) <= given.points <= criterion.max_points:
            errors[f"points_{criterion_id}"] = [
                _("Điểm “%(name)s” phải từ 0 đến %(max)s.") % {"name": criterion.name, "max": criterion.max_points}
            ]
    if submit:
        for criterion_id, criterion in criteria.items():
            given = scores.get(criterion_id)
            if given is None or given.points is None:
                errors.setdefault(f"points_{criterion_id}", []).append(
                    _("Chưa chấm tiêu chí “%(name)s”.") % {"name": criterion.name}
                )
    if errors:
        raise ValidationError(errors)
    status = Assignment.Status.SUBMITTED if submit else Assignment.Status.DRAFT
    total = sum(
        (given.points * criteria[cid].weight for cid, given in scores.items() if given.points is not None),
        Decimal(0),
    )
    claimed = Assignment.objects.filter(pk=assignment.pk, version=version).exclude(
        status__in=[Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED]
    )
    updated = claimed.update(
        version=F("version") + 1,
        status=status,
        total=total if submit else None,
        submitted_at=now if submit else None,
        updated_at=now,
    )
    if updated != 1:
        raise ValidationError(_("Phiếu chấm vừa được lưu ở một cửa sổ khác. Hãy tải lại trang để thấy bản mới nhất."))
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    for criterion_id, given in scores.items():
        score = existing.get(criterion_id)
        if given.points is None:
            if score is not None:
                score.delete()
            continue
        if score is None:
            score = Score(assignment=assignment, criterion_id=criterion_id)
        score.points = given.points
        score.comment = given.comment.strip()
        score.criterion_max = criteria[criterion_id].max_points
        score.save()
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def scorecard_abstain(
    *, assignment: Assignment, reason: str, actor, now: datetime.datetime | None = None
) -> Assignment:
    """A judge declines to score an entry (a conflict found late, say), with a reason."""
    now = now or timezone.now()
    _require_scoring_open(assignment=assignment, now=now)
    if not reason.strip():
        raise ValidationError({"abstain_reason": _("Cần ghi lý do không chấm.")})
    updated = (
        Assignment.objects.filter(pk=assignment.pk)
        .exclude(status__in=[Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED])
        .update(
            status=Assignment.Status.ABSTAINED,
            abstain_reason=reason.strip(),
            total=None,
            submitted_at=now,
            version=F("version") + 1,
            updated_at=now,
        )
    )
    if updated != 1:
        raise ValidationError(_("Phiếu chấm đã được nộp hoặc đã báo không chấm."))
    assignment.refresh_from_db()
    return assignment


@transaction.atomic
def scorecard_reopen(*, assignment: Assignment, actor) -> Assignment:
    """Staff unlock a submitted scorecard so the judge can correct it (audited)."""
    if assignment.round.decided_at is not None:
        raise ValidationError(_("Vòng đã chốt kết quả; không mở lại phiếu chấm được."))
    if not assignment.is_locked:
        raise ValidationError(_("Phiếu chấm chưa nộp."))
    assignment.status = Assignment.Status.DRAFT
    assignment.total = None
    assignment.submitted_at = None
    assignment.abstain_reason = ""
    assignment.version += 1
    assignment.save()
    return assignment


# --- results --------------------------------------------------------------------------


@transaction.atomic
def round_advance(*, round: Round, actor, now: datetime.datetime | None = None) -> list[RoundResult]:
    """Close a scoring round: the top N (or those above the threshold) go on, the rest stop.

    Idempotent: a round already decided returns its results unchanged, so a double
    click or a retried request changes nothing. Units of eliminated entries are
    notified. After the last round the remaining entries are finalists.
    """
    now = now or timezone.now()
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.decided_at is not None:
        return list(round.results.all())
    if not round.is_scoring:
        raise ValidationError(_("Vòng tư vấn không xếp hạng; hãy chuyển các bài sang vòng sau."))
    ranking = selectors.round_ranking(round=round)
    if any(row.missing for row in ranking):
        raise ValidationError(_("Còn phiếu chấm chưa nộp; chưa chốt kết quả được."))
    next_round = round.contest.rounds.filter(order__gt=round.order).order_by("order").first()
    results = []
    for row in ranking:
        if next_round is None:
            outcome = RoundResult.Outcome.FINALIST
        elif round.advance_count is not None:
            outcome = (
                RoundResult.Outcome.ADVANCED if row.rank <= round.advance_count else RoundResult.Outcome.ELIMINATED
            )
        elif round.advance_threshold is not None:
            passed = row.mean is not None and row.mean >= round.advance_threshold
            outcome = RoundResult.Outcome.ADVANCED if passed else RoundResult.Outcome.ELIMINATED
        else:
            outcome = RoundResult.Outcome.ADVANCED
        results.append(
            RoundResult(
                round=round, entry_id=row.entry_id, rank=row.rank, mean=row.mean, median=row.median, outcome=outcome
            )
        )
    RoundResult.objects.bulk_create(results)
    eliminated = [r.entry_id for r in results if r.outcome == RoundResult.Outcome.ELIMINATED]
    # Saved with history rows (who decided, when): every change of an entry's status is audited.
    outcome_of = {r.entry_id: r.outcome for r in results}
    moved = list(Entry.objects.filter(pk__in=outcome_of))
    for entry in moved:
        if outcome_of[entry.pk] == RoundResult.Outcome.ADVANCED:
            entry.round = next_round
        elif outcome_of[entry.pk] == RoundResult.Outcome.ELIMINATED:
            entry.status = Entry.Status.ELIMINATED
        else:
            entry.status = Entry.Status.FINISHED
        entry.updated_at = now
    bulk_update_with_history(
        moved, Entry, ["round", "status", "updated_at"], batch_size=500, default_user=actor, default_date=now
    )
    round.status = Round.Status.CLOSED
    round.decided_at = now
    round.decided_by = actor
    round.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    for entry in Entry.objects.filter(pk__in=eliminated).select_related("unit"):
        _notify_unit_officers(
            unit=entry.unit,
            key=f"competitions.eliminated:{round.pk}:{entry.pk}",
            title=_("Bài “%(title)s” dừng ở %(round)s") % {"title": entry.title, "round": round.name},
            body=_("Cảm ơn nhóm đã tham gia cuộc thi."),
            url=entry.get_absolute_url(),
            level=Notification.Level.INFO,
        )
    return results


@transaction.atomic
def coaching_round_complete(*, round: Round, actor, now: datetime.datetime | None = None) -> int:
    """Move every entry of a coaching round on to the next round. Idempotent."""
    now = now or timezone.now()
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.is_scoring:
        raise ValidationError(_("Đây là vòng chấm điểm."))
    if round.decided_at is not None:
        return 0
    next_round = round.contest.rounds.filter(order__gt=round.order).order_by("order").first()
    if next_round is None:
        raise ValidationError(_("Không có vòng nào sau vòng tư vấn."))
    moved = Entry.objects.filter(round=round, status=Entry.Status.IN_COMPETITION).update(
        round=next_round, updated_at=now
    )
    round.status = Round.Status.CLOSED
    round.decided_at = now
    round.decided_by = actor
    round.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return moved


# --- copying a contest ----------------------------------------------------------------


@transaction.atomic
def contest_copy(*, source: Contest, year: int, actor) -> Contest:
    """Start a new edition from an earlier one: settings, categories, prize tiers,
    rounds and criteria, with every date moved by the difference in years."""
    shift = year - source.year
    slug = f"{source.slug.rsplit('-', 1)[0] if source.slug[-4:].isdigit() else source.slug}-{year}"
    if Contest.objects.filter(slug=slug).exists():
        raise ValidationError(_("Đã có cuộc thi với đường dẫn “%(slug)s”.") % {"slug": slug})

    def moved(moment):
        try:
            return moment.replace(year=moment.year + shift)
        except ValueError:  # 29 February
            return moment.replace(year=moment.year + shift, day=28)

    contest = Contest.objects.create(
        name=source.name,
        year=year,
        slug=slug,
        description=source.description,
        status=Contest.Status.DRAFT,
        submission_opens_at=moved(source.submission_opens_at),
        submission_closes_at=moved(source.submission_closes_at),
        min_entries_per_unit=source.min_entries_per_unit,
        max_entries_per_unit=source.max_entries_per_unit,
        max_team_size=source.max_team_size,
        min_age=source.min_age,
        max_age=source.max_age,
        age_reference_date=moved(source.age_reference_date),
        created_by=actor,
    )
    Category.objects.bulk_create(
        [Category(contest=contest, name=c.name, order=c.order) for c in source.categories.all()]
    )
    PrizeTier.objects.bulk_create(
        [
            PrizeTier(contest=contest, name=t.name, rank=t.rank, count=t.count, amount=t.amount)
            for t in source.prize_tiers.all()
        ]
    )
    for old in source.rounds.prefetch_related("criteria"):
        new = Round.objects.create(
            contest=contest,
            order=old.order,
            name=old.name,
            kind=old.kind,
            opens_at=moved(old.opens_at),
            closes_at=moved(old.closes_at),
            judges_per_entry=old.judges_per_entry,
            is_blind=old.is_blind,
            is_live=old.is_live,
            advance_count=old.advance_count,
            advance_threshold=old.advance_threshold,
        )
        Criterion.objects.bulk_create(
            [
                Criterion(
                    round=new,
                    name=c.name,
                    description=c.description,
                    max_points=c.max_points,
                    weight=c.weight,
                    order=c.order,
                )
                for c in old.criteria.all()
            ]
        )
    return contest


# --- live final console (appended for views/staff.py) -------------------------------------


def round_set_on_stage(*, round: Round, entry: Entry | None, actor) -> Round:
    """Show which team is pitching now in a live round (None clears the stage)."""
    if not round.is_scoring:
        raise ValidationError(_("Chỉ vòng chấm điểm mới có phần thuyết trình."))
    if entry is not None and entry.round_id != round.pk:
        raise ValidationError(_("Bài không ở vòng thi này."))
    round.on_stage = entry
    round.save(update_fields=["on_stage", "updated_at"])
    return round


@transaction.atomic
def round_reveal_ranking(*, round: Round, actor, now: datetime.datetime | None = None) -> Round:
    """Reveal a live round's ranking, once every scorecard is in. Idempotent.

    A scorecard is in when it is submitted or its judge abstained; a round with no
    scorecards has nothing to reveal.
    """
    now = now or timezone.now()
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.ranking_revealed_at is not None:
        return round
    assignments = Assignment.objects.filter(round=round)
    if not assignments.exists():
        raise ValidationError(_("Vòng chưa có phiếu chấm nào."))
    outstanding = assignments.exclude(status__in=[Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED]).count()
    if outstanding:
        raise ValidationError(
            _("Còn %(count)d phiếu chấm chưa nộp; chỉ công bố xếp hạng khi đủ phiếu.") % {"count": outstanding}
        )
    round.ranking_revealed_at = now
    round.save(update_fields=["ranking_revealed_at", "updated_at"])
    return round


# --- entry attachments (appended for views/entries.py) ----------------------------------

from .models import EntryAttachment  # noqa: E402  (appended section; the module's head belongs to everyone)


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


def entry_attachment_add(
    *, attachment: EntryAttachment, actor, now: datetime.datetime | None = None
) -> EntryAttachment:
    """Attach a file to a draft, or a revised version to an entry in its open coaching round.

    A revised file records the coaching round, so the final's judges see both versions.
    """
    now = now or timezone.now()
    attachment.revision_round = _attachment_round(entry=attachment.entry, now=now)
    attachment.uploaded_by = actor
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def entry_attachment_remove(*, attachment: EntryAttachment, actor, now: datetime.datetime | None = None) -> None:
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


# --- prizes and publication ---

from collections import Counter  # noqa: E402  (appended section; the module's head belongs to everyone)

from .models import Award  # noqa: E402


@transaction.atomic
def award_set(*, contest: Contest, assignments: dict[int, int | None], actor) -> list[Award]:
    """Give finalists their prizes: `assignments` maps entry id -> prize tier id, or None for none.

    Entries left out keep their prize. Nothing is written when an entry is not a
    finalist of the contest, a tier is not the contest's, or a tier would go to
    more entries than its count. Saves of one contest are serialised on the contest
    row, so two staff saving at once cannot together exceed a count. An entry holds
    at most one prize (the database says so too: `Award.entry` is one-to-one).
    """
    Contest.objects.select_for_update().filter(pk=contest.pk).first()
    tiers = {t.pk: t for t in PrizeTier.objects.filter(contest=contest)}
    finalists = {row["pk"]: row for row in selectors.contest_finalists(contest=contest)}
    errors = []
    for entry_id, tier_id in assignments.items():
        if entry_id not in finalists:
            errors.append(_("Bài #%(id)s không phải bài hoàn thành chung kết của cuộc thi này.") % {"id": entry_id})
        if tier_id is not None and tier_id not in tiers:
            errors.append(_("Giải #%(id)s không thuộc cuộc thi này.") % {"id": tier_id})
    if errors:
        raise ValidationError(errors)
    current = {row["pk"]: row["tier_id"] for row in finalists.values() if row["tier_id"] is not None}
    wanted = {entry_id: tier_id for entry_id, tier_id in {**current, **assignments}.items() if tier_id is not None}
    for tier_id, given in sorted(Counter(wanted.values()).items(), key=lambda item: tiers[item[0]].rank):
        tier = tiers[tier_id]
        if given > tier.count:
            errors.append(
                _("%(tier)s có %(count)d giải nhưng đang trao cho %(given)d bài.")
                % {"tier": tier.name, "count": tier.count, "given": given}
            )
    if errors:
        raise ValidationError(errors)
    Award.objects.filter(entry_id__in=[e for e, t in assignments.items() if t is None]).delete()
    changed = [e for e, t in assignments.items() if t is not None and current.get(e) != t]
    existing = {a.entry_id: a for a in Award.objects.filter(entry_id__in=changed)}
    for entry_id in changed:
        award = existing.get(entry_id) or Award(entry_id=entry_id)
        award.tier = tiers[assignments[entry_id]]
        award.awarded_by = actor
        award.full_clean()
        award.save()
    return list(Award.objects.filter(tier__contest=contest).select_related("tier", "entry"))


def entry_mark_capital_support(*, entry: Entry, value: bool, actor) -> Entry:
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


def contest_publish_results(*, contest: Contest, actor, now: datetime.datetime | None = None) -> Contest:
    """Publish the contest's results on its public page. Idempotent.

    Needs the last round decided. Publishing again keeps the first moment, so a
    double click or a retried request changes nothing.
    """
    now = now or timezone.now()
    if contest.status == Contest.Status.DRAFT:
        raise ValidationError(_("Cuộc thi còn ở trạng thái soạn thảo; chưa công bố kết quả được."))
    last_round = contest.rounds.order_by("-order").values("decided_at").first()
    if last_round is None or last_round["decided_at"] is None:
        raise ValidationError(_("Vòng cuối của cuộc thi chưa chốt kết quả; chưa công bố được."))
    Contest.objects.filter(pk=contest.pk, results_published_at__isnull=True).update(
        results_published_at=now, updated_at=now
    )
    contest.refresh_from_db(fields=["results_published_at", "updated_at"])
    return contest
