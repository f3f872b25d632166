import pytest

from accounts.models import Unit
from tests.factories import UnitFactory

from .factories import EmployerFactory, JobFairFactory, VacancyFactory


@pytest.fixture
def fair(commune):
    return JobFairFactory(unit=commune, name="Ngày hội việc làm thanh niên Tô Hiệu 2026", slug="ngay-hoi-to-hieu")


@pytest.fixture
def employer(fair):
    return EmployerFactory(fair=fair, name="Công ty TNHH May Tây Bắc")


@pytest.fixture
def vacancy(employer):
    return VacancyFactory(employer=employer, position="Công nhân may", openings=2)


@pytest.fixture
def school(commune):
    return UnitFactory(name="Đoàn trường THPT Tô Hiệu", code="thpt-to-hieu", kind=Unit.Kind.SCHOOL, parent=commune)


@pytest.fixture
def other_school(other_commune):
    return UnitFactory(
        name="Đoàn trường THPT Mường La", code="thpt-muong-la", kind=Unit.Kind.SCHOOL, parent=other_commune
    )
