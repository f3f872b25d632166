import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "ventures:entrepreneur-list",
        "ventures:venture-list",
        "ventures:entrepreneur-create",
        "ventures:venture-create",
        "ventures:entrepreneur-import",
        "accounts:unit-list",
        "home",
        "accounts:notification-list",
    ],
)
def test_pages_render_for_staff(client, staff_user, name):
    client.force_login(staff_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
