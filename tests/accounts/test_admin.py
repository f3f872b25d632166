"""The admin: who enters it, what provincial staff see there, and admin access kept in step."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Unit
from tests.factories import UnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ADMIN_HEADER = "Quản trị Cổng Đồng hành Thanh niên Khởi nghiệp"


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def _user_change_data(user, *, memberships, **overrides) -> dict:
    """The POST body of the admin's user change form, as a browser would send it."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "language": user.language,
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": joined.strftime("%d/%m/%Y"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(len(memberships)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "_save": "Lưu",
    }
    for index, m in enumerate(memberships):
        data.update(
            {
                f"memberships-{index}-id": str(m.pk),
                f"memberships-{index}-user": str(user.pk),
                f"memberships-{index}-unit": str(m.unit_id),
                f"memberships-{index}-role": m.role,
                f"memberships-{index}-title": m.title,
            }
        )
    data.update(overrides)
    return data


def _unit_change_data(unit, **overrides) -> dict:
    """The POST body of the admin's unit change form."""
    data = {
        "name": unit.name,
        "code": unit.code,
        "official_code": unit.official_code,
        "kind": unit.kind,
        "parent": unit.parent_id or "",
        "active_from": unit.active_from.strftime("%d/%m/%Y") if unit.active_from else "",
        "active_to": unit.active_to.strftime("%d/%m/%Y") if unit.active_to else "",
        "successor": unit.successor_id or "",
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "_save": "Lưu",
    }
    return data | overrides


def test_admin_index_opens_for_provincial_staff(staff_client):
    response = staff_client.get(reverse("admin:index"))

    assert response.status_code == 200
    content = response.content.decode()
    assert ADMIN_HEADER in content
    assert "Tổ chức Đoàn và người dùng" in content
    assert reverse("admin:accounts_unit_changelist") in content


def test_admin_login_page_shows_the_portal_header(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert ADMIN_HEADER in response.content.decode()


@pytest.mark.parametrize("user_fixture", ["officer", "judge", "council_member", "bank_liaison"])
@pytest.mark.parametrize(
    "url_name", ["admin:index", "admin:accounts_unit_changelist", "admin:accounts_user_changelist"]
)
def test_admin_is_closed_to_other_roles(client, request, user_fixture, url_name):
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    url = reverse(url_name)

    response = client.get(url)

    assert user.is_staff is False
    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={url}"


def test_admin_unit_changelist_shows_the_tree_indented(staff_client, province, commune, branch, other_commune):
    response = staff_client.get(reverse("admin:accounts_unit_changelist"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "— Đoàn phường Tô Hiệu" in content
    assert "— — Chi đoàn Tổ 5" in content
    assert "— Đoàn xã Mường La" in content


@pytest.mark.parametrize(("active", "expected"), [("yes", ["tinh-doan", "to-hieu"]), ("no", ["huyen-doan-cu"])])
def test_admin_unit_changelist_filters_by_activity(staff_client, province, commune, active, expected):
    UnitFactory(
        code="huyen-doan-cu",
        kind=Unit.Kind.DISTRICT,
        parent=province,
        active_from=datetime.date(1990, 1, 1),
        active_to=datetime.date(2025, 6, 30),
        successor=commune,
    )

    response = staff_client.get(reverse("admin:accounts_unit_changelist"), {"active": active})

    assert response.status_code == 200
    assert [unit.code for unit in response.context["cl"].result_list] == expected


@pytest.mark.parametrize("extra_units", [0, 25])
def test_admin_unit_changelist_query_count_does_not_grow(
    staff_client, province, commune, extra_units, django_assert_num_queries
):
    for index in range(extra_units):
        UnitFactory(code=f"xa-{index}", parent=province, successor=commune)

    # The same number of queries for 2 units and for 27: no query per row.
    with django_assert_num_queries(7):
        response = staff_client.get(reverse("admin:accounts_unit_changelist"))

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 2 + extra_units


def test_admin_unit_form_refuses_a_descendant_as_parent(staff_client, province, commune, branch):
    data = _unit_change_data(commune, parent=branch.pk)

    response = staff_client.post(reverse("admin:accounts_unit_change", args=[commune.pk]), data)

    assert response.status_code == 200
    assert "Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới làm cấp trên." in response.content.decode()
    commune.refresh_from_db()
    assert commune.parent == province


def test_admin_unit_form_moves_a_unit_with_its_subtree(staff_client, province, commune, branch, other_commune):
    data = _unit_change_data(commune, parent=other_commune.pk)

    response = staff_client.post(reverse("admin:accounts_unit_change", args=[commune.pk]), data)

    assert response.status_code == 302
    branch.refresh_from_db()
    assert branch.path == f"{other_commune.path}{commune.pk:08d}/{branch.pk:08d}/"


def test_admin_user_change_page_has_the_membership_inline(staff_client, officer):
    response = staff_client.get(reverse("admin:accounts_user_change", args=[officer.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="memberships-TOTAL_FORMS"' in content
    assert "Vai trò tại đơn vị" in content
    membership = officer.memberships.get()
    assert f'name="memberships-0-id" value="{membership.pk}"' in content


def test_admin_user_changelist_shows_roles(staff_client, officer):
    response = staff_client.get(reverse("admin:accounts_user_changelist"))

    assert response.status_code == 200
    assert "Cán bộ đơn vị – Đoàn phường Tô Hiệu" in response.content.decode()


def test_admin_membership_added_for_staff_opens_the_admin(staff_client, province):
    user = UserFactory(username="can-bo-moi")

    response = staff_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": user.pk, "unit": province.pk, "role": Membership.Role.STAFF, "title": "Chuyên viên", "_save": "Lưu"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff is True


def test_admin_user_inline_removing_the_staff_role_closes_the_admin(staff_client, province):
    colleague = user_with_role(Membership.Role.STAFF, province, username="dong-nghiep")
    membership = colleague.memberships.get()
    data = _user_change_data(colleague, memberships=[membership], **{"memberships-0-DELETE": "on"})

    response = staff_client.post(reverse("admin:accounts_user_change", args=[colleague.pk]), data)

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.memberships.count() == 0
    assert colleague.is_staff is False


def test_admin_user_form_cannot_hand_out_is_staff_without_a_staff_role(staff_client, officer):
    data = _user_change_data(officer, memberships=list(officer.memberships.all()), is_staff="on")

    response = staff_client.post(reverse("admin:accounts_user_change", args=[officer.pk]), data)

    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_staff is False


def test_admin_membership_deleted_closes_the_admin(staff_client, province):
    colleague = user_with_role(Membership.Role.STAFF, province, username="dong-nghiep")
    membership = colleague.memberships.get()

    response = staff_client.post(reverse("admin:accounts_membership_delete", args=[membership.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert colleague.memberships.count() == 0
    colleague.refresh_from_db()
    assert colleague.is_staff is False


def test_admin_staff_cannot_make_themselves_superuser(staff_client, staff_user):
    data = _user_change_data(staff_user, memberships=list(staff_user.memberships.all()), is_superuser="on")

    staff_client.post(reverse("admin:accounts_user_change", args=[staff_user.pk]), data)

    staff_user.refresh_from_db()
    assert staff_user.is_superuser is False


def test_admin_unit_search_is_available_for_autocomplete(staff_client, commune, other_commune):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "membership", "field_name": "unit", "term": "Tô Hiệu"},
    )

    assert response.status_code == 200
    assert [item["text"] for item in response.json()["results"]] == ["Đoàn phường Tô Hiệu"]


def test_admin_staff_header_link_in_navbar(staff_client, client, officer):
    staff_page = staff_client.get(reverse("home")).content.decode()
    client.force_login(officer)
    officer_page = client.get(reverse("home")).content.decode()

    assert re.findall(r'href="(/admin/)"', staff_page) == ["/admin/"]
    assert re.findall(r'href="(/admin/)"', officer_page) == []
