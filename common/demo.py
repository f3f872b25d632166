"""What the `load_demo` command hands to each app's `demo.load(ctx)`.

Each app that has demo data provides `<app>/demo.py` with `load(ctx: DemoContext)`.
The command calls them in INSTALLED_APPS order inside one transaction, so an app
can use the units and users of the apps before it (`accounts` fills `ctx.units`
and `ctx.users`; `ventures` and the programme apps read them).

Every loader must be idempotent: look rows up by a stable natural key (a unit's
`code`, a username, a citizen id, a name within a unit) and create only what is
missing, so a second run changes nothing. `ensure_object` helps with that.
"""

from __future__ import annotations

import datetime
import zlib
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

from django.db import models
from django.utils import timezone

from common.choices import Gender

DEFAULT_PASSWORD = "demo12345"  # noqa: S105 - the documented password of throwaway demo accounts
PROVINCE_CITIZEN_CODE = "014"  # Sơn La's code in the citizen id (CCCD)
MOBILE_PREFIXES = ("096", "097", "098", "086", "032", "033", "035", "038", "091", "094", "088", "090", "093", "039")

M = TypeVar("M", bound=models.Model)


class Writer(Protocol):
    def write(self, msg: str, *args: Any, **kwargs: Any) -> Any: ...


class DemoLogin(NamedTuple):
    """One line of the "Tài khoản demo" table printed at the end."""

    role: str
    username: str
    password: str
    sees: str


@dataclass
class DemoContext:
    """Shared state of one `load_demo` run.

    - `units`: unit code -> Unit, filled by `accounts.demo`;
    - `users`: key -> User, filled by `accounts.demo`; the keys are the usernames
      ("tinhdoan", "tohieu", "maison", "dhtaybac", "giamkhao", "hoidong", "nhcsxh", "admin",
      and Lai Châu's "laichau" and "tanphong", the national "trunguong");
    - `logins`: the accounts to print, added with `add_login`.

    `password` is given to users when they are created; existing users keep theirs
    unless `reset_passwords` is set (the operator passed `--password` explicitly).
    """

    stdout: Writer
    password: str = DEFAULT_PASSWORD
    reset_passwords: bool = False
    verbosity: int = 1
    today: datetime.date = field(default_factory=timezone.localdate)
    units: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    logins: list[DemoLogin] = field(default_factory=list)

    def log(self, message: str) -> None:
        """Write one progress line (shown at verbosity 1 and above)."""
        if self.verbosity >= 1:
            self.stdout.write(message if message.endswith("\n") else message + "\n")

    def unit(self, code: str) -> Any:
        """The demo unit with this code; a clear error if no loader made it."""
        try:
            return self.units[code]
        except KeyError:
            raise KeyError(f"No demo unit with code {code!r}; known: {', '.join(sorted(self.units))}") from None

    def user(self, key: str) -> Any:
        """The demo user with this key (its username)."""
        try:
            return self.users[key]
        except KeyError:
            raise KeyError(f"No demo user {key!r}; known: {', '.join(sorted(self.users))}") from None

    def add_login(self, *, role: str, username: str, sees: str) -> None:
        """List an account in the final table (once per username)."""
        if any(login.username == username for login in self.logins):
            return
        self.logins.append(DemoLogin(role=role, username=username, password=self.password, sees=sees))


def ensure_object(
    model: type[M], *, lookup: dict[str, Any], values: dict[str, Any] | None = None, clean: bool = True
) -> tuple[M, bool]:
    """Get the row matching `lookup`, or create it from `lookup` and `values`.

    An existing row whose fields differ from `values` is brought in line and saved;
    one that already matches is not written at all, so a re-run leaves it (and its
    `updated_at`) untouched. Returns `(obj, created)`. Plain fields and foreign keys
    only; set many-to-many relations yourself.
    """
    values = values or {}
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        if clean:
            obj.full_clean()
        obj.save()
        return obj, True
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        if clean:
            obj.full_clean()
        obj.save()
    return obj, False


# --- Identifiers of demo people and businesses --------------------------------------
# Derived from a stable key (a person's short name), not from a position in a list, so
# adding someone later changes nobody else's number, and every app's demo that names
# the same person (`ventures.demo.PEOPLE`) finds the same registry record.


class DemoPerson(Protocol):
    key: str
    gender: str
    born: datetime.date


def stable_digits(key: str, salt: str, n: int) -> str:
    """n digits derived from a key: stable across runs and machines."""
    return f"{zlib.crc32(f'{salt}:{key}'.encode()) % 10**n:0{n}d}"


def citizen_id(person: DemoPerson, *, province: str = PROVINCE_CITIZEN_CODE, salt: str = "cccd") -> str:
    """A 12-digit CCCD: province code (014 Sơn La), gender/century digit, year of birth, serial."""
    century = 0 if person.born.year < 2000 else 2
    sex = 1 if person.gender == Gender.FEMALE else 0
    return f"{province}{century + sex}{person.born.year % 100:02d}{stable_digits(person.key, salt, 6)}"


def mobile(person: DemoPerson) -> str:
    prefix = MOBILE_PREFIXES[zlib.crc32(person.key.encode()) % len(MOBILE_PREFIXES)]
    return prefix + stable_digits(person.key, "phone", 7)


def tax_code(base: str) -> str:
    """A 10-digit tax code: nine digits and the check digit the tax authority's rule gives."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    check = 10 - sum(int(d) * w for d, w in zip(base, weights, strict=True)) % 11
    if not 0 <= check <= 9:
        raise ValueError(f"no valid check digit for {base}")
    return f"{base}{check}"
