"""The score matrix of a round (Excel): every judge's points on every criterion."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from common.excel import DECIMAL, PLAIN, Sheet, write_workbook

from .. import selectors
from ..models import Assignment, Criterion, Judge, Round

ABSTAINED_TEXT = "Không chấm"


@dataclass
class ScoreMatrix:
    """A round's scores, entries × judges × criteria, as a judging committee lays them out."""

    round_name: str
    contest_name: str
    criteria: list[dict]
    judges: list[dict]
    ranking: list[selectors.RankingRow]
    # (entry id, judge id) -> {"status", "total", "points": {criterion id: points}}
    cells: dict[tuple[int, int], dict]

    @property
    def max_total(self) -> Decimal:
        return sum((c["max_points"] * c["weight"] for c in self.criteria), Decimal(0))


def score_matrix(*, round: Round) -> ScoreMatrix:
    """Five queries: entries and assignments (through the ranking), scores joined
    through their assignments, criteria, judges. Draft scores are left out: a cell
    holds points only once the judge has submitted the scorecard."""
    ranking = selectors.round_ranking(round=round)
    criteria = list(
        Criterion.objects.filter(round=round).order_by("order", "pk").values("pk", "name", "max_points", "weight")
    )
    judges = list(
        Judge.objects.filter(assignments__round=round)
        .distinct()
        .order_by("user__full_name", "user__username", "pk")
        .values("pk", "user__full_name", "user__username", "title")
    )
    cells: dict[tuple[int, int], dict] = {}
    rows = Assignment.objects.filter(round=round).values_list(
        "entry_id", "judge_id", "status", "total", "scores__criterion_id", "scores__points"
    )
    for entry_id, judge_id, status, total, criterion_id, points in rows.iterator(chunk_size=5000):
        cell = cells.get((entry_id, judge_id))
        if cell is None:
            cell = cells[entry_id, judge_id] = {"status": status, "total": total, "points": {}}
        if criterion_id is not None and status == Assignment.Status.SUBMITTED:
            cell["points"][criterion_id] = points
    return ScoreMatrix(
        round_name=round.name,
        contest_name=round.contest.name,
        criteria=criteria,
        judges=judges,
        ranking=ranking,
        cells=cells,
    )


def _judge_name(row: dict) -> str:
    return row["user__full_name"] or row["user__username"]


def round_matrix_workbook(*, round: Round) -> bytes:
    """The score matrix: one row per entry (by code), a block of columns per judge
    (one per criterion, then the judge's weighted total), then mean, median, spread
    and rank. Above the entries: the round's title, then three header rows (the judges,
    each merged over its block; the criteria; their maxima), frozen with the entry's
    number, code and title, and repeated on every printed page. An abstention reads
    "Không chấm"; a missing scorecard is blank."""
    matrix = score_matrix(round=round)
    criteria, judges = matrix.criteria, matrix.judges
    block = len(criteria) + 1
    tail = [_("Điểm trung bình"), _("Trung vị"), _("Chênh lệch (cao − thấp)"), _("Xếp hạng")]
    title = _("Bảng tổng hợp điểm: %(round)s – %(contest)s") % {
        "round": matrix.round_name,
        "contest": matrix.contest_name,
    }

    def criterion_label(c: dict) -> str:
        if c["weight"] == 1:
            return c["name"]
        return _("%(name)s (hệ số %(weight)s)") % {"name": c["name"], "weight": c["weight"].normalize()}

    judge_row = [_("STT"), _("Mã bài"), _("Tên ý tưởng, dự án"), _("Đơn vị gửi bài")]
    criteria_row = ["", "", "", ""]
    maxima_row = ["", "", "", _("Điểm tối đa")]
    for number, judge in enumerate(judges, start=1):
        judge_row += [_("Giám khảo %(n)d: %(name)s") % {"n": number, "name": _judge_name(judge)}] + [""] * (block - 1)
        criteria_row += [criterion_label(c) for c in criteria] + [_("Tổng")]
        maxima_row += [c["max_points"] for c in criteria] + [matrix.max_total]
    judge_row += tail
    criteria_row += [""] * len(tail)
    maxima_row += [""] * len(tail)
    rank_column = len(judge_row) - 1

    def rows() -> Iterator[list]:
        for number, entry in enumerate(sorted(matrix.ranking, key=lambda r: (r.code, r.entry_id)), start=1):
            line: list = [number, entry.code, entry.title, entry.unit_name]
            for judge in judges:
                cell = matrix.cells.get((entry.entry_id, judge["pk"]))
                if cell is None or cell["status"] not in (Assignment.Status.SUBMITTED, Assignment.Status.ABSTAINED):
                    line += [None] * block
                elif cell["status"] == Assignment.Status.ABSTAINED:
                    line += [None] * len(criteria) + [ABSTAINED_TEXT]
                else:
                    line += [cell["points"].get(c["pk"]) for c in criteria] + [cell["total"]]
            line += [entry.mean, entry.median, entry.spread, entry.rank if entry.mean is not None else None]
            yield line

    # Points are decimals: every score column shows two places, so 92 reads 92.00 beside 91.75.
    score_columns = dict.fromkeys(range(4, rank_column), DECIMAL)
    return write_workbook(
        [
            Sheet(
                title=matrix.round_name,
                caption=[title],
                headers=[judge_row, criteria_row, maxima_row],
                rows=rows(),
                key_columns=3,
                formats={0: PLAIN, **score_columns, rank_column: PLAIN},
            )
        ]
    )
