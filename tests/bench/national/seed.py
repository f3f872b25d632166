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

from django.db import transaction
from django.utils import timezone

from accounts.models import Membership, Unit, User
from accounts.official_units import REFORM_DAY, official_provinces
from competitions.models import Assignment, Entry, Judge, Score
from loans.models import LoanProgramme, Referral
from reports.models import Plan, ReportingPeriod, ReportingSchedule, Target, UnitReport
from ventures.models import Entrepreneur, Venture

from .bulk import Ids, put, sequences_reset
from .contests import NATIONAL_PER_PROVINCE, PER_ENTRY, contests_build

VERSION = 2  # bump when the data built here changes, so an old seeded database is rebuilt
NATIONAL_CODE = "trung-uong-doan"
NATIONAL_STAFF = "nb-national-staff"
MONTHS = 12
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
    contests_build(ids, tree, size, now=now)
    _referrals(ids, tree, size, today=today)
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
    # Two wards of a province may share a short code name (Sơn Hà, Sơn Hạ): the second gets
    # its official code appended, as `official_units_load` does.
    seen: set[str] = set()

    def ward_code(n: int, ward) -> str:
        code = chosen[n].ward_code(ward)
        code = f"{code}-{ward.code}" if code in seen else code
        seen.add(code)
        return code

    communes = [
        _unit(
            ids,
            rows,
            name=ward.union_name,
            code=ward_code(n, ward),
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


# --- loans, reports, the plan --------------------------------------------------------


def _referrals(ids: Ids, tree: dict, size: dict, *, today: datetime.date) -> None:
    programme = LoanProgramme.objects.create(
        owner_id=tree["national"]["id"],  # the Central Union's "120" line: every province refers to it
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
    # Read before the COPY starts: the connection runs no other query while it copies.
    people = list(Entrepreneur.objects.order_by("pk").values_list("pk", "unit_id")[: size["referrals"]])
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
            for n, (person, unit) in enumerate(people)
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
