"""The public honour roll, its photos and certificate verification: no login, nothing private."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from awards.models import AwardProgramme, Nomination
from common.choices import Ethnicity
from tests import samples
from tests.awards.factories import AwardCategoryFactory, AwardProgrammeFactory, NominationFactory
from tests.utils import close_response
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

pytestmark = pytest.mark.django_db

PNG_BYTES = samples.png_bytes()


def make_programme(*, published: bool = True, **kwargs) -> AwardProgramme:
    """A decided programme, its honour roll published (or not yet)."""
    values = {
        "name": "Tuyên dương Thanh niên làm kinh tế giỏi năm 2026",
        "slug": "kinh-te-gioi-2026",
        "status": AwardProgramme.Status.DECIDED,
        "decision_number": "125-QĐ/TĐTN",
        "decision_date": datetime.date(2026, 10, 5),
        "ceremony_date": datetime.date(2026, 10, 15),
        "ceremony_place": "Nhà văn hoá tỉnh",
        "honour_roll_published_at": timezone.now() if published else None,
    }
    values.update(kwargs)
    return AwardProgrammeFactory(**values)


def nominate(programme, unit, *, status=Nomination.Status.APPROVED, code="", photo=False, **kwargs):
    """A nomination in the programme's one category, with a portrait when `photo`."""
    category = programme.categories.first() or AwardCategoryFactory(
        programme=programme, name="Thanh niên nông thôn làm kinh tế giỏi"
    )
    kwargs.setdefault("entrepreneur", EntrepreneurFactory(unit=unit))
    nomination = NominationFactory(
        programme=programme, category=category, unit=unit, status=status, verification_code=code, **kwargs
    )
    if photo:
        nomination.photo.save("chan-dung.png", ContentFile(PNG_BYTES), save=True)
    return nomination


@pytest.fixture
def published(commune):
    """A published honour roll: one honouree with a full personal record, and nominations that are not honoured."""
    programme = make_programme()
    mai = EntrepreneurFactory(
        full_name="Lò Thị Mai",
        phone="0912345678",
        date_of_birth=datetime.date(1996, 3, 4),
        citizen_id="014196000123",
        address="Bản Hụm, phường Chiềng An",
        ethnicity=Ethnicity.HA_NHI,
        unit=commune,
    )
    honouree = nominate(
        programme,
        commune,
        entrepreneur=mai,
        code="A1B2C3D4E5",
        certificate_serial=7,
        photo=True,
        venture=VentureFactory(name="HTX chè shan tuyết Tà Xùa", unit=commune),
        annual_revenue=1_234_567_000,
        story="Từ 2 ha chè cổ thụ, Mai lập hợp tác xã cùng 12 thanh niên trong bản.",
    )
    draft = nominate(
        programme,
        commune,
        status=Nomination.Status.DRAFT,
        photo=True,
        entrepreneur=EntrepreneurFactory(full_name="Lường Văn Nháp", unit=commune),
    )
    refused = nominate(
        programme,
        commune,
        status=Nomination.Status.NOT_APPROVED,
        entrepreneur=EntrepreneurFactory(full_name="Tòng Thị Loại", unit=commune),
    )
    return {"programme": programme, "honouree": honouree, "draft": draft, "refused": refused}


def roll_url(slug: str = "kinh-te-gioi-2026") -> str:
    return reverse("awards:honour-roll", kwargs={"slug": slug})


# --- the honour roll --------------------------------------------------------------------


def test_honour_roll_shows_approved_honourees_without_personal_data(client, published):
    honouree = published["honouree"]

    response = client.get(roll_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert [h["full_name"] for h in response.context["honourees"]] == ["Lò Thị Mai"]
    assert "Thanh niên nông thôn làm kinh tế giỏi" in page
    assert "Đoàn phường Tô Hiệu" in page
    assert "HTX chè shan tuyết Tà Xùa" in page
    assert "Từ 2 ha chè cổ thụ" in page
    assert "Quyết định số 125-QĐ/TĐTN ngày 05/10/2026" in page
    assert reverse("awards:honouree-photo", kwargs={"pk": honouree.pk}) in page
    for hidden in ("Lường Văn Nháp", "Tòng Thị Loại"):
        assert hidden not in page
    for private in ("0912345678", "04/03/1996", "1996", "014196000123", "Hà Nhì", "1.234.567.000", "A1B2C3D4E5"):
        assert private not in page


def test_unpublished_honour_roll_is_not_found(client, commune):
    programme = make_programme(published=False, slug="chua-cong-bo")
    nominate(programme, commune, code="A1B2C3D4E5")

    response = client.get(roll_url("chua-cong-bo"))

    assert response.status_code == 404


def test_honour_roll_list_shows_published_programmes_only(client, published):
    make_programme(published=False, name="Tuyên dương đang xét", slug="dang-xet", year=2027)

    response = client.get(reverse("awards:honour-roll-list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert [(p["slug"], p["honouree_count"]) for p in response.context["programmes"]] == [("kinh-te-gioi-2026", 1)]
    assert "Tuyên dương đang xét" not in page
    assert "Tuyên dương ngày 15/10/2026 tại Nhà văn hoá tỉnh" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_honour_roll_costs_the_same_queries_for_2_and_15_honourees(
    client, officer, commune, django_assert_max_num_queries, signed_in
):
    programme = make_programme()
    if signed_in:
        client.force_login(officer)

    def add(count):
        for _ in range(count):
            nominate(programme, commune, venture=VentureFactory(unit=commune), story="Một câu chuyện.")

    add(2)
    client.get(roll_url())  # renders and caches the page frame
    with django_assert_max_num_queries(6) as few:
        client.get(roll_url())
    add(13)
    with django_assert_max_num_queries(6) as many:
        response = client.get(roll_url())

    assert len(few.captured_queries) == len(many.captured_queries)
    assert len(response.context["honourees"]) == 15


def test_honour_roll_list_is_one_query_for_1_and_6_programmes(client, commune, django_assert_num_queries):
    nominate(make_programme(slug="nam-2020", year=2020), commune)
    client.get(reverse("login"))  # draws and keeps the visitors' frame (the union it names: one query a day)
    with django_assert_num_queries(1):
        client.get(reverse("awards:honour-roll-list"))
    for year in range(2021, 2026):
        nominate(make_programme(slug=f"nam-{year}", year=year), commune)
    with django_assert_num_queries(1):
        response = client.get(reverse("awards:honour-roll-list"))

    assert [p["year"] for p in response.context["programmes"]] == [2025, 2024, 2023, 2022, 2021, 2020]


# --- photos -----------------------------------------------------------------------------


def test_honouree_photo_is_served_inline(client, published):
    response = client.get(reverse("awards:honouree-photo", kwargs={"pk": published["honouree"].pk}))

    try:
        body = b"".join(response.streaming_content)
    finally:
        close_response(response)
    assert response.status_code == 200
    assert body == PNG_BYTES
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize("case", ["draft", "not approved", "unpublished programme", "no photo", "unknown"])
def test_honouree_photo_leaks_nothing_else(client, published, commune, case):
    if case == "draft":
        pk = published["draft"].pk
    elif case == "not approved":
        refused = published["refused"]
        refused.photo.save("chan-dung.png", ContentFile(PNG_BYTES), save=True)
        pk = refused.pk
    elif case == "unpublished programme":
        hidden = make_programme(published=False, slug="chua-cong-bo")
        pk = nominate(hidden, commune, code="0000000001", photo=True).pk
    elif case == "no photo":
        pk = nominate(published["programme"], commune, code="0000000002").pk
    else:
        pk = 999_999

    response = client.get(reverse("awards:honouree-photo", kwargs={"pk": pk}))

    assert response.status_code == 404


# --- certificate verification -----------------------------------------------------------


@pytest.mark.parametrize("code", ["A1B2C3D4E5", "a1b2c3d4e5"])
def test_verify_confirms_a_valid_certificate(client, published, code):
    response = client.get(reverse("awards:certificate-verify", kwargs={"code": code}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Giấy chứng nhận hợp lệ" in page
    assert "Lò Thị Mai" in page
    assert "Tuyên dương Thanh niên làm kinh tế giỏi năm 2026" in page
    assert "Số 125-QĐ/TĐTN, ngày 05/10/2026" in page
    assert "0912345678" not in page


def test_verify_shows_the_certificates_facts_and_nothing_private_to_a_visitor(client, published):
    response = client.get(reverse("awards:certificate-verify", kwargs={"code": "A1B2C3D4E5"}))

    page = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="col-sm-8" id="certificate-number">07/GCN-TĐTN</dd>' in page
    for fact in (
        "Lò Thị Mai",  # the person
        "Đoàn phường Tô Hiệu",  # their unit
        "Thanh niên nông thôn làm kinh tế giỏi",  # the category
        "Tuyên dương Thanh niên làm kinh tế giỏi năm 2026",  # the programme
        "05/10/2026",  # the day of the decision, the certificate's date
        "Tỉnh đoàn Sơn La",  # the issuer
        "Cầm Thị Phương, Phó Bí thư",  # who signed
    ):
        assert fact in page
    for private in ("0912345678", "014196000123", "04/03/1996", "1996", "Bản Hụm", "1.234.567.000", "Hà Nhì"):
        assert private not in page


@pytest.mark.parametrize("case", ["unknown", "unpublished programme"])
def test_verify_rejects_an_unknown_or_unpublished_code(client, published, commune, case):
    code = "FFFFFFFFFF"
    if case == "unpublished programme":
        hidden = make_programme(published=False, slug="chua-cong-bo")
        nominate(hidden, commune, code=code, entrepreneur=EntrepreneurFactory(full_name="Hà Văn Ẩn", unit=commune))

    response = client.get(reverse("awards:certificate-verify", kwargs={"code": code}))

    page = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy giấy chứng nhận với mã này" in page
    assert "Hà Văn Ẩn" not in page


def test_verify_escapes_the_code_it_echoes(client, published):
    response = client.get(reverse("awards:certificate-verify", kwargs={"code": "<img src=x onerror=alert(1)>"}))

    assert response.status_code == 404
    assert "<img src=x onerror=alert(1)>" not in response.content.decode()
