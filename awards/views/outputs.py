"""Staff downloads of a programme's outcome: the honour list (Excel, PDF) and the certificates (PDF).

Only the staff of the unit that runs the programme (`awards.manage_programme`) may
download them: the honour list carries years of birth, ethnicity and revenue, which the
public honour roll does not show.
Each view fetches its programme, hands it to `awards.exports` and wraps the bytes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from rules.contrib.views import permission_required

from common.excel import xlsx_response
from common.pdf import pdf_response

from .. import exports
from .base import MANAGE, managed_programme_or_404


def _stamp() -> str:
    return f"{timezone.localdate():%Y%m%d}"


@login_required
@permission_required(MANAGE, raise_exception=True)
def honour_list_export(request, programme_pk: int):
    programme = managed_programme_or_404(request.user, programme_pk)
    content = exports.honour_list_workbook(programme=programme)
    return xlsx_response(content, filename=f"danh-sach-tuyen-duong-{programme.slug}-{_stamp()}.xlsx")


@login_required
@permission_required(MANAGE, raise_exception=True)
def honour_list_pdf(request, programme_pk: int):
    programme = managed_programme_or_404(request.user, programme_pk)
    content = exports.honour_list_pdf(programme=programme)
    return pdf_response(content, filename=f"danh-sach-tuyen-duong-{programme.slug}.pdf", inline=True)


@login_required
@permission_required(MANAGE, raise_exception=True)
def certificates_pdf(request, programme_pk: int):
    """Every honouree's certificate in one file, a page each; once staff name who signs."""
    programme = managed_programme_or_404(request.user, programme_pk)
    certificates = exports.honourees(programme=programme)
    if not certificates:
        messages.warning(request, _("Chưa có ai được tuyên dương nên chưa có giấy chứng nhận để in."))
        return redirect(programme)
    if not programme.has_signer:
        messages.warning(
            request,
            _("Ghi người ký và chức vụ (trang “Ghi quyết định”) trước khi in giấy chứng nhận."),
        )
        return redirect("awards:programme-decision", programme_pk=programme.pk)
    content = exports.certificates_pdf(programme=programme, certificates=certificates)
    return pdf_response(content, filename=f"giay-chung-nhan-{programme.slug}.pdf", inline=True)
