"""The deadline pages and the reminder run at national scale: each app computes only what a
page's user may see (`viewer`), the pages list one page of rows, and the daily run writes its
logs and notifications in bulk; their queries do not grow with the rows."""

import datetime

import pytest
from django.db.models import Max, Min
from django.urls import reverse

from accounts.models import Membership, Unit, User
from accounts.scoping import visible_deadlines
from common.models import Notification
from reports.models import ReminderLog, ReportingPeriod
from reports.periodic import reminders
from reports.periodic.views import DEADLINES_PER_PAGE
from tests.factories import UnitFactory, user_with_role

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)


def _owing_units(province, n: int, *, prefix: str = "so") -> list:
    """`n` communes with an officer each, none has reported."""
    officers = []
    for i in range(n):
        unit = UnitFactory(name=f"Đoàn xã {prefix} {i:03d}", code=f"{prefix}-{i}", kind="commune", parent=province)
        officers.append(user_with_role("officer", unit, username=f"cb-{prefix}-{i}"))
    return officers


def _demo_window() -> tuple[datetime.date, datetime.date]:
    """The demo's reporting year, and a little around it: every app has deadlines in it."""
    dues = ReportingPeriod.objects.aggregate(first=Min("due"), last=Max("due"))
    return dues["first"] - datetime.timedelta(days=60), dues["last"] + datetime.timedelta(days=60)


def test_narrowing_to_the_viewer_leaves_every_staff_page_as_it_was(demo):
    start, end = _demo_window()
    everything = reminders.gather(start=start, end=end)
    users = User.objects.filter(memberships__role=Membership.Role.STAFF).distinct().order_by("username")
    seen = {}
    for user in users:
        narrowed = reminders.gather(start=start, end=end, viewer=user)
        assert [d.key for d in visible_deadlines(narrowed, user)] == [
            d.key for d in visible_deadlines(everything, user)
        ], user.username
        seen[user.username] = len(narrowed)
    # Some staff see less than the whole Union, and then compute less (not only show less).
    assert len(users) >= 3
    assert min(seen.values()) < len(everything)


def test_a_province_computes_none_of_another_provinces_deadlines(demo):
    start, end = _demo_window()
    lai_chau = Unit.objects.get(code="tinh-doan-lai-chau")
    son_la = Unit.objects.get(code="tinh-doan-son-la")
    staff = Membership.objects.filter(unit=lai_chau, role=Membership.Role.STAFF).first().user
    paths = dict(Unit.objects.values_list("pk", "path"))

    everything = reminders.gather(start=start, end=end)
    narrowed = reminders.gather(start=start, end=end, viewer=staff)

    in_son_la = [d for d in everything if d.unit_id and paths[d.unit_id].startswith(son_la.path)]
    assert in_son_la
    assert not [d for d in narrowed if d.unit_id and paths[d.unit_id].startswith(son_la.path)]


def _rows(page: str) -> int:
    return page.count("<tr data-key=")


@pytest.mark.parametrize("size", [2, DEADLINES_PER_PAGE + 10])
def test_deadline_page_lists_one_page_of_rows_in_fixed_queries(
    client, staff_user, province, current, size, django_assert_max_num_queries
):
    _owing_units(province, size)
    client.force_login(staff_user)
    url = reverse("reports:periodic-deadlines")

    with django_assert_max_num_queries(28):
        first = client.get(url, {"days": "90"}).content.decode()

    assert _rows(first) == min(size, DEADLINES_PER_PAGE)
    if size > DEADLINES_PER_PAGE:
        assert "rows=2" in first
        second = client.get(url, {"days": "90", "rows": "2"}).content.decode()
        assert _rows(second) == size - DEADLINES_PER_PAGE


@pytest.mark.parametrize("size", [2, DEADLINES_PER_PAGE + 10])
def test_late_page_counts_every_unit_and_lists_one_page(
    client, staff_user, province, past, size, django_assert_max_num_queries
):
    _owing_units(province, size)
    client.force_login(staff_user)

    with django_assert_max_num_queries(28):
        page = client.get(reverse("reports:periodic-late")).content.decode()

    if size > DEADLINES_PER_PAGE:
        assert _rows(page) == DEADLINES_PER_PAGE
    else:
        assert size <= _rows(page) < DEADLINES_PER_PAGE  # each unit owes one or more past periods
    # The units owing the most are counted over every late deadline, not only the page's.
    assert 'data-list="worst"' in page
    assert "Đoàn xã so 000" in page


def test_another_provinces_units_are_not_on_the_pages(client, staff_user, province, lai_chau, lai_chau_staff, past):
    _owing_units(province, 2)
    _owing_units(lai_chau, 2, prefix="lc")
    client.force_login(lai_chau_staff)

    late = client.get(reverse("reports:periodic-late")).content.decode()

    assert "Đoàn xã so" not in late  # Sơn La's schedule is not Lai Châu's business


@pytest.mark.parametrize("size", [3, 30])
def test_reminder_run_costs_fixed_queries(current, province, size, django_assert_max_num_queries):
    officers = _owing_units(province, size)

    with django_assert_max_num_queries(32):
        result = reminders.reminders_send(today=current.due - ONE_DAY)

    assert result.sent == size
    assert set(ReminderLog.objects.values_list("user_id", flat=True)) == {o.pk for o in officers}
    assert Notification.objects.filter(key__startswith="reminder:").count() == size


def test_reminder_emails_go_once_each_after_commit(current, province, django_capture_on_commit_callbacks, mailoutbox):
    _owing_units(province, 3)

    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_send(today=current.due - ONE_DAY)
        reminders.reminders_send(today=current.due - ONE_DAY)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        Notification.objects.filter(key__startswith="reminder:").values_list("recipient__email", flat=True)
    )
    assert len(mailoutbox) == 3


def test_a_run_racing_another_midway_sends_only_what_the_other_did_not(current, province, monkeypatch):
    officers = _owing_units(province, 4)
    today = current.due - ONE_DAY
    monkeypatch.setattr(reminders, "BATCH", 10)
    # The other run logged two of the four after this one read the log: the batch insert is
    # refused, and the batch claims the other two one by one.
    first_two = {o.pk for o in officers[:2]}
    reminders.reminders_send(today=today)
    ReminderLog.objects.exclude(user_id__in=first_two).delete()
    Notification.objects.exclude(recipient_id__in=first_two).delete()
    monkeypatch.setattr(reminders, "_done_for", lambda keys: set())

    result = reminders.reminders_send(today=today)

    assert (result.sent, result.skipped) == (2, 2)
    keys = list(ReminderLog.objects.values_list("deadline_key", "user_id", "offset"))
    assert len(keys) == len(set(keys)) == 4
    assert Notification.objects.filter(key__startswith="reminder:").count() == 4


def test_the_staff_lists_are_kept_until_something_they_read_changes(
    client, staff_user, province, past, django_assert_max_num_queries
):
    """The Central Union's deadline pages gather every province's deadlines: the list is kept
    for the user's scope until a unit, a role or a record of an app with deadlines changes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _owing_units(province, 3)
    client.force_login(staff_user)
    url = reverse("reports:periodic-late")
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert "Đoàn xã so 002" in page
    assert "data-counted-at" in page
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).content.decode().count("<tr data-key=") == page.count("<tr data-key=")
    assert len(again) < len(first)  # the apps were not asked again

    _owing_units(province, 1, prefix="moi")  # a new commune, with its officer: counted again
    assert "Đoàn xã moi 000" in client.get(url).content.decode()
