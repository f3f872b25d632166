"""The plain data every programme app hands to `reports` about its deadlines.

Each programme app has a `deadlines.py` with

    def deadlines(*, start: datetime.date, end: datetime.date) -> list[Deadline]

returning its deadlines due between `start` and `end` (inclusive), each with the people
who still owe the work. `reports` gathers them for the daily reminder run, the staff
page of upcoming deadlines and each role's home page; it never reads the apps' tables.
People who are done are simply not in `owed_by`, so they are not reminded.

A provider may also take `debtor=None`: given a user, it may leave out whatever that
user cannot owe (a home page asks only for its visitor's debts, and must not compute
a whole province's to find them). The result for that user must be the same.

Likewise `viewer=None`: given a user, a provider may leave out, in its queries, whatever
the staff pages would not show that user (`accounts.scoping.visible_deadlines`: programmes
they may not see, units they do not reach), so a province's page computes one province,
not the Union. `visible_deadlines` of the result for that user must be the same.

And `summary=False`: given True (the staff pages, never the reminder run nor a home page),
a provider whose deadlines are one per item (a loan referral waiting at a step) may give
one per unit instead, counting its items, due on the earliest, owed by the union of their
debtors, so a national page does not build a deadline per item to show fifty rows.

One deployment serves many provinces: a programme asks its work only of the units
under its owner (a national programme asks every unit), so a provider never produces
a deadline for a unit outside the owner's subtree, and reminds staff only of the unit
that runs the programme. `accounts.scoping.visible_deadlines` narrows a list to what one user may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Q

When = TypeVar("When", datetime.date, datetime.datetime)


@dataclass(frozen=True)
class Debtor:
    """A user who still owes work towards a deadline, and what exactly."""

    user_id: int
    detail: str = ""  # e.g. "Đoàn phường Tô Hiệu: 3/5 ý tưởng", "4 bài chưa chấm"


@dataclass(frozen=True)
class Deadline:
    """One dated obligation.

    `key` is stable from run to run and unique across the portal
    ("competitions.quota:12:34"); reminders are logged against it, so the same
    deadline never reminds the same person twice at the same offset.
    """

    key: str
    programme: str
    title: str
    due: datetime.date
    url: str = ""
    unit_id: int | None = None  # the unit that owes the work, when one does
    owed_by: tuple[Debtor, ...] = ()
    # The path of the unit that runs the programme asking for the work, when one does: the
    # deadline pages show a deadline only to those who may see that programme.
    owner_path: str = ""


def effective_deadline(closes: When, extension: When | None) -> When:
    """A programme's deadline for one unit: the later of its own and the unit's extension.

    An extension only ever moves the deadline later; one set before the programme's own
    deadline changes nothing.
    """
    return max(closes, extension) if extension is not None else closes


def owner_subtree_q(owner, *, lookup: str = "") -> Q:
    """Rows whose unit (reached through `lookup`, "" for Unit itself) sits under `owner`:
    the units a programme run by `owner` asks something of."""
    return Q(**{f"{lookup}__path__startswith" if lookup else "path__startswith": owner.path})
