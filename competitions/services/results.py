"""Results: deciding rounds (scoring and coaching), the live final's stage and
ranking reveal, and the prizes."""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from common.history import records_actor
from common.i18n import translated
from common.models import Notification
from common.services import notification_create

from .. import selectors
from ..models import Assignment, Award, Contest, Entry, PrizeTier, Round, RoundDecisionException, RoundResult
from .contests import _issue_prize_certificates
from .entries import _notify_unit_officers, entry_mark_capital_support


def missing_scorecards_error(missing: list[selectors.MissingScorecards]) -> ValidationError:
    """The refusal to decide a round, naming what is missing (the page lists it in full)."""
    listed = ", ".join(f"{row.code or row.title} ({row.submitted}/{row.required})" for row in missing[:10])
    if len(missing) > 10:
        listed += "…"
    return ValidationError(
        _(
            "Chưa chốt kết quả được: %(count)d bài chưa đủ phiếu chấm đã nộp: %(entries)s. "
            "Hãy đợi giám khảo nộp phiếu, phân công người thay giám khảo không chấm, "
            "hoặc chốt khi thiếu phiếu với lý do được ghi lại."
        )
        % {"count": len(missing), "entries": listed},
        code="incomplete",
    )


@records_actor
@transaction.atomic
def round_advance(*, round: Round, actor: User, now: datetime.datetime | None = None) -> list[RoundResult]:
    """Decide a scoring round: the top N (or those above the threshold) go on, the rest stop.

    Only when every entry of the round has the round's number of SUBMITTED scorecards
    (`selectors.round_missing_scorecards`; an abstention counts once a replacement
    submitted); otherwise nothing is written and the error names the entries. Staff who
    must decide anyway use `round_advance_with_exception`. A round with no entry is
    refused too. Idempotent: a round already decided returns its results unchanged, so
    a double click or a retried request changes nothing. Units of eliminated entries
    are notified. After the last round the remaining entries are finalists.
    """
    now = now or timezone.now()
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.decided_at is not None:
        return list(round.results.all())
    _require_decidable(round)
    missing = selectors.round_missing_scorecards(round=round)
    if missing:
        raise missing_scorecards_error(missing)
    return _decide(round=round, actor=actor, now=now)


@records_actor
@transaction.atomic
def round_advance_with_exception(
    *, round: Round, reason: str, actor: User, now: datetime.datetime | None = None
) -> list[RoundResult]:
    """Decide a scoring round although scorecards are missing, recording the exception.

    The exception (`RoundDecisionException`) keeps who decided, when, the reason and
    the entries that lacked scorecards with their count, and is stated on the ranking
    page, its PDF and Excel and the public results. A reason is required. A complete
    round is decided normally with no exception recorded; a decided round returns its
    results unchanged.
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Cần ghi lý do chốt kết quả khi còn thiếu phiếu chấm.")})
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.decided_at is not None:
        return list(round.results.all())
    _require_decidable(round)
    missing = selectors.round_missing_scorecards(round=round)
    if missing:
        exception = RoundDecisionException(
            round=round,
            reason=reason,
            missing=[
                {"code": m.code, "title": m.title, "submitted": m.submitted, "required": m.required} for m in missing
            ],
            decided_by=actor,
            decided_at=now,
        )
        exception._history_user = actor
        exception.full_clean()
        exception.save()
        exception.entries.set([m.entry_id for m in missing])
    return _decide(round=round, actor=actor, now=now)


def _require_decidable(round: Round) -> None:
    if not round.is_scoring:
        raise ValidationError(_("Vòng tư vấn không xếp hạng; hãy chuyển các bài sang vòng sau."))
    if round.status == Round.Status.PENDING:
        raise ValidationError(_("Vòng chưa mở; chưa chốt kết quả được."))
    if not Entry.objects.filter(round=round).exists():
        raise ValidationError(_("Vòng không có bài nào; không có gì để chốt."))


def round_results_from_ranking(*, round: Round, next_round: Round | None) -> list[RoundResult]:
    """How the round ends for each entry by its rule (unsaved): its ranking cut by
    `advance_count` or `advance_threshold`; every entry is a finalist of the last round.
    Deciding a round and the contest demo both decide this way."""
    results = []
    for row in selectors.round_ranking(round=round):
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
    return results


@records_actor
def entries_follow_results(
    *, results: list[RoundResult], next_round: Round | None, actor: User, now: datetime.datetime
) -> None:
    """Move each entry as its result says: on to `next_round`, eliminated, or finished.

    Saved with history rows (who decided, when): every change of an entry's status is audited.
    """
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


def _decide(*, round: Round, actor: User, now: datetime.datetime) -> list[RoundResult]:
    next_round = round.contest.rounds.filter(order__gt=round.order).order_by("order").first()
    results = round_results_from_ranking(round=round, next_round=next_round)
    RoundResult.objects.bulk_create(results)
    eliminated = [r.entry_id for r in results if r.outcome == RoundResult.Outcome.ELIMINATED]
    entries_follow_results(results=results, next_round=next_round, actor=actor, now=now)
    round.status = Round.Status.CLOSED
    round.decided_at = now
    round.decided_by = actor
    round._history_user = actor
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


@records_actor
@transaction.atomic
def round_open(*, round: Round, actor: User) -> Round:
    """Open a pending round to judges or mentors; rounds open in order.

    Mentors of a coaching round are told it has started. Opening an open round
    changes nothing.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.status == Round.Status.OPEN:
        return round
    if round.status != Round.Status.PENDING:
        raise ValidationError(_("Vòng đã kết thúc; không mở lại được."))
    if round.contest.rounds.filter(order__lt=round.order, decided_at__isnull=True).exists():
        raise ValidationError(_("Các vòng trước chưa chốt kết quả."))
    round.status = Round.Status.OPEN
    round._history_user = actor
    round.save(update_fields=["status", "updated_at"])
    if not round.is_scoring:
        url = reverse("competitions:mentor-round", kwargs={"pk": round.pk})
        for mentor in round.mentors.all():
            notification_create(
                recipient=mentor,
                key=f"competitions.coaching:{round.pk}",
                title=translated(gettext_lazy("%(round)s đã bắt đầu: mời góp ý cho các nhóm"), round=round.name),
                url=url,
                level=Notification.Level.TODO,
                due_on=timezone.localtime(round.closes_at).date(),
                send_email=True,
            )
    return round


@records_actor
@transaction.atomic
def coaching_round_complete(*, round: Round, actor: User, now: datetime.datetime | None = None) -> int:
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
    moved = entries_move_on(from_round=round, to_round=next_round, actor=actor, now=now)
    round.status = Round.Status.CLOSED
    round.decided_at = now
    round.decided_by = actor
    round._history_user = actor
    round.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    return moved


@records_actor
def entries_move_on(*, from_round: Round, to_round: Round, actor: User, now: datetime.datetime) -> int:
    """Move the entries still competing in `from_round` on to `to_round`; how many moved.

    Saved with history rows (who moved them, when): every change of an entry's round is audited.
    Completing a coaching round and the contest demo both move entries this way.
    """
    entries = list(Entry.objects.filter(round=from_round, status=Entry.Status.IN_COMPETITION))
    for entry in entries:
        entry.round = to_round
        entry.updated_at = now
    bulk_update_with_history(
        entries, Entry, ["round", "updated_at"], batch_size=500, default_user=actor, default_date=now
    )
    return len(entries)


@records_actor
@transaction.atomic
def round_move_window(
    *, round: Round, opens_at: datetime.datetime, closes_at: datetime.datetime, actor: User
) -> Round:
    """Move a round's window (when judges or mentors may work), e.g. to open it earlier.

    The window must close after it opens and may not open before the previous round
    closes; a decided round keeps its window. Kept in the round's history with who moved it.
    """
    round = Round.objects.select_for_update().get(pk=round.pk)
    errors = {}
    if round.decided_at is not None:
        raise ValidationError(_("Vòng đã chốt kết quả; không đổi thời gian được."))
    if closes_at <= opens_at:
        errors["closes_at"] = _("Thời gian kết thúc phải sau thời gian bắt đầu.")
    previous = (
        round.contest.rounds.filter(order__lt=round.order).order_by("-order").values("name", "closes_at").first()
    )
    if previous and opens_at < previous["closes_at"]:
        errors["opens_at"] = _("Vòng không được bắt đầu trước khi %(round)s kết thúc (%(when)s).") % {
            "round": previous["name"],
            "when": timezone.localtime(previous["closes_at"]).strftime("%H:%M %d/%m/%Y"),
        }
    if errors:
        raise ValidationError(errors)
    round.opens_at, round.closes_at = opens_at, closes_at
    round._history_user = actor
    round.full_clean()
    round.save(update_fields=["opens_at", "closes_at", "updated_at"])
    return round


# --- live final console -----------------------------------------------------------------


@records_actor
def round_set_on_stage(*, round: Round, entry: Entry | None, actor: User) -> Round:
    """Show which team is pitching now in a live round (None clears the stage)."""
    if not round.is_scoring:
        raise ValidationError(_("Chỉ vòng chấm điểm mới có phần thuyết trình."))
    if entry is not None and entry.round_id != round.pk:
        raise ValidationError(_("Bài không ở vòng thi này."))
    round.on_stage = entry
    round.save(update_fields=["on_stage", "updated_at"])
    return round


@records_actor
@transaction.atomic
def round_reveal_ranking(*, round: Round, actor: User, now: datetime.datetime | None = None) -> Round:
    """Reveal a live round's ranking, once every scorecard is in. Idempotent.

    A scorecard is in when it is submitted or its judge abstained; a round with no
    scorecards has nothing to reveal, and every entry needs the round's number of
    submitted scorecards (as for deciding) unless the round was already decided.
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
    if round.decided_at is None:
        missing = selectors.round_missing_scorecards(round=round)
        if missing:
            raise missing_scorecards_error(missing)
    round.ranking_revealed_at = now
    round.save(update_fields=["ranking_revealed_at", "updated_at"])
    return round


# --- prizes ---------------------------------------------------------------------------


@records_actor
@transaction.atomic
def award_set(
    *, contest: Contest, assignments: dict[int, int | None], actor: User, today: datetime.date | None = None
) -> list[Award]:
    """Give finalists their prizes: `assignments` maps entry id -> prize tier id, or None for none.

    A new prize is dated `today` (`awarded_on`, what reports count by); a prize moved
    to another tier keeps its date. Once the results are published, a prize given or moved
    gets a new certificate (number and verification code): the paper of the old prize no
    longer verifies, and a number once given is never given again.

    Entries left out keep their prize. Nothing is written when an entry is not a
    finalist of the contest, a tier is not the contest's, or a tier would go to
    more entries than its count. Saves of one contest are serialised on the contest
    row, so two staff saving at once cannot together exceed a count. An entry holds
    at most one prize (the database says so too: `Award.entry` is one-to-one).
    """
    locked = Contest.objects.select_for_update().filter(pk=contest.pk).first()
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
    saved = []
    for entry_id in changed:
        award = existing.get(entry_id) or Award(entry_id=entry_id)
        award.tier = tiers[assignments[entry_id]]
        award.awarded_by = actor
        award.awarded_on = award.awarded_on or today or timezone.localdate()
        award.certificate_serial, award.verification_code = None, ""
        award.full_clean()
        award.save()
        saved.append(award)
    if locked.results_published_at is not None:
        _issue_prize_certificates(
            contest=locked,
            awards=list(Award.objects.filter(pk__in=[a.pk for a in saved]).select_related("tier", "entry")),
        )
    return list(Award.objects.filter(tier__contest=contest).select_related("tier", "entry"))


@records_actor
@transaction.atomic
def prizes_save(
    *,
    contest: Contest,
    assignments: dict[int, int | None],
    capital_support: dict[int, bool],
    actor: User,
    today: datetime.date | None = None,
) -> list[Award]:
    """Save the prize page in one go: the prizes (`award_set`) and, for the contest's entries
    named in `capital_support` (entry id -> marked), the capital-support marks
    (`entry_mark_capital_support`). Either everything is saved or nothing is.
    """
    awards = award_set(contest=contest, assignments=assignments, actor=actor, today=today)
    for entry in Entry.objects.filter(contest=contest, pk__in=capital_support):
        entry_mark_capital_support(entry=entry, value=capital_support[entry.pk], actor=actor)
    return awards
