"""Browser tests: Playwright driving Debian's Chromium (never a downloaded browser)."""

import contextlib
import os
import re
import shutil
import sqlite3
from io import StringIO
from unittest import mock

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.clock import browser_follows_server_clock, environment_without_faketime
from tests.e2e.journeys import SCREENSHOTS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

# The live server shares two cores with the other tests' worker: give assertions the
# same patience as page actions (the `login` fixture's 15 s) rather than Playwright's 5 s.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    missing = not shutil.which("chromium")
    for item in items:
        if "tests/e2e/" not in str(item.fspath).replace("\\", "/"):
            continue
        item.add_marker(pytest.mark.e2e)
        # One xdist worker runs every browser test (make test uses --dist=loadgroup).
        item.add_marker(pytest.mark.xdist_group("e2e"))
        if missing:
            item.add_marker(pytest.mark.skip(reason="Debian's chromium is not installed (apt-get install chromium)"))


@pytest.fixture(scope="session")
def playwright(_pw_api_request_contexts):
    """pytest-playwright's own fixture, but the driver and the browser it launches start on the
    real clock when the suite runs under `faketime` (see tests/clock.py)."""
    with environment_without_faketime():
        pw = sync_playwright().start()
    if _pw_api_request_contexts:
        _pw_api_request_contexts.instrument(pw)
    yield pw
    pw.stop()


@pytest.fixture(autouse=True)
def _last_screen(request):
    """Every flow leaves the page it ended on in `var/e2e-screenshots/flows/` (CI keeps them),
    so what a test proved can be looked at: the search result, the merge, the endorsement."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")  # asked first, so it is still open at our teardown
    yield
    if page.is_closed():
        return
    folder = SCREENSHOTS / "flows" / request.node.module.__name__.rsplit(".", 1)[-1]
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")[:120]
    # A picture is a record, never a failure of its own.
    with contextlib.suppress(Exception):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True, timeout=10_000)


@pytest.fixture(autouse=True)
def _browser_clock(request):
    """A test's browser context shows page scripts the date the server has."""
    if "context" in request.fixturenames:
        browser_follows_server_clock(request.getfixturevalue("context"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Headless Chromium asks for English; a Vietnamese user's browser asks for Vietnamese.
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def login(page, live_server):
    """Sign in through the real login form, as a person would."""

    page.set_default_timeout(15_000)

    def _login(username: str, password: str = "mat-khau-Thu-nghiem-1"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(f"{live_server.url}/")
        return page

    return _login


_demo_copy: dict[str, sqlite3.Connection] = {}


@pytest.fixture
def committed_demo(transactional_db):
    """The demo province, committed: the live server reads it from its own thread.

    Loading it takes 20-40 s and the test flushes the database after itself. On SQLite (the bare
    `make test`) the first test keeps a copy of the freshly loaded database (SQLite's backup API)
    and every later test copies it back, so each journey still starts from the demo as loaded;
    on another database each test loads it again.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite" and "sqlite" in _demo_copy:
        _demo_copy["sqlite"].backup(connection.connection)
        ContentType.objects.clear_cache()  # the flush re-created them with other ids
        return
    with mock.patch.dict(os.environ) as environ:
        environ.pop("DEMO_PASSWORD", None)  # the journeys sign in with the demo's own password
        call_command("load_demo", verbosity=0, stdout=StringIO())
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _demo_copy["sqlite"] = copy
