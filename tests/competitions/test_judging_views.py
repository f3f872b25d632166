"""The judge's pages: rounds, entries, the scorecard, abstaining, files — and what a judge must not see."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains

from accounts.models import Membership
from competitions import services
from competitions.models import Assignment, Entry, EntryAttachment, MentorFeedback, Round, Score
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    RoundFactory,
    days,
)
from tests.factories import UserFactory, user_with_role
from tests.utils import close_response
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

# Once the page frame is drawn (the session comes from the cache), the same for 1 and 25
# entries: the user, the round with the judge's progress (which also counts the rows for
# the paginator), the page's rows.
JUDGE_ROUND_QUERIES = 3
# The user, the assignment with its entry and round, criteria, scores, attachments,
# mentors' feedback, the next entry to score (a blind round: no team).
SCORECARD_QUERIES = 7
# The user, the judgeship check, the judge's rounds with progress in one query, their
# panels (with the pledge and declaration still owed), the coaching rounds the judge mentors.
JUDGE_HOME_QUERIES = 5


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def contest():
    return ContestFactory(name="Cuộc thi Ý tưởng khởi nghiệp Sơn La 2026")


@pytest.fixture
def preliminary(contest):
    return RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển", is_blind=True)


@pytest.fixture
def criteria(preliminary):
    return [
        CriterionFactory(round=preliminary, name="Tính sáng tạo", max_points=Decimal("20"), order=1),
        CriterionFactory(
            round=preliminary, name="Tính khả thi", max_points=Decimal("30"), weight=Decimal("2"), order=2
        ),
    ]


@pytest.fixture
def lead(commune):
    return EntrepreneurFactory(full_name="Lò Văn Khởi", unit=commune, date_of_birth=datetime.date(1998, 5, 1))


def entry_in(round_, unit, n=1, **kwargs):
    kwargs.setdefault("title", f"Sấy mận hậu Mộc Châu {n}")
    return EntryFactory(
        contest=round_.contest,
        unit=unit,
        status="in_competition",
        round=round_,
        code=f"2026-{n:03d}",
        summary="Sấy mận hậu bằng năng lượng mặt trời cho hợp tác xã.",
        problem="Mận hậu chín rộ trong ba tuần, giá xuống thấp.",
        **kwargs,
    )


@pytest.fixture
def assignment(preliminary, criteria, judge, commune, lead):
    entry = entry_in(preliminary, commune, lead=lead)
    return AssignmentFactory(
        round=preliminary, judge=JudgeFactory(contest=preliminary.contest, user=judge), entry=entry
    )


@pytest.fixture
def judge_client(client, judge):
    client.force_login(judge)
    return client


def scorecard_url(assignment):
    return reverse("competitions:judge-scorecard", kwargs={"pk": assignment.pk})


def scores_post(criteria, points, *, version=0, action="save", comment=""):
    data = {"version": version, "action": action}
    for criterion, value in zip(criteria, points, strict=True):
        data[f"points_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = comment
    return data


def submit_scores(assignment, criteria, points):
    return services.scorecard_save(
        assignment=assignment,
        scores={c.pk: services.ScoreInput(Decimal(p)) for c, p in zip(criteria, points, strict=True)},
        version=assignment.version,
        submit=True,
        actor=assignment.judge.user,
    )


# --- the judge's rounds and entries -----------------------------------------------------


def test_a_draft_shows_its_total_so_far_on_the_list_and_the_scorecard(judge_client, assignment, criteria):
    services.scorecard_save(
        assignment=assignment,
        scores={
            criteria[0].pk: services.ScoreInput(Decimal("10")),
            criteria[1].pk: services.ScoreInput(Decimal("12")),
        },
        version=assignment.version,
        submit=False,
        actor=assignment.judge.user,
    )

    listing = judge_client.get(reverse("competitions:judge-round", kwargs={"round_pk": assignment.round_id}))
    scorecard = judge_client.get(scorecard_url(assignment))

    assert "34,00 điểm (nháp)" in listing.content.decode()  # 10 + 12 × 2
    assert 'data-scorecard-total aria-live="polite">34,00</strong>' in scorecard.content.decode()


def test_judge_home_lists_rounds_with_progress(judge_client, assignment, criteria, preliminary, commune):
    other = AssignmentFactory(round=preliminary, judge=assignment.judge, entry=entry_in(preliminary, commune, n=2))
    submit_scores(other, criteria, ["10", "10"])

    response = judge_client.get(reverse("competitions:judge-home"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Vòng sơ tuyển" in content
    assert "1/2 đã chấm" in content
    assert "Đang mở đến " in content


def test_judge_home_panel_shows_progress(judge_client, assignment):
    response = judge_client.get(reverse("home"))

    content = response.content.decode()
    assert 'data-panel="judging"' in content
    assert "0/1 đã chấm" in content


def test_judge_round_lists_own_entries_with_status_and_total(judge_client, assignment, criteria, preliminary, commune):
    done = AssignmentFactory(
        round=preliminary, judge=assignment.judge, entry=entry_in(preliminary, commune, n=2, title="Chè shan tuyết")
    )
    submit_scores(done, criteria, ["15", "25"])
    someone_elses = AssignmentFactory(round=preliminary, entry=entry_in(preliminary, commune, n=3, title="Cà phê"))

    response = judge_client.get(reverse("competitions:judge-round", kwargs={"round_pk": preliminary.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sấy mận hậu Mộc Châu 1" in content
    assert "Chè shan tuyết" in content
    assert "65,00" in content  # 15 + 25 × 2, the judge's own total
    assert "1/2 đã chấm" in content
    assert "Cà phê" not in content
    assert f'data-assignment="{someone_elses.pk}"' not in content


def test_judge_round_row_escapes_and_marks_the_entry_on_stage(judge_client, assignment, preliminary):
    Entry.objects.filter(pk=assignment.entry_id).update(title='<b>"Mận" & đào</b>', code="")
    Round.objects.filter(pk=preliminary.pk).update(is_live=True, on_stage_id=assignment.entry_id)

    response = judge_client.get(reverse("competitions:judge-round", kwargs={"round_pk": preliminary.pk}))

    assertContains(
        response,
        f'<a class="list-group-item list-group-item-action py-3" href="{scorecard_url(assignment)}"'
        f' data-assignment="{assignment.pk}"><div class="d-flex justify-content-between align-items-start gap-2">'
        '<div><div class="fw-semibold">&lt;b&gt;&quot;Mận&quot; &amp; đào&lt;/b&gt;</div>'
        f'<div class="small text-muted">{assignment.entry.category.name}'
        ' <span class="badge text-bg-info">Đang thuyết trình</span></div></div>'
        '<div class="text-end text-nowrap"><span class="badge text-bg-secondary">Chưa chấm</span>'
        '<div class="small mt-1">—</div></div></div></a>',
        html=True,
    )


@pytest.mark.parametrize(
    ("only", "shown", "hidden"), [("pending", "Sấy mận", "Chè shan"), ("done", "Chè shan", "Sấy mận")]
)
def test_judge_round_filters_pending_and_done_for_htmx(
    judge_client, assignment, criteria, preliminary, commune, only, shown, hidden
):
    done = AssignmentFactory(
        round=preliminary, judge=assignment.judge, entry=entry_in(preliminary, commune, n=2, title="Chè shan tuyết")
    )
    submit_scores(done, criteria, ["15", "25"])

    response = judge_client.get(
        reverse("competitions:judge-round", kwargs={"round_pk": preliminary.pk}),
        {"only": only},
        HTTP_HX_REQUEST="true",
    )

    content = response.content.decode()
    assert "<html" not in content
    assert shown in content
    assert hidden not in content


def test_judge_round_of_another_contest_is_404(judge_client, assignment):
    elsewhere = RoundFactory()

    response = judge_client.get(reverse("competitions:judge-round", kwargs={"round_pk": elsewhere.pk}))

    assert response.status_code == 404


# --- the scorecard ----------------------------------------------------------------------


def test_scorecard_shows_entry_and_one_row_per_criterion(judge_client, assignment, criteria):
    response = judge_client.get(scorecard_url(assignment))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Sấy mận hậu Mộc Châu 1" in content
    assert "Mận hậu chín rộ trong ba tuần" in content
    assert "Tính sáng tạo" in content
    assert "Tính khả thi" in content
    assert f'name="points_{criteria[0].pk}"' in content
    assert 'max="20.00"' in content
    assert 'data-score-weight="2.00"' in content
    assert 'name="version"' in content
    assert "Lưu nháp" in content
    assert "Nộp phiếu" in content
    assert "data-confirm=" in content
    assert "js/scorecard.js" in content


def test_judge_scores_within_max_and_submits(judge_client, assignment, criteria):
    response = judge_client.post(
        scorecard_url(assignment), scores_post(criteria, ["15", "27.5"], action="submit", comment="Khả thi tốt")
    )

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == reverse("competitions:judge-round", kwargs={"round_pk": assignment.round_id})
    assert assignment.status == Assignment.Status.SUBMITTED
    assert assignment.total == Decimal("70.00")
    assert sorted(Score.objects.filter(assignment=assignment).values_list("points", flat=True)) == [
        Decimal("15"),
        Decimal("27.5"),
    ]
    assert set(Score.objects.values_list("comment", flat=True)) == {"Khả thi tốt"}


def test_judge_saves_a_draft_and_sees_it_again(judge_client, assignment, criteria):
    response = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["12", ""]), follow=True)

    assignment.refresh_from_db()
    content = response.content.decode()
    assert assignment.status == Assignment.Status.DRAFT
    assert assignment.version == 1
    assert "Đã lưu nháp phiếu chấm bài 2026-001." in content
    assert 'value="12"' in content  # shown back the way it is typed, not "12.00"
    assert 'name="version" value="1"' in content


@pytest.mark.parametrize("points", ["20.5", "-1"])
def test_score_outside_zero_to_max_is_refused_with_message(judge_client, assignment, criteria, points):
    response = judge_client.post(scorecard_url(assignment), scores_post(criteria, [points, "10"], action="submit"))

    assignment.refresh_from_db()
    assert response.status_code == 200
    assert "Điểm “Tính sáng tạo” phải từ 0 đến 20." in response.content.decode()
    assert assignment.status == Assignment.Status.PENDING
    assert not Score.objects.exists()


def test_points_typed_with_a_comma_are_saved_and_shown_back_with_a_comma(judge_client, assignment, criteria):
    response = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["18,5", "27.25"]), follow=True)

    content = response.content.decode()
    assert sorted(Score.objects.filter(assignment=assignment).values_list("points", flat=True)) == [
        Decimal("18.5"),
        Decimal("27.25"),
    ]
    assert f'id="id_points_{criteria[0].pk}" value="18,5"' in content
    assert f'id="id_points_{criteria[1].pk}" value="27,25"' in content
    assert 'data-scorecard-total aria-live="polite">73,00</strong>' in content  # 18,5 + 27,25 × 2
    assert 'data-decimal-separator=","' in content


def test_points_over_max_come_back_marked_next_to_their_box(judge_client, assignment, criteria):
    response = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["15", "30,5"], action="submit"))

    content = response.content.decode()
    box = re.search(rf'<input [^>]*id="id_points_{criteria[1].pk}"[^>]*>', content).group(0)
    assert 'value="30,5"' in box
    assert "is-invalid" in box
    assert 'aria-invalid="true"' in box
    assert f'aria-describedby="id_points_{criteria[1].pk}_feedback"' in box
    assert " autofocus" in box
    assert re.search(
        rf'id="id_points_{criteria[1].pk}_feedback"[^>]*data-field-error>Điểm “Tính khả thi” phải từ 0 đến 30.</div>',
        content,
    )
    assert 'aria-invalid="true"' not in re.search(
        rf'<input [^>]*id="id_points_{criteria[0].pk}"[^>]*>', content
    ).group(0)
    assert not Score.objects.exists()


def test_scorecard_inputs_have_labels_and_no_number_boxes(judge_client, assignment, criteria):
    content = judge_client.get(scorecard_url(assignment)).content.decode()

    form = content.split("data-scorecard ")[1].split("</form>")[0]
    ids = re.findall(r'<(?:input|textarea) (?![^>]*type="hidden")[^>]*id="([^"]+)"', form)
    assert ids == [
        f"id_points_{criteria[0].pk}",
        f"id_comment_{criteria[0].pk}",
        f"id_points_{criteria[1].pk}",
        f"id_comment_{criteria[1].pk}",
    ]
    for input_id in ids:
        assert f'<label class="form-label small mb-0" for="{input_id}">' in form
    assert 'type="number"' not in form
    assert 'inputmode="decimal"' in form
    assert "tabindex=" not in form.replace('tabindex="-1"', "")
    assert re.search(r'role="status" data-scorecard-incomplete\s+data-message="Tổng điểm chưa đầy đủ', form)


def test_submit_with_a_criterion_unscored_is_refused(judge_client, assignment, criteria):
    response = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["10", ""], action="submit"))

    assignment.refresh_from_db()
    assert "Chưa chấm tiêu chí “Tính khả thi”." in response.content.decode()
    assert assignment.status == Assignment.Status.PENDING


def test_stale_version_is_refused_and_nothing_written(judge_client, assignment, criteria):
    services.scorecard_save(
        assignment=assignment,
        scores={criteria[0].pk: services.ScoreInput(Decimal("5"))},
        version=0,
        submit=False,
        actor=assignment.judge.user,
    )

    response = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["19", "29"], version=0))

    assignment.refresh_from_db()
    assert "Phiếu chấm vừa được lưu ở một cửa sổ khác." in response.content.decode()
    assert assignment.version == 1
    assert list(Score.objects.values_list("points", flat=True)) == [Decimal("5")]


def test_submitted_scorecard_is_read_only_and_locked(judge_client, assignment, criteria):
    submit_scores(assignment, criteria, ["15", "25"])

    page = judge_client.get(scorecard_url(assignment)).content.decode()
    response = judge_client.post(
        scorecard_url(assignment), scores_post(criteria, ["1", "1"], version=1, action="submit"), follow=True
    )

    assignment.refresh_from_db()
    assert "data-scorecard-locked" in page
    assert '<form method="post" action="' + scorecard_url(assignment) not in page
    assert "65,00" in page
    assert "Phiếu chấm đã nộp và bị khoá" in response.content.decode()
    assert assignment.total == Decimal("65.00")


def test_judge_abstains_with_a_reason(judge_client, assignment):
    response = judge_client.post(
        reverse("competitions:judge-abstain", kwargs={"pk": assignment.pk}), {"reason": "Người nhà trong nhóm"}
    )

    assignment.refresh_from_db()
    assert response.status_code == 302
    assert (assignment.status, assignment.abstain_reason) == (Assignment.Status.ABSTAINED, "Người nhà trong nhóm")
    assert "Người nhà trong nhóm" in judge_client.get(scorecard_url(assignment)).content.decode()


def test_abstain_without_a_reason_is_refused(judge_client, assignment):
    response = judge_client.post(
        reverse("competitions:judge-abstain", kwargs={"pk": assignment.pk}), {"reason": " "}, follow=True
    )

    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PENDING
    assert "Cần ghi lý do không chấm." in response.content.decode()


# --- what a judge must not see ----------------------------------------------------------


def test_another_judges_assignment_is_404_everywhere(client, assignment, criteria):
    intruder = UserFactory(username="gk-khac")
    JudgeFactory(contest=assignment.round.contest, user=intruder)
    AssignmentFactory(round=assignment.round, judge=intruder.judgeships.get())
    client.force_login(intruder)
    attachment = EntryAttachment.objects.create(
        entry=assignment.entry, kind="business_plan", file=SimpleUploadedFile("kh.pdf", b"%PDF-1.4 ke hoach")
    )

    responses = [
        client.get(scorecard_url(assignment)),
        client.post(scorecard_url(assignment), scores_post(criteria, ["1", "1"], action="submit")),
        client.post(reverse("competitions:judge-abstain", kwargs={"pk": assignment.pk}), {"reason": "x"}),
        client.get(
            reverse(
                "competitions:judge-attachment-download", kwargs={"pk": assignment.pk, "attachment_pk": attachment.pk}
            )
        ),
    ]

    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assignment.refresh_from_db()
    assert assignment.status == Assignment.Status.PENDING


@pytest.mark.parametrize(
    ("opens", "closes", "status"),
    [(-5, -1, Round.Status.OPEN), (1, 5, Round.Status.PENDING), (-1, 5, Round.Status.CLOSED)],
)
def test_outside_the_window_the_judge_sees_a_message_not_the_entry(
    judge_client, assignment, criteria, opens, closes, status
):
    Round.objects.filter(pk=assignment.round_id).update(
        opens_at=timezone.now() + days(opens), closes_at=timezone.now() + days(closes), status=status
    )

    scorecard = judge_client.get(scorecard_url(assignment)).content.decode()
    listing = judge_client.get(
        reverse("competitions:judge-round", kwargs={"round_pk": assignment.round_id})
    ).content.decode()
    posted = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["5", "5"]), follow=True)

    for content in (scorecard, listing):
        assert "data-round-closed" in content
        assert "Sấy mận hậu Mộc Châu" not in content
        assert "Mận hậu chín rộ" not in content
    assert "Vòng chấm không mở vào lúc này." in posted.content.decode()
    assert not Score.objects.exists()


@pytest.mark.parametrize(
    ("opens", "closes", "status", "state"),
    [
        (1, 5, Round.Status.OPEN, "Chưa mở – mở từ "),
        (1, 5, Round.Status.PENDING, "Chưa mở – dự kiến mở từ "),
        (-5, -1, Round.Status.OPEN, "Đã đóng lúc "),
        (-5, 5, Round.Status.CLOSED, "Đã đóng, chờ chốt kết quả"),
    ],
)
def test_judge_sees_the_same_round_state_as_staff(
    judge_client, staff_user, client, assignment, opens, closes, status, state
):
    Round.objects.filter(pk=assignment.round_id).update(
        opens_at=timezone.now() + days(opens), closes_at=timezone.now() + days(closes), status=status
    )
    round_ = Round.objects.get(pk=assignment.round_id)
    expected = round_.state_at(timezone.now()).reason

    pages = [
        judge_client.get(reverse("competitions:judge-home")).content.decode(),
        judge_client.get(reverse("competitions:judge-round", kwargs={"round_pk": round_.pk})).content.decode(),
        judge_client.get(scorecard_url(assignment)).content.decode(),
    ]
    client.force_login(staff_user)
    pages.append(client.get(reverse("competitions:round-detail", kwargs={"pk": round_.pk})).content.decode())

    assert expected.startswith(state)
    for page in pages:
        assert expected in page


@pytest.mark.parametrize("submitted", [False, True], ids=["not-yet-open", "closed-after-submitting"])
def test_a_closed_scorecard_has_one_h1(judge_client, assignment, criteria, submitted):
    if submitted:
        submit_scores(assignment, criteria, ["12", "20"])
        window = {"opens_at": timezone.now() - days(5), "closes_at": timezone.now() - days(1)}
    else:
        window = {"opens_at": timezone.now() + days(1), "closes_at": timezone.now() + days(5)}
    Round.objects.filter(pk=assignment.round_id).update(**window)

    content = judge_client.get(scorecard_url(assignment)).content.decode()

    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", content, re.S)
    assert len(headings) == 1
    if submitted:
        assert "Sấy mận hậu Mộc Châu 1" in headings[0]
    else:
        assert re.sub(r"\s+", " ", headings[0]).strip() == "Phiếu chấm · Vòng sơ tuyển"
        assert "Sấy mận hậu" not in content


def test_after_the_round_closes_the_judge_reads_their_own_submitted_scorecard(
    judge_client, assignment, criteria, preliminary, commune
):
    submit_scores(assignment, criteria, ["12", "20"])
    other_judge = JudgeFactory(contest=preliminary.contest)
    others = AssignmentFactory(round=preliminary, judge=other_judge, entry=assignment.entry)
    submit_scores(others, criteria, ["3", "4"])
    unassigned = AssignmentFactory(round=preliminary, judge=other_judge, entry=entry_in(preliminary, commune, n=5))
    Round.objects.filter(pk=preliminary.pk).update(
        opens_at=timezone.now() - days(5), closes_at=timezone.now() - days(1)
    )

    card = judge_client.get(scorecard_url(assignment)).content.decode()
    listing = judge_client.get(reverse("competitions:judge-round", kwargs={"round_pk": preliminary.pk}))
    posted = judge_client.post(scorecard_url(assignment), scores_post(criteria, ["1", "1"], version=1), follow=True)

    assert "data-read-only" in card
    assert "data-scorecard-locked" in card
    assert "Tính khả thi" in card
    assert ">52,00<" in card  # 12 + 2 × 20
    assert "<form" not in card.split("data-read-only")[1].split("Về danh sách bài")[0]
    assert 'name="action"' not in card
    assert "Vòng chấm đã đóng; phiếu chỉ để xem." in card
    assert ">11,00<" not in card  # the other judge's 3 + 2 × 4
    assert scorecard_url(assignment) in listing.content.decode()
    assert "Vòng chấm không mở vào lúc này." in posted.content.decode()
    assert Score.objects.filter(assignment=assignment, points=Decimal("1")).count() == 0
    assert judge_client.get(scorecard_url(others)).status_code == 404
    assert judge_client.get(scorecard_url(unassigned)).status_code == 404


def test_attachment_download_refused_outside_the_window(judge_client, assignment):
    attachment = EntryAttachment.objects.create(
        entry=assignment.entry, kind="business_plan", file=SimpleUploadedFile("kh.pdf", b"%PDF-1.4 ke hoach")
    )
    url = reverse(
        "competitions:judge-attachment-download", kwargs={"pk": assignment.pk, "attachment_pk": attachment.pk}
    )

    opened = judge_client.get(url)
    close_response(opened)
    Round.objects.filter(pk=assignment.round_id).update(status=Round.Status.CLOSED)
    refused = judge_client.get(url)

    assert opened.status_code == 200
    assert opened["Content-Disposition"].startswith("attachment")
    assert refused.status_code == 403


def test_blind_round_hides_unit_and_team(judge_client, assignment):
    content = judge_client.get(scorecard_url(assignment)).content.decode()

    assert "data-blind" in content
    assert "Đoàn phường Tô Hiệu" not in content
    assert "Lò Văn Khởi" not in content


def test_open_round_shows_unit_and_team(judge_client, assignment):
    Round.objects.filter(pk=assignment.round_id).update(is_blind=False)

    content = judge_client.get(scorecard_url(assignment)).content.decode()

    assert "Đoàn phường Tô Hiệu" in content
    assert "Lò Văn Khởi" in content


def test_final_judges_see_revised_version_and_mentor_feedback(judge_client, judge, contest, commune, staff_user):
    preliminary = RoundFactory(contest=contest, order=1)
    coaching = RoundFactory(contest=contest, order=2, name="Tư vấn, hoàn thiện", kind=Round.Kind.COACHING)
    final = RoundFactory(contest=contest, order=3, name="Chung kết", is_live=True)
    CriterionFactory(round=final, name="Thuyết trình")
    entry = entry_in(final, commune)
    EntryAttachment.objects.create(entry=entry, kind="business_plan", file=SimpleUploadedFile("goc.pdf", b"%PDF-1"))
    EntryAttachment.objects.create(
        entry=entry,
        kind="business_plan",
        file=SimpleUploadedFile("hoan-thien.pdf", b"%PDF-2"),
        revision_round=coaching,
    )
    MentorFeedback.objects.create(round=coaching, entry=entry, mentor=staff_user, text="Cần tính lại giá thành.")
    final_assignment = AssignmentFactory(round=final, judge=JudgeFactory(contest=contest, user=judge), entry=entry)
    early = AssignmentFactory(
        round=preliminary, judge=final_assignment.judge, entry=entry_in(preliminary, commune, n=9)
    )

    content = judge_client.get(scorecard_url(final_assignment)).content.decode()
    earlier_page = judge_client.get(scorecard_url(early)).content.decode()

    assert "goc.pdf" in content
    assert "hoan-thien.pdf" in content
    assert "Bản hoàn thiện sau Tư vấn, hoàn thiện" in content
    assert "Cần tính lại giá thành." in content
    assert "Cần tính lại giá thành." not in earlier_page


# --- speed ------------------------------------------------------------------------------


def build_judge_load(*, judge_user, round_, unit, criteria, count):
    judge = JudgeFactory(contest=round_.contest, user=judge_user)
    assignments = [
        AssignmentFactory(round=round_, judge=judge, entry=entry_in(round_, unit, n=n)) for n in range(1, count + 1)
    ]
    for n, assignment in enumerate(assignments):
        EntryAttachment.objects.create(
            entry=assignment.entry, kind="slides", file=SimpleUploadedFile(f"s{n}.pdf", b"%PDF-1")
        )
        if n % 2:
            submit_scores(assignment, criteria, ["10", "10"])
    return assignments


@pytest.mark.parametrize("count", [1, 25])
def test_judge_round_and_scorecard_cost_fixed_queries(
    client, judge, preliminary, criteria, commune, count, django_assert_num_queries
):
    assignments = build_judge_load(judge_user=judge, round_=preliminary, unit=commune, criteria=criteria, count=count)
    client.force_login(judge)
    client.get(reverse("competitions:judge-home"))  # draws and keeps the page frame

    with django_assert_num_queries(JUDGE_ROUND_QUERIES):
        listing = client.get(reverse("competitions:judge-round", kwargs={"round_pk": preliminary.pk}))
    with django_assert_num_queries(SCORECARD_QUERIES):
        scorecard = client.get(scorecard_url(assignments[0]))
    with django_assert_num_queries(JUDGE_HOME_QUERIES):
        home = client.get(reverse("competitions:judge-home"))

    assert listing.status_code == scorecard.status_code == home.status_code == 200
    assert listing.content.decode().count("data-assignment=") == count


def test_judge_role_without_judgeship_sees_no_panel(client, province):
    user = user_with_role(Membership.Role.JUDGE, province, username="gk-moi")
    client.force_login(user)

    content = client.get(reverse("home")).content.decode()

    assert 'data-panel="judging"' not in content


def test_unit_officer_without_judgeship_is_refused_judge_pages(client, officer, assignment):
    client.force_login(officer)

    statuses = [
        client.get(reverse("competitions:judge-home")).status_code,
        client.get(reverse("competitions:judge-round", kwargs={"round_pk": assignment.round_id})).status_code,
        client.get(scorecard_url(assignment)).status_code,
    ]

    # The round's list and a scorecard answer 404 to whoever does not own them, judge or not.
    assert statuses == [403, 404, 404]
