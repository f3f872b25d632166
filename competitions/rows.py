"""Rows of the two long lists the contest's speed budget names, rendered in Python.

The judge's entries of a round and a unit's entry list must cost no more than twice
a plain 50-row template page (issue 3). Django's template engine spends most of
such a page on per-row variable lookups, `{% url %}` and filters; building the same
rows with `format_html` (every value escaped) takes a tenth of the time. The
markup stays beside its template (`_judge_round_table.html`, `_entry_table.html`),
which keeps the table head, the empty state and the pagination.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Assignment, Entry

_ENTRY_BADGES = {
    Entry.Status.DRAFT: "text-bg-secondary",
    Entry.Status.SUBMITTED: "text-bg-primary",
    Entry.Status.IN_COMPETITION: "text-bg-info",
    Entry.Status.FINISHED: "text-bg-success",
    Entry.Status.REJECTED: "text-bg-danger",
    Entry.Status.ELIMINATED: "text-bg-warning",
}

_ENTRY_ROW = (
    '<tr data-entry="{pk}"><td class="text-nowrap">{code}</td>'
    '<td><a href="{url}">{title}</a><div class="small text-muted">{team} · {updated_label} {updated}</div></td>'
    '<td class="d-none d-md-table-cell">{lead}</td><td class="d-none d-lg-table-cell small">{category}</td>'
    '<td class="small">{unit}</td>'
    '<td><span class="badge {badge}" data-status="{status}">{status_label}</span>{round}</td></tr>'
)


def entry_rows_html(rows: list[dict]) -> SafeString:
    """`selectors.unit_entry_rows` as table rows."""
    # One reverse() for the list; each row appends its pk.
    detail = reverse("competitions:entry-detail", args=[0]).removesuffix("0/")
    updated_label = _("cập nhật")
    in_competition = Entry.Status.IN_COMPETITION
    return format_html_join(
        "",
        _ENTRY_ROW,
        (
            {
                "pk": row["pk"],
                "code": row["code"] or "—",
                "url": f"{detail}{row['pk']}/",
                "title": row["title"],
                "team": ngettext("%(n)s thành viên", "%(n)s thành viên", row["team_size"]) % {"n": row["team_size"]},
                "updated_label": updated_label,
                "updated": timezone.localtime(row["updated_at"]).strftime("%d/%m/%Y"),
                "lead": row["lead_name"] or "—",
                "category": row["category__name"],
                "unit": row["unit__name"],
                "badge": _ENTRY_BADGES.get(row["status"], "text-bg-light border"),
                "status": row["status"],
                "status_label": row["status_label"],
                "round": format_html('<div class="small text-muted">{}</div>', row["round__name"])
                if row["round__name"] and row["status"] == in_competition
                else "",
            }
            for row in rows
        ),
    )


_JUDGE_ROW = (
    '<a class="list-group-item list-group-item-action py-3" href="{url}" data-assignment="{pk}">'
    '<div class="d-flex justify-content-between align-items-start gap-2"><div>'
    '<div class="fw-semibold">{code}{title}</div><div class="small text-muted">{category}{unit}{stage}</div></div>'
    '<div class="text-end text-nowrap">{badge}<div class="small mt-1">{points}</div></div></div></a>'
)


def judge_rows_html(rows, *, on_stage_id: int | None) -> SafeString:
    """`selectors.judge_assignment_rows` as the judge's list of entries."""
    scorecard = reverse("competitions:judge-scorecard", args=[0]).removesuffix("0/")
    badges = {
        Assignment.Status.SUBMITTED: format_html('<span class="badge text-bg-success">{}</span>', _("Đã nộp phiếu")),
        Assignment.Status.DRAFT: format_html('<span class="badge text-bg-warning">{}</span>', _("Đang chấm")),
        Assignment.Status.ABSTAINED: format_html('<span class="badge text-bg-dark">{}</span>', _("Không chấm")),
    }
    pending = format_html('<span class="badge text-bg-secondary">{}</span>', _("Chưa chấm"))
    stage = format_html(' <span class="badge text-bg-info">{}</span>', _("Đang thuyết trình"))
    points_label, draft_label = _("điểm"), _("điểm (nháp)")

    def points(row) -> str:
        if row["status"] == Assignment.Status.SUBMITTED:
            return format_html("<strong>{}</strong> {}", localize(row["total"]), points_label)
        if row["status"] == Assignment.Status.DRAFT and row["running_total"] is not None:
            return format_html("{} {}", localize(row["running_total"]), draft_label)
        return "—"

    return format_html_join(
        "",
        _JUDGE_ROW,
        (
            {
                "url": f"{scorecard}{row['pk']}/",
                "pk": row["pk"],
                "code": format_html('<span class="text-muted">{}</span> · ', row["entry__code"])
                if row["entry__code"]
                else "",
                "title": row["entry__title"],
                "category": row["entry__category__name"],
                "unit": format_html(" · {}", row["entry__unit__name"]) if row.get("entry__unit__name") else "",
                "stage": stage if on_stage_id and row["entry_id"] == on_stage_id else "",
                "badge": badges.get(row["status"], pending),
                "points": points(row),
            }
            for row in rows
        ),
    )
