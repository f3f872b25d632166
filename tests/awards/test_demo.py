"""The awards demo: Sơn La's 2021 commendation as it ended, this year's open call, idempotence."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import Membership, Unit
from awards import demo, selectors
from awards.eligibility import failed_checks, nomination_checks
from awards.models import AwardCategory, AwardProgramme, CouncilVote, FieldVerification, Nomination
from common.demo import DemoContext
from common.models import Notification
from ventures import demo as ventures_demo

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
COUNTED = (
    AwardProgramme,
    AwardCategory,
    AwardProgramme.council.through,
    Nomination,
    Nomination.history.model,
    CouncilVote,
    CouncilVote.history.model,
    FieldVerification,
    Membership,
    Notification,
)


def _run(today: datetime.date | None = None) -> DemoContext:
    ctx = DemoContext(stdout=StringIO(), today=today or timezone.localdate())
    accounts_demo.load(ctx)
    ventures_demo.load(ctx)
    demo.load(ctx)
    return ctx


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def loaded() -> DemoContext:
    return _run()


@pytest.fixture
def programme_2021(loaded) -> AwardProgramme:
    return AwardProgramme.objects.get(slug="tuyen-duong-thanh-nien-lam-kinh-te-gioi-2021")


def test_demo_twice_changes_nothing(loaded):
    before = counts()
    stamps = dict(AwardProgramme.objects.values_list("pk", "updated_at"))
    nominations = dict(Nomination.objects.values_list("pk", "updated_at"))

    _run()

    assert counts() == before
    assert dict(AwardProgramme.objects.values_list("pk", "updated_at")) == stamps
    assert dict(Nomination.objects.values_list("pk", "updated_at")) == nominations


def test_demo_2021_programme_keeps_the_plans_timeline(programme_2021):
    programme = programme_2021

    assert (programme.name, programme.year, programme.status) == (
        "Tuyên dương Thanh niên làm kinh tế giỏi tỉnh Sơn La năm 2021",
        2021,
        AwardProgramme.Status.DECIDED,
    )
    assert (programme.nomination_opens_at, programme.nomination_closes_at) == (
        datetime.datetime(2021, 3, 15, tzinfo=HCM),
        datetime.datetime(2021, 8, 31, 23, 59, tzinfo=HCM),
    )
    assert (programme.ceremony_date, programme.ceremony_place) == (
        datetime.date(2021, 10, 15),
        "Hội trường Tỉnh đoàn Sơn La",
    )
    assert (programme.decision_number, programme.decision_date) == ("215-QĐ/TĐTN", datetime.date(2021, 10, 5))
    assert timezone.localtime(programme.council_closed_at).date() == datetime.date(2021, 9, 25)
    assert timezone.localtime(programme.honour_roll_published_at).date() == datetime.date(2021, 10, 15)
    assert list(programme.categories.values_list("name", flat=True)) == [
        "Thanh niên nông thôn làm kinh tế giỏi",
        "Chủ doanh nghiệp, hợp tác xã trẻ",
        "Học sinh, sinh viên khởi nghiệp",
    ]


def test_demo_2021_council_of_five_with_the_demo_member(programme_2021):
    council = list(programme_2021.council.order_by("username"))

    assert len(council) == 5
    assert "hoidong" in {u.username for u in council}
    assert all(
        Membership.objects.filter(user=u, unit__code="tinh-doan-son-la", role=Membership.Role.COUNCIL).exists()
        for u in council
    )
    assert CouncilVote.objects.filter(nomination__programme=programme_2021).count() == 5 * 13


def test_demo_2021_nominations_from_the_units_of_2021_follow_the_rules(programme_2021):
    nominations = Nomination.objects.filter(programme=programme_2021).select_related("unit", "programme", "venture")
    closing_day = datetime.date(2021, 8, 31)

    assert nominations.count() == 13
    assert all(n.unit.is_active_on(closing_day) for n in nominations)
    assert {n.unit.kind for n in nominations} <= {Unit.Kind.DISTRICT, Unit.Kind.SCHOOL}
    assert max(selectors.unit_quota(programme=programme_2021, unit=n.unit)[0] for n in nominations) == 2
    assert all(
        programme_2021.nomination_opens_at <= n.submitted_at <= programme_2021.nomination_closes_at
        for n in nominations
    )
    for nomination in nominations:
        failed = failed_checks(nomination_checks(nomination))
        assert not failed or nomination.eligibility_override_reason, nomination
        assert nomination.venture is None or nomination.venture.owners.filter(pk=nomination.entrepreneur_id).exists()
    assert nominations.exclude(eligibility_override_reason="").count() == 2
    assert FieldVerification.objects.get(nomination__programme=programme_2021).confirmed is True


def test_demo_2021_results_follow_the_vote_share_rule(programme_2021):
    rows = selectors.council_tally(programme=programme_2021)

    assert programme_2021.approval_share == 51  # "more than half", in percent
    assert sum(1 for r in rows if r.approved) == 10
    for row in rows:
        assert row.approved == (row.yes + row.no > 0 and 100 * row.yes >= 51 * (row.yes + row.no))
    codes = [r.verification_code for r in rows if r.approved]
    assert len(set(codes)) == 10
    assert all(r.verification_code == "" for r in rows if not r.approved)
    tie = next(r for r in rows if r.entrepreneur_name == "Điêu Chính Tuyên")
    assert (tie.yes, tie.no, tie.abstain, tie.approved) == (2, 2, 1, False)
    assert selectors.verification_by_code(code=codes[0]).programme == programme_2021
    assert len(list(selectors.honour_roll(programme=programme_2021))) == 10


def test_demo_current_programme_is_open_with_work_for_the_officer_and_the_council(loaded):
    today = loaded.today
    programme = AwardProgramme.objects.get(slug=f"tuyen-duong-thanh-nien-lam-kinh-te-gioi-{today.year}")
    tohieu, hoidong = loaded.user("tohieu"), loaded.user("hoidong")

    assert programme.accepts_nominations_at(timezone.now())
    assert programme.council.filter(pk=hoidong.pk).exists()
    mine = Nomination.objects.filter(programme=programme).visible_to(tohieu)
    assert sorted(mine.values_list("entrepreneur__full_name", "status")) == [
        ("Hoàng Đức Anh", Nomination.Status.SUBMITTED),
        ("Phạm Minh Tuấn", Nomination.Status.DRAFT),
    ]
    draft = mine.get(status=Nomination.Status.DRAFT)
    assert [c.code for c in failed_checks(nomination_checks(draft))] == ["age"]
    assert len(selectors.member_ballot(programme=programme, member=hoidong)) == 2
    assert hoidong.has_perm("awards.view_nomination", mine.get(status=Nomination.Status.SUBMITTED))
