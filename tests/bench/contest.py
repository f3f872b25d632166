"""Contest benchmark at the issue's scale: 3,000 entries × 5 judges × 6 criteria, 60 units, 30 judges.

    .venv/bin/python tests/bench/contest.py          (or: make bench)
    BENCH_ENTRIES=500 .venv/bin/python tests/bench/contest.py

Budgets (issue 3): scoring page ≤ 15 ms; a 50-row list ≤ 2× the plain 50-row page;
ranking of a round ≤ 300 ms; score matrix export ≤ 3 s; automatic assignment ≤ 2 s.
"""

from __future__ import annotations

import datetime
import os
import random
from decimal import Decimal

from django.db import transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from harness import analyze, database, getter, interleaved, measure, measure_reference, migrate

from accounts.models import Membership, Unit, User
from accounts.services import membership_grant, unit_create
from common.history import system_actor
from competitions import selectors, services
from competitions.models import Assignment, Category, Contest, Criterion, Entry, Judge, Round, Score

ENTRIES = int(os.environ.get("BENCH_ENTRIES", "3000"))
UNITS = 60
JUDGES = 30
PER_ENTRY = 5
CRITERIA = 6


def build() -> dict:
    now = timezone.now()
    actor = system_actor()
    province = unit_create(actor=actor, name="Tỉnh đoàn", code="bench-tinh", kind=Unit.Kind.PROVINCE)
    units = [
        unit_create(actor=actor, name=f"Đoàn xã {n}", code=f"bench-xa-{n}", kind=Unit.Kind.COMMUNE, parent=province)
        for n in range(UNITS)
    ]
    contest = Contest.objects.create(
        owner=province,
        name="Cuộc thi benchmark",
        year=2026,
        slug="bench",
        status=Contest.Status.OPEN,
        submission_opens_at=now - datetime.timedelta(days=60),
        submission_closes_at=now - datetime.timedelta(days=5),
        max_entries_per_unit=None,
        age_reference_date=datetime.date(2026, 8, 30),
    )
    category = Category.objects.create(contest=contest, name="Nông nghiệp")
    scoring = Round.objects.create(
        contest=contest,
        order=1,
        name="Vòng sơ tuyển",
        status=Round.Status.OPEN,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=5),
        judges_per_entry=PER_ENTRY,
        advance_count=100,
    )
    fresh = Round.objects.create(
        contest=contest,
        order=2,
        name="Vòng để phân công",
        opens_at=now,
        closes_at=now + datetime.timedelta(days=9),
        judges_per_entry=PER_ENTRY,
    )
    criteria = Criterion.objects.bulk_create(
        [
            Criterion(round=scoring, name=f"Tiêu chí {n + 1}", max_points=Decimal("20"), order=n)
            for n in range(CRITERIA)
        ]
    )
    entries = Entry.objects.bulk_create(
        [
            Entry(
                contest=contest,
                unit=units[n % UNITS],
                category=category,
                code=f"2026-{n + 1:04d}",
                title=f"Ý tưởng số {n + 1}",
                summary="Tóm tắt ý tưởng.",
                status=Entry.Status.IN_COMPETITION,
                round=scoring,
                submitted_at=now,
            )
            for n in range(ENTRIES)
        ],
        batch_size=1000,
    )
    judge_users = User.objects.bulk_create([User(username=f"bench-judge-{n}") for n in range(JUDGES)])
    judges = Judge.objects.bulk_create([Judge(contest=contest, user=user) for user in judge_users])
    for user in judge_users[:1]:
        membership_grant(user=user, unit=province, role=Membership.Role.JUDGE)
    rng = random.Random(2021)
    assignments = []
    for n, entry in enumerate(entries):
        for k in range(PER_ENTRY):
            judge = judges[(n * PER_ENTRY + k) % JUDGES]
            assignments.append(Assignment(round=scoring, judge=judge, entry=entry, status=Assignment.Status.SUBMITTED))
    points_by_assignment = []
    for assignment in assignments:
        points = [Decimal(rng.randint(5, 20)) for _ in criteria]
        assignment.total = sum(points)
        assignment.submitted_at = now
        points_by_assignment.append(points)
    # Leave the first judge's first entry open, to measure the scoring page on it.
    first = next(a for a in assignments if a.judge_id == judges[0].pk)
    first.status, first.total, first.submitted_at = Assignment.Status.PENDING, None, None
    Assignment.objects.bulk_create(assignments, batch_size=2000)
    Score.objects.bulk_create(
        [
            Score(assignment=a, criterion=c, points=p, criterion_max=c.max_points)
            for a, points in zip(assignments, points_by_assignment, strict=True)
            if a.status == Assignment.Status.SUBMITTED
            for c, p in zip(criteria, points, strict=True)
        ],
        batch_size=5000,
    )
    staff = User.objects.create(username="bench-staff", is_staff=True)
    membership_grant(user=staff, unit=province, role=Membership.Role.STAFF)
    officer = User.objects.create(username="bench-officer")
    membership_grant(user=officer, unit=units[0], role=Membership.Role.OFFICER)
    return {
        "contest": contest,
        "scoring": scoring,
        "fresh": fresh,
        "judge_user": judge_users[0],
        "open_assignment": first,
        "staff": staff,
        "officer": officer,
    }


def budget_pages_against_floors(data: dict, staff: Client, judge: Client, officer: Client) -> None:
    """The issue's page budgets read against the floors, timed in turns (`interleaved`)."""
    get = getter
    pages = {
        "plain 50-row page (floor)": get(staff, "/bench/plain/"),
        "plain 50-row page, everyday (floor)": get(staff, "/bench/everyday/"),
        "the same rows in the layout, signed in (floor)": get(staff, "/bench/layout/"),
        "judge: assigned entries of the round": get(
            judge, reverse("competitions:judge-round", kwargs={"round_pk": data["scoring"].pk}) + "?only=pending"
        ),
        "judge: scoring page": get(
            judge, reverse("competitions:judge-scorecard", kwargs={"pk": data["open_assignment"].pk})
        ),
        "unit officer: contest page with the unit's entries": get(
            officer, reverse("competitions:contest-detail", kwargs={"pk": data["contest"].pk})
        ),
    }
    medians = interleaved(pages)
    plain, everyday = medians["plain 50-row page (floor)"], medians["plain 50-row page, everyday (floor)"]
    print("\nin turns, median of each (× the minimal plain page, × the everyday plain page):")
    for label, median in medians.items():
        print(
            f"{label:<52} median {median:9.1f} ms   {median / plain:5.1f}× plain   {median / everyday:5.1f}× everyday"
        )


def page(label: str, client: Client, name: str, **kwargs) -> None:
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        print(f"{label:<52} n/a (no URL named {name})")
        return

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")

    measure(label, get)


def main() -> None:
    migrate()
    print(f"database: {database()}; building {ENTRIES} entries × {PER_ENTRY} judges × {CRITERIA} criteria…")
    data = build()
    analyze()
    print(f"built: {Score.objects.count()} scores, {Assignment.objects.count()} scorecards\n")
    staff, judge, officer = Client(), Client(), Client()
    staff.force_login(data["staff"])
    judge.force_login(data["judge_user"])
    officer.force_login(data["officer"])

    measure_reference(staff)
    measure("ranking of a round (selector)", lambda: selectors.round_ranking(round=data["scoring"]))

    def assign():
        with transaction.atomic():
            services.judges_assign_automatically(round=data["fresh"], actor=data["staff"])
            transaction.set_rollback(True)

    Entry.objects.filter(round=data["scoring"]).update(round=data["fresh"])
    measure("automatic assignment, all entries", assign, repeat=3)
    Entry.objects.filter(round=data["fresh"]).update(round=data["scoring"])

    page("judge: scoring page", judge, "competitions:judge-scorecard", pk=data["open_assignment"].pk)
    page("judge: assigned entries of the round", judge, "competitions:judge-round", round_pk=data["scoring"].pk)
    page(
        "unit officer: contest page with the unit's entries",
        officer,
        "competitions:contest-detail",
        pk=data["contest"].pk,
    )
    page("staff: round ranking page", staff, "competitions:round-detail", pk=data["scoring"].pk)
    page("staff: score matrix export (Excel)", staff, "competitions:round-matrix-export", pk=data["scoring"].pk)
    page("staff: entries export (Excel)", staff, "competitions:contest-entries-export", contest_pk=data["contest"].pk)
    budget_pages_against_floors(data, staff, judge, officer)


if __name__ == "__main__":
    main()
