import os

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
