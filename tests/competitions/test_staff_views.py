"""Staff's contest pages: screening, extensions, ranking, assignment, advancing, the live final."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from common.models import Notification
from competitions import services
from competitions.models import Assignment, Entry, EntryAttachment, MentorFeedback, Round, RoundResult, UnitExtension
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    RoundFactory,
    days,
)
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

# Measured, the same for 1 and 25 entries: session, user, memberships, then round, tabs,
# ranking (entries, scorecards), what is missing (entries, scorecards), criteria, judges'
# loads, unread notifications.
ROUND_DETAIL_QUERIES = 11
# Session, user, memberships, contest, page count, page rows, team ages, tab counts,
# tabs, unread notifications.
SCREENING_QUERIES = 10
# Session, user, memberships, round, outstanding, on-stage scorecards, scorecards per entry,
# entries, tabs, unread notifications.
LIVE_CONSOLE_QUERIES = 10


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def contest():
    return ContestFactory(name="Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026")


@pytest.fixture
def preliminary(contest):
    return RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển", judges_per_entry=2, advance_count=1)


@pytest.fixture
def final(contest, preliminary):
    return RoundFactory(contest=contest, order=2, name="Chung kết", is_live=True, judges_per_entry=2)


@pytest.fixture
def criteria(preliminary):
    return [CriterionFactory(round=preliminary, name=f"Tiêu chí {n}", max_points=Decimal("50")) for n in (1, 2)]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def entry_in(round_, unit, n, **kwargs):
    return EntryFactory(
        contest=round_.contest,
        unit=unit,
        status=Entry.Status.IN_COMPETITION,
        round=round_,
        code=f"2026-{n:03d}",
        title=kwargs.pop("title", f"Ý tưởng số {n}"),
        **kwargs,
    )


def submit(assignment, points):
    criteria = list(assignment.round.criteria.all())
    return services.scorecard_save(
        assignment=assignment,
        scores={c.pk: services.ScoreInput(Decimal(points)) for c in criteria},
        version=assignment.version,
        submit=True,
        actor=assignment.judge.user,
    )


def scored_round(round_, unit, points_by_entry):
    """Entries of `round_` each scored by every judge of the contest: points_by_entry[i][j]."""
    judges = [JudgeFactory(contest=round_.contest) for _ in range(len(points_by_entry[0]))]
    entries = []
    for n, points in enumerate(points_by_entry, start=1):
        entry = entry_in(round_, unit, n)
        entries.append(entry)
        for judge, given in zip(judges, points, strict=True):
            assignment = AssignmentFactory(round=round_, judge=judge, entry=entry)
            if given is not None:
                submit(assignment, given)
    return entries, judges


# --- who may enter ----------------------------------------------------------------------


STAFF_GET_PAGES = [
    ("competitions:screening-list", "contest"),
    ("competitions:extension-create", "contest"),
    ("competitions:round-detail", "round"),
    ("competitions:round-assignment-create", "round"),
    ("competitions:round-live", "round"),
    ("competitions:round-live-status", "round"),
]
STAFF_POST_ACTIONS = [
    ("competitions:round-assign", "round"),
    ("competitions:round-advance", "round"),
    ("competitions:round-complete-coaching", "round"),
    ("competitions:round-stage", "round"),
    ("competitions:round-reveal", "round"),
    ("competitions:entry-screen", "entry"),
    ("competitions:assignment-reopen", "assignment"),
]


def staff_url(name, kind, *, contest, round_, entry, assignment):
    pk = {"round": round_.pk, "entry": entry.pk, "assignment": assignment.pk}.get(kind)
    if kind == "contest":
        return reverse(name, kwargs={"contest_pk": contest.pk})
    return reverse(name, kwargs={"pk": pk})


@pytest.mark.parametrize("role", ["officer", "judge"])
def test_officers_and_judges_get_403_on_staff_pages(client, request, role, contest, preliminary, commune):
    user = request.getfixturevalue(role)
    JudgeFactory(contest=contest, user=request.getfixturevalue("judge"))
    entry = entry_in(preliminary, commune, 1)
    assignment = AssignmentFactory(round=preliminary, entry=entry)
    client.force_login(user)
    objects = {"contest": contest, "round_": preliminary, "entry": entry, "assignment": assignment}

    statuses = [client.get(staff_url(name, kind, **objects)).status_code for name, kind in STAFF_GET_PAGES]
    statuses += [client.post(staff_url(name, kind, **objects)).status_code for name, kind in STAFF_POST_ACTIONS]

    assert statuses == [403] * (len(STAFF_GET_PAGES) + len(STAFF_POST_ACTIONS))
    preliminary.refresh_from_db()
    assert preliminary.decided_at is None
    assert Assignment.objects.count() == 1


def test_anonymous_is_sent_to_login(client, preliminary):
    response = client.get(reverse("competitions:round-detail", kwargs={"pk": preliminary.pk}))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- screening --------------------------------------------------------------------------


@pytest.fixture
def submitted(contest, commune, preliminary):
    too_old = EntrepreneurFactory(full_name="Cầm Văn Già", unit=commune, date_of_birth=datetime.date(1980, 1, 1))
    entry = EntryFactory(
        contest=contest, unit=commune, status=Entry.Status.SUBMITTED, code="2026-007", title="Nuôi cá tầm Tà Xùa"
    )
    entry.team.create(entrepreneur=too_old, role="member")
    EntryAttachment.objects.create(entry=entry, kind="business_plan", file=SimpleUploadedFile("kh.pdf", b"%PDF-1"))
    return entry


def test_screening_list_shows_unit_team_ages_and_attachments(staff_client, contest, submitted):
    response = staff_client.get(reverse("competitions:screening-list", kwargs={"contest_pk": contest.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nuôi cá tầm Tà Xùa" in content
    assert "Đoàn phường Tô Hiệu" in content
    assert "Cầm Văn Già" in content
    assert "data-age-out>46<" in content
    assert "data-team-problem" in content
    assert '<td class="text-center">1</td>' in content


def test_screening_pass_puts_entry_in_the_first_round(staff_client, submitted, preliminary):
    response = staff_client.post(
        reverse("competitions:entry-screen", kwargs={"pk": submitted.pk}), {"decision": "pass"}, follow=True
    )

    submitted.refresh_from_db()
    assert (submitted.status, submitted.round) == (Entry.Status.IN_COMPETITION, preliminary)
    assert "đủ điều kiện dự thi" in response.content.decode()


def test_screening_reject_keeps_reason_and_notifies_unit_officer(
    staff_client, submitted, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("competitions:entry-screen", kwargs={"pk": submitted.pk}),
            {"decision": "reject", "reason": "Thành viên quá tuổi"},
        )

    submitted.refresh_from_db()
    notification = Notification.objects.get(recipient=officer)
    assert (submitted.status, submitted.rejection_reason) == (Entry.Status.REJECTED, "Thành viên quá tuổi")
    assert notification.body == "Thành viên quá tuổi"
    assert [m.to for m in mailoutbox] == [[officer.email]]


def test_screening_reject_without_reason_changes_nothing(staff_client, submitted):
    response = staff_client.post(
        reverse("competitions:entry-screen", kwargs={"pk": submitted.pk}), {"decision": "reject"}, follow=True
    )

    submitted.refresh_from_db()
    assert submitted.status == Entry.Status.SUBMITTED
    assert "Cần ghi lý do bài không đủ điều kiện." in response.content.decode()


def test_screening_by_htmx_returns_the_changed_row(staff_client, submitted):
    response = staff_client.post(
        reverse("competitions:entry-screen", kwargs={"pk": submitted.pk}), {"decision": "pass"}, HTTP_HX_REQUEST="true"
    )

    content = response.content.decode()
    assert content.strip().startswith("<tr")
    assert 'data-screened="in_competition"' in content
    assert "vào Vòng sơ tuyển" in content


# --- extensions -------------------------------------------------------------------------


def test_extension_granted_and_listed(staff_client, staff_user, contest, commune):
    until = timezone.localtime(contest.submission_closes_at + days(3)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("competitions:extension-create", kwargs={"contest_pk": contest.pk})

    response = staff_client.post(url, {"unit": commune.pk, "until": until, "reason": "Lũ quét cắt đường"}, follow=True)

    extension = UnitExtension.objects.get()
    content = response.content.decode()
    assert (extension.unit, extension.reason, extension.granted_by) == (commune, "Lũ quét cắt đường", staff_user)
    assert "Đã gia hạn cho Đoàn phường Tô Hiệu" in content
    assert "Lũ quét cắt đường" in content
    shown = timezone.localtime(extension.until).strftime("%H:%M %d/%m/%Y")
    assert f'<td class="text-nowrap">{shown}</td>' in content[content.index("data-extensions") :]


def test_extension_before_the_deadline_is_refused(staff_client, contest, commune):
    until = timezone.localtime(contest.submission_closes_at - days(1)).strftime("%Y-%m-%dT%H:%M")

    response = staff_client.post(
        reverse("competitions:extension-create", kwargs={"contest_pk": contest.pk}),
        {"unit": commune.pk, "until": until, "reason": "Xin thêm"},
    )

    assert "Ngày gia hạn phải sau hạn nộp bài chung của cuộc thi." in response.content.decode()
    assert not UnitExtension.objects.exists()


# --- the round page ---------------------------------------------------------------------


def test_round_detail_ranks_with_tie_break_flag_and_normalised_column(staff_client, preliminary, criteria, commune):
    scored_round(preliminary, commune, [["40", "45"], ["10", "50"]])

    response = staff_client.get(reverse("competitions:round-detail", kwargs={"pk": preliminary.pk}))

    content = response.content.decode()
    ranking = content[content.index("data-ranking") :]
    assert response.status_code == 200
    assert "Trung bình → trung vị → số phiếu → mã bài" in content
    assert "Điểm chuẩn hoá (tham khảo)" in content
    assert ranking.index("2026-001") < ranking.index("2026-002")
    assert "85,00" in ranking  # entry 1: judges' totals 80 and 90, the raw mean
    assert ranking.count("data-flag") == 1  # entry 2: 20 vs 100, spread 80 > 25
    assert "2/2" in ranking


@pytest.mark.parametrize("count", [1, 25])
def test_round_detail_costs_fixed_queries(
    staff_client, preliminary, criteria, commune, count, django_assert_max_num_queries
):
    scored_round(preliminary, commune, [["30", "40", None]] * count)

    Round.objects.filter(pk=preliminary.pk).update(is_live=True, on_stage=Entry.objects.first())

    with django_assert_max_num_queries(ROUND_DETAIL_QUERIES):
        response = staff_client.get(reverse("competitions:round-detail", kwargs={"pk": preliminary.pk}))
    with django_assert_max_num_queries(LIVE_CONSOLE_QUERIES):
        console = staff_client.get(reverse("competitions:round-live", kwargs={"pk": preliminary.pk}))

    assert response.content.decode().count('<tr data-entry="') == count
    assert console.content.decode().count("data-entry=") == count


@pytest.mark.parametrize("count", [1, 25])
def test_screening_list_costs_fixed_queries(
    staff_client, contest, preliminary, commune, count, django_assert_max_num_queries
):
    for n in range(count):
        EntryFactory(contest=contest, unit=commune, status=Entry.Status.SUBMITTED, code=f"2026-{n:03d}")

    with django_assert_max_num_queries(SCREENING_QUERIES):
        response = staff_client.get(reverse("competitions:screening-list", kwargs={"contest_pk": contest.pk}))

    assert response.content.decode().count('<tr data-entry="') == count


def test_automatic_assignment_via_view_reports_created_and_unfilled(staff_client, preliminary, commune, other_commune):
    entry_in(preliminary, commune, 1)
    entry_in(preliminary, other_commune, 2)
    JudgeFactory(contest=preliminary.contest)
    JudgeFactory(contest=preliminary.contest, affiliation=commune)

    response = staff_client.post(reverse("competitions:round-assign", kwargs={"pk": preliminary.pk}), follow=True)

    content = response.content.decode()
    assert Assignment.objects.filter(round=preliminary).count() == 3
    assert "Đã phân công thêm 3 lượt chấm." in content
    assert "1 bài chưa đủ giám khảo không xung đột lợi ích: 2026-001." in content


def test_manual_assignment_refuses_a_conflict(staff_client, preliminary, commune):
    entry = entry_in(preliminary, commune, 1)
    judge = JudgeFactory(contest=preliminary.contest, affiliation=commune)

    response = staff_client.post(
        reverse("competitions:round-assignment-create", kwargs={"pk": preliminary.pk}),
        {"judge": judge.pk, "entry_code": entry.code},
    )

    assert response.status_code == 200
    assert "Giám khảo cùng đơn vị, hoặc đơn vị cấp trên/cấp dưới với đơn vị gửi bài." in response.content.decode()
    assert not Assignment.objects.exists()


def test_manual_assignment_creates_and_notifies(staff_client, preliminary, commune):
    entry = entry_in(preliminary, commune, 1)
    judge = JudgeFactory(contest=preliminary.contest)

    response = staff_client.post(
        reverse("competitions:round-assignment-create", kwargs={"pk": preliminary.pk}),
        {"judge": judge.pk, "entry_code": "2026-001"},
    )

    assert response.status_code == 302
    assert Assignment.objects.get().entry == entry
    assert Notification.objects.filter(recipient=judge.user).count() == 1


def test_manual_assignment_unknown_code(staff_client, preliminary):
    judge = JudgeFactory(contest=preliminary.contest)

    response = staff_client.post(
        reverse("competitions:round-assignment-create", kwargs={"pk": preliminary.pk}),
        {"judge": judge.pk, "entry_code": "2026-999"},
    )

    assert "Không có bài mã 2026-999 trong cuộc thi." in response.content.decode()


def test_staff_reopens_a_submitted_scorecard(staff_client, preliminary, criteria, commune):
    entries, _judges = scored_round(preliminary, commune, [["30"]])
    assignment = Assignment.objects.get()

    lookup = staff_client.get(
        reverse("competitions:round-detail", kwargs={"pk": preliminary.pk}), {"entry": entries[0].code}
    )
    response = staff_client.post(reverse("competitions:assignment-reopen", kwargs={"pk": assignment.pk}))

    assignment.refresh_from_db()
    assert "Mở lại phiếu" in lookup.content.decode()
    assert response.status_code == 302
    assert (assignment.status, assignment.submitted_at) == (Assignment.Status.DRAFT, None)


def test_advance_twice_leaves_one_set_of_results(staff_client, preliminary, final, criteria, commune, officer):
    entries, _judges = scored_round(preliminary, commune, [["40", "45"], ["10", "20"]])
    url = reverse("competitions:round-advance", kwargs={"pk": preliminary.pk})

    first = staff_client.post(url, follow=True)
    second = staff_client.post(url, follow=True)

    assert RoundResult.objects.filter(round=preliminary).count() == 2
    assert "Đã chốt kết quả: 1 bài vào vòng sau, 1 bài dừng" in first.content.decode()
    assert "Vòng này đã chốt kết quả lúc" in second.content.decode()
    assert "Vào vòng sau" in second.content.decode()
    entries[0].refresh_from_db()
    entries[1].refresh_from_db()
    assert entries[0].round == final
    assert entries[1].status == Entry.Status.ELIMINATED
    assert Notification.objects.filter(recipient=officer).count() == 1


def test_advance_refused_while_scorecards_are_missing(staff_client, preliminary, final, criteria, commune):
    scored_round(preliminary, commune, [["40", None]])

    response = staff_client.post(reverse("competitions:round-advance", kwargs={"pk": preliminary.pk}), follow=True)

    assert "Chưa chốt kết quả được: 1 bài chưa đủ phiếu chấm đã nộp: 2026-001 (1/2)." in response.content.decode()
    assert not RoundResult.objects.exists()


# --- coaching ---------------------------------------------------------------------------


def test_coaching_round_lists_entries_and_mentors_then_moves_them_on(staff_client, staff_user, contest, commune):
    coaching = RoundFactory(contest=contest, order=1, name="Tư vấn, hoàn thiện", kind=Round.Kind.COACHING)
    final = RoundFactory(contest=contest, order=2, name="Chung kết")
    coaching.mentors.add(staff_user)
    entry = entry_in(coaching, commune, 1, title="Du lịch cộng đồng Tà Xùa")
    MentorFeedback.objects.create(round=coaching, entry=entry, mentor=staff_user, text="Bổ sung dòng tiền.")

    page = staff_client.get(reverse("competitions:round-detail", kwargs={"pk": coaching.pk})).content.decode()
    response = staff_client.post(
        reverse("competitions:round-complete-coaching", kwargs={"pk": coaching.pk}), follow=True
    )
    again = staff_client.post(reverse("competitions:round-complete-coaching", kwargs={"pk": coaching.pk}), follow=True)

    entry.refresh_from_db()
    assert "Du lịch cộng đồng Tà Xùa" in page
    assert staff_user.get_full_name() in page
    assert "Chuyển sang vòng sau" in page
    assert "Đã chuyển 1 bài sang vòng sau." in response.content.decode()
    assert "Vòng tư vấn đã kết thúc trước đó" in again.content.decode()
    assert entry.round == final


# --- the live final ---------------------------------------------------------------------


@pytest.fixture
def live_final(contest, commune):
    final = RoundFactory(contest=contest, order=3, name="Chung kết", is_live=True, judges_per_entry=2)
    CriterionFactory(round=final, max_points=Decimal("100"))
    entries, judges = scored_round(final, commune, [[None, None], [None, None]])
    return final, entries, judges


def test_live_console_stages_an_entry_and_shows_who_submitted(staff_client, live_final):
    final, entries, judges = live_final
    submit(Assignment.objects.get(entry=entries[0], judge=judges[0]), "73.25")

    staff_client.post(reverse("competitions:round-stage", kwargs={"pk": final.pk}), {"entry": entries[0].pk})
    status = staff_client.get(reverse("competitions:round-live-status", kwargs={"pk": final.pk})).content.decode()
    console = staff_client.get(reverse("competitions:round-live", kwargs={"pk": final.pk})).content.decode()

    final.refresh_from_db()
    assert final.on_stage == entries[0]
    assert "<html" not in status
    assert "Ý tưởng số 1" in status
    assert status.count("Đã nộp phiếu") == 1
    assert status.count("Chưa chấm") == 1
    assert "73,25" not in status  # who has submitted, never their points
    assert 'hx-trigger="every 5s"' in console
    assert "1/2 phiếu" in console


def test_live_console_refuses_to_reveal_until_every_scorecard_is_in(staff_client, live_final):
    final, _entries, _judges = live_final
    url = reverse("competitions:round-reveal", kwargs={"pk": final.pk})

    refused = staff_client.post(url, follow=True)
    final.refresh_from_db()
    revealed_early = final.ranking_revealed_at
    for n, assignment in enumerate(Assignment.objects.filter(round=final)):
        submit(assignment, str(60 + n))
    accepted = staff_client.post(url, follow=True)
    status = staff_client.get(reverse("competitions:round-live-status", kwargs={"pk": final.pk})).content.decode()

    final.refresh_from_db()
    assert "Còn 4 phiếu chấm chưa nộp; chỉ công bố xếp hạng khi đủ phiếu." in refused.content.decode()
    assert "data-live-ranking" not in refused.content.decode()
    assert revealed_early is None
    assert final.ranking_revealed_at is not None
    assert "Đã công bố xếp hạng." in accepted.content.decode()
    assert "data-live-ranking" in status


def test_live_console_refuses_to_reveal_while_an_abstention_is_not_replaced(staff_client, live_final):
    final, entries, judges = live_final
    for assignment in Assignment.objects.filter(round=final).exclude(entry=entries[0], judge=judges[0]):
        submit(assignment, "70")
    services.scorecard_abstain(
        assignment=Assignment.objects.get(entry=entries[0], judge=judges[0]),
        reason="Người nhà của nhóm",
        actor=judges[0].user,
    )

    refused = staff_client.post(reverse("competitions:round-reveal", kwargs={"pk": final.pk}), follow=True)

    final.refresh_from_db()
    assert final.ranking_revealed_at is None
    assert "1 bài chưa đủ phiếu chấm đã nộp: 2026-001 (1/2)" in refused.content.decode()


def test_stage_refuses_an_entry_of_another_round(staff_client, live_final, preliminary, commune):
    final, _entries, _judges = live_final
    stranger = entry_in(preliminary, commune, 50)

    staff_client.post(reverse("competitions:round-stage", kwargs={"pk": final.pk}), {"entry": stranger.pk})

    final.refresh_from_db()
    assert final.on_stage is None


def test_live_console_of_a_coaching_round_is_404(staff_client, contest):
    coaching = RoundFactory(contest=contest, kind=Round.Kind.COACHING)

    assert staff_client.get(reverse("competitions:round-live", kwargs={"pk": coaching.pk})).status_code == 404
