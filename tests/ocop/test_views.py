import datetime
import html
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from ocop import services
from ocop.models import CandidateList, Product, Rating, add_months
from tests import samples
from tests.ocop.factories import advance_to, make_product, make_venture
from tests.utils import close_response

pytestmark = pytest.mark.django_db
S = Product.Stage


def _login(client, user):
    client.force_login(user)
    return client


# --- permissions per role -------------------------------------------------------------


def test_cycle_pages_for_staff_and_officer_not_for_other_roles(
    client, cycle, staff_user, officer, judge, bank_liaison
):
    for user in (staff_user, officer):
        _login(client, user)
        assert client.get(reverse("ocop:cycle-list")).status_code == 200
        assert client.get(reverse("ocop:cycle-detail", args=[cycle.pk])).status_code == 200
    for user in (judge, bank_liaison):
        _login(client, user)
        assert client.get(reverse("ocop:cycle-list")).status_code == 403


def test_anonymous_is_sent_to_login(client, cycle):
    response = client.get(reverse("ocop:cycle-detail", args=[cycle.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_officer_cannot_reach_other_units_list_or_product(client, officer, other_entry, other_list, staff_user):
    product = make_product(entry=other_entry)
    _login(client, officer)
    assert client.get(reverse("ocop:list-detail", args=[other_list.pk])).status_code == 404
    assert client.get(reverse("ocop:product-detail", args=[product.pk])).status_code == 404
    assert (
        client.post(reverse("ocop:product-advance", args=[product.pk]), {"to_stage": "preparing"}).status_code == 404
    )


def test_officer_cannot_rate_or_manage_cycle(client, officer, entry, staff_user):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    _login(client, officer)
    response = client.post(
        reverse("ocop:product-rate", args=[product.pk]),
        {
            "rated_on": timezone.localdate().isoformat(),
            "level": "provincial",
            "score_a": 30,
            "score_b": 20,
            "score_c": 25,
        },
    )
    assert response.status_code == 403
    assert not Rating.objects.exists()
    assert client.get(reverse("ocop:cycle-create")).status_code == 403
    assert client.get(reverse("ocop:event-create")).status_code == 403


def test_staff_creates_cycle(client, staff_user, province):
    _login(client, staff_user)
    response = client.post(
        reverse("ocop:cycle-create"),
        {
            "owner": province.pk,
            "year": 2030,
            "name": "OCOP 2030",
            "status": "open",
            "list_deadline": "2030-03-30",
            "target_per_unit": 2,
        },
    )
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert "OCOP 2030" in response.content.decode()


# --- the officer's list ---------------------------------------------------------------


def test_officer_starts_list_adds_product_and_submits(client, cycle, commune, officer):
    venture, owner = make_venture(commune, name="HTX Chè Tô Hiệu")
    _login(client, officer)
    response = client.post(reverse("ocop:list-start", args=[cycle.pk]), {"unit": commune.pk})
    candidate_list = CandidateList.objects.get(cycle=cycle, unit=commune)
    assert response["Location"] == candidate_list.get_absolute_url()
    client.post(reverse("ocop:commune-add", args=[candidate_list.pk]), {"commune": commune.pk, "note": "Vùng chè"})
    entry = candidate_list.communes.get()
    response = client.post(
        reverse("ocop:product-create", args=[entry.pk]),
        {
            "name": "Chè Shan tuyết",
            "group": "beverage",
            "venture": venture.pk,
            "target_stars": 4,
            "has_trademark": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    product = Product.objects.get()
    assert (product.owner, product.commune, product.unit, product.has_trademark) == (owner, commune, commune, True)
    client.post(reverse("ocop:list-submit", args=[candidate_list.pk]))
    candidate_list.refresh_from_db()
    assert candidate_list.status == CandidateList.Status.SUBMITTED
    page = client.get(candidate_list.get_absolute_url()).content.decode()
    assert "Đã gửi" in page
    assert "Gửi danh sách tới Tỉnh đoàn" not in page


def test_submit_after_deadline_shows_message(client, candidate_list, entry, officer):
    make_product(entry=entry, actor=officer)
    cycle = candidate_list.cycle
    cycle.list_deadline = timezone.localdate() - datetime.timedelta(days=2)
    cycle.save()
    _login(client, officer)
    response = client.post(reverse("ocop:list-submit", args=[candidate_list.pk]), follow=True)
    assert "Đã hết hạn gửi danh sách" in response.content.decode()
    candidate_list.refresh_from_db()
    assert candidate_list.status == CandidateList.Status.DRAFT


def test_duplicate_product_form_shows_message(client, entry, officer):
    product = make_product(entry=entry, actor=officer, name="Mật ong bạc hà")
    _login(client, officer)
    response = client.post(
        reverse("ocop:product-create", args=[entry.pk]),
        {"name": "Mật ong bạc hà", "group": "food", "venture": product.venture.pk, "target_stars": 3},
    )
    assert response.status_code == 200
    assert "đã có trong danh sách đợt này" in response.content.decode()
    assert Product.objects.count() == 1


# --- rating through the page ----------------------------------------------------------


def test_staff_rates_and_certifies_through_pages(client, entry, staff_user):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    _login(client, staff_user)
    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("ocop:product-rate", args=[product.pk]),
        {"rated_on": today, "level": "provincial", "score_a": "32", "score_b": "20", "score_c": "26"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.current_rating.stars == 4
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("ocop:product-certify", args=[product.pk]),
        {"certificate_number": "15/GCN-UBND", "issued_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert f"Ngày cấp {tomorrow:%d/%m/%Y} ở tương lai; hãy ghi ngày cấp trên giấy chứng nhận đã có." in html.unescape(
        response.content.decode()
    )
    # An expiry sent with the form is not the form's to set: 36 months from the issue date.
    response = client.post(
        reverse("ocop:product-certify", args=[product.pk]),
        {"certificate_number": "15/GCN-UBND", "issued_on": today, "expires_on": "2000-01-01"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.stage == S.CERTIFIED
    assert product.current_rating.certificate_expires_on == add_months(timezone.localdate(), 36)


def test_certify_form_asks_the_issue_date_and_no_expiry(client, entry, staff_user):
    product = advance_to(make_product(entry=entry), S.RATED, actor=staff_user)
    _login(client, staff_user)

    page = html.unescape(client.get(product.get_absolute_url()).content.decode())

    assert 'name="issued_on"' in page
    assert 'name="expires_on"' not in page
    assert "Giấy chứng nhận có hiệu lực 36 tháng kể từ ngày cấp; ngày hết hạn được tự tính." in page


def test_rating_form_refuses_part_above_max(client, entry, staff_user):
    product = advance_to(make_product(entry=entry), S.SUBMITTED, actor=staff_user)
    _login(client, staff_user)
    response = client.post(
        reverse("ocop:product-rate", args=[product.pk]),
        {
            "rated_on": timezone.localdate().isoformat(),
            "level": "provincial",
            "score_a": 45,
            "score_b": 20,
            "score_c": 25,
        },
    )
    assert "Điểm phần A phải từ 0 đến 40" in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_preview_shows_stars(client, staff_user):
    _login(client, staff_user)
    response = client.get(reverse("ocop:rating-preview"), {"score_a": 20, "score_b": 15, "score_c": 15})
    assert 'data-stars="3"' in response.content.decode()


# --- dashboards -----------------------------------------------------------------------


def test_dashboard_shows_target_progress_per_unit(client, cycle, entry, other_entry, staff_user):
    make_product(entry=entry)
    make_product(entry=entry)
    make_product(entry=other_entry)
    _login(client, staff_user)
    page = client.get(reverse("ocop:cycle-detail", args=[cycle.pk])).content.decode()
    assert f'data-unit="{entry.commune.pk}"' in page
    assert "2/2" in page
    assert "1/2" in page


def test_product_list_query_count_does_not_grow(client, cycle, entry, staff_user, django_assert_max_num_queries):
    _login(client, staff_user)
    make_product(entry=entry)
    url = reverse("ocop:product-list", args=[cycle.pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        client.get(url)
    for _i in range(15):
        advance_to(make_product(entry=entry), S.RATED, actor=staff_user)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.content.decode().count("data-product=") == 16


def test_officer_dashboard_counts_only_own_products(client, cycle, entry, other_entry, officer):
    make_product(entry=entry, name="Riêng của tôi")
    make_product(entry=other_entry, name="Của xã khác")
    _login(client, officer)
    page = client.get(reverse("ocop:product-list", args=[cycle.pk])).content.decode()
    assert "Riêng của tôi" in page
    assert "Của xã khác" not in page


# --- export ---------------------------------------------------------------------------


def test_export_has_products_visible_to_user(client, cycle, entry, other_entry, officer, staff_user):
    advance_to(make_product(entry=entry, name="=HYPERLINK(1)"), S.CERTIFIED, actor=staff_user)
    make_product(entry=other_entry, name="Của xã khác")
    _login(client, officer)
    response = client.get(reverse("ocop:cycle-export", args=[cycle.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "Tên sản phẩm"
    assert [r[3] for r in rows[1:]] == ["'=HYPERLINK(1)"]
    assert rows[1][18] == 4
    assert "Tiến độ đơn vị" in workbook.sheetnames


@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
def test_pdf_summary(client, cycle, entry, staff_user):
    advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    _login(client, staff_user)
    response = client.get(reverse("ocop:cycle-pdf", args=[cycle.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.filterwarnings("ignore:HarfBuzz-Subset:DeprecationWarning")
def test_pdf_summary_is_in_the_language_of_the_person_downloading_it(client, cycle, entry, staff_user):
    staff_user.language = "en"
    staff_user.save(update_fields=["language"])
    _login(client, staff_user)

    response = client.get(reverse("ocop:cycle-pdf", args=[cycle.pk]), HTTP_ACCEPT_LANGUAGE="vi")

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "1. Results by unit" in text
    assert "Kết quả theo đơn vị" not in text


# --- public catalogue -----------------------------------------------------------------


def test_catalogue_shows_certified_products_only(client, entry, staff_user):
    certified = advance_to(
        make_product(entry=entry, name="Cà phê Sơn La", public_contact="0912 345 678"), S.CERTIFIED, actor=staff_user
    )
    advance_to(make_product(entry=entry, name="Chưa công nhận"), S.RATED, actor=staff_user)
    make_product(entry=entry, name="Mới xác định")
    response = client.get(reverse("ocop:catalogue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Cà phê Sơn La" in page
    assert "Chưa công nhận" not in page
    assert "Mới xác định" not in page
    detail = client.get(reverse("ocop:catalogue-detail", args=[certified.pk])).content.decode()
    assert "0912 345 678" in detail
    assert certified.owner.phone not in detail
    uncertified = Product.objects.get(name="Chưa công nhận")
    assert client.get(reverse("ocop:catalogue-detail", args=[uncertified.pk])).status_code == 404


def test_catalogue_filters_by_group_and_commune(client, entry, other_entry, staff_user):
    advance_to(make_product(entry=entry, name="Trà hoa vàng", group="beverage"), S.CERTIFIED, actor=staff_user)
    advance_to(make_product(entry=other_entry, name="Thổ cẩm", group="handicraft"), S.CERTIFIED, actor=staff_user)
    page = client.get(reverse("ocop:catalogue"), {"group": "handicraft"}).content.decode()
    assert "Thổ cẩm" in page
    assert "Trà hoa vàng" not in page
    page = client.get(reverse("ocop:catalogue"), {"commune": entry.commune.pk}).content.decode()
    assert "Trà hoa vàng" in page
    assert "Thổ cẩm" not in page


def test_catalogue_query_count(client, entry, staff_user, django_assert_max_num_queries):
    for _i in range(8):
        advance_to(make_product(entry=entry), S.CERTIFIED, actor=staff_user)
    with django_assert_max_num_queries(8):
        client.get(reverse("ocop:catalogue"))


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/ocop/san-pham/?group=food", "/ocop/catalogue/?group=food"),
        ("/ocop/san-pham/7/", "/ocop/catalogue/7/"),
        ("/ocop/san-pham/anh/9/", "/ocop/catalogue/photos/9/"),
    ],
)
def test_old_vietnamese_catalogue_paths_redirect_permanently(client, old, new):
    """The first paths are printed on QR codes and shared on Zalo: they must keep working."""
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_catalogue_paths_are_english():
    assert reverse("ocop:catalogue") == "/ocop/catalogue/"
    assert reverse("ocop:catalogue-detail", args=[7]) == "/ocop/catalogue/7/"
    assert reverse("ocop:catalogue-photo", args=[9]) == "/ocop/catalogue/photos/9/"


PNG = samples.png_bytes()


def test_photos_of_uncertified_products_are_not_public(client, entry, officer, staff_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = make_product(entry=entry)
    _login(client, officer)
    client.post(
        reverse("ocop:photo-add", args=[product.pk]),
        {"image": SimpleUploadedFile("che.png", PNG, content_type="image/png"), "caption": "Chè"},
    )
    photo = product.photos.get()
    client.logout()
    assert client.get(reverse("ocop:catalogue-photo", args=[photo.pk])).status_code == 404
    advance_to(product, S.CERTIFIED, actor=staff_user)
    response = client.get(reverse("ocop:catalogue-photo", args=[photo.pk]))
    assert response.status_code == 200
    close_response(response)


def test_photo_of_wrong_type_is_refused(client, entry, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    product = make_product(entry=entry)
    _login(client, officer)
    response = client.post(
        reverse("ocop:photo-add", args=[product.pk]),
        {"image": SimpleUploadedFile("che.png", b"not an image", content_type="image/png")},
    )
    assert response.status_code == 200
    assert not product.photos.exists()


def test_home_panel_for_officer_and_staff(client, cycle, candidate_list, officer, staff_user):
    _login(client, officer)
    page = client.get("/").content.decode()
    assert 'data-panel="ocop-lists"' in page
    assert "Đang lập" in page
    _login(client, staff_user)
    page = client.get("/").content.decode()
    assert "Đã nhận 0/" in page


def test_journey_lists_the_product(client, entry, officer):
    product = make_product(entry=entry, name="Măng khô bản Mòng")
    _login(client, officer)
    page = client.get(product.venture.get_absolute_url()).content.decode()
    assert "Măng khô bản Mòng" in page


def test_extension_page_lists_granted_extensions_by_day(client, cycle, commune, staff_user):
    until = cycle.list_deadline + datetime.timedelta(days=5)
    services.extension_grant(
        cycle=cycle, unit=commune, until=until, reason="Lũ <b>quét</b> cắt đường", actor=staff_user
    )

    response = _login(client, staff_user).get(reverse("ocop:extension-create", kwargs={"pk": cycle.pk}))

    content = response.content.decode()
    row = content[content.index("data-extensions") :]
    assert response.status_code == 200
    assert f'<td class="text-nowrap">{until:%d/%m/%Y}</td>' in row
    assert "Lũ &lt;b&gt;quét&lt;/b&gt; cắt đường" in row
    assert "<b>quét</b>" not in content
