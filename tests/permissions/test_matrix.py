"""Every URL of the project, requested by every role, against the table in `rows/`.

One test per rows module walks its table on the demo province (the shared `demo`, loaded once per
module); it reports every disagreement at the end rather than stopping at the first. A URL
without a row (a new page nobody thought about) fails it.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from tests.utils import close_response

from .matrix import DENY, LOGIN, OK, POST, ROLES, STAFF_ROLES
from .rows import all_modules
from .world import World

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
ADMIN_LOGIN_URL = "/admin/login/"


def url_names(patterns=None, namespace=None):
    """(name, has arguments, is admin) of every named URL pattern."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace if pattern.namespace else None
            full = ":".join(part for part in (namespace, inner) if part) or None
            yield from url_names(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern.pattern.regex.groups > 0, (namespace or "").startswith("admin")


def outcome_of(response, *, admin: bool = False) -> str:
    status = response.status_code
    if response.streaming:
        close_response(response)  # a private file: release it
    if status in (401, 403, 404):
        return DENY
    if status == 405:
        return POST
    if status in (301, 302, 303):
        location = response.headers.get("Location", "")
        if location.startswith((ADMIN_LOGIN_URL, LOGIN_URL)):
            return LOGIN
        return OK
    if 200 <= status < 300:
        return OK
    return f"status {status}"


@pytest.fixture
def demo_world(demo):
    world = World()
    for module in all_modules():
        if hasattr(module, "prepare"):
            module.prepare(world)
    return world


def clients() -> dict[str, Client]:
    result = {}
    for role, username in ROLES.items():
        client = Client(raise_request_exception=False)
        if username:
            client.force_login(User.objects.get(username=username))
        result[role] = client
    return result


def test_every_url_has_a_row_and_every_row_a_url():
    rows = {}
    for module in all_modules():
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"rows given twice: {overlap}"
        rows.update(module.ROWS)
    project = {name: (has_args, admin) for name, has_args, admin in url_names()}
    missing = sorted(name for name, (_args, admin) in project.items() if not admin and name not in rows)
    assert not missing, f"URLs without a row in tests/permissions/rows: {missing}"
    assert not set(rows) - set(project), f"rows of URLs that no longer exist: {sorted(set(rows) - set(project))}"


def walk(rows: dict, world: World) -> list[str]:
    """Request every row's URL as every role; the disagreements with the rows, as lines."""
    by_role = clients()
    wrong = []
    for name, row in sorted(rows.items()):
        url = reverse(name, kwargs=row.kwargs(world) if row.kwargs else None) + row.query
        for role, wanted in row.expect.items():
            got = outcome_of(by_role[role].get(url))
            if wanted in (DENY, LOGIN) and got == POST:
                got = wanted  # an action refusing GET before asking who: the forged POST below decides
            if got != wanted:
                wrong.append(f"{name} as {role}: expected {wanted}, got {got} ({url})")
            if wanted in (DENY, LOGIN):
                # A forged POST from someone who may not see the page changes nothing.
                got = outcome_of(by_role[role].post(url, {"unit": world.pk("accounts.Unit", code="mai-son")}))
                if got not in (wanted, POST):  # 405: the view takes no POST at all
                    wrong.append(f"POST {name} as {role}: expected {wanted}, got {got} ({url})")
    return wrong


# One test per rows module, so the walk spreads over the test workers.
@pytest.mark.parametrize("module", all_modules(), ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_every_role_gets_what_the_row_says(demo_world, module):
    wrong = walk(module.ROWS, demo_world)
    assert not wrong, "\n".join(wrong)


def test_sonla_gets_nothing_of_lai_chau(demo_world):
    """The reverse wall: Lai Châu's programme objects (`LAI_CHAU_ROWS`) are closed to Sơn La's
    staff and officers, open to Lai Châu's staff and, read-only, to the national staff."""
    rows = {}
    for module in all_modules():
        rows.update(getattr(module, "LAI_CHAU_ROWS", {}))
    assert len(rows) >= 4
    wrong = walk(rows, demo_world)
    assert not wrong, "\n".join(wrong)


ADMIN_OPEN_TO_ALL = {"admin:login", "admin:logout", "admin:password_change", "admin:password_change_done"}


def test_the_admin_opens_for_provincial_staff_only(demo_world):
    """Admin pages are generated per model; every index, list and add page is checked."""
    by_role = clients()
    pages = [
        name
        for name, has_args, admin in url_names()
        if admin
        and not has_args
        and name not in ADMIN_OPEN_TO_ALL
        and name not in ("admin:autocomplete", "admin:jsi18n")
    ]
    wrong = []
    for name in pages:
        url = reverse(name)
        for role in ROLES:
            got = outcome_of(by_role[role].get(url), admin=True)
            # Staff (of any unit) may be refused a model the portal keeps out of their hands
            # (adding an entry, the lockout log); nobody else gets past the admin's sign-in.
            wanted = (OK, DENY) if role in STAFF_ROLES else (LOGIN,)
            if got not in wanted:
                wrong.append(f"{name} as {role}: expected {wanted}, got {got}")
    assert not wrong, "\n".join(wrong)
