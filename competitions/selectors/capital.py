"""Contest entries proposed for capital support, as plain data for the loans app.

The direction of the dependency: `competitions` registers these two functions as a
`common.registry.CapitalSource` in its `AppConfig.ready()`, and `loans` reads them
through `common.registry`. Neither app imports the other. Which entries were already
turned into referrals is for loans to know (a referral stores the proposal's key), so
these functions return every proposed entry the user may see.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from common.registry import CONTEST_ENTRY, CapitalProposal, capital_key

from ..models import Entry, TeamMember


def capital_proposals(*, user, pks: Iterable[int] | None = None) -> list[CapitalProposal]:
    """Submitted entries the user may see that staff marked for capital support: one query."""
    entries = Entry.objects.visible_to(user).submitted().filter(capital_support=True)
    if pks is not None:
        entries = entries.filter(pk__in=list(pks))
    lead = TeamMember.objects.filter(entry=OuterRef("pk"), role=TeamMember.Role.LEAD)
    rows = (
        entries.annotate(
            lead_pk=Subquery(lead.values("entrepreneur_id")[:1]),
            lead_name=Subquery(lead.values("entrepreneur__full_name")[:1]),
        )
        .order_by("-contest__year", "unit__path", "code", "pk")
        .values(
            "pk",
            "code",
            "title",
            "contest__name",
            "contest__year",
            "unit_id",
            "unit__name",
            "lead_pk",
            "lead_name",
            "venture_id",
            "capital_needed",
            "summary",
        )
    )
    return [
        CapitalProposal(
            key=capital_key(CONTEST_ENTRY, row["pk"]),
            pk=row["pk"],
            code=row["code"],
            title=row["title"],
            source=row["contest__name"],
            year=row["contest__year"],
            unit_id=row["unit_id"],
            unit_name=row["unit__name"],
            lead_id=row["lead_pk"],
            lead_name=row["lead_name"] or "",
            venture_id=row["venture_id"],
            capital_needed=row["capital_needed"] or 0,
            summary=row["summary"],
            url=reverse("competitions:entry-detail", kwargs={"pk": row["pk"]}),
        )
        for row in rows
    ]


def capital_proposal_link(*, pk: int, viewer) -> str:
    """The entry's page, when the viewer may open it (whether or not it is still proposed)."""
    entry = Entry.objects.visible_to(viewer).filter(pk=pk).first()
    if entry is None or not viewer.has_perm("competitions.view_entry", entry):
        return ""
    return entry.get_absolute_url()
