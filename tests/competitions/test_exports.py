"""Excel and PDF exports of the contest: exact contents, permissions, fixed query counts."""

import datetime
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from common.choices import Ethnicity, Gender
from competitions.models import Assignment, Entry, Score, TeamMember
from competitions.views import exports as export_views
from tests.competitions.factories import (
    AssignmentFactory,
    ContestFactory,
    CriterionFactory,
    EntryFactory,
    JudgeFactory,
    RoundFactory,
)
from tests.factories import UserFactory
from tests.ventures.factories import EntrepreneurFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = "/usr/bin/pdftotext"


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def pdf_text(content: bytes) -> str:
    """The PDF's text through poppler's pdftotext (pages separated by form feeds)."""
    assert content.startswith(b"%PDF")
    if not shutil.which(PDFTOTEXT):
        pytest.skip("poppler-utils (pdftotext) is not installed; the PDF's text cannot be checked")
    result = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def submit(assignment: Assignment, points: dict) -> None:
    """A submitted scorecard, written directly: these tests are about reading it back."""
    for criterion, value in points.items():
        Score.objects.create(
            assignment=assignment, criterion=criterion, points=Decimal(value), criterion_max=criterion.max_points
        )
    assignment.status = Assignment.Status.SUBMITTED
    assignment.total = sum((Decimal(v) * c.weight for c, v in points.items()), Decimal(0))
    assignment.submitted_at = timezone.now()
    assignment.save()


@pytest.fixture
def scored_round(commune, other_commune):
    """A preliminary round of three entries and two judges, laid out for exact checks.

    2026-001: Bình 30+50=80, Cúc 20+30=50 (spread 30 > 100/4: flagged)
    2026-002: Bình abstained, Cúc 10+20=30
    2026-003: Bình still drafting (35 saved, not shown), Cúc not assigned
    """
    contest = ContestFactory(name="Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV")
    round = RoundFactory(contest=contest, order=1, name="Vòng sơ tuyển")
    novelty = CriterionFactory(round=round, name="Tính mới, sáng tạo", max_points=Decimal(40), order=1)
    feasibility = CriterionFactory(round=round, name="Tính khả thi", max_points=Decimal(60), order=2)
    binh = JudgeFactory(contest=contest, user=UserFactory(username="binh", full_name="Hoàng Văn Bình"))
    cuc = JudgeFactory(contest=contest, user=UserFactory(username="cuc", full_name="Trần Thị Cúc"))
    units = [commune, other_commune, commune]
    titles = ["Sấy mận hậu bằng năng lượng mặt trời", "Du lịch cộng đồng bản Áng", "Cà phê Arabica Thuận Châu"]
    entries = [
        EntryFactory(
            contest=contest,
            unit=unit,
            title=title,
            code=f"2026-00{n}",
            status=Entry.Status.IN_COMPETITION,
            round=round,
        )
        for n, (unit, title) in enumerate(zip(units, titles, strict=True), start=1)
    ]
    a_binh = AssignmentFactory(round=round, judge=binh, entry=entries[0])
    a_cuc = AssignmentFactory(round=round, judge=cuc, entry=entries[0])
    submit(a_binh, {novelty: 30, feasibility: 50})
    submit(a_cuc, {novelty: 20, feasibility: 30})
    AssignmentFactory(round=round, judge=binh, entry=entries[1], status=Assignment.Status.ABSTAINED)
    submit(AssignmentFactory(round=round, judge=cuc, entry=entries[1]), {novelty: 10, feasibility: 20})
    draft = AssignmentFactory(round=round, judge=binh, entry=entries[2], status=Assignment.Status.DRAFT)
    Score.objects.create(assignment=draft, criterion=novelty, points=Decimal(35), criterion_max=Decimal(40))
    return {
        "contest": contest,
        "round": round,
        "entries": entries,
        "judges": (binh, cuc),
        "assignments": (a_binh, a_cuc, draft),
    }


def grow_round(round, count: int) -> None:
    """Add `count` entries, each scored by two fresh judges on every criterion."""
    criteria = list(round.criteria.all())
    judges = [JudgeFactory(contest=round.contest) for _ in range(2)]
    start = Entry.objects.filter(contest=round.contest).count()
    for n in range(start, start + count):
        entry = EntryFactory(
            contest=round.contest, code=f"2026-{n:03d}", status=Entry.Status.IN_COMPETITION, round=round
        )
        for judge in judges:
            submit(AssignmentFactory(round=round, judge=judge, entry=entry), dict.fromkeys(criteria, 10))


# --- entries ----------------------------------------------------------------------------


def test_entries_export_holds_every_entry_with_its_team_lead(client, staff_user, commune):
    contest = ContestFactory()
    round = RoundFactory(contest=contest, name="Vòng sơ tuyển")
    lead = EntrepreneurFactory(
        full_name="Lò Thị Mai",
        date_of_birth=datetime.date(1999, 3, 4),
        gender=Gender.FEMALE,
        ethnicity=Ethnicity.THAI,
        phone="0912345678",
        unit=commune,
    )
    submitted_at = timezone.make_aware(datetime.datetime(2026, 8, 29, 16, 30))
    entry = EntryFactory(
        contest=contest,
        unit=commune,
        lead=lead,
        code="2026-001",
        title='=HYPERLINK("http://x.example","Bấm vào đây")',
        status=Entry.Status.IN_COMPETITION,
        round=round,
        capital_needed=450_000_000,
        submitted_at=submitted_at,
    )
    TeamMember.objects.create(entry=entry, entrepreneur=EntrepreneurFactory(unit=commune))
    rejected = EntryFactory(
        contest=contest,
        unit=commune,
        lead=False,
        code="2026-002",
        title="Nuôi cá lồng lòng hồ",
        status=Entry.Status.REJECTED,
        rejection_reason="Thiếu kế hoạch kinh doanh",
        capital_needed=0,
        submitted_at=submitted_at,
    )
    draft = EntryFactory(contest=contest, unit=commune, lead=False, title="Bản nháp", capital_needed=5)
    EntryFactory(unit=commune, title="Bài của cuộc thi khác")  # not in this contest
    EntryFactory(contest=contest, title="Bài của đơn vị ngoài tỉnh")  # a unit outside the staff's tree

    client.force_login(staff_user)
    rows = sheet_rows(client.get(reverse("competitions:contest-entries-export", kwargs={"contest_pk": contest.pk})))

    assert rows == [
        (
            "STT",
            "Mã bài",
            "Tên ý tưởng, dự án",
            "Lĩnh vực",
            "Đơn vị gửi bài",
            "Trạng thái",
            "Vòng hiện tại",
            "Trưởng nhóm",
            "Ngày sinh",
            "Giới tính",
            "Dân tộc",
            "Số điện thoại",
            "Số thành viên",
            "Vốn cần huy động (đồng)",
            "Nộp lúc",
            "Lý do không đủ điều kiện",
        ),
        (
            1,
            "2026-001",
            '\'=HYPERLINK("http://x.example","Bấm vào đây")',
            entry.category.name,
            "Đoàn phường Tô Hiệu",
            "Đang dự thi",
            "Vòng sơ tuyển",
            "Lò Thị Mai",
            datetime.datetime(1999, 3, 4),
            "Nữ",
            "Thái",
            "0912345678",
            2,
            450000000,
            datetime.datetime(2026, 8, 29, 16, 30),
            None,
        ),
        (
            2,
            "2026-002",
            "Nuôi cá lồng lòng hồ",
            rejected.category.name,
            "Đoàn phường Tô Hiệu",
            "Không đủ điều kiện",
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            0,
            datetime.datetime(2026, 8, 29, 16, 30),
            "Thiếu kế hoạch kinh doanh",
        ),
        (
            3,
            None,
            "Bản nháp",
            draft.category.name,
            "Đoàn phường Tô Hiệu",
            "Bản nháp",
            None,
            None,
            None,
            None,
            None,
            None,
            0,
            5,
            None,
            None,
        ),
    ]


def test_entries_export_costs_the_same_queries_for_2_and_20_entries(
    client, staff_user, commune, django_assert_max_num_queries
):
    contest = ContestFactory()
    url = reverse("competitions:contest-entries-export", kwargs={"contest_pk": contest.pk})
    client.force_login(staff_user)
    EntryFactory.create_batch(2, contest=contest, unit=commune)
    with django_assert_max_num_queries(6) as few:
        client.get(url)
    EntryFactory.create_batch(18, contest=contest, unit=commune)
    with django_assert_max_num_queries(6) as many:
        response = client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(sheet_rows(response)) == 21


# --- score matrix -----------------------------------------------------------------------


def test_matrix_export_lays_out_judges_criteria_and_results(client, staff_user, scored_round):
    round = scored_round["round"]
    first, second, third = scored_round["entries"]
    client.force_login(staff_user)

    rows = sheet_rows(client.get(reverse("competitions:round-matrix-export", kwargs={"pk": round.pk})))

    blank = (None,) * 4
    assert rows == [
        ("Bảng tổng hợp điểm: Vòng sơ tuyển – Cuộc thi Dự án, ý tưởng khởi nghiệp lần thứ IV",) + (None,) * 13,
        (None,) * 14,
        ("STT", "Mã bài", "Tên ý tưởng, dự án", "Đơn vị gửi bài")
        + ("Giám khảo 1: Hoàng Văn Bình", None, None, "Giám khảo 2: Trần Thị Cúc", None, None)
        + ("Điểm trung bình", "Trung vị", "Chênh lệch (cao − thấp)", "Xếp hạng"),
        blank + ("Tính mới, sáng tạo", "Tính khả thi", "Tổng") * 2 + blank,
        (None, None, None, "Điểm tối đa") + (40, 60, 100) * 2 + blank,
        (1, "2026-001", first.title, "Đoàn phường Tô Hiệu", 30, 50, 80, 20, 30, 50, 65, 65, 30, 1),
        (2, "2026-002", second.title, "Đoàn xã Mường La", None, None, "Không chấm", 10, 20, 30, 30, 30, 0, 2),
        (3, "2026-003", third.title, "Đoàn phường Tô Hiệu") + (None,) * 10,
    ]


def test_matrix_export_is_laid_out_to_read_and_print(client, staff_user, scored_round):
    """Its three header rows and the entries' number, code and title stay in view; each judge's
    name spans its criteria; points show two decimals; every printed page repeats the headers."""
    client.force_login(staff_user)

    response = client.get(reverse("competitions:round-matrix-export", kwargs={"pk": scored_round["round"].pk}))

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.freeze_panes == "D6"
    assert sorted(str(r) for r in sheet.merged_cells.ranges) == sorted(
        ["A1:N1", "A3:A5", "B3:B5", "C3:C5", "D3:D4", "E3:G3", "H3:J3", "K3:K5", "L3:L5", "M3:M5", "N3:N5"]
    )
    assert sheet["E3"].value == "Giám khảo 1: Hoàng Văn Bình"
    assert sheet["E3"].font.b is True
    assert [sheet["E6"].value, sheet["E6"].number_format] == [30, "#,##0.00"]  # 30 reads 30.00, like 12.75
    assert [sheet["K6"].value, sheet["K6"].number_format] == [65, "#,##0.00"]
    assert [sheet["N6"].value, sheet["N6"].number_format] == [1, "0"]
    assert sheet.print_title_rows == "$3:$5"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    # The title column is as wide as its titles, the number column as narrow as its numbers.
    assert sheet.column_dimensions["C"].width > 30 > sheet.column_dimensions["A"].width


def test_matrix_export_neutralises_formula_like_titles(client, staff_user, scored_round):
    first = scored_round["entries"][0]
    Entry.objects.filter(pk=first.pk).update(title="+SUM(A1:A9)")
    client.force_login(staff_user)

    rows = sheet_rows(client.get(reverse("competitions:round-matrix-export", kwargs={"pk": scored_round["round"].pk})))

    assert rows[5][2] == "'+SUM(A1:A9)"


def test_matrix_export_costs_the_same_queries_for_2_and_20_entries(client, staff_user, django_assert_max_num_queries):
    round = RoundFactory()
    CriterionFactory.create_batch(3, round=round)
    url = reverse("competitions:round-matrix-export", kwargs={"pk": round.pk})
    client.force_login(staff_user)
    grow_round(round, 2)
    with django_assert_max_num_queries(9) as few:
        client.get(url)
    grow_round(round, 18)
    with django_assert_max_num_queries(9) as many:
        response = client.get(url)

    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(sheet_rows(response)) == 5 + 20  # the title, a blank line, three header rows


# --- ranking ----------------------------------------------------------------------------


def test_ranking_export_ranks_with_counts_and_flags(client, staff_user, scored_round):
    first, second, third = scored_round["entries"]
    client.force_login(staff_user)

    response = client.get(reverse("competitions:round-ranking-export", kwargs={"pk": scored_round["round"].pk}))
    rows = sheet_rows(response)
    notes = list(load_workbook(io.BytesIO(response.content))["Ghi chú"].iter_rows(values_only=True))

    assert rows == [
        (
            "Xếp hạng",
            "Mã bài",
            "Tên ý tưởng, dự án",
            "Đơn vị gửi bài",
            "Phiếu đã chấm",
            "Không chấm",
            "Còn thiếu",
            "Điểm trung bình",
            "Trung vị",
            "Chênh lệch (cao − thấp)",
            "Chênh lệch lớn",
            "Điểm chuẩn hoá (tham khảo)",
        ),
        # Cúc's totals 50 and 30 are ±1 standard deviation; Bình scored one entry only (0).
        (1, "2026-001", first.title, "Đoàn phường Tô Hiệu", 2, 0, 0, 65, 65, 30, "x", 0.5),
        (2, "2026-002", second.title, "Đoàn xã Mường La", 1, 1, 0, 30, 30, 0, None, -1),
        (None, "2026-003", third.title, "Đoàn phường Tô Hiệu", 0, 0, 1, None, None, None, None, None),
    ]
    assert notes[4] == (
        "Thứ tự xét khi bằng điểm",
        "điểm trung bình cao hơn → trung vị cao hơn → nhiều phiếu chấm hơn → mã bài nhỏ hơn",
    )


def test_ranking_pdf_is_a_signed_landscape_sheet(client, staff_user, scored_round):
    client.force_login(staff_user)

    response = client.get(reverse("competitions:round-ranking-pdf", kwargs={"pk": scored_round["round"].pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BẢNG XẾP HẠNG VÒNG SƠ TUYỂN" in text
    assert "Sấy mận hậu bằng năng lượng mặt trời" in text
    assert "TM. BAN TỔ CHỨC" in text
    assert "mã bài nhỏ hơn" in text
    assert f"Sơn La, ngày {timezone.localdate().day:02d} tháng" in text


# --- score sheets -----------------------------------------------------------------------


def test_judge_downloads_own_submitted_sheet_without_team_when_blind(client, scored_round):
    a_binh = scored_round["assignments"][0]
    client.force_login(a_binh.judge.user)

    response = client.get(reverse("competitions:scoresheet-pdf", kwargs={"pk": a_binh.pk}))

    text = pdf_text(response.content)
    assert "PHIẾU CHẤM ĐIỂM" in text
    assert "Sấy mận hậu bằng năng lượng mặt trời" in text
    assert "Tính mới, sáng tạo" in text
    assert "Giám khảo (ký, ghi rõ họ tên)" in text
    assert "Hoàng Văn Bình" in text
    assert "Đoàn phường Tô Hiệu" not in text  # blind round: no unit, no team


@pytest.mark.parametrize("which", ["other judge's", "own draft"])
def test_judge_cannot_download_another_judges_or_unsubmitted_sheet(client, scored_round, which):
    a_binh, a_cuc, draft = scored_round["assignments"]
    client.force_login(a_binh.judge.user)
    target = a_cuc if which == "other judge's" else draft

    response = client.get(reverse("competitions:scoresheet-pdf", kwargs={"pk": target.pk}))

    assert response.status_code == 404


def test_round_scoresheets_pdf_prints_a_page_per_submitted_sheet(client, staff_user, scored_round):
    round = scored_round["round"]
    round.is_blind = False
    round.save()
    client.force_login(staff_user)

    response = client.get(reverse("competitions:round-scoresheets-pdf", kwargs={"pk": round.pk}))

    text = pdf_text(response.content)
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) == 3  # 001 by Bình and by Cúc, 002 by Cúc; no abstention, no draft
    assert "Trần Thị Cúc" in pages[1]
    assert "Đoàn xã Mường La" in pages[2]  # not blind: the unit is printed


def test_round_scoresheets_pdf_too_big_for_one_file_is_printed_judge_by_judge(
    client, staff_user, scored_round, monkeypatch
):
    monkeypatch.setattr(export_views, "MAX_SHEETS_PER_PDF", 2)
    cuc = scored_round["judges"][1]
    url = reverse("competitions:round-scoresheets-pdf", kwargs={"pk": scored_round["round"].pk})
    client.force_login(staff_user)

    refused = client.get(url)
    one_judge = client.get(url, {"judge": cuc.pk})

    assert refused.status_code == 400
    assert "Hãy in theo từng giám khảo" in refused.content.decode()
    pages = [page for page in pdf_text(one_judge.content).split("\f") if page.strip()]
    assert len(pages) == 2
    assert all("Trần Thị Cúc" in page for page in pages)


@pytest.mark.parametrize(
    ("name", "kwarg"),
    [
        ("contest-entries-export", "contest_pk"),
        ("round-matrix-export", "pk"),
        ("round-ranking-export", "pk"),
        ("round-ranking-pdf", "pk"),
        ("round-scoresheets-pdf", "pk"),
        ("prize-certificates-pdf", "contest_pk"),
    ],
)
def test_officer_is_refused_staff_exports(client, officer, scored_round, name, kwarg):
    pk = scored_round["contest"].pk if kwarg == "contest_pk" else scored_round["round"].pk
    client.force_login(officer)

    response = client.get(reverse(f"competitions:{name}", kwargs={kwarg: pk}))

    assert response.status_code == 403


def test_officer_gets_404_for_any_scoresheet(client, officer, scored_round):
    client.force_login(officer)

    response = client.get(reverse("competitions:scoresheet-pdf", kwargs={"pk": scored_round["assignments"][0].pk}))

    assert response.status_code == 404


def test_anonymous_is_sent_to_login(client, scored_round):
    response = client.get(reverse("competitions:round-matrix-export", kwargs={"pk": scored_round["round"].pk}))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
