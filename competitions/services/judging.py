"""Judging: assigning judges to entries (automatically or by hand, with the conflict
rules) and notifying them; saving, submitting, abstaining and reopening scorecards."""

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
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from common.history import record_update, records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create

from .. import selectors
from ..models import Assignment, Conflict, Entry, Judge, MentorFeedback, Round, Score
from .entries import _notify_unit_officers

# --- judges and assignment ------------------------------------------------------------


@dataclass
class AssignmentReport:
    created: int
    unfilled: list[Entry]  # entries that could not get enough conflict-free judges
    loads: dict[int, int]  # judge id -> number of entries in this round


def conflicted(judge_paths: tuple[str, ...], entry_path: str) -> bool:
    """The entry's unit is the judge's unit, or above it, or below it."""
    return any(entry_path.startswith(p) or p.startswith(entry_path) for p in judge_paths)


def balanced_pairs(
    *, candidates: dict[int, list[int]], missing: dict[int, int], loads: dict[int, int]
) -> tuple[list[tuple[int, int]], list[int]]:
    """(entry id, judge id) pairs giving each entry its `missing` judges, and the entries left short.

    `candidates` are the judges each entry may have. Entries with the fewest candidates
    are served first and each takes the least-loaded judges (`loads`, counted on as
    judges are chosen), so loads differ by at most one wherever conflicts allow. The
    automatic assignment and the contest demo both choose this way.
    """
    pairs: list[tuple[int, int]] = []
    unfilled: list[int] = []
    for entry_id in sorted(candidates, key=lambda pk: (len(candidates[pk]), pk)):
        if missing[entry_id] <= 0:
            continue
        chosen = sorted(candidates[entry_id], key=lambda j: (loads[j], j))[: missing[entry_id]]
        for judge_id in chosen:
            loads[judge_id] += 1
            pairs.append((entry_id, judge_id))
        if len(chosen) < missing[entry_id]:
            unfilled.append(entry_id)
    return pairs, unfilled


@records_actor
@transaction.atomic
def judges_assign_automatically(*, round: Round, actor: User) -> AssignmentReport:
    """Give every entry of the round its number of judges, balancing the judges' loads.

    Existing assignments are kept, so running it again only fills gaps; a judge who
    abstained leaves a gap that the next run fills with someone else. Only the judges
    on the round's panel who accepted the pledge and declared their conflicts get work.
    No judge gets an entry from their unit, a unit above or below it, or one they declared
    a conflict with (the entry, its unit or a unit above it, a person of its team).
    Judges are chosen by `balanced_pairs`. Judges are notified of their new work.
    """
    if not round.is_scoring:
        raise ValidationError(_("Chỉ phân công giám khảo cho vòng chấm điểm."))
    round = Round.objects.select_for_update().get(pk=round.pk)
    judges = selectors.judge_paths_for_contest(contest_id=round.contest_id, round=round, ready_only=True)
    if not judges:
        if Judge.objects.on_panel_of(round).exists():
            raise ValidationError(
                _("Chưa giám khảo nào của vòng này chấp nhận cam kết bảo mật và khai báo xung đột lợi ích.")
            )
        raise ValidationError(_("Cuộc thi chưa có giám khảo."))
    entries = list(selectors.entries_in_round(round=round).values("pk", "unit__path"))
    declared = selectors.declared_conflicts(contest_id=round.contest_id)
    existing: dict[int, set[int]] = defaultdict(set)  # every judge already given the entry
    scoring: dict[int, int] = defaultdict(int)  # of those, the ones who did not abstain
    loads = dict.fromkeys(judges, 0)
    for entry_id, judge_id, status in Assignment.objects.filter(round=round).values_list(
        "entry_id", "judge_id", "status"
    ):
        existing[entry_id].add(judge_id)
        loads[judge_id] = loads.get(judge_id, 0) + 1
        if status != Assignment.Status.ABSTAINED:
            scoring[entry_id] += 1
    need = round.judges_per_entry
    candidates = {
        e["pk"]: [
            j
            for j, paths in judges.items()
            if not conflicted(paths, e["unit__path"]) and (j, e["pk"]) not in declared and j not in existing[e["pk"]]
        ]
        for e in entries
    }
    pairs, unfilled_ids = balanced_pairs(
        candidates=candidates, missing={pk: need - scoring[pk] for pk in candidates}, loads=loads
    )
    new = [Assignment(round=round, judge_id=judge_id, entry_id=entry_id) for entry_id, judge_id in pairs]
    bulk_create_with_history(new, Assignment, batch_size=1000, default_user=actor)
    _notify_judges(round=round, judge_ids={a.judge_id for a in new})
    return AssignmentReport(created=len(new), unfilled=list(Entry.objects.filter(pk__in=unfilled_ids)), loads=loads)


@records_actor
def assignment_create(*, round: Round, judge, entry: Entry, actor: User) -> Assignment:
    """Assign one judge to one entry by hand, with the same panel, readiness and conflict rules."""
    if entry.round_id != round.pk or entry.status != Entry.Status.IN_COMPETITION:
        raise ValidationError(_("Bài không ở vòng thi này."))
    if judge.contest_id != round.contest_id:
        raise ValidationError(_("Người này không có trong hội đồng giám khảo của cuộc thi."))
    paths = selectors.judge_paths_for_contest(contest_id=round.contest_id, round=round).get(judge.pk)
    if paths is None:
        raise ValidationError(_("Giám khảo này không chấm vòng này."))
    if not judge.is_ready:
        raise ValidationError(_("Giám khảo chưa chấp nhận cam kết bảo mật và khai báo xung đột lợi ích."))
    if conflicted(paths, entry.unit.path):
        raise ValidationError(_("Giám khảo cùng đơn vị, hoặc đơn vị cấp trên/cấp dưới với đơn vị gửi bài."))
    if selectors.judge_declared_conflict(judge=judge, entry=entry):
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
            title=translated(
                gettext_lazy("%(round)s: bạn được phân công chấm %(count)d bài"), round=round.name, count=count
            ),
            body=translated(
                gettext_lazy("Thời gian chấm: %(start)s – %(end)s."),
                start=timezone.localtime(round.opens_at).strftime("%d/%m/%Y"),
                end=timezone.localtime(round.closes_at).strftime("%d/%m/%Y"),
            ),
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
    if assignment.judge.conflicts_declared_at is None:
        raise ValidationError(
            _("Hãy khai báo xung đột lợi ích (hoặc xác nhận “Tôi không có xung đột”) trước khi chấm.")
        )
    if not assignment.round.is_open_at(now):
        raise ValidationError(_("Vòng chấm không mở vào lúc này."))
    if assignment.is_locked:
        raise ValidationError(_("Phiếu chấm đã nộp và bị khoá; liên hệ ban tổ chức nếu cần sửa."))


@records_actor
@transaction.atomic
def scorecard_save(
    *,
    assignment: Assignment,
    scores: dict[int, ScoreInput],
    version: int,
    submit: bool,
    actor: User,
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
        total=total,
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
    record_update(assignment, actor=actor, when=now)
    return assignment


@records_actor
@transaction.atomic
def scorecard_abstain(
    *, assignment: Assignment, reason: str, actor: User, now: datetime.datetime | None = None
) -> Assignment:
    """A judge declines to score an entry (a conflict found late, say), with a reason.

    The abstention also stands as a declared conflict, so no later round gives this
    judge this entry again, and automatic assignment fills the place with another judge.
    """
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
    Conflict.objects.get_or_create(
        judge_id=assignment.judge_id, entry_id=assignment.entry_id, defaults={"reason": reason.strip()[:255]}
    )
    assignment.refresh_from_db()
    record_update(assignment, actor=actor, when=now)
    return assignment


@records_actor
@transaction.atomic
def scorecard_reopen(*, assignment: Assignment, actor: User) -> Assignment:
    """Staff unlock a submitted scorecard so the judge can correct it (audited)."""
    if assignment.round.decided_at is not None:
        raise ValidationError(_("Vòng đã chốt kết quả; không mở lại phiếu chấm được."))
    if not assignment.is_locked:
        raise ValidationError(_("Phiếu chấm chưa nộp."))
    assignment.status = Assignment.Status.DRAFT
    assignment.submitted_at = None
    assignment.abstain_reason = ""
    assignment.version += 1
    assignment.save()
    return assignment


# --- coaching -------------------------------------------------------------------------


@records_actor
@transaction.atomic
def mentor_feedback_add(
    *, round: Round, entry: Entry, text: str, actor: User, now: datetime.datetime | None = None
) -> MentorFeedback:
    """A mentor's advice to a team during an open coaching round; the unit is notified."""
    now = now or timezone.now()
    if round.is_scoring:
        raise ValidationError(_("Chỉ góp ý trong vòng tư vấn, hoàn thiện."))
    if not round.is_open_at(now):
        raise ValidationError(_("Vòng tư vấn không mở vào lúc này."))
    if entry.round_id != round.pk or entry.status != Entry.Status.IN_COMPETITION:
        raise ValidationError(_("Bài không ở vòng tư vấn này."))
    if not text.strip():
        raise ValidationError({"text": _("Hãy ghi nội dung góp ý.")})
    feedback = MentorFeedback.objects.create(round=round, entry=entry, mentor=actor, text=text.strip())
    _notify_unit_officers(
        unit=entry.unit,
        key=f"competitions.feedback:{feedback.pk}",
        title=_("Chuyên gia góp ý cho bài “%(title)s”") % {"title": entry.title},
        body=feedback.text,
        url=entry.get_absolute_url(),
        level=Notification.Level.INFO,
    )
    return feedback
