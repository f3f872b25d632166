"""HTTP hardening: the Content-Security-Policy on portal pages, templates that need no inline
script or style, production cookie and HSTS settings, and sign-in throttling.

Already covered elsewhere, not repeated here:
  * `check --deploy` with production settings: `tests/common/test_settings.py`;
  * lockout of the portal's login page after wrong passwords (axes): `tests/accounts/test_auth.py`.
This module adds the same lockout through the admin's sign-in page, which the portal test does not reach.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in filter(None, (p.strip() for p in header.split(";"))):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _assert_strict(policy: dict[str, list[str]], where: str) -> None:
    assert policy, f"{where}: no Content-Security-Policy header"
    scripts = policy.get("script-src", policy.get("default-src"))
    assert scripts == ["'self'"], f"{where}: script-src {scripts}"
    styles = policy.get("style-src", policy.get("default-src"))
    assert "'unsafe-inline'" not in styles, f"{where}: style-src {styles}"
    assert policy.get("object-src") == ["'none'"], where
    assert policy.get("frame-ancestors") == ["'none'"], where
    assert policy.get("base-uri") == ["'self'"], where


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("home", "officer"),
        ("ventures:entrepreneur-list", "officer"),
        ("accounts:unit-list", "staff"),
        ("login", None),
        ("awards:honour-roll-list", None),
        ("ocop:catalogue", None),
    ],
)
def test_portal_pages_carry_a_policy_without_inline_script(client, officer, staff_user, name, who):
    if who:
        client.force_login({"officer": officer, "staff": staff_user}[who])

    response = client.get(reverse(name))

    assert response.status_code == 200
    _assert_strict(_policy(response), name)


def test_policy_is_the_portals_whole_policy_and_leaves_the_admin_out(client, staff_user):
    """django-csp sends the policy the portal wrote by hand before, directive for directive."""
    client.force_login(staff_user)

    page = client.get(reverse("home"))
    admin = client.get(reverse("admin:index"))

    assert _policy(page) == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    assert admin.status_code == 200
    assert "Content-Security-Policy" not in admin.headers


def test_error_pages_and_htmx_partials_carry_the_policy_too(client, officer):
    client.force_login(officer)

    missing = client.get("/no-such-page/")
    partial = client.get(reverse("ventures:entrepreneur-list"), HTTP_HX_REQUEST="true")

    assert missing.status_code == 404
    _assert_strict(_policy(missing), "404")
    assert partial.status_code == 200
    _assert_strict(_policy(partial), "htmx partial")


# --- templates ---------------------------------------------------------------------------

TEMPLATE_DIRS = [settings.BASE_DIR / "templates"]
DJANGO_SYNTAX = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.DOTALL)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[a-zA-Z][^<>]*>", re.DOTALL)
# onclick=, onload=… and htmx's hx-on / hx-on:click= / hx-on::after-request= (evaluated as code).
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*|data-hx-on[:\w-]*)\s*=", re.IGNORECASE)
STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
# Email bodies are not web pages: no browser runs them under the portal's policy.
NOT_PAGES = ("_email", "_subject", "/email/", "/pdf/")


def _page_templates():
    for directory in TEMPLATE_DIRS:
        for path in sorted(directory.rglob("*.html")):
            relative = path.relative_to(directory).as_posix()
            if not any(part in relative for part in NOT_PAGES):
                yield relative, path.read_text(encoding="utf-8")


def test_templates_have_no_inline_script_handlers_or_styles():
    problems = []
    for name, source in _page_templates():
        text = DJANGO_SYNTAX.sub(" ", source)
        for attributes, body in SCRIPT.findall(text):
            if 'type="application/json"' in attributes:
                continue  # json_script data, not code
            if "src=" not in attributes or body.strip():
                problems.append(f"{name}: inline <script{attributes}>")
        for tag in TAG.findall(text):
            if handler := HANDLER.search(tag):
                problems.append(f"{name}: {handler.group(1)}= in {tag[:80]!r}")
            if STYLE.search(tag):
                problems.append(f"{name}: style= in {tag[:80]!r}")
    assert not problems, "\n".join(problems)


def test_the_template_scan_would_catch_each_kind_of_inline_code():
    samples = [
        "<script>alert(1)</script>",
        '<button onclick="go()">',
        '<div hx-on:click="go()">',
        '<p style="color: red">',
        '<script src="/static/js/a.js">alert(1)</script>',
    ]
    for sample in samples:
        text = DJANGO_SYNTAX.sub(" ", sample)
        found = [b for a, b in SCRIPT.findall(text) if "src=" not in a or b.strip()]
        found += [t for t in TAG.findall(text) if HANDLER.search(t) or STYLE.search(t)]
        assert found, sample
    allowed = '<script src="/static/js/a.js"></script>{% if only == "x" %}<a href="?only=1">'
    text = DJANGO_SYNTAX.sub(" ", allowed)
    assert not [b for a, b in SCRIPT.findall(text) if "src=" not in a or b.strip()]
    assert not [t for t in TAG.findall(text) if HANDLER.search(t) or STYLE.search(t)]


# --- production settings -----------------------------------------------------------------

_KEPT = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
_READ = [
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "X_FRAME_OPTIONS",
    "AXES_FAILURE_LIMIT",
    "MIDDLEWARE",
]


@pytest.fixture(scope="module")
def production():
    """Settings as production reads them, from a clean environment (as tests/common/test_settings.py runs them)."""
    env = {key: os.environ[key] for key in _KEPT if key in os.environ}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.vn",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{k: getattr(settings, k) for k in {_READ!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - a fixed command line, no shell
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_are_secure_and_hidden_from_scripts(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] is True
    assert production["CSRF_COOKIE_SECURE"] is True
    assert production["SESSION_COOKIE_HTTPONLY"] is True


def test_production_forces_https_with_hsts(production):
    assert production["SECURE_HSTS_SECONDS"] >= 60 * 60 * 24 * 180
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert production["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert production["X_FRAME_OPTIONS"] == "DENY"


def test_production_keeps_the_policy_and_the_lockout_middleware(production):
    middleware = production["MIDDLEWARE"]
    assert "csp.middleware.CSPMiddleware" in middleware
    assert middleware[-1] == "axes.middleware.AxesMiddleware"
    assert 3 <= production["AXES_FAILURE_LIMIT"] <= 10


# --- sign-in throttling ------------------------------------------------------------------


def test_admin_sign_in_locks_out_after_wrong_passwords_like_the_portal(staff_user):
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": staff_user.username, "password": "sai-mat-khau"})

    response = client.post(url, {"username": staff_user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
