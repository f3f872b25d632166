"""A contest cannot be decided on no scores: the pages around deciding a round, the
recorded exception, publishing only when the final is decided and its prizes given,
the round's one state, and moving its window."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from competitions import services
from competitions.models import Contest, Entry, Round, RoundDecisionException, RoundResult
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    PrizeTierFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

PDFTOTEXT = "/usr/bin/pdftotext"
DAY = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(DAY, tick=False):
        yield


@pytest.fixture
def contest():
    return ContestFactory(name="Cuộc thi Ý tưởng khởi nghiệp Sơn La", slug="y-tuong-son-la")


@pytest.fixture
def final(contest, commune):
    """The issue's repro: three entries advanced into the live final, open, no judge assigned."""
    now = timezone.now()
    RoundFactory(contest=contest, order=1, status=Round.Status.CLOSED, decided_at=now - datetime.timedelta(days=3))
    final = RoundFactory(
        contest=contest,
        order=2,
        name="Chung kết",
        is_live=True,
        judges_per_entry=2,
        opens_at=now - datetime.timedelta(hours=2),
        closes_at=now + datetime.timedelta(hours=6),
    )
    CriterionFactory(round=final, max_points=Decimal("100"))
    for n, title in enumerate(("Trà shan tuyết", "Cà phê Mường Bú", "Mận hậu sấy <dẻo>"), start=1):
        EntryFactory(
            contest=contest,
            unit=commune,
            status=Entry.Status.IN_COMPETITION,
            round=final,
            code=f"2026-{n:03d}",
            title=title,
        )
    return final


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def detail(client, round_) -> str:
    return client.get(reverse("competitions:round-detail", kwargs={"pk": round_.pk})).content.decode()


def test_deciding_a_final_with_no_judges_is_refused_and_the_page_lists_what_is_missing(staff_client, final):
    response = staff_client.post(reverse("competitions:round-advance", kwargs={"pk": final.pk}), follow=True)
    page = response.content.decode()

    assert "0 bài vào vòng sau" not in page
    assert (
        "Chưa chốt kết quả được: 3 bài chưa đủ phiếu chấm đã nộp: 2026-001 (0/2), 2026-002 (0/2), 2026-003 (0/2)."
        in page
    )
    assert page.count("data-missing-entry=") == 3
    assert "Thiếu 2 giám khảo chưa phân công" in page
    assert "Mận hậu sấy &lt;dẻo&gt;" in page
    assert "Mận hậu sấy <dẻo>" not in page
    assert "data-exception-form" in page
    assert page.count("Chưa có phiếu chấm đã nộp: chưa xếp hạng") == 3  # no rank 1–2–3 by entry code
    final.refresh_from_db()
    assert (final.decided_at, RoundResult.objects.count()) == (None, 0)
    assert set(Entry.objects.values_list("status", flat=True)) == {Entry.Status.IN_COMPETITION}


def test_missing_list_names_the_judges_still_to_submit(staff_client, final):
    entry = Entry.objects.get(code="2026-001")
    late = JudgeFactory(contest=final.contest, user__full_name="Hà Văn Chậm")
    declined = JudgeFactory(contest=final.contest, user__full_name="Lò Thị Quen")
    AssignmentFactory(round=final, judge=late, entry=entry)
    AssignmentFactory(round=final, judge=declined, entry=entry, status="abstained", abstain_reason="Người nhà")

    page = detail(staff_client, final)

    assert "Chưa nộp: Hà Văn Chậm" in page
    assert "Không chấm: Lò Thị Quen" in page


def test_a_complete_final_is_decided_from_the_page(staff_client, final):
    judges = [JudgeFactory(contest=final.contest) for _ in range(2)]
    for entry in Entry.objects.filter(round=final):
        for judge in judges:
            AssignmentFactory(round=final, judge=judge, entry=entry, status="submitted", total=Decimal(70))

    page = staff_client.post(reverse("competitions:round-advance", kwargs={"pk": final.pk}), follow=True)

    assert "Đã chốt kết quả: 0 bài vào vòng sau, 0 bài dừng, 3 bài hoàn thành." in page.content.decode()
    assert "data-missing" not in page.content.decode()


def test_exception_needs_a_reason(staff_client, final):
    url = reverse("competitions:round-advance", kwargs={"pk": final.pk})

    page = staff_client.post(url, {"reason": "   "}, follow=True).content.decode()

    assert "Cần ghi lý do chốt kết quả khi còn thiếu phiếu chấm." in page
    assert not RoundDecisionException.objects.exists()
    assert not RoundResult.objects.exists()


def test_exception_is_recorded_and_stated_on_the_ranking_its_exports_and_the_public_page(
    staff_client, staff_user, final
):
    staff_user.full_name = "Nguyễn Thị Tỉnh Đoàn"
    staff_user.save()
    judge = JudgeFactory(contest=final.contest)
    for entry in Entry.objects.filter(round=final):
        AssignmentFactory(round=final, judge=judge, entry=entry, status="submitted", total=Decimal(60))
    reason = "Một giám khảo ốm; Ban Tổ chức thống nhất <chốt>"
    statement = (
        "Chốt kết quả khi còn thiếu phiếu chấm: 2026-001, 2026-002, 2026-003 — lý do: "
        "Một giám khảo ốm; Ban Tổ chức thống nhất {reason_tail} — người quyết định: Nguyễn Thị Tỉnh Đoàn, "
        "ngày 07/12/2026."
    )

    response = staff_client.post(
        reverse("competitions:round-advance", kwargs={"pk": final.pk}), {"reason": reason}, follow=True
    )
    page = detail(staff_client, final)

    assert "3 bài hoàn thành" in response.content.decode()
    exception = RoundDecisionException.objects.get()
    assert (exception.round, exception.reason, exception.decided_by) == (final, reason, staff_user)
    assert statement.format(reason_tail="&lt;chốt&gt;") in page
    workbook = load_workbook(
        io.BytesIO(staff_client.get(reverse("competitions:round-ranking-export", kwargs={"pk": final.pk})).content)
    )
    notes = dict(workbook["Ghi chú"].iter_rows(values_only=True))
    assert notes["Chốt kết quả khi thiếu phiếu"] == statement.format(reason_tail="<chốt>")
    if shutil.which(PDFTOTEXT):
        pdf = staff_client.get(reverse("competitions:round-ranking-pdf", kwargs={"pk": final.pk})).content
        text = subprocess.run([PDFTOTEXT, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603
        assert "Chốt kết quả khi còn thiếu phiếu chấm: 2026-001, 2026-002, 2026-003" in " ".join(text.split())
    services.contest_record_no_prizes(contest=final.contest, reason="Không bài nào đủ điểm", actor=staff_user)
    services.contest_publish_results(contest=final.contest, actor=staff_user)
    public = staff_client.get(reverse("competitions:public-results", kwargs={"slug": "y-tuong-son-la"}))
    assert statement.format(reason_tail="&lt;chốt&gt;") in public.content.decode()


def test_prize_page_offers_publishing_only_when_the_final_is_decided_and_prizes_given(staff_client, staff_user, final):
    url = reverse("competitions:prize-assign", kwargs={"contest_pk": final.contest.pk})

    before = staff_client.get(url).content.decode()
    refused = staff_client.post(
        reverse("competitions:contest-publish", kwargs={"contest_pk": final.contest.pk}), follow=True
    )
    judge = JudgeFactory(contest=final.contest)
    for entry in Entry.objects.filter(round=final):
        AssignmentFactory(round=final, judge=judge, entry=entry, status="submitted", total=Decimal(80))
    services.round_advance_with_exception(round=final, reason="Thiếu một giám khảo", actor=staff_user)
    tier = PrizeTierFactory(contest=final.contest, name="Giải Nhất", rank=1, count=1)
    decided = staff_client.get(url).content.decode()
    services.award_set(
        contest=final.contest, assignments={Entry.objects.get(code="2026-001").pk: tier.pk}, actor=staff_user
    )
    ready = staff_client.get(url).content.decode()

    assert "data-publish-disabled" in before
    assert "Vòng cuối (Chung kết) chưa chốt kết quả." in before
    assert "Chưa công bố kết quả được. Vòng cuối (Chung kết) chưa chốt kết quả." in refused.content.decode()
    assert Contest.objects.get(pk=final.contest.pk).results_published_at is None
    assert "Vòng cuối (Chung kết) chưa chốt kết quả." not in decided
    assert "Chưa trao giải nào; hãy trao giải hoặc ghi nhận cuộc thi không trao giải." in decided
    assert "data-publish-disabled" not in ready
    assert "data-no-prizes-form" not in ready


def test_staff_record_no_prizes_from_the_prize_page(staff_client, staff_user, final):
    Round.objects.filter(pk=final.pk).update(decided_at=timezone.now(), status=Round.Status.CLOSED)
    url = reverse("competitions:contest-no-prizes", kwargs={"contest_pk": final.contest.pk})

    empty = staff_client.post(url, {"reason": ""}, follow=True).content.decode()
    page = staff_client.post(url, {"reason": "Không bài nào đạt điểm sàn"}, follow=True).content.decode()

    assert "Đã ghi nhận cuộc thi không trao giải." not in empty
    assert "Cuộc thi không trao giải — lý do: Không bài nào đạt điểm sàn" in page
    assert "data-publish-disabled" not in page
    assert Contest.objects.get(pk=final.contest.pk).no_prizes_by == staff_user


@pytest.mark.parametrize("role", ["officer", "judge"])
def test_no_prizes_is_staff_only(client, request, final, role):
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        reverse("competitions:contest-no-prizes", kwargs={"contest_pk": final.contest.pk}), {"reason": "x"}
    )

    assert response.status_code == 403
    assert Contest.objects.get(pk=final.contest.pk).no_prizes_at is None


# --- a round's state and window -----------------------------------------------------------


@pytest.fixture
def pending_round(contest):
    """A round staff have not opened, planned to start in three days."""
    RoundFactory(
        contest=contest,
        order=1,
        status=Round.Status.CLOSED,
        decided_at=timezone.now() - days_(5),
        opens_at=timezone.now() - days_(10),
        closes_at=timezone.now() - days_(6),
    )
    return RoundFactory(
        contest=contest,
        order=2,
        name="Chung kết",
        status=Round.Status.PENDING,
        opens_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 8, 0)),
        closes_at=timezone.make_aware(datetime.datetime(2026, 12, 10, 17, 0)),
    )


def days_(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.mark.parametrize(
    ("status", "opens", "closes", "decided", "expected"),
    [
        ("pending", (12, 10, 8), (12, 10, 17), False, "Chưa mở – dự kiến mở từ 08:00 10/12/2026"),
        ("open", (12, 10, 8), (12, 10, 17), False, "Chưa mở – mở từ 08:00 10/12/2026"),
        ("open", (12, 7, 8), (12, 7, 17), False, "Đang mở đến 17:00 07/12/2026"),
        ("open", (12, 1, 8), (12, 5, 17), False, "Đã đóng lúc 17:00 05/12/2026, chờ chốt kết quả"),
        ("closed", (12, 1, 8), (12, 5, 17), False, "Đã đóng, chờ chốt kết quả"),
        ("closed", (12, 1, 8), (12, 5, 17), True, "Đã chốt kết quả lúc 17:00 07/12/2026"),
    ],
)
def test_round_state_gives_one_state_and_its_reason(status, opens, closes, decided, expected):
    def at(month, day, hour):
        return timezone.make_aware(datetime.datetime(2026, month, day, hour, 0))

    round_ = Round(
        status=status, opens_at=at(*opens), closes_at=at(*closes), decided_at=at(12, 7, 17) if decided else None
    )

    assert round_.state_at(timezone.now()).reason == expected  # 17:00 07/12/2026 in Hà Nội


def test_a_planned_round_not_yet_opened_shows_its_state_without_a_warning(staff_client, pending_round):
    page = detail(staff_client, pending_round)

    assert "Chưa mở – dự kiến mở từ 08:00 10/12/2026" in page
    assert "data-window" not in page


def test_opening_a_round_outside_its_window_warns_and_offers_to_move_it(staff_client, pending_round):
    response = staff_client.post(reverse("competitions:round-open", kwargs={"pk": pending_round.pk}), follow=True)
    page = response.content.decode()

    pending_round.refresh_from_db()
    assert pending_round.status == Round.Status.OPEN
    assert "nằm ngoài thời gian của vòng (Chưa mở – mở từ 08:00 10/12/2026)" in page
    assert "data-window" in page
    assert reverse("competitions:round-move-window", kwargs={"pk": pending_round.pk}) in page


def test_staff_move_the_window_on_the_round_page(staff_client, staff_user, pending_round):
    url = reverse("competitions:round-move-window", kwargs={"pk": pending_round.pk})
    services.round_open(round=pending_round, actor=staff_user)

    response = staff_client.post(url, {"opens_at": "2026-12-07T08:00", "closes_at": "2026-12-07T20:00"}, follow=True)

    pending_round.refresh_from_db()
    assert timezone.localtime(pending_round.opens_at).strftime("%H:%M %d/%m/%Y") == "08:00 07/12/2026"
    assert "Đã đổi thời gian Chung kết: Đang mở đến 20:00 07/12/2026." in response.content.decode()
    assert "data-window" not in response.content.decode()
    assert pending_round.history.latest().history_user == staff_user


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        ("2026-12-07T20:00", "2026-12-07T08:00", "Thời gian kết thúc phải sau thời gian bắt đầu."),
        ("2026-11-20T08:00", "2026-12-08T08:00", "Vòng không được bắt đầu trước khi Vòng sơ tuyển kết thúc"),
    ],
)
def test_moving_the_window_is_validated(staff_client, pending_round, opens, closes, message):
    url = reverse("competitions:round-move-window", kwargs={"pk": pending_round.pk})

    response = staff_client.post(url, {"opens_at": opens, "closes_at": closes})

    assert response.status_code == 400
    assert message in response.content.decode()
    pending_round.refresh_from_db()
    assert timezone.localtime(pending_round.opens_at).strftime("%d/%m") == "10/12"
