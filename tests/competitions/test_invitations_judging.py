"""An invited judge before work: the confidentiality pledge gates the contest, the declaration
of conflicts gates scoring, and declared conflicts (unit, person, entry) feed the assignment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from competitions import services
from competitions.models import Assignment, Conflict, Entry
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    RoundFactory,
)
from tests.factories import UnitFactory, UserFactory
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest(province):
    return ContestFactory(owner=province, name="Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026")


@pytest.fixture
def preliminary(contest):
    round_ = RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển", judges_per_entry=1, is_blind=False)
    CriterionFactory(round=round_, name="Tính sáng tạo", max_points=Decimal("20"))
    return round_


@pytest.fixture
def newcomer(contest):
    """A judge just invited: no pledge, no declaration yet."""
    return JudgeFactory(
        contest=contest,
        user=UserFactory(username="lan", full_name="Nguyễn Thị Lan"),
        pledged_at=None,
        conflicts_declared_at=None,
    )


@pytest.fixture
def newcomer_client(client, newcomer):
    client.force_login(newcomer.user)
    return client


def entry_in(round_, unit, code, **kwargs):
    return EntryFactory(
        contest=round_.contest, unit=unit, status=Entry.Status.IN_COMPETITION, round=round_, code=code, **kwargs
    )


def url(name, contest):
    return reverse(f"competitions:{name}", kwargs={"contest_pk": contest.pk})


# --- the pledge ---------------------------------------------------------------------------------


def test_nothing_of_the_contest_is_reachable_before_the_pledge(newcomer_client, newcomer, preliminary, commune):
    assignment = AssignmentFactory(round=preliminary, judge=newcomer, entry=entry_in(preliminary, commune, "2026-001"))
    pledge = url("judge-pledge", newcomer.contest)

    pages = [
        url("judge-contest", newcomer.contest),
        url("judge-conflicts", newcomer.contest),
        reverse("competitions:judge-round", kwargs={"round_pk": preliminary.pk}),
        reverse("competitions:judge-scorecard", kwargs={"pk": assignment.pk}),
    ]
    for page in pages:
        assertRedirects(newcomer_client.get(page), pledge, fetch_redirect_response=False)
    abstain = newcomer_client.post(
        reverse("competitions:judge-abstain", kwargs={"pk": assignment.pk}), {"reason": "Người nhà"}
    )
    assertRedirects(abstain, pledge, fetch_redirect_response=False)
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.PENDING
    page = newcomer_client.get(pledge)
    assertContains(page, "Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026 do Tỉnh đoàn Sơn La tổ chức")
    assertNotContains(page, "2026-001")


def test_accepting_the_pledge_records_who_when_and_the_text(newcomer_client, newcomer):
    refused = newcomer_client.post(url("judge-pledge", newcomer.contest), {})
    assertContains(refused, "Hãy đánh dấu ô cam kết để tiếp tục.")

    response = newcomer_client.post(url("judge-pledge", newcomer.contest), {"agree": "on"})

    assertRedirects(response, url("judge-conflicts", newcomer.contest), fetch_redirect_response=False)
    newcomer.refresh_from_db()
    assert newcomer.pledged_at is not None
    assert "Hội đồng giám khảo Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026" in newcomer.pledge_text
    assert newcomer.history.latest().history_user == newcomer.user


# --- the declaration before scoring ---------------------------------------------------------------


def test_scoring_is_refused_until_the_declaration_is_done(newcomer_client, newcomer, preliminary, commune):
    assignment = AssignmentFactory(round=preliminary, judge=newcomer, entry=entry_in(preliminary, commune, "2026-001"))
    services.judge_pledge_accept(judge=newcomer, actor=newcomer.user)
    scorecard = reverse("competitions:judge-scorecard", kwargs={"pk": assignment.pk})

    declare = url("judge-conflicts", newcomer.contest)
    assertRedirects(newcomer_client.get(scorecard), declare, fetch_redirect_response=False)
    assignment.judge.refresh_from_db()
    with pytest.raises(ValidationError, match="Tôi không có xung đột"):
        services.scorecard_save(
            assignment=assignment, scores={}, version=assignment.version, submit=False, actor=newcomer.user
        )

    response = newcomer_client.post(url("judge-conflicts-none", newcomer.contest))

    assertRedirects(response, url("judge-contest", newcomer.contest), fetch_redirect_response=False)
    assertContains(newcomer_client.get(scorecard), "Tính sáng tạo")


def test_the_judge_sees_the_rounds_they_judge_and_their_load(client, contest, preliminary, commune, other_commune):
    judge = JudgeFactory(contest=contest)
    coaching = RoundFactory(contest=contest, order=2, name="Tư vấn", kind="coaching")
    final = RoundFactory(contest=contest, order=3, name="Vòng chung kết")
    other = RoundFactory(contest=contest, order=4, name="Vòng phụ")
    judge.rounds.set([preliminary, final])
    done = AssignmentFactory(round=preliminary, judge=judge, entry=entry_in(preliminary, commune, "2026-001"))
    Assignment.objects.filter(pk=done.pk).update(status=Assignment.Status.SUBMITTED, total=Decimal(15))
    AssignmentFactory(round=preliminary, judge=judge, entry=entry_in(preliminary, other_commune, "2026-002"))
    AssignmentFactory(round=preliminary, judge=judge, entry=entry_in(preliminary, other_commune, "2026-003"))
    client.force_login(judge.user)

    page = client.get(url("judge-contest", contest))

    rows = [(r.name, r.total, r.done, r.remaining) for r in page.context["rounds"]]
    assert rows == [("Vòng sơ tuyển", 3, 1, 2), ("Vòng chung kết", 0, 0, 0)]
    assertNotContains(page, coaching.name)
    assertNotContains(page, other.name)


# --- conflicts feed the assignment ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["unit", "person", "entry"])
def test_a_declared_conflict_keeps_the_judge_off_those_entries(
    kind, staff_user, contest, preliminary, commune, branch
):
    lead = EntrepreneurFactory(unit=branch, full_name="Lò Văn Khởi", date_of_birth=datetime.date(1999, 4, 2))
    covered = entry_in(preliminary, branch, "2026-001", lead=lead)
    other = entry_in(preliminary, UnitFactory(name="Đoàn xã Chiềng Sinh"), "2026-002")
    preliminary.judges_per_entry = 2
    preliminary.save()
    cousin = JudgeFactory(contest=contest, conflicts_declared_at=None)
    stranger = JudgeFactory(contest=contest)
    target = {"unit": {"unit": commune}, "person": {"entrepreneur": lead}, "entry": {"entry": covered}}[kind]

    services.judge_conflict_declare(judge=cousin, reason="Anh họ của trưởng nhóm", actor=cousin.user, **target)
    report = services.judges_assign_automatically(round=preliminary, actor=staff_user)

    given = set(Assignment.objects.filter(round=preliminary).values_list("judge_id", "entry_id"))
    assert given == {(stranger.pk, covered.pk), (cousin.pk, other.pk), (stranger.pk, other.pk)}
    assert report.unfilled == [covered]
    cousin.refresh_from_db()
    assert cousin.conflicts_declared_at is not None  # declaring one counts as the declaration step
    with pytest.raises(ValidationError, match="đã khai báo xung đột lợi ích với bài này"):
        services.assignment_create(round=preliminary, judge=cousin, entry=covered, actor=staff_user)


def test_judges_who_have_not_declared_get_no_work(staff_user, contest, preliminary, commune):
    entry_in(preliminary, commune, "2026-001")
    JudgeFactory(contest=contest, conflicts_declared_at=None)

    with pytest.raises(ValidationError, match="Chưa giám khảo nào của vòng này chấp nhận cam kết"):
        services.judges_assign_automatically(round=preliminary, actor=staff_user)

    assert not Assignment.objects.exists()


def test_a_judge_named_for_other_rounds_gets_no_entry_here(staff_user, contest, preliminary, commune):
    final = RoundFactory(contest=contest, order=3, name="Vòng chung kết")
    finalist_judge = JudgeFactory(contest=contest)
    finalist_judge.rounds.set([final])
    everyone = JudgeFactory(contest=contest)
    entry_in(preliminary, commune, "2026-001")

    services.judges_assign_automatically(round=preliminary, actor=staff_user)

    assert list(Assignment.objects.values_list("judge_id", flat=True)) == [everyone.pk]


def test_a_conflict_on_an_entry_given_but_not_started_takes_it_off_the_list(contest, preliminary, commune):
    judge = JudgeFactory(contest=contest)
    assignment = AssignmentFactory(round=preliminary, judge=judge, entry=entry_in(preliminary, commune, "2026-001"))

    services.judge_conflict_declare(judge=judge, unit=commune, reason="Vợ tôi là Bí thư xã", actor=judge.user)

    assignment.refresh_from_db()
    assert (assignment.status, assignment.abstain_reason) == (
        Assignment.Status.ABSTAINED,
        "Xung đột lợi ích: Vợ tôi là Bí thư xã",
    )
    assert assignment.history.latest().history_user == judge.user


@pytest.mark.parametrize("kind", ["unit", "entry"])
def test_a_conflict_declared_after_scoring_started_is_refused(kind, client, contest, preliminary, commune):
    judge = JudgeFactory(contest=contest)
    entry = entry_in(preliminary, commune, "2026-001")
    assignment = AssignmentFactory(round=preliminary, judge=judge, entry=entry)
    services.scorecard_save(
        assignment=assignment,
        scores={preliminary.criteria.get().pk: services.ScoreInput(Decimal("12"))},
        version=0,
        submit=False,
        actor=judge.user,
    )
    client.force_login(judge.user)
    data = {"unit": commune.pk} if kind == "unit" else {"entry": entry.pk}

    response = client.post(url("judge-conflicts", contest), {**data, "reason": "Người nhà"})

    assertContains(response, "Bạn đã bắt đầu chấm bài 2026-001")
    assertContains(response, "chỉ Ban Tổ chức mới rút hoặc huỷ phiếu chấm đó")
    assert not Conflict.objects.exists()
    assert Assignment.objects.get(pk=assignment.pk).status == Assignment.Status.DRAFT


def test_the_conflict_form_refuses_bad_input_with_nothing_saved(newcomer_client, newcomer, commune, preliminary):
    services.judge_pledge_accept(judge=newcomer, actor=newcomer.user)
    EntrepreneurFactory(unit=commune, phone="0912345678")
    EntrepreneurFactory(unit=commune, phone="0912345678")
    page = url("judge-conflicts", newcomer.contest)

    nothing = newcomer_client.post(page, {"reason": "Người nhà"})
    two = newcomer_client.post(page, {"unit": commune.pk, "person": "0987654321", "reason": "Người nhà"})
    shared_phone = newcomer_client.post(page, {"person": "0912 345 678", "reason": "Người nhà"})
    no_reason = newcomer_client.post(page, {"unit": commune.pk, "reason": ""})

    assertContains(nothing, "Chọn đúng một: đơn vị, người trong danh sách hoặc bài dự thi.")
    assertContains(two, "Không tìm thấy người có số CCCD hoặc số điện thoại này")
    assertContains(shared_phone, "Nhiều người dùng số điện thoại này; hãy nhập số CCCD.")
    assertContains(no_reason, "Cần ghi lý do xung đột lợi ích.")
    newcomer.refresh_from_db()
    assert (Conflict.objects.count(), newcomer.conflicts_declared_at) == (0, None)


def test_a_person_is_found_by_citizen_id(newcomer_client, newcomer, commune):
    services.judge_pledge_accept(judge=newcomer, actor=newcomer.user)
    person = EntrepreneurFactory(unit=commune, full_name="Cầm Thị Hương", citizen_id="014200001234")

    response = newcomer_client.post(
        url("judge-conflicts", newcomer.contest), {"person": "014200001234", "reason": "Em gái tôi"}, follow=True
    )

    assertContains(response, "Đã ghi nhận xung đột lợi ích với Cầm Thị Hương.")
    assert Conflict.objects.get().entrepreneur == person


# --- who must not see a judge's pages ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["officer", "staff_user", "judge"])
def test_another_person_does_not_reach_a_judges_contest_pages(request, client, newcomer, role):
    services.judge_pledge_accept(judge=newcomer, actor=newcomer.user)
    services.judge_conflict_declare(
        judge=newcomer, unit=request.getfixturevalue("commune"), reason="Người nhà", actor=newcomer.user
    )
    user = request.getfixturevalue(role)
    if role == "judge":
        JudgeFactory(contest=ContestFactory(), user=user)  # a judge of another contest
    client.force_login(user)

    for name in ("judge-contest", "judge-conflicts", "judge-pledge"):
        assert client.get(url(name, newcomer.contest)).status_code == 404
    assert client.post(url("judge-conflicts-none", newcomer.contest)).status_code == 404
    assert list(Conflict.objects.visible_to(user)) == ([newcomer.conflicts.get()] if role == "staff_user" else [])


def test_the_judges_home_page_says_what_each_contest_still_needs(newcomer_client, newcomer, province):
    ready = JudgeFactory(contest=ContestFactory(owner=province, name="Cuộc thi năm trước"), user=newcomer.user)

    page = newcomer_client.get(reverse("competitions:judge-home"))

    assertContains(page, url("judge-pledge", newcomer.contest))
    assertContains(page, "Cần chấp nhận cam kết bảo mật", count=1)
    assertContains(page, url("judge-contest", ready.contest))
