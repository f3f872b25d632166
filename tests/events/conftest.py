import pytest

from accounts.models import Unit
from tests.events.factories import EventFactory
from tests.factories import UnitFactory


@pytest.fixture
def school(province):
    return UnitFactory(
        name="Đoàn trường Đại học Tây Bắc", code="dai-hoc-tay-bac", parent=province, kind=Unit.Kind.SCHOOL
    )


@pytest.fixture
def event(commune):
    """A published training class of the commune union in ten days, 50 places."""
    return EventFactory(unit=commune, title="Lớp tập huấn kiến thức khởi nghiệp 2026")
