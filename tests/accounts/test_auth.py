"""Signing in and out, the language switch, lockout after wrong passwords, password change and reset."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mat-khau-Moi-2025!"
LOCKED_OUT = "Tài khoản tạm khoá"


def _login(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Đăng nhập" in content
    assert "Mật khẩu" in content
    assert "Quên mật khẩu?" in content


def test_login_page_ignores_an_english_browser(client):
    """A browser set to English (Accept-Language) still gets Vietnamese: only a choice counts."""
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    content = response.content.decode()
    assert '<html lang="vi">' in content
    assert "Mật khẩu" in content


def test_language_switch_switches_a_visitor_to_english_and_back(client):
    to_english = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("login")})

    assert to_english.status_code == 302
    assert to_english.url == reverse("login")
    assert client.cookies["django_language"].value == "en"
    english = client.get(reverse("login"))
    assert english.wsgi_request.LANGUAGE_CODE == "en"
    assert '<html lang="en">' in english.content.decode()
    assert "Password" in english.content.decode()  # Django's own form label

    client.post(reverse("accounts:language"), {"language": "vi", "next": reverse("login")})

    vietnamese = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en")
    assert vietnamese.wsgi_request.LANGUAGE_CODE == "vi"
    assert "Mật khẩu" in vietnamese.content.decode()


def test_language_cookie_beats_accept_language(client):
    client.cookies["django_language"] = "en"

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.wsgi_request.LANGUAGE_CODE == "en"


@pytest.mark.parametrize("cookie", ["fr", "", "../en"])
def test_unsupported_language_falls_back_to_vietnamese(client, cookie):
    client.cookies["django_language"] = cookie

    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="fr")

    assert response.wsgi_request.LANGUAGE_CODE == "vi"


def test_login_with_right_password_goes_home(client, officer):
    response = _login(client, "officer", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")
    home = client.get(response.url)
    assert home.status_code == 200
    assert home.wsgi_request.user == officer


def test_login_follows_a_safe_next(client, officer):
    response = client.post(
        reverse("login"), {"username": "officer", "password": PASSWORD, "next": reverse("accounts:unit-list")}
    )

    assert response.status_code == 302
    assert response.url == reverse("accounts:unit-list")


def test_login_with_wrong_password_shows_the_form_again(client, officer):
    response = _login(client, "officer", "sai-mat-khau")

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
    assert "Đăng nhập" in response.content.decode()
    assert response.context["form"].non_field_errors()


def test_login_locks_out_after_three_wrong_passwords(client, officer):
    first_two = [_login(client, "officer", "sai-mat-khau").status_code for _ in range(2)]
    third = _login(client, "officer", "sai-mat-khau")

    assert first_two == [200, 200]
    assert third.status_code == 429
    assert LOCKED_OUT in third.content.decode()


def test_login_locked_out_even_with_the_right_password(client, officer):
    for _ in range(3):
        _login(client, "officer", "sai-mat-khau")

    response = _login(client, "officer", PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED_OUT in content
    assert "vì nhập sai mật khẩu 3 lần" in content
    assert client.get(reverse("home")).status_code == 302  # still signed out


def test_login_lockout_is_per_username(client, officer, other_officer):
    for _ in range(3):
        _login(client, "officer", "sai-mat-khau")

    response = _login(client, "other-officer", PASSWORD)

    assert response.status_code == 302
    assert response.url == reverse("home")


def test_login_success_resets_the_failure_count(client, officer):
    for _ in range(2):
        _login(client, "officer", "sai-mat-khau")
    _login(client, "officer", PASSWORD)
    client.post(reverse("logout"))

    after = [_login(client, "officer", "sai-mat-khau").status_code for _ in range(2)]

    assert after == [200, 200]
    assert _login(client, "officer", PASSWORD).status_code == 302


def test_logout_needs_post_and_returns_to_login(client, officer):
    client.force_login(officer)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert response.url == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_password_change_works_for_a_signed_in_user(client, officer):
    client.force_login(officer)
    form = client.get(reverse("password_change"))

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert form.status_code == 200
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)
    assert client.get(reverse("home")).status_code == 200  # the session survives the change


def test_password_change_rejects_a_wrong_old_password(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_password_reset_sends_a_link_that_sets_a_new_password(client, officer, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": officer.email})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [officer.email]
    assert "Đặt lại mật khẩu" in message.subject
    assert "Tên đăng nhập của bạn: officer" in message.body
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)

    set_password_form = client.get(link, follow=True)
    assert set_password_form.status_code == 200
    assert set_password_form.context["validlink"] is True
    done = client.post(
        set_password_form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")
    officer.refresh_from_db()
    assert officer.check_password(NEW_PASSWORD)


def test_password_reset_link_works_once(client, officer, mailoutbox):
    client.post(reverse("password_reset"), {"email": officer.email})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    first = client.get(link, follow=True)
    client.post(first.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert again.status_code == 200
    assert again.context["validlink"] is False


def test_password_reset_for_unknown_email_sends_nothing_but_looks_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.vn"})

    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    assert mailoutbox == []
