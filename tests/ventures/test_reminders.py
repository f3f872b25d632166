"""Monthly venture updates as `reports` reads them (`ventures/deadlines.py`) and the
reminders the daily run of `reports` sends from them (ported from the ventures job)."""

import datetime

import pytest

from accounts.models import Membership
from common.models import Notification
from reports.periodic.reminders import reminders_send
from tests.factories import user_with_role
from tests.ventures.factories import VentureFactory, VentureUpdateFactory
from ventures import deadlines
from ventures.models import Venture

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 11, 5)  # October's updates


@pytest.fixture(autouse=True)
def _due_day(settings):
    settings.VENTURE_UPDATE_DUE_DAY = 5


def _october():
    return list(deadlines.deadlines(start=DUE, end=DUE))


def test_each_officer_owes_the_ventures_of_their_subtree(officer, other_officer, commune, branch):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    VentureFactory(unit=branch, founded_on=datetime.date(2024, 1, 1))
    reported = VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    VentureUpdateFactory(venture=reported, period_kind="month", year=2026, period_number=10)

    (found,) = _october()

    assert found.key == f"ventures.monthly:2026-10:{commune.pk}"
    assert found.title == "Cập nhật tiến độ mô hình tháng 10/2026"
    assert [(o.user_id, o.detail) for o in found.owed_by] == [
        (officer.pk, "Đoàn phường Tô Hiệu: 2 mô hình chưa cập nhật")
    ]


@pytest.mark.parametrize(
    ("status", "founded_on"),
    [(Venture.Status.CLOSED, datetime.date(2024, 1, 1)), (Venture.Status.ACTIVE, datetime.date(2026, 11, 2))],
)
def test_closed_and_brand_new_ventures_owe_nothing(officer, commune, status, founded_on):
    VentureFactory(unit=commune, status=status, founded_on=founded_on)

    assert _october() == []


def test_january_asks_for_december_and_due_day_is_clamped(officer, commune, settings):
    VentureFactory(unit=commune, founded_on=None)
    settings.VENTURE_UPDATE_DUE_DAY = 31

    (found,) = deadlines.deadlines(start=datetime.date(2027, 2, 1), end=datetime.date(2027, 2, 28))

    assert found.key == f"ventures.monthly:2027-01:{commune.pk}"
    assert found.due == datetime.date(2027, 2, 28)
    (dec,) = deadlines.deadlines(start=datetime.date(2027, 1, 31), end=datetime.date(2027, 1, 31))
    assert dec.key == f"ventures.monthly:2026-12:{commune.pk}"


def test_staff_and_other_roles_owe_nothing(staff_user, judge, commune):
    user_with_role(Membership.Role.COUNCIL, commune, username="hoidong2")
    VentureFactory(unit=commune, founded_on=None)

    assert _october() == []


def test_daily_run_twice_sends_one_notification_and_one_email(
    officer, commune, mailoutbox, django_capture_on_commit_callbacks
):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        reminders_send(today=DUE - datetime.timedelta(days=1))
        reminders_send(today=DUE - datetime.timedelta(days=1))

    assert Notification.objects.filter(recipient=officer).count() == 1
    assert [m.to for m in mailoutbox] == [[officer.email]]


def test_a_home_page_asking_for_one_officer_gets_the_same_debts(officer, other_officer, staff_user, commune, branch):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    VentureFactory(unit=branch, founded_on=datetime.date(2024, 1, 1))
    VentureFactory(unit=other_officer.memberships.get().unit, founded_on=datetime.date(2024, 1, 1))
    everyone = _october()

    for user in (officer, other_officer, staff_user):
        narrowed = deadlines.deadlines(start=DUE, end=DUE, debtor=user)
        owed = [(d.key, o) for d in everyone for o in d.owed_by if o.user_id == user.pk]
        assert [(d.key, o) for d in narrowed for o in d.owed_by if o.user_id == user.pk] == owed
    assert deadlines.deadlines(start=DUE, end=DUE, debtor=staff_user) == []
