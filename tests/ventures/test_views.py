"""The registry's web forms and detail pages, driven through the test client."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from tests.factories import user_with_role
from tests.utils import close_response
from tests.ventures.factories import (
    EntrepreneurFactory,
    VentureDocumentFactory,
    VentureFactory,
    VentureUpdateFactory,
    entrepreneur_post,
    update_post,
    venture_post,
)
from ventures.models import Entrepreneur, Venture, VentureUpdate

pytestmark = pytest.mark.django_db

CREATE_URL = reverse("ventures:entrepreneur-create")
VENTURE_CREATE_URL = reverse("ventures:venture-create")


# --- Registering an entrepreneur ---------------------------------------------------


@pytest.mark.parametrize("typed_date", ["2000-03-15", "15/03/2000"])
def test_entrepreneur_create_saves_and_redirects_to_profile(officer_client, officer, branch, typed_date):
    # Act
    response = officer_client.post(CREATE_URL, entrepreneur_post(branch, date_of_birth=typed_date))

    # Assert
    person = Entrepreneur.objects.get()
    assert response.status_code == 302
    assert response["Location"] == person.get_absolute_url()
    assert (person.full_name, person.date_of_birth, person.unit) == (
        "Lường Thị Mai",
        datetime.date(2000, 3, 15),
        branch,
    )
    assert (person.phone, person.created_by) == ("0912345678", officer)


def test_entrepreneur_create_records_history_with_the_officer(officer_client, officer, commune):
    officer_client.post(CREATE_URL, entrepreneur_post(commune))

    person = Entrepreneur.objects.get()
    record = person.history.get()
    assert (record.history_type, record.history_user) == ("+", officer)


def test_entrepreneur_create_shows_success_and_profile(officer_client, commune):
    response = officer_client.post(CREATE_URL, entrepreneur_post(commune), follow=True)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Đã đăng ký thanh niên Lường Thị Mai." in content
    assert "15/03/2000" in content
    assert "Đoàn phường Tô Hiệu" in content


def test_entrepreneur_create_page_offers_only_own_units(officer_client, branch, other_commune):
    response = officer_client.get(CREATE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Đăng ký thanh niên khởi nghiệp" in content
    assert "Chi đoàn Tổ 5" in content
    assert "Đoàn xã Mường La" not in content


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "future", "là ngày trong tương lai."),
        ("date_of_birth", "2000-13-45", "Nhập một ngày hợp lệ."),
        ("citizen_id", "01420000012", "Số CCCD phải gồm đúng 12 chữ số."),
        ("citizen_id", "01420000012x", "Số CCCD phải gồm đúng 12 chữ số."),
        ("phone", "+1 202 555 0101", "Số điện thoại không hợp lệ"),
        ("phone", "123", "Số điện thoại không hợp lệ"),
        ("full_name", "", "Trường này là bắt buộc."),
        ("gender", "robot", "Hãy chọn một lựa chọn hợp lệ."),
    ],
)
def test_entrepreneur_create_rejects_bad_input_and_saves_nothing(officer_client, commune, field, value, message):
    if value == "future":
        value = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()

    response = officer_client.post(CREATE_URL, entrepreneur_post(commune, **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Entrepreneur.objects.exists()


def test_entrepreneur_create_rejects_duplicate_citizen_id(officer_client, commune, other_person):
    other_person.citizen_id = "014200000123"
    other_person.save()

    response = officer_client.post(CREATE_URL, entrepreneur_post(commune, citizen_id="014200000123"))

    assert response.status_code == 200
    assert "Số CCCD này đã có trong danh sách thanh niên." in response.content.decode()
    assert list(Entrepreneur.objects.all()) == [other_person]


def test_entrepreneur_create_rejects_unit_of_another_commune(officer_client, other_commune):
    response = officer_client.post(CREATE_URL, entrepreneur_post(other_commune))

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Entrepreneur.objects.exists()


def test_entrepreneur_create_escapes_typed_text(officer_client, commune):
    response = officer_client.post(
        CREATE_URL, entrepreneur_post(commune, full_name="<script>alert(1)</script>"), follow=True
    )

    content = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)</script>" not in content


def test_entrepreneur_update_saves_and_records_history(officer_client, officer, person, branch):
    url = reverse("ventures:entrepreneur-update", args=[person.pk])
    data = entrepreneur_post(branch, full_name=person.full_name, citizen_id=person.citizen_id, occupation="Nuôi ong")

    response = officer_client.post(url, data, follow=True)

    person.refresh_from_db()
    assert "Đã lưu thông tin Lò Thị Hoa." in response.content.decode()
    assert (person.occupation, person.unit) == ("Nuôi ong", branch)
    assert person.history.first().history_user == officer


def test_entrepreneur_update_cannot_move_person_to_another_commune(officer_client, person, other_commune):
    url = reverse("ventures:entrepreneur-update", args=[person.pk])

    response = officer_client.post(url, entrepreneur_post(other_commune, citizen_id=person.citizen_id))

    person.refresh_from_db()
    assert response.status_code == 200
    assert person.unit.code == "to-hieu"


def test_entrepreneur_detail_shows_profile_and_ventures(officer_client, person, venture):
    response = officer_client.get(person.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Lò Thị Hoa" in content
    assert "20/05/1998" in content
    assert "014098000001" in content
    assert "HTX chè Tô Hiệu" in content
    assert "Lịch sử thay đổi" in content


def test_entrepreneur_detail_hides_ventures_of_other_communes(officer_client, person, other_commune):
    VentureFactory(name="Trang trại bí mật Mường La", unit=other_commune, owners=[person])

    response = officer_client.get(person.get_absolute_url())

    assert "Trang trại bí mật Mường La" not in response.content.decode()


# --- Ventures ----------------------------------------------------------------------


def test_venture_create_saves_owners_and_redirects(officer_client, officer, commune, person, branch_person):
    response = officer_client.post(VENTURE_CREATE_URL, venture_post(commune, [person, branch_person]), follow=True)

    venture = Venture.objects.get()
    assert response.redirect_chain == [(venture.get_absolute_url(), 302)]
    assert "Đã lưu mô hình Hộ kinh doanh cà phê Lường Mai." in response.content.decode()
    assert set(venture.owners.all()) == {person, branch_person}
    assert (venture.created_by, venture.tax_code, venture.annual_revenue) == (officer, "5500123456", 300_000_000)
    assert venture.history.get().history_user == officer


def test_venture_create_page_offers_only_visible_owners(officer_client, person, branch_person, other_person):
    response = officer_client.get(VENTURE_CREATE_URL)

    content = response.content.decode()
    assert "Lò Thị Hoa" in content
    assert "Cầm Văn Tiến" in content
    assert "Quàng Văn Xa" not in content


def test_venture_create_prefills_owner_from_profile(officer_client, person):
    response = officer_client.get(VENTURE_CREATE_URL, {"owner": person.pk})

    form = response.context["form"]
    assert form.initial["owners"] == [person]
    assert form.initial["unit"] == person.unit


def test_venture_create_ignores_owner_of_another_commune_in_query(officer_client, other_person):
    response = officer_client.get(VENTURE_CREATE_URL, {"owner": other_person.pk})

    assert response.status_code == 200
    assert "owners" not in response.context["form"].initial
    assert "Quàng Văn Xa" not in response.content.decode()


def test_venture_create_rejects_owner_of_another_commune(officer_client, commune, person, other_person):
    response = officer_client.post(VENTURE_CREATE_URL, venture_post(commune, [person, other_person]))

    assert response.status_code == 200
    assert f"{other_person.pk} không phải là một trong các lựa chọn" in response.content.decode()
    assert not Venture.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "55001234", "Mã số thuế gồm 10 chữ số"),
        ("founded_on", "future", "Ngày không được ở tương lai."),
        ("kind", "bank", "Hãy chọn một lựa chọn hợp lệ."),
        ("employees", "-3", "lớn hơn hoặc bằng với 0"),
        ("name", "", "Trường này là bắt buộc."),
    ],
)
def test_venture_create_rejects_bad_input_and_saves_nothing(officer_client, commune, person, field, value, message):
    if value == "future":
        value = (timezone.localdate() + datetime.timedelta(days=3)).strftime("%d/%m/%Y")

    response = officer_client.post(VENTURE_CREATE_URL, venture_post(commune, [person], **{field: value}))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Venture.objects.exists()


def test_venture_create_rejects_unit_of_another_commune(officer_client, other_commune, person):
    response = officer_client.post(VENTURE_CREATE_URL, venture_post(other_commune, [person]))

    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    assert not Venture.objects.exists()


def test_venture_update_saves_changes(officer_client, venture, person):
    url = reverse("ventures:venture-update", args=[venture.pk])

    response = officer_client.post(
        url, venture_post(venture.unit, [person], name="HTX chè Shan tuyết", status="paused")
    )

    venture.refresh_from_db()
    assert response.status_code == 302
    assert (venture.name, venture.status) == ("HTX chè Shan tuyết", "paused")


def test_venture_update_keeps_owners_the_officer_cannot_see(officer_client, staff_user, commune, person, other_person):
    # Arrange: provincial staff registered a venture with an owner from another commune.
    venture = VentureFactory(name="HTX liên xã", unit=commune, owners=[person, other_person])
    url = reverse("ventures:venture-update", args=[venture.pk])
    assert "Quàng Văn Xa" not in officer_client.get(url).content.decode()

    # Act: the officer submits what the browser shows, changing only the tax code.
    officer_client.post(url, venture_post(commune, [person], name="HTX liên xã", tax_code="5500999999"))

    # Assert
    assert set(venture.owners.all()) == {person, other_person}


def test_venture_detail_shows_owners_updates_and_documents(officer_client, venture):
    VentureUpdateFactory(venture=venture, period_kind="month", year=2026, period_number=8, difficulties="Thiếu vốn")
    VentureDocumentFactory(venture=venture, title="Giấy phép kinh doanh")

    response = officer_client.get(venture.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    for text in ("HTX chè Tô Hiệu", "Lò Thị Hoa", "Tháng 08/2026", "Thiếu vốn", "Giấy phép kinh doanh", "250.000.000"):
        assert text in content


# --- Progress updates --------------------------------------------------------------


def _update_url(venture):
    return reverse("ventures:venture-update-create", args=[venture.pk])


def test_venture_update_create_page_defaults_to_this_month(officer_client, venture):
    response = officer_client.get(_update_url(venture))

    today = timezone.localdate()
    assert response.status_code == 200
    assert response.context["form"].initial == {
        "period_kind": "month",
        "year": today.year,
        "period_number": today.month,
    }
    assert "Cập nhật tiến độ: HTX chè Tô Hiệu" in response.content.decode()


def test_venture_update_create_saves_monthly_update(officer_client, officer, venture):
    response = officer_client.post(_update_url(venture), update_post(jobs="6"), follow=True)

    update = VentureUpdate.objects.get()
    venture.refresh_from_db()
    assert response.redirect_chain == [(venture.get_absolute_url(), 302)]
    assert "Đã ghi nhận tiến độ Tháng 09/2026." in response.content.decode()
    assert (update.venture, update.submitted_by, update.revenue) == (venture, officer, 25_000_000)
    assert venture.employees == 6


def test_venture_update_create_rejects_duplicate_period(officer_client, venture):
    VentureUpdateFactory(venture=venture, period_kind="month", year=2026, period_number=9, jobs=4)

    response = officer_client.post(_update_url(venture), update_post(jobs="40"))

    venture.refresh_from_db()
    assert response.status_code == 200
    assert "Mô hình này đã có báo cáo cho kỳ đã chọn." in response.content.decode()
    assert venture.updates.count() == 1
    assert venture.employees == 3


def test_venture_update_create_rejects_month_13(officer_client, venture):
    response = officer_client.post(_update_url(venture), update_post(period_number="13"))

    assert response.status_code == 200
    assert "Số kỳ phải từ 1 đến 12 với kỳ báo cáo này." in response.content.decode()
    assert not VentureUpdate.objects.exists()


def test_venture_update_create_yearly_sets_annual_revenue(officer_client, venture):
    officer_client.post(
        _update_url(venture), update_post(period_kind="year", year="2025", period_number="1", revenue="1500000000")
    )

    venture.refresh_from_db()
    assert venture.annual_revenue == 1_500_000_000
    assert "1.500.000.000" in officer_client.get(venture.get_absolute_url()).content.decode()


def test_venture_update_create_newest_period_sets_employees(officer_client, venture):
    officer_client.post(_update_url(venture), update_post(period_number="10", jobs="12"))
    officer_client.post(_update_url(venture), update_post(period_number="3", jobs="2"))

    venture.refresh_from_db()
    assert venture.updates.count() == 2
    assert venture.employees == 12


# --- Who may open what -------------------------------------------------------------


@pytest.fixture
def other_rows(other_person, other_venture):
    return {
        "entrepreneur": other_person,
        "venture": other_venture,
        "document": VentureDocumentFactory(venture=other_venture),
    }


PK_URLS = [
    ("ventures:entrepreneur-detail", "entrepreneur"),
    ("ventures:entrepreneur-update", "entrepreneur"),
    ("ventures:venture-detail", "venture"),
    ("ventures:venture-update", "venture"),
    ("ventures:venture-update-create", "venture"),
    ("ventures:venture-document-create", "venture"),
    ("ventures:venture-document-download", "document"),
]


@pytest.mark.parametrize(("name", "target"), PK_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_pk_urls_of_another_commune_are_404(officer_client, other_rows, name, target, method):
    url = reverse(name, args=[other_rows[target].pk])

    response = getattr(officer_client, method)(url, {"full_name": "x", "name": "x", "title": "x"})

    assert response.status_code == 404
    assert Entrepreneur.objects.filter(full_name="x").count() == 0
    assert Venture.objects.filter(name="x").count() == 0
    assert not VentureUpdate.objects.exists()


@pytest.mark.parametrize(("name", "target"), PK_URLS)
def test_pk_urls_open_for_owning_officer_and_staff(client, officer, staff_user, venture, person, name, target):
    rows = {"entrepreneur": person, "venture": venture, "document": VentureDocumentFactory(venture=venture)}
    url = reverse(name, args=[rows[target].pk])

    for user in (officer, staff_user):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, user
        close_response(response)


@pytest.mark.parametrize(("name", "target"), PK_URLS)
def test_pk_urls_for_branch_rows_open_for_commune_officer(officer_client, branch_person, branch_venture, name, target):
    rows = {"entrepreneur": branch_person, "venture": branch_venture}
    rows["document"] = VentureDocumentFactory(venture=branch_venture)

    response = officer_client.get(reverse(name, args=[rows[target].pk]))

    assert response.status_code == 200
    close_response(response)


@pytest.mark.parametrize(("name", "target"), PK_URLS)
def test_pk_urls_of_the_parent_commune_are_404_for_branch_officer(client, branch, person, venture, name, target):
    client.force_login(user_with_role(Membership.Role.OFFICER, branch))
    rows = {"entrepreneur": person, "venture": venture, "document": VentureDocumentFactory(venture=venture)}

    response = client.get(reverse(name, args=[rows[target].pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "target"), PK_URLS)
def test_pk_urls_redirect_anonymous_to_login(client, other_rows, name, target):
    url = reverse(name, args=[other_rows[target].pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(("name", "target"), PK_URLS)
@pytest.mark.parametrize("role_user", ["judge", "council_member", "bank_liaison"])
def test_pk_urls_hidden_from_roles_without_unit_scope(client, other_rows, name, target, role_user, request):
    client.force_login(request.getfixturevalue(role_user))

    response = client.get(reverse(name, args=[other_rows[target].pk]))

    assert response.status_code == 404


FUNCTION_VIEW_URLS = [
    "ventures:entrepreneur-export",
    "ventures:venture-export",
    "ventures:entrepreneur-import-template",
]
LIST_AND_ACTION_URLS = [
    "ventures:entrepreneur-list",
    "ventures:venture-list",
    "ventures:entrepreneur-create",
    "ventures:venture-create",
    "ventures:entrepreneur-import",
    *FUNCTION_VIEW_URLS,
]


@pytest.mark.parametrize(
    "name",
    LIST_AND_ACTION_URLS,
)
@pytest.mark.parametrize("role_user", ["judge", "council_member", "bank_liaison"])
def test_lists_and_actions_forbidden_for_roles_without_unit_scope(client, name, role_user, request):
    client.force_login(request.getfixturevalue(role_user))

    response = client.get(reverse(name))

    assert response.status_code == 403


@pytest.mark.parametrize("name", FUNCTION_VIEW_URLS)
def test_exports_and_template_give_judge_no_workbook(client, judge, person, name):
    client.force_login(judge)

    response = client.get(reverse(name))

    assert response.status_code == 403
    assert "spreadsheetml" not in response.get("Content-Type", "")


@pytest.mark.parametrize("name", LIST_AND_ACTION_URLS)
def test_lists_and_actions_redirect_anonymous_to_login(client, name):
    url = reverse(name)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_judge_posting_registration_saves_nothing(client, judge, commune):
    client.force_login(judge)

    response = client.post(CREATE_URL, entrepreneur_post(commune))

    assert response.status_code == 403
    assert not Entrepreneur.objects.exists()


def test_other_officer_editing_via_post_changes_nothing(client, other_officer, person):
    client.force_login(other_officer)
    url = reverse("ventures:entrepreneur-update", args=[person.pk])

    response = client.post(url, entrepreneur_post(person.unit, full_name="Bị sửa trộm"))

    person.refresh_from_db()
    assert response.status_code == 404
    assert person.full_name == "Lò Thị Hoa"


def test_staff_sees_any_commune_profile(client, staff_user, other_person):
    client.force_login(staff_user)

    response = client.get(other_person.get_absolute_url())

    assert response.status_code == 200
    assert "Quàng Văn Xa" in response.content.decode()


def test_entrepreneur_detail_age_is_today(officer_client, commune):
    today = timezone.localdate()
    born = datetime.date(today.year - 25, 1, 1)
    person = EntrepreneurFactory(unit=commune, date_of_birth=born)

    response = officer_client.get(person.get_absolute_url())

    assert response.context["age"] == 25
    assert "25 tuổi" in response.content.decode()


def test_staff_registers_young_person_in_any_commune(client, staff_user, commune, other_commune):
    client.force_login(staff_user)

    page = client.get(CREATE_URL).content.decode()
    response = client.post(CREATE_URL, entrepreneur_post(other_commune))

    person = Entrepreneur.objects.get()
    assert "Đoàn phường Tô Hiệu" in page
    assert "Đoàn xã Mường La" in page
    assert response.status_code == 302
    assert (person.unit, person.created_by) == (other_commune, staff_user)
