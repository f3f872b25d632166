"""Factories of the jobs app: fairs, employers, vacancies, seekers, applications, counselling."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from common.qr import new_ticket_code
from jobs.models import Application, CounsellingSession, Education, Employer, JobFair, JobSeeker, Vacancy
from jobs.privacy import CONSENT_TEXT
from jobs.validators import tax_code_check_digit
from tests.factories import UnitFactory, province_unit


def valid_tax_code(n: int) -> str:
    """The n-th valid 10-digit tax code (skipping bases that have no check digit)."""
    base = 420000000 + n
    while True:
        check = tax_code_check_digit(f"{base:09d}")
        if check is not None:
            return f"{base:09d}{check}"
        base += 100000


class JobFairFactory(DjangoModelFactory):
    class Meta:
        model = JobFair

    name = factory.Sequence(lambda n: f"Ngày hội việc làm thanh niên số {n}")
    slug = factory.Sequence(lambda n: f"ngay-hoi-{n}")
    kind = JobFair.Kind.JOB_FAIR
    status = JobFair.Status.PUBLISHED
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=8))
    venue = "Quảng trường Tây Bắc, phường Tô Hiệu"
    owner = factory.LazyFunction(province_unit)
    unit = factory.SelfAttribute("owner")  # held by its owner unless a test names a unit below it
    partners = "Trung tâm Dịch vụ việc làm tỉnh Sơn La"


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = Employer

    fair = factory.SubFactory(JobFairFactory)
    name = factory.Sequence(lambda n: f"Công ty TNHH May Sơn La {n}")
    tax_code = factory.Sequence(valid_tax_code)
    sector = Employer.Sector.MANUFACTURING
    address = "Khu công nghiệp Mai Sơn"
    contact_name = "Nguyễn Thị Hoa"
    contact_phone = "0912345678"
    status = Employer.Status.APPROVED


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    position = factory.Sequence(lambda n: f"Công nhân may {n}")
    openings = 5
    education = Education.LOWER_SECONDARY
    salary_min = 6_000_000
    salary_max = 9_000_000
    work_location = "Mai Sơn, Sơn La"


class JobSeekerFactory(DjangoModelFactory):
    class Meta:
        model = JobSeeker

    fair = factory.SubFactory(JobFairFactory)
    full_name = factory.Sequence(lambda n: f"Lò Thị Mai {n}")
    date_of_birth = datetime.date(2003, 4, 12)
    phone = factory.Sequence(lambda n: f"098{n:07d}")
    education = Education.UPPER_SECONDARY
    desired_positions = "công nhân may, kế toán"
    consent_text = str(CONSENT_TEXT)
    consented_at = factory.LazyFunction(timezone.now)
    ticket_code = factory.LazyFunction(new_ticket_code)


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    seeker = factory.SubFactory(JobSeekerFactory)
    vacancy = factory.SubFactory(VacancyFactory, employer__fair=factory.SelfAttribute("...seeker.fair"))


class CounsellingSessionFactory(DjangoModelFactory):
    class Meta:
        model = CounsellingSession

    school = factory.SubFactory(UnitFactory, kind="school")
    held_on = factory.LazyFunction(timezone.localdate)
    title = "Tư vấn hướng nghiệp cho học sinh lớp 12"
    topics = "Chọn ngành, chọn nghề; thị trường lao động tỉnh"
    speakers = "Cán bộ Trung tâm Dịch vụ việc làm tỉnh"
    attendance = 120
