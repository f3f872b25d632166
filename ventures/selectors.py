"""Reads of the registry: the lists, profiles and home panel of entrepreneurs and
ventures. Each starts from `visible_to(user)` and brings what its page shows in a fixed
number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.scoping import scope_key
from common.figures import counted
from common.text import fold

from .models import Entrepreneur, EntrepreneurMerge, Venture, VentureDocument, VentureUpdate


def entrepreneurs_for(*, user: User) -> QuerySet[Entrepreneur]:
    """The people the user may see, with their unit (the export's rows)."""
    return Entrepreneur.objects.visible_to(user).select_related("unit")


def entrepreneur_list(*, user: User) -> QuerySet[Entrepreneur]:
    """The list page's people: by name, each with how many ventures they own.

    The count is a subquery, not a GROUP BY, so the database walks the (full_name, id)
    index and stops at the page's 50 rows instead of sorting every person in reach
    (half a million for the Central Union: `make bench-national`)."""
    owned = (
        Venture.owners.through.objects.filter(entrepreneur=OuterRef("pk"))
        .order_by()
        .values("entrepreneur")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        entrepreneurs_for(user=user)
        .annotate(venture_count=Coalesce(Subquery(owned, output_field=IntegerField()), 0))
        .order_by("full_name", "pk")
    )


def ventures_for(*, user: User, archived: bool = False) -> QuerySet[Venture]:
    """The ventures the user may see, with their unit: the running ones, or the
    archived ones only (`archived=True`)."""
    return Venture.objects.visible_to(user).filter(voided_at__isnull=not archived).select_related("unit")


def venture_list(*, user: User, archived: bool = False) -> QuerySet[Venture]:
    """The list page's ventures, each with its owners' names."""
    owners = Prefetch("owners", queryset=Entrepreneur.objects.only("full_name"))
    return ventures_for(user=user, archived=archived).prefetch_related(owners)


def owner_for(*, user: User, pk: int) -> Entrepreneur | None:
    """A person the user may see, to start a venture form with (None if hidden or gone)."""
    return Entrepreneur.objects.visible_to(user).select_related("unit").filter(pk=pk).first()


def entrepreneur_profile(*, entrepreneur: Entrepreneur, user: User) -> dict:
    """What a person's page lists besides the person: their ventures the user may see,
    the records merged into theirs and the latest changes."""
    return {
        "ventures": entrepreneur.ventures.visible_to(user).select_related("unit"),
        "merges": entrepreneur.merges.select_related("merged_by"),
        "history": entrepreneur.history.select_related("history_user")[:20],
    }


def merged_into(*, user: User, pk: int) -> Entrepreneur | None:
    """The visible record that a deleted duplicate `pk` was merged into. One hop is enough:
    a later merge of that record moves its merge log to the record kept then."""
    merge = EntrepreneurMerge.objects.filter(merged_id=pk, person__in=Entrepreneur.objects.visible_to(user)).first()
    return merge.person if merge else None


# Why a registry record is probably the person being registered.
MATCH_REASONS = {
    "citizen_id": _("trùng số CCCD"),
    "phone": _("trùng số điện thoại"),
    "name_birth": _("trùng họ tên và ngày sinh"),
}


@dataclass(frozen=True)
class Match:
    """A registry record the user may see that is probably the person typed or imported."""

    person: Entrepreneur
    reasons: tuple[str, ...]

    @property
    def certain(self) -> bool:
        """The same citizen id: the same person, and the registry holds one record per id."""
        return "citizen_id" in self.reasons

    @property
    def reason_labels(self) -> list[str]:
        return [str(MATCH_REASONS[reason]) for reason in self.reasons]


def entrepreneur_matches(
    *, user: User, people: Sequence[Entrepreneur], exclude: Iterable[int] = ()
) -> list[list[Match]]:
    """For each unsaved person, the records in `user`'s registry that are probably them: the
    same citizen id, the same phone, or the same name (`common.text.fold`: case, spacing and
    diacritics aside) and date of birth. Records the user may not see never match, so nothing
    is said about them.

    One query whatever the number of people: the indexed columns (date of birth, phone, citizen
    id) narrow the registry in SQL; names are folded in Python over that small set only."""
    births = {p.date_of_birth for p in people if p.date_of_birth}
    phones = {p.phone for p in people if p.phone}
    ids = {p.citizen_id for p in people if p.citizen_id}
    keys = (("date_of_birth__in", births), ("phone__in", phones), ("citizen_id__in", ids))
    wanted = [Q(**{lookup: sorted(values)}) for lookup, values in keys if values]
    if not wanted:
        return [[] for _p in people]
    candidates = list(
        Entrepreneur.objects.visible_to(user)
        .filter(reduce(or_, wanted))
        .exclude(pk__in=list(exclude))
        .select_related("unit")
        .order_by()  # sorted below, by how sure each match is
    )
    by_birth: dict[datetime.date, list[Entrepreneur]] = {}
    by_phone: dict[str, list[Entrepreneur]] = {}
    by_id: dict[str, list[Entrepreneur]] = {}
    for candidate in candidates:
        by_birth.setdefault(candidate.date_of_birth, []).append(candidate)
        if candidate.phone:
            by_phone.setdefault(candidate.phone, []).append(candidate)
        if candidate.citizen_id:
            by_id.setdefault(candidate.citizen_id, []).append(candidate)
    folded = {c.pk: fold(" ".join(c.full_name.split())) for c in candidates}
    results = []
    for person in people:
        reasons: dict[int, list[str]] = {}
        found: dict[int, Entrepreneur] = {}

        def note(candidate: Entrepreneur, reason: str, reasons=reasons, found=found) -> None:
            found[candidate.pk] = candidate
            reasons.setdefault(candidate.pk, []).append(reason)

        for candidate in by_id.get(person.citizen_id, []) if person.citizen_id else []:
            note(candidate, "citizen_id")
        for candidate in by_phone.get(person.phone, []) if person.phone else []:
            note(candidate, "phone")
        name = fold(" ".join((person.full_name or "").split()))
        for candidate in by_birth.get(person.date_of_birth, []) if name else []:
            if folded[candidate.pk] == name:
                note(candidate, "name_birth")
        matches = [Match(person=found[pk], reasons=tuple(reasons[pk])) for pk in found]
        # The surest first: a citizen id, then the most reasons, then by name.
        matches.sort(key=lambda m: (not m.certain, -len(m.reasons), m.person.full_name, m.person.pk))
        results.append(matches)
    return results


def venture_profile(*, venture: Venture, user: User) -> dict:
    """What a venture's page lists besides the venture: owners the user may see, every
    progress report, the documents and the latest changes."""
    return {
        "owners": venture.owners.visible_to(user),
        "updates": list(venture.updates.select_related("submitted_by")),
        "documents": venture.documents.select_related("uploaded_by"),
        "history": venture.history.select_related("history_user")[:20],
    }


def documents_for(*, user: User) -> QuerySet[VentureDocument]:
    """The documents the user may download, with the unit their rule checks."""
    return VentureDocument.objects.visible_to(user).select_related("venture__unit")


def registry_summary(*, user: User, today: datetime.date) -> dict:
    """The home panel's figures: people and ventures the user sees, and the running
    ventures with no progress report for `today`'s month (the first eight, unit by unit).

    Counted once per scope and kept until the registry changes (`common.figures`): a
    province's staff count hundreds of thousands of rows. `counted_at` says when."""

    def compute() -> dict:
        ventures = Venture.objects.visible_to(user)
        reported_this_month = VentureUpdate.objects.filter(
            venture=OuterRef("pk"),
            period_kind=VentureUpdate.PeriodKind.MONTH,
            year=today.year,
            period_number=today.month,
        )
        awaiting = ventures.filter(status=Venture.Status.ACTIVE).exclude(Exists(reported_this_month))
        return {
            "entrepreneur_count": Entrepreneur.objects.visible_to(user).count(),
            "venture_count": ventures.count(),
            "awaiting_update": [
                {"pk": pk, "name": name, "unit": unit, "url": reverse("ventures:venture-detail", args=[pk])}
                for pk, name, unit in awaiting.order_by("unit__path", "name").values_list("pk", "name", "unit__name")[
                    :8
                ]
            ],
            "awaiting_count": awaiting.count(),
        }

    figures, counted_at = counted(
        app_label="ventures", name="registry", scope=scope_key(user), today=today, compute=compute
    )
    return {**figures, "counted_at": counted_at}


def person_links() -> list[models.ForeignKey]:
    """Every foreign key to `Entrepreneur`, in any installed app: those of the programme
    records (contest teams, nominations, referrals, registrations, OCOP products…), the
    automatic tables of many-to-many fields (a venture's owners) and the records of custom
    ones. Read from the model's meta (`_meta.related_objects`, the hidden ones included), so
    an app added later is found too. Simple-history's copies are left out: history stays."""
    links = []
    for rel in Entrepreneur._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and rel.is_relation) or rel.many_to_many:
            continue  # a many-to-many relation is reached through its table's foreign key
        if hasattr(rel.related_model, "instance_type"):
            continue  # a simple-history model
        links.append(rel.field)
    return links


def person_records(*, people: Sequence[Entrepreneur]) -> list[dict]:
    """For the merge page: each kind of record pointing at a person (`person_links`) that one of
    `people` has, with how many each has. One query per kind."""
    rows = []
    for field in person_links():
        model = field.model._meta.auto_created or field.model  # a many-to-many table: its model
        counts = dict(
            field.model._base_manager.filter(**{f"{field.name}__in": people})
            .order_by()
            .values_list(field.name)
            .annotate(n=Count("pk"))
        )
        if any(counts.values()):
            rows.append({"label": model._meta.verbose_name_plural, "counts": [counts.get(p.pk, 0) for p in people]})
    return rows
