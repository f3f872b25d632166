"""The union tree: materialised paths, validation, activity dates, constraints (moves: test_unit_services.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from accounts.models import Membership, Unit
from tests.factories import UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def _chain(depth: int, *, prefix: str = "level") -> list[Unit]:
    """`depth` units, each the parent of the next."""
    units: list[Unit] = []
    parent = None
    for level in range(depth):
        parent = UnitFactory(code=f"{prefix}-{level}", name=f"Đơn vị cấp {level}", parent=parent)
        units.append(parent)
    return units


def test_unit_path_set_on_create_for_a_root(province):
    assert province.path == f"/{province.pk:08d}/"
    assert province.depth == 0
    assert province.ancestor_ids == []


def test_unit_path_set_on_create_below_a_parent(province, commune, branch):
    assert commune.path == f"/{province.pk:08d}/{commune.pk:08d}/"
    assert branch.path == f"{commune.path}{branch.pk:08d}/"
    assert branch.depth == 2
    assert branch.ancestor_ids == [province.pk, commune.pk]


def test_unit_path_is_stored_in_the_database(branch, commune):
    stored = Unit.objects.get(pk=branch.pk)

    assert stored.path == branch.path
    assert stored.path.startswith(commune.path)


def test_unit_subtree_of_is_one_query_whatever_the_depth(django_assert_num_queries):
    chain = _chain(6)
    UnitFactory(code="outside", name="Đơn vị ngoài cây")

    with django_assert_num_queries(1):
        subtree = list(Unit.objects.subtree_of(chain[0]))

    assert subtree == chain
    assert chain[-1].depth == 5


@pytest.mark.parametrize("start", [0, 2, 5])
def test_unit_subtree_of_starts_at_the_given_unit(start):
    chain = _chain(6)

    subtree = list(Unit.objects.subtree_of(chain[start]))

    assert subtree == chain[start:]


def test_unit_subtree_of_excludes_siblings_and_ancestors(province, commune, branch, other_commune):
    assert list(Unit.objects.subtree_of(commune)) == [commune, branch]
    assert list(Unit.objects.subtree_of(other_commune)) == [other_commune]


def test_unit_paths_are_fixed_width_so_prefixes_never_collide(province):
    # Ids 1 and 10 would collide as "/1" and "/10" without zero padding and the closing slash.
    units = [UnitFactory(code=f"xa-{n}", parent=province) for n in range(11)]

    assert {len(unit.path) for unit in units} == {2 * Unit.PATH_STEP + 1}
    assert [list(Unit.objects.subtree_of(unit)) for unit in units] == [[unit] for unit in units]


def test_unit_is_within(province, commune, branch, other_commune):
    assert branch.is_within(branch)
    assert branch.is_within(commune)
    assert branch.is_within(province)
    assert not branch.is_within(other_commune)
    assert not commune.is_within(branch)
    assert not branch.is_within(Unit(name="chưa lưu"))


def test_unit_clean_rejects_itself_as_parent(commune):
    commune.parent = commune

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert excinfo.value.message_dict["parent"] == [
        "Không thể chọn chính đơn vị này hoặc đơn vị cấp dưới làm cấp trên."
    ]


@pytest.mark.parametrize("depth_below", [1, 3])
def test_unit_clean_rejects_a_descendant_as_parent(depth_below):
    chain = _chain(5)
    moving = chain[1]
    moving.parent = chain[1 + depth_below]

    with pytest.raises(ValidationError) as excinfo:
        moving.full_clean()

    assert list(excinfo.value.message_dict) == ["parent"]


def test_unit_clean_accepts_a_sibling_as_parent(commune, other_commune):
    commune.parent = other_commune

    commune.full_clean()  # no error


def test_unit_clean_rejects_itself_as_successor(commune):
    commune.successor = commune

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert excinfo.value.message_dict["successor"] == ["Đơn vị không thể kế thừa chính nó."]


def test_unit_clean_rejects_end_before_start(commune):
    commune.active_from = datetime.date(2025, 7, 1)
    commune.active_to = datetime.date(2025, 6, 30)

    with pytest.raises(ValidationError) as excinfo:
        commune.full_clean()

    assert excinfo.value.message_dict["active_to"] == ["Ngày kết thúc hoạt động phải sau ngày bắt đầu."]


def test_unit_clean_accepts_a_dissolved_unit_with_a_successor(province, commune):
    district = UnitFactory(
        code="huyen-doan-mai-son",
        kind=Unit.Kind.DISTRICT,
        parent=province,
        active_from=datetime.date(1990, 1, 1),
        active_to=datetime.date(2025, 6, 30),
        successor=commune,
    )

    district.full_clean()  # no error

    assert list(commune.predecessors.all()) == [district]


def test_unit_check_constraint_rejects_dates_out_of_order(province):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            name="Đoàn xã lỗi",
            code="loi-ngay",
            kind=Unit.Kind.COMMUNE,
            parent=province,
            active_from=datetime.date(2025, 7, 1),
            active_to=datetime.date(2025, 1, 1),
        )


def test_unit_check_constraint_rejects_own_successor(commune):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.filter(pk=commune.pk).update(successor=commune)


def test_unit_check_constraint_accepts_same_day_start_and_end(province):
    unit = UnitFactory(
        code="mot-ngay", parent=province, active_from=datetime.date(2025, 7, 1), active_to=datetime.date(2025, 7, 1)
    )

    assert unit.is_active_on(datetime.date(2025, 7, 1))


@pytest.mark.parametrize(
    ("active_from", "active_to", "day", "expected"),
    [
        (None, None, datetime.date(2000, 1, 1), True),
        (datetime.date(2025, 7, 1), None, datetime.date(2025, 6, 30), False),
        (datetime.date(2025, 7, 1), None, datetime.date(2025, 7, 1), True),
        (None, datetime.date(2025, 6, 30), datetime.date(2025, 6, 30), True),
        (None, datetime.date(2025, 6, 30), datetime.date(2025, 7, 1), False),
        (datetime.date(2020, 1, 1), datetime.date(2025, 6, 30), datetime.date(2023, 5, 5), True),
    ],
)
def test_unit_is_active_on_and_active_queryset_agree(province, active_from, active_to, day, expected):
    unit = UnitFactory(code="u-dates", parent=province, active_from=active_from, active_to=active_to)

    assert unit.is_active_on(day) is expected
    assert Unit.objects.filter(pk=unit.pk).active(on=day).exists() is expected


def test_unit_active_defaults_to_today(province):
    dissolved = UnitFactory(
        code="giai-the", parent=province, active_from=datetime.date(1990, 1, 1), active_to=datetime.date(2025, 6, 30)
    )
    future = UnitFactory(code="tuong-lai", parent=province, active_from=datetime.date(2999, 1, 1))

    active = list(Unit.objects.active())

    assert active == [province]
    assert dissolved.is_active is False
    assert future.is_active is False
    assert province.is_active is True


def test_unit_str_and_absolute_url(commune):
    assert str(commune) == "Đoàn phường Tô Hiệu"
    assert commune.get_absolute_url() == f"/org/units/{commune.pk}/"


@pytest.mark.parametrize(
    ("full_name", "first_name", "last_name", "expected_full", "expected_short"),
    [
        ("Lò Thị Hoa", "", "", "Lò Thị Hoa", "Hoa"),
        ("", "Hoa", "Lò", "Hoa Lò", "Lò"),
        ("", "", "", "nguoi-dung", "nguoi-dung"),
    ],
)
def test_user_names(full_name, first_name, last_name, expected_full, expected_short):
    user = UserFactory(username="nguoi-dung", full_name=full_name, first_name=first_name, last_name=last_name)

    assert user.get_full_name() == expected_full
    assert user.get_short_name() == expected_short
    assert str(user) == (full_name or "nguoi-dung")


def test_user_phone_validated(commune):
    user = UserFactory(username="sdt", phone="0123")

    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()

    assert list(excinfo.value.message_dict) == ["phone"]


def test_membership_unique_per_user_unit_role(officer, commune):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=officer, unit=commune, role=Membership.Role.OFFICER)


def test_membership_same_user_may_hold_another_role_at_the_unit(officer, commune):
    Membership.objects.create(user=officer, unit=commune, role=Membership.Role.JUDGE)

    assert sorted(officer.memberships.values_list("role", flat=True)) == ["judge", "officer"]


def test_membership_str(officer):
    membership = officer.memberships.get()

    assert str(membership) == f"{officer.full_name} · Cán bộ đơn vị · Đoàn phường Tô Hiệu"


def test_unit_with_members_cannot_be_deleted(officer, commune):
    with pytest.raises(ProtectedError):
        commune.delete()
