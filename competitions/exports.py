"""Excel and PDF outputs of the contest: entries, score matrix, ranking, score sheets, certificates.

Every output reads plain values (`values()` / `values_list()`) in a fixed number of
queries whatever the size of the contest, builds no model instance per row, and
streams its rows into a write-only workbook or a PDF template.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from common.choices import Ethnicity, Gender
from common.excel import build_workbook
from common.formatting import vietnamese_date
from common.pdf import render_pdf

from . import selectors
from .models import (
    Assignment,
    Award,
    Contest,
    Criterion,
    Entry,
    Judge,
    Round,
    RoundDecisionException,
    Score,
    TeamMember,
)

# --- helpers --------------------------------------------------------------------------


def tie_break_text() -> str:
    """The published tie-break order, in the order `selectors.round_ranking` applies it."""
    labels = {
        "mean": _("điểm trung bình cao hơn"),
        "median": _("trung vị cao hơn"),
        "scored": _("nhiều phiếu chấm hơn"),
        "code": _("mã bài nhỏ hơn"),
    }
    return " → ".join(labels[key] for key in selectors.TIE_BREAK)


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


# --- entries (Excel) ------------------------------------------------------------------


def entries_workbook(*, entries) -> bytes:
    """Every entry of `entries` with its team lead, in two queries.

    Submitted entries come first by code, drafts (which have no code yet) after.
    """
    statuses = _labels(Entry.Status.choices)
    genders = _labels(Gender.choices)
    ethnicities = _labels(Ethnicity.choices)
    leads = {
        row["entry_id"]: row
        for row in TeamMember.objects.filter(role=TeamMember.Role.LEAD, entry__in=entries.values("pk")).values(
            "entry_id",
            "entrepreneur__full_name",
            "entrepreneur__date_of_birth",
            "entrepreneur__gender",
            "entrepreneur__ethnicity",
            "entrepreneur__phone",
        )
    }
    headers = [
        _("STT"),
        _("Mã bài"),
        _("Tên ý tưởng, dự án"),
        _("Lĩnh vực"),
        _("Đơn vị gửi bài"),
        _("Trạng thái"),
        _("Vòng hiện tại"),
        _("Trưởng nhóm"),
        _("Ngày sinh"),
        _("Giới tính"),
        _("Dân tộc"),
        _("Số điện thoại"),
        _("Số thành viên"),
        _("Vốn cần huy động (đồng)"),
        _("Nộp lúc"),
        _("Lý do không đủ điều kiện"),
    ]
    queryset = (
        entries.annotate(
            team_size=Count("team"),
            unnumbered=Case(When(code="", then=Value(1)), default=Value(0), output_field=IntegerField()),
        )
        .order_by("unnumbered", "code", "pk")
        .values_list(
            "pk",
            "code",
            "title",
            "category__name",
            "unit__name",
            "status",
            "round__name",
            "team_size",
            "capital_needed",
            "submitted_at",
            "rejection_reason",
            named=True,
        )
    )

    def rows() -> Iterator[list]:
        empty: dict = {}
        for number, entry in enumerate(queryset.iterator(chunk_size=2000), start=1):
            lead = leads.get(entry.pk, empty)
            yield [
                number,
                entry.code,
                entry.title,
                entry.category__name,
                entry.unit__name,
                statuses.get(entry.status, entry.status),
                entry.round__name or "",
                lead.get("entrepreneur__full_name", ""),
                lead.get("entrepreneur__date_of_birth"),
                genders.get(lead.get("entrepreneur__gender"), ""),
                ethnicities.get(lead.get("entrepreneur__ethnicity"), ""),
                lead.get("entrepreneur__phone", ""),
                entry.team_size,
                entry.capital_needed,
                entry.submitted_at,
                entry.rejection_reason,
            ]

    return build_workbook(
        title=_("Bài dự thi"),
        headers=headers,
        rows=rows(),
        widths=[6, 11, 40, 24, 28, 20, 18, 24, 12, 9, 11, 13, 10, 18, 16, 36],
    )


# --- the score matrix of a round (Excel) ----------------------------------------------

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
    and rank. Above the entries: the round's title, the judges, the criteria and
    their maxima. An abstention reads "Không chấm"; a missing scorecard is blank."""
    matrix = score_matrix(round=round)
    criteria, judges = matrix.criteria, matrix.judges
    block = len(criteria) + 1
    tail = [_("Điểm trung bình"), _("Trung vị"), _("Chênh lệch (cao − thấp)"), _("Xếp hạng")]
    width = 4 + block * len(judges) + len(tail)
    title = _("Bảng tổng hợp điểm: %(round)s – %(contest)s") % {
        "round": matrix.round_name,
        "contest": matrix.contest_name,
    }
    headers = [title] + [""] * (width - 1)

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

    def rows() -> Iterator[list]:
        yield judge_row
        yield criteria_row
        yield maxima_row
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

    return build_workbook(
        title=matrix.round_name,
        headers=headers,
        rows=rows(),
        widths=[6, 11, 40, 26] + [12] * (block * len(judges)) + [14, 11, 14, 9],
    )


# --- ranking (Excel and PDF) ----------------------------------------------------------


@dataclass
class RankingExport:
    contest_name: str
    round_name: str
    rows: list[selectors.RankingRow]
    disagreement: Decimal
    max_total: Decimal
    tie_break: str
    day: datetime.date
    exception: RoundDecisionException | None = None

    @property
    def exception_text(self) -> str:
        """The sentence the printed ranking and the workbook state when staff decided with scorecards missing."""
        if self.exception is None:
            return ""
        person = self.exception.decided_by
        return _(
            "Chốt kết quả khi còn thiếu phiếu chấm: %(entries)s — lý do: %(reason)s — người quyết định: %(who)s, "
            "ngày %(when)s."
        ) % {
            "entries": self.exception.entry_codes,
            "reason": self.exception.reason,
            "who": (person.get_full_name() or person.username) if person else "—",
            "when": timezone.localtime(self.exception.decided_at).strftime("%d/%m/%Y"),
        }


def ranking_export(*, round: Round) -> RankingExport:
    """The round's ranking as staff see it, plus what the printed sheet states. Five queries."""
    criteria = list(round.criteria.values_list("max_points", "weight"))
    max_total = sum((m * w for m, w in criteria), Decimal(0))
    return RankingExport(
        contest_name=round.contest.name,
        round_name=round.name,
        rows=selectors.round_ranking(round=round),
        disagreement=(max_total / 4).quantize(Decimal("0.01")),
        max_total=max_total,
        tie_break=tie_break_text(),
        day=timezone.localdate(),
        exception=RoundDecisionException.objects.filter(round=round).select_related("decided_by").first(),
    )


def round_ranking_workbook(*, round: Round) -> bytes:
    data = ranking_export(round=round)
    headers = [
        _("Xếp hạng"),
        _("Mã bài"),
        _("Tên ý tưởng, dự án"),
        _("Đơn vị gửi bài"),
        _("Phiếu đã chấm"),
        _("Không chấm"),
        _("Còn thiếu"),
        _("Điểm trung bình"),
        _("Trung vị"),
        _("Chênh lệch (cao − thấp)"),
        _("Chênh lệch lớn"),
        _("Điểm chuẩn hoá (tham khảo)"),
    ]

    def rows() -> Iterator[list]:
        for row in data.rows:
            flagged = row.spread is not None and row.spread > data.disagreement
            yield [
                row.rank if row.mean is not None else None,
                row.code,
                row.title,
                row.unit_name,
                row.scored,
                row.abstained,
                row.missing,
                row.mean,
                row.median,
                row.spread,
                "x" if flagged else "",
                row.normalised,
            ]

    notes = [
        (_("Mục"), _("Nội dung")),
        (_("Cuộc thi"), data.contest_name),
        (_("Vòng thi"), data.round_name),
        (_("Điểm tối đa"), data.max_total),
        (_("Thứ tự xét khi bằng điểm"), data.tie_break),
        (_("Chênh lệch lớn"), _("Chênh lệch giữa các giám khảo trên %(limit)s điểm") % {"limit": data.disagreement}),
        (_("Điểm chuẩn hoá"), _("Chỉ để tham khảo; không thay cho xếp hạng theo điểm trung bình.")),
        (_("Ngày xuất"), data.day),
    ]
    if data.exception is not None:
        notes.append((_("Chốt kết quả khi thiếu phiếu"), data.exception_text))
    return build_workbook(
        title=_("Xếp hạng"),
        headers=headers,
        rows=rows(),
        widths=[9, 11, 40, 26, 10, 10, 10, 14, 11, 14, 10, 14],
        extra_sheets={_("Ghi chú"): notes},
    )


def round_ranking_pdf(*, round: Round) -> bytes:
    data = ranking_export(round=round)
    return render_pdf(
        "competitions/pdf/ranking.html",
        {"ranking": data, "province": settings.PORTAL_PROVINCE, "place_date": vietnamese_date(data.day)},
    )


# --- score sheets (PDF) ---------------------------------------------------------------


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
    """One A4 page per sheet, dated the day the judge submitted it (today if not yet)."""
    today = timezone.localdate()
    pages = [
        {
            "sheet": sheet,
            "place_date": vietnamese_date(timezone.localdate(sheet.submitted_at) if sheet.submitted_at else today),
        }
        for sheet in sheets
    ]
    return render_pdf("competitions/pdf/scoresheets.html", {"pages": pages, "province": settings.PORTAL_PROVINCE})


# --- prize certificates (PDF) ---------------------------------------------------------


@dataclass
class Certificate:
    prize_name: str
    amount: int
    entry_title: str
    unit_name: str
    lead_name: str = ""
    members: list[str] = field(default_factory=list)


def certificates(*, contest: Contest) -> list[Certificate]:
    """One certificate per award, highest prize first; two queries."""
    awards = list(
        Award.objects.filter(tier__contest=contest)
        .order_by("tier__rank", "entry__code", "pk")
        .values_list("entry_id", "tier__name", "tier__amount", "entry__title", "entry__unit__name")
    )
    by_entry = {
        entry_id: Certificate(prize_name=tier, amount=amount, entry_title=title, unit_name=unit)
        for entry_id, tier, amount, title, unit in awards
    }
    for entry_id, role, name in (
        TeamMember.objects.filter(entry_id__in=by_entry)
        .order_by("entry_id", "role", "pk")
        .values_list("entry_id", "role", "entrepreneur__full_name")
    ):
        certificate = by_entry[entry_id]
        if role == TeamMember.Role.LEAD:
            certificate.lead_name = name
        else:
            certificate.members.append(name)
    return [by_entry[entry_id] for entry_id, *_rest in awards]


def certificates_pdf(*, contest: Contest, certificates: list[Certificate]) -> bytes:
    """A4 landscape, one page per award, dated the day results were published (today if not yet)."""
    day = timezone.localdate(contest.results_published_at) if contest.results_published_at else timezone.localdate()
    return render_pdf(
        "competitions/pdf/certificates.html",
        {
            "contest": contest,
            "certificates": certificates,
            "province": settings.PORTAL_PROVINCE,
            "place_date": vietnamese_date(day),
        },
    )
