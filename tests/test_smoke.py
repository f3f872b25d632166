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


def test_missing_page_is_branded_and_vietnamese(client, officer):
    client.force_login(officer)

    response = client.get("/ventures/999999/")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_forbidden_page_is_branded_and_vietnamese(client, judge):
    client.force_login(judge)

    response = client.get(reverse("ventures:venture-list"))

    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_portal_pages_send_a_strict_content_security_policy(client, officer):
    client.force_login(officer)

    response = client.get(reverse("home"))

    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
