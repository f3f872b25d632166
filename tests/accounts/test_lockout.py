"""Wrong passwords lock the (username, visitor address) pair, never the whole account.

A stranger who types five wrong passwords for a staff member's username locks only
their own address: the staff member still signs in from theirs. Behind the load
balancer the address is the visitor's (`TRUSTED_PROXY_COUNT`), and a forged
X-Forwarded-For neither shifts the lock onto someone else nor lifts it. The lock-out
page tells the real user the ways back in, and a password reset by email still works
and lifts the lock.
"""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from accounts.services import user_sign_in_unlock
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

BALANCER = "10.0.0.2"
STRANGER = "203.0.113.7"
OFFICE = "198.51.100.23"
NEW_PASSWORD = "Mat-khau-Moi-2026!"


@pytest.fixture(autouse=True)
def _production_limits(settings):
    """The production numbers the issue names: five wrong passwords, 30 minutes."""
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_COOLOFF_TIME = 0.5


@pytest.fixture
def behind_balancer(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def _login(client, username, password, *, remote=BALANCER, forwarded=None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=remote, **extra)


def _five_wrong(client, username, **where):
    return [_login(client, username, "sai-mat-khau", **where).status_code for _ in range(5)]


def test_five_wrong_passwords_from_a_stranger_do_not_lock_staff_out_of_their_office(
    client, staff_user, behind_balancer
):
    assert _five_wrong(client, "staff", forwarded=STRANGER) == [200, 200, 200, 200, 429]

    stranger = _login(client, "staff", PASSWORD, forwarded=STRANGER)
    staff = _login(client, "staff", PASSWORD, forwarded=OFFICE)

    assert stranger.status_code == 429
    assert staff.status_code == 302
    assert staff.url == reverse("home")
    assert client.get(reverse("home")).wsgi_request.user == staff_user


def test_the_lock_names_the_visitor_not_the_balancer(client, staff_user, behind_balancer):
    _five_wrong(client, "staff", forwarded=STRANGER)

    attempt = AccessAttempt.objects.get()

    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("staff", STRANGER, 5)


def test_a_forged_forwarded_header_does_not_move_the_lock_onto_the_office(client, staff_user, behind_balancer):
    # The stranger writes the office's address; the balancer appends the stranger's own.
    _five_wrong(client, "staff", forwarded=f"{OFFICE}, {STRANGER}")

    assert _login(client, "staff", PASSWORD, forwarded=OFFICE).status_code == 302


def test_a_forged_forwarded_header_does_not_lift_the_lock(client, staff_user, behind_balancer):
    _five_wrong(client, "staff", forwarded=STRANGER)

    retries = [
        _login(client, "staff", PASSWORD, forwarded=f"192.0.2.{n}, {STRANGER}").status_code for n in range(1, 4)
    ]

    assert retries == [429, 429, 429]
    assert "_auth_user_id" not in client.session


def test_without_a_trusted_proxy_the_socket_address_is_locked(client, staff_user):
    _five_wrong(client, "staff", remote=STRANGER, forwarded=OFFICE)

    assert _login(client, "staff", PASSWORD, remote=STRANGER, forwarded="192.0.2.1").status_code == 429
    assert _login(client, "staff", PASSWORD, remote=OFFICE).status_code == 302


def test_the_lock_is_per_username_from_the_same_address(client, staff_user, officer, behind_balancer):
    _five_wrong(client, "staff", forwarded=STRANGER)

    assert _login(client, "officer", PASSWORD, forwarded=STRANGER).status_code == 302


def test_the_lockout_page_shows_the_ways_back_in(client, staff_user, behind_balancer, settings):
    settings.PORTAL_PROVINCE = "Sơn La"
    _five_wrong(client, "staff", forwarded=OFFICE)

    response = _login(client, "staff", PASSWORD, forwarded=OFFICE)

    assert response.status_code == 429
    content = response.content.decode()
    assert "Tài khoản tạm khoá" in content
    assert "Đăng nhập vào tài khoản <strong>staff</strong> từ địa chỉ mạng này đã bị tạm khoá" in content
    assert "vì nhập sai mật khẩu 5 lần" in content
    assert f'href="{reverse("password_reset")}"' in content
    assert "tài khoản được mở khoá ngay" in content
    assert "Chờ 30 phút kể từ lần thử cuối" in content
    assert "Đăng nhập từ mạng khác" in content
    assert "Liên hệ Văn phòng Tỉnh đoàn Sơn La để được mở khoá." in content


def test_the_lockout_page_follows_the_cool_off_setting(client, staff_user, settings):
    settings.AXES_COOLOFF_TIME = 2  # hours
    _five_wrong(client, "staff")

    content = _login(client, "staff", PASSWORD).content.decode()

    assert "Chờ 120 phút kể từ lần thử cuối" in content


def test_the_lockout_page_escapes_the_typed_username(client, behind_balancer):
    typed = '<script>alert("x")</script>'
    _five_wrong(client, typed, forwarded=STRANGER)

    content = _login(client, typed, PASSWORD, forwarded=STRANGER).content.decode()

    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


def test_the_lockout_page_in_english(client, staff_user):
    _five_wrong(client, "staff")
    client.cookies["django_language"] = "en"

    response = _login(client, "staff", PASSWORD)

    assert response.status_code == 429
    assert response.wsgi_request.LANGUAGE_CODE == "en"
    assert f'href="{reverse("password_reset")}"' in response.content.decode()


def test_password_reset_still_works_while_locked_and_lifts_the_lock(client, staff_user, behind_balancer, mailoutbox):
    _five_wrong(client, "staff", forwarded=OFFICE)
    where = {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": OFFICE}

    asked = client.post(reverse("password_reset"), {"email": staff_user.email}, **where)
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True, **where)
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, **where
    )
    signed_in = _login(client, "staff", NEW_PASSWORD, forwarded=OFFICE)

    assert asked.status_code == 302
    assert form.context["validlink"] is True
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    assert signed_in.status_code == 302
    assert signed_in.url == reverse("home")
    assert not AccessAttempt.objects.filter(username="staff").exists()


def test_a_failed_password_reset_form_lifts_nothing(client, staff_user, behind_balancer, mailoutbox):
    _five_wrong(client, "staff", forwarded=OFFICE)
    client.post(reverse("password_reset"), {"email": staff_user.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    form = client.get(link, follow=True)

    refused = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": "khac"})

    assert refused.status_code == 200
    assert _login(client, "staff", PASSWORD, forwarded=OFFICE).status_code == 429


def test_user_sign_in_unlock_lifts_every_address_of_that_user_only(client, staff_user, officer, behind_balancer):
    _five_wrong(client, "staff", forwarded=STRANGER)
    _five_wrong(client, "staff", forwarded=OFFICE)
    _five_wrong(client, "officer", forwarded=STRANGER)

    removed = user_sign_in_unlock(user=staff_user, actor=staff_user)

    assert removed == 2
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["officer"]
    assert _login(client, "staff", PASSWORD, forwarded=STRANGER).status_code == 302


def _unlock_from_the_admin(client, *users):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_provincial_staff_lift_a_lock_from_the_admin(client, staff_user, officer, behind_balancer):
    _five_wrong(client, "officer", forwarded=OFFICE)
    staff = type(client)()
    staff.force_login(staff_user)

    response = _unlock_from_the_admin(staff, officer)

    assert response.status_code == 200
    assert "Đã mở khoá đăng nhập cho 1 tài khoản: officer." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert _login(client, "officer", PASSWORD, forwarded=OFFICE).status_code == 302


def test_the_admin_says_so_when_nobody_was_locked(client, staff_user, officer):
    client.force_login(staff_user)

    response = _unlock_from_the_admin(client, officer)

    assert "Không tài khoản nào đang bị khoá đăng nhập." in response.content.decode()


def test_staff_cannot_lift_a_superusers_lock(client, staff_user, behind_balancer):
    from tests.factories import UserFactory

    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    _five_wrong(client, "root", forwarded=OFFICE)
    staff = type(client)()
    staff.force_login(staff_user)

    _unlock_from_the_admin(staff, root)

    assert AccessAttempt.objects.filter(username="root").exists()
