"""Placing units in the tree (accounts.services.unit_create / unit_update): paths and
depths of a unit and its whole subtree, in one UPDATE, whatever wrote the row before."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Unit
from accounts.services import unit_create, unit_update
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _updates(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]


def test_unit_create_sets_the_path_under_its_parent(province, staff_user):
    unit = unit_create(
        actor=staff_user, name="Đoàn xã Chiềng Mung", code="chieng-mung", kind=Unit.Kind.COMMUNE, parent=province
    )

    assert unit.path == f"{province.path}{unit.pk:08d}/"
    assert Unit.objects.get(pk=unit.pk).path == unit.path
    assert unit.depth == 1


def test_unit_save_is_plain_and_leaves_the_path(commune, other_commune):
    """Only the services place a unit: a plain save() from the model writes what it holds."""
    path = commune.path
    commune.parent = other_commune
    commune.save()

    assert Unit.objects.get(pk=commune.pk).path == path


def test_move_rewrites_the_subtree_in_one_update(province, commune, branch, other_commune, staff_user):
    for n in range(5):
        UnitFactory(code=f"to-{n}", parent=branch, kind=Unit.Kind.BRANCH)

    with CaptureQueriesContext(connection) as queries:
        unit_update(unit=commune, actor=staff_user, parent=other_commune)

    row, subtree = _updates(queries)  # the row's own columns, then every path below the old prefix
    assert '"path"' not in row
    assert '"path"' in subtree

    depths = dict(Unit.objects.subtree_of(other_commune).values_list("code", "path"))
    assert {code: len(path) // Unit.PATH_STEP - 1 for code, path in depths.items()} == {
        "muong-la": 1,
        commune.code: 2,
        branch.code: 3,
        **{f"to-{n}": 4 for n in range(5)},
    }


def test_admin_adds_and_moves_units_through_the_services(province, commune, branch, other_commune, django_user_model):
    admin = django_user_model.objects.create_superuser("quan-tri", password="mat-khau-Thu-nghiem-1")  # noqa: S106
    client = Client()
    client.force_login(admin)
    form = {"name": "Đoàn xã Mường Bú", "code": "muong-bu", "kind": Unit.Kind.COMMUNE, "parent": province.pk}

    client.post(reverse("admin:accounts_unit_add"), form)
    added = Unit.objects.get(code="muong-bu")
    client.post(
        reverse("admin:accounts_unit_change", args=[commune.pk]),
        {
            "name": commune.name,
            "code": commune.code,
            "kind": commune.kind,
            "parent": added.pk,
            "active_from": "01/07/2025",
        },
    )

    branch.refresh_from_db()
    assert added.path == f"{province.path}{added.pk:08d}/"
    assert branch.path == f"{added.path}{commune.pk:08d}/{branch.pk:08d}/"


def test_unit_move_rewrites_paths_of_the_whole_subtree(province, commune, branch, other_commune, staff_user):
    grandchild = UnitFactory(code="to-5-nhom-a", parent=branch, kind=Unit.Kind.BRANCH)

    unit_update(unit=commune, actor=staff_user, parent=other_commune)

    for unit in (commune, branch, grandchild):
        unit.refresh_from_db()
    assert commune.path == f"{other_commune.path}{commune.pk:08d}/"
    assert branch.path == f"{commune.path}{branch.pk:08d}/"
    assert grandchild.path == f"{branch.path}{grandchild.pk:08d}/"
    assert list(Unit.objects.subtree_of(other_commune)) == [other_commune, commune, branch, grandchild]
    assert grandchild.depth == 4


def test_unit_move_leaves_other_subtrees_alone(province, commune, branch, other_commune, staff_user):
    other_branch = UnitFactory(code="muong-la-ban-1", parent=other_commune)
    before = other_branch.path

    unit_update(unit=branch, actor=staff_user, parent=province)

    other_branch.refresh_from_db()
    assert other_branch.path == before
    assert list(Unit.objects.subtree_of(commune)) == [commune]


def test_unit_saved_from_a_stale_copy_after_its_parent_moved_gets_the_right_path(
    province, commune, branch, other_commune, staff_user
):
    stale_branch = Unit.objects.get(pk=branch.pk)  # loaded before the move
    unit_update(unit=commune, actor=staff_user, parent=other_commune)

    unit_update(unit=stale_branch, actor=staff_user, name="Chi đoàn Tổ 5 (đổi tên)")

    assert Unit.objects.get(pk=branch.pk).path == f"{other_commune.path}{commune.pk:08d}/{branch.pk:08d}/"


def test_unit_move_to_the_root(province, commune, branch, staff_user):
    unit_update(unit=commune, actor=staff_user, parent=None)

    branch.refresh_from_db()
    assert commune.path == f"/{commune.pk:08d}/"
    assert branch.path == f"/{commune.pk:08d}/{branch.pk:08d}/"
    assert list(Unit.objects.subtree_of(province)) == [province]


def test_unit_save_without_move_changes_no_path(commune, branch, staff_user):
    with CaptureQueriesContext(connection) as queries:
        unit_update(unit=commune, actor=staff_user, name="Đoàn phường Tô Hiệu (mới)")

    assert len(_updates(queries)) == 1  # the row's own columns; no path rewrite

    branch.refresh_from_db()
    assert branch.path.startswith(commune.path)
