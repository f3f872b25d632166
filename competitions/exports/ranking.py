"""A round's ranking as Excel and PDF, with the published tie-break order."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.branding import document_issuer
from common.excel import DECIMAL, PLAIN, build_workbook
from common.formatting import vietnamese_date
from common.pdf import render_pdf

from .. import selectors
from ..models import Round, RoundDecisionException


def tie_break_text() -> str:
    """The published tie-break order, in the order `selectors.round_ranking` applies it."""
    labels = {
        "mean": _("điểm trung bình cao hơn"),
        "median": _("trung vị cao hơn"),
        "scored": _("nhiều phiếu chấm hơn"),
        "code": _("mã bài nhỏ hơn"),
    }
    return " → ".join(labels[key] for key in selectors.TIE_BREAK)


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
        key_columns=3,
        formats={0: PLAIN, 7: DECIMAL, 8: DECIMAL, 9: DECIMAL, 11: DECIMAL},
        extra_sheets={_("Ghi chú"): notes},
    )


def round_ranking_pdf(*, round: Round) -> bytes:
    data = ranking_export(round=round)
    return render_pdf(
        "competitions/pdf/ranking.html",
        {"ranking": data, "issuer": document_issuer(round.contest.owner), "place_date": vietnamese_date(data.day)},
    )
