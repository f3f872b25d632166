"""The large province of the load benchmark, built fast with bulk_create.

At scale 1 (BENCH_SCALE): 200 units under a province, 20,000 entrepreneurs with a
venture each, a contest with 3,000 entries and a scoring round of 15,000 scorecards
over 60 judges (a fifth of them still to score), 10,000 loan referrals and 2,000 unit
reports, and the users who drive the load: staff, one officer per unit and the judges,
all with the password PASSWORD.

The contest comes from `tests/bench/contest.py`'s `build` and the registry from
`tests/bench/registry.py`'s `grow`; this module only sizes them and adds what the load
needs. Import it after DATABASE_URL is set (it sets Django up through the harness).
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parents[1]
if str(BENCH_DIR) not in sys.path:
    sys.path.insert(0, str(BENCH_DIR))

import contest as contest_bench  # noqa: E402  (sets Django up through the harness)
import registry as registry_bench  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from harness import analyze  # noqa: E402

from accounts.models import Membership, Unit, User  # noqa: E402
from accounts.services import membership_grant  # noqa: E402
from competitions.models import Assignment, Contest, Entry, Judge, Score  # noqa: E402
from ventures.models import Entrepreneur, Venture  # noqa: E402

PASSWORD = "bench-Passw0rd!"  # noqa: S105  (throw-away database)
VERSION = 1  # bump when the data built here changes, so an old seeded database is rebuilt
DRAFT_TITLE = "Bài nháp tải thử"  # drafts the officers create under load; removed before a rerun
STAFF_USERS = 4


def sizes(scale: float) -> dict[str, int]:
    def sized(full: int, least: int) -> int:
        return max(least, round(full * scale))

    return {
        "units": sized(200, 5),
        "entrepreneurs": sized(20_000, 250),
        "entries": sized(3_000, 50),
        "judges": sized(60, 6),
        "referrals": sized(10_000, 100),
        "reports": sized(2_000, 50),
    }


def seed(scale: float) -> dict:
    """Build everything; returns what the load plan needs."""
    size = sizes(scale)
    started = time.perf_counter()
    with transaction.atomic():
        contest_bench.UNITS = size["units"]
        contest_bench.JUDGES = size["judges"]
        contest_bench.ENTRIES = size["entries"]
        data = contest_bench.build()
        province = Unit.objects.get(code="bench-tinh")
        units = list(Unit.objects.filter(parent=province, code__startswith="bench-xa-").order_by("pk"))
        _open_for_load(data)
        _registry(units, size["entrepreneurs"])
        users = _users(province, units)
    print(
        f"  contest and registry: {len(units)} units, {Entrepreneur.objects.count()} entrepreneurs, "
        f"{Venture.objects.count()} ventures, {Entry.objects.count()} entries, "
        f"{Assignment.objects.count()} scorecards ({Score.objects.count()} scores) "
        f"in {time.perf_counter() - started:.0f} s"
    )
    for label, builder in OPTIONAL_BUILDERS:
        optional(label, builder, units=units, size=size, staff=data["staff"])
    analyze()
    return {"contest_pk": data["contest"].pk, "round_pk": data["scoring"].pk, **users}


def _open_for_load(data: dict) -> None:
    """Units may still send drafts, and a fifth of each judge's scorecards are still to do."""
    now = timezone.now()
    Contest.objects.filter(pk=data["contest"].pk).update(submission_closes_at=now + datetime.timedelta(days=30))
    pending = []
    for n, pk in enumerate(
        Assignment.objects.filter(round=data["scoring"]).order_by("judge_id", "pk").values_list("pk", flat=True)
    ):
        if n % 5 == 0:
            pending.append(pk)
    for start in range(0, len(pending), 2000):
        chunk = pending[start : start + 2000]
        Score.objects.filter(assignment_id__in=chunk).delete()
        Assignment.objects.filter(pk__in=chunk).update(status=Assignment.Status.PENDING, total=None, submitted_at=None)


def _registry(units: list[Unit], total: int) -> None:
    """`registry.grow` unit by unit: the same people and ventures, spread over the units."""
    for n, unit in enumerate(units, start=1):
        registry_bench.grow(unit, total * n // len(units))


def _users(province: Unit, units: list[Unit]) -> dict:
    """Staff, one officer per unit, and the contest's judges, all with PASSWORD."""
    for n in range(1, STAFF_USERS):
        staff = User.objects.create(username=f"bench-staff-{n}", is_staff=True)
        membership_grant(user=staff, unit=province, role=Membership.Role.STAFF)
    officers = User.objects.bulk_create([User(username=f"bench-officer-{n}") for n in range(1, len(units))])
    Membership.objects.bulk_create(
        [
            Membership(user=user, unit=unit, role=Membership.Role.OFFICER)
            for user, unit in zip(officers, units[1:], strict=True)
        ]
    )
    judges = list(User.objects.filter(judgeships__isnull=False).order_by("pk"))
    Membership.objects.bulk_create(
        [Membership(user=user, unit=province, role=Membership.Role.JUDGE) for user in judges],
        ignore_conflicts=True,
    )
    User.objects.filter(username__startswith="bench-").update(password=make_password(PASSWORD))
    return {
        "password": PASSWORD,
        "staff": ["bench-staff", *(f"bench-staff-{n}" for n in range(1, STAFF_USERS))],
        "officers": ["bench-officer", *(u.username for u in officers)],
        "judges": [u.username for u in judges],
    }


def drafts_remove() -> int:
    """The draft entries a previous run's officers created, so reruns start alike."""
    deleted, _by_model = Entry.objects.filter(title__startswith=DRAFT_TITLE, status=Entry.Status.DRAFT).delete()
    return deleted


def plan_users() -> dict:
    """The users and ids of an already seeded database."""
    contest = Contest.objects.get(slug="bench")
    return {
        "contest_pk": contest.pk,
        "round_pk": contest.rounds.get(order=1).pk,
        "password": PASSWORD,
        "staff": list(
            User.objects.filter(username__startswith="bench-staff").order_by("pk").values_list("username", flat=True)
        ),
        "officers": list(
            User.objects.filter(username__startswith="bench-officer").order_by("pk").values_list("username", flat=True)
        ),
        "judges": list(
            Judge.objects.filter(contest=contest).order_by("user_id").values_list("user__username", flat=True)
        ),
    }


# --- builders of the apps that may not be there yet ------------------------------------


def optional(label: str, builder: Callable[..., int], **kwargs) -> None:
    """Run one app's builder in a savepoint; a missing or changed app is a note, not a failure."""
    started = time.perf_counter()
    try:
        with transaction.atomic():
            count = builder(**kwargs)
    except Exception as error:  # noqa: BLE001  (the app is being built by others: report and go on)
        print(f"  {label}: skipped ({type(error).__name__}: {error})")
        return
    print(f"  {label}: {count} in {time.perf_counter() - started:.0f} s")


def _loan_referrals(*, units: list[Unit], size: dict, staff: User) -> int:
    from loans.models import LoanProgramme, Referral

    programme = LoanProgramme.objects.create(
        owner=units[0].parent,  # the province's credit line, referred to by its communes
        name="Cho vay hỗ trợ tạo việc làm (benchmark)",
        code="bench-gqvl",
        lender=LoanProgramme.Lender.POLICY_BANK,
        lender_name="Ngân hàng Chính sách xã hội",
        max_per_borrower=100_000_000,
        max_term_months=120,
        interest_rate="0.550",
    )
    people = list(Entrepreneur.objects.order_by("pk").values_list("pk", "unit_id"))
    statuses = [
        Referral.Status.SUBMITTED,
        Referral.Status.GROUP_VETTED,
        Referral.Status.UNION_APPRAISED,
        Referral.Status.SENT_TO_BANK,
        Referral.Status.REJECTED,
    ]
    rng = random.Random(10)
    today = timezone.localdate()
    referrals = []
    for n in range(size["referrals"]):
        person_pk, unit_pk = people[n % len(people)]
        submitted = today - datetime.timedelta(days=rng.randint(5, 400))
        referrals.append(
            Referral(
                unit_id=unit_pk,
                entrepreneur_id=person_pk,
                programme=programme,
                amount=rng.randint(10, 100) * 1_000_000,
                term_months=rng.choice([12, 24, 36, 60]),
                purpose="Mở rộng chăn nuôi, mua giống và thức ăn.",
                jobs_created=rng.randint(0, 5),
                status=statuses[n % len(statuses)],
                submitted_on=submitted,
                status_on=submitted + datetime.timedelta(days=rng.randint(0, 4)),
                created_by=staff,
            )
        )
    Referral.objects.bulk_create(referrals, batch_size=2000)
    return len(referrals)


def _unit_reports(*, units: list[Unit], size: dict, staff: User) -> int:
    from reports.models import ReportingPeriod, ReportingSchedule, UnitReport

    months = max(1, size["reports"] // len(units))
    today = timezone.localdate()
    schedule = ReportingSchedule.objects.create(
        owner=units[0].parent,  # the province's monthly report, owed by its communes
        name="Báo cáo tháng (benchmark)",
        frequency=ReportingSchedule.Frequency.MONTHLY,
        due_day=5,
        due_month_offset=1,
        unit_kinds=[Unit.Kind.COMMUNE],
        active_from=datetime.date(today.year - 2, 1, 1),
        created_by=staff,
    )
    periods = []
    first = today.replace(day=1)
    for back in range(months, 0, -1):
        year, month = divmod(first.year * 12 + first.month - 1 - back, 12)
        start = datetime.date(year, month + 1, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        periods.append(
            ReportingPeriod(
                schedule=schedule,
                start=start,
                end=end,
                due=end + datetime.timedelta(days=5),
                label=f"Tháng {start.month:02d}/{start.year}",
            )
        )
    periods = ReportingPeriod.objects.bulk_create(periods)
    now = timezone.now()
    reports = []
    for period in periods:
        for n, unit in enumerate(units):
            status = [UnitReport.Status.ACCEPTED, UnitReport.Status.SUBMITTED, UnitReport.Status.DRAFT][n % 3]
            reports.append(
                UnitReport(
                    period=period,
                    unit=unit,
                    status=status,
                    notes="Đơn vị báo cáo đúng hạn.",
                    submitted_at=None if status == UnitReport.Status.DRAFT else now,
                    created_by=staff,
                )
            )
    UnitReport.objects.bulk_create(reports, batch_size=2000)
    return len(reports)


OPTIONAL_BUILDERS = [
    ("loan referrals (loans.Referral)", _loan_referrals),
    ("unit reports (reports.UnitReport)", _unit_reports),
]
