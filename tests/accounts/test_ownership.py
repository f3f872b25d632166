"""Programmes belong to the unit that runs them: who runs, who sees, who may be chosen as owner."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import PermissionDenied

from accounts.forms import limit_owner_field
from accounts.models import Membership, Unit
from accounts.rules import runs_programme
from accounts.scoping import access_of, owner_scope_q, require_runs
from accounts.selectors import units_run_by
from accounts.services import membership_grant, unit_update
from tests.factories import UnitFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


class Owned:
    """Stands for a programme object: anything with an `owner`."""

    def __init__(self, owner):
        self.owner = owner


@pytest.fixture
def union(province, commune, branch, other_commune):
    national = UnitFactory(name="Trung ương Đoàn", code="trung-uong", kind=Unit.Kind.NATIONAL)
    other_province = UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE)
    for unit in (province, other_province):
        unit_update(unit=unit, actor=None, parent=national)
        unit.refresh_from_db()
    for unit in (commune, branch, other_commune):
        unit.refresh_from_db()
    return {
        "national": national,
        "province": province,
        "other_province": other_province,
        "commune": commune,
        "branch": branch,
    }


def matching(user, *units) -> set[str]:
    """Codes of these units that a programme owned by them would be visible to `user` at."""
    chosen = Unit.objects.filter(pk__in=[u.pk for u in units])
    return set(chosen.filter(owner_scope_q(user, lookup="")).values_list("code", flat=True))


def test_staff_run_the_programmes_of_their_own_unit_only(union):
    staff = user_with_role(Membership.Role.STAFF, union["province"], username="staff-son-la")
    national_staff = user_with_role(Membership.Role.STAFF, union["national"], username="staff-tw")

    assert runs_programme(staff, Owned(union["province"]))
    assert not runs_programme(staff, Owned(union["other_province"]))
    assert not runs_programme(staff, Owned(union["commune"]))  # reached, but run by the commune
    assert not runs_programme(staff, Owned(union["national"]))
    assert runs_programme(national_staff, Owned(union["national"]))
    assert not runs_programme(national_staff, Owned(union["province"]))  # sees it, never runs it


def test_without_an_object_any_staff_role_opens_the_staff_pages(union, officer):
    staff = user_with_role(Membership.Role.STAFF, union["other_province"], username="staff-lai-chau")

    assert runs_programme(staff, None)
    assert not runs_programme(officer, None)
    assert not runs_programme(officer, Owned(union["commune"]))  # officers submit, staff run


def test_officers_see_the_programmes_above_and_below_them_not_beside(union, officer):
    everything = union.values()

    assert matching(officer, *everything) == {"trung-uong", "tinh-doan", "to-hieu", "chi-doan-to-5"}


def test_province_staff_see_their_province_and_the_national_round_not_the_other_province(union):
    staff = user_with_role(Membership.Role.STAFF, union["province"], username="staff-son-la")

    assert matching(staff, *union.values()) == {"trung-uong", "tinh-doan", "to-hieu", "chi-doan-to-5"}
    assert "lai-chau" not in matching(staff, union["other_province"])


def test_national_staff_see_every_province(union):
    national_staff = user_with_role(Membership.Role.STAFF, union["national"], username="staff-tw")

    assert matching(national_staff, *union.values()) == {u.code for u in union.values()}


def test_judges_and_visitors_see_no_programme_through_the_tree(union, judge):
    assert matching(judge, *union.values()) == set()
    assert matching(UserFactory(username="no-role"), *union.values()) == set()


def test_a_service_refuses_a_programme_the_actor_does_not_run(union):
    staff = user_with_role(Membership.Role.STAFF, union["province"], username="staff-son-la")

    require_runs(actor=staff, owner=union["province"])
    with pytest.raises(PermissionDenied, match="Tỉnh đoàn Lai Châu"):
        require_runs(actor=staff, owner=union["other_province"])


def test_staff_of_two_units_run_both_and_choose_the_owner(union):
    staff = user_with_role(Membership.Role.STAFF, union["province"], username="two-hats")

    membership_grant(user=staff, unit=union["commune"], role=Membership.Role.STAFF)
    staff = type(staff).objects.get(pk=staff.pk)

    assert set(access_of(staff).staff_paths) == {union["province"].path, union["commune"].path}
    assert set(units_run_by(user=staff).values_list("code", flat=True)) == {"tinh-doan", "to-hieu"}


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=Unit.objects.all())

    class instance:  # noqa: N801 - stands for a new model instance
        owner_id = None


def test_the_owner_field_offers_only_units_the_user_runs_and_picks_the_only_one(union):
    staff = user_with_role(Membership.Role.STAFF, union["province"], username="staff-son-la")
    form = OwnerForm()
    limit_owner_field(form, user=staff)

    assert list(form.fields["owner"].queryset) == [union["province"]]
    assert form.initial["owner"] == union["province"].pk

    forged = OwnerForm(data={"owner": union["other_province"].pk})
    limit_owner_field(forged, user=staff)
    assert not forged.is_valid()
    assert "owner" in forged.errors


def test_a_service_account_or_no_actor_is_trusted_by_the_services(union):
    from common.history import system_actor

    require_runs(actor=None, owner=union["other_province"])
    require_runs(actor=system_actor(), owner=union["other_province"])  # the demo's, a task's: inactive
    with pytest.raises(PermissionDenied):
        require_runs(actor=UserFactory(username="active-nobody"), owner=union["other_province"])
