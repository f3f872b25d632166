"""The contests of the national seed: one per province and the national round, scored.

Each province's contest takes `entries_per_contest` entries from its commune-level unions,
each scored by `PER_ENTRY` of its judges on `CRITERIA` criteria; the national contest,
owned by the national unit, takes each province's first `NATIONAL_PER_PROVINCE`.
"""

from __future__ import annotations

import datetime
import itertools
import random
from decimal import Decimal

from accounts.models import Membership, User
from competitions.models import Assignment, Category, Contest, Criterion, Entry, Judge, Round, Score

from .bulk import Ids, put

PER_ENTRY = 5
CRITERIA = 5
NATIONAL_PER_PROVINCE = 10


def _contest(owner: dict, name: str, slug: str, *, now: datetime.datetime) -> tuple[Contest, Round, list]:
    contest = Contest.objects.create(
        owner_id=owner["id"],
        name=name,
        year=now.year,
        slug=slug,
        status=Contest.Status.OPEN,
        submission_opens_at=now - datetime.timedelta(days=60),
        submission_closes_at=now - datetime.timedelta(days=5),
        age_reference_date=now.date(),
    )
    scoring = Round.objects.create(
        contest=contest,
        order=1,
        name="Vòng sơ khảo",
        status=Round.Status.OPEN,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=5),
        judges_per_entry=PER_ENTRY,
        advance_count=NATIONAL_PER_PROVINCE,
    )
    criteria = Criterion.objects.bulk_create(
        [Criterion(round=scoring, name=f"Tiêu chí {n + 1}", max_points=Decimal(20), order=n) for n in range(CRITERIA)]
    )
    return contest, scoring, criteria


def _entries(
    ids: Ids,
    contest: Contest,
    scoring: Round,
    criteria: list,
    units: list[int],
    *,
    judges: int,
    now: datetime.datetime,
    rng: random.Random,
) -> None:
    """`units` (one unit id per entry) send an entry each, scored by `PER_ENTRY` judges."""
    category = Category.objects.create(contest=contest, name="Nông nghiệp")
    first_user, first_judge = ids.take(User, judges), ids.take(Judge, judges)
    put(
        User,
        ({"id": first_user + n, "username": f"nb-judge-{contest.pk}-{n}", "password": "!"} for n in range(judges)),
    )
    # Judges who accepted the pledge and declared no conflict: ready to score.
    ready = {"pledged_at": now, "conflicts_declared_at": now}
    put(
        Judge,
        ({"id": first_judge + n, "contest_id": contest.pk, "user_id": first_user + n, **ready} for n in range(judges)),
    )
    put(
        Membership,
        (
            {
                "id": ids.take(Membership),
                "user_id": first_user + n,
                "unit_id": contest.owner_id,
                "role": Membership.Role.JUDGE,
            }
            for n in range(judges)
        ),
    )
    first_entry = ids.take(Entry, len(units))
    put(
        Entry,
        (
            {
                "id": first_entry + n,
                "contest_id": contest.pk,
                "unit_id": unit,
                "category_id": category.pk,
                "code": f"{contest.year}-{n + 1:04d}",
                "title": f"Ý tưởng số {n + 1}",
                "summary": "Tóm tắt ý tưởng.",
                "status": Entry.Status.IN_COMPETITION,
                "round_id": scoring.pk,
                "submitted_at": now,
            }
            for n, unit in enumerate(units)
        ),
    )
    cards = len(units) * PER_ENTRY
    first_card = ids.take(Assignment, cards)
    points = [[rng.randint(5, 20) for _ in criteria] for _ in range(cards)]
    put(
        Assignment,
        (
            {
                "id": first_card + k,
                "round_id": scoring.pk,
                "judge_id": first_judge + k % judges,
                "entry_id": first_entry + k // PER_ENTRY,
                "status": Assignment.Status.SUBMITTED,
                "total": Decimal(sum(points[k])),
                "submitted_at": now,
            }
            for k in range(cards)
        ),
    )
    first_score = ids.take(Score, cards * len(criteria))
    put(
        Score,
        (
            {
                "id": first_score + k * len(criteria) + c,
                "assignment_id": first_card + k,
                "criterion_id": criterion.pk,
                "points": Decimal(points[k][c]),
                "criterion_max": criterion.max_points,
            }
            for k in range(cards)
            for c, criterion in enumerate(criteria)
        ),
    )


def contests_build(ids: Ids, tree: dict, size: dict, *, now: datetime.datetime) -> None:
    rng = random.Random(34)
    per, finalists = size["entries_per_contest"], []
    for province in tree["provinces"]:
        contest, scoring, criteria = _contest(
            province, f"Cuộc thi ý tưởng khởi nghiệp {province['name']}", f"nb-{province['code']}", now=now
        )
        units = [u["id"] for u in itertools.islice(itertools.cycle(tree["by_province"][province["id"]]), per)]
        _entries(ids, contest, scoring, criteria, units, judges=size["judges_per_contest"], now=now, rng=rng)
        finalists += units[: min(NATIONAL_PER_PROVINCE, per)]
    contest, scoring, criteria = _contest(tree["national"], "Cuộc thi khởi nghiệp toàn quốc", "nb-toan-quoc", now=now)
    _entries(ids, contest, scoring, criteria, finalists, judges=size["judges_per_contest"], now=now, rng=rng)
