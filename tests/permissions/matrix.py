"""The vocabulary of the permission matrix: roles, outcomes and rows.

Every URL pattern of the project has a row saying, for each role, what a request
for it must give. Rows are kept per app in `rows/<app>.py`; the test
(`test_matrix.py`) fails when a URL has no row or a row names no URL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# Demo logins (common/demo.py, accounts/demo.py): the officer is Đoàn phường Tô Hiệu's,
# "other" is Đoàn xã Mai Sơn's, beside it under the province. Objects a row points at
# belong to Tô Hiệu (or to the province) unless the row says otherwise.
ROLES = {
    "anonymous": None,
    "staff": "tinhdoan",
    "officer": "tohieu",
    "other": "maison",
    "judge": "giamkhao",
    "council": "hoidong",
    "bank": "nhcsxh",
}

OK = "ok"  # 2xx, or a redirect somewhere other than the login page
LOGIN = "login"  # redirected to sign in
DENY = "deny"  # 403 or 404, for GET and for a forged POST alike
POST = "post"  # the role may use it, but only by POST: GET answers 405

SIGNED_IN = {"anonymous": LOGIN, **{role: OK for role in ROLES if role != "anonymous"}}
PUBLIC = dict.fromkeys(ROLES, OK)
NOBODY = {"anonymous": LOGIN, **{role: DENY for role in ROLES if role != "anonymous"}}
STAFF = {**NOBODY, "staff": OK}
# Rows of a unit (Tô Hiệu): its officer and staff above it, not the unit beside it.
UNIT = {**STAFF, "officer": OK}
# Pages every unit officer opens (lists scoped to their unit, province-wide contests).
OFFICERS = {**UNIT, "other": OK}


def expect(base: dict[str, str], **overrides: str) -> dict[str, str]:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {**base, **overrides}


def post_only(base: dict[str, str]) -> dict[str, str]:
    """The same people, for an action taken by POST (GET gives 405 to those allowed)."""
    return {role: POST if outcome == OK else outcome for role, outcome in base.items()}


@dataclass(frozen=True)
class Row:
    expect: dict[str, str]
    # world -> URL kwargs (objects of Tô Hiệu or the province); None for URLs without arguments.
    kwargs: Callable | None = None
    # Extra query string, for pages that need one.
    query: str = ""
    notes: str = field(default="", compare=False)
