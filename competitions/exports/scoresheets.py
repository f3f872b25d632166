"""Judges' score sheets of a round or one scorecard, as PDF."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.branding import document_issuer
from accounts.models import Unit
from common.formatting import vietnamese_date
from common.pdf import render_pdf

from ..models import Assignment, Criterion, Score, TeamMember


@dataclass
class ScoreLine:
    name: str
    max_points: Decimal
    weight: Decimal
    points: Decimal | None
    comment: str


@dataclass
class ScoreSheet:
    """One judge's score sheet (phiếu chấm) for one entry, as printed and signed."""

    contest_name: str
    round_name: str
    is_blind: bool
    entry_code: str
    entry_title: str
    unit_name: str
    team: list[str]
    judge_name: str
    judge_title: str
    status: str
    abstain_reason: str
    total: Decimal | None
    submitted_at: datetime.datetime | None
    lines: list[ScoreLine] = field(default_factory=list)
    owner_id: int | None = None  # the unit running the contest, which issues the sheet

    @property
    def is_abstained(self) -> bool:
        return self.status == Assignment.Status.ABSTAINED

    @property
    def max_total(self) -> Decimal:
        return sum((line.max_points * line.weight for line in self.lines), Decimal(0))

    @property
    def has_weights(self) -> bool:
        return any(line.weight != 1 for line in self.lines)


def scoresheets(*, assignments) -> list[ScoreSheet]:
    """The sheets of `assignments` (a queryset), in entry-code then judge order.

    Three queries, or four when a round is not blind (the team is printed then):
    assignments, criteria, scores, team members. Blind rounds print neither the
    team nor the unit, as the judge saw the entry.
    """
    rows = list(
        assignments.order_by("entry__code", "judge__user__full_name", "pk").values(
            "pk",
            "round_id",
            "round__name",
            "round__is_blind",
            "round__contest__name",
            "round__contest__owner_id",
            "entry_id",
            "entry__code",
            "entry__title",
            "entry__unit__name",
            "judge__user__full_name",
            "judge__user__username",
            "judge__title",
            "status",
            "abstain_reason",
            "total",
            "submitted_at",
        )
    )
    if not rows:
        return []
    criteria: dict[int, list[dict]] = defaultdict(list)
    for row in (
        Criterion.objects.filter(round_id__in={r["round_id"] for r in rows})
        .order_by("order", "pk")
        .values("pk", "round_id", "name", "max_points", "weight")
    ):
        criteria[row["round_id"]].append(row)
    scores = {
        (assignment_id, criterion_id): (points, comment)
        for assignment_id, criterion_id, points, comment in Score.objects.filter(
            assignment__in=assignments.values("pk")
        ).values_list("assignment_id", "criterion_id", "points", "comment")
    }
    teams: dict[int, list[str]] = defaultdict(list)
    open_entries = {r["entry_id"] for r in rows if not r["round__is_blind"]}
    if open_entries:
        for entry_id, name in (
            TeamMember.objects.filter(entry_id__in=open_entries)
            .order_by("entry_id", "role", "pk")
            .values_list("entry_id", "entrepreneur__full_name")
        ):
            teams[entry_id].append(name)
    sheets = []
    for row in rows:
        blind = row["round__is_blind"]
        sheet = ScoreSheet(
            contest_name=row["round__contest__name"],
            round_name=row["round__name"],
            is_blind=blind,
            entry_code=row["entry__code"],
            entry_title=row["entry__title"],
            unit_name="" if blind else row["entry__unit__name"],
            team=[] if blind else teams[row["entry_id"]],
            judge_name=row["judge__user__full_name"] or row["judge__user__username"],
            judge_title=row["judge__title"],
            status=row["status"],
            abstain_reason=row["abstain_reason"],
            total=row["total"] if row["status"] == Assignment.Status.SUBMITTED else None,
            submitted_at=row["submitted_at"],
            owner_id=row["round__contest__owner_id"],
        )
        for criterion in criteria[row["round_id"]]:
            points, comment = scores.get((row["pk"], criterion["pk"]), (None, ""))
            sheet.lines.append(
                ScoreLine(
                    name=criterion["name"],
                    max_points=criterion["max_points"],
                    weight=criterion["weight"],
                    points=points,
                    comment=comment,
                )
            )
        sheets.append(sheet)
    return sheets


def scoresheets_pdf(*, sheets: list[ScoreSheet]) -> bytes:
    """One A4 page per sheet, dated the day the judge submitted it (today if not yet), issued
    by the unit running its contest."""
    today = timezone.localdate()
    owners = Unit.objects.in_bulk({sheet.owner_id for sheet in sheets if sheet.owner_id})
    issuers = {owner_id: document_issuer(owner) for owner_id, owner in owners.items()}
    pages = [
        {
            "sheet": sheet,
            "issuer": issuers.get(sheet.owner_id) or document_issuer(None),
            "place_date": vietnamese_date(timezone.localdate(sheet.submitted_at) if sheet.submitted_at else today),
        }
        for sheet in sheets
    ]
    return render_pdf("competitions/pdf/scoresheets.html", {"pages": pages})
