"""A venture is archived with a reason, never deleted: it keeps its progress reports and
history, leaves the registry's lists and exports, its page says who archived it, when and why,
and it stops counting from the day it was archived. "Today" is 7/12/2026."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from common.indicators import Measure, Period
from tests.ventures.factories import VentureFactory, VentureUpdateFactory
from ventures import services
from ventures.indicators import ventures_registered, youth_cooperatives
from ventures.models import Venture, VentureUpdate

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
REASON = "Đăng ký trùng với mô hình HTX Mận Nà Ka đã có"
MARCH = Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def venture(commune):
    venture = VentureFactory(
        unit=commune, name="HTX Mận hậu Nà Ka", kind=Venture.Kind.COOPERATIVE, founded_on=datetime.date(2026, 3, 2)
    )
    VentureUpdateFactory(venture=venture)
    return venture


def test_archive_keeps_the_venture_its_progress_reports_and_history(venture, staff_user):
    services.venture_archive(venture=venture, reason=REASON, actor=staff_user)

    venture.refresh_from_db()
    assert (venture.voided_at, venture.voided_by, venture.void_reason) == (NOW, staff_user, REASON)
    assert VentureUpdate.objects.filter(venture=venture).count() == 1
    assert venture.history.latest().history_user == staff_user
    with pytest.raises(ValidationError):
        services.venture_archive(venture=venture, reason=REASON, actor=staff_user)


def test_an_archived_venture_stops_counting_from_the_day_it_was_archived(venture, commune, staff_user):
    services.venture_archive(venture=venture, reason=REASON, actor=staff_user)

    assert ventures_registered(MARCH) == youth_cooperatives(MARCH) == {commune.pk: Measure(1)}
    assert ventures_registered(Period.year(2026)) == {}
    assert youth_cooperatives(Period.year(2026)) == {}


def _names(response) -> list[str]:
    rows = list(load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("Tên mô hình")
    return [row[column] for row in rows[1:]]


def test_lists_and_exports_hide_an_archived_venture_its_page_says_why(client, staff_user, venture, commune):
    kept = VentureFactory(unit=commune, name="Trang trại bò sữa Mộc Châu")
    services.venture_archive(venture=venture, reason=REASON, actor=staff_user)
    client.force_login(staff_user)

    listed = client.get(reverse("ventures:venture-list"))
    archived = client.get(reverse("ventures:venture-list"), {"archived": "1"})
    exported = client.get(reverse("ventures:venture-export"))
    page = client.get(reverse("ventures:venture-detail", args=[venture.pk])).content.decode()

    assert [v.pk for v in listed.context["ventures"]] == [kept.pk]
    assert [v.pk for v in archived.context["ventures"]] == [venture.pk]
    assert _names(exported) == [kept.name]
    assert f"Đã lưu trữ ngày 07/12/2026 bởi {staff_user.full_name} — lý do: {REASON}" in page


def test_staff_archive_a_venture_from_the_admin_with_a_reason(client, staff_user, venture):
    client.force_login(staff_user)
    url = reverse("admin:ventures_venture_changelist")
    chosen = {"action": "archive_ventures", "_selected_action": [venture.pk]}

    too_short = client.post(url, {**chosen, "apply": "1", "reason": "trùng"})
    done = client.post(url, {**chosen, "apply": "1", "reason": REASON})

    assert (too_short.status_code, done.status_code) == (302, 302)
    venture.refresh_from_db()
    assert (venture.voided_by, venture.void_reason) == (staff_user, REASON)


def test_staff_archive_a_venture_from_its_page_officers_cannot(client, staff_user, officer, venture):
    url = reverse("ventures:venture-archive", args=[venture.pk])
    client.force_login(officer)
    assert url not in client.get(reverse("ventures:venture-detail", args=[venture.pk])).content.decode()
    assert client.post(url, {"reason": REASON}).status_code == 403
    client.force_login(staff_user)
    assert url in client.get(reverse("ventures:venture-detail", args=[venture.pk])).content.decode()

    empty = client.post(url, {"reason": ""})
    response = client.post(url, {"reason": REASON})

    assert (empty.status_code, response.status_code) == (200, 302)
    venture.refresh_from_db()
    assert (venture.voided_by, venture.void_reason) == (staff_user, REASON)
