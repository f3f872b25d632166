import os
from io import StringIO
from unittest import mock

import pytest

from accounts.models import Membership, Unit
from tests.clock import mend_sleep
from tests.factories import UnitFactory, user_with_role

# Under `faketime` (the moved-clock runs of .ci/run) `time.sleep` needs mending; see tests/clock.py.
mend_sleep()

# Playwright's sync API runs an event loop in the test thread; Django's live server
# and ORM calls made from the test are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "mat-khau-Thu-nghiem-1"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: public-form counters, sessions and the
    cached page frames (`common.layout`) live there, and SQLite gives a rolled-back
    user's id to the next test's user; a bar drawn in another test (with other settings
    or menus patched) must not leak into this one."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in Vietnamese: a request in another language (the language
    switch) leaves that language active in the thread after it."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _eager_celery():
    """Run tasks in-process: the settings fixture cannot reconfigure a loaded Celery app."""
    from config.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True


@pytest.fixture
def province(db):
    return UnitFactory(name="Tỉnh đoàn Sơn La", code="tinh-doan", kind=Unit.Kind.PROVINCE)


@pytest.fixture
def commune(province):
    return UnitFactory(name="Đoàn phường Tô Hiệu", code="to-hieu", parent=province)


@pytest.fixture
def branch(commune):
    return UnitFactory(name="Chi đoàn Tổ 5", code="chi-doan-to-5", parent=commune, kind=Unit.Kind.BRANCH)


@pytest.fixture
def other_commune(province):
    return UnitFactory(name="Đoàn xã Mường La", code="muong-la", parent=province)


@pytest.fixture
def staff_user(province):
    return user_with_role(Membership.Role.STAFF, province, username="staff")


@pytest.fixture
def officer(commune):
    return user_with_role(Membership.Role.OFFICER, commune, username="officer")


@pytest.fixture
def other_officer(other_commune):
    return user_with_role(Membership.Role.OFFICER, other_commune, username="other-officer")


@pytest.fixture
def lai_chau(db):
    """A second province in the same deployment, beside Sơn La (both roots here)."""
    return UnitFactory(name="Tỉnh đoàn Lai Châu", code="lai-chau", kind=Unit.Kind.PROVINCE)


@pytest.fixture
def lai_chau_staff(lai_chau):
    return user_with_role(Membership.Role.STAFF, lai_chau, username="staff-lai-chau")


@pytest.fixture
def school(province):
    """A school union of Sơn La that runs programmes of its own (its staff run them)."""
    return UnitFactory(name="Đoàn trường Cao đẳng Sơn La", code="cd-son-la", kind=Unit.Kind.SCHOOL, parent=province)


@pytest.fixture
def school_staff(school):
    return user_with_role(Membership.Role.STAFF, school, username="staff-truong")


@pytest.fixture
def judge(province):
    return user_with_role(Membership.Role.JUDGE, province, username="judge")


@pytest.fixture
def council_member(province):
    return user_with_role(Membership.Role.COUNCIL, province, username="council")


@pytest.fixture
def bank_liaison(province):
    return user_with_role(Membership.Role.BANK_LIAISON, province, username="bank")


@pytest.fixture(scope="session", autouse=True)
def _release_stray_postgres_sessions(django_db_setup, django_db_blocker):
    """Let pytest-django drop the PostgreSQL test database at the end of the run.

    A connection opened in a helper thread (a live server's request thread, the
    test Celery worker) can outlive its thread unclosed, and PostgreSQL refuses to
    drop a database someone is connected to. This fixture's teardown runs before
    the database is dropped and ends any such session; SQLite needs nothing.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


# --- the demo province, loaded once and shared --------------------------------------------------
#
# Loading the demo takes 20-40 s, so the tests that read it share one copy: the first test that
# asks for `demo` loads it inside an open transaction (marked like a TestCase's class-level
# atomic), every test then runs in its own savepoint as usual (its writes roll back, the demo
# stays), and the demo is rolled back as soon as the next test does not ask for it. The tests
# that ask for it are put side by side, last, so a run loads it about once per process (each xdist
# worker loads its own copy, and shares it between the demo tests it is handed).
# A test that commits (`transaction=True`, the live server) cannot share it: see tests/e2e.

_shared_demo: dict = {}  # {"atomic": the open transaction, "blocker": pytest-django's blocker} while loaded


def _load_shared_demo(django_db_blocker) -> None:
    from django.core.management import call_command
    from django.db import transaction

    if _shared_demo:
        return
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic._from_testcase = True  # `durable=True` blocks inside it behave as in a TestCase
        atomic.__enter__()
        try:
            # The demo's own passwords, whatever the environment says (tests log in with them).
            with mock.patch.dict(os.environ, {}, clear=False) as environ:
                environ.pop("DEMO_PASSWORD", None)
                call_command("load_demo", verbosity=0, stdout=StringIO())
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            raise
    _shared_demo.update(atomic=atomic, blocker=django_db_blocker)


def _drop_shared_demo() -> None:
    from django.db import transaction

    if not _shared_demo:
        return
    atomic, blocker = _shared_demo.pop("atomic"), _shared_demo.pop("blocker")
    with blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="session")
def _shared_demo_rolled_back_at_the_end(django_db_setup):
    """Rolls the shared demo back before pytest-django drops the test database."""
    yield
    _drop_shared_demo()


@pytest.fixture(scope="module")
def demo(_shared_demo_rolled_back_at_the_end, django_db_blocker):
    """The Sơn La demo province (`load_demo`, on the day the suite runs), shared read-only.

    A test using it still runs in its own transaction: what it writes is rolled back and the next
    test sees the demo as loaded. Only for tests in the ordinary (rolled-back) `django_db` mode."""
    _load_shared_demo(django_db_blocker)


def _uses_demo(item) -> bool:
    return "demo" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config, items):
    """The tests sharing the demo run one after the other, last."""
    for item in items:
        if _uses_demo(item):
            marker = item.get_closest_marker("django_db")
            committing = {"transactional_db", "live_server"} & set(item.fixturenames)
            if committing or (marker and marker.kwargs.get("transaction")):
                raise pytest.UsageError(f"{item.nodeid}: the shared demo is for rolled-back tests only")
    items.sort(key=_uses_demo)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        # The previous test's transaction is rolled back by now: leave the demo for the next one
        # only if it asks for it (at the end of the run, the session fixture above drops it).
        if nextitem is not None and not _uses_demo(nextitem):
            _drop_shared_demo()
