"""Staff are named after the level of the unit that runs their programmes, on the home page
and in the admin: the Central Union's staff are not "Cán bộ Tỉnh đoàn"."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Unit
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "title"),
    [
        (Unit.Kind.NATIONAL, "Cán bộ Trung ương Đoàn"),
        (Unit.Kind.PROVINCE, "Cán bộ Tỉnh đoàn"),
        (Unit.Kind.SCHOOL, "Cán bộ điều hành chương trình"),
    ],
)
def test_staff_are_named_after_their_units_level(client, kind, title):
    unit = UnitFactory(name="Đơn vị thử", code=f"dv-{kind}", kind=kind)
    user = user_with_role("staff", unit)
    membership = Membership.objects.get(user=user)
    assert membership.role_title == title
    assert str(membership).endswith(f"· {title} · Đơn vị thử")
    client.force_login(user)
    assert f"{title} · Đơn vị thử" in client.get(reverse("home")).content.decode()


def test_other_roles_keep_their_label():
    unit = UnitFactory(name="Đoàn xã Chiềng Cơi", code="chieng-coi", kind=Unit.Kind.COMMUNE)
    user = user_with_role("officer", unit)
    assert Membership.objects.get(user=user).role_title == "Cán bộ đơn vị"
