"""A job fair is archived with a reason, never deleted: it keeps its employers, vacancies,
seekers, applications and hires (and history), leaves the lists and the public pages, its page
says who archived it, when and why, and its figures stop counting from the day it was archived.
"Today" is 7/12/2026."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from common.indicators import Measure, Period
from jobs import services
from jobs.indicators import INDICATORS
from jobs.models import Application, Employer, JobFair, JobSeeker
from tests.jobs.factories import ApplicationFactory, JobFairFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime.datetime(2026, 12, 7, 10, 0, tzinfo=HCM)
REASON = "Ngày hội nhập hai lần; bản chính là ngày hội số 12"
OCTOBER = Period(datetime.date(2026, 10, 1), datetime.date(2026, 10, 31))


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def fair(commune):
    day = datetime.datetime(2026, 10, 16, 8, tzinfo=HCM)
    fair = JobFairFactory(unit=commune, name="Ngày hội việc làm Tô Hiệu", starts_at=day, ends_at=day.replace(hour=16))
    seeker = JobSeekerFactory(fair=fair, checked_in_at=day.replace(hour=9), consented_at=day)
    ApplicationFactory(seeker=seeker, status="hired", hired_at=day.replace(hour=15))
    return fair


def compute(code: str, period: Period) -> dict[int, Measure]:
    return next(i for i in INDICATORS if i.code == code).compute(period)


def test_archive_keeps_the_fair_and_everything_recorded_at_it(fair, staff_user):
    services.fair_archive(fair=fair, reason=REASON, actor=staff_user)

    fair.refresh_from_db()
    assert (fair.voided_at, fair.voided_by, fair.void_reason) == (NOW, staff_user, REASON)
    assert (Employer.objects.count(), JobSeeker.objects.count(), Application.objects.count()) == (1, 1, 1)
    assert fair.history.latest().history_user == staff_user


def test_archive_needs_a_reason_and_happens_once(fair, staff_user):
    with pytest.raises(ValidationError):
        services.fair_archive(fair=fair, reason="x", actor=staff_user)
    services.fair_archive(fair=fair, reason=REASON, actor=staff_user)
    with pytest.raises(ValidationError):
        services.fair_archive(fair=fair, reason=REASON, actor=staff_user)


def test_an_archived_fair_stops_counting_from_the_day_it_was_archived(fair, commune, staff_user):
    year = Period.year(2026)

    services.fair_archive(fair=fair, reason=REASON, actor=staff_user)

    assert compute("jobs.hires", OCTOBER) == compute("jobs.seekers_checked_in", OCTOBER) == {commune.pk: Measure(1)}
    assert compute("jobs.hires", year) == compute("jobs.seekers_checked_in", year) == {}


def test_lists_and_public_pages_hide_an_archived_fair_its_page_says_why(client, fair, staff_user):
    other = JobFairFactory(unit=fair.unit, name="Sàn giao dịch việc làm tháng 12")
    services.fair_archive(fair=fair, reason=REASON, actor=staff_user)
    client.force_login(staff_user)

    listed = client.get(reverse("jobs:fair-list"))
    archived = client.get(reverse("jobs:fair-list"), {"archived": "1"})
    page = client.get(reverse("jobs:fair-detail", args=[fair.pk])).content.decode()
    public = client.get(reverse("jobs:public-fair-list")).content.decode()

    assert [f.pk for f, _stats in listed.context["rows"]] == [other.pk]
    assert [f.pk for f, _stats in archived.context["rows"]] == [fair.pk]
    assert f"Đã lưu trữ ngày 07/12/2026 bởi {staff_user.full_name} — lý do: {REASON}" in page
    assert ("Ngày hội việc làm Tô Hiệu" in public, other.name in public) == (False, True)
    assert list(JobFair.objects.published()) == [other]


def test_staff_archive_a_fair_from_the_admin_with_a_reason(client, staff_user, fair):
    client.force_login(staff_user)
    url = reverse("admin:jobs_jobfair_changelist")

    response = client.post(
        url, {"action": "archive_fairs", "_selected_action": [fair.pk], "apply": "1", "reason": REASON}
    )

    assert response.status_code == 302
    fair.refresh_from_db()
    assert (fair.voided_by, fair.void_reason) == (staff_user, REASON)


def test_staff_archive_a_fair_from_its_page_officers_cannot(client, staff_user, officer, fair):
    url = reverse("jobs:fair-archive", args=[fair.pk])
    client.force_login(officer)
    assert client.post(url, {"reason": REASON}).status_code == 403
    client.force_login(staff_user)
    assert url in client.get(reverse("jobs:fair-detail", args=[fair.pk])).content.decode()

    response = client.post(url, {"reason": REASON})

    assert response.status_code == 302
    fair.refresh_from_db()
    assert (fair.voided_by, fair.void_reason) == (staff_user, REASON)
