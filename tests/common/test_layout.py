"""The page frame comes from the shared cache (common.layout, accounts.layout), yet never
shows anything stale, another user's bar, or another session's CSRF token."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import Membership, User
from accounts.services import membership_grant
from common.models import Notification
from common.services import notification_create, notification_mark_all_read, notification_mark_read
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BADGE = re.compile(r'<span class="badge text-bg-warning">(\d+)</span>')


def _navbar(response) -> str:
    html = response.content.decode()
    return html[html.index('<nav class="navbar') : html.index("</nav>")]


def _badge(response) -> int:
    found = BADGE.search(_navbar(response))
    return int(found.group(1)) if found else 0


def test_second_page_asks_no_query_for_the_frame(client, officer, django_assert_max_num_queries):
    client.force_login(officer)
    client.get(reverse("accounts:notification-list"))

    # The user, and the page's own two: no roles, no unread count, no session row.
    with django_assert_max_num_queries(3):
        response = client.get(reverse("accounts:notification-list"))

    assert officer.full_name in _navbar(response)


def test_badge_follows_new_and_read_notifications(client, officer):
    client.force_login(officer)
    assert _badge(client.get(reverse("home"))) == 0

    notification_create(recipient=officer, key="a", title="Nộp báo cáo quý")
    notification_create(recipient=officer, key="b", title="Chấm bài vòng sơ khảo")
    assert _badge(client.get(reverse("home"))) == 2

    notification_mark_all_read(recipient=officer)
    assert _badge(client.get(reverse("home"))) == 0


def test_new_role_shows_its_menu_on_the_next_page(client, province, officer):
    client.force_login(officer)
    judge_link = reverse("competitions:judge-home")
    assert judge_link not in _navbar(client.get(reverse("home")))

    membership_grant(user=officer, unit=province, role=Membership.Role.JUDGE)

    assert judge_link in _navbar(client.get(reverse("home")))


def test_revoked_role_loses_its_menu_on_the_next_page(client, staff_user):
    client.force_login(staff_user)
    contests = reverse("competitions:contest-list")
    assert contests in _navbar(client.get(reverse("accounts:notification-list")))

    Membership.objects.get(user=staff_user).delete()

    assert contests not in _navbar(client.get(reverse("accounts:notification-list")))


def test_renamed_user_sees_the_new_name(client, officer):
    client.force_login(officer)
    client.get(reverse("home"))

    officer.full_name = "Lò Thị Mai"
    officer.save()

    assert "Lò Thị Mai" in _navbar(client.get(reverse("home")))


def test_each_user_sees_their_own_bar(officer, staff_user):
    officer_client, staff_client = Client(), Client()
    officer_client.force_login(officer)
    staff_client.force_login(staff_user)
    notification_create(recipient=officer, key="a", title="Việc của cán bộ đơn vị")

    officer_bar = _navbar(officer_client.get(reverse("home")))
    staff_bar = _navbar(staff_client.get(reverse("home")))

    assert officer.full_name in officer_bar
    assert staff_user.full_name not in officer_bar
    assert staff_user.full_name in staff_bar
    assert officer.full_name not in staff_bar
    assert BADGE.search(officer_bar)
    assert not BADGE.search(staff_bar)


def test_logout_form_carries_each_sessions_own_token(officer):
    """Two browsers of one user: the second is served the cached bar, and its logout
    form must still hold a token its own CSRF cookie accepts."""
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(officer)
    second.force_login(officer)
    first.get(reverse("home"))

    page = second.get(reverse("home")).content.decode()
    logout_form = page[page.index(f'action="{reverse("logout")}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', logout_form).group(1)
    response = second.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert second.get(reverse("home")).status_code == 302  # signed out
    assert first.get(reverse("home")).status_code == 200


def test_language_form_returns_to_this_page_escaped(client, officer):
    client.force_login(officer)
    client.get(reverse("accounts:notification-list"))

    page = client.get(reverse("accounts:notification-list"), {"q": '"><script>'}).content.decode()

    assert 'name="next" type="hidden" value="/org/notifications/?q=%22%3E%3Cscript%3E"' in page


def test_bar_follows_the_language(client, officer):
    client.force_login(officer)
    assert "Đăng xuất" in _navbar(client.get(reverse("home")))

    client.post(reverse("accounts:language"), {"language": "en", "next": reverse("home")})
    bar = _navbar(client.get(reverse("home")))

    assert "Log out" in bar
    assert "Đăng xuất" not in bar


def test_visitor_gets_the_public_bar(client):
    UserFactory(full_name="Người dùng khác")

    bar = _navbar(client.get(reverse("login")))

    assert reverse("login") in bar
    assert "Người dùng khác" not in bar


class _UnreachableCache:
    """A cache whose server is down: every call raises, as django's RedisCache does."""

    def _down(self, *args, **kwargs):
        raise ConnectionError("cache down")

    get = set = delete_many = _down


def test_cache_outage_fails_neither_a_page_nor_a_change(client, officer, monkeypatch):
    """The stamps' cache out (the sessions, which Django's `cached_db` reads through the same
    cache, would fail a page themselves): the bar is drawn afresh, nothing is kept."""
    client.force_login(officer)
    monkeypatch.setattr("common.layout.cache", _UnreachableCache())

    notification_create(recipient=officer, key="a", title="Nộp báo cáo quý")
    first = client.get(reverse("home"))
    notification_create(recipient=officer, key="b", title="Chấm bài vòng sơ khảo")
    second = client.get(reverse("home"))

    assert first.status_code == second.status_code == 200
    assert _badge(first) == 1
    assert _badge(second) == 2


def test_bar_is_a_fragment_of_the_shared_cache(client, officer):
    """No bar is kept in the process: what the shared cache holds is what the next page shows."""
    client.force_login(officer)
    client.get(reverse("home"))

    Notification.objects.create(recipient=officer, key="a", title="Nộp báo cáo quý")  # no service: no new stamp
    assert _badge(client.get(reverse("home"))) == 0  # the bar kept in the shared cache

    cache.clear()  # a flushed Redis: no bar is left anywhere

    assert _badge(client.get(reverse("home"))) == 1


def test_bulk_rename_shows_the_new_name(client, officer):
    """A bulk update sends no signal: the bar varies on the name it shows."""
    client.force_login(officer)
    client.get(reverse("home"))

    User.objects.filter(pk=officer.pk).update(full_name="Lò Thị Mai")

    assert "Lò Thị Mai" in _navbar(client.get(reverse("home")))


def test_one_read_notification_leaves_the_badge(client, officer):
    client.force_login(officer)
    notification = notification_create(recipient=officer, key="a", title="Nộp báo cáo quý")
    assert _badge(client.get(reverse("home"))) == 1

    notification_mark_read(notification=notification)

    assert _badge(client.get(reverse("home"))) == 0


def test_roles_taken_away_in_the_admin_in_bulk_leave_the_bar(client, staff_user, django_user_model):
    """The admin's bulk delete of memberships renews every holder's bar."""
    client.force_login(staff_user)
    contests = reverse("competitions:contest-list")
    assert contests in _navbar(client.get(reverse("accounts:notification-list")))
    admin = django_user_model.objects.create_superuser("quan-tri", password="mat-khau-Thu-nghiem-1")  # noqa: S106
    admin_client = Client()
    admin_client.force_login(admin)

    admin_client.post(
        reverse("admin:accounts_membership_changelist"),
        {"action": "delete_selected", "post": "yes", "_selected_action": [m.pk for m in staff_user.memberships.all()]},
    )

    assert not Membership.objects.filter(user=staff_user).exists()
    assert contests not in _navbar(client.get(reverse("accounts:notification-list")))


def test_new_code_draws_new_bars_though_the_shared_cache_kept_the_old_ones(client, monkeypatch):
    """The shared cache outlives a deploy: the frame's version (templates, menus,
    catalogues) is in every fragment's key."""
    from common import layout, registry

    assert reverse("login") in _navbar(client.get(reverse("login")))
    monkeypatch.setattr(registry, "_nav_items", dict(registry._nav_items))
    registry.register_nav_item(registry.NavItem("new", "Mục mới", "home", "bi-star", ("public",), 1))
    layout.frame_version.cache_clear()  # a new process, after the deploy

    assert "Mục mới" in _navbar(client.get(reverse("login")))
    layout.frame_version.cache_clear()


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_opens_with_a_skip_link_to_its_content(client, officer, signed_in):
    """Keyboard users skip the top bar (issue 21): the first link of the page goes to <main>."""
    if signed_in:
        client.force_login(officer)

    html = client.get(reverse("home" if signed_in else "login")).content.decode()
    body = html[html.index("<body>") :]

    assert body.index('<a class="visually-hidden-focusable portal-skip-link" href="#main">') < body.index("<nav")
    assert "Bỏ qua, đến nội dung chính" in body
    assert '<main id="main"' in body


def test_bar_names_the_portal_shortly_for_phones(client, officer, settings):
    settings.PORTAL_SHORT_NAME = "Khởi nghiệp Tây Bắc"
    client.force_login(officer)

    bar = _navbar(client.get(reverse("home")))

    assert '<span class="portal-brand-short">Khởi nghiệp Tây Bắc</span>' in bar
    assert f'<span class="portal-brand-full">{settings.PORTAL_NAME}</span>' in bar
    assert 'aria-label="Menu chính"' in bar
