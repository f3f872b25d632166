"""Two provinces in one deployment: the admin of units, people and roles stays in each one's tree."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.models import Membership, Unit, User
from tests.factories import UnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def lai_chau_tree():
    province = UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE)
    commune = UnitFactory(name="Đoàn phường Tân Phong", code="tan-phong", parent=province)
    staff = user_with_role(Membership.Role.STAFF, province, username="staff-lai-chau")
    return {"province": province, "commune": commune, "staff": staff}


@pytest.fixture
def lai_chau_client(client, lai_chau_tree):
    client.force_login(lai_chau_tree["staff"])
    return client


def test_lists_show_only_the_own_province(lai_chau_client, lai_chau_tree, staff_user, commune, officer):
    units = lai_chau_client.get(reverse("admin:accounts_unit_changelist"))
    people = lai_chau_client.get(reverse("admin:accounts_user_changelist"))
    roles = lai_chau_client.get(reverse("admin:accounts_membership_changelist"))

    assert [u.code for u in units.context["cl"].result_list] == ["lai-chau", "tan-phong"]
    listed = {u.username for u in people.context["cl"].result_list}
    assert "staff-lai-chau" in listed
    assert not {"staff", "officer"} & listed  # Sơn La's people
    assert {m.user.username for m in roles.context["cl"].result_list} == {"staff-lai-chau"}


def test_a_person_with_no_role_yet_is_listed_to_be_given_one(lai_chau_client):
    UserFactory(username="moi-tao")

    people = lai_chau_client.get(reverse("admin:accounts_user_changelist"))

    assert "moi-tao" in {u.username for u in people.context["cl"].result_list}


@pytest.mark.parametrize("page", ["unit", "user", "membership"])
def test_the_other_provinces_change_pages_are_refused(lai_chau_client, commune, officer, page):
    obj = {"unit": commune, "user": officer, "membership": officer.memberships.get()}[page]

    response = lai_chau_client.get(reverse(f"admin:accounts_{page}_change", args=[obj.pk]))

    assert response.status_code in (302, 403)
    assert "Tô Hiệu" not in response.content.decode()


def test_a_unit_cannot_be_placed_in_the_other_province(lai_chau_client, province):
    response = lai_chau_client.post(
        reverse("admin:accounts_unit_add"),
        {"name": "Chi đoàn lạ", "code": "chi-doan-la", "kind": Unit.Kind.BRANCH, "parent": province.pk},
    )

    assert response.status_code == 200  # the form again, with the error
    assert "parent" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(code="chi-doan-la").exists()


def test_staff_cannot_add_a_root_unit(lai_chau_client):
    response = lai_chau_client.post(
        reverse("admin:accounts_unit_add"),
        {"name": "Tỉnh đoàn mới", "code": "tinh-moi", "kind": Unit.Kind.PROVINCE, "parent": ""},
    )

    assert "parent" in response.context["adminform"].form.errors
    assert not Unit.objects.filter(code="tinh-moi").exists()


def test_a_role_cannot_be_granted_in_the_other_province(lai_chau_client, lai_chau_tree, province):
    newcomer = UserFactory(username="nguoi-moi")

    response = lai_chau_client.post(
        reverse("admin:accounts_membership_add"),
        {"user": newcomer.pk, "unit": province.pk, "role": Membership.Role.STAFF, "title": ""},
    )

    assert response.status_code == 200
    assert "unit" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(user=newcomer).exists()


def test_a_unit_is_added_below_the_own_province(lai_chau_client, lai_chau_tree):
    response = lai_chau_client.post(
        reverse("admin:accounts_unit_add"),
        {
            "name": "Chi đoàn Tổ 1",
            "code": "chi-doan-to-1-lc",
            "kind": Unit.Kind.BRANCH,
            "parent": lai_chau_tree["commune"].pk,
        },
    )

    assert response.status_code == 302
    added = Unit.objects.get(code="chi-doan-to-1-lc")
    assert added.path.startswith(lai_chau_tree["commune"].path)


def test_son_la_staff_still_manage_their_whole_province(client, staff_user, commune, officer, lai_chau_tree):
    client.force_login(staff_user)

    people = client.get(reverse("admin:accounts_user_changelist"))
    page = client.get(reverse("admin:accounts_user_change", args=[officer.pk]))

    assert {"staff", "officer"} <= {u.username for u in people.context["cl"].result_list}
    assert "staff-lai-chau" not in {u.username for u in people.context["cl"].result_list}
    assert page.status_code == 200
    assert User.objects.filter(username="staff-lai-chau").exists()
