"""Staff outputs of an award programme: honour list (Excel, PDF) and certificates (PDF)."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from awards.models import AwardProgramme, Nomination
from common.choices import Ethnicity, Gender
from tests.awards.factories import AwardCategoryFactory, AwardProgrammeFactory, NominationFactory
from tests.pdfs import flat, page_images, pdf_pages, qr_codes
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

PDFTOTEXT = "/usr/bin/pdftotext"
PDFINFO = "/usr/bin/pdfinfo"
HEADERS = (
    "STT",
    "Họ và tên",
    "Năm sinh",
    "Giới tính",
    "Dân tộc",
    "Đơn vị",
    "Lĩnh vực",
    "Mô hình",
    "Doanh thu năm (đồng)",
    "Lao động",
    "Mã xác minh",
)


def make_programme(**kwargs) -> AwardProgramme:
    """A decided programme: the council has closed and staff recorded the decision."""
    values = {
        "name": "Tuyên dương Thanh niên làm kinh tế giỏi năm 2026",
        "slug": "kinh-te-gioi-2026",
        "status": AwardProgramme.Status.DECIDED,
        "decision_number": "125-QĐ/TĐTN",
        "decision_date": datetime.date(2026, 10, 5),
    }
    values.update(kwargs)
    return AwardProgrammeFactory(**values)


def nominate(programme, category, unit, *, status=Nomination.Status.APPROVED, code="", person=None, **kwargs):
    return NominationFactory(
        programme=programme,
        category=category,
        unit=unit,
        entrepreneur=person or EntrepreneurFactory(unit=unit),
        status=status,
        verification_code=code,
        **kwargs,
    )


def sheet_rows(response) -> list[tuple]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def pdf_text(response) -> str:
    """The PDF's text through poppler's pdftotext (pages separated by form feeds)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if not shutil.which(PDFTOTEXT):
        pytest.skip("poppler-utils (pdftotext) is not installed; the PDF's text cannot be checked")
    result = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=response.content, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode("utf-8")


def pdf_info(content: bytes) -> str:
    if not shutil.which(PDFINFO):
        pytest.skip("poppler-utils (pdfinfo) is not installed; the page size cannot be checked")
    return subprocess.run([PDFINFO, "-"], input=content, capture_output=True, check=True).stdout.decode()  # noqa: S603


@pytest.fixture
def decided(commune, other_commune):
    """A decided programme: two honourees in two categories, and nominations that are not honoured."""
    programme = make_programme()
    rural = AwardCategoryFactory(programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi", order=1)
    business = AwardCategoryFactory(programme=programme, name="Chủ doanh nghiệp trẻ", order=2)
    mai = EntrepreneurFactory(
        full_name="Lò Thị Mai",
        date_of_birth=datetime.date(1996, 3, 4),
        gender=Gender.FEMALE,
        ethnicity=Ethnicity.THAI,
        unit=commune,
    )
    dinh = EntrepreneurFactory(
        full_name="Mùa A Dình",
        date_of_birth=datetime.date(1999, 8, 20),
        gender=Gender.MALE,
        ethnicity=Ethnicity.MONG,
        unit=other_commune,
    )
    # Listed in category order, so Dình's business category comes after Mai's rural one.
    nominate(
        programme,
        business,
        other_commune,
        person=dinh,
        code="F6E5D4C3B2",
        certificate_serial=2,
        annual_revenue=450_000_000,
        jobs_created=5,
    )
    nominate(
        programme,
        rural,
        commune,
        person=mai,
        code="A1B2C3D4E5",
        certificate_serial=1,
        venture=VentureFactory(name="HTX chè shan tuyết Tà Xùa", unit=commune),
        annual_revenue=1_200_000_000,
        jobs_created=12,
    )
    nominate(
        programme,
        rural,
        commune,
        status=Nomination.Status.SUBMITTED,
        person=EntrepreneurFactory(full_name="Cầm Văn Chờ", unit=commune),
    )
    nominate(
        programme,
        rural,
        commune,
        status=Nomination.Status.NOT_APPROVED,
        person=EntrepreneurFactory(full_name="Tòng Thị Loại", unit=commune),
    )
    nominate(
        programme,
        rural,
        commune,
        status=Nomination.Status.DRAFT,
        person=EntrepreneurFactory(full_name="Lường Văn Nháp", unit=commune),
    )
    other = make_programme(name="Tuyên dương năm 2025", year=2025, slug="kinh-te-gioi-2025")
    nominate(
        other,
        AwardCategoryFactory(programme=other, name="Khác"),
        commune,
        person=EntrepreneurFactory(full_name="Hà Văn Khác", unit=commune),
        code="0000000001",
    )
    return programme


def url(name: str, programme) -> str:
    return reverse(f"awards:{name}", kwargs={"programme_pk": programme.pk})


# --- honour list (Excel) ----------------------------------------------------------------


def test_honour_list_export_holds_exactly_the_honourees(client, staff_user, decided):
    client.force_login(staff_user)

    response = client.get(url("honour-list-export", decided))

    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-tuyen-duong-kinh-te-gioi-2026-')
    assert sheet_rows(response) == [
        HEADERS,
        (
            1,
            "Lò Thị Mai",
            1996,
            "Nữ",
            "Thái",
            "Đoàn phường Tô Hiệu",
            "Thanh niên nông thôn làm kinh tế giỏi",
            "HTX chè shan tuyết Tà Xùa",
            1200000000,
            12,
            "A1B2C3D4E5",
        ),
        (
            2,
            "Mùa A Dình",
            1999,
            "Nam",
            "Mông",
            "Đoàn xã Mường La",
            "Chủ doanh nghiệp trẻ",
            None,
            450000000,
            5,
            "F6E5D4C3B2",
        ),
    ]


def test_honour_list_export_neutralises_formula_like_names(client, staff_user, decided):
    nomination = Nomination.objects.get(verification_code="A1B2C3D4E5")
    nomination.entrepreneur.full_name = '=HYPERLINK("http://x.example","Bấm vào đây")'
    nomination.entrepreneur.save()
    nomination.venture.name = "+SUM(A1:A9)"
    nomination.venture.save()
    client.force_login(staff_user)

    rows = sheet_rows(client.get(url("honour-list-export", decided)))

    assert rows[1][1] == '\'=HYPERLINK("http://x.example","Bấm vào đây")'
    assert rows[1][7] == "'+SUM(A1:A9)"


def test_honour_list_export_costs_the_same_queries_for_2_and_15_honourees(
    client, staff_user, commune, django_assert_max_num_queries
):
    programme = make_programme()
    category = AwardCategoryFactory(programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi")
    client.force_login(staff_user)

    def add(numbers):
        for n in numbers:
            venture = VentureFactory(unit=commune)
            nominate(programme, category, commune, code=f"C0DE{n:06d}", venture=venture)

    add(range(2))
    with django_assert_max_num_queries(5) as few:
        client.get(url("honour-list-export", programme))
    add(range(2, 15))
    with django_assert_max_num_queries(5) as many:
        response = client.get(url("honour-list-export", programme))

    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(sheet_rows(response)) == 1 + 15


# --- honour list and certificates (PDF) -------------------------------------------------


def test_honour_list_pdf_is_the_signed_list_attached_to_the_decision(client, staff_user, decided):
    client.force_login(staff_user)

    text = pdf_text(client.get(url("honour-list-pdf", decided)))

    assert "DANH SÁCH THANH NIÊN LÀM KINH TẾ GIỎI ĐƯỢC TUYÊN DƯƠNG" in text
    assert "Quyết định số 125-QĐ/TĐTN ngày 05 tháng 10 năm 2026" in text
    assert "Sơn La, ngày 05 tháng 10 năm 2026" in text
    assert "Lò Thị Mai" in text
    assert "Mùa A Dình" in text
    assert "A1B2C3D4E5" in text
    assert "1.200.000.000 ₫" in text
    assert "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN" in text
    for absent in ("Cầm Văn Chờ", "Tòng Thị Loại", "Lường Văn Nháp", "Hà Văn Khác"):
        assert absent not in text


def test_certificates_pdf_prints_one_landscape_page_per_honouree(client, staff_user, decided, settings):
    settings.PORTAL_BASE_URL = "https://thanhnien.sonla.example"
    client.force_login(staff_user)

    response = client.get(url("certificates-pdf", decided))

    text = pdf_text(response)
    assert "Số: 01/GCN-TĐTN" in text
    pages = [page for page in text.split("\f") if page.strip()]
    assert len(pages) == 2
    mai, dinh = pages
    assert "GIẤY CHỨNG NHẬN" in mai
    assert "BAN THƯỜNG VỤ TỈNH ĐOÀN SƠN LA" in mai
    assert "Chị Lò Thị Mai" in mai
    assert "Đoàn phường Tô Hiệu" in mai
    assert "Lĩnh vực: Thanh niên nông thôn làm kinh tế giỏi" in mai
    assert "Tuyên dương Thanh niên làm kinh tế giỏi năm 2026" in mai
    assert "(Theo Quyết định số 125-QĐ/TĐTN ngày 05 tháng 10 năm 2026)" in mai
    assert "Sơn La, ngày 05 tháng 10 năm 2026" in mai
    assert "Mã xác minh: A1B2C3D4E5" in mai
    assert "https://thanhnien.sonla.example/awards/verify/A1B2C3D4E5/" in mai.replace(" ", "").replace("\n", "")
    assert "Anh Mùa A Dình" in dinh
    assert "Mã xác minh: F6E5D4C3B2" in dinh
    assert "841.89 x 595.2" in pdf_info(response.content)  # A4 landscape, in points


def test_each_certificate_carries_its_number_signer_and_a_qr_code_of_its_verification_page(
    client, staff_user, decided, settings
):
    settings.PORTAL_BASE_URL = "https://thanhnien.sonla.example"
    client.force_login(staff_user)

    content = client.get(url("certificates-pdf", decided)).content

    mai, dinh = pdf_pages(content)
    for page, number in [(mai, "01/GCN-TĐTN"), (dinh, "02/GCN-TĐTN")]:
        assert f"Số: {number}" in page
        assert "TM. BAN THƯỜNG VỤ" in page
        assert "PHÓ BÍ THƯ" in page
        assert "Cầm Thị Phương" in page
    assert "https://thanhnien.sonla.example/awards/verify/A1B2C3D4E5/" in flat(mai)
    assert [len(images) for images in page_images(content)] == [1, 1]
    assert qr_codes(content) == [
        ["https://thanhnien.sonla.example/awards/verify/A1B2C3D4E5/"],
        ["https://thanhnien.sonla.example/awards/verify/F6E5D4C3B2/"],
    ]


def test_certificates_wait_for_the_signer(client, staff_user, decided):
    AwardProgramme.objects.filter(pk=decided.pk).update(signer_name="")
    client.force_login(staff_user)

    response = client.get(url("certificates-pdf", decided))

    assert response.status_code == 302
    assert response["Location"] == reverse("awards:programme-decision", kwargs={"programme_pk": decided.pk})


def test_certificates_without_honourees_send_staff_back_with_a_message(client, staff_user):
    programme = make_programme()
    client.force_login(staff_user)

    response = client.get(url("certificates-pdf", programme), follow=False)

    assert response.status_code == 302
    assert response["Location"] == programme.get_absolute_url()


# --- permissions ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["honour-list-export", "honour-list-pdf", "certificates-pdf"])
@pytest.mark.parametrize("role", ["officer", "council_member"])
def test_non_staff_are_refused_staff_outputs(client, request, decided, name, role):
    client.force_login(request.getfixturevalue(role))

    response = client.get(url(name, decided))

    assert response.status_code == 403


def test_anonymous_is_sent_to_login(client, decided):
    response = client.get(url("honour-list-export", decided))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_unknown_programme_is_not_found(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("awards:honour-list-export", kwargs={"programme_pk": 999}))

    assert response.status_code == 404
