"""Career counselling at schools: recording sessions, schools without one, deadlines, indicators."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership, Unit
from common.indicators import Measure, Period
from jobs import deadlines, indicators, selectors
from jobs.models import CounsellingSession
from tests.factories import UnitFactory, user_with_role

from .factories import ApplicationFactory, CounsellingSessionFactory, JobSeekerFactory

pytestmark = pytest.mark.django_db


def _session_data(school, **overrides):
    data = {
        "school": school.pk,
        "held_on": timezone.localdate().isoformat(),
        "title": "Tư vấn chọn ngành cho học sinh lớp 12",
        "topics": "Chọn ngành theo năng lực; học nghề",
        "speakers": "Cán bộ Trung tâm Dịch vụ việc làm tỉnh",
        "attendance": "180",
    }
    return {**data, **overrides}


def test_schools_without_counselling_this_year(officer, staff_user, school, other_school, commune):
    done = UnitFactory(name="Đoàn trường THPT Chiềng Sinh", code="thpt-cs", kind=Unit.Kind.SCHOOL, parent=commune)
    CounsellingSessionFactory(school=done)
    CounsellingSessionFactory(school=school, held_on=datetime.date(timezone.localdate().year - 1, 5, 1))
    UnitFactory(
        code="thpt-closed",
        kind=Unit.Kind.SCHOOL,
        parent=commune,
        active_from=datetime.date(2020, 1, 1),
        active_to=datetime.date(2025, 1, 1),
    )
    year = timezone.localdate().year
    assert selectors.schools_without_counselling(user=officer, year=year) == [school]
    assert set(selectors.schools_without_counselling(user=staff_user, year=year)) == {school, other_school}


def test_counselling_list_page(client, officer, school, other_school):
    client.force_login(officer)
    response = client.get(reverse("jobs:counselling-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đoàn trường THPT Tô Hiệu" in html
    assert "Đoàn trường THPT Mường La" not in html
    assert "0/1 trường" in html


def test_officer_records_session_for_own_school(client, officer, school):
    client.force_login(officer)
    response = client.post(reverse("jobs:counselling-create"), _session_data(school))
    assert response.status_code == 302
    session = CounsellingSession.objects.get()
    assert session.created_by == officer
    html = client.get(reverse("jobs:counselling-list")).content.decode()
    assert "Tất cả các trường đã tổ chức." in html


def test_officer_cannot_record_for_other_units_school(client, officer, other_school):
    client.force_login(officer)
    response = client.post(reverse("jobs:counselling-create"), _session_data(other_school))
    assert response.status_code == 200
    assert not CounsellingSession.objects.exists()


def test_session_in_future_or_without_attendance_refused(client, officer, school):
    client.force_login(officer)
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(reverse("jobs:counselling-create"), _session_data(school, held_on=future, attendance="0"))
    html = response.content.decode()
    assert "Ngày không được ở tương lai." in html
    assert not CounsellingSession.objects.exists()


def test_other_officer_cannot_edit_session(client, other_officer, school):
    session = CounsellingSessionFactory(school=school)
    client.force_login(other_officer)
    assert client.get(reverse("jobs:counselling-update", args=[session.pk])).status_code == 404


def test_deadlines_list_officers_of_school_and_parent(officer, school, other_school, commune):
    school_officer = user_with_role(Membership.Role.OFFICER, school, username="bi-thu-truong")
    CounsellingSessionFactory(school=other_school)
    year = timezone.localdate().year
    result = deadlines.deadlines(start=datetime.date(year, 12, 1), end=datetime.date(year, 12, 31))
    assert [d.key for d in result] == [f"jobs.counselling:{year}:{school.pk}"]
    deadline = result[0]
    assert deadline.due == datetime.date(year, 12, 31)
    assert deadline.unit_id == school.pk
    assert {d.user_id for d in deadline.owed_by} == {school_officer.pk, officer.pk}
    assert deadlines.deadlines(start=datetime.date(year, 1, 1), end=datetime.date(year, 11, 30)) == []


def test_indicators(fair, vacancy, school, other_school):
    year = timezone.localdate().year
    CounsellingSessionFactory(school=school)
    seeker = JobSeekerFactory(fair=fair, checked_in_at=timezone.now())
    JobSeekerFactory(fair=fair)
    ApplicationFactory(seeker=seeker, vacancy=vacancy, status="hired", hired_at=timezone.now())
    period = Period.year(year)
    by_code = {i.code: i for i in indicators.INDICATORS}
    assert by_code["jobs.schools_counselled"].compute(period) == {
        school.pk: Measure(1, 1),
        other_school.pk: Measure(0, 1),
    }
    assert by_code["jobs.hires"].compute(period) == {fair.unit_id: Measure(1)}
    assert by_code["jobs.seekers_checked_in"].compute(period) == {fair.unit_id: Measure(1)}
    assert by_code["jobs.hires"].compute(Period.year(year - 1)) == {}
    assert by_code["jobs.hires"].records_url(fair.unit_id, period).startswith(reverse("jobs:statistics"))
