"""Judges and scorecards: conflicts for assignment, judges' and staff's round pages."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q

from accounts.models import Membership

from ..models import Assignment, Conflict, Entry, Judge, Round, RoundState, TeamMember, round_state


def judge_paths_for_contest(
    *, contest_id: int, round: Round | None = None, ready_only: bool = False
) -> dict[int, tuple[str, ...]]:
    """Judge id -> paths of the units the judge belongs to (affiliation and officer roles).

    With `round`, only the judges on that round's panel; with `ready_only`, only those who
    accepted the pledge and declared their conflicts (`JudgeQuerySet.ready`)."""
    judges = Judge.objects.filter(contest_id=contest_id)
    if round is not None:
        judges = judges.on_panel_of(round)
    if ready_only:
        judges = judges.ready()
    judges = list(judges.values("pk", "user_id", "affiliation__path"))
    officer_units: dict[int, list[str]] = defaultdict(list)
    for user_id, path in Membership.objects.filter(
        user_id__in=[j["user_id"] for j in judges], role=Membership.Role.OFFICER
    ).values_list("user_id", "unit__path"):
        officer_units[user_id].append(path)
    return {j["pk"]: tuple(p for p in [j["affiliation__path"], *officer_units[j["user_id"]]] if p) for j in judges}


CONFLICT_ROW = ("judge_id", "entry_id", "unit__path", "entrepreneur_id")


def conflict_entry_pairs(
    conflicts: Iterable[tuple[int, int | None, str | None, int | None]], *, contest_id: int
) -> set[tuple[int, int]]:
    """(judge id, entry id) for every entry of the contest the declared `conflicts` cover: the
    entry named, every entry of a unit named or of a unit below it, every entry whose team
    holds a person named. `conflicts` are rows of CONFLICT_ROW (a saved conflict's, or one
    about to be saved). Two queries at most, whatever the number of conflicts."""
    pairs: set[tuple[int, int]] = set()
    by_path: dict[str, set[int]] = defaultdict(set)
    by_person: dict[int, set[int]] = defaultdict(set)
    for judge_id, entry_id, path, person_id in conflicts:
        if entry_id is not None:
            pairs.add((judge_id, entry_id))
        elif path:
            by_path[path].add(judge_id)
        elif person_id is not None:
            by_person[person_id].add(judge_id)
    if by_path:
        under = Q()
        for path in by_path:
            under |= Q(unit__path__startswith=path)
        for entry_id, entry_path in Entry.objects.filter(under, contest_id=contest_id).values_list("pk", "unit__path"):
            for path, judge_ids in by_path.items():
                if entry_path.startswith(path):
                    pairs.update((judge_id, entry_id) for judge_id in judge_ids)
    if by_person:
        for entry_id, person_id in TeamMember.objects.filter(
            entry__contest_id=contest_id, entrepreneur_id__in=by_person
        ).values_list("entry_id", "entrepreneur_id"):
            pairs.update((judge_id, entry_id) for judge_id in by_person[person_id])
    return pairs


def declared_conflicts(*, contest_id: int) -> set[tuple[int, int]]:
    """(judge id, entry id) of every entry of the contest a judge of it declared a conflict
    with: by the entry, its unit (or a unit above it) or a person of its team."""
    return conflict_entry_pairs(
        Conflict.objects.filter(judge__contest_id=contest_id).values_list(*CONFLICT_ROW), contest_id=contest_id
    )


def judge_declared_conflict(*, judge: Judge, entry: Entry) -> bool:
    """Whether the judge declared a conflict covering this entry: the entry itself, its unit
    or a unit above it, or a person of its team. One query."""
    return (
        Conflict.objects.filter(judge=judge)
        .filter(
            Q(entry=entry)
            | Q(unit_id__in=[*entry.unit.ancestor_ids, entry.unit_id])
            | Q(entrepreneur_id__in=TeamMember.objects.filter(entry=entry).values("entrepreneur_id"))
        )
        .exists()
    )


def entries_in_round(*, round: Round):
    return Entry.objects.filter(round=round, status=Entry.Status.IN_COMPETITION)


SCORECARD_DONE = (Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED)


@dataclass(frozen=True)
class JudgeProgress:
    judge_id: int | None
    done: int
    total: int
    pledged: bool = True  # the judge accepted the contest's confidentiality pledge
    declared: bool = True  # and declared their conflicts of interest (or that they have none)


def judge_round_progress(*, user, round_pk: int) -> tuple[Round, JudgeProgress] | None:
    """The round (with its contest) and the user's scorecards in it, done and in all,
    with their judge id; None when the round does not exist or holds no scorecard of
    theirs. One query, a join on the user's own scorecards grouped by the round: the
    judge's list page asks it first."""
    mine = Q(assignments__judge__user=user)
    round = (
        Round.objects.select_related("contest")
        .filter(mine, pk=round_pk)
        .annotate(
            progress_judge_id=Max("assignments__judge_id"),
            progress_total=Count("assignments"),
            progress_done=Count("assignments", filter=Q(assignments__status__in=SCORECARD_DONE)),
            progress_pledged_at=Max("assignments__judge__pledged_at"),
            progress_declared_at=Max("assignments__judge__conflicts_declared_at"),
        )
        .first()
    )
    if round is None:
        return None
    return round, JudgeProgress(
        judge_id=round.progress_judge_id,
        done=round.progress_done,
        total=round.progress_total,
        pledged=round.progress_pledged_at is not None,
        declared=round.progress_declared_at is not None,
    )


@dataclass(frozen=True)
class JudgeRoundRow:
    """A round a judge has work in, with their progress ("12/40 đã chấm")."""

    round_id: int
    round_name: str
    contest_name: str
    opens_at: object
    closes_at: object
    is_live: bool
    is_open: bool
    done: int
    total: int
    state: RoundState | None = None

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def judge_rounds_for_user(*, user, now) -> list[JudgeRoundRow]:
    """Every round where `user` judges, newest first, with their progress. One query."""
    rows = (
        Assignment.objects.filter(judge__user=user)
        .values(
            "round_id",
            "round__name",
            "round__status",
            "round__opens_at",
            "round__closes_at",
            "round__is_live",
            "round__decided_at",
            "round__contest__name",
        )
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status__in=SCORECARD_DONE)))
        .order_by("-round__opens_at", "round_id")
    )
    return [
        JudgeRoundRow(
            round_id=r["round_id"],
            round_name=r["round__name"],
            contest_name=r["round__contest__name"],
            opens_at=r["round__opens_at"],
            closes_at=r["round__closes_at"],
            is_live=r["round__is_live"],
            is_open=r["round__status"] == Round.Status.OPEN and r["round__opens_at"] <= now <= r["round__closes_at"],
            done=r["done"],
            total=r["total"],
            state=round_state(
                status=r["round__status"],
                opens_at=r["round__opens_at"],
                closes_at=r["round__closes_at"],
                decided_at=r["round__decided_at"],
                moment=now,
            ),
        )
        for r in rows
    ]


def judge_assignment_rows(*, judge_id: int, round: Round, only: str = ""):
    """A judge's scorecards in a round as plain rows, with their own total so far.

    `only` is "pending" (not yet submitted) or "done" (submitted or abstained). The
    unit is left out of blind rounds. Lazy, so a paginator slices it in SQL.
    """
    assignments = Assignment.objects.filter(judge_id=judge_id, round=round)
    if only == "pending":
        assignments = assignments.exclude(status__in=SCORECARD_DONE)
    elif only == "done":
        assignments = assignments.filter(status__in=SCORECARD_DONE)
    fields = ["pk", "status", "total", "entry_id", "entry__code", "entry__title", "entry__category__name"]
    if not round.is_blind:
        fields.append("entry__unit__name")
    return assignments.values(*fields).order_by("entry__code", "pk")


def judge_loads(*, round: Round) -> list[dict]:
    """Every judge of the round's panel with their load and done count in this round, and
    whether they are ready to be given work (pledge accepted, conflicts declared). One query."""
    in_round = Q(assignments__round=round)
    return list(
        Judge.objects.on_panel_of(round)
        .values(
            "pk",
            "user__full_name",
            "user__username",
            "title",
            "affiliation__name",
            "pledged_at",
            "conflicts_declared_at",
        )
        .annotate(
            load=Count("assignments", filter=in_round),
            done=Count("assignments", filter=in_round & Q(assignments__status__in=SCORECARD_DONE)),
        )
        .order_by("-load", "user__full_name", "pk")
    )


def round_outcomes(*, round: Round) -> dict[int, str]:
    """Entry id -> outcome, once staff decided the round."""
    return dict(round.results.values_list("entry_id", "outcome"))


def coaching_rows(*, round: Round) -> list[dict]:
    """Entries of a coaching round with the feedback and revised files they got there."""
    return list(
        entries_in_round(round=round)
        .values("pk", "code", "title", "unit__name")
        .annotate(
            feedback_count=Count("feedback", filter=Q(feedback__round=round), distinct=True),
            revised_count=Count("attachments", filter=Q(attachments__revision_round=round), distinct=True),
        )
        .order_by("code", "pk")
    )


def scorecards_by_entry(*, round: Round) -> dict[int, tuple[int, int]]:
    """Entry id -> (scorecards in, scorecards assigned) for a round. One query."""
    rows = (
        Assignment.objects.filter(round=round)
        .values("entry_id")
        .annotate(total=Count("pk"), done=Count("pk", filter=Q(status__in=SCORECARD_DONE)))
        .values_list("entry_id", "done", "total")
    )
    return {entry_id: (done, total) for entry_id, done, total in rows}


def scorecards_outstanding(*, round: Round) -> int:
    """How many of the round's scorecards are neither submitted nor abstained."""
    return Assignment.objects.filter(round=round).exclude(status__in=SCORECARD_DONE).count()


def scorecards_for_entry(*, round: Round, entry_id: int) -> list[dict]:
    """Who scores one entry in a round and where their scorecard stands (no points)."""
    return list(
        Assignment.objects.filter(round=round, entry_id=entry_id)
        .values("pk", "status", "submitted_at", "judge__user__full_name", "judge__user__username", "judge__title")
        .order_by("judge__user__full_name", "pk")
    )
