"""The language a person chose, everywhere: saved on their account, followed by their pages and
the admin (its JavaScript widgets too) whatever their browser asks for; visitors get Vietnamese
unless they chose otherwise with the switch."""

import json
import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import trans_real

from accounts import services
from accounts.models import User
from tests.catalogues import po_messages, untranslated
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
VIETNAMESE_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "vi-VN,vi;q=0.9"}


def _choose(user: User, language: str) -> User:
    return services.user_language_set(user=user, language=language, actor=user)


def _js_catalog(response) -> dict:
    """The translations a jsi18n response hands the admin's widgets."""
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.DOTALL)
    return json.loads(found.group(1)) if found else {}  # English: Django writes no catalogue


def test_a_new_account_reads_vietnamese(officer):
    assert officer.language == "vi"


def test_user_language_set_saves_the_choice(officer):
    _choose(officer, "en")

    officer.refresh_from_db()
    assert officer.language == "en"


def test_user_language_set_refuses_a_language_the_portal_does_not_speak(officer):
    with pytest.raises(ValidationError):
        _choose(officer, "fr")

    officer.refresh_from_db()
    assert officer.language == "vi"


def test_language_page_shows_the_choice_in_each_languages_own_name(client, officer):
    client.force_login(officer)

    page = client.get(reverse("accounts:language")).content.decode()

    assert "Ngôn ngữ" in page
    assert re.search(r'value="vi"\s+id="id_language_0" required checked>', page)
    assert re.search(r'value="en"\s+id="id_language_1" required>', page)
    assert re.search(r'id_language_0" class="form-check-label">\s+Tiếng Việt\s+<', page)
    assert re.search(r'id_language_1" class="form-check-label">\s+English\s+<', page)


def test_choosing_english_on_the_page_saves_it_on_the_account(client, officer):
    client.force_login(officer)

    response = client.post(reverse("accounts:language"), {"language": "en"}, follow=True)

    officer.refresh_from_db()
    assert officer.language == "en"
    assert response.redirect_chain == [(reverse("accounts:language"), 302)]
    page = response.content.decode()
    assert '<html lang="en">' in page
    assert "<title>Language" in page
    assert "Log out" in page


def test_the_language_form_needs_its_csrf_token(officer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)

    response = browser.post(reverse("accounts:language"), {"language": "en"})

    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.language == "vi"


def test_an_unknown_language_is_refused_and_nothing_saved(client, officer):
    client.force_login(officer)

    response = client.post(reverse("accounts:language"), {"language": "fr"})

    assert response.status_code == 200
    assert "fr" not in dict(response.context["form"].fields["language"].choices)
    assert response.context["form"].errors["language"]
    officer.refresh_from_db()
    assert officer.language == "vi"


def test_the_switch_goes_back_to_its_page_on_this_site_only(client, officer):
    client.force_login(officer)
    home = reverse("home")

    back = client.post(reverse("accounts:language"), {"language": "en", "next": home})
    away = client.post(reverse("accounts:language"), {"language": "vi", "next": "https://example.com/"})

    assert back.url == home
    assert away.url == reverse("accounts:language")


def test_the_footer_switch_of_a_signed_in_person_saves_to_the_account_and_stays_after_sign_in_again(client, officer):
    client.force_login(officer)
    home = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("accounts:language")}"' in home  # the footer's switch posts there

    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("home")})
    client.post(reverse("logout"))
    elsewhere = Client()  # another browser: no language cookie, an English Accept-Language either way
    elsewhere.post(reverse("login"), {"username": "officer", "password": PASSWORD}, **VIETNAMESE_BROWSER)

    page = elsewhere.get(reverse("home"), **VIETNAMESE_BROWSER)

    assert page.wsgi_request.LANGUAGE_CODE == "en"
    assert "Log out" in page.content.decode()


def test_the_account_beats_the_language_cookie(client, officer):
    client.force_login(officer)
    client.cookies["django_language"] = "en"

    response = client.get(reverse("home"))

    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    assert "Đăng xuất" in response.content.decode()


def test_a_person_who_chose_english_sees_english_pages_and_admin(client, staff_user):
    _choose(staff_user, "en")
    client.force_login(staff_user)

    home = client.get(reverse("home"), **VIETNAMESE_BROWSER).content.decode()
    admin_index = client.get(reverse("admin:index"), **VIETNAMESE_BROWSER).content.decode()
    add_unit = client.get(reverse("admin:accounts_unit_add"), **VIETNAMESE_BROWSER).content.decode()

    assert '<html lang="en">' in home
    assert "Log out" in home
    assert "System administration" in admin_index  # our own admin title, from our catalogue
    assert "Save and add another" in add_unit  # Django's own admin
    assert "Lưu và thêm mới" not in add_unit


def test_a_vietnamese_account_with_an_english_browser_sees_vietnamese_pages_and_admin(client, staff_user):
    client.force_login(staff_user)

    home = client.get(reverse("home"), **ENGLISH_BROWSER).content.decode()
    admin_index = client.get(reverse("admin:index"), **ENGLISH_BROWSER).content.decode()
    add_unit = client.get(reverse("admin:accounts_unit_add"), **ENGLISH_BROWSER).content.decode()

    assert '<html lang="vi">' in home
    assert "Đăng xuất" in home
    assert "Quản trị hệ thống" in admin_index
    assert "Lưu và thêm mới" in add_unit
    assert "Save and add another" not in add_unit


def test_the_admin_widgets_catalogue_is_vietnamese_for_a_vietnamese_account(client, staff_user):
    """The council picker (filter_horizontal) and the calendar read their words from jsi18n."""
    client.force_login(staff_user)

    catalog = _js_catalog(client.get(reverse("admin:jsi18n"), **ENGLISH_BROWSER))

    assert catalog["Choose all %s"] == "Chọn tất cả %s"  # Django 5.2's own vi catalogue lacks it
    assert catalog["Choose selected %s"] == "Chọn %s đã đánh dấu"
    assert catalog["Remove selected %s"] == "Xoá %s đã đánh dấu"
    assert catalog["Today"] == "Hôm nay"  # Django's own
    assert catalog["abbrev. day Monday\x04Mon"] == "T2"


def test_every_word_of_the_admin_widgets_has_its_vietnamese(client, staff_user):
    """Whatever the admin's JavaScript asks for (Django's own list of its msgids, in its English
    catalogue) the Vietnamese jsi18n answers: Django's vi catalogue, completed by the portal's."""
    client.force_login(staff_user)
    catalog = _js_catalog(client.get(reverse("admin:jsi18n")))
    as_compiled = {key: value for key, value in catalog.items() if isinstance(value, str)}
    as_compiled |= {(key, 0): forms[0] for key, forms in catalog.items() if isinstance(forms, list)}
    asked = po_messages(Path(django.contrib.admin.__file__).parent / "locale/en/LC_MESSAGES/djangojs.po")

    assert len(asked) > 50
    assert untranslated(asked, as_compiled, plurals=1) == []


def test_the_admin_widgets_catalogue_is_english_for_an_english_account(client, staff_user):
    _choose(staff_user, "en")
    client.force_login(staff_user)

    catalog = _js_catalog(client.get(reverse("admin:jsi18n"), **VIETNAMESE_BROWSER))

    assert "Choose all" not in catalog  # the widget shows Django's own English


@pytest.mark.parametrize("app", ["admin", "auth"])
def test_every_word_of_the_admin_and_the_password_forms_has_its_vietnamese(app):
    """Django's own Vietnamese lacks what the admin and the password forms gained since it was last
    translated ("Please correct the error below.", the password length rule); the portal's fills it."""
    asked = po_messages(Path(django.contrib.admin.__file__).parent.parent / app / "locale/en/LC_MESSAGES/django.po")

    assert untranslated(asked, trans_real.translation("vi")._catalog, plurals=1) == []


def test_a_short_password_is_refused_in_vietnamese(client, officer):
    client.force_login(officer)

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Ab1!x", "new_password2": "Ab1!x"},
        **ENGLISH_BROWSER,
    )

    assert "Mật khẩu này quá ngắn. Mật khẩu phải có ít nhất 8 ký tự." in response.content.decode()


def test_a_visitor_with_an_english_browser_gets_vietnamese(client):
    response = client.get(reverse("competitions:public-contest-list"), **ENGLISH_BROWSER)

    assert response.wsgi_request.LANGUAGE_CODE == "vi"
    assert response.headers["Content-Language"] == "vi"
    assert '<html lang="vi">' in response.content.decode()


def test_a_visitors_choice_is_kept_in_the_cookie_only(client):
    response = client.post(reverse("accounts:language"), {"language": "en", "next": reverse("login")})

    assert response.cookies["django_language"].value == "en"
    assert client.get(reverse("login")).wsgi_request.LANGUAGE_CODE == "en"
    assert not User.objects.filter(language="en").exists()


def test_the_admin_user_form_shows_and_saves_the_language(client, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("admin:accounts_user_change", args=[staff_user.pk])).content.decode()

    assert 'name="language"' in page


def test_the_password_reset_email_is_in_the_accounts_language(client, staff_user, officer, mailoutbox):
    _choose(staff_user, "en")

    for person in (staff_user, officer):  # asked from a Vietnamese page both times
        client.post(reverse("password_reset"), {"email": person.email}, **VIETNAMESE_BROWSER)

    subjects = {message.to[0]: message.subject for message in mailoutbox}
    assert subjects[staff_user.email].startswith("Password reset on ")
    assert subjects[officer.email].startswith("Đặt lại mật khẩu trên ")
