"""Fixtures for the registry's tests: one commune with a branch, and a second commune
whose officer must never see the first commune's rows."""

import pytest

from common.choices import Ethnicity, Gender
from tests.ventures.factories import EntrepreneurFactory, VentureFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Uploaded files land in a per-test folder, not in a shared one."""
    settings.MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def person(commune):
    return EntrepreneurFactory(full_name="Lò Thị Hoa", unit=commune, gender=Gender.FEMALE, citizen_id="014098000001")


@pytest.fixture
def branch_person(branch):
    return EntrepreneurFactory(full_name="Cầm Văn Tiến", unit=branch)


@pytest.fixture
def other_person(other_commune):
    return EntrepreneurFactory(full_name="Quàng Văn Xa", unit=other_commune, ethnicity=Ethnicity.MONG)


@pytest.fixture
def venture(commune, person):
    return VentureFactory(name="HTX chè Tô Hiệu", unit=commune, owners=[person])


@pytest.fixture
def branch_venture(branch, branch_person):
    return VentureFactory(name="Tổ hợp tác rau an toàn Tổ 5", unit=branch, owners=[branch_person])


@pytest.fixture
def other_venture(other_commune, other_person):
    return VentureFactory(name="Trang trại bò Mường La", unit=other_commune, owners=[other_person])
