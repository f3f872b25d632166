"""Permission predicates of accounts/rules.py and the permissions built from them."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import rules as r
from accounts.models import Membership
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLE_PREDICATES = {
    "is_provincial_staff": r.is_provincial_staff,
    "is_unit_officer": r.is_unit_officer,
    "is_judge": r.is_judge,
    "is_council_member": r.is_council_member,
    "is_bank_liaison": r.is_bank_liaison,
}


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def no_role_user(db):
    return UserFactory(username="chua-co-vai-tro")


@pytest.mark.parametrize(
    ("user_fixture", "true_predicates"),
    [
        ("staff_user", {"is_provincial_staff"}),
        ("officer", {"is_unit_officer"}),
        ("judge", {"is_judge"}),
        ("council_member", {"is_council_member"}),
        ("bank_liaison", {"is_bank_liaison"}),
        ("no_role_user", set()),
        ("superuser", set(ROLE_PREDICATES)),
    ],
)
def test_role_predicates_per_role(request, user_fixture, true_predicates):
    user = request.getfixturevalue(user_fixture)

    results = {name: predicate.test(user) for name, predicate in ROLE_PREDICATES.items()}

    assert results == {name: name in true_predicates for name in ROLE_PREDICATES}


def test_role_predicates_are_false_for_anonymous():
    assert [predicate.test(AnonymousUser()) for predicate in ROLE_PREDICATES.values()] == [False] * 5


@pytest.mark.parametrize(
    ("user_fixture", "managed"),
    [
        ("staff_user", {"province", "commune", "branch", "other_commune"}),
        ("officer", {"commune", "branch"}),
        ("other_officer", {"other_commune"}),
        ("judge", set()),
        ("council_member", set()),
        ("bank_liaison", set()),
        ("superuser", {"province", "commune", "branch", "other_commune"}),
    ],
)
def test_manages_unit_per_role(request, province, commune, branch, other_commune, user_fixture, managed):
    user = request.getfixturevalue(user_fixture)
    units = {"province": province, "commune": commune, "branch": branch, "other_commune": other_commune}

    results = {name for name, unit in units.items() if r.manages_unit.test(user, unit)}

    assert results == managed


@pytest.mark.parametrize("user_fixture", ["staff_user", "officer", "superuser"])
def test_manages_unit_of_none_is_false(request, user_fixture):
    user = request.getfixturevalue(user_fixture)

    assert r.manages_unit.test(user, None) is False
    assert r.manages_unit_of.test(user, None) is False


@pytest.mark.parametrize(
    ("user_fixture", "managed"),
    [
        ("staff_user", {"staff", "officer", "other-officer", "branch-judge"}),
        ("officer", {"officer", "branch-judge"}),
        ("other_officer", {"other-officer"}),
        ("judge", set()),
    ],
)
def test_manages_unit_of_an_object_with_a_unit(request, officer, other_officer, branch, user_fixture, managed):
    user_with_role(Membership.Role.JUDGE, branch, username="branch-judge")
    user = request.getfixturevalue(user_fixture)

    results = {
        m.user.username for m in Membership.objects.select_related("user", "unit") if r.manages_unit_of.test(user, m)
    }

    assert results == managed


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_user", {"accounts.view_unit_tree": True, "accounts.change_unit": True, "accounts.view_user": True}),
        ("officer", {"accounts.view_unit_tree": True, "accounts.change_unit": False, "accounts.view_user": False}),
        ("judge", {"accounts.view_unit_tree": False, "accounts.change_unit": False, "accounts.view_user": False}),
        (
            "council_member",
            {"accounts.view_unit_tree": False, "accounts.change_unit": False, "accounts.view_user": False},
        ),
        (
            "bank_liaison",
            {"accounts.view_unit_tree": False, "accounts.change_unit": False, "accounts.view_user": False},
        ),
    ],
)
def test_permissions_per_role(request, user_fixture, expected):
    user = request.getfixturevalue(user_fixture)

    assert {perm: user.has_perm(perm) for perm in expected} == expected


@pytest.mark.parametrize(("user_fixture", "expected"), [("staff_user", True), ("officer", False), ("judge", False)])
def test_module_permission_for_accounts_admin(request, user_fixture, expected):
    user = request.getfixturevalue(user_fixture)

    assert user.has_module_perms("accounts") is expected
