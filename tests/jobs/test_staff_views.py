"""Organisers' pages: who may open them, check-in on a phone, approvals, exports, statistics."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from jobs.models import Application, Employer, JobFair
from tests.ventures.factories import EntrepreneurFactory, VentureFactory

from .factories import ApplicationFactory, EmployerFactory, JobFairFactory, JobSeekerFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


# --- who may open what -----------------------------------------------------------------------


def test_anonymous_redirected_to_login(client, fair):
    response = client.get(reverse("jobs:fair-detail", args=[fair.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["judge", "bank_liaison", "council_member"])
def test_other_roles_forbidden(client, fair, role, request):
    _login(client, request.getfixturevalue(role))
    assert client.get(reverse("jobs:fair-list")).status_code == 403
    assert client.get(reverse("jobs:fair-detail", args=[fair.pk])).status_code == 403
    assert client.get(reverse("jobs:counselling-list")).status_code == 403


def test_officer_of_other_unit_gets_404_everywhere(client, fair, vacancy, other_officer):
    seeker = JobSeekerFactory(fair=fair)
    application = ApplicationFactory(seeker=seeker, vacancy=vacancy)
    _login(client, other_officer)
    for url in [
        reverse("jobs:fair-detail", args=[fair.pk]),
        reverse("jobs:seeker-list", args=[fair.pk]),
        reverse("jobs:check-in", args=[fair.pk]),
        reverse("jobs:fair-export", args=[fair.pk]),
        reverse("jobs:employer-detail", args=[vacancy.employer.pk]),
        reverse("jobs:seeker-detail", args=[seeker.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("jobs:check-in", args=[fair.pk]), {"code": seeker.ticket_code}).status_code == 404
    response = client.post(reverse("jobs:application-outcome", args=[application.pk]), {"status": "hired"})
    assert response.status_code == 404
    assert fair.name not in client.get(reverse("jobs:fair-list")).content.decode()
    seeker.refresh_from_db()
    assert seeker.checked_in_at is None


def test_officer_of_organising_unit_runs_the_fair(client, fair, officer):
    _login(client, officer)
    assert client.get(reverse("jobs:fair-detail", args=[fair.pk])).status_code == 200
    assert fair.name in client.get(reverse("jobs:fair-list")).content.decode()


def test_only_staff_link_a_venture(client, employer, officer, staff_user):
    venture = VentureFactory(unit=employer.fair.unit)
    url = reverse("jobs:employer-venture", args=[employer.pk])
    _login(client, officer)
    assert client.post(url, {"venture": venture.pk}).status_code == 403
    _login(client, staff_user)
    client.post(url, {"venture": venture.pk})
    employer.refresh_from_db()
    assert employer.venture == venture


# --- fairs ---------------------------------------------------------------------------------------


def test_officer_creates_fair_for_own_unit_only(client, officer, commune, other_commune):
    _login(client, officer)
    start = timezone.localtime() + datetime.timedelta(days=20)
    data = {
        "name": "Sàn giao dịch việc làm phường Tô Hiệu",
        "kind": "exchange",
        "slug": "san-gdvl-to-hieu",
        "starts_at": start.strftime("%Y-%m-%dT08:00"),
        "ends_at": start.strftime("%Y-%m-%dT11:00"),
        "venue": "Nhà văn hóa phường",
        "unit": other_commune.pk,
    }
    response = client.post(reverse("jobs:fair-create"), data)
    assert response.status_code == 200
    assert not JobFair.objects.exists()
    response = client.post(reverse("jobs:fair-create"), {**data, "unit": commune.pk})
    fair = JobFair.objects.get()
    assert response["Location"] == fair.get_absolute_url()
    assert fair.status == JobFair.Status.DRAFT
    assert fair.created_by == officer
    client.post(reverse("jobs:fair-status", args=[fair.pk]), {"status": "published"})
    fair.refresh_from_db()
    assert fair.status == JobFair.Status.PUBLISHED


def test_fair_list_query_count(client, staff_user, commune, django_assert_max_num_queries):
    for _ in range(12):
        f = JobFairFactory(unit=commune)
        VacancyFactory(employer__fair=f)
        ApplicationFactory(seeker__fair=f, vacancy__employer__fair=f)
    _login(client, staff_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("jobs:fair-list"))
    assert response.content.decode().count("data-fair=") == 12


def test_approve_employer_makes_it_public(client, fair, staff_user):
    pending = EmployerFactory(fair=fair, name="HTX Cà phê Chiềng Ban", status=Employer.Status.PENDING)
    _login(client, staff_user)
    client.post(reverse("jobs:employer-decide", args=[pending.pk]), {"decision": "approve"})
    pending.refresh_from_db()
    assert pending.status == Employer.Status.APPROVED
    assert pending.decided_by == staff_user
    assert "HTX Cà phê Chiềng Ban" in client.get(fair.get_public_url()).content.decode()


# --- check-in ------------------------------------------------------------------------------------


def test_check_in_page_scans_once_then_says_already(client, fair, officer):
    seeker = JobSeekerFactory(fair=fair, full_name="Mùa A Chua")
    _login(client, officer)
    url = reverse("jobs:check-in", args=[fair.pk])
    page = client.get(url).content.decode()
    assert "data-qr-scan" in page
    assert "js/qr_scan.js" in page

    first = client.post(url, {"code": seeker.ticket_code})
    assert "Check-in thành công: Mùa A Chua." in first.content.decode()
    seeker.refresh_from_db()
    time = timezone.localtime(seeker.checked_in_at).strftime("%H:%M %d/%m/%Y")

    second = client.post(url, {"code": f" {seeker.ticket_code.lower()} "})
    assert second.status_code == 200
    assert f"Mùa A Chua đã check-in lúc {time}." in second.content.decode()
    assert 'data-check-in-result="already"' in second.content.decode()


def test_check_in_page_refuses_ticket_of_other_fair(client, fair, staff_user):
    other = JobSeekerFactory(fair=JobFairFactory(unit=fair.unit))
    _login(client, staff_user)
    response = client.post(reverse("jobs:check-in", args=[fair.pk]), {"code": other.ticket_code})
    assert response.status_code == 400
    assert "không phải vé của ngày hội này" in response.content.decode()
    other.refresh_from_db()
    assert other.checked_in_at is None


# --- seekers ---------------------------------------------------------------------------------------


def test_seeker_list_search_and_query_count(client, fair, staff_user, django_assert_max_num_queries):
    JobSeekerFactory.create_batch(30, fair=fair)
    JobSeekerFactory(fair=fair, full_name="Tòng Văn Tìm", phone="0966555444")
    _login(client, staff_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("jobs:seeker-list", args=[fair.pk]))
    assert response.content.decode().count("data-seeker=") == 31
    response = client.get(reverse("jobs:seeker-list", args=[fair.pk]), {"q": "0966555"})
    assert response.content.decode().count("data-seeker=") == 1


def test_staff_records_application_and_hire_from_seeker_page(client, fair, vacancy, staff_user):
    seeker = JobSeekerFactory(fair=fair, desired_positions="công nhân may")
    _login(client, staff_user)
    page = client.get(seeker.get_absolute_url()).content.decode()
    assert "Phù hợp vị trí và yêu cầu" in page
    client.post(reverse("jobs:seeker-apply", args=[seeker.pk]), {"vacancy": vacancy.pk})
    application = Application.objects.get()
    assert application.source == Application.Source.STAFF
    client.post(reverse("jobs:application-outcome", args=[application.pk]), {"status": "hired", "note": ""})
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert application.updated_by == staff_user
    assert application.history.count() == 2


# --- exports and statistics ---------------------------------------------------------------------


def test_fair_export_contains_seekers_applications_and_figures(client, fair, vacancy, staff_user):
    seeker = JobSeekerFactory(fair=fair, full_name="=HYPERLINK(1)", phone="0977123456")
    ApplicationFactory(seeker=seeker, vacancy=vacancy, status="hired", hired_at=timezone.now())
    _login(client, staff_user)
    response = client.get(reverse("jobs:fair-export", args=[fair.pk]))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên"
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][3] == "0977123456"
    stats = {row[0]: row[1] for row in book["Thống kê"].iter_rows(values_only=True)}
    assert stats["Lượt tuyển dụng"] == 1
    assert stats["Chỉ tiêu tuyển dụng"] == 2
    applications = list(book["Ứng tuyển"].iter_rows(values_only=True))
    assert applications[1][2:5] == ("Công ty TNHH May Tây Bắc", "Công nhân may", "Đã tuyển dụng")


def test_statistics_page_and_export(client, fair, vacancy, staff_user):
    seeker = JobSeekerFactory(fair=fair, checked_in_at=timezone.now())
    ApplicationFactory(seeker=seeker, vacancy=vacancy, status="hired", hired_at=timezone.now())
    _login(client, staff_user)
    page = client.get(reverse("jobs:statistics"), {"year": fair.year})
    assert page.status_code == 200
    assert "100,0%" in page.content.decode()
    response = client.get(reverse("jobs:statistics-export"), {"year": fair.year})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[1][0] == fair.name
    assert rows[1][6:11] == (1, 1, 1, 1, 100.0)
    assert rows[-1][0] == "Tổng cộng"


# --- journey -----------------------------------------------------------------------------------------


def test_hires_of_a_youth_venture_employer_on_its_journey(client, fair, staff_user, commune):
    owner = EntrepreneurFactory(unit=commune)
    venture = VentureFactory(unit=commune)
    venture.owners.add(owner)
    employer = EmployerFactory(fair=fair, name="HTX Thanh niên Mộc Châu", venture=venture)
    vacancy = VacancyFactory(employer=employer)
    for _ in range(2):
        ApplicationFactory(seeker__fair=fair, vacancy=vacancy, status="hired", hired_at=timezone.now())
    _login(client, staff_user)
    expected = f"HTX Thanh niên Mộc Châu tuyển 2 lao động tại {fair.name}"
    assert expected in client.get(venture.get_absolute_url()).content.decode()
    assert expected in client.get(owner.get_absolute_url()).content.decode()


def test_home_panel_lists_pending_employers(client, fair, officer):
    EmployerFactory(fair=fair, status=Employer.Status.PENDING)
    _login(client, officer)
    html = client.get(reverse("home")).content.decode()
    assert 'data-panel="jobs"' in html
    assert "1 doanh nghiệp chờ duyệt" in html


def test_public_nav_links_to_fair_list(client, fair):
    html = client.get(reverse("jobs:public-fair-list")).content.decode()
    assert f'href="{reverse("jobs:public-fair-list")}"' in html


def test_fair_export_salary_in_vietnamese_grouping(client, fair, vacancy, staff_user):
    """The salary range uses the shared VND formatting (dots between thousands)."""
    VacancyFactory(employer=vacancy.employer, position="Kế toán", salary_min=None, salary_max=None)
    _login(client, staff_user)
    response = client.get(reverse("jobs:fair-export", args=[fair.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[1]
    salaries = {row[3]: row[7] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert salaries["Công nhân may"] == "6.000.000 – 9.000.000"
    assert salaries["Kế toán"] == "Thỏa thuận"
