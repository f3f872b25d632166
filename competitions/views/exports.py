"""Downloads: entries, score matrix and ranking (Excel), ranking, score sheets and certificates (PDF).

The staff who run a contest (`competitions.manage_contest` on it) may download everything of
it; a judge may download
only the score sheets they submitted themselves. Each view fetches its object,
hands it to `competitions.exports` and wraps the bytes in a response.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from common.excel import xlsx_response
from common.pdf import pdf_response

from .. import exports
from ..models import Assignment, Contest, Entry
from .staff.base import contest_or_404, round_or_404

MANAGE = "competitions.manage_contest"
MAX_SHEETS_PER_PDF = 300


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


@login_required
@permission_required(MANAGE, raise_exception=True)
def contest_entries_export(request, contest_pk: int):
    contest = contest_or_404(contest_pk, user=request.user)
    entries = Entry.objects.visible_to(request.user).filter(contest=contest)
    content = exports.entries_workbook(entries=entries)
    return xlsx_response(content, filename=f"bai-du-thi-{contest.slug}-{_stamp()}.xlsx")


@login_required
@permission_required(MANAGE, raise_exception=True)
def round_matrix_export(request, pk: int):
    round = round_or_404(pk, user=request.user)
    content = exports.round_matrix_workbook(round=round)
    return xlsx_response(content, filename=f"bang-diem-{round.contest.slug}-vong-{round.order}-{_stamp()}.xlsx")


@login_required
@permission_required(MANAGE, raise_exception=True)
def round_ranking_export(request, pk: int):
    round = round_or_404(pk, user=request.user)
    content = exports.round_ranking_workbook(round=round)
    return xlsx_response(content, filename=f"xep-hang-{round.contest.slug}-vong-{round.order}-{_stamp()}.xlsx")


@login_required
@permission_required(MANAGE, raise_exception=True)
def round_ranking_pdf(request, pk: int):
    round = round_or_404(pk, user=request.user)
    content = exports.round_ranking_pdf(round=round)
    return pdf_response(content, filename=f"xep-hang-{round.contest.slug}-vong-{round.order}.pdf", inline=True)


@login_required
def assignment_scoresheet_pdf(request, pk: int):
    """A judge's signed score sheet: staff may print any of a contest they run; a judge only
    their own, once submitted.

    Anything else is a 404, so nobody learns which sheets exist by trying numbers.
    """
    user = request.user
    run = Q(round__contest__in=Contest.objects.run_by(user)) if user.has_perm(MANAGE) else Q(pk__in=[])
    own = Q(judge__user=user, status=Assignment.Status.SUBMITTED)
    assignments = Assignment.objects.filter(run | own, pk=pk)
    sheets = exports.scoresheets(assignments=assignments)
    if not sheets:
        raise Http404
    content = exports.scoresheets_pdf(sheets=sheets)
    return pdf_response(content, filename=f"phieu-cham-{slugify(sheets[0].entry_code) or pk}-{pk}.pdf", inline=True)


@login_required
@permission_required(MANAGE, raise_exception=True)
def round_scoresheets_pdf(request, pk: int):
    """Every submitted sheet of a round, a page each; `?judge=<id>` prints one judge's sheets.

    A round with more sheets than fit one request is printed judge by judge.
    """
    round = round_or_404(pk, user=request.user)
    assignments = Assignment.objects.filter(round=round, status=Assignment.Status.SUBMITTED)
    judge = request.GET.get("judge", "")
    if judge.isdigit():
        assignments = assignments.filter(judge_id=int(judge))
    count = assignments.count()
    if count > MAX_SHEETS_PER_PDF:
        # About 70 ms a page: a bigger file would outlast the request timeout.
        return HttpResponseBadRequest(
            _("Vòng có %(count)d phiếu chấm, quá %(max)d phiếu cho một tệp PDF. Hãy in theo từng giám khảo.")
            % {"count": count, "max": MAX_SHEETS_PER_PDF},
            content_type="text/plain; charset=utf-8",
        )
    sheets = exports.scoresheets(assignments=assignments)
    if not sheets:
        raise Http404("no submitted score sheets")
    content = exports.scoresheets_pdf(sheets=sheets)
    return pdf_response(content, filename=f"phieu-cham-{round.contest.slug}-vong-{round.order}.pdf", inline=True)


@login_required
@permission_required(MANAGE, raise_exception=True)
def prize_certificates_pdf(request, contest_pk: int):
    contest = contest_or_404(contest_pk, user=request.user)
    certificates = exports.certificates(contest=contest)
    if not certificates:
        messages.warning(request, _("Chưa trao giải nào nên chưa có giấy chứng nhận để in."))
        return redirect("competitions:prize-assign", contest_pk=contest.pk)
    if contest.results_published_at is None:
        messages.warning(
            request,
            _("Công bố kết quả trước khi in giấy chứng nhận: số và mã xác minh của giấy được cấp khi công bố."),
        )
        return redirect("competitions:prize-assign", contest_pk=contest.pk)
    if not contest.has_signer:
        messages.warning(
            request,
            _("Ghi người ký và chức vụ của cuộc thi (trang quản trị, mục “Giấy chứng nhận”) trước khi in."),
        )
        return redirect("competitions:prize-assign", contest_pk=contest.pk)
    content = exports.certificates_pdf(contest=contest, certificates=certificates)
    return pdf_response(content, filename=f"giay-chung-nhan-{contest.slug}.pdf", inline=True)
