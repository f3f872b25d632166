"""The whole Union at national scale, built fast (tests/bench/national/bulk.py).

At scale 1 (BENCH_SCALE): the Central Union (`trung-uong-doan`) over the 34 official
provinces and their 3,321 communes, wards and special zones (names and codes from
`accounts.official_units`, the `vietnam-provinces` package), 1,700 directly affiliated
unions, 34,000 branches, 500,000 young people with a venture each, one contest per
province of 1,000 entries with 5 scorecards each (5 criteria) and a national round of
each province's 10 best, 300,000 loan referrals and a year of monthly unit reports from
every commune-level and affiliated union (each province's own schedule), a national
plan with per-unit targets. A fraction scales every count (`sizes`); the provinces are
the first ones of the official list. Every programme object has its owner: the
province's unit, the national contest and plan the national unit's.

Users (no password: the runner signs them in with `force_login`): the national staff
`nb-national-staff`, each province's staff `nb-staff-<province code>`, one officer per
commune-level and affiliated union `nb-officer-<unit id>` (with an email, for the
reminder run) and each contest's judges `nb-judge-<contest id>-<n>`.

This module imports only the portal (no harness), so a test can call `seed` on the
test database.
"""

from __future__ import annotations

import datetime
import itertools
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Unit, User
from accounts.official_units import REFORM_DAY, official_provinces
from competitions.models import Assignment, Category, Contest, Criterion, Entry, Judge, Round, Score
from loans.models import LoanProgramme, Referral
from reports.models import Plan, ReportingPeriod, ReportingSchedule, Target, UnitReport
from ventures.models import Entrepreneur, Venture

from .bulk import Ids, put, sequences_reset

VERSION = 1  # bump when the data built here changes, so an old seeded database is rebuilt
NATIONAL_CODE = "trung-uong-doan"
NATIONAL_STAFF = "nb-national-staff"
PER_ENTRY = 5
CRITERIA = 5
MONTHS = 12
NATIONAL_PER_PROVINCE = 10
REPORTING_KINDS = [Unit.Kind.COMMUNE, Unit.Kind.AFFILIATED]
FULL = {
    "provinces": 34,
    "communes": 3_321,
    "affiliated": 1_700,
    "branches": 34_000,
    "people": 500_000,
    "entries": 34_000,
    "referrals": 300_000,
}


def sizes(scale: float) -> dict[str, int]:
    """Every count the seed promises at `scale` (the test holds the seed to them)."""
    provinces = max(2, min(FULL["provinces"], round(FULL["provinces"] * scale)))
    communes = max(2 * provinces, round(FULL["communes"] * scale))
    affiliated = max(provinces, round(FULL["affiliated"] * scale))
    people = max(100, round(FULL["people"] * scale))
    per_contest = max(10, round(FULL["entries"] * scale / provinces))
    national_entries = provinces * min(NATIONAL_PER_PROVINCE, per_contest)
    return {
        "provinces": provinces,
        "communes": communes,
        "affiliated": affiliated,
        "branches": max(communes, round(FULL["branches"] * scale)),
        "people": people,
        "entries_per_contest": per_contest,
        "judges_per_contest": max(PER_ENTRY, min(50, per_contest * PER_ENTRY // 100)),
        "national_entries": national_entries,
        "entries": provinces * per_contest + national_entries,
        "scorecards": (provinces * per_contest + national_entries) * PER_ENTRY,
        "referrals": min(people, max(50, round(FULL["referrals"] * scale))),
        "reports": MONTHS * (communes + affiliated),
    }


def province_staff_name(province: Unit) -> str:
    return f"nb-staff-{province.code}"


@transaction.atomic
def seed(scale: float, *, today: datetime.date) -> dict[str, int]:
    """Build everything at `scale`; returns the counts (those of `sizes`)."""
    size = sizes(scale)
    ids = Ids()
    now = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 0)))
    tree = _units(ids, size)
    _users(ids, tree)
    _registry(ids, tree, size)
    _contests(ids, tree, size, now=now)
    _referrals(ids, size, today=today)
    _reports(ids, tree, today=today, now=now)
    _plan(tree, today=today)
    sequences_reset(
        [
            Unit,
            User,
            Membership,
            Entrepreneur,
            Venture,
            Venture.owners.through,
            Entry,
            Judge,
            Assignment,
            Score,
            Referral,
            UnitReport,
        ]
    )
    return size


# --- the tree and the people ---------------------------------------------------------


def _unit(ids: Ids, rows: list[dict], *, name: str, code: str, kind: str, parent: dict | None, **extra) -> dict:
    pk = ids.take(Unit)
    path = f"{parent['path'] if parent else '/'}{pk:08d}/"
    row = {
        "id": pk,
        "name": name,
        "code": code,
        "kind": kind,
        "parent_id": parent and parent["id"],
        "path": path,
        **extra,
    }
    rows.append(row)
    return row


def _units(ids: Ids, size: dict) -> dict:
    """The tree, paths computed here: national > provinces > communes and affiliated > branches."""
    rows: list[dict] = []
    national = _unit(ids, rows, name="Trung ương Đoàn", code=NATIONAL_CODE, kind=Unit.Kind.NATIONAL, parent=None)
    chosen = official_provinces()[: size["provinces"]]
    provinces = [
        _unit(
            ids,
            rows,
            name=p.union_name,
            code=p.union_code,
            kind=Unit.Kind.PROVINCE,
            parent=national,
            official_code=p.code,
            active_from=REFORM_DAY,
        )
        for p in chosen
    ]
    # The wards of the chosen provinces in turns, so a fraction spreads over every province.
    turns = itertools.chain.from_iterable(
        itertools.zip_longest(*[[(n, w) for w in p.wards] for n, p in enumerate(chosen)])
    )
    wards = [pair for pair in turns if pair is not None][: size["communes"]]
    communes = [
        _unit(
            ids,
            rows,
            name=ward.union_name,
            code=chosen[n].ward_code(ward),
            kind=Unit.Kind.COMMUNE,
            parent=provinces[n],
            official_code=ward.code,
            active_from=REFORM_DAY,
        )
        for n, ward in wards
    ]
    affiliated = [
        _unit(
            ids,
            rows,
            name=f"Đoàn trực thuộc số {k + 1}",
            code=f"{provinces[k % len(provinces)]['code']}-tt-{k}",
            kind=Unit.Kind.AFFILIATED,
            parent=provinces[k % len(provinces)],
        )
        for k in range(size["affiliated"])
    ]
    reporting = communes + affiliated
    for k in range(size["branches"]):
        parent = reporting[k % len(reporting)]
        _unit(
            ids,
            rows,
            name=f"Chi đoàn {k // len(reporting) + 1}",
            code=f"cd-{parent['id']}-{k}",
            kind=Unit.Kind.BRANCH,
            parent=parent,
        )
    put(Unit, rows)
    by_province = {p["id"]: [u for u in reporting if u["parent_id"] == p["id"]] for p in provinces}
    return {"national": national, "provinces": provinces, "reporting": reporting, "by_province": by_province}


def _users(ids: Ids, tree: dict) -> None:
    users, roles = [], []

    def user(username: str, unit: dict, role: str, email: str = "") -> None:
        pk = ids.take(User)
        users.append({"id": pk, "username": username, "password": "!", "email": email, "is_staff": role == "staff"})
        roles.append({"id": ids.take(Membership), "user_id": pk, "unit_id": unit["id"], "role": role})

    user(NATIONAL_STAFF, tree["national"], Membership.Role.STAFF)
    for province in tree["provinces"]:
        user(f"nb-staff-{province['code']}", province, Membership.Role.STAFF)
    for unit in tree["reporting"]:
        user(f"nb-officer-{unit['id']}", unit, Membership.Role.OFFICER, email=f"officer{unit['id']}@example.vn")
    put(User, users)
    put(Membership, roles)


def _registry(ids: Ids, tree: dict, size: dict) -> None:
    """One venture per young person, the people spread over the commune-level unions."""
    units = tree["reporting"]
    first_person = ids.take(Entrepreneur, size["people"])
    first_venture = ids.take(Venture, size["people"])
    first_link = ids.take(Venture.owners.through, size["people"])
    born = datetime.date(1990, 1, 1)
    put(
        Entrepreneur,
        (
            {
                "id": first_person + n,
                "full_name": f"Lò Văn {n}",
                "date_of_birth": born + datetime.timedelta(days=n % 5000),
                "gender": "male" if n % 2 else "female",
                "ethnicity": "03",
                "phone": f"09{n:08d}",
                "unit_id": units[n % len(units)]["id"],
            }
            for n in range(size["people"])
        ),
    )
    put(
        Venture,
        (
            {
                "id": first_venture + n,
                "name": f"Mô hình số {n}",
                "kind": "household",
                "sector": "crops",
                "unit_id": units[n % len(units)]["id"],
            }
            for n in range(size["people"])
        ),
    )
    put(
        Venture.owners.through,
        (
            {"id": first_link + n, "venture_id": first_venture + n, "entrepreneur_id": first_person + n}
            for n in range(size["people"])
        ),
    )


# --- the contests --------------------------------------------------------------------


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
    put(Judge, ({"id": first_judge + n, "contest_id": contest.pk, "user_id": first_user + n} for n in range(judges)))
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


def _contests(ids: Ids, tree: dict, size: dict, *, now: datetime.datetime) -> None:
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


# --- loans, reports, the plan --------------------------------------------------------


def _referrals(ids: Ids, size: dict, *, today: datetime.date) -> None:
    programme = LoanProgramme.objects.create(
        name="Cho vay hỗ trợ tạo việc làm (benchmark quốc gia)",
        code="nb-gqvl",
        lender=LoanProgramme.Lender.POLICY_BANK,
        lender_name="Ngân hàng Chính sách xã hội",
        max_per_borrower=100_000_000,
        max_term_months=120,
        interest_rate="0.550",
    )
    statuses = [
        Referral.Status.SUBMITTED,
        Referral.Status.GROUP_VETTED,
        Referral.Status.UNION_APPRAISED,
        Referral.Status.SENT_TO_BANK,
        Referral.Status.REJECTED,
    ]
    people = Entrepreneur.objects.order_by("pk").values_list("pk", "unit_id")[: size["referrals"]]
    first = ids.take(Referral, size["referrals"])
    put(
        Referral,
        (
            {
                "id": first + n,
                "unit_id": unit,
                "entrepreneur_id": person,
                "programme_id": programme.pk,
                "amount": (10 + n % 90) * 1_000_000,
                "term_months": [12, 24, 36, 60][n % 4],
                "purpose": "Mở rộng chăn nuôi, mua giống và thức ăn.",
                "jobs_created": n % 5,
                "status": statuses[n % len(statuses)],
                "submitted_on": today - datetime.timedelta(days=5 + n % 360),
                "status_on": today - datetime.timedelta(days=n % 5),
            }
            for n, (person, unit) in enumerate(people.iterator(chunk_size=10_000))
        ),
    )


def month_starts(today: datetime.date, months: int) -> list[datetime.date]:
    """The first days of the `months` whole months before `today`'s, oldest first."""
    index = today.year * 12 + today.month - 1
    return [datetime.date((index - back) // 12, (index - back) % 12 + 1, 1) for back in range(months, 0, -1)]


def _reports(ids: Ids, tree: dict, *, today: datetime.date, now: datetime.datetime) -> None:
    """Each province's monthly report, a year of it from every commune-level union."""
    statuses = [UnitReport.Status.ACCEPTED, UnitReport.Status.SUBMITTED, UnitReport.Status.DRAFT]
    starts = month_starts(today, MONTHS)
    rows = []
    for province in tree["provinces"]:
        schedule = ReportingSchedule.objects.create(
            owner_id=province["id"],
            name=f"Báo cáo tháng {province['name']}",
            frequency=ReportingSchedule.Frequency.MONTHLY,
            due_day=5,
            due_month_offset=1,
            unit_kinds=REPORTING_KINDS,
            active_from=starts[0],
        )
        periods = ReportingPeriod.objects.bulk_create(
            [
                ReportingPeriod(
                    schedule=schedule,
                    start=start,
                    end=_month_end(start),
                    due=_month_end(start) + datetime.timedelta(days=5),
                    label=f"Tháng {start:%m/%Y}",
                )
                for start in starts
            ]
        )
        for period in periods:
            for n, unit in enumerate(tree["by_province"][province["id"]]):
                status = statuses[n % 3]
                rows.append(
                    {
                        "id": ids.take(UnitReport),
                        "period_id": period.pk,
                        "unit_id": unit["id"],
                        "status": status,
                        "notes": "Đơn vị báo cáo đúng hạn.",
                        "submitted_at": None if status == UnitReport.Status.DRAFT else now,
                    }
                )
    put(UnitReport, rows)


def _month_end(start: datetime.date) -> datetime.date:
    return (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _plan(tree: dict, *, today: datetime.date) -> None:
    """The national plan of the year: a per-unit target over every commune-level union."""
    national = Unit.objects.get(pk=tree["national"]["id"])
    plan = Plan.objects.create(
        owner=national,
        issuer=national,
        number="1-KH/TWĐTN",
        issued_on=today.replace(month=1, day=2),
        title="Kế hoạch hỗ trợ thanh niên khởi nghiệp toàn quốc",
        start_date=today.replace(month=1, day=1),
        end_date=today.replace(month=12, day=31),
    )
    Target.objects.create(
        plan=plan,
        label="Mỗi đơn vị ít nhất 05 ý tưởng",
        indicator_code="competitions.ideas_submitted",
        scope="unit",
        unit_kinds=",".join(REPORTING_KINDS),
        value=5,
    )
    Target.objects.create(
        plan=plan,
        label="Toàn quốc ít nhất 1.000 HTX",
        indicator_code="ventures.youth_cooperatives",
        scope="province",
        value=1000,
    )
