"""accounts/services.py: granting roles and keeping admin access in step with them."""

import pytest

from accounts.models import Membership
from accounts.scoping import access_of
from accounts.services import membership_grant, user_sync_admin_access
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_membership_grant_creates_a_membership(commune):
    user = UserFactory(username="moi")

    membership = membership_grant(user=user, unit=commune, role=Membership.Role.OFFICER, title="Phó Bí thư")

    assert list(user.memberships.values_list("unit__code", "role", "title")) == [("to-hieu", "officer", "Phó Bí thư")]
    assert membership.user == user


def test_membership_grant_is_idempotent(commune):
    user = UserFactory(username="moi")

    first = membership_grant(user=user, unit=commune, role=Membership.Role.OFFICER, title="Bí thư")
    second = membership_grant(user=user, unit=commune, role=Membership.Role.OFFICER, title="Bí thư")

    assert second.pk == first.pk
    assert list(Membership.objects.filter(user=user).values_list("role", "title")) == [("officer", "Bí thư")]


@pytest.mark.parametrize(("new_title", "expected"), [("Phó Bí thư", "Phó Bí thư"), ("", "Bí thư")])
def test_membership_grant_again_replaces_the_title_only_when_given(commune, new_title, expected):
    user = UserFactory(username="moi")
    membership_grant(user=user, unit=commune, role=Membership.Role.OFFICER, title="Bí thư")

    again = membership_grant(user=user, unit=commune, role=Membership.Role.OFFICER, title=new_title)

    assert again.title == expected
    assert list(Membership.objects.filter(user=user).values_list("title", flat=True)) == [expected]


@pytest.mark.parametrize(
    ("role", "is_staff"),
    [
        (Membership.Role.STAFF, True),
        (Membership.Role.OFFICER, False),
        (Membership.Role.JUDGE, False),
        (Membership.Role.COUNCIL, False),
        (Membership.Role.BANK_LIAISON, False),
    ],
)
def test_membership_grant_opens_the_admin_to_staff_only(province, role, is_staff):
    user = UserFactory(username="moi")

    membership_grant(user=user, unit=province, role=role)

    user.refresh_from_db()
    assert user.is_staff is is_staff


def test_membership_grant_refreshes_the_cached_access(province, officer):
    assert access_of(officer).has_role("staff") is False

    membership_grant(user=officer, unit=province, role=Membership.Role.STAFF)

    assert access_of(officer).has_role("staff") is True
    assert access_of(officer).scoped_paths == (province.path,)


def test_user_sync_admin_access_removes_is_staff_when_staff_membership_deleted(staff_user):
    assert staff_user.is_staff is True
    staff_user.memberships.filter(role=Membership.Role.STAFF).delete()

    user_sync_admin_access(user=staff_user)

    staff_user.refresh_from_db()
    assert staff_user.is_staff is False
    assert access_of(staff_user).has_role("staff") is False


def test_user_sync_admin_access_keeps_staff_with_another_staff_membership(staff_user, commune):
    membership_grant(user=staff_user, unit=commune, role=Membership.Role.STAFF)
    staff_user.memberships.filter(unit__code="tinh-doan").delete()

    user_sync_admin_access(user=staff_user)

    staff_user.refresh_from_db()
    assert staff_user.is_staff is True


def test_user_sync_admin_access_removes_a_hand_set_flag(officer):
    officer.is_staff = True
    officer.save()

    user_sync_admin_access(user=officer)

    officer.refresh_from_db()
    assert officer.is_staff is False


def test_user_sync_admin_access_keeps_superusers_in(db):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)

    user_sync_admin_access(user=root)

    root.refresh_from_db()
    assert root.is_staff is True


def test_user_sync_admin_access_writes_nothing_when_in_step(staff_user, django_assert_num_queries):
    with django_assert_num_queries(1):  # the EXISTS on memberships, no UPDATE
        user_sync_admin_access(user=staff_user)
