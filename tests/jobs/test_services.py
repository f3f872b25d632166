"""The services: registration, check-in, vacancies, applications and outcomes, statistics."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from jobs import selectors, services
from jobs.models import Application, Education, Employer, JobFair, JobSeeker, Vacancy
from jobs.privacy import CONSENT_TEXT

from .factories import (
    ApplicationFactory,
    EmployerFactory,
    JobFairFactory,
    JobSeekerFactory,
    VacancyFactory,
)

pytestmark = pytest.mark.django_db


def _seeker(**overrides):
    values = {
        "full_name": "Lường Văn Minh",
        "date_of_birth": datetime.date(2002, 3, 4),
        "phone": "0987 654 321",
        "education": Education.UPPER_SECONDARY,
        "desired_positions": "công nhân may",
    }
    return JobSeeker(**{**values, **overrides})


def _register(fair, **overrides):
    return services.seeker_register(fair=fair, seeker=_seeker(**overrides), consent_text=str(CONSENT_TEXT))


# --- seekers --------------------------------------------------------------------------


def test_seeker_register_issues_ticket_and_stores_consent(fair):
    seeker = _register(fair)
    assert len(seeker.ticket_code) == 10
    assert seeker.phone == "0987654321"
    assert seeker.consent_text == str(CONSENT_TEXT)
    assert seeker.consented_at is not None
    assert seeker.checked_in_at is None


def test_seeker_register_after_fair_refused(fair):
    JobFair.objects.filter(pk=fair.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=timezone.now() - datetime.timedelta(days=1)
    )
    fair.refresh_from_db()
    with pytest.raises(ValidationError, match="Ngày hội đã kết thúc"):
        _register(fair)
    assert not JobSeeker.objects.exists()


def test_seeker_register_draft_fair_refused(fair):
    fair.status = JobFair.Status.DRAFT
    fair.save()
    with pytest.raises(ValidationError, match="chưa mở đăng ký"):
        _register(fair)


def test_seeker_register_same_phone_twice_refused(fair):
    _register(fair)
    with pytest.raises(ValidationError) as error:
        _register(fair, full_name="Người khác", phone="+84987654321")
    assert "đã được dùng để đăng ký" in " ".join(error.value.messages)
    assert JobSeeker.objects.count() == 1


def test_seeker_register_capacity_reached_refused(fair):
    fair.capacity = 1
    fair.save()
    _register(fair)
    with pytest.raises(ValidationError, match="đủ số người đăng ký"):
        _register(fair, phone="0912000111")


def test_seeker_register_too_young_refused(fair):
    with pytest.raises(ValidationError) as error:
        _register(fair, date_of_birth=fair.day - datetime.timedelta(days=365 * 14))
    assert "từ đủ 15 tuổi" in " ".join(error.value.messages)


def test_seeker_register_malformed_phone_refused(fair):
    with pytest.raises(ValidationError) as error:
        _register(fair, phone="0123")
    assert "Số điện thoại không hợp lệ" in " ".join(error.value.messages)


# --- check-in ---------------------------------------------------------------------------


def test_check_in_once_then_second_scan_says_when(fair, staff_user):
    seeker = JobSeekerFactory(fair=fair)
    first = services.seeker_check_in(fair=fair, code=seeker.ticket_code.lower(), actor=staff_user)
    assert not first.already
    assert first.message == f"Check-in thành công: {seeker.full_name}."
    seeker.refresh_from_db()
    moment = seeker.checked_in_at
    assert seeker.checked_in_by == staff_user

    second = services.seeker_check_in(fair=fair, code=seeker.ticket_code, actor=staff_user)
    assert second.already
    local = timezone.localtime(moment)
    assert second.message == f"{seeker.full_name} đã check-in lúc {local:%H:%M %d/%m/%Y}."
    seeker.refresh_from_db()
    assert seeker.checked_in_at == moment


def test_check_in_ticket_of_other_fair_refused(fair, staff_user):
    other = JobSeekerFactory(fair=JobFairFactory(unit=fair.unit))
    with pytest.raises(ValidationError, match="không phải vé của ngày hội này"):
        services.seeker_check_in(fair=fair, code=other.ticket_code, actor=staff_user)
    other.refresh_from_db()
    assert other.checked_in_at is None


def test_check_in_unknown_code_refused(fair, staff_user):
    with pytest.raises(ValidationError, match="Không tìm thấy vé có mã ABCDEFGHJK"):
        services.seeker_check_in(fair=fair, code="abcde-fghjk", actor=staff_user)


# --- employers and vacancies ------------------------------------------------------------


def _employer(**overrides):
    values = {
        "name": "Hợp tác xã Chè Tà Xùa",
        "tax_code": "0100109106",
        "sector": Employer.Sector.AGRICULTURE,
        "address": "Bắc Yên",
        "contact_name": "Sùng A Lử",
        "contact_phone": "0912345678",
    }
    return Employer(**{**values, **overrides})


def test_employer_register_pending_with_private_token(fair):
    employer = services.employer_register(fair=fair, employer=_employer(tax_code="0100109106001"))
    assert employer.status == Employer.Status.PENDING
    assert employer.tax_code == "0100109106-001"
    assert len(employer.access_token) >= 40


def test_employer_register_same_tax_code_twice_refused(fair):
    services.employer_register(fair=fair, employer=_employer())
    with pytest.raises(ValidationError, match="đã đăng ký tham gia ngày hội"):
        services.employer_register(fair=fair, employer=_employer(name="Tên khác"))
    assert Employer.objects.count() == 1


def test_employer_register_bad_tax_code_refused(fair):
    with pytest.raises(ValidationError, match="sai chữ số kiểm tra"):
        services.employer_register(fair=fair, employer=_employer(tax_code="0100109100"))


def test_employer_register_after_fair_refused(fair):
    JobFair.objects.filter(pk=fair.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=2), ends_at=timezone.now() - datetime.timedelta(hours=1)
    )
    fair.refresh_from_db()
    with pytest.raises(ValidationError, match="Ngày hội đã kết thúc"):
        services.employer_register(fair=fair, employer=_employer())


def test_employer_reject_needs_reason(employer, staff_user):
    with pytest.raises(ValidationError, match="lý do"):
        services.employer_decide(employer=employer, approve=False, actor=staff_user)
    services.employer_decide(employer=employer, approve=False, actor=staff_user, reason="Thiếu giấy phép")
    employer.refresh_from_db()
    assert employer.status == Employer.Status.REJECTED
    assert employer.decided_by == staff_user


def test_vacancy_salary_min_above_max_refused(employer):
    vacancy = Vacancy(
        position="Kế toán", openings=1, salary_min=12_000_000, salary_max=8_000_000, work_location="Sơn La"
    )
    with pytest.raises(ValidationError) as error:
        services.vacancy_save(vacancy=vacancy, employer=employer)
    assert "Mức lương tối thiểu không được lớn hơn mức lương tối đa." in " ".join(error.value.messages)
    assert not Vacancy.objects.exists()


def test_vacancy_salary_constraint_holds_in_database(employer):
    with pytest.raises(IntegrityError):
        Vacancy.objects.create(
            employer=employer, position="Kế toán", openings=1, salary_min=9, salary_max=8, work_location="Sơn La"
        )


# --- applications, outcomes, matching ------------------------------------------------------


def test_application_to_vacancy_of_other_fair_refused(fair, vacancy):
    seeker = JobSeekerFactory(fair=JobFairFactory(unit=fair.unit))
    with pytest.raises(ValidationError, match="không thuộc ngày hội"):
        services.application_create(seeker=seeker, vacancy=vacancy, source=Application.Source.TICKET)


def test_application_twice_refused(fair, vacancy):
    seeker = JobSeekerFactory(fair=fair)
    services.application_create(seeker=seeker, vacancy=vacancy, source=Application.Source.TICKET)
    with pytest.raises(ValidationError, match="Đã ứng tuyển"):
        services.application_create(seeker=seeker, vacancy=vacancy, source=Application.Source.TICKET)
    assert Application.objects.count() == 1


def test_application_to_pending_employer_refused(fair):
    vacancy = VacancyFactory(employer=EmployerFactory(fair=fair, status=Employer.Status.PENDING))
    with pytest.raises(ValidationError, match="chưa được duyệt"):
        services.application_create(
            seeker=JobSeekerFactory(fair=fair), vacancy=vacancy, source=Application.Source.TICKET
        )


def test_outcome_hired_stamps_times_and_refuses_beyond_openings(fair, vacancy, staff_user):
    first, second, third = (ApplicationFactory(seeker__fair=fair, vacancy=vacancy) for _ in range(3))
    for application in (first, second):
        services.application_record_outcome(application=application, status="hired", actor=staff_user)
    first.refresh_from_db()
    assert first.hired_at is not None
    assert first.interviewed_at is not None
    with pytest.raises(ValidationError, match="đã tuyển đủ 2 người"):
        services.application_record_outcome(application=third, status="hired", actor=staff_user)
    services.application_record_outcome(application=first, status="declined", actor=staff_user)
    first.refresh_from_db()
    assert first.hired_at is None
    services.application_record_outcome(application=third, status="hired")
    assert Application.objects.hired().count() == 2


def test_matching_puts_position_and_requirements_first(fair):
    employer = EmployerFactory(fair=fair)
    sewing = VacancyFactory(employer=employer, position="Công nhân may công nghiệp", education=Education.NONE)
    accountant = VacancyFactory(employer=employer, position="Kế toán tổng hợp", education=Education.UNIVERSITY)
    driver = VacancyFactory(employer=employer, position="Lái xe", education=Education.NONE, age_min=25)
    seeker = JobSeekerFactory(
        fair=fair,
        education=Education.UPPER_SECONDARY,
        desired_positions="công nhân may, kế toán",
        date_of_birth=fair.day.replace(year=fair.day.year - 20),
    )
    matches = selectors.matching_vacancies(seeker=seeker, vacancies=[driver, accountant, sewing])
    assert [m.vacancy for m in matches] == [sewing, accountant, driver]
    by_vacancy = {m.vacancy: m for m in matches}
    assert by_vacancy[sewing].fits
    assert by_vacancy[sewing].position_match
    assert not by_vacancy[accountant].fits_education
    assert by_vacancy[accountant].position_match
    assert not by_vacancy[driver].fits_age


# --- statistics ---------------------------------------------------------------------------


def test_fair_statistics(fair, staff_user):
    approved = EmployerFactory(fair=fair)
    EmployerFactory(fair=fair, status=Employer.Status.PENDING)
    v1 = VacancyFactory(employer=approved, openings=10)
    v2 = VacancyFactory(employer=approved, openings=5)
    seekers = [JobSeekerFactory(fair=fair) for _ in range(5)]
    for seeker in seekers[:4]:
        services.seeker_check_in(fair=fair, code=seeker.ticket_code, actor=staff_user)
    a1 = ApplicationFactory(seeker=seekers[0], vacancy=v1)
    a2 = ApplicationFactory(seeker=seekers[0], vacancy=v2)
    a3 = ApplicationFactory(seeker=seekers[1], vacancy=v1)
    ApplicationFactory(seeker=seekers[2], vacancy=v1)
    services.application_record_outcome(application=a1, status="hired")
    services.application_record_outcome(application=a2, status="hired")
    services.application_record_outcome(application=a3, status="interviewed")
    other_fair = JobFairFactory(unit=fair.unit)
    JobSeekerFactory(fair=other_fair)

    stats = selectors.fair_statistics([fair.pk, other_fair.pk])

    s = stats[fair.pk]
    assert (s.employers, s.employers_pending, s.vacancies, s.openings) == (1, 1, 2, 15)
    assert (s.seekers, s.checked_in, s.applications, s.interviews, s.hires, s.hired_seekers) == (5, 4, 4, 3, 2, 1)
    assert str(s.hire_rate) == "25.0"
    assert stats[other_fair.pk].seekers == 1
    assert stats[other_fair.pk].hire_rate is None


def test_year_statistics_sums_visible_fairs(fair, other_commune, officer, staff_user):
    JobSeekerFactory(fair=fair)
    other = JobFairFactory(unit=other_commune, starts_at=fair.starts_at)
    JobSeekerFactory(fair=other)
    JobSeekerFactory(fair=other)
    year = fair.year
    assert selectors.year_statistics(user=staff_user, year=year).total.seekers == 3
    officer_view = selectors.year_statistics(user=officer, year=year)
    assert [f for f, _ in officer_view.rows] == [fair]
    assert officer_view.total.seekers == 1


def test_fair_create_refuses_end_before_start(province, commune, staff_user):
    start = timezone.now() + datetime.timedelta(days=3)
    fair = JobFair(
        name="Sàn giao dịch việc làm",
        slug="san-gdvl",
        starts_at=start,
        ends_at=start - datetime.timedelta(hours=1),
        venue="Sơn La",
        unit=commune,
    )
    with pytest.raises(ValidationError, match="Thời gian kết thúc phải sau thời gian bắt đầu"):
        services.fair_create(fair=fair, owner=province, actor=staff_user)


def test_employer_register_emails_private_link(fair, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        employer = services.employer_register(fair=fair, employer=_employer(contact_email="tuyendung@htx.vn"))
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["tuyendung@htx.vn"]
    assert employer.get_manage_url() in mailoutbox[0].body


def test_capacity_cannot_drop_below_the_seekers_already_registered(fair, staff_user):
    JobSeekerFactory.create_batch(3, fair=fair)
    fair.capacity = 2

    with pytest.raises(ValidationError, match="Đã có 3 người đăng ký; số tối đa không được nhỏ hơn."):
        services.fair_save(fair=fair, actor=staff_user)

    fair.capacity = 3
    services.fair_save(fair=fair, actor=staff_user)
    assert JobFair.objects.get(pk=fair.pk).capacity == 3


def test_a_fair_that_has_ended_cannot_be_published_and_unknown_states_are_refused(commune, staff_user):
    start = timezone.now() - datetime.timedelta(days=2)
    past = JobFairFactory(unit=commune, status=JobFair.Status.DRAFT, starts_at=start)

    with pytest.raises(ValidationError, match="Ngày hội đã kết thúc, không công bố được nữa."):
        services.fair_set_status(fair=past, status=JobFair.Status.PUBLISHED, actor=staff_user)
    with pytest.raises(ValidationError, match="Trạng thái không hợp lệ."):
        services.fair_set_status(fair=past, status="archived-forever", actor=staff_user)

    assert JobFair.objects.get(pk=past.pk).status == JobFair.Status.DRAFT
