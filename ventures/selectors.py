"""Reads of the registry: the lists, profiles and home panel of entrepreneurs and
ventures. Each starts from `visible_to(user)` and brings what its page shows in a fixed
number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from accounts.models import User
from accounts.scoping import scope_key
from common.figures import counted

from .models import Entrepreneur, Venture, VentureDocument, VentureUpdate


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
    """What a person's page lists besides the person: their ventures the user may see
    and the latest changes."""
    return {
        "ventures": entrepreneur.ventures.visible_to(user).select_related("unit"),
        "history": entrepreneur.history.select_related("history_user")[:20],
    }


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
