import datetime

import pytest

from accounts.models import Membership
from common.models import Notification
from tests.factories import user_with_role
from tests.ventures.factories import VentureFactory, VentureUpdateFactory
from ventures.models import Venture
from ventures.services import venture_updates_remind
from ventures.tasks import remind_missing_updates

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 3)


def test_reminder_tells_each_officer_how_many_ventures_lack_last_month(officer, other_officer, commune, branch):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    VentureFactory(unit=branch, founded_on=datetime.date(2024, 1, 1))
    reported = VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    VentureUpdateFactory(venture=reported, period_kind="month", year=2026, period_number=10)

    venture_updates_remind(today=TODAY)

    notification = Notification.objects.get(recipient=officer)
    assert notification.title == "2 mô hình chưa cập nhật tiến độ tháng 10/2026"
    assert notification.due_on == datetime.date(2026, 11, 5)
    assert notification.level == Notification.Level.TODO
    assert not Notification.objects.filter(recipient=other_officer).exists()


def test_reminder_twice_sends_one_notification_and_one_email(
    officer, commune, mailoutbox, django_capture_on_commit_callbacks
):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))

    with django_capture_on_commit_callbacks(execute=True):
        venture_updates_remind(today=TODAY)
        venture_updates_remind(today=TODAY + datetime.timedelta(days=1))

    assert Notification.objects.filter(recipient=officer).count() == 1
    assert [m.to for m in mailoutbox] == [[officer.email]]


@pytest.mark.parametrize(
    ("status", "founded_on"),
    [(Venture.Status.CLOSED, datetime.date(2024, 1, 1)), (Venture.Status.ACTIVE, datetime.date(2026, 11, 2))],
)
def test_reminder_skips_closed_and_brand_new_ventures(officer, commune, status, founded_on):
    VentureFactory(unit=commune, status=status, founded_on=founded_on)

    assert venture_updates_remind(today=TODAY) == 0
    assert not Notification.objects.exists()


def test_reminder_in_january_asks_for_december(officer, commune):
    VentureFactory(unit=commune, founded_on=None)

    venture_updates_remind(today=datetime.date(2027, 1, 2))

    assert Notification.objects.get().title == "1 mô hình chưa cập nhật tiến độ tháng 12/2026"


def test_reminder_ignores_staff_and_other_roles(staff_user, judge, commune):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))
    user_with_role(Membership.Role.BANK_LIAISON, commune)

    assert venture_updates_remind(today=TODAY) == 0


def test_reminder_task_runs_the_service(officer, commune):
    VentureFactory(unit=commune, founded_on=datetime.date(2024, 1, 1))

    assert remind_missing_updates.delay().get() == 1
    assert Notification.objects.filter(recipient=officer).count() == 1
