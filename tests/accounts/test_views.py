"""Home page, unit tree pages and the notification list, per role."""

import datetime
import re

import pytest
from django.urls import reverse

from common.models import Notification
from common.services import notification_create
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _panels(response) -> list[str]:
    return re.findall(r'data-panel="([^"]+)"', response.content.decode())


def _unit_links(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/org/units/(\d+)/"', response.content.decode())}


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", full_name="Quản trị viên", is_superuser=True, is_staff=True)


# Home page


@pytest.mark.parametrize(
    ("user_fixture", "panels", "role_badge", "panel_text"),
    [
        (
            "staff_user",
            ["registry"],
            "Cán bộ Tỉnh đoàn · Tỉnh đoàn Sơn La",
            "Thanh niên khởi nghiệp và mô hình kinh tế",
        ),
        (
            "officer",
            ["registry"],
            "Cán bộ đơn vị · Đoàn phường Tô Hiệu",
            "Thanh niên khởi nghiệp và mô hình kinh tế",
        ),
        (
            "judge",
            ["judge"],
            "Giám khảo · Tỉnh đoàn Sơn La",
            "Các bài dự thi được phân công chấm sẽ hiện ở đây khi vòng chấm mở.",
        ),
        (
            "council_member",
            ["council"],
            "Thành viên Hội đồng xét chọn · Tỉnh đoàn Sơn La",
            "Hồ sơ đề nghị tuyên dương cần xem xét và bỏ phiếu sẽ hiện ở đây.",
        ),
        (
            "bank_liaison",
            ["loans-bank"],
            "Cán bộ Ngân hàng CSXH · Tỉnh đoàn Sơn La",
            "Không có hồ sơ nào đang chờ ngân hàng.",
        ),
    ],
    ids=["staff", "officer", "judge", "council", "bank_liaison"],
)
def test_home_renders_role_specific_panels_in_vietnamese(
    client, request, user_fixture, panels, role_badge, panel_text
):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert f"Xin chào, {user.full_name}" in content
    assert "Việc cần làm" in content
    assert role_badge in content
    assert panel_text in content
    assert _panels(response) == panels


@pytest.mark.parametrize(
    ("user_fixture", "sees_registry_menu"),
    [("staff_user", True), ("officer", True), ("judge", False), ("council_member", False), ("bank_liaison", False)],
)
def test_home_navbar_shows_unit_menu_to_scoped_roles_only(client, request, user_fixture, sees_registry_menu):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(reverse("home"))

    assert (f'href="{reverse("accounts:unit-list")}"' in response.content.decode()) is sees_registry_menu


def test_home_for_superuser_shows_the_staff_panel(client, superuser):
    client.force_login(superuser)

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Quản trị hệ thống" in response.content.decode()
    assert _panels(response) == ["registry"]


def test_home_for_user_without_role_says_so(client, db):
    client.force_login(UserFactory(username="moi"))

    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Tài khoản chưa được giao vai trò nào. Hãy liên hệ Văn phòng Tỉnh đoàn." in response.content.decode()
    assert _panels(response) == []


def test_home_redirects_anonymous_to_login(client):
    response = client.get(reverse("home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


def test_home_lists_own_unread_notifications_only(client, officer, other_officer):
    notification_create(recipient=officer, key="k1", title="Nộp danh sách ý tưởng trước 30/3")
    notification_create(recipient=other_officer, key="k1", title="Việc của đơn vị khác")
    read = notification_create(recipient=officer, key="k2", title="Đã đọc rồi")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    client.force_login(officer)

    response = client.get(reverse("home"))

    content = response.content.decode()
    assert "Nộp danh sách ý tưởng trước 30/3" in content
    assert "Việc của đơn vị khác" not in content
    assert "Đã đọc rồi" not in content
    assert "Không có việc nào đang chờ." not in content


def test_home_without_notifications_says_nothing_waits(client, officer):
    client.force_login(officer)

    response = client.get(reverse("home"))

    assert "Không có việc nào đang chờ." in response.content.decode()


def test_navbar_badge_counts_unread_notifications(client, officer):
    for index in range(3):
        notification_create(recipient=officer, key=f"k{index}", title=f"Việc {index}")
    client.force_login(officer)

    response = client.get(reverse("home"))

    assert '<span class="badge text-bg-warning">3</span>' in response.content.decode()


# Unit tree


def test_unit_list_shows_officer_their_subtree_only(client, officer, province, commune, branch, other_commune):
    client.force_login(officer)

    response = client.get(reverse("accounts:unit-list"))

    assert response.status_code == 200
    assert [unit.code for unit in response.context["units"]] == ["to-hieu", "chi-doan-to-5"]
    assert _unit_links(response) == {commune.pk, branch.pk}
    content = response.content.decode()
    assert "Đoàn phường Tô Hiệu" in content
    assert "Đoàn xã Mường La" not in content


def test_unit_list_shows_staff_the_province(client, staff_user, province, commune, branch, other_commune):
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-list"))

    assert response.status_code == 200
    assert _unit_links(response) == {province.pk, commune.pk, branch.pk, other_commune.pk}
    assert "Cơ cấu tổ chức Đoàn" in response.content.decode()


def test_unit_list_marks_dissolved_units_with_their_successor(client, staff_user, province, commune):
    UnitFactory(
        code="huyen-doan-cu",
        name="Huyện đoàn Mai Sơn",
        parent=province,
        active_from=datetime.date(1990, 1, 1),
        active_to=datetime.date(2025, 6, 30),
        successor=commune,
    )
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-list"))

    assert "Đến 30/06/2025 → Đoàn phường Tô Hiệu" in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["judge", "council_member", "bank_liaison"])
def test_unit_list_forbidden_to_unscoped_roles(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(reverse("accounts:unit-list"))

    assert response.status_code == 403


@pytest.mark.parametrize("user_fixture", ["judge", "council_member", "bank_liaison"])
def test_unit_detail_hidden_from_unscoped_roles(client, request, commune, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(reverse("accounts:unit-detail", args=[commune.pk]))

    # The object is looked up in visible_to() before the permission check: nothing leaks.
    assert response.status_code == 404


def test_unit_list_redirects_anonymous_to_login(client):
    response = client.get(reverse("accounts:unit-list"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("extra_units", [0, 30])
def test_unit_list_query_count_does_not_grow(
    client, staff_user, province, commune, extra_units, django_assert_num_queries
):
    for index in range(extra_units):
        UnitFactory(code=f"xa-{index}", parent=province, successor=commune)
    client.force_login(staff_user)
    client.get(reverse("accounts:unit-list"))  # renders and caches the page frame

    # user, memberships (the unit scope), units: the same for 2 rows and for 32.
    with django_assert_num_queries(3):
        response = client.get(reverse("accounts:unit-list"))

    assert len(response.context["units"]) == 2 + extra_units


@pytest.mark.parametrize(("unit_fixture", "status"), [("commune", 200), ("branch", 200)])
def test_unit_detail_open_to_officer_in_their_subtree(client, request, officer, unit_fixture, status):
    unit = request.getfixturevalue(unit_fixture)
    client.force_login(officer)

    response = client.get(reverse("accounts:unit-detail", args=[unit.pk]))

    assert response.status_code == status
    assert f'<h1 class="h3">{unit.name}</h1>' in response.content.decode()


@pytest.mark.parametrize("unit_fixture", ["other_commune", "province"])
def test_unit_detail_outside_the_subtree_is_404_for_officer(client, request, officer, unit_fixture):
    unit = request.getfixturevalue(unit_fixture)
    client.force_login(officer)

    response = client.get(reverse("accounts:unit-detail", args=[unit.pk]))

    assert response.status_code == 404


def test_unit_detail_shows_breadcrumb_children_and_predecessors(client, staff_user, province, commune, branch):
    UnitFactory(
        code="huyen-doan-cu",
        name="Huyện đoàn Mai Sơn",
        parent=province,
        active_from=datetime.date(1990, 1, 1),
        active_to=datetime.date(2025, 6, 30),
        successor=commune,
    )
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-detail", args=[commune.pk]))

    assert response.status_code == 200
    assert list(response.context["ancestors"]) == [province]
    assert list(response.context["children"]) == [branch]
    content = response.content.decode()
    assert '<li class="breadcrumb-item">Tỉnh đoàn Sơn La</li>' in content
    assert f'<a href="{branch.get_absolute_url()}">Chi đoàn Tổ 5</a>' in content
    assert "Huyện đoàn Mai Sơn" in content
    assert "01/07/2025 – nay" in content


def test_unit_detail_of_missing_unit_is_404(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("accounts:unit-detail", args=[999999]))

    assert response.status_code == 404


# Notifications


def test_notification_list_shows_own_notifications_only(client, officer, other_officer):
    notification_create(recipient=officer, key="mine", title="Báo cáo tháng 11", body="Hạn nộp ngày 05/12")
    notification_create(recipient=other_officer, key="theirs", title="Thông báo của người khác")
    client.force_login(officer)

    response = client.get(reverse("accounts:notification-list"))

    assert response.status_code == 200
    assert [n.title for n in response.context["notifications"]] == ["Báo cáo tháng 11"]
    content = response.content.decode()
    assert "Hạn nộp ngày 05/12" in content
    assert "Thông báo của người khác" not in content


def test_notification_list_empty_says_so(client, officer):
    client.force_login(officer)

    response = client.get(reverse("accounts:notification-list"))

    assert "Chưa có thông báo nào." in response.content.decode()


def test_notification_list_escapes_text(client, officer):
    notification_create(recipient=officer, key="xss", title="<script>alert(1)</script>")
    client.force_login(officer)

    response = client.get(reverse("accounts:notification-list"))

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_notification_list_puts_unread_first(client, officer):
    read = notification_create(recipient=officer, key="old", title="Đã đọc")
    Notification.objects.filter(pk=read.pk).update(read_at=read.created_at)
    notification_create(recipient=officer, key="new", title="Chưa đọc")
    client.force_login(officer)

    response = client.get(reverse("accounts:notification-list"))

    assert [n.title for n in response.context["notifications"]] == ["Chưa đọc", "Đã đọc"]


@pytest.mark.parametrize("count", [1, 25])
def test_notification_list_query_count_does_not_grow(client, officer, count, django_assert_num_queries):
    for index in range(count):
        notification_create(recipient=officer, key=f"k{index}", title=f"Việc {index}")
    client.force_login(officer)
    client.get(reverse("accounts:notification-list"))  # renders and caches the page frame

    # user, page count, page of notifications.
    with django_assert_num_queries(3):
        response = client.get(reverse("accounts:notification-list"))

    assert len(response.context["notifications"]) == count


def test_notification_list_paginates_by_30(client, officer):
    for index in range(31):
        notification_create(recipient=officer, key=f"k{index}", title=f"Việc {index}")
    client.force_login(officer)

    first = client.get(reverse("accounts:notification-list"))
    second = client.get(reverse("accounts:notification-list"), {"page": 2})

    assert len(first.context["notifications"]) == 30
    assert len(second.context["notifications"]) == 1


def test_notification_open_marks_read_and_follows_its_url(client, officer):
    notification = notification_create(recipient=officer, key="k", title="Xem đơn vị", url="/org/units/")
    client.force_login(officer)

    response = client.post(reverse("accounts:notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/org/units/"
    notification.refresh_from_db()
    assert notification.is_read is True


@pytest.mark.parametrize("url", ["", "https://evil.example/phish", "//evil.example/"])
def test_notification_open_without_a_safe_url_goes_to_the_list(client, officer, url):
    notification = notification_create(recipient=officer, key="k", title="Thông báo", url=url)
    client.force_login(officer)

    response = client.post(reverse("accounts:notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == reverse("accounts:notification-list")


def test_notification_open_of_another_user_is_404(client, officer, other_officer):
    theirs = notification_create(recipient=other_officer, key="k", title="Không phải của bạn")
    client.force_login(officer)

    response = client.post(reverse("accounts:notification-open", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_read is False


def test_notification_open_needs_post(client, officer):
    notification = notification_create(recipient=officer, key="k", title="Thông báo")
    client.force_login(officer)

    response = client.get(reverse("accounts:notification-open", args=[notification.pk]))

    assert response.status_code == 405
    notification.refresh_from_db()
    assert notification.is_read is False


def test_notification_open_anonymous_goes_to_login(client, officer):
    notification = notification_create(recipient=officer, key="k", title="Thông báo")

    response = client.post(reverse("accounts:notification-open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_notification_mark_all_read_marks_own_only(client, officer, other_officer):
    for index in range(2):
        notification_create(recipient=officer, key=f"k{index}", title=f"Việc {index}")
    theirs = notification_create(recipient=other_officer, key="k0", title="Của người khác")
    client.force_login(officer)

    response = client.post(reverse("accounts:notification-read-all"), follow=True)

    assert response.redirect_chain == [(reverse("accounts:notification-list"), 302)]
    assert "Đã đánh dấu 2 thông báo là đã đọc." in response.content.decode()
    assert Notification.objects.filter(recipient=officer, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.is_read is False


def test_notification_mark_all_read_needs_post(client, officer):
    client.force_login(officer)

    response = client.get(reverse("accounts:notification-read-all"))

    assert response.status_code == 405
