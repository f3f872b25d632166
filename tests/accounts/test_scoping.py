"""Which part of the union tree each user reaches: `access_of`, `unit_scope_q`, `visible_to`."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Membership, Unit
from accounts.scoping import Access, access_of, forget_access, unit_scope_q
from accounts.services import membership_grant
from tests.factories import UnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree(province, commune, branch, other_commune):
    """The whole province: the tỉnh đoàn, two communes, a branch under the first."""
    return {"province": province, "commune": commune, "branch": branch, "other_commune": other_commune}


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def _visible_codes(user) -> list[str]:
    return list(Unit.objects.visible_to(user).values_list("code", flat=True))


def test_unit_visible_to_officer_is_own_unit_and_descendants(tree, officer):
    assert _visible_codes(officer) == ["to-hieu", "chi-doan-to-5"]


def test_unit_visible_to_officer_excludes_sibling_and_parent(tree, officer):
    visible = Unit.objects.visible_to(officer)

    assert not visible.filter(pk=tree["other_commune"].pk).exists()
    assert not visible.filter(pk=tree["province"].pk).exists()


def test_unit_visible_to_officer_of_a_branch_is_the_branch_only(tree, branch):
    branch_officer = user_with_role(Membership.Role.OFFICER, branch, username="bi-thu-chi-doan")

    assert _visible_codes(branch_officer) == ["chi-doan-to-5"]


def test_unit_visible_to_officer_with_two_units_is_both_subtrees(tree, commune, other_commune):
    user = user_with_role(Membership.Role.OFFICER, commune, username="hai-don-vi")
    membership_grant(user=user, unit=other_commune, role=Membership.Role.OFFICER)

    assert sorted(_visible_codes(user)) == ["chi-doan-to-5", "muong-la", "to-hieu"]


def test_access_drops_paths_covered_by_a_shorter_one(tree, commune, branch):
    user = user_with_role(Membership.Role.OFFICER, commune, username="long-nhau")
    membership_grant(user=user, unit=branch, role=Membership.Role.OFFICER)

    access = access_of(user)

    assert access.scoped_paths == (commune.path,)
    assert access.units_by_role == {"officer": (commune, branch)}


def test_unit_visible_to_provincial_staff_is_everything(tree, staff_user):
    assert _visible_codes(staff_user) == ["tinh-doan", "to-hieu", "chi-doan-to-5", "muong-la"]


def test_unit_visible_to_superuser_is_everything_even_outside_the_province(tree, superuser):
    UnitFactory(code="tinh-khac", name="Tỉnh đoàn khác")

    assert len(_visible_codes(superuser)) == Unit.objects.count() == 5


@pytest.mark.parametrize("role_fixture", ["judge", "council_member", "bank_liaison"])
def test_unit_visible_to_unscoped_roles_is_nothing(tree, request, role_fixture):
    user = request.getfixturevalue(role_fixture)

    assert _visible_codes(user) == []


def test_unit_visible_to_anonymous_is_nothing_without_a_query(tree, django_assert_num_queries):
    with django_assert_num_queries(0):
        visible = list(Unit.objects.visible_to(AnonymousUser()))

    assert visible == []


def test_unit_visible_to_inactive_officer_is_nothing(tree, officer):
    officer.is_active = False
    officer.save()

    assert _visible_codes(officer) == []


def test_unit_visible_to_user_without_membership_is_nothing(tree):
    assert _visible_codes(UserFactory(username="moi")) == []


def test_access_of_is_one_query_then_cached(tree, officer, django_assert_num_queries):
    forget_access(officer)

    with django_assert_num_queries(1):
        first = access_of(officer)
    with django_assert_num_queries(0):
        second = access_of(officer)

    assert second is first
    assert first.roles == frozenset({"officer"})


def test_unit_visible_to_queries_once_the_access_is_cached(tree, officer, django_assert_num_queries):
    forget_access(officer)
    with django_assert_num_queries(2):
        list(Unit.objects.visible_to(officer))

    with django_assert_num_queries(1):
        list(Unit.objects.visible_to(officer))


def test_forget_access_recomputes_after_a_new_membership(tree, officer, other_commune):
    assert _visible_codes(officer) == ["to-hieu", "chi-doan-to-5"]
    Membership.objects.create(user=officer, unit=other_commune, role=Membership.Role.OFFICER)

    stale = _visible_codes(officer)
    forget_access(officer)
    fresh = _visible_codes(officer)

    assert stale == ["to-hieu", "chi-doan-to-5"]
    assert fresh == ["to-hieu", "chi-doan-to-5", "muong-la"]


def test_forget_access_on_a_user_never_computed_is_harmless():
    forget_access(AnonymousUser())


def test_access_of_anonymous_is_empty():
    assert access_of(AnonymousUser()) == Access()


@pytest.mark.parametrize(
    ("role_fixture", "reaches"),
    [
        ("staff_user", {"province": True, "commune": True, "branch": True, "other_commune": True}),
        ("officer", {"province": False, "commune": True, "branch": True, "other_commune": False}),
        ("judge", {"province": False, "commune": False, "branch": False, "other_commune": False}),
    ],
)
def test_access_reaches_path(tree, request, role_fixture, reaches):
    access = access_of(request.getfixturevalue(role_fixture))

    assert {name: access.reaches_path(unit.path) for name, unit in tree.items()} == reaches


def test_access_of_superuser_has_every_role(superuser):
    access = access_of(superuser)

    assert access.roles == frozenset()
    assert all(access.has_role(role) for role in Membership.Role.values)
    assert access.reaches_path("/99999999/")


def test_unit_scope_q_follows_a_lookup(tree, officer, other_officer, commune, branch):
    branch_member = user_with_role(Membership.Role.JUDGE, branch, username="gk-chi-doan")

    memberships = Membership.objects.filter(unit_scope_q(officer, lookup="unit"))

    assert sorted(memberships.values_list("user__username", flat=True)) == ["gk-chi-doan", "officer"]
    assert branch_member.memberships.get().unit == branch


def test_unit_scope_q_for_superuser_filters_nothing(tree, superuser):
    assert Unit.objects.filter(unit_scope_q(superuser, lookup="")).count() == 4


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_user", ["branch-judge", "judge", "officer", "other-officer", "staff"]),
        ("officer", ["branch-judge", "officer"]),
        ("other_officer", ["other-officer"]),
        ("judge", ["judge"]),
    ],
)
def test_membership_visible_to_is_own_roles_and_roles_in_managed_units(
    tree, request, officer, other_officer, judge, staff_user, branch, user_fixture, expected
):
    user_with_role(Membership.Role.JUDGE, branch, username="branch-judge")
    user = request.getfixturevalue(user_fixture)

    visible = Membership.objects.visible_to(user)

    assert sorted(visible.values_list("user__username", flat=True)) == expected


def test_membership_visible_to_anonymous_is_nothing(officer):
    assert list(Membership.objects.visible_to(AnonymousUser())) == []
