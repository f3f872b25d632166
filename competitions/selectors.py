"""Reads of the contest that are reused or must stay cheap at scale.

Rankings and judge lists aggregate in SQL and fetch plain values, so a round of
3,000 entries and 15,000 scorecards costs a handful of queries.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from accounts.models import Membership

from .models import Assignment, Conflict, Contest, Entry, Judge, Round

TWO_PLACES = Decimal("0.01")


def judge_paths_for_contest(*, contest_id: int) -> dict[int, tuple[str, ...]]:
    """Judge id -> paths of the units the judge belongs to (affiliation and officer roles)."""
    judges = list(Judge.objects.filter(contest_id=contest_id).values("pk", "user_id", "affiliation__path"))
    officer_units: dict[int, list[str]] = defaultdict(list)
    for user_id, path in Membership.objects.filter(
        user_id__in=[j["user_id"] for j in judges], role=Membership.Role.OFFICER
    ).values_list("user_id", "unit__path"):
        officer_units[user_id].append(path)
    return {j["pk"]: tuple(p for p in [j["affiliation__path"], *officer_units[j["user_id"]]] if p) for j in judges}


def declared_conflicts(*, contest_id: int) -> set[tuple[int, int]]:
    return set(Conflict.objects.filter(judge__contest_id=contest_id).values_list("judge_id", "entry_id"))


def entries_in_round(*, round: Round):
    return Entry.objects.filter(round=round, status=Entry.Status.IN_COMPETITION)


def quota_by_unit(*, contest: Contest, units) -> dict[int, int]:
    """Unit id -> entries counted against the quota, for the given units, in one query."""
    rows = (
        Entry.objects.filter(contest=contest, unit__in=units)
        .counting_for_quota()
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return dict(rows)


@dataclass
class RankingRow:
    entry_id: int
    code: str
    title: str
    unit_name: str
    totals: list[Decimal] = field(default_factory=list)
    assigned: int = 0
    abstained: int = 0
    mean: Decimal | None = None
    median: Decimal | None = None
    spread: Decimal | None = None
    normalised: float | None = None
    rank: int = 0
    submitted_first_at: object = None

    @property
    def missing(self) -> int:
        return self.assigned - self.abstained - len(self.totals)

    @property
    def scored(self) -> int:
        return len(self.totals)


# Ties are broken in this order, and the page says so.
TIE_BREAK = ("mean", "median", "scored", "code")


def _quantize(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def round_ranking(*, round: Round) -> list[RankingRow]:
    """Every entry of a scoring round with its mean, median and spread of judges' totals.

    Ranked by mean, then median, then more scorecards, then entry code; entries with
    no submitted scorecard rank last. `normalised` is each entry's mean z-score
    across its judges (each judge's totals centred on their own mean and scaled by
    their own spread), shown beside the raw ranking, never instead of it.
    Three queries whatever the size of the round.
    """
    entries = Entry.objects.filter(Q(round=round) | Q(round_results__round=round)).distinct()
    rows = {
        e["pk"]: RankingRow(entry_id=e["pk"], code=e["code"], title=e["title"], unit_name=e["unit__name"])
        for e in entries.values("pk", "code", "title", "unit__name")
    }
    per_judge: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for entry_id, judge_id, status, total in Assignment.objects.filter(round=round).values_list(
        "entry_id", "judge_id", "status", "total"
    ):
        row = rows.get(entry_id)
        if row is None:
            continue
        row.assigned += 1
        if status == Assignment.Status.ABSTAINED:
            row.abstained += 1
        elif status == Assignment.Status.SUBMITTED:
            row.totals.append(total)
            per_judge[judge_id].append((entry_id, total))
    z_scores: dict[int, list[float]] = defaultdict(list)
    for scored in per_judge.values():
        values = [float(t) for _e, t in scored]
        centre = statistics.fmean(values)
        scale = statistics.pstdev(values) if len(values) > 1 else 0.0
        for entry_id, total in scored:
            z_scores[entry_id].append((float(total) - centre) / scale if scale else 0.0)
    for row in rows.values():
        if row.totals:
            row.mean = _quantize(sum(row.totals) / len(row.totals))
            row.median = _quantize(statistics.median(row.totals))
            row.spread = max(row.totals) - min(row.totals)
        if z_scores.get(row.entry_id):
            # `round` is the Round argument here, so format instead of calling round().
            row.normalised = float(f"{statistics.fmean(z_scores[row.entry_id]):.3f}")
    ranked = sorted(
        rows.values(),
        key=lambda r: (
            r.mean is None,
            -(r.mean or 0),
            -(r.median or 0),
            -r.scored,
            r.code,
        ),
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked


def high_disagreement_threshold(*, round: Round) -> Decimal:
    """A spread of judges' totals above a quarter of the maximum total is flagged."""
    maximum = sum((c.max_points * c.weight for c in round.criteria.all()), Decimal(0))
    return _quantize(maximum / 4)


@dataclass(frozen=True)
class JudgeProgress:
    done: int
    total: int


def judge_progress(*, judge: Judge, round: Round) -> JudgeProgress:
    counts = Assignment.objects.filter(judge=judge, round=round).aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status__in=[Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED])),
    )
    return JudgeProgress(done=counts["done"], total=counts["total"])


# --- judges' and staff's round pages (views/judging.py, views/staff.py) -----------------

SCORECARD_DONE = (Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED)


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
        )
        for r in rows
    ]


def judge_assignment_rows(*, judge: Judge, round: Round, only: str = ""):
    """A judge's scorecards in a round as plain rows, with their own running total.

    `only` is "pending" (not yet submitted) or "done" (submitted or abstained). The
    unit is left out of blind rounds. Lazy, so a paginator slices it in SQL; the
    running total is a correlated subquery, so only the rows of the page sum scores.
    """
    from django.db.models import DecimalField, F, OuterRef, Subquery, Sum

    from .models import Score

    assignments = Assignment.objects.filter(judge=judge, round=round)
    if only == "pending":
        assignments = assignments.exclude(status__in=SCORECARD_DONE)
    elif only == "done":
        assignments = assignments.filter(status__in=SCORECARD_DONE)
    fields = ["pk", "status", "total", "entry_id", "entry__code", "entry__title", "entry__category__name"]
    if not round.is_blind:
        fields.append("entry__unit__name")
    running_total = (
        Score.objects.filter(assignment=OuterRef("pk"))
        .values("assignment")
        .annotate(
            sum=Sum(F("points") * F("criterion__weight"), output_field=DecimalField(max_digits=9, decimal_places=2))
        )
        .values("sum")
    )
    return (
        assignments.values(*fields)
        .annotate(running_total=Subquery(running_total, output_field=DecimalField(max_digits=9, decimal_places=2)))
        .order_by("entry__code", "pk")
    )


def judge_loads(*, round: Round) -> list[dict]:
    """Every judge of the round's contest with their load and done count in this round. One query."""
    in_round = Q(assignments__round=round)
    return list(
        Judge.objects.filter(contest_id=round.contest_id)
        .values("pk", "user__full_name", "user__username", "title", "affiliation__name")
        .annotate(
            load=Count("assignments", filter=in_round),
            done=Count("assignments", filter=in_round & Q(assignments__status__in=SCORECARD_DONE)),
        )
        .order_by("-load", "user__full_name", "pk")
    )


def round_outcomes(*, round: Round) -> dict[int, str]:
    """Entry id -> outcome, once staff decided the round."""
    return dict(round.results.values_list("entry_id", "outcome"))


def screening_rows(*, contest: Contest, user, status: str):
    """Entries of a contest in `status` the user may see, with their attachment count (lazy)."""
    return (
        Entry.objects.visible_to(user)
        .filter(contest=contest, status=status)
        .values(
            "pk", "code", "title", "unit__name", "category__name", "submitted_at", "rejection_reason", "capital_needed"
        )
        .annotate(attachment_count=Count("attachments"))
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class TeamAge:
    name: str
    role: str
    age: int
    in_range: bool


def team_ages(*, contest: Contest, entry_ids: list[int]) -> dict[int, list[TeamAge]]:
    """Entry id -> its team's ages on the contest's reference date, in one query."""
    from .models import TeamMember

    day = contest.age_reference_date
    teams: dict[int, list[TeamAge]] = defaultdict(list)
    for entry_id, name, born, role in (
        TeamMember.objects.filter(entry_id__in=entry_ids)
        .order_by("entry_id", "role", "pk")
        .values_list("entry_id", "entrepreneur__full_name", "entrepreneur__date_of_birth", "role")
    ):
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        teams[entry_id].append(
            TeamAge(name=name, role=role, age=age, in_range=contest.min_age <= age <= contest.max_age)
        )
    return teams


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


# --- unit officers' contest pages: visibility, quota progress, deadlines (views/entries.py) ---

import datetime  # noqa: E402  (appended section; the module's head belongs to everyone)

# Units that owe the contest its "at least 05 ideas" (plan-son-la §VI.2).
QUOTA_UNIT_KINDS = ("commune", "affiliated", "school", "bloc", "district")
# How close the deadline must be before the unit's pages warn about it.
DEADLINE_SOON = datetime.timedelta(days=3)


def contests_visible_to(*, user):
    """Staff see every contest, drafts too; anyone else signed in sees published ones."""
    from accounts.rules import STAFF
    from accounts.scoping import access_of

    if access_of(user).has_role(STAFF):
        return Contest.objects.all()
    return Contest.objects.published()


def quota_units_for(*, user):
    """Active units the user reaches that each owe the contest their minimum of entries."""
    from accounts.models import Unit

    return Unit.objects.visible_to(user).active().filter(kind__in=QUOTA_UNIT_KINDS).order_by("path")


@dataclass(frozen=True)
class UnitQuotaProgress:
    """Where one unit stands in one contest: entries counted against the quota, its deadline."""

    contest: Contest
    unit: object  # accounts.Unit
    counted: int
    deadline: datetime.datetime
    extended: bool
    is_open: bool
    closes_soon: bool

    @property
    def minimum(self) -> int:
        return self.contest.min_entries_per_unit

    @property
    def maximum(self) -> int | None:
        return self.contest.max_entries_per_unit

    @property
    def below_minimum(self) -> bool:
        return self.counted < self.minimum

    @property
    def is_full(self) -> bool:
        return self.maximum is not None and self.counted >= self.maximum

    @property
    def is_past(self) -> bool:
        return not self.is_open and self.contest.status == Contest.Status.OPEN


def unit_quota_progress(*, contests, units, now: datetime.datetime) -> list[UnitQuotaProgress]:
    """Every (contest, unit) pair with its quota count and its deadline (extensions applied).

    Two queries whatever the number of contests, units and entries. The count is of
    entries filed under the unit itself, as `services.entry_submit` counts them.
    """
    from .models import UnitExtension

    contests = list(contests)
    units = list(units)
    if not contests or not units:
        return []
    counts = {
        (contest_id, unit_id): n
        for contest_id, unit_id, n in Entry.objects.filter(contest__in=contests, unit__in=units)
        .counting_for_quota()
        .order_by()
        .values("contest_id", "unit_id")
        .annotate(n=Count("pk"))
        .values_list("contest_id", "unit_id", "n")
    }
    extensions = {
        (contest_id, unit_id): until
        for contest_id, unit_id, until in UnitExtension.objects.filter(
            contest__in=contests, unit__in=units
        ).values_list("contest_id", "unit_id", "until")
    }
    rows = []
    for contest in contests:
        for unit in units:
            extension = extensions.get((contest.pk, unit.pk))
            deadline = max(contest.submission_closes_at, extension) if extension else contest.submission_closes_at
            is_open = contest.status == Contest.Status.OPEN and contest.submission_opens_at <= now <= deadline
            rows.append(
                UnitQuotaProgress(
                    contest=contest,
                    unit=unit,
                    counted=counts.get((contest.pk, unit.pk), 0),
                    deadline=deadline,
                    extended=extension is not None and extension > contest.submission_closes_at,
                    is_open=is_open,
                    closes_soon=is_open and deadline - now <= DEADLINE_SOON,
                )
            )
    return rows


# --- prizes and publication ---
# Imported here rather than at the top: this section was appended on its own.
from django.db.models import F, OuterRef, Subquery  # noqa: E402

from .models import Award, PrizeTier, RoundResult, TeamMember  # noqa: E402


def _lead_name(entry_ref: str = "pk") -> Subquery:
    """The team lead's name of the entry referenced by `entry_ref`, as a subquery."""
    lead = TeamMember.objects.filter(entry=OuterRef(entry_ref), role=TeamMember.Role.LEAD)
    return Subquery(lead.values("entrepreneur__full_name")[:1])


def contest_finalists(*, contest: Contest) -> list[dict]:
    """Entries that finished the final, in final ranking order, as plain rows; one query.

    A finalist is an entry marked finished, or one whose last round result says
    finalist. Each row has `pk`, `code`, `title`, `unit__name`, `lead_name`,
    `capital_support`, `final_rank`, `final_mean` and `tier_id` (its prize, if any).
    """
    results = RoundResult.objects.filter(entry=OuterRef("pk")).order_by("-round__order")
    return list(
        Entry.objects.filter(contest=contest)
        .annotate(
            last_outcome=Subquery(results.values("outcome")[:1]),
            final_rank=Subquery(results.values("rank")[:1]),
            final_mean=Subquery(results.values("mean")[:1]),
            lead_name=_lead_name(),
        )
        .filter(Q(status=Entry.Status.FINISHED) | Q(last_outcome=RoundResult.Outcome.FINALIST))
        .order_by(F("final_rank").asc(nulls_last=True), "code", "pk")
        .values(
            "pk",
            "code",
            "title",
            "unit__name",
            "lead_name",
            "capital_support",
            "final_rank",
            "final_mean",
            tier_id=F("award__tier_id"),
        )
    )


def prize_tiers_with_usage(*, contest: Contest) -> list[dict]:
    """The contest's prize tiers, highest first, with how many are given (`used`); one query."""
    return list(
        PrizeTier.objects.filter(contest=contest)
        .annotate(used=Count("awards"))
        .order_by("rank")
        .values("pk", "name", "rank", "count", "amount", "used")
    )


def contest_winners(*, contest: Contest) -> list[dict]:
    """Prize winners by tier for the public page, only what may be published; one query.

    Rows hold the tier, the entry's title, the sending unit and the team lead's
    name; never a phone number, a date of birth or an ethnicity.
    """
    return list(
        Award.objects.filter(tier__contest=contest)
        .order_by("tier__rank", "entry__code", "pk")
        .values(
            "tier_id",
            "tier__name",
            "tier__rank",
            "entry__code",
            "entry__title",
            "entry__unit__name",
            lead_name=_lead_name("entry_id"),
        )
    )


def public_contests() -> list[dict]:
    """Contests the public may read about (every one not in draft), newest first; one query."""
    return list(
        Contest.objects.published()
        .order_by("-year", "-submission_opens_at")
        .values("pk", "name", "year", "slug", "submission_opens_at", "submission_closes_at", "results_published_at")
    )


def contest_timeline(*, contest: Contest) -> list[dict]:
    """The contest's rounds in order with their windows, as plain rows; one query."""
    return list(contest.rounds.order_by("order").values("pk", "order", "name", "kind", "opens_at", "closes_at"))


def unit_entry_rows(*, user, contest: Contest, status: str = "") -> list[dict]:
    """A contest's entries the user may see, as plain rows with their lead and team size.

    One query whatever the number of entries: the lead's name comes from a subquery.
    """
    from django.db.models import OuterRef, Subquery

    from .models import TeamMember

    lead = TeamMember.objects.filter(entry=OuterRef("pk"), role=TeamMember.Role.LEAD).values(
        "entrepreneur__full_name"
    )[:1]
    entries = Entry.objects.visible_to(user).filter(contest=contest)
    if status:
        entries = entries.filter(status=status)
    rows = list(
        entries.values("pk", "code", "title", "status", "unit__name", "category__name", "round__name", "updated_at")
        .annotate(lead_name=Subquery(lead), team_size=Count("team"))
        .order_by("-updated_at", "-pk")
    )
    for row in rows:
        row["status_label"] = Entry.Status(row["status"]).label
    return rows
