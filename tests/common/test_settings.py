"""Settings read from the environment: production passes Django's deployment checks, a missing secret
stops start-up, and the links in emails follow the address `make run` serves."""

import os
import secrets
import shutil
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

# Only what a process needs to run: nothing from the test machine (DATABASE_URL, REDIS_URL, the
# DJANGO_ALLOW_ASYNC_UNSAFE that conftest sets…) may leak into what production settings read.
_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


def _manage(*args: str, tmp_path, **env_vars: str) -> subprocess.CompletedProcess:
    env = {key: os.environ[key] for key in _KEPT if key in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production", VAR_DIR=str(tmp_path), **env_vars)
    return subprocess.run(  # noqa: S603 - a fixed command line, no shell
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deploy_checks(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.vn",
        TRUSTED_PROXIES="1",
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_behind_no_trusted_proxy_fails_the_deploy_checks(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.vn",
    )

    assert result.returncode == 1
    assert "common.W001" in result.stderr
    assert "TRUSTED_PROXIES is 0" in result.stderr


_DOTENV = settings.BASE_DIR / ".env"


@pytest.mark.skipif(
    _DOTENV.exists() and "SECRET_KEY" in _DOTENV.read_text(), reason="a local .env provides SECRET_KEY"
)
def test_production_settings_without_secret_key_refuse_to_start(tmp_path):
    result = _manage("check", tmp_path=tmp_path, ALLOWED_HOSTS="portal.example.vn")

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set the SECRET_KEY environment variable" in result.stderr


def test_production_settings_with_a_weak_secret_key_fail_the_deploy_checks(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        SECRET_KEY="django-insecure-" + "a" * 60,
        ALLOWED_HOSTS="portal.example.vn",
    )

    assert result.returncode == 1
    assert "security.W009" in result.stderr


def test_the_portal_trusts_no_forwarded_header_unless_told():
    assert settings.TRUSTED_PROXY_COUNT == 0


def test_test_settings_keep_lockout_low_and_mail_local():
    assert settings.AXES_FAILURE_LIMIT == 3
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


def test_a_hung_mail_server_gives_up_before_the_email_claim_goes_stale():
    """The sweep sends again an email whose claim is stale: the send must time out first."""
    assert settings.EMAIL_TIMEOUT < settings.NOTIFICATION_EMAIL_CLAIM_STALE_SECONDS


def _base_url(**env_vars: str) -> str:
    """PORTAL_BASE_URL as the local settings (`make run`'s) read it from this environment."""
    env = {key: os.environ[key] for key in _KEPT if key in os.environ}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", **env_vars)
    result = subprocess.run(  # noqa: S603 - a fixed command line, no shell
        [sys.executable, "-c", "from django.conf import settings; print(settings.PORTAL_BASE_URL)"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env_vars", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORTAL_RUN_ADDRESS": "127.0.0.1:8101"}, "http://127.0.0.1:8101"),
        (
            {"PORTAL_RUN_ADDRESS": "127.0.0.1:8101", "PORTAL_BASE_URL": "https://khoinghiep.sonla.gov.vn"},
            "https://khoinghiep.sonla.gov.vn",
        ),
    ],
    ids=["neither", "make-run-address", "set-wins"],
)
def test_portal_base_url_follows_make_runs_address_unless_set(env_vars, expected):
    assert _base_url(**env_vars) == expected


@pytest.mark.skipif(shutil.which("make") is None, reason="GNU make is not installed")
def test_make_run_hands_its_host_and_port_to_the_portal():
    result = subprocess.run(  # noqa: S603 - a fixed command line, no shell
        [shutil.which("make"), "--dry-run", "run", "HOST=127.0.0.1", "PORT=8101"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    assert 'export PORTAL_RUN_ADDRESS="127.0.0.1:8101"' in result.stdout
    assert "runserver 127.0.0.1:8101" in result.stdout
