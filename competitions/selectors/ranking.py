"""A scoring round's ranking: judges' totals aggregated per entry, with the tie-break order."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from ..models import Assignment, Entry, Round

TWO_PLACES = Decimal("0.01")


@dataclass
class RankingRow:
    entry_id: int
    code: str
    title: str
    unit_name: str
    totals: list[Decimal] = field(default_factory=list)
    assigned: int = 0
    abstained: int = 0
    mean: Decimal | None = None
    median: Decimal | None = None
    spread: Decimal | None = None
    normalised: float | None = None
    rank: int = 0
    submitted_first_at: object = None

    @property
    def missing(self) -> int:
        return self.assigned - self.abstained - len(self.totals)

    @property
    def scored(self) -> int:
        return len(self.totals)


# Ties are broken in this order, and the page says so.
TIE_BREAK = ("mean", "median", "scored", "code")


def _quantize(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def round_ranking(*, round: Round) -> list[RankingRow]:
    """Every entry of a scoring round with its mean, median and spread of judges' totals.

    Ranked by mean, then median, then more scorecards, then entry code; entries with
    no submitted scorecard rank last. `normalised` is each entry's mean z-score
    across its judges (each judge's totals centred on their own mean and scaled by
    their own spread), shown beside the raw ranking, never instead of it.
    Three queries whatever the size of the round.
    """
    entries = Entry.objects.filter(Q(round=round) | Q(round_results__round=round)).distinct()
    rows = {
        e["pk"]: RankingRow(entry_id=e["pk"], code=e["code"], title=e["title"], unit_name=e["unit__name"])
        for e in entries.values("pk", "code", "title", "unit__name")
    }
    per_judge: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for entry_id, judge_id, status, total in Assignment.objects.filter(round=round).values_list(
        "entry_id", "judge_id", "status", "total"
    ):
        row = rows.get(entry_id)
        if row is None:
            continue
        row.assigned += 1
        if status == Assignment.Status.ABSTAINED:
            row.abstained += 1
        elif status == Assignment.Status.SUBMITTED:
            row.totals.append(total)
            per_judge[judge_id].append((entry_id, total))
    z_scores: dict[int, list[float]] = defaultdict(list)
    for scored in per_judge.values():
        values = [float(t) for _e, t in scored]
        centre = statistics.fmean(values)
        scale = statistics.pstdev(values) if len(values) > 1 else 0.0
        for entry_id, total in scored:
            z_scores[entry_id].append((float(total) - centre) / scale if scale else 0.0)
    for row in rows.values():
        if row.totals:
            row.mean = _quantize(sum(row.totals) / len(row.totals))
            row.median = _quantize(statistics.median(row.totals))
            row.spread = max(row.totals) - min(row.totals)
        if z_scores.get(row.entry_id):
            # `round` is the Round argument here, so format instead of calling round().
            row.normalised = float(f"{statistics.fmean(z_scores[row.entry_id]):.3f}")
    ranked = sorted(
        rows.values(),
        key=lambda r: (
            r.mean is None,
            -(r.mean or 0),
            -(r.median or 0),
            -r.scored,
            r.code,
        ),
    )
    for position, row in enumerate(ranked, start=1):
        row.rank = position
    return ranked


def high_disagreement_threshold(*, round: Round) -> Decimal:
    """A spread of judges' totals above a quarter of the maximum total is flagged."""
    maximum = sum((c.max_points * c.weight for c in round.criteria.all()), Decimal(0))
    return _quantize(maximum / 4)


# --- completeness: is the round ready to be decided? ------------------------------------


@dataclass
class MissingScorecards:
    """An entry of a round with fewer submitted scorecards than the round asks for."""

    entry_id: int
    code: str
    title: str
    submitted: int
    required: int
    # Judges assigned whose scorecard is not in yet (not started or a draft).
    pending_judges: list[str] = field(default_factory=list)
    # Judges who declined or declared a conflict; they count only once a replacement submitted.
    abstained_judges: list[str] = field(default_factory=list)

    @property
    def unassigned(self) -> int:
        """Seats no judge holds yet: required, less the submitted and the pending ones."""
        return max(self.required - self.submitted - len(self.pending_judges), 0)


def round_missing_scorecards(*, round: Round) -> list[MissingScorecards]:
    """Entries of a scoring round that lack submitted scorecards, by entry code.

    An entry is complete when it has `round.judges_per_entry` SUBMITTED scorecards;
    an abstention does not count (it is replaced by assigning another judge, whose
    card then counts once submitted). The entries are those in the round now, or,
    once it is decided, those it decided. Two queries whatever the size of the round.
    """
    entries = Entry.objects.filter(Q(round=round) | Q(round_results__round=round)).exclude(
        status__in=[Entry.Status.DRAFT, Entry.Status.WITHDRAWN, Entry.Status.REJECTED]
    )
    rows = {
        e["pk"]: MissingScorecards(
            entry_id=e["pk"], code=e["code"], title=e["title"], submitted=0, required=round.judges_per_entry
        )
        for e in entries.distinct().values("pk", "code", "title")
    }
    cards = Assignment.objects.filter(round=round, entry_id__in=list(rows)).order_by("judge__user__full_name", "pk")
    for entry_id, status, name, username in cards.values_list(
        "entry_id", "status", "judge__user__full_name", "judge__user__username"
    ):
        row = rows[entry_id]
        if status == Assignment.Status.SUBMITTED:
            row.submitted += 1
        elif status == Assignment.Status.ABSTAINED:
            row.abstained_judges.append(name or username)
        else:
            row.pending_judges.append(name or username)
    missing = [row for row in rows.values() if row.submitted < row.required]
    return sorted(missing, key=lambda r: (r.code, r.entry_id))
