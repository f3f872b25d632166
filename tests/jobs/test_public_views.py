"""Public pages: listings, registration forms, the ticket, and what they must never show."""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from jobs.models import Application, Employer, JobFair, JobSeeker, Vacancy

from .factories import ApplicationFactory, EmployerFactory, JobFairFactory, JobSeekerFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _seeker_data(**overrides):
    data = {
        "full_name": "Lò Văn Thanh",
        "date_of_birth": "2003-06-15",
        "gender": "male",
        "phone": "0987 111 222",
        "education": "upper_secondary",
        "desired_positions": "công nhân may",
        "consent": "on",
    }
    return {**data, **overrides}


def _employer_data(**overrides):
    data = {
        "name": "Công ty TNHH Chè Shan Tuyết",
        "tax_code": "0100109106",
        "sector": "agriculture",
        "address": "Bắc Yên, Sơn La",
        "contact_name": "Hà Thị Thu",
        "contact_phone": "0912 345 678",
    }
    return {**data, **overrides}


def test_public_fair_list_shows_published_not_drafts(client, fair):
    JobFairFactory(name="Ngày hội nháp", status=JobFair.Status.DRAFT)
    response = client.get(reverse("jobs:public-fair-list"))
    assert response.status_code == 200
    assert fair.name in response.content.decode()
    assert "Ngày hội nháp" not in response.content.decode()


def test_public_fair_list_query_count(client, django_assert_max_num_queries, commune):
    for _ in range(15):
        EmployerFactory.create_batch(2, fair=JobFairFactory(unit=commune))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("jobs:public-fair-list"))
    assert response.status_code == 200


def test_draft_fair_page_is_404(client):
    draft = JobFairFactory(status=JobFair.Status.DRAFT)
    assert client.get(reverse("jobs:public-fair-detail", args=[draft.slug])).status_code == 404
    assert client.get(reverse("jobs:seeker-register", args=[draft.slug])).status_code == 404


def test_public_fair_page_shows_approved_employers_never_seekers(client, fair, vacancy):
    pending = EmployerFactory(fair=fair, name="Công ty chưa duyệt", status=Employer.Status.PENDING)
    VacancyFactory(employer=pending, position="Vị trí bí mật")
    seeker = JobSeekerFactory(fair=fair, full_name="Quàng Thị Riêng Tư", phone="0977000111")
    ApplicationFactory(seeker=seeker, vacancy=vacancy, status=Application.Status.HIRED, hired_at=timezone.now())
    response = client.get(fair.get_public_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Công ty TNHH May Tây Bắc" in html
    assert "Công nhân may" in html
    assert "Công ty chưa duyệt" not in html
    assert "Vị trí bí mật" not in html
    assert "Quàng Thị Riêng Tư" not in html
    assert "0977000111" not in html
    assert seeker.ticket_code not in html
    assert vacancy.employer.access_token not in html


def test_seeker_registers_and_gets_ticket_with_qr(client, fair):
    response = client.post(reverse("jobs:seeker-register", args=[fair.slug]), _seeker_data())
    seeker = JobSeeker.objects.get()
    assert response.status_code == 302
    assert response["Location"] == seeker.get_ticket_url()
    assert seeker.phone == "0987111222"
    assert "Nghị định 13/2023/NĐ-CP" in seeker.consent_text
    ticket = client.get(response["Location"])
    html = ticket.content.decode()
    assert "<svg" in html
    assert seeker.ticket_code in html
    assert "Đăng ký thành công" in html


def test_seeker_register_without_consent_refused(client, fair):
    response = client.post(reverse("jobs:seeker-register", args=[fair.slug]), _seeker_data(consent=""))
    assert response.status_code == 200
    assert "Cần đồng ý cho phép xử lý dữ liệu cá nhân để đăng ký." in response.content.decode()
    assert not JobSeeker.objects.exists()


def test_seeker_register_bad_phone_refused(client, fair):
    response = client.post(reverse("jobs:seeker-register", args=[fair.slug]), _seeker_data(phone="12345"))
    assert "Số điện thoại không hợp lệ" in response.content.decode()
    assert not JobSeeker.objects.exists()


def test_seeker_register_honeypot_refused(client, fair):
    response = client.post(
        reverse("jobs:seeker-register", args=[fair.slug]), _seeker_data(website="http://spam.example")
    )
    assert response.status_code == 200
    assert not JobSeeker.objects.exists()


def test_seeker_register_after_fair_refused(client, fair):
    JobFair.objects.filter(pk=fair.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=3), ends_at=timezone.now() - datetime.timedelta(days=2)
    )
    response = client.post(reverse("jobs:seeker-register", args=[fair.slug]), _seeker_data())
    assert "Ngày hội đã kết thúc, không nhận đăng ký nữa." in response.content.decode()
    assert not JobSeeker.objects.exists()


@override_settings(PUBLIC_FORM_RATE_LIMIT=2)
def test_seeker_register_flood_gets_429(client, fair):
    url = reverse("jobs:seeker-register", args=[fair.slug])
    for n in range(2):
        client.post(url, _seeker_data(phone=f"098711122{n}"))
    response = client.post(url, _seeker_data(phone="0987111229"))
    assert response.status_code == 429
    assert JobSeeker.objects.count() == 2


def test_employer_registers_then_adds_vacancy_through_private_link(client, fair):
    response = client.post(reverse("jobs:employer-register", args=[fair.slug]), _employer_data())
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == employer.get_manage_url()
    assert employer.status == Employer.Status.PENDING

    vacancy = {
        "position": "Công nhân hái chè",
        "openings": "10",
        "education": "none",
        "salary_min": "5.000.000",
        "salary_max": "7.500.000",
        "work_location": "Tà Xùa, Bắc Yên",
    }
    response = client.post(employer.get_manage_url(), vacancy)
    assert response.status_code == 302
    saved = Vacancy.objects.get()
    assert (saved.salary_min, saved.salary_max, saved.employer) == (5_000_000, 7_500_000, employer)

    # Not public until approved.
    assert "Công nhân hái chè" in client.get(response["Location"]).content.decode()
    assert "Công nhân hái chè" not in client.get(fair.get_public_url()).content.decode()


def test_employer_vacancy_salary_min_above_max_refused(client, employer):
    response = client.post(
        employer.get_manage_url(),
        {
            "position": "Kế toán",
            "openings": "1",
            "education": "college",
            "salary_min": "12.000.000",
            "salary_max": "8.000.000",
            "work_location": "Sơn La",
        },
    )
    assert response.status_code == 200
    assert "Mức lương tối thiểu không được lớn hơn mức lương tối đa." in response.content.decode()
    assert not Vacancy.objects.exists()


def test_employer_bad_tax_code_refused(client, fair):
    response = client.post(reverse("jobs:employer-register", args=[fair.slug]), _employer_data(tax_code="12345"))
    assert "Mã số thuế gồm 10 chữ số" in response.content.decode()
    assert not Employer.objects.exists()


def test_employer_page_shows_only_its_applicants(client, fair, vacancy):
    mine = JobSeekerFactory(fair=fair, full_name="Người ứng tuyển của tôi", phone="0911000001")
    ApplicationFactory(seeker=mine, vacancy=vacancy)
    other_vacancy = VacancyFactory(employer=EmployerFactory(fair=fair), position="Bảo vệ")
    theirs = JobSeekerFactory(fair=fair, full_name="Người ứng tuyển nơi khác", phone="0911000002")
    ApplicationFactory(seeker=theirs, vacancy=other_vacancy)
    JobSeekerFactory(fair=fair, full_name="Người chưa ứng tuyển")

    html = client.get(vacancy.employer.get_manage_url()).content.decode()

    assert "Người ứng tuyển của tôi" in html
    assert "0911000001" in html
    assert "Người ứng tuyển nơi khác" not in html
    assert "Người chưa ứng tuyển" not in html


def test_employer_records_hire(client, fair, vacancy):
    application = ApplicationFactory(seeker__fair=fair, vacancy=vacancy)
    url = reverse("jobs:employer-outcome", args=[vacancy.employer.access_token, application.pk])
    client.post(url, {"status": "hired", "note": "Nhận việc từ 01/4"})
    application.refresh_from_db()
    assert application.status == Application.Status.HIRED
    assert application.updated_by is None


def test_employer_cannot_touch_application_of_another_employer(client, fair, vacancy):
    other = ApplicationFactory(seeker__fair=fair, vacancy=VacancyFactory(employer=EmployerFactory(fair=fair)))
    url = reverse("jobs:employer-outcome", args=[vacancy.employer.access_token, other.pk])
    assert client.post(url, {"status": "hired"}).status_code == 404
    other.refresh_from_db()
    assert other.status == Application.Status.APPLIED


def test_wrong_employer_token_is_404(client, employer):
    assert client.get(reverse("jobs:employer-manage", args=["khong-dung"])).status_code == 404


def test_ticket_apply_to_vacancy(client, fair, vacancy):
    seeker = JobSeekerFactory(fair=fair)
    response = client.post(reverse("jobs:ticket-apply", args=[seeker.ticket_code, vacancy.pk]))
    assert response.status_code == 302
    assert Application.objects.get().vacancy == vacancy
    html = client.get(seeker.get_ticket_url()).content.decode()
    assert "Đã ứng tuyển Công nhân may tại Công ty TNHH May Tây Bắc." in html
    assert re.search(r"id=\"applications\".*Công nhân may", html, re.S)


def test_ticket_unknown_code_is_404(client):
    assert client.get(reverse("jobs:ticket", args=["ABCDEFGHJK"])).status_code == 404
