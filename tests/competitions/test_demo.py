"""The contest's demo data: Sơn La's 2021 contest as it ended, this year's open edition, idempotence.

Every test reads the shared demo (`demo`, loaded once per run); the idempotence test runs the
command once more on it."""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, Unit
from common.models import Notification
from competitions import selectors
from competitions.models import (
    Assignment,
    Award,
    Category,
    Conflict,
    Contest,
    Criterion,
    Entry,
    EntryAttachment,
    Judge,
    MentorFeedback,
    PrizeTier,
    Round,
    RoundDecisionException,
    RoundResult,
    Score,
    TeamMember,
    UnitExtension,
)

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
COUNTED = (
    Contest,
    Category,
    PrizeTier,
    Round,
    Criterion,
    Entry,
    TeamMember,
    EntryAttachment,
    UnitExtension,
    Judge,
    Conflict,
    Assignment,
    Score,
    MentorFeedback,
    RoundResult,
    Award,
    Notification,
    Entry.history.model,
    Assignment.history.model,
    Score.history.model,
)


@pytest.fixture(autouse=True)
def _no_password_from_environment(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def contest_2021(demo):
    return Contest.objects.get(slug="y-tuong-khoi-nghiep-2021")


def test_demo_twice_changes_nothing(demo):
    before = counts()
    stamps = dict(Entry.objects.values_list("pk", "updated_at"))

    output = StringIO()
    call_command("load_demo", stdout=output)

    assert counts() == before
    assert dict(Entry.objects.values_list("pk", "updated_at")) == stamps
    assert "Không có bản ghi mới nào" in output.getvalue()


def test_demo_2021_contest_keeps_the_real_timeline(contest_2021):
    contest = contest_2021

    assert (contest.name, contest.year, contest.status) == (
        "Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV",
        2021,
        Contest.Status.FINISHED,
    )
    assert contest.submission_opens_at == datetime.datetime(2021, 3, 15, tzinfo=HCM)
    assert contest.submission_closes_at == datetime.datetime(2021, 8, 30, 23, 59, tzinfo=HCM)
    assert (contest.min_entries_per_unit, contest.max_team_size, contest.min_age, contest.max_age) == (5, 3, 18, 35)
    rounds = list(contest.rounds.order_by("order"))
    assert [(r.name, r.kind, r.is_live, r.status) for r in rounds] == [
        ("Vòng sơ tuyển", Round.Kind.SCORING, False, Round.Status.CLOSED),
        ("Tư vấn, hoàn thiện dự án", Round.Kind.COACHING, False, Round.Status.CLOSED),
        ("Vòng Chung kết cấp tỉnh", Round.Kind.SCORING, True, Round.Status.CLOSED),
    ]
    assert [(timezone.localtime(r.opens_at).date(), timezone.localtime(r.closes_at).date()) for r in rounds] == [
        (datetime.date(2021, 9, 5), datetime.date(2021, 9, 10)),
        (datetime.date(2021, 9, 11), datetime.date(2021, 9, 15)),
        (datetime.date(2021, 9, 17), datetime.date(2021, 9, 17)),
    ]
    assert (rounds[0].judges_per_entry, rounds[0].advance_count) == (3, 10)
    preliminary = rounds[0].criteria.order_by("order")
    assert [(c.name, c.max_points) for c in preliminary] == [
        ("Tính mới, sáng tạo", Decimal("20")),
        ("Tính khả thi", Decimal("25")),
        ("Hiệu quả kinh tế – xã hội", Decimal("25")),
        ("Khả năng phát triển, nhân rộng", Decimal("20")),
        ("Năng lực nhóm", Decimal("10")),
    ]
    assert sum(c.max_points for c in rounds[2].criteria.all()) == Decimal("100")
    assert rounds[2].criteria.filter(name="Thuyết trình, phản biện").exists()
    assert list(contest.categories.values_list("name", flat=True)) == [
        "Nông nghiệp công nghệ cao",
        "Chế biến nông sản",
        "Du lịch cộng đồng",
        "Thương mại điện tử, chuyển đổi số",
        "Dịch vụ, sản phẩm khác",
    ]
    assert list(contest.prize_tiers.values_list("name", "count", "amount")) == [
        ("Giải Nhất", 1, 10_000_000),
        ("Giải Nhì", 2, 7_000_000),
        ("Giải Ba", 3, 5_000_000),
        ("Giải Khuyến khích", 5, 2_000_000),
    ]


def test_demo_2021_entries_come_from_the_units_of_2021_with_teams_of_age(contest_2021):
    entries = Entry.objects.filter(contest=contest_2021).select_related("unit")
    on_closing_day = datetime.date(2021, 8, 30)

    assert 24 <= entries.count() <= 30
    assert all(e.unit.is_active_on(on_closing_day) for e in entries)
    assert {e.unit.kind for e in entries} <= {Unit.Kind.DISTRICT, Unit.Kind.SCHOOL}
    assert all(not e.unit.is_active for e in entries if e.unit.kind == Unit.Kind.DISTRICT)
    assert sorted(entries.values_list("code", flat=True)) == [f"2021-{n:03d}" for n in range(1, entries.count() + 1)]
    for member in TeamMember.objects.filter(entry__contest=contest_2021).select_related("entrepreneur"):
        assert 18 <= member.entrepreneur.age_on(on_closing_day) <= 35, member
    assert all(e.team.filter(role=TeamMember.Role.LEAD).count() == 1 for e in entries)
    rejected = entries.get(status=Entry.Status.REJECTED)
    assert rejected.rejection_reason
    late = UnitExtension.objects.get(contest=contest_2021)
    assert entries.filter(unit=late.unit, submitted_at__gt=contest_2021.submission_closes_at).exists()


def test_demo_2021_judging_is_balanced_and_free_of_conflicts(contest_2021):
    preliminary, final = contest_2021.rounds.get(order=1), contest_2021.rounds.get(order=3)
    judges = Judge.objects.filter(contest=contest_2021).select_related("user")
    paths = selectors.judge_paths_for_contest(contest_id=contest_2021.pk)

    assert judges.count() == 6
    assert "giamkhao" in {j.user.username for j in judges}
    assert all(
        Membership.objects.filter(user=j.user, role=Membership.Role.JUDGE, unit__code="tinh-doan-son-la").exists()
        for j in judges
    )
    assert judges.filter(affiliation__code="dai-hoc-tay-bac").count() == 2
    for assignment in Assignment.objects.filter(round__contest=contest_2021).select_related("entry__unit"):
        unit_path = assignment.entry.unit.path
        assert not any(unit_path.startswith(p) or p.startswith(unit_path) for p in paths[assignment.judge_id])
        assert assignment.status == Assignment.Status.SUBMITTED
    per_entry = Counter(Assignment.objects.filter(round=preliminary).values_list("entry", flat=True))
    assert set(per_entry.values()) == {3}
    loads = Counter(Assignment.objects.filter(round=preliminary).values_list("judge", flat=True))
    assert max(loads.values()) - min(loads.values()) <= 1
    assert set(Counter(Assignment.objects.filter(round=final).values_list("entry", flat=True)).values()) == {4}
    for assignment in Assignment.objects.filter(round__contest=contest_2021).prefetch_related("scores"):
        scores = list(assignment.scores.all())
        assert assignment.total == sum(s.points for s in scores)
        assert all(Decimal(0) <= s.points <= s.criterion_max for s in scores)


def test_demo_2021_results_ten_advanced_and_prizes_by_final_rank(contest_2021):
    preliminary, coaching, final = (contest_2021.rounds.get(order=n) for n in (1, 2, 3))
    outcomes = Counter(preliminary.results.values_list("outcome", flat=True))

    assert outcomes == {RoundResult.Outcome.ADVANCED: 10, RoundResult.Outcome.ELIMINATED: 15}
    assert [r.rank for r in preliminary.results.order_by("rank")] == list(range(1, 26))
    ranking = selectors.round_ranking(round=preliminary)
    assert [(row.entry_id, row.mean) for row in ranking] == list(
        preliminary.results.order_by("rank").values_list("entry", "mean")
    )
    assert set(final.results.values_list("outcome", flat=True)) == {RoundResult.Outcome.FINALIST}
    assert final.results.count() == 10
    assert Entry.objects.filter(contest=contest_2021, status=Entry.Status.FINISHED).count() == 10
    assert Entry.objects.filter(contest=contest_2021, status=Entry.Status.ELIMINATED).count() == 15
    assert coaching.mentors.count() == 2
    assert MentorFeedback.objects.filter(round=coaching).count() == 10
    by_rank = list(final.results.order_by("rank").values_list("entry", flat=True))
    prize_of = dict(Award.objects.filter(entry__contest=contest_2021).values_list("entry", "tier__name"))
    assert [prize_of.get(entry) for entry in by_rank] == [
        "Giải Nhất",
        "Giải Nhì",
        "Giải Nhì",
        "Giải Ba",
        "Giải Ba",
        "Giải Ba",
        "Giải Khuyến khích",
        "Giải Khuyến khích",
        "Giải Khuyến khích",
        "Giải Khuyến khích",
    ]
    assert len(prize_of) == 10
    assert set(Entry.objects.filter(contest=contest_2021, capital_support=True).values_list("pk", flat=True)) == set(
        by_rank[:6]
    )
    latest = Entry.objects.get(pk=by_rank[0]).history.latest("history_date")
    assert (latest.status, timezone.localtime(latest.history_date).date()) == (
        Entry.Status.FINISHED,
        datetime.date(2021, 9, 17),
    )


def test_demo_2021_was_decided_on_complete_scorecards_and_published_with_its_prizes(contest_2021):
    preliminary, final = (contest_2021.rounds.get(order=n) for n in (1, 3))

    assert selectors.round_missing_scorecards(round=preliminary) == []
    assert selectors.round_missing_scorecards(round=final) == []
    assert not RoundDecisionException.objects.exists()
    assert selectors.contest_publish_blockers(contest=contest_2021) == []
    assert contest_2021.results_published_by.username == "tinhdoan"
    assert final.state_at(timezone.now()).reason == "Đã chốt kết quả lúc 17:30 17/09/2021"


def test_demo_current_contest_cannot_be_published_before_its_final(demo):
    current = Contest.objects.filter(owner__code="tinh-doan-son-la").exclude(slug="y-tuong-khoi-nghiep-2021").get()

    assert selectors.contest_publish_blockers(contest=current) == [
        f"Vòng cuối ({current.rounds.get(order=3).name}) chưa chốt kết quả.",
        "Chưa trao giải nào; hãy trao giải hoặc ghi nhận cuộc thi không trao giải.",
    ]
    assert current.rounds.get(order=1).state_at(timezone.now()).reason.startswith("Chưa mở – dự kiến mở từ ")


def test_demo_current_contest_is_open_now_with_quota_progress(demo):
    current = Contest.objects.filter(owner__code="tinh-doan-son-la").exclude(slug="y-tuong-khoi-nghiep-2021").get()
    to_hieu = Unit.objects.get(code="to-hieu")
    judge = Judge.objects.get(contest=current, user__username="giamkhao")

    assert current.status == Contest.Status.OPEN
    assert current.accepts_submissions_at(timezone.now())
    assert current.rounds.filter(opens_at__lte=current.submission_closes_at).count() == 0
    assert current.categories.count() == 5
    assert current.rounds.get(order=1).criteria.count() == 5
    assert selectors.quota_by_unit(contest=current, units=[to_hieu])[to_hieu.pk] == 2
    assert Entry.objects.filter(contest=current, unit=to_hieu, status=Entry.Status.DRAFT).count() == 1
    assert list(Entry.objects.filter(contest=current).submitted().order_by("code").values_list("code", flat=True)) == [
        f"{current.year}-{n:03d}" for n in range(1, 6)
    ]
    assert judge.assignments.count() == 0
    assert not Notification.objects.filter(recipient=judge.user, key__startswith="competitions.").exists()
