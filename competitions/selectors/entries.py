"""Entries as units and staff see them: visibility, quota progress and deadlines,
entry lists, screening rows and team ages."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, Subquery

from accounts.models import Unit
from common.deadlines import effective_deadline
from common.search import search

from ..models import Contest, Entry, TeamMember, UnitExtension

# Units that owe the contest its "at least 05 ideas" (plan-son-la §VI.2).
QUOTA_UNIT_KINDS = ("commune", "affiliated", "school", "bloc", "district")
# How close the deadline must be before the unit's pages warn about it.
DEADLINE_SOON = datetime.timedelta(days=3)


def contests_visible_to(*, user):
    """Contests of the units above and below the user's (`Contest.objects.visible_to`): staff
    see the drafts of their own unit and the units below it, anyone else published ones."""
    return Contest.objects.visible_to(user).select_related("owner")


def quota_units_for(*, user):
    """Active units the user reaches that each owe the contest their minimum of entries."""
    return Unit.objects.visible_to(user).active().filter(kind__in=QUOTA_UNIT_KINDS).order_by("path")


def quota_by_unit(*, contest: Contest, units) -> dict[int, int]:
    """Unit id -> entries counted against the quota, for the given units, in one query."""
    rows = (
        Entry.objects.filter(contest=contest, unit__in=units)
        .counting_for_quota()
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    return dict(rows)


@dataclass(frozen=True)
class UnitQuotaProgress:
    """Where one unit stands in one contest: entries counted against the quota, its deadline."""

    contest: Contest
    unit: object  # accounts.Unit
    counted: int
    deadline: datetime.datetime
    extended: bool
    is_open: bool
    closes_soon: bool

    @property
    def minimum(self) -> int:
        return self.contest.min_entries_per_unit

    @property
    def maximum(self) -> int | None:
        return self.contest.max_entries_per_unit

    @property
    def below_minimum(self) -> bool:
        return self.counted < self.minimum

    @property
    def is_full(self) -> bool:
        return self.maximum is not None and self.counted >= self.maximum

    @property
    def is_past(self) -> bool:
        return not self.is_open and self.contest.status == Contest.Status.OPEN


def unit_quota_progress(*, contests, units, now: datetime.datetime) -> list[UnitQuotaProgress]:
    """Every (contest, unit) pair with its quota count and its deadline (extensions applied).

    Two queries whatever the number of contests, units and entries. The count is of
    entries filed under the unit itself, as `services.entry_submit` counts them.
    """
    contests = list(contests)
    units = list(units)
    if not contests or not units:
        return []
    counts = {
        (contest_id, unit_id): n
        for contest_id, unit_id, n in Entry.objects.filter(contest__in=contests, unit__in=units)
        .counting_for_quota()
        .order_by()
        .values("contest_id", "unit_id")
        .annotate(n=Count("pk"))
        .values_list("contest_id", "unit_id", "n")
    }
    extensions = {
        (contest_id, unit_id): until
        for contest_id, unit_id, until in UnitExtension.objects.filter(
            contest__in=contests, unit__in=units
        ).values_list("contest_id", "unit_id", "until")
    }
    owner_paths = _owner_paths(contests)
    rows = []
    for contest in contests:
        owner_path = owner_paths[contest.owner_id]
        for unit in units:
            if not unit.path.startswith(owner_path):
                continue  # a contest asks entries only of the units under its owner
            extension = extensions.get((contest.pk, unit.pk))
            deadline = effective_deadline(contest.submission_closes_at, extension)
            is_open = contest.status == Contest.Status.OPEN and contest.submission_opens_at <= now <= deadline
            rows.append(
                UnitQuotaProgress(
                    contest=contest,
                    unit=unit,
                    counted=counts.get((contest.pk, unit.pk), 0),
                    deadline=deadline,
                    extended=extension is not None and extension > contest.submission_closes_at,
                    is_open=is_open,
                    closes_soon=is_open and deadline - now <= DEADLINE_SOON,
                )
            )
    return rows


def _owner_paths(contests) -> dict[int, str]:
    """The tree path of each contest's owner, by owner id; no query when the owners are loaded."""
    loaded = {c.owner_id: c.owner.path for c in contests if Contest.owner.is_cached(c)}
    missing = {c.owner_id for c in contests} - loaded.keys()
    if missing:
        loaded.update(Unit.objects.filter(pk__in=missing).values_list("pk", "path"))
    return loaded


@dataclass(frozen=True)
class QuotaSummary:
    """Where the units a staff member reaches stand in one contest, counted in the database."""

    contest: Contest
    units: int  # units under the contest's owner that owe it entries
    units_below: int  # of those, still below the minimum
    counted: int  # entries counted against their quotas


def quota_summary(*, contests, units) -> list[QuotaSummary]:
    """For each contest, how many of `units` (a queryset: `quota_units_for`) under its
    owner owe it entries, how many are still below the minimum and the entries counted.
    Two queries whatever the number of units and entries (a national staff member reaches
    thousands of units); `unit_quota_progress` gives the same one pair at a time."""
    contests = list(contests)
    if not contests:
        return []
    owner_paths = _owner_paths(contests)
    expected = units.aggregate(
        **{f"c{c.pk}": Count("pk", filter=Q(path__startswith=owner_paths[c.owner_id])) for c in contests}
    )
    counted: dict[int, int] = defaultdict(int)
    reached: dict[int, int] = defaultdict(int)
    minimum = {c.pk: c.min_entries_per_unit for c in contests}
    paths = {c.pk: owner_paths[c.owner_id] for c in contests}
    pairs = (
        Entry.objects.filter(contest__in=contests, unit__in=units)
        .counting_for_quota()
        .order_by()
        .values("contest_id", "unit__path")
        .annotate(n=Count("pk"))
        .values_list("contest_id", "unit__path", "n")
    )
    for contest_id, unit_path, n in pairs:
        if not unit_path.startswith(paths[contest_id]):
            continue
        counted[contest_id] += n
        reached[contest_id] += n >= minimum[contest_id]
    return [
        QuotaSummary(
            contest=c,
            units=expected[f"c{c.pk}"],
            units_below=expected[f"c{c.pk}"] - reached[c.pk],
            counted=counted[c.pk],
        )
        for c in contests
    ]


ENTRY_SEARCH_PATHS = ("search_text", "team__entrepreneur__search_text")


def unit_entry_rows(*, user, contest: Contest, status: str = "", q: str = "") -> list[dict]:
    """A contest's entries the user may see, as plain rows with their lead and team size;
    `q` finds them by code, title or a team member's name, whatever the diacritics.

    One query whatever the number of entries: the lead's name comes from a subquery.
    """
    lead = TeamMember.objects.filter(entry=OuterRef("pk"), role=TeamMember.Role.LEAD).values(
        "entrepreneur__full_name"
    )[:1]
    entries = Entry.objects.visible_to(user).filter(contest=contest)
    if status:
        entries = entries.filter(status=status)
    entries = search(entries.order_by("-updated_at", "-pk"), q, paths=ENTRY_SEARCH_PATHS)
    rows = list(
        entries.values(
            "pk", "code", "title", "status", "unit__name", "category__name", "round__name", "updated_at"
        ).annotate(lead_name=Subquery(lead), team_size=Count("team"))
    )
    for row in rows:
        # A text, not a lazy label: the rows are also the key of their cached fragment.
        row["status_label"] = str(Entry.Status(row["status"]).label)
    return rows


def screening_rows(*, contest: Contest, user, status: str, q: str = ""):
    """Entries of a contest in `status` the user may see, with their attachment count (lazy);
    `q` finds them by code, title or a team member's name, whatever the diacritics."""
    entries = Entry.objects.visible_to(user).filter(contest=contest, status=status).order_by("submitted_at", "pk")
    return (
        search(entries, q, paths=ENTRY_SEARCH_PATHS)
        .values(
            "pk", "code", "title", "unit__name", "category__name", "submitted_at", "rejection_reason", "capital_needed"
        )
        .annotate(attachment_count=Count("attachments"))
    )


@dataclass(frozen=True)
class TeamAge:
    name: str
    role: str
    age: int
    in_range: bool


def team_ages(*, contest: Contest, entry_ids: list[int]) -> dict[int, list[TeamAge]]:
    """Entry id -> its team's ages on the contest's reference date, in one query."""
    day = contest.age_reference_date
    teams: dict[int, list[TeamAge]] = defaultdict(list)
    for entry_id, name, born, role in (
        TeamMember.objects.filter(entry_id__in=entry_ids)
        .order_by("entry_id", "role", "pk")
        .values_list("entry_id", "entrepreneur__full_name", "entrepreneur__date_of_birth", "role")
    ):
        age = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        teams[entry_id].append(
            TeamAge(name=name, role=role, age=age, in_range=contest.min_age <= age <= contest.max_age)
        )
    return teams
