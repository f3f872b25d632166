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
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol, TypeVar

from django.db import models
from django.utils import timezone

DEFAULT_PASSWORD = "demo12345"  # noqa: S105 - the documented password of throwaway demo accounts

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
      ("tinhdoan", "tohieu", "maison", "dhtaybac", "giamkhao", "hoidong", "nhcsxh", "admin");
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
