"""Demo data one level up: Lai Châu's finished contest and the Central Union's national round.

Loaded after Sơn La's contests (`competitions.demo.load`), and only when the units exist
(`accounts.demo` makes Tỉnh đoàn Lai Châu and Trung ương Đoàn): otherwise nothing is added.

- Lai Châu's contest ended last year with its results published: four entries from its
  communes and wards reached the final, the first two won prizes. Like Sơn La's 2021 contest,
  its past is written straight to the tables with the times it happened.
- The national round is open (its own submission window is over: units do not submit to it)
  and has taken, through `services.entries_take_winners`, the three best prizes of Sơn La's
  last finished contest and Lai Châu's prize winners (at most three per province); its staff
  screen them next.

Every date follows `ctx.today`; rows are found by slug, title and citizen id, so a second run
adds nothing (the service skips winners already taken).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from accounts.demo import PROVINCE_CODE as SON_LA
from accounts.models import Unit
from common.choices import Gender
from common.demo import DemoContext, citizen_id, ensure_object
from common.history import system_actor
from ventures.models import Entrepreneur

from . import services
from .demo_data import CATEGORIES, NAME, SLUG_BASE, at
from .models import Award, Category, Contest, Entry, PrizeTier, Round, RoundResult, TeamMember

LAI_CHAU = "tinh-doan-lai-chau"
NATIONAL = "trung-uong-doan"
LAI_CHAU_CITIZEN_CODE = "012"  # Lai Châu's code in the citizen id (CCCD)
PER_PROVINCE = 3

# title, category, summary, capital (đồng), lead (name, born, gender), mean score at the final
LAI_CHAU_ENTRIES = [
    (
        "Chè Shan tuyết cổ thụ Sìn Hồ",
        CATEGORIES[1],
        "Chế biến chè Shan tuyết cổ thụ theo tiêu chuẩn hữu cơ, bán qua sàn thương mại điện tử.",
        450_000_000,
        ("Lò Văn Thành", datetime.date(1996, 4, 12), Gender.MALE),
        Decimal("86.50"),
    ),
    (
        "Homestay bản Sin Suối Hồ",
        CATEGORIES[2],
        "Du lịch cộng đồng người Mông: homestay, trải nghiệm dệt lanh và ẩm thực bản địa.",
        600_000_000,
        ("Giàng Thị Mai", datetime.date(1998, 9, 3), Gender.FEMALE),
        Decimal("82.25"),
    ),
    (
        "Sâm Lai Châu giống chuẩn",
        CATEGORIES[0],
        "Vườn ươm sâm Lai Châu giống có truy xuất nguồn gốc cho hợp tác xã vùng cao.",
        900_000_000,
        ("Tẩn Văn Chiến", datetime.date(1994, 1, 20), Gender.MALE),
        Decimal("79.00"),
    ),
    (
        "Gạo Séng Cù Tam Đường",
        CATEGORIES[3],
        "Bán gạo Séng Cù đóng túi hút chân không qua mạng xã hội và chợ phiên.",
        150_000_000,
        ("Lù Thị Hoa", datetime.date(2000, 6, 15), Gender.FEMALE),
        Decimal("74.75"),
    ),
]
LAI_CHAU_PRIZES = [(1, "Giải Nhất", 1, 8_000_000), (2, "Giải Nhì", 1, 5_000_000)]
NATIONAL_PRIZES = [(1, "Giải Nhất", 1, 30_000_000), (2, "Giải Nhì", 2, 20_000_000), (3, "Giải Ba", 3, 10_000_000)]


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _actor(ctx: DemoContext, username: str):
    """The unit's demo staff member, or the system account when that loader made none."""
    return ctx.users.get(username) or system_actor()


def _citizen_id(name: str, born: datetime.date, gender: str) -> str:
    """A 12-digit CCCD of Lai Châu."""
    person = SimpleNamespace(key=name, gender=gender, born=born)
    return citizen_id(person, province=LAI_CHAU_CITIZEN_CODE, salt="cccd-lai-chau")


def _contest(*, slug: str, owner: Unit, values: dict, prizes: list, actor) -> Contest:
    contest, _created = ensure_object(
        Contest, lookup={"slug": slug}, values={"owner": owner, "created_by": actor, **values}
    )
    for order, name in enumerate(CATEGORIES, start=1):
        ensure_object(Category, lookup={"contest": contest, "name": name}, values={"order": order})
    for rank, name, count, amount in prizes:
        ensure_object(
            PrizeTier,
            lookup={"contest": contest, "rank": rank},
            values={"name": name, "count": count, "amount": amount},
        )
    return contest


def _lai_chau_contest(ctx: DemoContext, province: Unit) -> Contest:
    """Last year's contest of Tỉnh đoàn Lai Châu, from call to published prizes."""
    actor = _actor(ctx, "laichau")
    year = ctx.today.year - 1
    final_day = ctx.today - _days(200)
    contest = _contest(
        slug=f"{SLUG_BASE}-lai-chau-{year}",
        owner=province,
        values={
            "name": f"{NAME.format('I')} – Tỉnh đoàn Lai Châu",
            "year": year,
            "status": Contest.Status.FINISHED,
            "submission_opens_at": at(final_day - _days(120)),
            "submission_closes_at": at(final_day - _days(40), 23, 59),
            "min_entries_per_unit": 1,
            "max_entries_per_unit": 5,
            "age_reference_date": final_day - _days(40),
            "results_published_at": at(final_day, 17, 30),
            "results_published_by": actor,
            "signer_name": "Lù Văn Tiến",
            "signer_title": "Bí thư",
            "certificate_symbol": "GCN-KN",
        },
        prizes=LAI_CHAU_PRIZES,
        actor=actor,
    )
    final, _created = ensure_object(
        Round,
        lookup={"contest": contest, "order": 1},
        values={
            "name": "Chung khảo",
            "status": Round.Status.CLOSED,
            "opens_at": at(final_day, 8),
            "closes_at": at(final_day, 16),
            "is_live": True,
            "decided_at": at(final_day, 16, 30),
            "decided_by": actor,
        },
    )
    units = list(Unit.objects.filter(path__startswith=province.path).exclude(pk=province.pk).order_by("path")[:4])
    units = units or [province]
    categories = {c.name: c for c in contest.categories.all()}
    tiers = {t.rank: t for t in contest.prize_tiers.all()}
    for number, (title, category, summary, capital, lead, mean) in enumerate(LAI_CHAU_ENTRIES, start=1):
        unit = units[(number - 1) % len(units)]
        name, born, gender = lead
        person, _created = ensure_object(
            Entrepreneur,
            lookup={"citizen_id": _citizen_id(name, born, gender)},
            values={"full_name": name, "date_of_birth": born, "gender": gender, "unit": unit},
        )
        entry, created = ensure_object(
            Entry,
            lookup={"contest": contest, "title": title},
            values={
                "unit": unit,
                "category": categories[category],
                "code": f"{year}-{number:03d}",
                "summary": summary,
                "capital_needed": capital,
                "status": Entry.Status.FINISHED,
                "round": final,
                "submitted_at": at(final_day - _days(50 - number), 9),
                "screened_by": actor,
                "screened_at": at(final_day - _days(30), 10),
                "created_by": actor,
            },
        )
        if created:
            TeamMember.objects.create(entry=entry, entrepreneur=person, role=TeamMember.Role.LEAD)
        ensure_object(
            RoundResult,
            lookup={"round": final, "entry": entry},
            values={"rank": number, "mean": mean, "median": mean, "outcome": RoundResult.Outcome.FINALIST},
        )
        if number in tiers:
            ensure_object(
                Award,
                lookup={"entry": entry},
                values={"tier": tiers[number], "awarded_by": actor, "awarded_on": final_day},
            )
    services.prize_certificates_issue(contest=contest, actor=actor)
    return contest


def _national_round(ctx: DemoContext, national: Unit) -> Contest:
    """This year's national round: open, its rounds ahead, taking the provinces' winners."""
    actor = _actor(ctx, "trunguong")
    year = ctx.today.year
    contest = _contest(
        slug=f"{SLUG_BASE}-toan-quoc-{year}",
        owner=national,
        values={
            "name": f"Cuộc thi Dự án, ý tưởng khởi nghiệp thanh niên toàn quốc năm {year}",
            "year": year,
            "status": Contest.Status.OPEN,
            # Units do not submit here: the round takes the provinces' winners.
            "submission_opens_at": at(ctx.today - _days(40)),
            "submission_closes_at": at(ctx.today - _days(10), 23, 59),
            "min_entries_per_unit": 0,
            "max_entries_per_unit": PER_PROVINCE,
            "max_age": 40,
            "age_reference_date": ctx.today - _days(10),
            "results_published_at": None,
            "signer_name": "Hoàng Minh Đức",
            "signer_title": "Bí thư",
            "certificate_symbol": "GCN-TWĐTN",
        },
        prizes=NATIONAL_PRIZES,
        actor=actor,
    )
    ensure_object(
        Round,
        lookup={"contest": contest, "order": 1},
        values={
            "name": "Chung kết toàn quốc",
            "status": Round.Status.PENDING,
            "opens_at": at(ctx.today + _days(20), 8),
            "closes_at": at(ctx.today + _days(21), 17),
            "is_live": True,
        },
    )
    return contest


def _best_winners(contest: Contest | None) -> list[Entry]:
    if contest is None:
        return []
    winners = Entry.objects.filter(contest=contest, award__isnull=False).select_related("contest__owner")
    return list(winners.order_by("award__tier__rank", "code")[:PER_PROVINCE])


def load(ctx: DemoContext) -> None:
    """Lai Châu's finished contest and the national round, when their units exist."""
    lai_chau = Unit.objects.filter(code=LAI_CHAU).first()
    if lai_chau is None:
        return
    lower = _lai_chau_contest(ctx, lai_chau)
    national = Unit.objects.filter(code=NATIONAL).first()
    if national is None:
        ctx.log(f"  cuộc thi {lower.name}: đã công bố kết quả")
        return
    son_la_last = (
        Contest.objects.filter(owner__code=SON_LA, status=Contest.Status.FINISHED, results_published_at__isnull=False)
        .order_by("-year", "-results_published_at")
        .first()
    )
    contest = _national_round(ctx, national)
    # Only provinces already under the national unit send their winners up.
    winners = [e for e in [*_best_winners(son_la_last), *_best_winners(lower)] if e.contest.owner.is_within(national)]
    taken = services.entries_take_winners(
        contest=contest, entries=winners, actor=_actor(ctx, "trunguong"), now=at(ctx.today - _days(5), 9)
    )
    ctx.log(f"  cuộc thi {contest.name}: {contest.entries.count()} bài từ các tỉnh ({len(taken)} bài mới)")
