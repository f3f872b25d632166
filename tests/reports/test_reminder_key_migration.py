"""Migration reports/0006: reminders of the ventures' monthly deadline sent under the old key
(one per month) count for the new per-unit keys, so nobody is reminded twice after deploying."""

import datetime
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from accounts.models import Membership
from reports.models import ReminderLog
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db

migration = import_module("reports.migrations.0006_reminderlog_ventures_monthly_per_unit")
DUE = datetime.date(2026, 11, 5)


def log(user, key: str) -> ReminderLog:
    return ReminderLog.objects.create(deadline_key=key, user=user, offset=-3, due=DUE, sent_on=DUE, title="Cập nhật")


def test_a_reminder_under_the_old_key_counts_for_each_of_the_officers_units(commune, other_commune):
    officer = user_with_role(Membership.Role.OFFICER, commune, username="two-units")
    Membership.objects.create(user=officer, unit=other_commune, role=Membership.Role.OFFICER)
    staff = user_with_role(Membership.Role.STAFF, UnitFactory(code="khac"), username="staff-only")
    log(officer, "ventures.monthly:2026-10")
    log(staff, "ventures.monthly:2026-10")
    log(officer, f"ventures.monthly:2026-10:{commune.pk}")  # already under the new key: kept once
    log(officer, "ocop.list:2026")

    migration.carry_over(apps, SimpleNamespace(connection=connection))
    migration.carry_over(apps, SimpleNamespace(connection=connection))  # twice: nothing more

    keys = sorted(ReminderLog.objects.filter(user=officer).values_list("deadline_key", flat=True))
    assert keys == sorted(
        [
            "ocop.list:2026",
            "ventures.monthly:2026-10",
            f"ventures.monthly:2026-10:{commune.pk}",
            f"ventures.monthly:2026-10:{other_commune.pk}",
        ]
    )
    copied = ReminderLog.objects.get(user=officer, deadline_key=f"ventures.monthly:2026-10:{other_commune.pk}")
    assert (copied.offset, copied.due, copied.sent_on, copied.title) == (-3, DUE, DUE, "Cập nhật")
    assert ReminderLog.objects.filter(user=staff).count() == 1  # not an officer: owes no unit's updates
