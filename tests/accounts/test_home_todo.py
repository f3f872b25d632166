"""The home page's one "Việc cần làm" list: what the user still owes (every app's deadlines)
and their unread notifications, laid out alike, by due date with overdue work first."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from common import registry
from common.history import system_actor
from common.models import Notification
from common.registry import TodoItem, TodoSource
from common.services import notification_create
from reports.models import ReportingSchedule
from reports.periodic import services as periodic_services
from reports.periodic.deadlines import deadline_key
from reports.periodic.todo import owed_todo_items
from tests.reports.periodic.factories import ScheduleFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def monthly(province):
    """Monthly reports due on the 5th of the next month: January's and February's are
    overdue on 10 March, March's is due on 5 April."""
    schedule = ScheduleFactory(
        owner=province,
        name="Báo cáo tháng kinh tế tập thể",
        frequency=ReportingSchedule.Frequency.MONTHLY,
        due_month_offset=1,
        active_from=datetime.date(2026, 1, 1),
    )
    return periodic_services.periods_ensure(schedule=schedule, until=TODAY, actor=system_actor())


def _rows(page: str) -> list[str]:
    panel = re.search(r'<section class="card shadow-sm" id="todo-panel".*?</section>', page, re.S).group(0)
    return re.findall(r"<li class=\"list-group-item\" data-todo-item=.*?</li>", panel, re.S)


def _key(row: str) -> str:
    return re.search(r'data-key="([^"]*)"', row).group(1)


def _text(row: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()


def test_officer_home_has_one_list_with_every_deadline_and_notification(
    client, officer, other_officer, commune, monthly
):
    january, february, march = monthly
    reminder = notification_create(
        recipient=officer,
        key=f"reminder:{deadline_key(february.pk, commune.pk)}:5",
        title=f"{february.schedule.name} – {february.label} (đã quá hạn 5 ngày)",
        url=reverse("reports:periodic-fill", kwargs={"period_pk": february.pk, "unit_pk": commune.pk}),
        level=Notification.Level.WARNING,
        due_on=february.due,
    )
    assigned = notification_create(
        recipient=officer,
        key="competitions.screened:9",
        title="Bài 2026-004 cần bổ sung hồ sơ",
        url="/contests/",
        level=Notification.Level.TODO,
        due_on=datetime.date(2026, 3, 20),
    )
    accepted = notification_create(
        recipient=officer, key="reports.review:1:20260301", title="Tỉnh đoàn đã tiếp nhận: Báo cáo quý IV/2025"
    )
    read = notification_create(recipient=officer, key="loans.referral:1:approved", title="Đã đọc rồi")
    Notification.objects.filter(pk=read.pk).update(read_at=NOW)
    notification_create(recipient=other_officer, key="x", title="Việc của đơn vị khác")
    owed = [item.key for item in owed_todo_items(user=officer, today=TODAY)]
    client.force_login(officer)

    page = client.get(reverse("home")).content.decode()

    # One panel: the lists of the two former panels ("Việc bạn cần làm" and "Việc cần làm") in one.
    assert page.count('id="todo-panel"') == 1
    assert "Việc bạn cần làm" not in page
    assert 'data-panel="todo"' not in page
    rows = _rows(page)
    # By due date, overdue first; the notification with no due date last.
    assert [_key(row) for row in rows] == [
        deadline_key(january.pk, commune.pk),
        deadline_key(february.pk, commune.pk),
        "competitions.screened:9",
        deadline_key(march.pk, commune.pk),
        "reports.review:1:20260301",
    ]
    # Every owed deadline and every unread notification is there, the reminder on its deadline's line.
    assert owed == [_key(row) for row in rows if 'data-todo-item="deadline"' in row]
    shown = {
        int(pk) for row in rows for ids in re.findall(r'data-notifications="([\d ]+)"', row) for pk in ids.split()
    }
    assert shown == {reminder.pk, assigned.pk, accepted.pk}
    assert "Đã đọc rồi" not in page
    assert "Việc của đơn vị khác" not in page
    # Every line alike: what, for which programme, due date, status, link.
    assert _text(rows[0]) == (
        f"{january.schedule.name} – {january.label} Đoàn phường Tô Hiệu: chưa gửi báo cáo quá hạn "
        "Báo cáo định kỳ · Hạn: 05/02/2026"
    )
    assert f'href="{reverse("reports:periodic-fill", args=[january.pk, commune.pk])}"' in rows[0]
    assert _text(rows[1]).endswith("quá hạn Báo cáo định kỳ · Hạn: 05/03/2026")
    assert f'action="{reverse("accounts:notification-open", args=[reminder.pk])}"' in rows[1]
    assert "(đã quá hạn 5 ngày)" not in page  # the reminder joined its deadline's line
    assert _text(rows[2]) == "Bài 2026-004 cần bổ sung hồ sơ còn 10 ngày Cuộc thi · Hạn: 20/03/2026"
    assert f'action="{reverse("accounts:notification-open", args=[assigned.pk])}"' in rows[2]
    assert _text(rows[3]).endswith("còn 26 ngày Báo cáo định kỳ · Hạn: 05/04/2026")
    assert _text(rows[4]) == "Tỉnh đoàn đã tiếp nhận: Báo cáo quý IV/2025 Thông tin Báo cáo định kỳ"
    assert "data-overdue" in rows[0]
    assert "data-overdue" not in rows[3]
    assert f'href="{reverse("reports:periodic-list")}">Báo cáo định kỳ</a>' in page


def test_opening_a_deadline_line_marks_its_reminder_read_and_follows_it(client, officer, commune, monthly):
    february = monthly[1]
    url = reverse("reports:periodic-fill", kwargs={"period_pk": february.pk, "unit_pk": commune.pk})
    reminder = notification_create(
        recipient=officer, key=f"reminder:{deadline_key(february.pk, commune.pk)}:5", title="Nhắc hạn", url=url
    )
    client.force_login(officer)

    response = client.post(reverse("accounts:notification-open", args=[reminder.pk]))
    rows = _rows(client.get(reverse("home")).content.decode())

    reminder.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == url
    assert reminder.is_read
    february_row = next(row for row in rows if _key(row) == deadline_key(february.pk, commune.pk))
    assert f'href="{url}"' in february_row
    assert "data-notifications" not in february_row


def test_a_reminder_about_work_done_keeps_its_own_line(client, officer, commune):
    reminder = notification_create(
        recipient=officer,
        key="reminder:competitions.quota:3:7:-3",
        title="Nộp ý tưởng dự thi (còn 3 ngày)",
        level=Notification.Level.TODO,
        due_on=datetime.date(2026, 3, 13),
    )
    client.force_login(officer)

    rows = _rows(client.get(reverse("home")).content.decode())

    assert [(_key(row), _text(row)) for row in rows] == [
        (reminder.key, "Nộp ý tưởng dự thi (còn 3 ngày) còn 3 ngày Cuộc thi · Hạn: 13/03/2026")
    ]


def test_staff_home_shares_the_list_and_says_when_nothing_waits(client, staff_user, monthly):
    client.force_login(staff_user)

    page = client.get(reverse("home")).content.decode()

    assert page.count('id="todo-panel"') == 1
    assert _rows(page) == []
    assert "Không có việc nào đang chờ." in page


def test_the_list_shows_fifteen_lines_then_says_how_many_more(client, officer, monkeypatch):
    items = [
        TodoItem(key=f"test:{n}", title=f"Việc số {n}", programme="events", due=TODAY + datetime.timedelta(days=n - 5))
        for n in range(20)
    ]
    monkeypatch.setattr(registry, "_todo_sources", {})
    registry.register_todo_source(
        TodoSource(key="test", roles=("officer",), collect=lambda *, user, today: list(reversed(items)))
    )
    client.force_login(officer)

    page = client.get(reverse("home")).content.decode()

    rows = _rows(page)
    assert [_key(row) for row in rows] == [f"test:{n}" for n in range(15)]
    assert [("quá hạn" in _text(row)) for row in rows[:6]] == [True] * 5 + [False]
    assert "Sự kiện · Hạn:" in _text(rows[0])
    assert "và 5 việc khác" in page
