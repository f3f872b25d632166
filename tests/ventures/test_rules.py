"""Object permissions of the registry, asked the way views ask them (user.has_perm)."""

import pytest

from tests.ventures.factories import VentureDocumentFactory, VentureUpdateFactory

pytestmark = pytest.mark.django_db

ROLES = ["officer", "staff_user", "judge", "council_member", "bank_liaison"]


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("ventures.list_records", {"officer", "staff_user"}),
        ("ventures.export_records", {"officer", "staff_user"}),
        ("ventures.import_records", {"officer", "staff_user"}),
        ("ventures.add_entrepreneur", {"officer", "staff_user"}),
        ("ventures.add_venture", {"officer", "staff_user"}),
    ],
)
def test_list_level_permissions_by_role(perm, allowed, request):
    granted = {role for role in ROLES if request.getfixturevalue(role).has_perm(perm)}

    assert granted == allowed


@pytest.mark.parametrize(
    "perm",
    ["ventures.view_entrepreneur", "ventures.change_entrepreneur"],
)
@pytest.mark.parametrize(
    ("row", "allowed"),
    [
        ("person", {"officer", "staff_user"}),
        ("branch_person", {"officer", "staff_user"}),
        ("other_person", {"staff_user"}),
    ],
)
def test_entrepreneur_object_permissions(perm, row, allowed, request):
    obj = request.getfixturevalue(row)

    granted = {role for role in ROLES if request.getfixturevalue(role).has_perm(perm, obj)}

    assert granted == allowed


@pytest.mark.parametrize(
    ("row", "allowed"),
    [("venture", {"officer", "staff_user"}), ("other_venture", {"staff_user"})],
)
@pytest.mark.parametrize("perm", ["ventures.view_venture", "ventures.change_venture", "ventures.record_update"])
def test_venture_object_permissions(perm, row, allowed, request):
    obj = request.getfixturevalue(row)

    granted = {role for role in ROLES if request.getfixturevalue(role).has_perm(perm, obj)}

    assert granted == allowed


@pytest.mark.parametrize(
    ("row", "allowed"), [("venture", {"officer", "staff_user"}), ("other_venture", {"staff_user"})]
)
def test_document_and_update_permissions_follow_the_venture(row, allowed, request):
    venture = request.getfixturevalue(row)
    document = VentureDocumentFactory(venture=venture)
    update = VentureUpdateFactory(venture=venture)

    can_download = {r for r in ROLES if request.getfixturevalue(r).has_perm("ventures.view_document", document)}
    can_edit_update = {r for r in ROLES if request.getfixturevalue(r).has_perm("ventures.record_update", update)}

    assert can_download == allowed
    assert can_edit_update == allowed


@pytest.mark.parametrize("perm", ["ventures.delete_entrepreneur", "ventures.delete_venture"])
def test_only_staff_may_delete(perm, person, venture, request):
    obj = person if perm.endswith("entrepreneur") else venture

    granted = {role for role in ROLES if request.getfixturevalue(role).has_perm(perm, obj)}

    assert granted == {"staff_user"}
