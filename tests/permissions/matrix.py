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
SON_LA_ROLES = {
    "anonymous": None,
    "staff": "tinhdoan",
    "officer": "tohieu",
    "other": "maison",
    "judge": "giamkhao",
    "council": "hoidong",
    "bank": "nhcsxh",
}
# Beside and above Sơn La: the staff of the second province (Lai Châu) and of the national
# unit, the root of the tree. A row need not name them: `Row` derives what they get (below).
OUTSIDE_ROLES = {"province2": "laichau", "national": "trunguong"}
ROLES = {**SON_LA_ROLES, **OUTSIDE_ROLES}
# Roles holding the staff role somewhere (they enter the admin).
STAFF_ROLES = frozenset({"staff", *OUTSIDE_ROLES})

OK = "ok"  # 2xx, or a redirect somewhere other than the login page
LOGIN = "login"  # redirected to sign in
DENY = "deny"  # 403 or 404, for GET and for a forged POST alike
POST = "post"  # the role may use it, but only by POST: GET answers 405

SIGNED_IN = {"anonymous": LOGIN, **{role: OK for role in ROLES if role != "anonymous"}}
PUBLIC = dict.fromkeys(ROLES, OK)
NOBODY = {"anonymous": LOGIN, **{role: DENY for role in SON_LA_ROLES if role != "anonymous"}}
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


def outside_default(expected: dict[str, str], *, has_object: bool) -> dict[str, str]:
    """What Lai Châu's staff ("province2") and the national staff get where a row does not say.

    - A page without an object (a list, a create form) is scoped by the portal to the user's own
      tree: both get what Sơn La's staff get.
    - A page of a Sơn La object: Lai Châu's staff get what the public gets (a public page opens,
      anything else is DENY: a province never sees beside it).
    - The national staff are above Sơn La: they reach its units' data as Sơn La's staff do, and
      read its programmes, but a page only staff open on an object (no unit officer does) is the
      page of the staff running the programme (the province's): DENY. Rows where a staff-only
      page is about a unit's own data name "national" themselves.
    """
    staff = expected["staff"]
    if not has_object:
        return {"province2": staff, "national": staff}
    if expected["anonymous"] in (OK, POST):
        return {"province2": expected["anonymous"], "national": staff}
    units_open_it = expected["officer"] in (OK, POST) or expected["other"] in (OK, POST)
    runners_only = staff in (OK, POST) and not units_open_it
    return {"province2": DENY, "national": DENY if runners_only else staff}


# Lai Châu's objects (`LAI_CHAU_ROWS` of a rows module): Sơn La sees nothing of them; Lai Châu's
# staff run them, the national staff read them.
LAI_CHAU_READ = {**dict.fromkeys(SON_LA_ROLES, DENY), "anonymous": LOGIN, "province2": OK, "national": OK}
LAI_CHAU_RUN = {**LAI_CHAU_READ, "national": DENY}


@dataclass(frozen=True)
class Row:
    expect: dict[str, str]
    # world -> URL kwargs (objects of Tô Hiệu or the province); None for URLs without arguments.
    kwargs: Callable | None = None
    # Extra query string, for pages that need one.
    query: str = ""
    notes: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        derived = outside_default(self.expect, has_object=self.kwargs is not None)
        object.__setattr__(self, "expect", {**derived, **self.expect})
